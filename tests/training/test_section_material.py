"""The section model's material, the model fitted on it, and its accuracy report."""

import json

import pytest

from model.classifiers.sections import columns_of
from model.features.section_columns import SECTION_COLUMNS
from model.runtime.artifacts import load_model_folder
from training.dataset import load_labelled
from training.sections import fit_sections, section_accuracy, section_documents, section_model_of
from training.structure import first_annotations


@pytest.fixture(scope="module")
def national_docs():
    records = load_labelled(split="train")
    return sorted({r.doc_id for r in records if r.source == "national"})[:4]


def test_every_structure_labelled_document_is_read_with_its_parts():
    docs = section_documents()
    structures = first_annotations()
    assert set(docs.doc_ids) == set(structures)
    assert len(docs.parts) == len(docs.frame) == len(docs.sent_ids)
    assert set(SECTION_COLUMNS) <= set(docs.frame.columns)
    first = docs.doc_ids[0]
    rows = [i for i, d in enumerate(docs.doc_ids) if d == first]
    assert [docs.parts[i] for i in rows] == structures[first].part_of()
    assert [docs.sent_ids[i] for i in rows] == list(range(len(rows)))


def test_a_selection_of_documents_keeps_them_whole(national_docs):
    docs = section_documents(national_docs)
    assert sorted(set(docs.doc_ids)) == national_docs
    assert section_documents(["no-such-document"]).parts == []


def test_out_of_fold_sections_cover_the_documents_fitted_on(national_docs):
    fitted = fit_sections(national_docs)
    docs = section_documents(national_docs)
    assert fitted.oof_posterior_.shape == (len(docs), len(fitted.classes_))
    assert set(fitted.classes_) <= {"other", "review", "plan"}
    assert ((fitted.oof_posterior_ >= 0.0) & (fitted.oof_posterior_ <= 1.0)).all()
    assert fit_sections(national_docs[:1]) is None


def test_section_accuracy_reports_learned_and_cue_sections_per_part(small_model_dir, national_docs):
    model = section_model_of(load_model_folder(small_model_dir, scoring=True))
    parts = {"all": lambda d: True, "early": lambda d: d == national_docs[0]}
    metrics = section_accuracy(national_docs, model, parts)
    for name in parts:
        assert 0.0 <= metrics[f"{name}_section_accuracy"] <= 1.0
        assert 0.0 <= metrics[f"{name}_cue_section_accuracy"] <= 1.0
    assert metrics["all_section_sentences"] == len(section_documents(national_docs))
    only_cues = section_accuracy(national_docs, None, parts)
    assert "all_section_accuracy" not in only_cues and only_cues["all_cue_section_accuracy"] == pytest.approx(
        metrics["all_cue_section_accuracy"])
    json.dumps(metrics)
