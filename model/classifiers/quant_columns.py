"""The quant_target model's own columns besides the text features: counts of intent words, result words and
numbers in each sentence (log-scaled, :class:`CueCounts`), and what the indicator extractor found in it
(:data:`EXTRACTOR_COLUMNS`, from :func:`extractor_counts`)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse

from ..runtime.arrays import part

QUANT_CUES = {
    "intent": re.compile(r"力争|确保|争取|计划|预计|预期|目标|将|要|努力|年内|全年|到20\d\d年|以上|不低于|控制在"),
    "result": re.compile(r"实现|完成|达到|已|累计|同比|比上年|增长了|超额|建成|新增"),
    "number": re.compile(r"\d|[一二三四五六七八九十两百千万亿]+[个家项名人件]"),
}
# The indicator extractor's counts per sentence, as columns of the sentence frame.
EXTRACTOR_COLUMNS = ("n_mentions", "n_target", "n_actual")


def cue_counts(texts: Sequence[str], names: Sequence[str]) -> sparse.csr_matrix:
    """log(1 + number of matches) of each named cue pattern of QUANT_CUES in each sentence."""
    rows = [[len(QUANT_CUES[c].findall(t)) for c in names] for t in texts]
    return sparse.csr_matrix(np.log1p(np.asarray(rows, dtype=float).reshape(len(rows), len(names))))


@part("cue_counts")
@dataclass(frozen=True)
class CueCounts:
    """log(1 + matches) of the named cue patterns (QUANT_CUES) in each sentence's text."""

    names: tuple[str, ...]

    @classmethod
    def from_state(cls, state: dict) -> CueCounts:
        return cls(tuple(state["names"]))

    def transform(self, texts: Sequence[str]) -> sparse.csr_matrix:
        return cue_counts(texts, self.names)


def extractor_counts(found: Sequence[Sequence]) -> dict[str, list[int]]:
    """The EXTRACTOR_COLUMNS of each sentence from the extractor's mentions: all, targets, actuals."""
    return {"n_mentions": [len(ms) for ms in found],
            "n_target": [sum(m.kind == "target" for m in ms) for ms in found],
            "n_actual": [sum(m.kind == "actual" for m in ms) for ms in found]}
