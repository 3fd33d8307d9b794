"""Annotation lines: spans located, fields checked."""

from __future__ import annotations

from training.annotations import check_mention, locate

TEXT = "新增高新技术企业3家，累计183家。"
MENTION = {"indicator": "高新技术企业", "span": "3家", "value": 3, "value_low": None, "value_high": None,
           "unit": "家", "comparator": "=", "kind": "actual", "measure": "count"}


def test_locate_occurrences():
    assert locate(TEXT, "3家") == (8, 10)
    assert locate(TEXT, "3家", occurrence=2) == (15, 17)      # inside 183家
    assert locate(TEXT, "3家", occurrence=3) is None


def test_check_mention():
    assert check_mention(TEXT, MENTION) == []
    assert check_mention(TEXT, {**MENTION, "span": "4家"}) == ["span '4家' not in text"]
    assert any("kind must be" in p for p in check_mention(TEXT, {**MENTION, "kind": "goal"}))
    assert any("a range needs" in p for p in check_mention(TEXT, {**MENTION, "comparator": "range", "value": None}))
    assert check_mention(TEXT, {**MENTION, "span": ""}) == ["mention without span"]
