"""The fixed train/test split of the labelled data, by document.

No document is on both sides; local places are kept whole (all reports of one place on one side);
documents that share a sentence verbatim are kept together. Short formulaic sentences (salutations,
numbered section titles) are too common to tie documents together; their copies are instead kept out
of the test side (see :func:`formulaic_duplicates`).
"""

from __future__ import annotations

import random
from collections import defaultdict

TEST_SHARE = 0.25
MIN_TIE_CHARS = 12


class _UnionFind:
    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, x: str) -> str:
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def group_of(record: dict, places: dict[str, str]) -> str:
    """The unit that must stay on one side: the place for local reports, the document otherwise."""
    if record["source"] == "national":
        return record["doc_id"]
    place = record.get("place") or places.get(record["doc_id"])
    if not place:
        raise ValueError(f"{record['doc_id']}: a local document needs a place")
    return f"place:{place}"


def is_formulaic(record: dict) -> bool:
    return len(record["text"]) < MIN_TIE_CHARS or bool(record.get("is_heading"))


def make_split(pool: list[dict], places: dict[str, str], seed: int = 0) -> dict[str, str]:
    """``doc_id -> "train"|"test"``, about TEST_SHARE of each source's sentences on the test side."""
    uf = _UnionFind()
    docs_by_text: dict[str, set[str]] = defaultdict(set)
    for record in pool:
        uf.find(group_of(record, places))
        if not is_formulaic(record):
            docs_by_text[record["text"]].add(group_of(record, places))
    for groups in docs_by_text.values():
        first, *rest = sorted(groups)
        for other in rest:
            uf.union(first, other)

    size: dict[str, int] = defaultdict(int)
    source: dict[str, str] = {}
    for record in pool:
        root = uf.find(group_of(record, places))
        size[root] += 1
        source.setdefault(root, record["source"])
    rng = random.Random(seed)
    side: dict[str, str] = {}
    for src in sorted(set(source.values())):
        roots = sorted(r for r in size if source[r] == src)
        rng.shuffle(roots)
        total = sum(size[r] for r in roots)
        in_test = 0
        for root in roots:
            if in_test + size[root] <= TEST_SHARE * total * 1.05:
                side[root] = "test"
                in_test += size[root]
            else:
                side[root] = "train"
    return {record["doc_id"]: side[uf.find(group_of(record, places))] for record in pool}


def copies_across_split(pool: list[dict], split: dict[str, str]) -> set[str]:
    """Sids on the test side whose exact text also occurs on the train side.

    The split is fixed by document once a test document has been used; a sentence added later that
    repeats verbatim across the two sides is kept on the train side only."""
    train_texts = {r["text"] for r in pool if split[r["doc_id"]] == "train"}
    return {r["sid"] for r in pool if split[r["doc_id"]] == "test" and r["text"] in train_texts}


def formulaic_duplicates(pool: list[dict], split: dict[str, str]) -> set[str]:
    """Sids of formulaic sentences on the test side whose exact text also occurs on the train side."""
    copies = copies_across_split(pool, split)
    return {r["sid"] for r in pool if r["sid"] in copies and is_formulaic(r)}


def sides_for_new_documents(pool: list[dict], split: dict[str, str], new_entries: list[dict],
                            places: dict[str, str], seed: int = 0) -> dict[str, str]:
    """``doc_id -> side`` for the documents of ``new_entries`` that ``split`` does not hold yet.

    The split's rules, applied without moving anything already placed: a document whose place (local) is
    already on one side goes there; one sharing a non-formulaic sentence with placed documents joins
    them (the test side when they sit on both, where its copies of train text are then held out); any
    other place or national report is drawn at random, seeded by its group, with probability TEST_SHARE
    of going to the test side, so the draw does not depend on what else is merged with it."""
    side_of_group: dict[str, str] = {}
    for record in pool:
        if record["doc_id"] in split:
            side_of_group.setdefault(group_of(record, places), split[record["doc_id"]])
    sides_of_text: dict[str, set[str]] = defaultdict(set)
    for record in pool:
        if record["doc_id"] in split and not is_formulaic(record):
            sides_of_text[record["text"]].add(split[record["doc_id"]])

    ties: dict[str, set[str]] = defaultdict(set)
    for record in new_entries:
        if record["doc_id"] not in split and not is_formulaic(record):
            ties[group_of(record, places)] |= sides_of_text.get(record["text"], set())
    sides: dict[str, str] = {}
    for record in new_entries:
        doc = record["doc_id"]
        if doc in split or doc in sides:
            continue
        group = group_of(record, places)
        if group in side_of_group:
            side = side_of_group[group]
        elif ties[group]:
            side = "test" if "test" in ties[group] else "train"
        else:
            side = "test" if random.Random(f"{seed}:{group}").random() < TEST_SHARE else "train"
        side_of_group[group] = sides[doc] = side
    return sides
