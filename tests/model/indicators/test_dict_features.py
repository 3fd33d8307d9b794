"""DictFeatures: the extractor's DictVectorizer, which survives a skops round trip unchanged."""

from __future__ import annotations

import skops.io as sio

from model.indicators.dict_features import DictFeatures


def test_dict_features_round_trip(tmp_path):
    rows = [{"L1=增": 1, "unit=%": 1}, {"L1=达": 1, "kind": 2.0}]
    vectorizer = DictFeatures().fit(rows)
    sio.dump(vectorizer, tmp_path / "d.skops")
    loaded = sio.load(tmp_path / "d.skops", trusted=["model.indicators.dict_features.DictFeatures"])
    assert loaded.feature_names_ == vectorizer.feature_names_ and loaded.vocabulary_ == vectorizer.vocabulary_
    assert (loaded.transform(rows + [{"unseen": 1}]) != vectorizer.transform(rows + [{"unseen": 1}])).nnz == 0
    assert "vocabulary_" not in vectorizer.__getstate__()
