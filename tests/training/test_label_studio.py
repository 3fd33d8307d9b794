"""Label Studio tasks and exports: the model's labels written as a pre-annotation read back as the same
annotation; a result that breaks the guide is named."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from training.label_studio import CONFIG, annotation_from_result, prediction_result

TEXT = "力争引进高层次人才30名，新增高新技术企业1-2家。"
MENTIONS = [{"indicator": "高层次人才", "value": 30.0, "value_low": None, "value_high": None, "unit": "名",
             "comparator": "=", "kind": "target", "measure": "count", "start": 9, "end": 12},
            {"indicator": "高新技术企业", "value": None, "value_low": 1.0, "value_high": 2.0, "unit": "家",
             "comparator": "range", "kind": "target", "measure": "count", "start": 21, "end": 25}]


def test_a_prediction_reads_back_as_the_same_annotation():
    assert TEXT[9:12] == "30名" and TEXT[21:25] == "1-2家"
    row, problems = annotation_from_result(TEXT, prediction_result(["talent", "innovation"], True, MENTIONS, TEXT))
    assert problems == []
    assert {k: row[k] for k in ("innovation", "talent", "urban", "party", "quant_target")} == \
        {"innovation": 1, "talent": 1, "urban": 0, "party": 0, "quant_target": 1}
    assert [(m["span"], m["comparator"]) for m in row["mentions"]] == [("30名", "="), ("1-2家", "range")]


def test_problems_are_named():
    _, problems = annotation_from_result(TEXT, [{"from_name": "themes", "value": {"choices": ["sports"]}}])
    assert "unknown themes ['sports']" in problems and "quant_target must be answered yes or no" in problems


def test_the_labelling_interface_ships_with_the_package():
    names = {element.get("name") for element in ET.parse(CONFIG).getroot().iter() if element.get("name")}
    assert {"themes", "quant_target", "mention", "indicator", "value", "unit", "comparator", "measure"} <= names
