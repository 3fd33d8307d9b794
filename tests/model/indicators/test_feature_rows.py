"""Named feature rows as columns of a fixed vocabulary: DictVectorizer's matrix in one pass."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.feature_extraction import DictVectorizer

from model.indicators.feature_rows import NamedColumns, rows_to_csr


def test_named_columns_equal_dict_vectorizer():
    fit_rows = [{"b": 1.0, "a": 2, "c=x": 1.0}, {"a": 0.5, "d": 1}]
    reference = DictVectorizer().fit(fit_rows)
    columns = NamedColumns(np.array(reference.feature_names_, dtype=str))
    new_rows = [{"d": 3.0, "a": 1.0, "zzz": 9.0}, {}, {"c=x": 1, "b": 0.0}]
    got, expected = columns.transform(new_rows), reference.transform(new_rows)
    assert got.shape == expected.shape and got.has_sorted_indices
    assert np.array_equal(got.toarray(), expected.toarray())


def test_rows_that_are_not_plain_numbers_are_refused():
    assert rows_to_csr([{"c": "x"}], {"c": 0}, 1) is None and rows_to_csr([], {}, 0) is None
    with pytest.raises(ValueError, match="plain numbers"):
        NamedColumns(np.array(["a"])).transform([{"a": np.float64(2.5)}])
