"""The section of each sentence as scoring computes it: a first pass that reads each sentence alone (a
multinomial logistic regression over its words, heading cues and marks), and a second pass that reads the
document (the first pass's probabilities of the sentence and of its neighbours, near and far).

The array form of a fitted :class:`~model.classifiers.sections.SectionClassifier`, on numpy alone.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..features.columns import ColumnBlocks
from ..runtime.arrays import part

# The parts of a report (``other``: openings, news frames, closing appeals).
SECTION_STATES = ("review", "plan", "other")


@part("softmax_head")
@dataclass(frozen=True, eq=False)
class SoftmaxHead:
    """A multinomial logistic regression: ``coef`` (n_classes, n_features), ``intercepts`` (n_classes,)."""

    coef: np.ndarray
    intercepts: np.ndarray

    @classmethod
    def from_state(cls, state: dict) -> SoftmaxHead:
        return cls(np.asarray(state["coef"], dtype=np.float64), np.asarray(state["intercepts"], dtype=np.float64))

    def predict_proba(self, Z) -> np.ndarray:
        """The class probabilities, by the arithmetic of scikit-learn's ``LogisticRegression.predict_proba``."""
        decision = np.asarray(Z @ self.coef.T) + self.intercepts
        decision -= decision.max(axis=1).reshape((-1, 1))
        np.exp(decision, decision)
        decision /= decision.sum(axis=1).reshape((-1, 1))
        return decision


# Windows (first, last offset from the sentence) over which the neighbours' first-pass probabilities are
# averaged: the sentences just before and after, the paragraph around, and everything before and after.
CONTEXT_WINDOWS = ((-1, -1), (1, 1), (-3, -1), (1, 3), (-10, -1), (1, 10), (-40, -1), (1, 40),
                   (-1_000_000, -1), (1, 1_000_000))


def context_features(proba: np.ndarray, windows=CONTEXT_WINDOWS) -> np.ndarray:
    """One document's context rows: each sentence's own first-pass probabilities, then for each window the
    mean probabilities of the sentences in it and a flag for an empty window (the document's edge)."""
    n, k = proba.shape
    cumulative = np.vstack([np.zeros((1, k)), np.cumsum(proba, axis=0)])
    i = np.arange(n)
    columns = [proba]
    for first, last in windows:
        lo, hi = np.clip(i + first, 0, n), np.clip(i + last + 1, 0, n)
        empty = hi <= lo
        mean = (cumulative[hi] - cumulative[lo]) / np.maximum(hi - lo, 1)[:, None]
        mean[empty] = 0.0
        columns += [mean, empty[:, None].astype(np.float64)]
    return np.hstack(columns)


@part("section_context")
@dataclass(frozen=True, eq=False)
class SectionContext:
    """The second pass: a multinomial logistic regression over :func:`context_features` of the first pass,
    fitted on out-of-fold first-pass probabilities."""

    windows: tuple[tuple[int, int], ...]
    head: SoftmaxHead

    @classmethod
    def from_state(cls, state: dict) -> SectionContext:
        return cls(tuple(tuple(int(x) for x in w) for w in state["windows"]), state["head"])

    def smooth(self, proba: np.ndarray) -> np.ndarray:
        """The posteriors of one document's sentences, in order, from their first-pass probabilities."""
        if proba.shape[0] == 0:
            return proba.copy()
        return self.head.predict_proba(context_features(proba, self.windows))


@part("section_model")
@dataclass(frozen=True, eq=False)
class SectionModel:
    """Sections of sentences: ``columns`` (the first pass's features), ``head`` (its probabilities of
    ``states``), and ``context`` (the second pass, over a document's first-pass probabilities)."""

    states: tuple[str, ...]
    columns: ColumnBlocks
    head: SoftmaxHead
    context: SectionContext

    @classmethod
    def from_state(cls, state: dict) -> SectionModel:
        return cls(tuple(state["states"]), state["columns"], state["head"], state["context"])

    def first_pass(self, frame) -> np.ndarray:
        """(n, n_states) probabilities of each sentence read alone (columns in ``states`` order)."""
        return self.head.predict_proba(self.columns.transform(frame))

    def document_proba(self, frame) -> np.ndarray:
        """(n, n_states) posteriors of one document's sentences, in order."""
        return self.context.smooth(self.first_pass(frame))

    def sections(self, proba: np.ndarray) -> tuple[list[str | None], list[float]]:
        """The section of each sentence (``None`` for ``other``) and its probability of ``plan``."""
        best = proba.argmax(axis=1).tolist()
        plan = proba[:, self.states.index("plan")].tolist()
        return [None if self.states[b] == "other" else self.states[b] for b in best], plan
