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

