"""Reading written numbers: Arabic, Chinese, mixed, fractions and ranges, per docs/labelling.md."""

from __future__ import annotations

import pytest

from model.indicators.numbers import Quantity, chinese_to_float, parse_number, parse_quantity, split_magnitude, split_unit


@pytest.mark.parametrize("text, value", [
    ("5.5", 5.5),
    ("1,234", 1234),
    ("28，049，780，000", 28_049_780_000),
    ("3，054，308，000", 3_054_308_000),
    ("三", 3),
    ("两", 2),
    ("十", 10),
    ("十九", 19),
    ("二十", 20),
    ("一百零五", 105),
    ("一千三百", 1300),
    ("一千三", 1300),
    ("两万五", 25_000),
    ("一千零一十九万", 10_190_000),
    ("三百八十七点四二", 387.42),
    ("零点五", 0.5),
    ("二〇二〇", 2020),
    ("一九五八", 1958),
    ("一百二十七亿六千万", 12_760_000_000),
    ("十亿六千万", 1_060_000_000),
    ("六万万", 600_000_000),
    ("一万亿", 1_000_000_000_000),
    ("1.3万亿", 1_300_000_000_000),
    ("3000万", 30_000_000),
    ("1亿2000万", 120_000_000),
    ("三分之一", 0.3333),
    ("三分之二", 0.6667),
    ("百分之四十一", 41),
    ("百分之十九点五", 19.5),
])
def test_parse_number(text, value):
    assert parse_number(text) == pytest.approx(value)


def test_chinese_to_float_is_parse_number():
    assert chinese_to_float("一千三百") == 1300.0


@pytest.mark.parametrize("text", ["", "亿元", "abc", "三点"])
def test_not_a_number_raises(text):
    with pytest.raises(ValueError):
        parse_number(text)


@pytest.mark.parametrize("text, expected", [
    ("5.5亿元", Quantity(5.5, "亿元")),
    ("1.3万亿元", Quantity(1.3, "万亿元")),
    ("3000万元", Quantity(3000, "万元")),
    ("10家", Quantity(10, "家")),
    ("2.5个百分点", Quantity(2.5, "个百分点")),
    ("1255万千瓦", Quantity(1255, "万千瓦")),
    ("五十六万千瓦", Quantity(56, "万千瓦")),
    ("1100余人", Quantity(1100, "人")),
    ("一千四百多亿元", Quantity(1400, "亿元")),
    ("三分之一", Quantity(0.3333, "三分之一")),
    ("百分之四十一", Quantity(41, "%")),
    ("一千三百人", Quantity(1300, "人")),
    ("一百二十七亿六千万元", Quantity(127.6, "亿元")),
    ("一亿一千一百六十三万匹", Quantity(11163, "万匹")),
    ("三十一万五千人", Quantity(31.5, "万人")),
    ("二万六千二百二十七人", Quantity(26227, "人")),
    ("七亿七千多万吨", Quantity(77000, "万吨")),
    ("六万万", Quantity(6, "万万")),
    ("28，049，780，000元", Quantity(28_049_780_000, "元")),
])
def test_parse_quantity_keeps_magnitude_in_unit(text, expected):
    got = parse_quantity(text)
    assert got.unit == expected.unit
    assert got.value == pytest.approx(expected.value)
    assert not got.is_range


@pytest.mark.parametrize("text, low, high, unit", [
    ("6%-6.5%", 6, 6.5, "%"),
    ("6%－6.5%", 6, 6.5, "%"),
    ("6-6.5%", 6, 6.5, "%"),
    ("8%~9%", 8, 9, "%"),
    ("8%至10%", 8, 10, "%"),
    ("2至3家", 2, 3, "家"),
    ("1-2名", 1, 2, "名"),
    ("2-3万元", 2, 3, "万元"),
    ("十五亿元到二十亿元", 15, 20, "亿元"),
    ("百分之四到五", 4, 5, "%"),
])
def test_parse_quantity_ranges(text, low, high, unit):
    got = parse_quantity(text)
    assert got.is_range and got.value is None
    assert (got.value_low, got.value_high, got.unit) == (pytest.approx(low), pytest.approx(high), unit)


def test_split_unit_and_magnitude():
    assert split_unit("3000万元") == ("3000万", "元")
    assert split_unit("1255万千瓦") == ("1255万", "千瓦")
    assert split_magnitude("1.3万亿") == (1.3, "万亿")
    assert split_magnitude("一百二十七亿六千万") == (127.6, "亿")
    assert split_magnitude("1100") == (1100.0, "")
