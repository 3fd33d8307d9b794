"""The domain dictionary of theme keywords, and a transformer that turns its hits into features."""

from __future__ import annotations

import functools
import json
import re

import numpy as np
from scipy import sparse
from sklearn.base import BaseEstimator, TransformerMixin

from .records import THEMES
from .tokenize import RESOURCES

LEXICON_FILE = RESOURCES / "lexicon.json"


@functools.cache
def load_lexicon() -> dict[str, tuple[str, ...]]:
    """Theme → keywords, from ``resources/lexicon.json``."""
    raw = json.loads(LEXICON_FILE.read_text(encoding="utf-8"))
    return {theme: tuple(raw[theme]) for theme in THEMES}


@functools.cache
def _pattern(terms: tuple[str, ...]) -> re.Pattern:
    return re.compile("|".join(map(re.escape, sorted(terms, key=len, reverse=True))))


class DictionaryHits(TransformerMixin, BaseEstimator):
    """Per sentence: log-count of dictionary hits per theme, and one 0/1 column per keyword.

    Matches are on the raw text (longest keyword first), so segmentation choices do not hide a term.
    """

    def __init__(self, lexicon: dict[str, list[str]] | None = None):
        self.lexicon = lexicon

    def fit(self, X, y=None):
        lexicon = self.lexicon or load_lexicon()
        self.themes_ = list(THEMES)
        terms: dict[str, int] = {}
        for theme in self.themes_:
            for term in lexicon[theme]:
                terms.setdefault(term, len(terms))
        self.terms_ = list(terms)
        self.term_theme_ = np.zeros((len(self.terms_), len(self.themes_)))
        for t, theme in enumerate(self.themes_):
            for term in lexicon[theme]:
                self.term_theme_[terms[term], t] = 1.0
        return self

    def transform(self, X):
        pattern = _pattern(tuple(self.terms_))
        index = {term: i for i, term in enumerate(self.terms_)}
        rows, cols = [], []
        for r, text in enumerate(X):
            for match in pattern.finditer(text):
                rows.append(r)
                cols.append(index[match.group(0)])
        counts = sparse.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(X), len(self.terms_)))
        per_theme = np.log1p(counts @ self.term_theme_)
        return sparse.hstack([sparse.csr_matrix(per_theme), (counts > 0).astype(float)]).tocsr()

    def theme_counts(self, X) -> np.ndarray:
        """Raw number of keyword hits per theme (what the keyword baseline thresholds)."""
        pattern = _pattern(tuple(self.terms_))
        index = {term: i for i, term in enumerate(self.terms_)}
        out = np.zeros((len(X), len(self.themes_)))
        for r, text in enumerate(X):
            for match in pattern.finditer(text):
                out[r] += self.term_theme_[index[match.group(0)]]
        return out

    def get_feature_names_out(self, input_features=None):
        return np.array([f"theme_hits:{t}" for t in self.themes_] + [f"term:{t}" for t in self.terms_], dtype=object)
