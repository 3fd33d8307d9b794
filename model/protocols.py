"""What every tagger offers its users: the fitted estimator, its array form and the keyword baseline alike."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, runtime_checkable

from .records import SentenceResult


@runtime_checkable
class Tagger(Protocol):
    """Tags sentences: what :class:`~serve.predictor.Predictor`, evaluation and the champion gate use."""

    def predict_sentences(self, texts: Sequence[str], sections: Sequence[str | None] | None = None,
                          headings: Sequence[str | None] | None = None) -> list[SentenceResult]:
        """The scoring contract's per-sentence results, in order (``headings``: read where the tagger can)."""
        ...

    def label_thresholds(self) -> dict[str, float]:
        """The decision threshold of each label."""
        ...


@runtime_checkable
class DocumentTagger(Tagger, Protocol):
    """A tagger that also reads a document whole (its sections from the sentences around each one)."""

    def predict_document(self, sentences: Sequence, year: int | None = None) -> list[SentenceResult]:
        """The results of one document's sentences (:class:`~model.records.Sentence`, in order)."""
        ...
