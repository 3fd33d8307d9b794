"""The labelled dataset: annotation spans to offsets, disagreements, loading by split."""

from __future__ import annotations

import pytest

from training.dataset import Annotation, content_hash, disagreements, load_labelled, mentions_with_offsets


def test_spans_become_offsets_in_order():
    text = "增长8%，增长8%以上。"
    raw = [{"span": "8%", "occurrence": 2, "indicator": "增长", "value": "8", "unit": "%", "comparator": ">=",
            "kind": "target", "measure": "growth"},
           {"span": "8%", "indicator": "增长", "value": 8, "unit": "%", "comparator": "=", "kind": "actual",
            "measure": "growth"}]
    mentions = mentions_with_offsets(text, raw)
    assert [(m["start"], m["end"], m["comparator"]) for m in mentions] == [(2, 4, "="), (7, 9, ">=")]
    with pytest.raises(ValueError, match="not found"):
        mentions_with_offsets(text, [{**raw[0], "span": "9%"}])


def test_disagreements_name_what_differs():
    labels = {"innovation": 1, "talent": 0, "urban": 0, "party": 0, "quant_target": 0}
    a = Annotation("ann1", labels, [])
    b = Annotation("ann2", {**labels, "talent": 1}, [])
    assert disagreements(a, a) == [] and disagreements(a, b) == ["talent"]


def test_loading_by_split_and_the_data_digest(tmp_path):
    train, test = load_labelled(split="train"), load_labelled(split="test")
    assert train and test and {r.doc_id for r in train}.isdisjoint({r.doc_id for r in test})
    data = tmp_path / "data.jsonl"
    data.write_text("{}\n")
    assert content_hash(data) == "ca3d163bab055381827226140568f3bef7eaac187cebd76878e0b63e9e442356"
