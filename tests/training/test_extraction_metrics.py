"""Extraction metrics on hand-built mentions: exact, value-only and span matching, and field agreement."""

from __future__ import annotations

import pytest

from model.records import Mention
from training.extraction_metrics import count_matches, exact_key, extraction_scores, overlap_pairs, prf, value_key


def mention(value, unit, start, end, kind="actual", comparator="=", measure="level", low=None, high=None):
    return Mention(indicator="x", value=value, unit=unit, comparator=comparator, kind=kind, measure=measure,
                   start=start, end=end, value_low=low, value_high=high)


# 力争全年技术交易额超过5.5亿元,引进1-2名全职院士,三产占比超过三分之一。
GOLD = [[
    mention(5.5, "亿元", 11, 16, kind="target", comparator=">="),
    mention(None, "名", 19, 23, kind="target", comparator="range", measure="count", low=1.0, high=2.0),
    mention(0.3333, "三分之一", 34, 38, kind="actual", comparator=">=", measure="share"),
]]


def test_perfect_prediction():
    scores = extraction_scores(GOLD, GOLD)
    for name in ("exact", "value", "span"):
        assert scores[name]["precision"] == scores[name]["recall"] == scores[name]["f1"] == 1.0
    assert scores["fields"]["kind_accuracy"] == 1.0
    assert scores["counts"] == {"gold": 3.0, "predicted": 3.0}


def test_wrong_kind_fails_exact_but_not_value_or_span():
    predicted = [[GOLD[0][0], GOLD[0][1], mention(0.33333, "三分之一", 34, 38, kind="target", measure="share")]]
    scores = extraction_scores(GOLD, predicted)
    assert scores["exact"]["tp"] == 2.0
    assert scores["value"]["tp"] == 3.0          # 0.33333 rounds to the guide's 0.3333
    assert scores["span"]["tp"] == 3.0
    assert scores["exact"]["f1"] == pytest.approx(2 / 3)
    assert scores["fields"]["kind_accuracy"] == pytest.approx(2 / 3)
    assert scores["fields"]["comparator_accuracy"] == pytest.approx(2 / 3)


def test_range_needs_both_ends():
    predicted = [[mention(None, "名", 19, 23, kind="target", comparator="range", low=1.0, high=3.0)]]
    scores = extraction_scores(GOLD, predicted)
    assert scores["exact"]["tp"] == 0.0
    assert scores["span"]["tp"] == 1.0
    assert scores["span"]["precision"] == 1.0 and scores["span"]["recall"] == pytest.approx(1 / 3)


def test_unit_must_match_for_value():
    # 1.3万亿元 read as 1.3 with unit 亿元 is wrong, even on the right span.
    gold = [[mention(1.3, "万亿元", 0, 6)]]
    scores = extraction_scores(gold, [[mention(1.3, "亿元", 0, 6)]])
    assert scores["value"]["tp"] == 0.0 and scores["span"]["tp"] == 1.0


def test_extra_predictions_lower_precision_only():
    predicted = [[*GOLD[0], mention(2018, "年", 0, 5)]]
    scores = extraction_scores(GOLD, predicted)
    assert scores["exact"]["recall"] == 1.0
    assert scores["exact"]["precision"] == pytest.approx(3 / 4)


def test_one_gold_matches_one_prediction():
    gold = [[mention(8.0, "%", 4, 6)]]
    predicted = [[mention(8.0, "%", 4, 6), mention(8.0, "%", 5, 7)]]
    assert count_matches(gold[0], predicted[0], exact_key) == 1
    assert len(overlap_pairs(gold[0], predicted[0])) == 1
    assert overlap_pairs(gold[0], predicted[0])[0][1].start == 4     # the larger overlap wins


def test_matches_are_per_sentence():
    gold = [[mention(8.0, "%", 0, 2)], []]
    predicted = [[], [mention(8.0, "%", 0, 2)]]
    scores = extraction_scores(gold, predicted)
    assert scores["exact"]["tp"] == scores["span"]["tp"] == 0.0


def test_empty_and_mismatched_inputs():
    assert extraction_scores([[]], [[]])["exact"] == {"precision": 0.0, "recall": 0.0, "f1": 0.0, "tp": 0.0}
    with pytest.raises(ValueError):
        extraction_scores([[]], [])


def test_keys_and_prf():
    assert value_key(GOLD[0][1]) == ("range", 1.0, 2.0, "名")
    assert exact_key(GOLD[0][0]) == ("value", 5.5, "亿元", "target")
    assert prf(1, 2, 4) == {"precision": 0.5, "recall": 0.25, "f1": pytest.approx(1 / 3)}


def test_names_are_judged_on_the_mentions_whose_value_and_unit_match():
    from dataclasses import replace

    from training.extraction_metrics import char_f1

    gold = [[replace(GOLD[0][0], indicator="技术交易额"), replace(GOLD[0][2], indicator="三产占比")]]
    predicted = [[replace(GOLD[0][0], indicator="全年技术交易额"),            # padded: value matches
                  replace(GOLD[0][2], indicator="三产占比"),                  # exact
                  replace(GOLD[0][1], indicator="全职院士")]]                 # no gold mention: not judged
    fields = extraction_scores(gold, predicted)["fields"]
    assert fields["value_matched_pairs"] == 2.0
    assert fields["name_exact_accuracy"] == 0.5
    assert fields["name_char_f1"] == pytest.approx((char_f1("技术交易额", "全年技术交易额") + 1.0) / 2)
    assert char_f1("技术交易额", "全年技术交易额") == pytest.approx(2 * (5 / 7) * 1.0 / (5 / 7 + 1.0))
    assert char_f1("技术交易额", "转") == 0.0
