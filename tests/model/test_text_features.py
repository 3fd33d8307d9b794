"""Text features: digit masking, and vectorizers that survive a skops round trip unchanged."""

from __future__ import annotations

import numpy as np
import pytest
import pandas as pd
import skops.io as sio

from model.features.frame import sentence_frame
from model.features.text_features import TfidfFeatures, make_text_features, mask_digits

TEXTS = ["全年新增高新技术企业50家，增长12.5%。", "推进棚户区改造 1200户。", "加强党风廉政建设。",
         "引进高层次人才30名。", "科技创新投入持续加大。", "道路 桥梁\t改造完成。"]


def test_mask_digits_makes_numbers_alike():
    assert mask_digits("增长8%和9.5%") == mask_digits("增长7%和1.25%") == "增长0%和0%"


def test_vocabulary_survives_skops_round_trip(tmp_path):
    vectorizer = TfidfFeatures(analyzer="char", ngram_range=(1, 3)).fit(TEXTS)
    sio.dump(vectorizer, tmp_path / "v.skops")
    loaded = sio.load(tmp_path / "v.skops", trusted=["model.features.text_features.TfidfFeatures"])
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


def _same_as_scikit_learn(params: dict, fit_texts: list[str], new_texts: list[str]) -> None:
    from sklearn.feature_extraction.text import TfidfVectorizer

    ours = TfidfFeatures(**params).fit(fit_texts)
    reference = TfidfVectorizer(**params).fit(fit_texts)
    assert ours.vocabulary_ == reference.vocabulary_
    got, expected = ours.transform(new_texts), reference.transform(new_texts)
    assert got.shape == expected.shape
    assert np.array_equal(got.indptr, expected.indptr) and np.array_equal(got.indices, expected.indices)
    assert np.allclose(got.data, expected.data, rtol=0, atol=1e-12)


@pytest.mark.parametrize("dense_max", [0, 10**8], ids=["binary-search", "dense-tables"])
def test_transform_equals_scikit_learn_on_report_sentences(national_reports, monkeypatch, dense_max):
    """The fast counting path gives scikit-learn's matrix, terms unseen in fitting included, whether
    n-grams are looked up by binary search or in dense tables."""
    import model.features.ngram_index

    monkeypatch.setattr(model.features.ngram_index, "DENSE_TABLE_MAX", dense_max)
    from model.text.splitter import split_spans
    from model.features.tokenize import split_tokens, tokenize_joined

    texts = []
    for record in list(national_reports.values())[:3]:
        body = record["text"]
        texts.extend(body[a:b] for a, b in split_spans(body))
    texts += ["", "   ", "全新的词语组合ＸＹＺ０１２３"]
    fit, new = texts[: len(texts) // 2], texts[len(texts) // 2:]
    _same_as_scikit_learn(dict(analyzer="char", preprocessor=mask_digits, ngram_range=(1, 3), min_df=2,
                               sublinear_tf=True), fit, new)
    _same_as_scikit_learn(dict(tokenizer=split_tokens, token_pattern=None, lowercase=False,
                               preprocessor=mask_digits, ngram_range=(1, 2), min_df=2, sublinear_tf=True),
                          tokenize_joined(fit), tokenize_joined(new))


def test_counting_index_is_saved_and_gives_the_same_matrix(tmp_path):
    vectorizer = TfidfFeatures(analyzer="char", preprocessor=mask_digits, ngram_range=(1, 3)).fit(TEXTS)
    expected = vectorizer.transform(TEXTS + ["新的句子，增长9%。"])
    sio.dump(vectorizer, tmp_path / "v.skops")
    loaded = sio.load(tmp_path / "v.skops", trusted=["model.features.text_features.TfidfFeatures",
                                                     "model.features.tfidf.mask_digits"])
    assert "_ngram_index_" in loaded.__dict__  # loaded, not rebuilt on first use
    assert (loaded.transform(TEXTS + ["新的句子，增长9%。"]) != expected).nnz == 0

