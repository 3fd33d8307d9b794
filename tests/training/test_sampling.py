"""The annotation pool is reproducible from the bundled reports."""

from __future__ import annotations

import json

import pytest

from model.text.inputs import InputFailure, iter_documents
from training.dataset import LABELLED, read_jsonl
from training.sampling import BATCH_SIZE, CENSUS_SOURCES, batches, build_pool, census_pool, extend_pool

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


@pytest.mark.parametrize("round_", [2, 3])
def test_enrichment_rounds_rebuild_exactly(split_records, stored_pool, round_):
    before = [r for r in stored_pool if (r.get("round") or 1) < round_]
    stored = [r for r in stored_pool if r.get("round") == round_]
    rebuilt = extend_pool(split_records, before, round=round_)
    assert rebuilt == stored
    assert {r["sampling"] for r in rebuilt} == {"enriched"}
    assert not {r["sid"] for r in rebuilt} & {r["sid"] for r in before}


def test_stored_batches_cut_from_pool(stored_pool):
    # each round is cut on its own; from round 4 on, so is each part of a round (its source and sampling)
    def part(r):
        k = r.get("round") or 1
        return (k, r["source"], r["sampling"]) if k >= 4 else (k,)

    parts = list(dict.fromkeys(part(r) for r in stored_pool))
    expected = [b for p in parts for b in batches([r for r in stored_pool if part(r) == p])]
    stored = [read_jsonl(p) for p in sorted((LABELLED / "batches").glob("b*.jsonl"))]
    assert stored == expected
    assert all(len(b) <= BATCH_SIZE for b in stored)
    assert json.loads((LABELLED / "assignments.json").read_text(encoding="utf-8"))["annotators_of_batch"].keys() \
        == {f"b{i:03d}" for i in range(len(stored))}


@pytest.mark.parametrize("source", sorted(CENSUS_SOURCES))
def test_census_round_holds_every_sentence_of_its_documents(stored_pool, source):
    """The recent pages and the development pages were pooled in full as the reader split them then; the pool is
    frozen, and the reader has since learned to drop page noise (datelines, navigation), so today's split
    differs from it by a few page-furniture lines only."""
    docs = [d for d in iter_documents([str(RAW / CENSUS_SOURCES[source])]) if not isinstance(d, InputFailure)]
    rebuilt = census_pool([r for d in docs for r in d.split_records()], source)
    stored = [r for r in stored_pool if r["source"] == source]
    assert {r["doc_id"] for r in rebuilt} == {r["doc_id"] for r in stored}
    now, then = {r["text"] for r in rebuilt}, {r["text"] for r in stored}
    assert len(now ^ then) <= 0.04 * len(then), sorted(now ^ then)[:10]
