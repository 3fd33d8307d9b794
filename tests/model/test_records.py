"""The records that cross module lines: field order of the contract, rounding, the shared label constants."""

from __future__ import annotations

from model.records import LABELS, MENTION_FIELDS, SECTIONS, THEMES, Document, Mention, Sentence, SentenceResult


def test_contract_fields_and_rounding():
    mention = Mention("地区生产总值", 8.0, "%", "~", "target", "growth", 8, 10)
    result = SentenceResult("力争全年地区生产总值增长8%左右。", {t: 1 / 3 for t in THEMES}, ["innovation"], True,
                            0.123456789, [mention], "plan")
    record = result.to_dict()
    assert list(record) == ["section", "section_prob", "text", "themes", "labels", "quant_target", "quant_target_prob", "indicators"]
    assert record["themes"]["urban"] == 0.3333 and record["quant_target_prob"] == 0.1235
    assert list(record["indicators"][0]) == list(MENTION_FIELDS)


def test_split_records_carry_the_document_metadata():
    document = Document("d", "一、回顾\n完成。", {"year": 2020},
                        [Sentence("d", 0, "一、回顾", "review", None, True, 0, 4),
                         Sentence("d", 1, "完成。", "review", "一、回顾", False, 5, 8)])
    records = document.split_records()
    assert [r["is_heading"] for r in records] == [True, False] and records[1]["meta"] == {"year": 2020}
    assert document.body[5:8] == records[1]["text"] == "完成。"


def test_label_constants():
    assert LABELS == (*THEMES, "quant_target") and SECTIONS == ("review", "plan")
