"""Traditional script read as simplified, one character for one: offsets hold and simplified text is untouched."""

from __future__ import annotations

from model.text.script import _TABLE, as_written, to_simplified
from tests.conftest import RAW


def test_traditional_units_and_cues_read_as_simplified_with_the_same_length():
    text = "糧食產量達到1500萬噸，增長0.5個百分點，完成投資12億元。"
    simple = to_simplified(text)
    assert simple == "粮食产量达到1500万吨，增长0.5个百分点，完成投资12亿元。"
    assert len(simple) == len(text)
    assert as_written("粮食产量", simple, text, simple.index("达")) == "糧食產量"


def test_no_character_of_the_table_is_a_simplified_one():
    assert all(chr(t) != s for t, s in _TABLE.items())
    assert not set(map(chr, _TABLE)) & set(_TABLE.values())
    local = (RAW / "local_excerpts.jsonl").read_text(encoding="utf-8")
    assert to_simplified("加快建设科技强市，地区生产总值增长6%左右。") == "加快建设科技强市，地区生产总值增长6%左右。"
    assert sum(local.count(chr(t)) for t in _TABLE) < 0.001 * len(local)
