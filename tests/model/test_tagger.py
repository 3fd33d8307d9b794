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
from model.tagger import CONTEXT_MARGIN, GwrTagger
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


def test_documents_fit_a_second_pass_that_reads_a_document_whole(train):
    from dataclasses import replace

    from training.documents import bundled_documents
    from training.sections import labelled_documents

    documents = labelled_documents(train)
    assert sum(row >= 0 for row in documents.rows) > 0.95 * len(train)
    X = sentence_frame([r.text for r in train], [r.section for r in train])
    tagger = GwrTagger().fit(X, gold_matrix(train), mentions=[r.mentions for r in train],
                             groups=[r.doc_id for r in train], documents=documents)
    assert tagger.uses_context_ == (tagger.quant_context_.oof_f1_ > tagger.first_pass_oof_f1_ + CONTEXT_MARGIN)
    assert (tagger.compiled().quant_context is not None) == tagger.uses_context_
    tagger.uses_context_ = True  # scored through the second pass, whichever won on these four documents
    compiled = tagger._compiled_after_fit().compiled()
    assert compiled.quant_context is not None and tagger.quant_context_.threshold_ == compiled.quant_context.threshold
    doc = bundled_documents()[train[0].doc_id]
    whole = compiled.predict_document(doc.sentences, 1955)
    first = replace(compiled, quant_context=None).predict_document(doc.sentences, 1955)
    assert [r.themes for r in whole] == [r.themes for r in first]
    assert [r.quant_target_prob for r in whole] != [r.quant_target_prob for r in first]
    assert [r.quant_target for r in whole] == [r.quant_target_prob >= compiled.quant_context.threshold
                                               for r in whole]
    reference = tagger.reference().predict_document(doc.sentences, 1955)
    assert [r.quant_target for r in reference] == [r.quant_target for r in whole]
    texts = [s.text for s in doc.sentences[:40]]
    assert compiled.predict_sentences(texts) == replace(compiled, quant_context=None).predict_sentences(texts)


def test_a_section_model_needs_the_parts_its_second_pass_reads(train):
    from dataclasses import replace

    from training.sections import fit_sections, labelled_documents

    sections = fit_sections({r.doc_id for r in train})
    X = sentence_frame([r.text for r in train], [r.section for r in train])
    with pytest.raises(ValueError, match="section posteriors"):
        GwrTagger().fit(X, gold_matrix(train), mentions=[r.mentions for r in train],
                        groups=[r.doc_id for r in train], section_model=sections,
                        documents=replace(labelled_documents(train), parts=None))
