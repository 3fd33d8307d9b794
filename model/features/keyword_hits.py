"""Hits of the domain dictionary's keywords in sentences, as features: the log-count of hits per theme and a
0/1 column per keyword. Plain numpy and scipy, shared by :class:`~model.features.lexicon.DictionaryHits` and the
scoring path."""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence

import numpy as np
from scipy import sparse


@functools.lru_cache(maxsize=8)
def keyword_pattern(terms: tuple[str, ...]) -> re.Pattern:
    """One alternation of the keywords, longest first (so a longer keyword wins over its prefix)."""
    return re.compile("|".join(map(re.escape, sorted(terms, key=len, reverse=True))))


def keyword_counts(texts: Sequence[str], terms: Sequence[str]) -> sparse.csr_matrix:
    """(sentences × keywords) number of hits in the raw text."""
    pattern = keyword_pattern(tuple(terms))
    index = {term: i for i, term in enumerate(terms)}
    rows, cols = [], []
    for r, text in enumerate(texts):
        for match in pattern.finditer(text):
            rows.append(r)
            cols.append(index[match.group(0)])
    return sparse.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(texts), len(terms)))


def keyword_features(texts: Sequence[str], terms: Sequence[str], term_theme: np.ndarray) -> sparse.csr_matrix:
    """log(1 + hits per theme) (``term_theme``: keyword × theme 0/1), then one 0/1 column per keyword."""
    counts = keyword_counts(texts, terms)
    per_theme = np.log1p(counts @ term_theme)
    return sparse.hstack([sparse.csr_matrix(per_theme), (counts > 0).astype(float)]).tocsr()
