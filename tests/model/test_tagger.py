"""GwrTagger: fitted once, scored through its array form; a part without an array form fails at fit."""

from __future__ import annotations

import pytest
from sklearn.base import clone
from sklearn.compose import ColumnTransformer
from sklearn.exceptions import NotFittedError
from sklearn.feature_extraction.text import TfidfVectorizer

from model.compiling import CompileError
from model.features.frame import sentence_frame
from model.runtime.compiled import CompiledTagger
from model.tagger import GwrTagger
from training.dataset import load_labelled
from training.evaluate import gold_matrix


@pytest.fixture(scope="module")
def train():
    records = load_labelled(split="train")
    docs = sorted({r.doc_id for r in records if r.source == "national"})[:4]
    return [r for r in records if r.doc_id in docs]


def _fit(tagger: GwrTagger, records) -> GwrTagger:
    X = sentence_frame([r.text for r in records], [r.section for r in records])
    return tagger.fit(X, gold_matrix(records), mentions=[r.mentions for r in records],
                      groups=[r.doc_id for r in records])


def test_fit_compiles_and_every_prediction_goes_through_the_array_form(train):
    tagger = _fit(GwrTagger(), train)
    assert isinstance(tagger.compiled(), CompiledTagger)
    texts, sections = [r.text for r in train[:60]], [r.section for r in train[:60]]
    assert tagger.predict_sentences(texts, sections) == tagger.compiled().predict_sentences(texts, sections)
    assert tagger.predict_sentences(texts, sections) == tagger.reference().predict_sentences(texts, sections)
    assert tagger.predict_frame(sentence_frame(texts, sections)) == tagger.predict_sentences(texts, sections)
    assert set(tagger.label_thresholds()) == {"innovation", "talent", "urban", "party", "quant_target"}


def test_scikit_learn_conventions(train):
    tagger = GwrTagger(random_state=3)
    assert clone(tagger).get_params()["random_state"] == 3
    with pytest.raises(NotFittedError):
        tagger.predict_sentences(["加强党的建设。"])
    fitted = _fit(tagger, train)
    assert "_compiled" not in fitted.__getstate__() and not hasattr(clone(fitted), "themes_")


def test_text_features_without_array_form_fail_at_fit(train):
    plain = ColumnTransformer([("words", TfidfVectorizer(), "text")], sparse_threshold=1.0)
    with pytest.raises(CompileError, match="TfidfVectorizer has no array form"):
        _fit(GwrTagger(features=plain), train)
