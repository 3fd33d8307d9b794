"""The quantitative-target flag: does the sentence state a quantified goal for the future?

It reads the shared text features (word/char n-grams, dictionary hits), plus its own: intent and result cue
words, the section, and what the indicator extractor found (how many numbers, how many read as targets).
"""

from __future__ import annotations

import numpy as np
from scipy import sparse
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.compose import ColumnTransformer
from sklearn.preprocessing import OneHotEncoder

from .quant_columns import CUES, cue_counts, log_counts, own_columns
from .sentence_classifier import SentenceClassifier

EXTRACTOR_COLUMNS = ("n_mentions", "n_target", "n_actual")


class CueFeatures(TransformerMixin, BaseEstimator):
    """Counts of intent words, result words and numbers in each sentence (log-scaled)."""

    def fit(self, X, y=None):
        self.cues_ = list(CUES)
        return self

    def transform(self, X):
        return cue_counts(list(X), self.cues_)

    def get_feature_names_out(self, input_features=None):
        return np.array([f"cue:{c}" for c in self.cues_], dtype=object)


class LogCounts(TransformerMixin, BaseEstimator):
    """log(1 + x) of count columns."""

    def fit(self, X, y=None):
        return self

    def transform(self, X):
        return log_counts(X)


class QuantTargetClassifier(SentenceClassifier):
    """One label, ``quant_target``, over the shared text features joined with :func:`quant_features`."""

    label_names = ("quant_target",)


def quant_features() -> ColumnTransformer:
    """The quant_target model's own columns of a sentence frame that carries the extractor's counts
    (EXTRACTOR_COLUMNS): cue-word counts, extractor counts and the section."""
    return ColumnTransformer(
        [("cues", CueFeatures(), "text"),
         ("extractor", LogCounts(), list(EXTRACTOR_COLUMNS)),
         ("section", OneHotEncoder(categories=[["review", "plan", "none"]], handle_unknown="ignore"),
          ["section"])],
        sparse_threshold=1.0,
    )


def own_column_spec(fitted: ColumnTransformer) -> tuple[list[str], list[str]] | None:
    """The cue names and section categories of a fitted :func:`quant_features`, or None when ``fitted``
    has another layout (then only its own ``transform`` reproduces it)."""
    parts = {name: transformer for name, transformer, _ in fitted.transformers_}
    layout = [(name, columns) for name, transformer, columns in fitted.transformers_ if transformer != "drop"]
    cues, section = parts.get("cues"), parts.get("section")
    if (layout != [("cues", "text"), ("extractor", list(EXTRACTOR_COLUMNS)), ("section", ["section"])]
            or type(cues) is not CueFeatures or type(parts["extractor"]) is not LogCounts
            or type(section) is not OneHotEncoder or section.handle_unknown != "ignore"):
        return None
    return list(cues.cues_), [str(c) for c in section.categories_[0].tolist()]


def quant_columns(fitted: ColumnTransformer, texts, sections, counts) -> sparse.csr_matrix:
    """``fitted.transform`` of a frame with ``text``, ``section`` and the EXTRACTOR_COLUMNS ``counts``
    ((n, 3)), computed from its fitted parts without building the frame or the ColumnTransformer's
    per-call checks (a batch's worth of them costs more than the features). Another layout than
    :func:`quant_features`' is left to the ColumnTransformer."""
    spec = own_column_spec(fitted)
    if spec is None:
        import pandas as pd

        frame = pd.DataFrame({"text": list(texts), "section": list(sections),
                              **{c: np.asarray(counts)[:, i] for i, c in enumerate(EXTRACTOR_COLUMNS)}})
        return sparse.csr_matrix(fitted.transform(frame))
    return own_columns(texts, sections, counts, *spec)
