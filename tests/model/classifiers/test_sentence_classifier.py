"""SentenceClassifier: calibrated heads per label, thresholds tuned out of fold by document, constant labels."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import sparse
from sklearn.exceptions import NotFittedError

from model.classifiers.sentence_classifier import BinaryTextClassifier, SentenceClassifier


def _data(n: int = 240, seed: int = 0):
    rng = np.random.default_rng(seed)
    Z = sparse.random(n, 40, density=0.15, format="csr", random_state=seed)
    y = (Z @ rng.normal(size=40) > 0).astype(int)
    return Z, y, rng.integers(0, 12, n)


def test_out_of_fold_keeps_each_document_in_one_fold():
    Z, y, groups = _data()
    clf = SentenceClassifier(cv=4).fit(Z, y[:, None], groups=groups)
    assert clf.oof_proba_.shape == (len(y), 1) and 0.05 <= clf.thresholds_[0] <= 0.95
    assert np.array_equal(clf.predict(Z)[:, 0], (clf.predict_proba(Z)[:, 0] >= clf.thresholds_[0]).astype(int))


def test_a_label_with_too_few_positives_is_a_constant():
    Z, y, _ = _data()
    y = np.zeros_like(y)
    y[:2] = 1
    model = BinaryTextClassifier(calibration_cv=3).fit(Z, y)
    assert model.model_ is None and model.constant_ == pytest.approx(2 / len(y))
    assert np.allclose(model.predict_proba(Z)[:, 1], 2 / len(y))
    with pytest.raises(NotFittedError):
        BinaryTextClassifier().predict_proba(Z)
