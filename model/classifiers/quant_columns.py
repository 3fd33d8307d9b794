"""The quant_target model's own columns of a sentence: counts of intent words, result words and numbers
(log-scaled), what the indicator extractor found in it (log-scaled), and its section (one-hot). Plain numpy
and scipy, shared by the fitted :func:`~model.classifiers.quant.quant_features` and the scoring path."""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np
from scipy import sparse

CUES = {
    "intent": re.compile(r"力争|确保|争取|计划|预计|预期|目标|将|要|努力|年内|全年|到20\d\d年|以上|不低于|控制在"),
    "result": re.compile(r"实现|完成|达到|已|累计|同比|比上年|增长了|超额|建成|新增"),
    "number": re.compile(r"\d|[一二三四五六七八九十两百千万亿]+[个家项名人件]"),
}


def cue_counts(texts: Sequence[str], names: Sequence[str]) -> sparse.csr_matrix:
    """log(1 + number of matches) of each named cue pattern in each sentence."""
    rows = [[len(CUES[c].findall(t)) for c in names] for t in texts]
    return sparse.csr_matrix(np.log1p(np.asarray(rows, dtype=float).reshape(len(rows), len(names))))


def log_counts(counts) -> sparse.csr_matrix:
    """log(1 + x) of count columns."""
    return sparse.csr_matrix(np.log1p(np.asarray(counts, dtype=float)))


def one_hot(values: Sequence[str | None], categories: Sequence[str]) -> sparse.csr_matrix:
    """A 0/1 column per category; a value outside them is all zeros."""
    position = {c: i for i, c in enumerate(categories)}
    hits = [position.get(v) for v in values]
    rows = [i for i, j in enumerate(hits) if j is not None]
    return sparse.csr_matrix((np.ones(len(rows)), (rows, [hits[i] for i in rows])),
                             shape=(len(hits), len(categories)))


def extractor_counts(found: Sequence[Sequence]) -> np.ndarray:
    """(n, 3): each sentence's indicator mentions, targets among them and actuals (the extractor's output)."""
    counts = [(len(ms), sum(m.kind == "target" for m in ms), sum(m.kind == "actual" for m in ms)) for ms in found]
    return np.array(counts, dtype=float).reshape(len(found), 3)


def own_columns(texts: Sequence[str], sections: Sequence[str | None], extractor_counts,
                cue_names: Sequence[str], section_categories: Sequence[str]) -> sparse.csr_matrix:
    """The cue counts, the extractor's counts ((n, 3)) and the section, side by side."""
    return sparse.hstack([cue_counts(texts, cue_names), log_counts(extractor_counts),
                          one_hot(sections, section_categories)], format="csr")
