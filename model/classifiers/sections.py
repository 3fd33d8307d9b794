"""The section model: which part of a report (review, plan, other) each sentence belongs to, learned from the
document-structure labels. A first pass reads each sentence alone (its words, the heading cues of the layout
reader and of its heading, its marks: years relative to the report's year, heading, opening words, place at
the start or end); a second pass reads the neighbours' first-pass probabilities. The cue rules are features here, not verdicts."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.compose import ColumnTransformer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold
from sklearn.preprocessing import OneHotEncoder
from sklearn.utils.validation import check_is_fitted

from ..compiling import Compiles, CompileError, compile_columns
from ..features.frame import SentenceColumns
from ..features.tfidf import mask_digits
from ..features.tfidf_vectorizer import TfidfFeatures
from ..features.tokenize import split_tokens
from ..records import SECTIONS
from .section_model import CONTEXT_WINDOWS, SECTION_STATES, SectionContext, SectionModel, SoftmaxHead, context_features


def section_features(min_df: int = 2, max_features: int = 50_000) -> ColumnTransformer:
    """The first pass's features of a sentence frame with the SECTION_COLUMNS
    (:mod:`model.features.section_columns`): word uni- and bigrams, the two heading cues, the marks."""
    cues = [[*SECTIONS, "none"]]
    return ColumnTransformer(
        [("word", TfidfFeatures(tokenizer=split_tokens, token_pattern=None, lowercase=False,
                                preprocessor=mask_digits, ngram_range=(1, 2), min_df=min_df, sublinear_tf=True,
                                max_features=max_features), "tokens"),
         ("cue", OneHotEncoder(categories=cues, handle_unknown="ignore"), ["cue"]),
         ("heading_cue", OneHotEncoder(categories=cues, handle_unknown="ignore"), ["heading_cue"]),
         ("marks", TfidfFeatures(tokenizer=split_tokens, token_pattern=None, lowercase=False,
                                 preprocessor=mask_digits, use_idf=False, norm=None), "marks")],
        sparse_threshold=1.0,
    )


def document_runs(groups: Sequence) -> list[slice]:
    """The runs of equal consecutive ``groups`` (one document's sentences each, in order)."""
    runs, start = [], 0
    for i in range(1, len(groups) + 1):
        if i == len(groups) or groups[i] != groups[start]:
            runs.append(slice(start, i))
            start = i
    return runs


class SectionClassifier(Compiles, ClassifierMixin, BaseEstimator):
    """Sections of report sentences: a first pass over each sentence, a second over its document.

    ``fit(X, y, groups)``: ``X`` a sentence frame with ``tokens`` and the SECTION_COLUMNS, ``y`` each
    sentence's part (SECTION_STATES), ``groups`` its document id, each document's sentences together and in
    order. The second pass is fitted on first-pass probabilities out of fold (documents kept whole), so it
    learns how far to trust a sentence's own reading as it will be on new reports.

    Parameters
    ----------
    C : float, default=2.0
        Inverse regularisation strength of the first pass.
    C_context : float, default=1.0
        Inverse regularisation strength of the second pass.
    cv : int, default=5
        Folds (by document) of the out-of-fold probabilities.
    random_state : int, default=0
        Seed of the folds' order and the solvers.

    Attributes
    ----------
    features_ : ColumnTransformer
        The fitted first-pass features.
    head_ : LogisticRegression
        The first pass.
    context_ : LogisticRegression
        The second pass, over :func:`~model.classifiers.section_model.context_features`.
    classes_ : ndarray of str
        The parts, in the columns' order.
    oof_posterior_ : ndarray of shape (n, n_classes)
        The training sentences' posteriors with first passes that did not see their document: how the model
        reads documents like those it was fitted on (not saved).
    """

    def __init__(self, C: float = 2.0, C_context: float = 1.0, cv: int = 5, random_state: int = 0):
        self.C = C
        self.C_context = C_context
        self.cv = cv
        self.random_state = random_state

    def _head(self, C: float) -> LogisticRegression:
        return LogisticRegression(C=C, max_iter=5000, random_state=self.random_state)

    def fit(self, X, y, groups):
        y, groups = np.asarray(y, dtype=object), np.asarray(groups, dtype=object)
        unknown = set(y) - set(SECTION_STATES)
        if unknown:
            raise ValueError(f"unknown parts {sorted(unknown)}; expected {list(SECTION_STATES)}")
        runs = document_runs(list(groups))
        if len(runs) != len(set(groups)):
            raise ValueError("each document's sentences must come together and in order")
        self.features_ = section_features()
        Z = self.features_.fit_transform(X)
        self.head_ = self._head(self.C).fit(Z, y)
        self.classes_ = self.head_.classes_
        oof = np.zeros((len(y), len(self.classes_)))
        folds = GroupKFold(n_splits=min(self.cv, len(runs)), shuffle=True, random_state=self.random_state)
        for train, held in folds.split(Z, y, groups):
            head = self._head(self.C).fit(Z[train], y[train])
            columns = [list(self.classes_).index(c) for c in head.classes_]
            oof[np.ix_(held, columns)] = head.predict_proba(Z[held])
        C = np.vstack([context_features(oof[run]) for run in runs])
        self.context_ = self._head(self.C_context).fit(C, y)
        if list(self.context_.classes_) != list(self.classes_):
            raise ValueError("every part must occur in the training documents")
        self.oof_posterior_ = self.context_.predict_proba(C)
        return self._compiled_after_fit()

    def compile(self) -> SectionModel:
        for name, model in (("first", self.head_), ("second", self.context_)):
            if model.coef_.shape[0] != len(self.classes_):
                raise CompileError(f"a {name} pass of {model.coef_.shape[0]} rows for {len(self.classes_)} parts")
        return SectionModel(
            states=tuple(str(c) for c in self.classes_), columns=compile_columns(self.features_),
            head=_softmax(self.head_),
            context=SectionContext(CONTEXT_WINDOWS, _softmax(self.context_)))

    def reference(self) -> SectionModel:
        """The same model with both passes computed by scikit-learn (what the saved form is checked against)."""
        from ..compiling import ReferenceColumns

        return SectionModel(self.compiled().states, ReferenceColumns(self.features_), ReferenceHead(self.head_),
                            SectionContext(CONTEXT_WINDOWS, ReferenceHead(self.context_)))

    def predict_proba(self, X, groups) -> np.ndarray:
        """Posteriors of each sentence of a frame of whole documents (``groups`` as in ``fit``)."""
        check_is_fitted(self)
        model = self.compiled()
        proba = model.first_pass(columns_of(X))
        return np.vstack([model.context.smooth(proba[run]) for run in document_runs(list(groups))])

    def predict(self, X, groups) -> np.ndarray:
        return self.classes_[self.predict_proba(X, groups).argmax(axis=1)]

    def __getstate__(self):
        state = dict(super().__getstate__())
        state.pop("oof_posterior_", None)
        return state


def _softmax(model: LogisticRegression) -> SoftmaxHead:
    return SoftmaxHead(np.asarray(model.coef_, dtype=np.float64), np.asarray(model.intercept_, dtype=np.float64))


class ReferenceHead:
    """A fitted LogisticRegression where :class:`~model.classifiers.section_model.SoftmaxHead` would be."""

    def __init__(self, model):
        self.model = model

    def predict_proba(self, Z) -> np.ndarray:
        return self.model.predict_proba(Z)


def columns_of(X) -> SentenceColumns:
    """The sentence columns of a pandas frame (every column kept)."""
    frame = SentenceColumns(list(X["text"]), list(X["section"]) if "section" in X else None,
                            list(X["tokens"]) if "tokens" in X else None)
    return frame.add(**{c: list(X[c]) for c in X.columns if c not in ("text", "section", "tokens")})
