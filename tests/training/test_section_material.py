"""The section model's material, the sections it gives labelled sentences, and its accuracy report."""

import json

import pytest

from model.classifiers.sections import columns_of
from model.features.section_columns import SECTION_COLUMNS
from model.runtime.artifacts import load_model_folder
from training.dataset import load_labelled
from training.sections import (FittedSections, fit_sections, read_sections, section_accuracy, section_documents,
                               section_model_of)
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


def test_relabel_takes_the_table_and_leaves_other_documents_alone():
    records = load_labelled(split="train")[:3]
    first = records[0]
    table = {(first.doc_id, first.sent_id): ("plan", 0.9)}
    out = FittedSections(None, table).relabel(records)
    assert out[0].section == "plan" and out[0].text == first.text
    assert [r.section for r in out[1:]] == [r.section for r in records[1:]]


def test_out_of_fold_sections_cover_the_documents_fitted_on(national_docs):
    fitted = fit_sections(national_docs)
    docs = section_documents(national_docs)
    assert set(fitted.table) == set(zip(docs.doc_ids, docs.sent_ids))
    assert all(s in (None, "review", "plan") and 0.0 <= p <= 1.0 for s, p in fitted.table.values())
    assert fit_sections(national_docs[:1]) is None


def test_read_sections_reads_each_document_whole_with_the_taggers_model(small_model_dir):
    tagger = load_model_folder(small_model_dir, scoring=True)
    model = section_model_of(tagger)
    assert model is not None
    records = [r for r in load_labelled(split="test") if r.source == "national"][:200]
    read = read_sections(tagger, records)
    docs = section_documents({r.doc_id for r in records})
    expected = {}
    for doc_id in dict.fromkeys(docs.doc_ids):
        rows = [i for i, d in enumerate(docs.doc_ids) if d == doc_id]
        sections, _ = model.sections(model.document_proba(columns_of(docs.frame.iloc[rows])))
        expected.update({(doc_id, docs.sent_ids[i]): s for i, s in zip(rows, sections)})
    assert [r.section for r in read] == [expected[(r.doc_id, r.sent_id)] for r in records]


def test_read_sections_without_a_section_model_changes_nothing():
    class NoSections:
        sections = None

    records = load_labelled(split="test")[:5]
    assert read_sections(NoSections(), records) == records


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
