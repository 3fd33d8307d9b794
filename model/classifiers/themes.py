"""The theme tagger: innovation, talent, urban, party — multi-label, a sentence may have none or several."""

from __future__ import annotations

from ..records import THEMES
from .sentence_classifier import SentenceClassifier


class ThemeClassifier(SentenceClassifier):
    """One calibrated linear model per theme over the shared text features (word/char TF-IDF and
    dictionary hits), with tuned per-theme thresholds (see :class:`~model.classifiers.sentence_classifier.SentenceClassifier`)."""

    label_names = THEMES
