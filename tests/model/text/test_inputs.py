"""Reading inputs: documents left unparsed (for ``gwr score --jobs`` workers) parse to exactly what reading
them directly gives, failures included; a folder walk reports what cannot be a report and skips the outputs."""

from __future__ import annotations

from pathlib import Path

import pytest

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


def test_a_folder_walk_reports_what_cannot_be_a_report_and_leaves_out_the_outputs(tmp_path):
    import os

    from model.text.inputs import InputFailure, iter_report_files

    folder = tmp_path / "reports"
    (folder / "sub").mkdir(parents=True)
    (folder / "a.txt").write_text("加快建设科技强市。", encoding="utf-8")
    (folder / "sub" / "b.html").write_text("<p>建设城市。</p>", encoding="utf-8")
    (folder / "notes.md").write_text("not a report", encoding="utf-8")
    os.symlink(tmp_path / "gone.txt", folder / "dangling.txt")
    os.mkfifo(folder / "pipe.txt")
    out = folder / "scores.jsonl"
    out.write_text("", encoding="utf-8")
    errors = folder / "errors.jsonl"
    errors.write_text("", encoding="utf-8")

    found = list(iter_report_files([str(folder)], exclude=[str(out), errors]))
    files = [item[1] for item in found if not isinstance(item, InputFailure)]
    failures = {Path(item.input).name: item for item in found if isinstance(item, InputFailure)}
    assert files == ["a.txt", "sub/b.html"]
    assert set(failures) == {"dangling.txt", "pipe.txt"}
    assert "dangling link" in failures["dangling.txt"].detail and "gone.txt" in failures["dangling.txt"].detail
    assert failures["pipe.txt"].detail == "not a regular file (a FIFO)"
    assert all(f.error == "unreadable" for f in failures.values())
    # without the exclusion the outputs are walked like any JSONL input
    assert {"scores.jsonl", "errors.jsonl"} <= {item[1] for item in iter_report_files([str(folder)])
                                                 if not isinstance(item, InputFailure)}


def test_a_folder_that_cannot_be_listed_is_reported(tmp_path):
    import os

    from model.text.inputs import InputFailure, iter_report_files

    if os.geteuid() == 0:
        pytest.skip("root lists every folder")
    folder = tmp_path / "reports"
    (folder / "closed").mkdir(parents=True)
    (folder / "a.txt").write_text("加快建设科技强市。", encoding="utf-8")
    (folder / "closed").chmod(0)
    try:
        found = list(iter_report_files([str(folder)]))
    finally:
        (folder / "closed").chmod(0o755)
    failures = [f for f in found if isinstance(f, InputFailure)]
    assert len(failures) == 1 and "cannot list the folder" in failures[0].detail
