"""Properties of number reading: a number rendered the ways reports write it reads back as that number."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import example, given
from hypothesis import strategies as st

from model.text.normalize import normalize_chars
from model.indicators.numbers import parse_number, parse_quantity

DIGITS = "零一二三四五六七八九"
UNITS = ("元", "家", "人", "吨", "公里", "平方米", "个", "项")
MAGNITUDES = {"": 1, "万": 10**4, "亿": 10**8, "万亿": 10**12}


def _group(n: int, two: bool) -> str:
    """0 < n < 10000 in Chinese numerals, 零 for the gaps (一千零五, 三百零六)."""
    out, gap = "", False
    for power, word in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit = n // power % 10
        if digit == 0:
            gap = bool(out)
            continue
        if gap:
            out += "零"
            gap = False
        out += ("两" if two and digit == 2 and power >= 100 else DIGITS[digit]) + word
    return out


def chinese(n: int, two: bool = False, short_ten: bool = True) -> str:
    """0 <= n < 10**16 in Chinese numerals as reports write them (一亿零三万, 十九, 两千, 三千五百万)."""
    if n == 0:
        return "零"
    for power, word in ((10**8, "亿"), (10**4, "万")):
        if n >= power:
            high, rest = divmod(n, power)
            text = chinese(high, two, short_ten) + word
            if rest:
                text += ("零" if rest < power // 10 else "") + chinese(rest, two, short_ten=False)
            return text
    text = _group(n, two)
    return text[1:] if short_ten and text.startswith("一十") else text


def with_separators(n: int, comma: str) -> str:
    return f"{n:,}".replace(",", comma)


def fullwidth(text: str) -> str:
    return text.translate({ord(c): 0xFF10 + int(c) for c in "0123456789"} | {ord("."): "．", ord("%"): "％"})


integers = st.integers(min_value=0, max_value=10**16 - 1)
decimals = st.tuples(st.integers(0, 10**6), st.integers(0, 999)).map(lambda p: f"{p[0]}.{p[1]:03d}".rstrip("0").rstrip("."))


@given(integers, st.booleans(), st.booleans())
@example(100_000_001, False, True)       # 一亿零一
@example(10, False, True)                # 十
@example(2_0000_0000, True, True)        # 两亿
def test_chinese_integers_read_back(n, two, short_ten):
    assert parse_number(chinese(n, two, short_ten)) == float(n)    # a float: exact up to 2**53


@given(st.integers(0, 10**8), st.text(DIGITS, min_size=1, max_size=6))
@example(1, "五")                         # 一点五
def test_chinese_decimals_read_back(whole, fraction):
    digits = "".join(str(DIGITS.index(c)) for c in fraction)
    assert parse_number(f"{chinese(whole)}点{fraction}") == float(Decimal(f"{whole}.{digits}"))


@given(st.integers(1000, 9999))
def test_year_like_digit_by_digit(n):
    assert parse_number("".join("〇一二三四五六七八九"[int(d)] for d in str(n))) == n


@given(integers, st.sampled_from(["", ",", "，"]))
@example(28_049_780_000, "，")
def test_arabic_integers_with_and_without_separators(n, comma):
    assert parse_number(with_separators(n, comma) if comma else str(n)) == float(n)


@given(decimals, st.booleans())
def test_fullwidth_digits_read_after_normalisation(number, as_fullwidth):
    written = fullwidth(number) if as_fullwidth else number
    assert parse_number(normalize_chars(written)) == float(Decimal(number))


@given(decimals, st.sampled_from(sorted(MAGNITUDES)[1:]))
@example("3.5", "万")
@example("1.3", "万亿")
@example("0", "万")                       # was read as a bare 万 (10000)
def test_arabic_with_magnitude_word(number, magnitude):
    assert parse_number(number + magnitude) == float(Decimal(number) * MAGNITUDES[magnitude])


@given(st.integers(1, 9999), st.integers(1, 9999))
@example(1, 2000)                         # 1亿2000万
def test_mixed_arabic_and_magnitude_groups(yi, wan):
    assert parse_number(f"{yi}亿{wan}万") == yi * 10**8 + wan * 10**4


@given(st.integers(0, 100), st.text(DIGITS, max_size=2))
@example(41, "")                          # 百分之四十一
def test_percent_words(whole, fraction):
    written = chinese(whole) + (f"点{fraction}" if fraction else "")
    digits = "".join(str(DIGITS.index(c)) for c in fraction)
    expected = Decimal(f"{whole}.{digits}" if digits else str(whole))
    got = parse_quantity("百分之" + written)
    assert (got.value, got.unit) == (float(expected), "%")
    assert parse_number("千分之" + written) == float(expected)


@given(decimals, st.booleans())
def test_percent_sign(number, as_fullwidth):
    written = number + "%"
    got = parse_quantity(normalize_chars(fullwidth(written) if as_fullwidth else written))
    assert (got.value, got.unit) == (float(Decimal(number)), "%")


@given(st.integers(1, 99), st.integers(1, 99))
@example(3, 1)                            # 三分之一
def test_fractions_in_words(den, num):
    assert abs(parse_number(f"{chinese(den)}分之{chinese(num)}") - num / den) <= 0.00005 + 1e-12


@given(decimals, st.sampled_from(sorted(MAGNITUDES)), st.sampled_from(UNITS))
@example("5.5", "亿", "元")
@example("3000", "万", "元")
@example("0", "万", "元")                  # was 1 万元
def test_arabic_quantity_keeps_magnitude_in_unit(number, magnitude, unit):
    got = parse_quantity(number + magnitude + unit)
    assert (got.value, got.unit) == (float(Decimal(number)), magnitude + unit)


@given(integers.filter(bool), st.sampled_from(UNITS))
@example(35_000_000, "元")                 # 三千五百万元 → 3500 万元
def test_chinese_quantity_value_times_magnitude_is_the_number(n, unit):
    got = parse_quantity(chinese(n) + unit)
    magnitude = got.unit[: len(got.unit) - len(unit)]
    assert got.unit.endswith(unit) and magnitude in MAGNITUDES
    assert float(Decimal(repr(got.value)) * MAGNITUDES[magnitude]) == float(n)


@given(decimals, decimals, st.sampled_from(["-", "－", "~", "至"]), st.sampled_from(["%", "家", "万元"]))
@example("6", "6.5", "-", "%")
def test_arabic_ranges(low, high, dash, unit):
    got = parse_quantity(f"{low}{dash}{high}{unit}")
    assert got.is_range
    assert (got.value_low, got.value_high, got.unit) == (float(Decimal(low)), float(Decimal(high)), unit)
