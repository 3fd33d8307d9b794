"""The fixed split: by document, places whole, shared sentences together."""

from __future__ import annotations

import json
from collections import defaultdict

import pytest

from training.dataset import LABELLED, read_jsonl
from training.splits import (TEST_SHARE, formulaic_duplicates, group_of, is_formulaic, make_split,
                             copies_across_split, sides_for_new_documents)


@pytest.fixture(scope="module")
def pool():
    return read_jsonl(LABELLED / "pool.jsonl")


@pytest.fixture(scope="module")
def places():
    return json.loads((LABELLED / "doc_places.json").read_text(encoding="utf-8"))


def test_stored_split_is_the_one_the_code_makes(pool, places):
    # made from the first-round pool; later enrichment rounds only add sentences of documents it already places
    stored = json.loads((LABELLED / "split.json").read_text(encoding="utf-8"))
    first = [r for r in pool if r.get("round") is None]
    made = make_split(first, places, seed=stored["seed"])
    assert made == {d: side for d, side in stored["doc_split"].items() if d in made}
    assert sorted(formulaic_duplicates(first, stored["doc_split"])) == stored["held_out_formulaic"]
    assert {r["doc_id"] for r in pool} <= set(stored["doc_split"])


def test_census_round_documents_are_placed_by_the_rules_for_new_documents(pool, places):
    """The development pages are all on the test side; the recent pages are then placed as any new documents
    (places whole, a seeded draw otherwise), which gives the test side a recent-years part."""
    stored = json.loads((LABELLED / "split.json").read_text(encoding="utf-8"))
    earlier = {r["doc_id"] for r in pool if r["source"] != "recent"}  # the development pages went first
    before = {d: side for d, side in stored["doc_split"].items() if d in earlier}
    recent = [r for r in pool if r["source"] == "recent"]
    sides = sides_for_new_documents([r for r in pool if r["doc_id"] in earlier], before, recent, places,
                                    seed=stored["seed"])
    assert sides == {d: stored["doc_split"][d] for d in sides}
    assert 0.15 < sum(sides[r["doc_id"]] == "test" for r in recent) / len(recent) < 0.35
    assert {stored["doc_split"][r["doc_id"]] for r in pool if r["source"] == "devset"} == {"test"}


def test_later_rounds_never_put_a_sentence_on_both_sides(pool):
    split = json.loads((LABELLED / "split.json").read_text(encoding="utf-8"))["doc_split"]
    held_out = copies_across_split(pool, split)
    sides = defaultdict(set)
    for r in pool:
        if r["sid"] not in held_out:
            sides[r["text"]].add(split[r["doc_id"]])
    assert all(len(s) == 1 for s in sides.values())
    # 大力培养少数民族干部和各类人才。 is in national-1995 and -2000 (train) and national-2002 (test)
    assert "national-2002:442" in held_out and "national-1995:338" not in held_out


def test_places_whole_and_shared_sentences_together(pool, places):
    split = make_split(pool, places, seed=7)
    sides_of_group = defaultdict(set)
    sides_of_text = defaultdict(set)
    for r in pool:
        sides_of_group[group_of(r, places)].add(split[r["doc_id"]])
        if not is_formulaic(r):
            sides_of_text[r["text"]].add(split[r["doc_id"]])
    assert all(len(s) == 1 for s in sides_of_group.values())
    assert all(len(s) == 1 for s in sides_of_text.values())


def test_test_share_per_source(pool, places):
    first = [r for r in pool if r.get("round") is None]  # the pool make_split placed
    split = make_split(first, places, seed=7)
    for source in ("local", "national"):
        rows = [r for r in first if r["source"] == source]
        share = sum(split[r["doc_id"]] == "test" for r in rows) / len(rows)
        assert 0.15 <= share <= 0.3, (source, share)


def test_formulaic_copies_kept_off_the_test_side(pool, places):
    split = make_split(pool, places, seed=7)
    held = formulaic_duplicates(pool, split)
    assert held
    by_sid = {r["sid"]: r for r in pool}
    assert all(split[by_sid[s]["doc_id"]] == "test" and is_formulaic(by_sid[s]) for s in held)


def _new(doc_id: str, text: str, source: str = "local", place: str | None = None) -> dict:
    return {"doc_id": doc_id, "sent_id": 0, "source": source, "text": text, "place": place, "is_heading": False}


def test_new_documents_follow_the_split_rules(pool, places):
    split = json.loads((LABELLED / "split.json").read_text(encoding="utf-8"))["doc_split"]
    local = next(r for r in pool if r["source"] == "local")
    train_text = next(r["text"] for r in pool if split[r["doc_id"]] == "train" and not is_formulaic(r))
    test_text = next(r["text"] for r in pool if split[r["doc_id"]] == "test" and not is_formulaic(r))
    entries = [
        _new(local["doc_id"], "已经在划分中的文件的新句子不会移动。", place=local["place"]),
        _new("samecounty_2030", "同一地方的新报告随这个地方走。", place=local["place"]),
        _new("tied_2030", train_text, place="测试省甲市"),
        _new("both_2030", train_text, place="测试省乙市"), _new("both_2030", test_text, place="测试省乙市"),
        *(_new(f"national-{3000 + k}", f"新的国务院报告第{k}号。", source="national") for k in range(200)),
    ]
    sides = sides_for_new_documents(pool, split, entries, places, seed=7)
    assert local["doc_id"] not in sides
    assert sides["samecounty_2030"] == split[local["doc_id"]]
    assert sides["tied_2030"] == "train" and sides["both_2030"] == "test"
    drawn = [sides[f"national-{3000 + k}"] for k in range(200)]
    assert abs(drawn.count("test") / 200 - TEST_SHARE) < 0.1
    # a document's draw does not depend on what is merged with it
    alone = sides_for_new_documents(pool, split, [entries[-1]], places, seed=7)
    assert alone == {"national-3199": sides["national-3199"]}
