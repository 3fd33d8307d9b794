"""The array form of the word-vector block (:class:`~model.features.embeddings.SentenceEmbedding`): numpy and
scipy only, so that a model loads without scikit-learn."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse

from ..runtime.arrays import part
from .tfidf import NgramTfidf


@part("pooled_embedding")
@dataclass(frozen=True, eq=False)
class PooledEmbedding:
    """Per sentence: the sum of its words' vectors, each counted as often as it occurs and weighted by
    ``words`` (unigram TF-IDF without norm: the IDF, or 1 for a plain mean), scaled to unit length. A sentence
    with no known word is all zeros."""

    words: NgramTfidf
    vectors: np.ndarray

    def transform(self, column: Sequence[str]) -> sparse.csr_matrix:
        pooled = np.asarray(self.words.transform(column) @ self.vectors)
        norms = np.sqrt(np.einsum("ij,ij->i", pooled, pooled))
        nonzero = norms > 0.0
        pooled[nonzero] /= norms[nonzero, None]
        return sparse.csr_matrix(pooled)
