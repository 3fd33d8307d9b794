"""The annotation pool is reproducible from the bundled reports."""

from __future__ import annotations

import json

import pytest

from model.inputs import InputFailure, iter_documents
from training.dataset import LABELLED, read_jsonl
from training.sampling import BATCH_SIZE, batches, build_pool, extend_pool

from tests.conftest import RAW


@pytest.fixture(scope="module")
def split_records():
    docs = [d for d in iter_documents([str(RAW)]) if not isinstance(d, InputFailure)]
    return [r for d in docs for r in d.split_records()]


@pytest.fixture(scope="module")
def stored_pool():
    return read_jsonl(LABELLED / "pool.jsonl")


def test_first_round_draws_by_the_documented_parts(split_records):
    # The stored first round was drawn from an earlier version of the reader and is frozen; a fresh draw
    # still keeps the parts apart and never takes a sentence twice.
    pool = build_pool(split_records)
    assert len({r["sid"] for r in pool}) == len(pool)
    assert {(r["source"], r["sampling"]) for r in pool} == {
        ("seed", "census"), ("local", "census"), ("national", "random"), ("national", "enriched")}
    assert all("enriched_for" in r for r in pool if r["sampling"] == "enriched")


def test_second_round_rebuilds_exactly(split_records, stored_pool):
    first = [r for r in stored_pool if r.get("round") is None]
    second = [r for r in stored_pool if r.get("round") == 2]
    rebuilt = extend_pool(split_records, first)
    assert rebuilt == second
    assert {r["sampling"] for r in rebuilt} == {"enriched"}
    assert not {r["sid"] for r in rebuilt} & {r["sid"] for r in first}


def test_stored_batches_cut_from_pool(stored_pool):
    first = [r for r in stored_pool if r.get("round") is None]
    second = [r for r in stored_pool if r.get("round") == 2]
    expected = batches(first) + batches(second)
    stored = [read_jsonl(p) for p in sorted((LABELLED / "batches").glob("b*.jsonl"))]
    assert stored == expected
    assert all(len(b) <= BATCH_SIZE for b in stored)
    assert json.loads((LABELLED / "assignments.json").read_text(encoding="utf-8"))["annotators_of_batch"].keys() \
        == {f"b{i:03d}" for i in range(len(stored))}
