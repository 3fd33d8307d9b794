"""The text features, declared once: word and character TF-IDF, keyword hits and pooled word vectors over a
sentence frame, with an array form that gives the ColumnTransformer's matrix."""

from __future__ import annotations

import numpy as np

from model.compiling import compile_columns
from model.features.frame import SentenceColumns, sentence_frame
from model.features.text_features import make_text_features

TEXTS = ["全年新增高新技术企业50家，增长12.5%。", "推进棚户区改造 1200户。", "加强党风廉政建设。",
         "引进高层次人才30名。", "科技创新投入持续加大。", "道路 桥梁\t改造完成。"]


def test_blocks_over_the_frame_columns_and_their_array_form():
    features = make_text_features(min_df=1).fit(sentence_frame(TEXTS))
    assert [(name, column) for name, fitted, column in features.transformers_ if fitted != "drop"] == \
        [("word", "tokens"), ("char", "text"), ("dict", "text"), ("lexicon", "text"), ("embedding", "tokens")]
    expected = features.transform(sentence_frame(TEXTS))
    got = compile_columns(features).transform(SentenceColumns(TEXTS))
    assert got.shape == expected.shape and np.all(np.asarray(got.sum(axis=1)).ravel() > 0)
    assert np.array_equal(got.toarray(), expected.toarray())


def test_without_the_dictionary():
    features = make_text_features(min_df=1, use_dictionary=False).fit(sentence_frame(TEXTS))
    assert [name for name, fitted, _ in features.transformers_ if fitted != "drop"] == \
        ["word", "char", "lexicon", "embedding"]
    features = make_text_features(min_df=1, use_dictionary=False, use_theme_lexicon=False,
                                  use_embedding=False).fit(sentence_frame(TEXTS))
    assert [name for name, fitted, _ in features.transformers_ if fitted != "drop"] == ["word", "char"]
