"""Reading inputs: documents left unparsed (for ``gwr score --jobs`` workers) parse to exactly what reading
them directly gives, failures included."""

from __future__ import annotations

from model.text.inputs import InputFailure, UnparsedDocument, iter_documents
from tests.conftest import RAW, ROOT


def test_unparsed_documents_parse_to_the_documents(tmp_path):
    broken = tmp_path / "mixed.jsonl"
    broken.write_text('{"id": "a", "text": "加快建设科技强市。"}\n{"text": 5}\nnot json\n{"id": "b", "text": " "}\n',
                      encoding="utf-8")
    inputs = [str(RAW / "local_excerpts.jsonl"), str(RAW / "seeds"), str(ROOT / "tests" / "data" / "bad"),
              str(broken)]
    direct = list(iter_documents(inputs))
    deferred = list(iter_documents(inputs, parse=False))
    assert len(deferred) == len(direct)
    assert any(isinstance(d, UnparsedDocument) for d in deferred)
    assert any(isinstance(d, InputFailure) for d in deferred)  # read failures are known before parsing
    parsed = [d.parse() if isinstance(d, UnparsedDocument) else d for d in deferred]
    assert parsed == direct
    # the id is known before parsing (``--resume`` skips by it), and parsing keeps it
    assert all(p.doc_id == d.doc_id for d, p in zip(deferred, parsed) if not isinstance(p, InputFailure))
