"""The scikit-learn internals gwr-tagger relies on behave as model/sklearn_compat.py says: a release that
changes them fails here first."""

from __future__ import annotations

import numpy as np
from scipy import sparse
from scipy.special import expit
from sklearn.calibration import CalibratedClassifierCV
from sklearn.linear_model import LogisticRegression

from model import sklearn_compat


def _fitted(method: str = "sigmoid", estimator=None):
    rng = np.random.default_rng(0)
    Z = sparse.random(200, 30, density=0.2, format="csr", random_state=0)
    y = (Z @ rng.normal(size=30) > 0).astype(int)
    return Z, CalibratedClassifierCV(estimator or LogisticRegression(), method=method, cv=3).fit(Z, y)


def test_sigmoid_folds_reproduce_predict_proba():
    Z, model = _fitted()
    folds = sklearn_compat.sigmoid_logistic_folds(model)
    assert len(folds) == 3
    total = np.zeros(Z.shape[0])
    for coef, intercept, a, b in folds:
        total += expit(-(a * (Z @ coef + intercept) + b))
    assert np.array_equal(total / len(folds), model.predict_proba(Z)[:, 1])


def test_other_calibrations_and_estimators_are_not_read():
    assert sklearn_compat.sigmoid_logistic_folds(_fitted("isotonic")[1]) is None
    from sklearn.svm import LinearSVC

    assert sklearn_compat.sigmoid_logistic_folds(_fitted(estimator=LinearSVC())[1]) is None
    assert sklearn_compat.sigmoid_logistic_folds(LogisticRegression()) is None


def test_the_private_types_skops_must_trust_are_the_ones_a_calibrated_model_holds(tmp_path):
    import skops.io as sio

    _, model = _fitted()
    sio.dump(model, tmp_path / "m.skops")
    untrusted = set(sio.get_untrusted_types(file=tmp_path / "m.skops"))
    assert untrusted == set(sklearn_compat.SKOPS_TRUSTED)
