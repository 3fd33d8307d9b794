"""Indicator extraction: every measured number of a sentence with its unit, comparator, measure and name
(one regular-expression pass), kept or dropped and read as a target or an actual by two logistic
regressions learned from the labelled mentions (see docs/labelling.md and docs/extractor.md)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import numpy as np
from sklearn.base import BaseEstimator
from sklearn.dummy import DummyClassifier
from sklearn.linear_model import LogisticRegression

from ..compiling import Compiles, ReferenceRows, ReferenceScore, compile_score
from ..records import Mention
from .candidates import Candidate, candidate_features, find_candidates
from .dict_features import DictFeatures
from .feature_rows import NamedColumns
from .mentions import MentionScorer


class IndicatorExtractor(Compiles, BaseEstimator):
    """Indicator mentions of report sentences.

    ``fit(texts, sections, mentions)`` aligns the gold mentions with the regex candidates by span overlap and
    learns two logistic regressions on the candidates' context: *keep* (is it an indicator mention at all)
    and *kind* (target or actual). A mention's target probability is blended with the mean of its
    sentence's (``sentence_weight``), since the figures of one sentence mostly share their kind; the
    defaults were chosen by 5-fold cross-validation over documents of the training split.

    Parameters
    ----------
    C : float, default=1.0
        Inverse regularisation strength of both logistic regressions.
    keep_threshold : float, default=0.5
        A candidate with a keep probability at least this is a mention.
    target_threshold : float, default=0.3
        A mention whose blended target probability is at least this is a target, else an actual.
    sentence_weight : float, default=0.5
        Weight of the sentence's mean target probability in each mention's.
    max_iter : int, default=2000
        Solver iterations of the logistic regressions.
    random_state : int, default=0
        Seed of the logistic regressions.

    Attributes
    ----------
    vectorizer_ : DictFeatures
        The candidates' feature names.
    keep_model_, kind_model_ : LogisticRegression or DummyClassifier
        The two candidate models (a constant when the training data holds one class only).
    n_candidates_ : int
        Candidates found in the training sentences.
    n_aligned_ : int
        Candidates that overlap a gold mention.
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
        return self._compiled_after_fit()

    def _fit_binary(self, X, y: list[int]):
        """A logistic regression; the prior alone when the data holds one class only (a tiny training set)."""
        y_arr = np.asarray(y, dtype=int)
        if len(set(y)) < 2:
            return DummyClassifier(strategy="constant", constant=int(y_arr[0]) if len(y_arr) else 0).fit(
                np.zeros((max(1, len(y_arr)), 1)), y_arr if len(y_arr) else np.zeros(1, dtype=int))
        return LogisticRegression(C=self.C, max_iter=self.max_iter, random_state=self.random_state).fit(X, y_arr)

    def compile(self) -> MentionScorer:
        names = np.array([str(n) for n in self.vectorizer_.feature_names_], dtype=str)
        return MentionScorer(NamedColumns(names), compile_score(self.keep_model_, len(names)),
                             compile_score(self.kind_model_, len(names)), float(self.keep_threshold),
                             float(self.target_threshold), float(self.sentence_weight))

    def reference(self) -> MentionScorer:
        """The scorer with scikit-learn's own vectoriser and models in place of their array form."""
        return replace(self.compiled(), columns=ReferenceRows(self.vectorizer_),
                       keep=ReferenceScore(self.keep_model_), kind=ReferenceScore(self.kind_model_))

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
        scorer = self.compiled()
        return scorer.extract(list(texts), list(sections) if sections is not None else [None] * len(texts))


def _overlapping(c: Candidate, gold: Sequence[Mention]) -> Mention | None:
    best, best_overlap = None, 0
    for m in gold:
        overlap = min(c.end, m.end) - max(c.start, m.start)
        if overlap > best_overlap:
            best, best_overlap = m, overlap
    return best
