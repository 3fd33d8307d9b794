"""Text features: digit masking, and vectorizers that survive a skops round trip unchanged."""

from __future__ import annotations

import numpy as np
import pandas as pd
import skops.io as sio

from model.frame import sentence_frame
from model.text_features import TfidfFeatures, make_text_features, mask_digits

TEXTS = ["全年新增高新技术企业50家，增长12.5%。", "推进棚户区改造 1200户。", "加强党风廉政建设。",
         "引进高层次人才30名。", "科技创新投入持续加大。", "道路 桥梁\t改造完成。"]


def test_mask_digits_makes_numbers_alike():
    assert mask_digits("增长8%和9.5%") == mask_digits("增长7%和1.25%") == "增长0%和0%"


def test_vocabulary_survives_skops_round_trip(tmp_path):
    vectorizer = TfidfFeatures(analyzer="char", ngram_range=(1, 3)).fit(TEXTS)
    sio.dump(vectorizer, tmp_path / "v.skops")
    loaded = sio.load(tmp_path / "v.skops", trusted=["model.text_features.TfidfFeatures"])
    assert loaded.vocabulary_ == vectorizer.vocabulary_
    assert " " in loaded.vocabulary_ and "\t" in loaded.vocabulary_
    assert (loaded.transform(TEXTS) != vectorizer.transform(TEXTS)).nnz == 0
    # the saved state holds one array of terms, not a dict with one entry per term
    assert "vocabulary_" not in vectorizer.__getstate__()


def test_feature_union_over_frame_columns():
    frame = sentence_frame(TEXTS)
    features = make_text_features(min_df=1).fit(frame)
    Z = features.transform(frame)
    assert Z.shape[0] == len(TEXTS)
    assert np.all(np.asarray(Z.sum(axis=1)).ravel() > 0)
    assert isinstance(frame, pd.DataFrame)
