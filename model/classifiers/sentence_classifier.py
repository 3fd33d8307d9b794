"""A sentence classifier for one or more yes/no labels: calibrated linear models over the sentences'
feature rows, with a decision threshold per label tuned on grouped out-of-fold probabilities."""

from __future__ import annotations

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin, clone
from sklearn.calibration import CalibratedClassifierCV
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold
from sklearn.utils.validation import check_is_fitted

from ..compiling import Compiles, compile_heads
from .linear_heads import LabelHeads
from .thresholds import best_f1_threshold


class BinaryTextClassifier(ClassifierMixin, BaseEstimator):
    """Logistic regression with sigmoid calibration, for one yes/no label on sparse features.

    Parameters
    ----------
    C : float, default=4.0
        Inverse regularisation strength of the logistic regression.
    calibration_cv : int, default=3
        Folds of the sigmoid calibration; with fewer positives (or negatives) than this the model is the
        constant rate of positives.
    random_state : int, default=0
        Seed of the logistic regression's solver.

    Attributes
    ----------
    classes_ : ndarray of shape (2,)
        ``[0, 1]``.
    model_ : CalibratedClassifierCV or None
        The calibrated logistic regressions; None when the label is (nearly) constant.
    constant_ : float or None
        The probability given to every sentence when ``model_`` is None.
    """

    def __init__(self, C: float = 4.0, calibration_cv: int = 3, random_state: int = 0):
        self.C = C
        self.calibration_cv = calibration_cv
        self.random_state = random_state

    def fit(self, Z, y):
        y = np.asarray(y).astype(int)
        self.classes_ = np.array([0, 1])
        positives = int(y.sum())
        if positives < self.calibration_cv or positives > len(y) - self.calibration_cv:
            self.constant_ = float(y.mean()) if len(y) else 0.0
            self.model_ = None
            return self
        self.constant_ = None
        base = LogisticRegression(C=self.C, class_weight="balanced", max_iter=5000, solver="liblinear",
                                  random_state=self.random_state)
        self.model_ = CalibratedClassifierCV(base, method="sigmoid", cv=self.calibration_cv).fit(Z, y)
        return self

    def predict_proba(self, Z):
        check_is_fitted(self, "classes_")
        if self.model_ is None:
            p = np.full(Z.shape[0], self.constant_)
            return np.column_stack([1 - p, p])
        return self.model_.predict_proba(Z)

    def predict(self, Z):
        return (self.predict_proba(Z)[:, 1] >= 0.5).astype(int)


class SentenceClassifier(Compiles, ClassifierMixin, BaseEstimator):
    """Labels ``label_names`` on the feature rows of sentences (the tagger's shared text features).

    ``fit(Z, Y, groups=…)``: ``Y`` is (n, n_labels) 0/1; ``groups`` (document ids) keep a document within one
    fold when the per-label thresholds are tuned on out-of-fold probabilities. Probabilities come from the
    array form (:class:`~model.classifiers.linear_heads.LabelHeads`, the same numbers as scikit-learn's, in
    one product); :meth:`reference_proba` computes them through scikit-learn itself.

    Parameters
    ----------
    C : float, default=4.0
        Inverse regularisation strength of every label's logistic regression.
    cv : int, default=5
        Grouped folds of the out-of-fold probabilities the thresholds are tuned on.
    calibration_cv : int, default=3
        Folds of each model's sigmoid calibration.
    random_state : int, default=0
        Seed of every model.

    Attributes
    ----------
    labels_ : list of str
        The label names, in column order.
    estimators_ : list of BinaryTextClassifier
        One fitted model per label.
    oof_proba_ : ndarray of shape (n_samples, n_labels)
        Out-of-fold probabilities of the training sentences.
    thresholds_ : ndarray of shape (n_labels,)
        Each label's decision threshold (best F1 on the out-of-fold probabilities).
    """

    label_names: tuple[str, ...] = ()

    def __init__(self, C: float = 4.0, cv: int = 5, calibration_cv: int = 3, random_state: int = 0):
        self.C = C
        self.cv = cv
        self.calibration_cv = calibration_cv
        self.random_state = random_state

    def _binary(self) -> BinaryTextClassifier:
        return BinaryTextClassifier(C=self.C, calibration_cv=self.calibration_cv, random_state=self.random_state)

    def fit(self, Z, Y, groups=None):
        Y = np.asarray(Y).astype(int).reshape(Z.shape[0], -1)
        self.labels_ = list(self.label_names) or [f"label{j}" for j in range(Y.shape[1])]
        self.estimators_ = [self._binary().fit(Z, Y[:, j]) for j in range(Y.shape[1])]
        self.oof_proba_ = self._out_of_fold(Z, Y, groups)
        self.thresholds_ = np.array([best_f1_threshold(Y[:, j], self.oof_proba_[:, j])
                                     for j in range(Y.shape[1])])
        return self._compiled_after_fit()

    def _out_of_fold(self, Z, Y, groups) -> np.ndarray:
        groups = np.arange(Z.shape[0]) if groups is None else np.asarray(groups)
        n_splits = min(self.cv, len(np.unique(groups)))
        oof = np.zeros(Y.shape, dtype=float)
        for train, test in GroupKFold(n_splits=n_splits).split(Z, groups=groups):
            for j in range(Y.shape[1]):
                model = clone(self._binary()).fit(Z[train], Y[train, j])
                oof[test, j] = model.predict_proba(Z[test])[:, 1]
        return oof

    def compile(self) -> LabelHeads:
        heads = compile_heads([e.model_ for e in self.estimators_], [e.constant_ for e in self.estimators_])
        return LabelHeads(tuple(self.labels_), heads, np.asarray(self.thresholds_, dtype=np.float64))

    def predict_proba(self, Z) -> np.ndarray:
        """(n, n_labels) probabilities, all labels' models scored in one product."""
        return self.compiled().predict_proba(Z)

    def reference_proba(self, Z) -> np.ndarray:
        """The same probabilities, each label's model scored by scikit-learn (what the array form is checked
        against)."""
        check_is_fitted(self)
        return np.column_stack([e.predict_proba(Z)[:, 1] for e in self.estimators_])

    def predict(self, Z) -> np.ndarray:
        return (self.predict_proba(Z) >= self.thresholds_).astype(int)
