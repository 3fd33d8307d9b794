"""``gwr data check`` on the real dataset, and on broken copies of it."""

from __future__ import annotations

import json
import shutil

import pytest

from gwr.cli import main
from training.datacheck import check, numbers_written
from training.dataset import DEFAULT_DATA, LABELLED, read_jsonl, write_jsonl


def test_dataset_is_sound(capsys):
    assert main(["data", "check"]) == 0
    out = capsys.readouterr().out
    assert "problem" not in out
    assert out.splitlines()[0].split()[:2] == ["part", "sentences"]


@pytest.fixture()
def copy(tmp_path):
    root = tmp_path / "labelled"
    shutil.copytree(LABELLED, root)
    return root


def _corrupt(root, change):
    records = read_jsonl(root / "sentences.jsonl")
    change(records)
    write_jsonl(root / "sentences.jsonl", records)
    problems, _ = check(root / "sentences.jsonl", root)
    return problems


def test_duplicate_sid_found(copy):
    problems = _corrupt(copy, lambda rs: rs.append(dict(rs[0])))
    assert any("appears 2 times" in p for p in problems)


def test_bad_mention_offsets_found(copy):
    def shift(records):
        r = next(r for r in records if r["mentions"])
        r["mentions"][0]["start"] = len(r["text"]) + 3
    problems = _corrupt(copy, shift)
    assert any("offsets inside the text" in p for p in problems)


def test_value_not_in_span_found(copy):
    def change(records):
        r = next(r for r in records if r["mentions"] and r["mentions"][0]["value"] is not None
                 and any(c.isdigit() for c in r["text"][r["mentions"][0]["start"]:r["mentions"][0]["end"]]))
        r["mentions"][0]["value"] = 123456.789
    problems = _corrupt(copy, change)
    assert any("not written in span" in p for p in problems)


def test_document_on_both_sides_found(copy):
    def change(records):
        doc = records[0]["doc_id"]
        other = "test" if records[0]["split"] == "train" else "train"
        next(r for r in records[1:] if r["doc_id"] == doc)["split"] = other
    problems = _corrupt(copy, change)
    assert any("on both sides" in p for p in problems)


def test_stale_dataset_found(copy):
    problems = _corrupt(copy, lambda rs: rs.pop())
    assert any("out of date" in p for p in problems)


@pytest.mark.parametrize("span, number", [("1 47件", 147.0), ("2 ．5亿千瓦", 2.5), ("10 ．06 ‰", 10.06),
                                          ("1／4", 0.25), ("25l亿元", 251.0), ("1,200亿元", 1200.0)])
def test_numbers_written_read_as_the_source_meant(span, number):
    assert number in numbers_written(span)
