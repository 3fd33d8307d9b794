"""The tagger: themes, quantitative targets and indicators of report sentences, from one fitted object."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from scipy import sparse
from sklearn.base import BaseEstimator, clone

from .classifiers.quant_columns import extractor_counts
from .features.frame import sentence_frame
from .runtime.inference import label_thresholds, sentence_results
from .classifiers.quant import EXTRACTOR_COLUMNS, QuantTargetClassifier, quant_columns, quant_features
from .records import THEMES, Mention, SentenceResult
from .features.text_features import make_text_features
from .classifiers.themes import ThemeClassifier


def _default_extractor():
    from .indicators.extractor import IndicatorExtractor

    return IndicatorExtractor()


class GwrTagger(BaseEstimator):
    """Holds the shared text features, the theme classifier, the indicator extractor and the quant_target
    classifier. Each sentence is segmented and vectorised once; every model reads the same feature rows.

    ``fit(X, Y, mentions=…, groups=…, unlabelled=…)``: ``X`` a sentence frame, ``Y`` (n, 5) 0/1 in the
    order THEMES + quant_target, ``mentions`` the gold indicator mentions of each sentence; ``unlabelled``
    (a frame of unlabelled report sentences) widens the vocabulary and IDF statistics of the text features.
    """

    def __init__(self, features=None, themes: ThemeClassifier | None = None,
                 quant: QuantTargetClassifier | None = None, extractor=None, random_state: int = 0):
        self.features = features
        self.themes = themes
        self.quant = quant
        self.extractor = extractor
        self.random_state = random_state

    def fit(self, X: pd.DataFrame, Y, mentions: Sequence[Sequence[Mention]], groups=None,
            unlabelled: pd.DataFrame | None = None):
        Y = np.asarray(Y).astype(int)
        self.features_ = clone(self.features) if self.features is not None else make_text_features()
        self.features_.fit(X if unlabelled is None else pd.concat([X, unlabelled[X.columns]], ignore_index=True))
        Z = self.features_.transform(X)
        self.themes_ = clone(self.themes or ThemeClassifier(random_state=self.random_state))
        self.themes_.fit(Z, Y[:, : len(THEMES)], groups=groups)
        self.extractor_ = clone(self.extractor if self.extractor is not None else _default_extractor())
        self.extractor_.fit(list(X["text"]), list(X["section"]), [list(m) for m in mentions])
        found = self.extractor_.extract_many(list(X["text"]), list(X["section"]))
        self.quant_features_ = quant_features().fit(self._with_extractor_counts(X, found))
        self.quant_ = clone(self.quant or QuantTargetClassifier(random_state=self.random_state))
        self.quant_.fit(self._quant_rows(Z, X, found), Y[:, len(THEMES)], groups=groups)
        return self

    @staticmethod
    def _with_extractor_counts(X: pd.DataFrame, found: list[list[Mention]]) -> pd.DataFrame:
        counts = extractor_counts(found).astype(int)
        return X.assign(**{c: counts[:, i].tolist() for i, c in enumerate(EXTRACTOR_COLUMNS)})

    def _quant_rows(self, Z, X: pd.DataFrame, found: list[list[Mention]]):
        """The shared text features joined with the quant_target model's own columns."""
        own = quant_columns(self.quant_features_, list(X["text"]), list(X["section"]), extractor_counts(found))
        return sparse.hstack([Z, own], format="csr")

    def predict_frame(self, X: pd.DataFrame) -> list[SentenceResult]:
        """Tag every sentence of a frame (see :func:`~model.features.frame.sentence_frame`)."""
        Z = self.features_.transform(X)
        theme_proba = self.themes_.predict_proba(Z)
        found = self.extractor_.extract_many(list(X["text"]), list(X["section"]))
        quant_proba = self.quant_.predict_proba(self._quant_rows(Z, X, found))[:, 0]
        return sentence_results(list(X["text"]), list(X["section"]), theme_proba, self.themes_.thresholds_,
                                quant_proba, self.quant_.thresholds_[0], found)

    def label_thresholds(self) -> dict[str, float]:
        """The decision threshold of each label (themes and quant_target)."""
        return label_thresholds(self.themes_.thresholds_, self.quant_.thresholds_[0])

    def predict_sentences(self, texts: Sequence[str], sections: Sequence[str | None] | None = None
                          ) -> list[SentenceResult]:
        """Tag sentences given as text (segmented once, shared by all the models)."""
        if len(texts) == 0:
            return []
        return self.predict_frame(sentence_frame(texts, sections))
