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
