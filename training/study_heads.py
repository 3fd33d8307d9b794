"""Theme heads of any scikit-learn classifier, with each label's threshold tuned on grouped out-of-fold
probabilities as the production heads' are: the other model families the theme study compares with the
calibrated linear heads (:class:`~model.classifiers.themes.ThemeClassifier`)."""

from __future__ import annotations

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin, clone
from sklearn.model_selection import GroupKFold
from sklearn.utils.validation import check_is_fitted

from model.classifiers.thresholds import best_f1_threshold


class ThresholdedHeads(ClassifierMixin, BaseEstimator):
    """One clone of ``estimator`` per label column of ``Y``, thresholds at the best out-of-fold F1.

    Parameters
    ----------
    estimator : classifier
        Any scikit-learn classifier with ``predict_proba`` (a non-linear one, such as
        HistGradientBoostingClassifier, on dense blocks).
    cv : int, default=5
        Grouped folds of the out-of-fold probabilities.
    dense : bool, default=True
        Give the estimator dense arrays (tree ensembles and MLPs read no sparse input).

    Attributes
    ----------
    estimators_ : list
        The fitted clone of each label.
    thresholds_ : ndarray of shape (n_labels,)
        Each label's decision threshold.
    oof_proba_ : ndarray of shape (n_samples, n_labels)
        Out-of-fold probabilities of the training rows.
    """

    def __init__(self, estimator, cv: int = 5, dense: bool = True):
        self.estimator = estimator
        self.cv = cv
        self.dense = dense

    def _rows(self, Z):
        return Z.toarray() if self.dense and hasattr(Z, "toarray") else Z

    def fit(self, Z, Y, groups=None):
        Z, Y = self._rows(Z), np.asarray(Y, dtype=int)
        groups = np.arange(Z.shape[0]) if groups is None else np.asarray(groups)
        self.estimators_ = [clone(self.estimator).fit(Z, Y[:, j]) for j in range(Y.shape[1])]
        self.oof_proba_ = np.zeros(Y.shape)
        for train, held in GroupKFold(n_splits=min(self.cv, len(np.unique(groups)))).split(Z, groups=groups):
            for j in range(Y.shape[1]):
                if len(np.unique(Y[train, j])) < 2:
                    self.oof_proba_[held, j] = Y[train, j].mean()
                    continue
                self.oof_proba_[held, j] = clone(self.estimator).fit(Z[train], Y[train, j]).predict_proba(Z[held])[:, 1]
        self.thresholds_ = np.array([best_f1_threshold(Y[:, j], self.oof_proba_[:, j]) for j in range(Y.shape[1])])
        return self

    def predict_proba(self, Z) -> np.ndarray:
        """(n, n_labels) probability of each label."""
        check_is_fitted(self)
        Z = self._rows(Z)
        return np.column_stack([e.predict_proba(Z)[:, 1] for e in self.estimators_])

    def predict(self, Z) -> np.ndarray:
        return (self.predict_proba(Z) >= self.thresholds_).astype(int)
