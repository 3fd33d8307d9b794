"""Judging a tagger on labelled sentences from its contract output: per part, per label, the selection score."""

from __future__ import annotations

import pytest

from training.dataset import load_labelled
from training.evaluate import as_predict, errors, predict_records, score, selection_score


class Gold:
    """A tagger that answers with the gold labels of the sentences it was built from."""

    def __init__(self, records):
        self.by_text = {r.text: r for r in records}

    def predict_sentences(self, texts, sections, headings=None):
        from model.records import THEMES, SentenceResult

        out = []
        for text, section in zip(texts, sections):
            r = self.by_text[text]
            labels = [t for t in THEMES if getattr(r, t)]
            out.append(SentenceResult(text, {t: float(t in labels) for t in THEMES}, labels, bool(r.quant_target),
                                      float(r.quant_target), list(r.mentions), section))
        return out


@pytest.fixture(scope="module")
def test_split():
    return load_labelled(split="test")


def test_gold_answers_score_one_everywhere(test_split):
    predictions = predict_records(as_predict(Gold(test_split)), test_split, batch=100)
    metrics = score(test_split, predictions)
    assert metrics["all_themes_macro_f1"] == metrics["all_quant_target_f1"] == metrics["all_indicator_exact_f1"] == 1.0
    assert {"local_sentences", "national_sentences", "seed_sentences"} <= set(metrics)
    assert metrics["all_selection_score"] == selection_score({"themes_macro_f1": 1, "quant_target_f1": 1,
                                                              "indicator_exact_f1": 1}) == 1.0
    assert errors(test_split, predictions) == []


def test_a_wrong_label_is_an_error_of_its_kind(test_split):
    predictions = predict_records(as_predict(Gold(test_split)), test_split)
    first = next(i for i, r in enumerate(test_split) if r.innovation)
    predictions[first]["labels"] = [t for t in predictions[first]["labels"] if t != "innovation"]
    rows = errors(test_split, predictions)
    assert len(rows) == 1 and rows[0]["label"] == "innovation"
    assert score(test_split, predictions)["all_innovation_f1"] < 1.0
