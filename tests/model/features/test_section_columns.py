"""What the section model reads besides words: years relative to the report's year, headings, openings and
the document's edges."""

from model.features.section_columns import (document_frame, heading_cue, report_year, sentence_marks,
                                            sentences_frame, year_marks)
from model.records import Sentence


def test_years_are_read_relative_to_the_reports_year():
    assert year_marks("2023年全区地区生产总值增长6%，2024年力争增长7%，到2030年建成", 2024) == [
        "year:last", "year:this", "year:future"]
    assert year_marks("2019年以来累计完成投资", 2024) == ["year:past"]
    assert year_marks("2025年的主要目标", 2024) == ["year:next"]
    assert year_marks("无年份的句子", 2024) == []


def test_without_the_reports_year_a_named_year_is_only_marked():
    assert year_marks("2023年全区地区生产总值增长6%", None) == ["year:named"]


def test_report_year_from_metadata():
    assert report_year({"year": 2021}) == 2021
    assert report_year({"year": "2019年"}) == 2019
    assert report_year({"year": "unknown"}) is None
    assert report_year({}) is None and report_year(None) is None


def test_heading_cues_and_marks():
    assert heading_cue("一、2023年工作回顾") == "review"
    assert heading_cue("二、2024年工作安排") == "plan"
    assert heading_cue(None) == "none"
    marks = sentence_marks("今年主要预期目标是：", is_heading=True, report_year=2024, position=0, length=10).split()
    assert {"mark:heading", "opens:plan", "mark:start"} <= set(marks)
    assert "mark:end" in sentence_marks("谢谢大家。", False, None, position=9, length=10).split()
    assert sentence_marks("谢谢大家。", False, None) == ""


def test_a_documents_columns_hold_every_model_input():
    sentences = [Sentence("d", 0, "一、2023年工作回顾", section="review", is_heading=True),
                 Sentence("d", 1, "全年完成固定资产投资100亿元。", section="review", heading="一、2023年工作回顾"),
                 Sentence("d", 2, "2024年要新增就业1万人。", section=None, heading="一、2023年工作回顾")]
    frame = document_frame(sentences, 2024)
    assert frame.column("cue") == ["review", "review", "none"]
    assert frame.column("heading_cue") == ["none", "review", "review"]
    assert "year:this" in frame.column("marks")[2] and "mark:heading" in frame.column("marks")[0]
    assert len(frame.column("tokens")) == 3


def test_bare_sentences_carry_no_place_in_a_document():
    frame = sentences_frame(["2024年要新增就业1万人。"], ["plan"], ["二、今年工作安排"])
    assert frame.column("cue") == ["plan"] and frame.column("heading_cue") == ["plan"]
    assert frame.column("marks") == ["year:named"]


def test_a_section_that_is_neither_review_nor_plan_is_none():
    # a Spark UDF passes a null section as the string "None"
    given = sentences_frame(["新增就业1万人。"] * 3, ["None", "", "plan"]).to_frame()
    bare = sentences_frame(["新增就业1万人。"] * 2).to_frame()
    assert given.iloc[:2].equals(bare) and given["cue"].tolist()[2] == "plan"
