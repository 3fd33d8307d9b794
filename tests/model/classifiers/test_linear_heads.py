"""LinearHeads: the probabilities of scikit-learn's calibrated logistic regressions, from one product; the array
form of a SentenceClassifier."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import sparse
from sklearn.calibration import CalibratedClassifierCV
from sklearn.linear_model import LogisticRegression
from sklearn.svm import LinearSVC

from model.classifiers.linear_heads import LabelHeads
from model.classifiers.sentence_classifier import SentenceClassifier
from model.compiling import CompileError, compile_heads


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
    heads = compile_heads(models, [None, None, None])
    expected = np.column_stack([m.predict_proba(Z)[:, 1] for m in models])
    assert heads.weights.shape == (60, 9)
    assert np.array_equal(heads.predict_proba(Z), expected)


def test_constant_columns_and_models_without_array_form():
    Z, Y = _data(1)
    model = CalibratedClassifierCV(LogisticRegression(), method="sigmoid", cv=3).fit(Z, Y[:, 0])
    heads = compile_heads([model, None], [None, 0.25])
    assert np.array_equal(heads.predict_proba(Z)[:, 1], np.full(Z.shape[0], 0.25))
    assert np.array_equal(compile_heads([None], [0.5]).predict_proba(Z), np.full((Z.shape[0], 1), 0.5))
    isotonic = CalibratedClassifierCV(LogisticRegression(), method="isotonic", cv=3).fit(Z, Y[:, 0])
    svc = CalibratedClassifierCV(LinearSVC(), method="sigmoid", cv=3).fit(Z, Y[:, 0])
    for other in (isotonic, svc, LogisticRegression().fit(Z, Y[:, 0])):
        with pytest.raises(CompileError):
            compile_heads([model, other], [None, None])


def test_sentence_classifier_scores_through_its_array_form_and_refits():
    Z, Y = _data(2)
    clf = SentenceClassifier(cv=3).fit(Z, Y[:, :2])
    assert isinstance(clf.compiled(), LabelHeads) and clf.compiled().labels == ("label0", "label1")
    assert np.array_equal(clf.predict_proba(Z), clf.reference_proba(Z))
    assert "_compiled" not in clf.__getstate__()
    clf.fit(Z, Y[:, 1:])  # a refit compiles the new models
    assert np.array_equal(clf.predict_proba(Z), clf.reference_proba(Z))
    assert np.array_equal(clf.predict(Z), (clf.reference_proba(Z) >= clf.thresholds_).astype(int))
