"""Dataset tables, confusion, misclassified sentences, extraction errors and top features."""

from __future__ import annotations

import json

import numpy as np
import pytest

from model.features.frame import sentence_frame
from model.records import LABELS, THEMES, Mention
from model.features.text_features import make_text_features
from model.classifiers.themes import ThemeClassifier
from training.analysis import (agreement_table, confusion_table, cooccurrence, error_groups, extraction_errors,
                               feature_table, label_counts, label_weights, top_features)
from training.schema import LabelledSentence


def _sentence(sid, split="train", mentions=(), text=None, **labels):
    values = {k: labels.get(k, 0) for k in LABELS}
    return LabelledSentence(sid=sid, doc_id=sid.split(":")[0], sent_id=0, source="national", sampling="random",
                            text=text or f"句子{sid}", mentions=list(mentions), annotator="a", double=False,
                            split=split, **values)


def _prediction(labels=(), quant=False, proba=None, indicators=()):
    proba = proba or {}
    return {"labels": list(labels), "themes": {t: proba.get(t, 0.9 if t in labels else 0.1) for t in THEMES},
            "quant_target": quant, "quant_target_prob": proba.get("quant_target", 0.9 if quant else 0.1),
            "indicators": [m.to_dict() for m in indicators]}


def test_label_counts_and_cooccurrence():
    records = [_sentence("a:1", innovation=1, talent=1), _sentence("a:2", innovation=1),
               _sentence("b:1", split="test", party=1, quant_target=1), _sentence("b:2", split="test")]
    counts = label_counts(records)
    assert list(counts.columns) == ["test", "train", "all"]
    assert list(counts.index) == [*LABELS, "sentences"]
    assert counts.loc["innovation", "train"] == 2 and counts.loc["innovation", "test"] == 0
    assert counts.loc["party", "all"] == 1 and counts.loc["sentences"].tolist() == [2, 2, 4]
    matrix = cooccurrence(records)
    assert matrix.loc["innovation", "talent"] == matrix.loc["talent", "innovation"] == 1
    assert matrix.loc["innovation", "innovation"] == 2 and matrix.loc["urban"].sum() == 0


def test_agreement_table_reads_the_built_file_and_names_a_bad_one(tmp_path):
    path = tmp_path / "agreement.json"
    path.write_text(json.dumps({"double_labelled": 2, "labels": [
        {"label": "innovation", "n": 2, "positives_a": 1, "positives_b": 1, "observed": 1.0, "kappa": 1.0}],
        "mentions": {"mentions_a": 3, "mentions_b": 2, "exact_f1": 0.8, "span_f1": 0.8}}))
    labels, mentions = agreement_table(path)
    assert labels.loc["innovation", "kappa"] == 1.0 and mentions["mentions_a"] == 3
    path.write_text("{}")
    with pytest.raises(ValueError, match="agreement.json"):
        agreement_table(path)


def test_confusion_and_error_groups():
    records = [_sentence("a:1", innovation=1), _sentence("a:2", innovation=1), _sentence("a:3"),
               _sentence("a:4"), _sentence("a:5", quant_target=1)]
    predictions = [_prediction(["innovation"]), _prediction([], proba={"innovation": 0.05}),
                   _prediction(["innovation"], proba={"innovation": 0.6}),
                   _prediction(["innovation"], proba={"innovation": 0.95}), _prediction([], quant=False)]
    table = confusion_table(records, predictions)
    assert table.loc["innovation", ["tp", "fp", "fn", "tn"]].tolist() == [1, 2, 1, 1]
    assert table.loc["innovation", "precision"] == pytest.approx(1 / 3)
    assert table.loc["innovation", "recall"] == pytest.approx(0.5)
    assert table.loc["quant_target", "fn"] == 1 and table.loc["quant_target", "f1"] == 0.0
    groups = error_groups(records, predictions)
    assert set(groups) == {("innovation", "false_positive"), ("innovation", "false_negative"),
                           ("quant_target", "false_negative")}
    # the most confident mistakes first
    assert groups[("innovation", "false_positive")]["sid"].tolist() == ["a:4", "a:3"]
    assert groups[("innovation", "false_negative")]["probability"].tolist() == [0.05]


def test_extraction_errors_by_kind():
    text = "技术交易额超过5.5亿元，专利200件，去年增长8%。"

    def at(span):
        return text.index(span), text.index(span) + len(span)

    trade = Mention("技术交易额", 5.5, "亿元", ">=", "target", "level", *at("5.5亿元"))
    patents = Mention("专利", 200.0, "件", "=", "actual", "count", *at("200件"))
    growth = Mention("增长", 8.0, "%", "=", "actual", "growth", *at("8%"))
    record = _sentence("a:1", text=text, mentions=[trade, patents, growth])
    predicted = [Mention("技术交易额", 5.5, "亿元", ">=", "actual", "level", *at("5.5亿元")),  # kind confused
                 Mention("专利", 20.0, "件", "=", "actual", "count", *at("00件")),           # value misread
                 Mention("交易额", 1.0, "个", "=", "actual", "count", *at("交易"))]          # nothing there
    exact = _sentence("b:1", text=text, mentions=[trade])
    table = extraction_errors([record, exact], [_prediction(indicators=predicted), _prediction(indicators=[trade])])
    assert table["error"].tolist() == ["missed", "spurious", "wrong_value", "wrong_kind"]
    assert set(table["sid"]) == {"a:1"}
    missed = table.iloc[0]
    assert missed["span"] == "8%" and missed["predicted"] == "" and "增长 = 8%" in missed["gold"]
    assert table.iloc[2]["gold"].startswith("专利 = 200件") and table.iloc[2]["predicted"].startswith("专利 = 20件")


def test_top_features_come_from_the_fitted_theme_models():
    texts = ([f"加强科技创新第{i}项工作" for i in range(6)] + [f"培养人才队伍第{i}批" for i in range(6)]
             + [f"推进城市建设第{i}期" for i in range(6)] + [f"加强党的建设第{i}次" for i in range(6)])
    Y = np.repeat(np.eye(4, dtype=int), 6, axis=0)
    frame = sentence_frame(texts)
    features = make_text_features(min_df=1).fit(frame)
    names = features.get_feature_names_out()
    model = ThemeClassifier(cv=3, random_state=0).fit(features.transform(frame), Y,
                                                      groups=[i % 6 for i in range(24)])
    weights = label_weights(model, names)
    assert list(weights.columns) == list(THEMES)
    assert len(weights) == len(names)
    top = top_features(model, names, n=5)
    assert top.groupby("label").size().tolist() == [5, 5, 5, 5]
    assert set(top["block"]) <= {"word", "char", "dict", "lexicon", "embedding"}
    innovation = top[top["label"] == "innovation"]
    assert innovation["weight"].is_monotonic_decreasing and (innovation["weight"] > 0).all()
    assert any("科" in f or "创新" in f for f in innovation["feature"])
    bottom = top_features(model, names, n=3, negative=True)
    assert (bottom["weight"] < 0).all()
    table = feature_table(top)
    assert list(table.columns) == list(THEMES) and list(table.index) == [1, 2, 3, 4, 5]
    first = innovation.iloc[0]
    assert table.loc[1, "innovation"] == f"{first['feature']} [{first['block']}] {first['weight']:+.2f}"
