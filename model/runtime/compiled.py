"""The tagger as it scores: a fitted :class:`~model.tagger.GwrTagger` compiled to its array form, on numpy,
scipy and jieba alone. This is the one implementation of scoring: the fitted tagger, ``gwr score``,
``Predictor``, the MLflow model and Spark all tag sentences through :meth:`CompiledTagger.predict_sentences`.

Each sentence is segmented and vectorised once; the theme heads read the text features, the extractor reads
the sentence, and the quant_target head reads the text features joined with its own columns (cue words, the
extractor's counts, the section). Every part is a registered part of :mod:`model.runtime.arrays`, so the
whole tagger is written to and read from ``inference.npz`` and ``inference.json``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse

from ..classifiers.linear_heads import LabelHeads
from ..classifiers.quant_columns import extractor_counts
from ..features.columns import ColumnBlocks
from ..features.frame import SentenceColumns
from ..indicators.mentions import MentionScorer
from ..records import SECTIONS, THEMES, Mention, SentenceResult
from .arrays import part


@part("tagger")
@dataclass(frozen=True, eq=False)
class CompiledTagger:
    """Themes, quant_target and indicators of sentences.

    ``text``: the shared text features; ``themes``: the theme heads over them; ``extractor``: the indicator
    mentions; ``quant_columns``: the quant_target model's own columns; ``quant``: its head over the text
    features and those columns.
    """

    text: ColumnBlocks
    themes: LabelHeads
    extractor: MentionScorer
    quant_columns: ColumnBlocks
    quant: LabelHeads

    def label_thresholds(self) -> dict[str, float]:
        """The decision threshold of each label (themes, then quant_target)."""
        return {**dict(zip(self.themes.labels, map(float, self.themes.thresholds))),
                "quant_target": float(self.quant.thresholds[0])}

    def predict_sentences(self, texts: Sequence[str], sections: Sequence[str | None] | None = None
                          ) -> list[SentenceResult]:
        """Tag sentences given as text (segmented once, shared by all the models)."""
        texts = list(texts)
        if not texts:
            return []
        frame = SentenceColumns(texts, sections)
        Z = self.text.transform(frame)
        theme_proba = self.themes.predict_proba(Z)
        found = [[m for m, _ in sentence] for sentence in self.extractor.extract(texts, frame.column("section"))]
        frame.add(**extractor_counts(found))
        quant_proba = self.quant.predict_proba(quant_rows(Z, self.quant_columns.transform(frame)))[:, 0]
        return sentence_results(texts, frame.column("section"), self.themes.labels, theme_proba,
                                self.themes.thresholds, quant_proba, float(self.quant.thresholds[0]), found)


def quant_rows(Z, own) -> sparse.csr_matrix:
    """What the quant_target head reads: the text features, then its own columns."""
    return sparse.hstack([Z, own], format="csr")


def sentence_results(texts: Sequence[str], sections: Sequence[str], labels: Sequence[str], theme_proba: np.ndarray,
                     theme_thresholds: np.ndarray, quant_proba: np.ndarray, quant_threshold: float,
                     found: list[list[Mention]]) -> list[SentenceResult]:
    """The per-sentence results from the models' outputs."""
    if tuple(labels) != THEMES:
        raise ValueError(f"theme heads for {tuple(labels)}, expected {THEMES}")
    flags = (theme_proba >= theme_thresholds).tolist()
    probas, quant = theme_proba.tolist(), quant_proba.tolist()
    return [
        SentenceResult(
            text=text,
            themes=dict(zip(THEMES, probas[i])),
            labels=[t for t, flag in zip(THEMES, flags[i]) if flag],
            quant_target=quant[i] >= quant_threshold,
            quant_target_prob=quant[i],
            indicators=found[i],
            section=sections[i] if sections[i] in SECTIONS else None,
        )
        for i, text in enumerate(texts)
    ]
