"""LinearHeads: the probabilities of scikit-learn's calibrated logistic regressions, from one product."""

from __future__ import annotations

import numpy as np
from scipy import sparse
from sklearn.calibration import CalibratedClassifierCV
from sklearn.linear_model import LogisticRegression
from sklearn.svm import LinearSVC

from model.classifiers.linear_heads import LinearHeads
from model.classifiers.sentence_classifier import SentenceClassifier


def _data(seed: int = 0):
    rng = np.random.default_rng(seed)
    Z = sparse.random(300, 60, density=0.1, format="csr", random_state=seed)
    w = rng.normal(size=60)
    Y = np.column_stack([(Z @ w > 0).astype(int), (Z @ -w > 0.1).astype(int), rng.integers(0, 2, 300)])
    return Z, Y


def test_same_probabilities_as_scikit_learn():
    Z, Y = _data()
    models = [CalibratedClassifierCV(LogisticRegression(C=c), method="sigmoid", cv=3).fit(Z, Y[:, j])
              for j, c in enumerate((1.0, 4.0, 0.5))]
    heads = LinearHeads.from_models(models, [None, None, None])
    expected = np.column_stack([m.predict_proba(Z)[:, 1] for m in models])
    assert heads.weights.shape == (60, 9)
    assert np.array_equal(heads.predict_proba(Z), expected)


def test_constant_columns_and_other_models():
    Z, Y = _data(1)
    model = CalibratedClassifierCV(LogisticRegression(), method="sigmoid", cv=3).fit(Z, Y[:, 0])
    heads = LinearHeads.from_models([model, None], [None, 0.25])
    assert np.array_equal(heads.predict_proba(Z)[:, 1], np.full(Z.shape[0], 0.25))
    isotonic = CalibratedClassifierCV(LogisticRegression(), method="isotonic", cv=3).fit(Z, Y[:, 0])
    svc = CalibratedClassifierCV(LinearSVC(), method="sigmoid", cv=3).fit(Z, Y[:, 0])
    assert LinearHeads.from_models([model, isotonic], [None, None]) is None
    assert LinearHeads.from_models([svc], [None]) is None
    assert LinearHeads.from_models([None], [0.5]) is None


def test_sentence_classifier_scores_through_the_heads_and_refits():
    Z, Y = _data(2)
    clf = SentenceClassifier(cv=3).fit(Z, Y[:, :2])
    expected = np.column_stack([e.predict_proba(Z)[:, 1] for e in clf.estimators_])
    assert np.array_equal(clf.predict_proba(Z), expected)
    assert isinstance(clf.__dict__["_heads"], LinearHeads)
    assert "_heads" not in clf.__getstate__()
    clf.fit(Z, Y[:, 1:])  # a refit drops the heads of the old models
    assert np.array_equal(clf.predict_proba(Z), np.column_stack([e.predict_proba(Z)[:, 1] for e in clf.estimators_]))
