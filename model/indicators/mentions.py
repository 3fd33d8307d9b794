"""Scoring the candidates of sentences into indicator mentions: the array form of a fitted
:class:`~model.indicators.extractor.IndicatorExtractor` (:class:`MentionScorer`): its feature names, the
*keep* and *kind* models, and how their probabilities become mentions."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy.special import expit

from ..records import Mention
from ..runtime.arrays import part
from .candidates import Candidate, candidate_features, find_candidates
from .feature_rows import NamedColumns


@part("logistic_score")
@dataclass(frozen=True, eq=False)
class LogisticScore:
    """A logistic regression's probability of class 1 (``coef``, ``intercept``)."""

    coef: np.ndarray
    intercept: float

    def proba(self, X) -> np.ndarray:
        # a one-column product, as LogisticRegression.decision_function computes it
        return expit((X @ self.coef[:, None]).ravel() + self.intercept)


@part("constant_score")
@dataclass(frozen=True)
class ConstantScore:
    """One probability for every candidate (a model fitted on one class only)."""

    value: float

    def proba(self, X) -> np.ndarray:
        return np.full(X.shape[0], self.value)


@part("mention_scorer")
@dataclass(frozen=True, eq=False)
class MentionScorer:
    """``keep`` (is the candidate an indicator mention) and ``kind`` (is it a target) over the candidates'
    feature rows; a target probability is blended with its sentence's mean (``sentence_weight``), since the
    figures of one sentence mostly share their kind."""

    columns: NamedColumns
    keep: LogisticScore | ConstantScore
    kind: LogisticScore | ConstantScore
    keep_threshold: float
    target_threshold: float
    sentence_weight: float

    def extract(self, texts: Sequence[str], sections: Sequence[str | None]) -> list[list[tuple[Mention, float]]]:
        """Each sentence's indicator mentions with their target probability."""
        found: list[list[Candidate]] = [find_candidates(t) for t in texts]
        rows = [candidate_features(t, c, s, i, len(cs))
                for t, s, cs in zip(texts, sections, found) for i, c in enumerate(cs)]
        if not rows:
            return [[] for _ in texts]
        X = self.columns.transform(rows)
        return mentions_from_scores(found, self.keep.proba(X), self.kind.proba(X), self.keep_threshold,
                                    self.target_threshold, self.sentence_weight)


def mentions_from_scores(found: list[list[Candidate]], keep, target, keep_threshold: float,
                         target_threshold: float, sentence_weight: float) -> list[list[tuple[Mention, float]]]:
    """Each sentence's kept candidates as mentions with their target probability, from the keep and target
    probabilities of all candidates in order: a target probability is blended with its sentence's mean
    (``sentence_weight``), since the figures of one sentence mostly share their kind."""
    keep, target = np.asarray(keep), np.asarray(target)
    out, k = [], 0
    for cs in found:
        kept = [i for i in range(k, k + len(cs)) if keep[i] >= keep_threshold]
        mean = float(np.mean(target[kept])) if kept else 0.0
        sentence = []
        for i in kept:
            proba = (1 - sentence_weight) * float(target[i]) + sentence_weight * mean
            kind = "target" if proba >= target_threshold else "actual"
            sentence.append((cs[i - k].to_mention(kind), proba))
        out.append(sentence)
        k += len(cs)
    return out
