"""``--sentences`` inputs: one sentence per JSONL record or text line, in order, batched, failures reported."""

from __future__ import annotations

import json

from model.text.inputs import InputFailure
from model.text.sentence_inputs import iter_sentence_batches


def test_records_and_lines_become_sentences_in_order(tmp_path):
    jsonl = tmp_path / "s.jsonl"
    jsonl.write_text("\n".join([
        json.dumps({"id": "a", "text": "力争全年技术交易额超过5.5亿元。", "section": "plan"}, ensure_ascii=False),
        "{broken",
        json.dumps({"text": "加强党的建设。", "section": "elsewhere"}, ensure_ascii=False),
        json.dumps({"id": "c", "text": "  "}),
        "",
    ]), encoding="utf-8")
    text = tmp_path / "s.txt"
    text.write_text("第一句。\n\n第二句。\n", encoding="utf-8")
    items = list(iter_sentence_batches([str(jsonl), str(text)], max_bytes=10_000, batch=2))
    failures = [i for i in items if isinstance(i, InputFailure)]
    assert [(f.input.rsplit(":", 1)[1], f.error) for f in failures] == [("2", "bad_json"), ("4", "missing_field")]
    sentences = [s for i in items if not isinstance(i, InputFailure) for s in i.sentences]
    assert [(s.doc_id, s.sent_id, s.text, s.section) for s in sentences] == [
        ("a", 0, "力争全年技术交易额超过5.5亿元。", "plan"), ("3", 0, "加强党的建设。", None),
        ("1", 0, "第一句。", None), ("3", 0, "第二句。", None)]
    assert [len(i.sentences) for i in items if not isinstance(i, InputFailure)] == [2, 2]


def test_a_line_over_the_limit_is_reported(tmp_path):
    path = tmp_path / "s.txt"
    path.write_text("短句。\n" + "长" * 100 + "\n", encoding="utf-8")
    items = list(iter_sentence_batches([str(path)], max_bytes=50))
    assert isinstance(items[0], InputFailure) and items[0].error == "too_large" and items[0].input.endswith(":2")
    assert [s.text for s in items[1].sentences] == ["短句。"]
