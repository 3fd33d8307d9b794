"""``gwr split`` end to end: files, folders, JSONL and stdin; bad inputs reported, the rest written."""

from __future__ import annotations

import json
import subprocess
import sys

from gwr.cli import main
from tests.conftest import RAW


def _records(path):
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_split_bundled_data(tmp_path, capsys):
    out = tmp_path / "s.jsonl"
    status = main(["split", str(RAW / "seeds"), str(RAW / "local_excerpts.jsonl"), "-o", str(out)])
    assert status == 0
    records = _records(out)
    assert {r["doc_id"] for r in records} >= {"000_585d3f6695bf431d.txt", "zhuhai_hitech_2020"}
    first = records[0]
    assert set(first) >= {"doc_id", "sent_id", "section", "heading", "text", "meta"}
    assert first["meta"]["index_no"] == "11330208591592676Q/2018-17387"
    local = next(r for r in records if r["doc_id"] == "zhuhai_hitech_2020")
    assert local["meta"]["place"] == "广东省珠海高新区"       # JSONL metadata carried through
    assert "documents" in capsys.readouterr().err


def test_split_reports_bad_inputs_and_keeps_going(tmp_path, capsys):
    good = tmp_path / "good.txt"
    good.write_text("一、2020年工作安排\n力争技术交易额超过16亿元。\n", encoding="utf-8")
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    binary = tmp_path / "image.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    lines = tmp_path / "docs.jsonl"
    lines.write_text('{"id": "a", "text": "全年增长8%。"}\n{broken\n{"id": "c"}\n', encoding="utf-8")
    out = tmp_path / "out.jsonl"
    status = main(["split", str(good), str(empty), str(binary), str(lines), "-o", str(out)])
    assert status == 1
    records = _records(out)
    assert [(r["doc_id"], r["text"]) for r in records] == [
        ("good.txt", "一、2020年工作安排"), ("good.txt", "力争技术交易额超过16亿元。"), ("a", "全年增长8%。")]
    errors = [json.loads(line) for line in capsys.readouterr().err.splitlines() if line.startswith("{")]
    assert {(e["input"].rsplit("/", 1)[-1], e["error"]) for e in errors} == {
        ("empty.txt", "empty"), ("image.txt", "binary"), ("docs.jsonl:2", "bad_json"), ("docs.jsonl:3", "missing_field")}


def test_split_stdin_console_script(tmp_path):
    out = tmp_path / "o.jsonl"
    proc = subprocess.run([sys.executable, "-m", "gwr.cli", "split", "-", "-o", str(out)],
                          input="二、2018年工作安排\n确保新增高新技术企业10家。".encode("gbk"), capture_output=True)
    assert proc.returncode == 0, proc.stderr
    assert [r["section"] for r in _records(out)] == ["plan", "plan"]
