"""The writers of gwr score: JSONL, CSV and Parquet with the same fields, whole documents per write, and what
--resume reads back."""

from __future__ import annotations

import csv
import json

import pytest

from serve.formats import (EncodedRecords, completed_documents, flatten, format_of, open_writer, output_problem)

RECORD = {"doc_id": "a", "sent_id": 0, "section": "plan", "text": "力争增长8%。",
          "themes": {"innovation": 0.1, "talent": 0.2, "urban": 0.3, "party": 0.4}, "labels": ["urban", "party"],
          "quant_target": True, "quant_target_prob": 0.9,
          "indicators": [{"indicator": "增长", "value": 8.0, "unit": "%"}]}


def test_flat_columns():
    flat = flatten(RECORD)
    assert flat["theme_party"] == 0.4 and flat["labels"] == "urban;party"
    assert json.loads(flat["indicators"])[0]["value"] == 8.0


@pytest.mark.parametrize("suffix, fmt", [(".jsonl", "jsonl"), (".csv", "csv"), (".parquet", "parquet"), ("", "jsonl")])
def test_every_format_writes_the_same_fields(tmp_path, suffix, fmt):
    output = str(tmp_path / f"out{suffix}")
    assert format_of(output) == fmt
    writer = open_writer(output, fmt)
    writer.write([RECORD, {**RECORD, "sent_id": 1}])
    writer.close()
    if fmt == "jsonl":
        rows = [json.loads(line) for line in open(output, encoding="utf-8")]
        assert rows[1] == {**RECORD, "sent_id": 1}
    elif fmt == "csv":
        rows = list(csv.DictReader(open(output, encoding="utf-8")))
        assert rows[0]["labels"] == "urban;party" and rows[1]["sent_id"] == "1"
    else:
        import pyarrow.parquet as pq

        assert pq.read_table(output).to_pylist()[0]["theme_urban"] == 0.3


def test_encoded_records_and_resume(tmp_path):
    output = tmp_path / "out.jsonl"
    writer = open_writer(str(output), "jsonl")
    writer.write(EncodedRecords.of([RECORD]))
    writer.write([{**RECORD, "doc_id": "b"}])
    writer.close()
    with output.open("a", encoding="utf-8") as handle:
        handle.write('{"doc_id": "c", "sent_')  # a run killed while writing c
    assert completed_documents(output) == {"a"}  # b may be whole or not: it is scored again
    assert output.read_text(encoding="utf-8") == json.dumps(RECORD, ensure_ascii=False) + "\n"


def test_output_problems_are_named_before_anything_runs(tmp_path):
    assert output_problem("-", "parquet", False) == "Parquet needs an output file (-o)"
    assert "--resume needs a JSONL output file" in output_problem(str(tmp_path / "o.csv"), "csv", True)
    assert "is not one" in output_problem(str(tmp_path), "jsonl", True)
    assert output_problem(str(tmp_path / "o.jsonl"), "jsonl", True) is None
