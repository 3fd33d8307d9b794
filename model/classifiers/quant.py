"""The quantitative-target flag: does the sentence state a quantified goal for the future?

It reads the shared text features (word/char n-grams, dictionary hits) joined with its own columns, declared
here once (:func:`quant_features`): intent and result cue words, what the indicator extractor found (how many
numbers, how many read as targets), and the section.
"""

from __future__ import annotations

import numpy as np
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.compose import ColumnTransformer
from sklearn.preprocessing import OneHotEncoder

from ..compiling import Compiles
from ..features.columns import Log1p
from ..records import SECTIONS
from .quant_columns import EXTRACTOR_COLUMNS, QUANT_CUES, CueCounts
from .sentence_classifier import SentenceClassifier


class CueFeatures(Compiles, TransformerMixin, BaseEstimator):
    """Counts of intent words, result words and numbers in each sentence (log-scaled).

    Attributes
    ----------
    cues_ : list of str
        The cue patterns of QUANT_CUES, in column order.
    """

    def fit(self, X, y=None):
        self.cues_ = list(QUANT_CUES)
        return self._compiled_after_fit()

    def compile(self) -> CueCounts:
        return CueCounts(tuple(self.cues_))

    def transform(self, X):
        return self.compiled().transform(list(X))

    def get_feature_names_out(self, input_features=None):
        return np.array([f"cue:{c}" for c in self.cues_], dtype=object)


class LogCounts(Compiles, TransformerMixin, BaseEstimator):
    """log(1 + x) of count columns (stateless: nothing is learned)."""

    def fit(self, X, y=None):
        return self._compiled_after_fit()

    def __sklearn_is_fitted__(self) -> bool:
        return True

    def compile(self) -> Log1p:
        return Log1p()

    def transform(self, X):
        return self.compiled().transform(np.asarray(X, dtype=float))


class QuantTargetClassifier(SentenceClassifier):
    """One label, ``quant_target``, over the shared text features joined with :func:`quant_features`."""

    label_names = ("quant_target",)


def quant_features() -> ColumnTransformer:
    """The quant_target model's own columns of a sentence frame that carries the extractor's counts
    (EXTRACTOR_COLUMNS): cue-word counts, extractor counts and the section."""
    return ColumnTransformer(
        [("cues", CueFeatures(), "text"),
         ("extractor", LogCounts(), list(EXTRACTOR_COLUMNS)),
         ("section", OneHotEncoder(categories=[[*SECTIONS, "none"]], handle_unknown="ignore"), ["section"])],
        sparse_threshold=1.0,
    )
