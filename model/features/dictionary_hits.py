"""The keyword-hit estimator of the text features: the domain dictionary's hits, as a scikit-learn transformer."""

from __future__ import annotations

import numpy as np
from sklearn.base import BaseEstimator, TransformerMixin

from ..compiling import Compiles
from ..records import THEMES
from .lexicon import KeywordHits, keyword_hits, load_lexicon, load_theme_lexicon

LEXICONS = {"domain": load_lexicon, "themes": load_theme_lexicon}


class DictionaryHits(Compiles, TransformerMixin, BaseEstimator):
    """Per sentence: log-count of dictionary hits per theme, and one 0/1 column per keyword.

    Parameters
    ----------
    lexicon : {"domain", "themes"} or dict of str to list of str, default=None
        Theme → keywords; None or "domain" reads ``resources/lexicon.json`` (the keyword baseline's
        dictionary), "themes" the theme lexicon ``resources/theme_lexicon/``.

    Attributes
    ----------
    themes_ : list of str
        The themes, in column order.
    terms_ : list of str
        Every keyword, in column order.
    term_theme_ : ndarray of shape (n_terms, n_themes)
        1 where a keyword belongs to a theme.
    """

    def __init__(self, lexicon: str | dict[str, list[str]] | None = None):
        self.lexicon = lexicon

    def fit(self, X, y=None):
        lexicon = LEXICONS[self.lexicon or "domain"]() if not isinstance(self.lexicon, dict) else self.lexicon
        hits = keyword_hits(lexicon, THEMES)
        self.themes_, self.terms_, self.term_theme_ = list(hits.themes), list(hits.terms), hits.term_theme
        return self._compiled_after_fit()

    def compile(self) -> KeywordHits:
        return KeywordHits(tuple(self.themes_), tuple(self.terms_), np.asarray(self.term_theme_, dtype=np.float64))

    def transform(self, X):
        return self.compiled().transform(list(X))

    def theme_counts(self, X) -> np.ndarray:
        """Raw number of keyword hits per theme (what the keyword baseline thresholds)."""
        return self.compiled().theme_counts(list(X))

    def get_feature_names_out(self, input_features=None):
        return np.array([f"theme_hits:{t}" for t in self.themes_] + [f"term:{t}" for t in self.terms_], dtype=object)
