"""The labelled-record schema."""

from __future__ import annotations

import pytest

from training.schema import LabelledSentence, validate_record


def _record(**overrides):
    record = {
        "sid": "d:1", "doc_id": "d", "sent_id": 1, "source": "local", "sampling": "census",
        "text": "力争全年技术交易额超过5.5亿元。", "innovation": 1, "talent": 0, "urban": 0, "party": 0,
        "quant_target": 1, "annotator": "ann1", "double": False, "split": "train", "section": "plan",
        "heading": None,
        "mentions": [{"indicator": "技术交易额", "value": 5.5, "value_low": None, "value_high": None,
                      "unit": "亿元", "comparator": ">=", "kind": "target", "measure": "level",
                      "start": 11, "end": 16}],
    }
    record.update(overrides)
    return record


def test_valid_record_round_trips():
    record = _record()
    assert validate_record(record) == []
    sentence = LabelledSentence.from_dict(record)
    assert sentence.labels == {"innovation": 1, "talent": 0, "urban": 0, "party": 0, "quant_target": 1}
    assert sentence.mentions[0].value == 5.5
    assert sentence.text[sentence.mentions[0].start:sentence.mentions[0].end] == "5.5亿元"


@pytest.mark.parametrize(
    "overrides, fragment",
    [
        ({"innovation": 2}, "innovation must be 0 or 1"),
        ({"talent": True}, "talent must be 0 or 1"),
        ({"source": "web"}, "source must be"),
        ({"split": "dev"}, "split must be"),
        ({"section": "past"}, "section must be"),
        ({"sid": None}, "sid must be str"),
    ],
)
def test_invalid_records(overrides, fragment):
    assert any(fragment in p for p in validate_record(_record(**overrides)))


@pytest.mark.parametrize(
    "mention_overrides, fragment",
    [
        ({"start": 14, "end": 40}, "offsets inside the text"),
        ({"comparator": "gt"}, "comparator must be"),
        ({"kind": "goal"}, "kind must be"),
        ({"measure": "rate"}, "measure must be"),
        ({"value": None}, "value must be a number"),
        ({"comparator": "range", "value": None}, "a range needs"),
        ({"colour": "red"}, "unknown fields"),
    ],
)
def test_invalid_mentions(mention_overrides, fragment):
    record = _record()
    record["mentions"] = [{**record["mentions"][0], **mention_overrides}]
    problems = validate_record(record)
    assert any(fragment in p for p in problems), problems
    with pytest.raises(ValueError):
        LabelledSentence.from_dict(record)
