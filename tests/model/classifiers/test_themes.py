"""The theme classifier names the four themes, in the contract's order."""

from __future__ import annotations

import numpy as np
from scipy import sparse

from model.classifiers.themes import ThemeClassifier
from model.records import THEMES


def test_labels_are_the_themes():
    Z = sparse.random(120, 20, density=0.3, format="csr", random_state=1)
    Y = (np.asarray(Z.toarray())[:, :4] > 0.2).astype(int)
    clf = ThemeClassifier(cv=3).fit(Z, Y)
    assert tuple(clf.labels_) == THEMES == clf.compiled().labels
