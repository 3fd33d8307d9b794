"""TF-IDF of new text without scikit-learn: the digit masking the models read text with, the weighting of
scikit-learn's TfidfTransformer applied to n-gram counts (the same arithmetic, so the same numbers), and
:class:`NgramTfidf`, a fitted :class:`~model.features.tfidf_vectorizer.TfidfFeatures` in its array form."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse

from ..runtime.arrays import part
from .ngram_index import NgramIndex

_DIGITS = re.compile(r"\d+(?:\.\d+)?")


def mask_digits(text: str) -> str:
    """Numbers as one symbol, so that '8%' and '9.5%' look alike to the n-gram features."""
    return _DIGITS.sub("0", text)


def tfidf_weight(counts: sparse.csr_array, idf: np.ndarray | None, sublinear_tf: bool,
                 norm: str | None) -> sparse.csr_array:
    """``TfidfTransformer.transform`` of float64 counts, in place: 1 + log(tf) when sublinear, times the
    idf, rows scaled to unit length (l2). Rows are summed one value after another, as scikit-learn does."""
    if norm not in (None, "l2"):
        raise ValueError(f"norm {norm!r}: only 'l2' or None")
    data = counts.data
    if sublinear_tf:
        np.log(data, data)
        data += 1.0
    if idf is not None:
        data *= idf[counts.indices]
    if norm == "l2":
        squares = sparse.csr_array((data * data, counts.indices, counts.indptr), shape=counts.shape)
        norms = np.sqrt(squares @ np.ones(counts.shape[1]))
        rows = np.repeat(np.arange(counts.shape[0]), np.diff(counts.indptr))
        scale = norms[rows]
        nonzero = scale != 0.0
        data[nonzero] /= scale[nonzero]
    return counts


@part("ngram_tfidf")
@dataclass(frozen=True, eq=False)
class NgramTfidf:
    """One TF-IDF block: word n-grams of the segmented text (words joined by spaces), or character n-grams
    of the raw text, both digit-masked."""

    analyzer: str
    ngram_range: tuple[int, int]
    index: NgramIndex
    idf: np.ndarray | None
    sublinear_tf: bool
    norm: str | None

    def transform(self, column: Sequence[str]) -> sparse.csr_array:
        counts = self.index.count_documents(column, self.analyzer, tuple(self.ngram_range), mask_digits)
        return tfidf_weight(counts, self.idf, self.sublinear_tf, self.norm)
