"""TfidfFeatures: scikit-learn's TfidfVectorizer, whose array form (NgramTfidf) gives its matrix, and whose
vocabulary survives a skops round trip unchanged."""

from __future__ import annotations

import numpy as np
import pytest
import skops.io as sio

from model.compiling import CompileError
from model.features.tfidf import NgramTfidf, mask_digits
from model.features.tfidf_vectorizer import TfidfFeatures
from model.features.tokenize import split_tokens, tokenize_joined
from model.text.splitter import split_spans

TEXTS = ["全年新增高新技术企业50家，增长12.5%。", "推进棚户区改造 1200户。", "加强党风廉政建设。",
         "引进高层次人才30名。", "科技创新投入持续加大。", "道路 桥梁\t改造完成。"]
TRUSTED = ["model.features.tfidf_vectorizer.TfidfFeatures", "model.features.tfidf.mask_digits"]


def test_vocabulary_survives_skops_round_trip(tmp_path):
    vectorizer = TfidfFeatures(analyzer="char", ngram_range=(1, 3), preprocessor=mask_digits).fit(TEXTS)
    sio.dump(vectorizer, tmp_path / "v.skops")
    loaded = sio.load(tmp_path / "v.skops", trusted=TRUSTED)
    assert loaded.vocabulary_ == vectorizer.vocabulary_
    assert " " in loaded.vocabulary_ and "\t" in loaded.vocabulary_
    assert (loaded.transform(TEXTS) != vectorizer.transform(TEXTS)).nnz == 0
    # the saved state holds one array of terms, not a dict with one entry per term, and no array form
    state = vectorizer.__getstate__()
    assert "vocabulary_" not in state and "_compiled" not in state
    assert (loaded.compiled().transform(TEXTS) != vectorizer.compiled().transform(TEXTS)).nnz == 0


def _same_as_scikit_learn(params: dict, fit_texts: list[str], new_texts: list[str]) -> None:
    from sklearn.feature_extraction.text import TfidfVectorizer

    ours = TfidfFeatures(**params).fit(fit_texts)
    reference = TfidfVectorizer(**params).fit(fit_texts)
    assert ours.vocabulary_ == reference.vocabulary_
    assert isinstance(ours.compiled(), NgramTfidf)
    got, expected = ours.compiled().transform(new_texts), reference.transform(new_texts)
    assert got.shape == expected.shape
    assert np.array_equal(got.indptr, expected.indptr) and np.array_equal(got.indices, expected.indices)
    assert np.array_equal(got.data, expected.data)


@pytest.mark.parametrize("dense_max", [0, 10**8], ids=["binary-search", "dense-tables"])
def test_array_form_equals_scikit_learn_on_report_sentences(national_reports, monkeypatch, dense_max):
    """The array form gives scikit-learn's matrix, terms unseen in fitting included, whether n-grams are
    looked up by binary search or in dense tables."""
    import model.features.ngram_index

    monkeypatch.setattr(model.features.ngram_index, "DENSE_TABLE_MAX", dense_max)
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
    _same_as_scikit_learn(dict(analyzer="char", preprocessor=mask_digits, use_idf=False, norm=None), fit, new)


@pytest.mark.parametrize("params", [dict(analyzer="char", preprocessor=mask_digits, norm="l1"),
                                    dict(analyzer="char"),
                                    dict(analyzer="word", preprocessor=mask_digits),
                                    dict(analyzer="char_wb", preprocessor=mask_digits)],
                         ids=["l1-norm", "no-masking", "regex-words", "char_wb"])
def test_parameters_without_array_form_fail_at_fit(params):
    with pytest.raises(CompileError):
        TfidfFeatures(**params).fit(TEXTS)
