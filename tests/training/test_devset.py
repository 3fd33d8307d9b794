"""The development set scored whole: every hand-read target and past result is looked up in the scored pages,
and the figures count what the model got right."""

from __future__ import annotations

import json

from gwr.cli import main
from training.devset import DEVSET, evaluate_devset, same_unit


def test_units_read_alike_across_scripts():
    assert same_unit("億元", "亿元") and same_unit("萬人", "万人") and same_unit("個百分點", "百分点")
    assert not same_unit("亿元", "万元")


def test_every_row_is_looked_up_and_the_figures_add_up(small_model_dir, tmp_path, capsys):
    from serve.predictor import Predictor

    report = evaluate_devset(Predictor.load(str(small_model_dir)))
    rows = lambda name: sum(1 for line in (DEVSET / name).read_text(encoding="utf-8").splitlines() if line)  # noqa: E731
    assert (report.targets, report.actuals, report.pages) == (rows("targets.jsonl"), rows("actuals.jsonl"),
                                                             rows("pages.jsonl"))
    assert report.pages_without_targets == 10
    assert report.targets_found + len(report.misses) == report.targets
    assert 0 < report.targets_found and report.comparator_right <= report.targets_found
    assert all(m["why"] in ("no mention", "kind actual") for m in report.misses)

    out = tmp_path / "devset.json"
    assert main(["devset", "--model", str(small_model_dir), "-o", str(out)]) == 0
    printed = capsys.readouterr().out
    assert f"{report.targets_found} of {report.targets}" in printed
    assert json.loads(out.read_text(encoding="utf-8"))["summary"]["targets_found"] == report.targets_found


def test_a_mention_outside_the_quote_or_of_another_value_is_not_the_target(tmp_path):
    from model.records import Mention, Sentence, SentenceResult
    from training.devset import _mention_for

    text = "今年地区生产总值增长6%以上，去年增长5.5%。"
    sentence = Sentence(doc_id="d", sent_id=0, text=text)
    target = Mention(indicator="地区生产总值", value=6.0, unit="%", comparator=">=", kind="target",
                     measure="growth", start=text.index("6%"), end=text.index("6%") + 2)
    past = Mention(indicator="地区生产总值", value=5.5, unit="%", comparator="=", kind="actual", measure="growth",
                   start=text.index("5.5%"), end=text.index("5.5%") + 4)
    result = SentenceResult(text=text, section=None, themes={}, labels=[], quant_target=True, quant_target_prob=0.9,
                            indicators=[target, past])
    row = {"quote": "地区生产总值增长6%以上", "value": 6.0, "value_low": None, "value_high": None, "unit": "%"}
    assert _mention_for(row, [(sentence, result)])[0]["value"] == 6.0
    assert _mention_for({**row, "value": 5.5}, [(sentence, result)])[0] is None  # 5.5% lies outside the quote
    assert _mention_for({**row, "quote": "没有的话"}, [(sentence, result)]) == (None, None)
