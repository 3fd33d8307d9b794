"""The tagger as it scores: a fitted :class:`~model.tagger.GwrTagger` compiled to its array form, on numpy,
scipy and jieba alone. This is the one implementation of scoring: the fitted tagger, ``gwr score``,
``Predictor``, the MLflow model and Spark all tag sentences through :class:`CompiledTagger` (a document read
whole by :meth:`~CompiledTagger.predict_document`, bare sentences by :meth:`~CompiledTagger.predict_sentences`).

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
from ..classifiers.quant_context_model import QuantContext, cue_parts
from ..classifiers.section_model import SECTION_STATES, SectionModel
from ..features.columns import ColumnBlocks
from ..features.frame import SentenceColumns
from ..features.section_columns import document_frame, sentences_frame
from ..indicators.mentions import MentionScorer
from ..records import SECTIONS, THEMES, Mention, SentenceResult
from .arrays import part


@part("tagger")
@dataclass(frozen=True, eq=False)
class CompiledTagger:
    """Sections, themes, quant_target and indicators of sentences.

    ``text``: the shared text features; ``themes``: the theme heads over them; ``extractor``: the indicator
    mentions; ``quant_columns``: the quant_target model's own columns; ``quant``: its head over the text
    features and those columns; ``sections``: the section model (None in models older than it, which take
    the layout reader's heading cues as the section); ``fold_script``: words are segmented with traditional
    characters read as simplified (False in models older than that, which read them as written);
    ``quant_context``: the quant_target head's second pass over a document read whole (None in models older
    than it; bare sentences are judged by the first pass alone).
    """

    text: ColumnBlocks
    themes: LabelHeads
    extractor: MentionScorer
    quant_columns: ColumnBlocks
    quant: LabelHeads
    sections: SectionModel | None = None
    fold_script: bool = False
    quant_context: QuantContext | None = None

    def label_thresholds(self) -> dict[str, float]:
        """The decision threshold of each label (themes, then quant_target)."""
        return {**dict(zip(self.themes.labels, map(float, self.themes.thresholds))),
                "quant_target": float(self.quant.thresholds[0])}

    def predict_sentences(self, texts: Sequence[str], sections: Sequence[str | None] | None = None,
                          headings: Sequence[str | None] | None = None) -> list[SentenceResult]:
        """Tag sentences given as text (segmented once, shared by all the models). A sentence without a given
        section has it read from its own wording (and ``headings``, when given) by the section model."""
        texts = list(texts)
        if not texts:
            return []
        given = list(sections) if sections is not None else [None] * len(texts)
        frame = sentences_frame(texts, given, headings, self.fold_script)
        probs: list[float | None] = [None] * len(texts)
        if self.sections is not None and any(s not in SECTIONS for s in given):
            read, plan = self.sections.sections(self.sections.first_pass(frame))
            for i, section in enumerate(given):
                if section not in SECTIONS:
                    given[i], probs[i] = read[i], plan[i]
        return self._tag(frame, given, probs)

    def predict_document(self, sentences: Sequence, year: int | None = None) -> list[SentenceResult]:
        """Tag one document's sentences (:class:`~model.records.Sentence`, in order): the section model reads
        each with its heading cues and its neighbours (``year``: the report's, for the years it names)."""
        if not sentences:
            return []
        frame = document_frame(sentences, year, self.fold_script)
        if self.sections is None:
            given = [s.section for s in sentences]
            return self._tag(frame, given, [None] * len(sentences), cue_parts(given))
        proba = self.sections.document_proba(frame)
        found, plan = self.sections.sections(proba)
        return self._tag(frame, found, plan, proba[:, [self.sections.states.index(s) for s in SECTION_STATES]])

    def _tag(self, frame: SentenceColumns, sections: list[str | None], probs: list[float | None],
             parts: np.ndarray | None = None) -> list[SentenceResult]:
        """The results with ``sections`` as their section; the extractor and the quant_target head read the
        frame's own section column (the given section, else the layout reader's heading cue), as they were
        trained: on the test split, learned sections in its place lowered quant_target F1 (0.85 to 0.81).
        With ``parts`` (one document's part posteriors, SECTION_STATES columns) the quant_target second pass
        reads the first pass's probabilities of the whole document."""
        texts = frame.texts
        Z = self.text.transform(frame)
        theme_proba = self.themes.predict_proba(Z)
        found = [[m for m, _ in sentence] for sentence in self.extractor.extract(texts, frame.column("section"))]
        frame.add(**extractor_counts(found))
        quant_proba = self.quant.predict_proba(quant_rows(Z, self.quant_columns.transform(frame)))[:, 0]
        threshold = float(self.quant.thresholds[0])
        if parts is not None and self.quant_context is not None:
            quant_proba = self.quant_context.predict_proba(quant_proba, parts, texts)
            threshold = float(self.quant_context.threshold)
        return sentence_results(texts, sections, self.themes.labels, theme_proba,
                                self.themes.thresholds, quant_proba, threshold, found, probs)


def quant_rows(Z, own) -> sparse.csr_matrix:
    """What the quant_target head reads: the text features, then its own columns."""
    return sparse.hstack([Z, own], format="csr")


def sentence_results(texts: Sequence[str], sections: Sequence[str], labels: Sequence[str], theme_proba: np.ndarray,
                     theme_thresholds: np.ndarray, quant_proba: np.ndarray, quant_threshold: float,
                     found: list[list[Mention]], section_probs: Sequence[float | None] | None = None
                     ) -> list[SentenceResult]:
    """The per-sentence results from the models' outputs."""
    if tuple(labels) != THEMES:
        raise ValueError(f"theme heads for {tuple(labels)}, expected {THEMES}")
    flags = (theme_proba >= theme_thresholds).tolist()
    probas, quant = theme_proba.tolist(), quant_proba.tolist()
    section_probs = list(section_probs) if section_probs is not None else [None] * len(texts)
    return [
        SentenceResult(
            text=text,
            themes=dict(zip(THEMES, probas[i])),
            labels=[t for t, flag in zip(THEMES, flags[i]) if flag],
            quant_target=quant[i] >= quant_threshold,
            quant_target_prob=quant[i],
            indicators=found[i],
            section=sections[i] if sections[i] in SECTIONS else None,
            section_prob=section_probs[i],
        )
        for i, text in enumerate(texts)
    ]
