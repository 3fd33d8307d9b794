"""DictFeatures: a DictVectorizer that survives a skops round trip unchanged."""

from __future__ import annotations

import skops.io as sio


def test_dict_features_round_trip(tmp_path):
    from model.indicators.dict_features import DictFeatures

    rows = [{"L1=增": 1, "unit=%": 1}, {"L1=达": 1, "kind": 2.0}]
    vectorizer = DictFeatures().fit(rows)
    sio.dump(vectorizer, tmp_path / "d.skops")
    loaded = sio.load(tmp_path / "d.skops", trusted=["model.indicators.dict_features.DictFeatures"])
    assert loaded.feature_names_ == vectorizer.feature_names_ and loaded.vocabulary_ == vectorizer.vocabulary_
    assert (loaded.transform(rows + [{"unseen": 1}]) != vectorizer.transform(rows + [{"unseen": 1}])).nnz == 0
    assert "vocabulary_" not in vectorizer.__getstate__()


def test_fast_transform_equals_dict_vectorizer():
    """Rows of plain numbers take DictFeatures' own pass; the matrix is DictVectorizer's, unknown names
    dropped; rows with other values go to DictVectorizer itself."""
    import numpy as np
    import pytest
    from sklearn.feature_extraction import DictVectorizer

    from model.indicators.dict_features import DictFeatures

    fit_rows = [{"b": 1.0, "a": 2, "c=x": 1.0}, {"a": 0.5, "d": 1}]
    ours, theirs = DictFeatures().fit(fit_rows), DictVectorizer().fit(fit_rows)
    new_rows = [{"d": 3.0, "a": 1.0, "zzz": 9.0}, {}, {"c=x": 1, "b": 0.0}]
    for rows in (new_rows, {"a": 1.0}, [{"c": "x", "a": True}], [{"a": np.float64(2.5)}]):
        mine, expected = ours.transform(rows), theirs.transform(rows)
        assert mine.shape == expected.shape and mine.format == "csr" and mine.has_sorted_indices
        assert np.array_equal(mine.toarray(), expected.toarray())
    with pytest.raises(ValueError):
        ours.transform([])
