"""The quant_target head's second pass over a document: it reads each sentence's first-pass probability beside
its neighbours', its part and its place in a target list (see :mod:`.quant_context_model`), so a figure in a
list after "主要预期目标是：" or a result in a review passage is judged with what surrounds it."""

from __future__ import annotations

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold
from sklearn.utils.validation import check_is_fitted

from ..compiling import Compiles
from .quant_context_model import NEIGHBOUR_WINDOWS, QuantContext, context_rows
from .thresholds import best_f1_threshold, f1_at


class QuantContextClassifier(Compiles, ClassifierMixin, BaseEstimator):
    """A logistic regression over :func:`~model.classifiers.quant_context_model.context_rows`.

    ``fit(R, y, groups)``: ``R`` the rows of the labelled sentences, computed from first-pass probabilities
    out of fold (documents kept whole), ``y`` their quant_target labels, ``groups`` their document ids; the
    decision threshold is the best F1 on the rows' own out-of-fold probabilities.

    Parameters
    ----------
    C : float, default=1.0
        Inverse regularisation strength.
    cv : int, default=5
        Grouped folds of the out-of-fold probabilities the threshold is tuned on.
    random_state : int, default=0
        Seed of the solver.

    Attributes
    ----------
    model_ : LogisticRegression
        The fitted second pass.
    threshold_ : float
        Its decision threshold.
    oof_f1_ : float
        F1 of the out-of-fold probabilities at that threshold.
    oof_proba_ : ndarray of shape (n_samples,)
        Out-of-fold probabilities of the training rows (not saved).
    """

    def __init__(self, C: float = 1.0, cv: int = 5, random_state: int = 0):
        self.C = C
        self.cv = cv
        self.random_state = random_state

    def _model(self) -> LogisticRegression:
        return LogisticRegression(C=self.C, max_iter=5000, random_state=self.random_state)

    def fit(self, R, y, groups):
        R, y, groups = np.asarray(R, dtype=np.float64), np.asarray(y, dtype=int), np.asarray(groups, dtype=object)
        if len(set(y.tolist())) < 2:
            raise ValueError("the context pass needs sentences with and without a quantified target")
        self.classes_ = np.array([0, 1])
        self.model_ = self._model().fit(R, y)
        self.oof_proba_ = np.zeros(len(y))
        for train, held in GroupKFold(n_splits=min(self.cv, len(set(groups)))).split(R, y, groups):
            if len(set(y[train].tolist())) < 2:
                self.oof_proba_[held] = y[train].mean()
                continue
            self.oof_proba_[held] = self._model().fit(R[train], y[train]).predict_proba(R[held])[:, 1]
        self.threshold_ = best_f1_threshold(y, self.oof_proba_)
        self.oof_f1_ = f1_at(y, self.oof_proba_, self.threshold_)
        return self._compiled_after_fit()

    def compile(self) -> QuantContext:
        return QuantContext(NEIGHBOUR_WINDOWS, np.asarray(self.model_.coef_[0], dtype=np.float64),
                            float(self.model_.intercept_[0]), float(self.threshold_))

    def reference(self) -> ReferenceContext:
        """The same pass with scikit-learn's own model in place of its array form."""
        check_is_fitted(self)
        return ReferenceContext(self.model_, float(self.threshold_))

    def predict_proba(self, R) -> np.ndarray:
        check_is_fitted(self)
        return self.model_.predict_proba(np.asarray(R, dtype=np.float64))

    def predict(self, R) -> np.ndarray:
        return (self.predict_proba(R)[:, 1] >= self.threshold_).astype(int)

    def __getstate__(self):
        state = dict(super().__getstate__())
        state.pop("oof_proba_", None)
        return state


class ReferenceContext:
    """A fitted LogisticRegression where :class:`QuantContext` would be."""

    def __init__(self, model: LogisticRegression, threshold: float):
        self.model = model
        self.threshold = threshold

    def predict_proba(self, first, parts, texts) -> np.ndarray:
        if len(texts) == 0:
            return np.zeros(0)
        return self.model.predict_proba(context_rows(first, parts, texts))[:, 1]
