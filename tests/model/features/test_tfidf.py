"""TF-IDF arithmetic without scikit-learn: digit masking and the weighting of TfidfTransformer."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import sparse
from sklearn.feature_extraction.text import TfidfTransformer

from model.features.tfidf import mask_digits, tfidf_weight


def test_mask_digits_makes_numbers_alike():
    assert mask_digits("增长8%和9.5%") == mask_digits("增长7%和1.25%") == "增长0%和0%"


@pytest.mark.parametrize("sublinear, norm", [(True, "l2"), (False, "l2"), (True, None)])
def test_weighting_equals_tfidf_transformer(sublinear, norm):
    counts = sparse.csr_array(np.array([[1, 0, 3], [0, 0, 0], [2, 2, 1]], dtype=float))
    reference = TfidfTransformer(sublinear_tf=sublinear, norm=norm).fit(counts)
    got = tfidf_weight(counts.copy(), reference.idf_, sublinear, norm)
    assert np.array_equal(got.toarray(), reference.transform(counts).toarray())
    with pytest.raises(ValueError):
        tfidf_weight(counts.copy(), None, sublinear, "l1")
