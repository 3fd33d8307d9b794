"""The keyword baseline: the dictionary method, with the tagger's interface."""

from __future__ import annotations

from model.classifiers.baseline import KeywordBaseline


def test_keywords_targets_and_numbers():
    baseline = KeywordBaseline().fit()
    results = baseline.predict_sentences(["力争引进高层次人才100名。", "去年完成投资12亿元。"], ["plan", "elsewhere"])
    assert "talent" in results[0].labels and results[0].quant_target
    assert [(m.value, m.unit, m.kind) for m in results[0].indicators] == [(100.0, "名", "target")]
    assert not results[1].quant_target and results[1].indicators[0].kind == "actual" and results[1].section is None
    assert baseline.label_thresholds()["quant_target"] == 0.5
