"""Indicator extraction: every measured number of a sentence with its unit, comparator, measure and name
(one regular-expression pass), kept or dropped and read as a target or an actual by two logistic
regressions learned from the labelled mentions (see docs/labelling.md and docs/extractor.md)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from sklearn.base import BaseEstimator
from sklearn.dummy import DummyClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.utils.validation import check_is_fitted

from .candidates import (  # noqa: F401  (CANDIDATE, candidate_matches: the pattern, re-exported)
    CANDIDATE,
    Candidate,
    candidate_features,
    candidate_matches,
    find_candidates,
    mentions_from_scores,
)
from .dict_features import DictFeatures
from ..records import Mention

# --- the estimator -------------------------------------------------------------------------------------

class IndicatorExtractor(BaseEstimator):
    """Indicator mentions of report sentences.

    ``fit(texts, sections, mentions)`` aligns the gold mentions with the regex candidates by span overlap and
    learns two logistic regressions on the candidates' context: *keep* (is it an indicator mention at all)
    and *kind* (target or actual). A mention's target probability is blended with the mean of its
    sentence's (``sentence_weight``), since the figures of one sentence mostly share their kind; the
    defaults were chosen by 5-fold cross-validation over documents of the training split.
    """

    def __init__(self, C: float = 1.0, keep_threshold: float = 0.5, target_threshold: float = 0.3,
                 sentence_weight: float = 0.5, max_iter: int = 2000, random_state: int = 0):
        self.C = C
        self.keep_threshold = keep_threshold
        self.target_threshold = target_threshold
        self.sentence_weight = sentence_weight
        self.max_iter = max_iter
        self.random_state = random_state

    def candidates(self, text: str) -> list[Candidate]:
        """Every measured number of ``text`` (the regex pass alone, nothing learned)."""
        return find_candidates(text)

    def fit(self, texts: Sequence[str], sections: Sequence[str | None], mentions: Sequence[Sequence[Mention]]):
        rows, keep, kind_rows, kind = [], [], [], []
        for text, section, gold in zip(texts, sections, mentions):
            found = find_candidates(text)
            for i, c in enumerate(found):
                features = candidate_features(text, c, section, i, len(found))
                match = _overlapping(c, gold)
                rows.append(features)
                keep.append(int(match is not None))
                if match is not None:
                    kind_rows.append(features)
                    kind.append(int(match.kind == "target"))
        self.vectorizer_ = DictFeatures()
        X = self.vectorizer_.fit_transform(rows)
        self.keep_model_ = self._fit_binary(X, keep)
        self.kind_model_ = self._fit_binary(self.vectorizer_.transform(kind_rows), kind)
        self.n_candidates_ = len(rows)
        self.n_aligned_ = int(sum(keep))
        return self

    def _fit_binary(self, X, y: list[int]):
        """A logistic regression; the prior alone when the data holds one class only (a tiny training set)."""
        y_arr = np.asarray(y, dtype=int)
        if len(set(y)) < 2:
            return DummyClassifier(strategy="constant", constant=int(y_arr[0]) if len(y_arr) else 0).fit(
                np.zeros((max(1, len(y_arr)), 1)), y_arr if len(y_arr) else np.zeros(1, dtype=int))
        return LogisticRegression(C=self.C, max_iter=self.max_iter, random_state=self.random_state).fit(X, y_arr)

    def extract(self, text: str, section: str | None = None) -> list[Mention]:
        return self.extract_many([text], [section])[0]

    def extract_many(self, texts: Sequence[str], sections: Sequence[str | None] | None = None) -> list[list[Mention]]:
        return [[m for m, _ in found] for found in self.extract_many_with_proba(texts, sections)]

    def extract_with_proba(self, text: str, section: str | None = None) -> list[tuple[Mention, float]]:
        """The mentions of one sentence, each with the probability that it is a target."""
        return self.extract_many_with_proba([text], [section])[0]

    def extract_many_with_proba(self, texts: Sequence[str], sections: Sequence[str | None] | None = None
                                ) -> list[list[tuple[Mention, float]]]:
        """Mentions with their target probability for many sentences, scored in one batch."""
        check_is_fitted(self, "vectorizer_")
        sections = list(sections) if sections is not None else [None] * len(texts)
        found = [find_candidates(t) for t in texts]
        rows = [candidate_features(t, c, s, i, len(cs))
                for t, s, cs in zip(texts, sections, found) for i, c in enumerate(cs)]
        if not rows:
            return [[] for _ in texts]
        X = self.vectorizer_.transform(rows)
        return mentions_from_scores(found, _positive_proba(self.keep_model_, X), _positive_proba(self.kind_model_, X),
                                    self.keep_threshold, self.target_threshold, self.sentence_weight)


def _positive_proba(model, X) -> np.ndarray:
    """P(class 1) for each row, also from a one-class model."""
    proba = model.predict_proba(X)
    classes = list(model.classes_)
    return proba[:, classes.index(1)] if 1 in classes else np.zeros(X.shape[0])


def _overlapping(c: Candidate, gold: Sequence[Mention]) -> Mention | None:
    best, best_overlap = None, 0
    for m in gold:
        overlap = min(c.end, m.end) - max(c.start, m.start)
        if overlap > best_overlap:
            best, best_overlap = m, overlap
    return best
