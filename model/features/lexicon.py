"""The domain dictionary of theme keywords, and a transformer that turns its hits into features."""

from __future__ import annotations

import functools
import json

import numpy as np
from sklearn.base import BaseEstimator, TransformerMixin

from .keyword_hits import keyword_counts, keyword_features
from ..records import THEMES
from .tokenize import RESOURCES

LEXICON_FILE = RESOURCES / "lexicon.json"


@functools.cache
def load_lexicon() -> dict[str, tuple[str, ...]]:
    """Theme → keywords, from ``resources/lexicon.json``."""
    raw = json.loads(LEXICON_FILE.read_text(encoding="utf-8"))
    return {theme: tuple(raw[theme]) for theme in THEMES}


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
        return keyword_features(list(X), self.terms_, self.term_theme_)

    def theme_counts(self, X) -> np.ndarray:
        """Raw number of keyword hits per theme (what the keyword baseline thresholds)."""
        return np.asarray(keyword_counts(list(X), self.terms_) @ self.term_theme_)

    def get_feature_names_out(self, input_features=None):
        return np.array([f"theme_hits:{t}" for t in self.themes_] + [f"term:{t}" for t in self.terms_], dtype=object)
