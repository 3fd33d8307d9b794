"""ThresholdedHeads: any classifier as theme heads, thresholds tuned out of fold, scikit-learn conventions."""

import numpy as np
from scipy import sparse
from sklearn.base import clone
from sklearn.linear_model import LogisticRegression

from training.study_heads import ThresholdedHeads


def _data(n=300, seed=0):
    rng = np.random.default_rng(seed)
    Z = rng.normal(size=(n, 5))
    Y = np.column_stack([(Z[:, 0] > 0.8).astype(int), (Z[:, 1] + Z[:, 2] > 0).astype(int)])
    return Z, Y, np.repeat(np.arange(n // 10), 10)


def test_heads_learn_each_label_and_tune_their_thresholds():
    Z, Y, groups = _data()
    heads = ThresholdedHeads(LogisticRegression(), cv=3).fit(sparse.csr_matrix(Z), Y, groups=groups)
    assert heads.oof_proba_.shape == Y.shape and heads.thresholds_.shape == (2,)
    Zt, Yt, _ = _data(seed=1)
    assert (heads.predict(Zt) == Yt).mean() > 0.9
    assert np.array_equal(heads.predict(Zt), (heads.predict_proba(Zt) >= heads.thresholds_).astype(int))


def test_a_clone_fits_the_same_heads():
    Z, Y, groups = _data()
    heads = ThresholdedHeads(LogisticRegression(C=0.5), cv=3)
    a, b = heads.fit(Z, Y, groups=groups), clone(heads).fit(Z, Y, groups=groups)
    assert np.array_equal(a.thresholds_, b.thresholds_) and clone(heads).get_params()["estimator"].C == 0.5
