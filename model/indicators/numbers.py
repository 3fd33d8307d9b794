"""Numbers as written in report text, read into floats: Arabic digits with separators, Chinese numerals,
fractions (三分之一, 百分之四十一) and ranges (6%-6.5%, 2至3家), following docs/labelling.md.

:func:`parse_number` gives the full value (``1.3万亿`` → 1.3e12); :func:`parse_quantity` follows the guide's
convention that a magnitude word written inside the number stays in the unit (``1.3万亿元`` → 1.3, ``万亿元``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

CN_DIGITS = {"零": 0, "〇": 0, "○": 0, "一": 1, "壹": 1, "二": 2, "贰": 2, "貳": 2, "两": 2, "兩": 2,
             "三": 3, "叁": 3, "四": 4, "肆": 4, "五": 5, "伍": 5, "六": 6, "陆": 6, "陸": 6, "七": 7, "柒": 7,
             "八": 8, "捌": 8, "九": 9, "玖": 9}
CN_SMALL = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
CN_BIG = {"万": 10_000, "萬": 10_000, "亿": 100_000_000, "億": 100_000_000}
CN_ZERO = "零〇○"
CN_POINT = "点點"
APPROX = "多余餘"            # 1100余人, 一千四百多亿元: "more than", written inside the number
RANGE_DASHES = "-－—–~～至到"
PERCENT_WORDS = {"百分之": "%", "千分之": "‰"}
NUMERAL_LED_UNITS = ("千瓦", "千米", "千克", "千分点", "百分点")   # units that begin with a numeral character
CN_NUMERAL_CHARS = "".join(CN_DIGITS) + "".join(CN_SMALL) + "".join(CN_BIG) + CN_POINT
ARABIC = r"\d{1,3}(?:[,，]\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"

_ARABIC = re.compile(ARABIC)
_CN_RUN = re.compile(f"[{''.join(CN_DIGITS)}]+")
_DECIMALS = re.compile(f"[\\d{''.join(CN_DIGITS)}]+")
_FRACTION = re.compile(rf"^(?P<den>[\d{CN_NUMERAL_CHARS}]+)分之(?P<num>[\d.{CN_NUMERAL_CHARS}]+)$")
_MAGNITUDE_TAIL = re.compile("[万亿萬億]+$")
_HAS_ARABIC = re.compile(r"\d")


@dataclass(frozen=True)
class Quantity:
    """A number read in the guide's terms: value (or low/high for a range) and the unit as written."""

    value: float | None
    unit: str
    value_low: float | None = None
    value_high: float | None = None

    @property
    def is_range(self) -> bool:
        return self.value is None


def parse_number(text: str) -> float:
    """The full value of a number string: ``"28，049，780，000"``, ``"一百二十七亿六千万"`` (1.276e10),
    ``"1.3万亿"`` (1.3e12), ``"二〇二〇"``, ``"三分之一"`` (0.3333), ``"百分之四十一"`` (41)."""
    text = text.strip()
    for word in PERCENT_WORDS:
        if text.startswith(word):
            return float(_parse_decimal(text[len(word):]))
    fraction = _FRACTION.match(text)
    if fraction:
        return round(float(_parse_decimal(fraction["num"]) / _parse_decimal(fraction["den"])), 4)
    return float(_parse_decimal(text))


def chinese_to_float(text: str) -> float:
    """A number in Chinese numerals (三, 两, 十九, 一千三百, 二〇二〇, 三百八十七点四二, 一千三)."""
    return parse_number(text)


def parse_quantity(text: str) -> Quantity:
    """A number with its unit, read per the guide: magnitude words stay in the unit (``3000万元`` → 3000,
    ``万元``), percent words give ``%`` (``百分之四十一`` → 41), a fraction in words is its own unit
    (``三分之一`` → 0.3333), a range gives low/high (``6%-6.5%``, ``2至3家``, ``十五亿元到二十亿元``)."""
    text = text.strip()
    found = _parse_range(text)
    if found is not None:
        return found
    number, unit = split_unit(text)
    if not number:
        raise ValueError(f"no number in {text!r}")
    for word, symbol in PERCENT_WORDS.items():
        if number.startswith(word):
            return Quantity(parse_number(number), symbol + unit)
    if "分之" in number:
        return Quantity(parse_number(number), number + unit)
    value, magnitude = split_magnitude(number)
    return Quantity(value, magnitude + unit)


def split_unit(text: str) -> tuple[str, str]:
    """``"3000万元"`` → ``("3000万", "元")``: the number (with magnitude words) and the unit after it."""
    if "分之" in text:
        head, _, tail = text.partition("分之")
        rest = re.match(f"[\\d.{CN_NUMERAL_CHARS}{APPROX}]*", tail).group(0)
        return head + "分之" + rest, tail[len(rest):]
    end = 0
    for i, ch in enumerate(text):
        if not is_number_char(ch) or (i and text.startswith(NUMERAL_LED_UNITS, i)):
            break
        end = i + 1
    return text[:end], text[end:]


def split_magnitude(number: str) -> tuple[float, str]:
    """The value, and the magnitude word that stays in the unit: ``"1.3万亿"`` → ``(1.3, "万亿")``,
    ``"一百二十七亿六千万"`` → ``(127.6, "亿")``, ``"三十一万五千"`` → ``(31.5, "万")``.

    Arabic numbers keep the magnitude written after their last digit. A Chinese numeral is read in the
    largest magnitude it names that leaves at most two decimals (二万六千二百二十七 stays 26227), or in the
    magnitude written after 多/余 (七亿七千多万 → 77000, 万).
    """
    core = number.strip().strip(APPROX)
    full = _parse_decimal(number)
    tail = _MAGNITUDE_TAIL.search(core)
    if _HAS_ARABIC.search(core) or (tail and tail.start() == 0):
        if tail is None:
            return float(full), ""
        return float(full / _magnitude(tail.group(0))), tail.group(0)
    approx = re.search(f"[{APPROX}](?P<mag>[万亿萬億]+)$", number.strip())
    if approx:
        return float(full / _magnitude(approx["mag"])), approx["mag"]
    options = [tail.group(0)] if tail and len(tail.group(0)) > 1 else []
    options += [m for m in ("亿", "億", "万", "萬") if m in core]
    for mag in options:
        value = full / _magnitude(mag)
        if value >= 1 and value == value.quantize(Decimal("0.01")):
            return float(value), mag
    return float(full), ""


def is_number_char(ch: str) -> bool:
    """A character that can be part of a written number (digits, numerals, separators, 多/余)."""
    return ch.isdigit() or ch in CN_NUMERAL_CHARS or ch in APPROX or ch in ".,，"


def _parse_range(text: str) -> Quantity | None:
    for i, ch in enumerate(text):
        if ch not in RANGE_DASHES or i == 0 or i == len(text) - 1:
            continue
        low, high = text[:i], text[i + 1:]
        try:
            high_q = parse_quantity(high)
            low_q = parse_quantity(low)
        except ValueError:
            continue
        if high_q.is_range or low_q.is_range:
            continue
        unit = high_q.unit or low_q.unit
        if low_q.unit and high_q.unit and low_q.unit != high_q.unit:
            continue
        return Quantity(None, unit, value_low=low_q.value, value_high=high_q.value)
    return None


def _magnitude(word: str) -> Decimal:
    out = Decimal(1)
    for ch in word:
        out *= CN_BIG[ch]
    return out


def _parse_decimal(text: str) -> Decimal:
    """The exact value of a string of Arabic digits and/or Chinese numerals (magnitude words included)."""
    text = text.strip().strip(APPROX)
    if not text:
        raise ValueError("empty number")
    total = section = chunk = Decimal(0)   # before the last 亿 / since it up to 万 / below 万
    current: Decimal | None = None
    last_unit, zero_seen, i = 0, False, 0
    while i < len(text):
        ch = text[i]
        arabic = _ARABIC.match(text, i) if ch.isdigit() else None
        if arabic:
            current, i = Decimal(re.sub("[,，]", "", arabic.group(0))), arabic.end()
            continue
        if ch in CN_DIGITS:
            run = _CN_RUN.match(text, i).group(0)
            digits = "".join(str(CN_DIGITS[c]) for c in run)
            if len(run) > 1 and last_unit == 0 and run[0] not in CN_ZERO:
                current = Decimal(digits)                      # 二〇二〇: read digit by digit
            else:
                current = Decimal(digits[-1])                  # 一百零五: 零 holds a place
                zero_seen = zero_seen or any(c in CN_ZERO for c in run)
            i += len(run)
            continue
        if ch in CN_POINT:
            decimals = _DECIMALS.match(text, i + 1)
            if decimals is None:
                raise ValueError(f"not a number: {text!r}")
            frac = "".join(str(CN_DIGITS.get(c, c)) for c in decimals.group(0))
            current, i = (current or Decimal(0)) + Decimal("0." + frac), decimals.end()
            last_unit = -1
            continue
        if ch in APPROX or ch in ",，":
            i += 1
            continue
        if ch in CN_SMALL:
            chunk += (current if current is not None else Decimal(1)) * CN_SMALL[ch]
            current, last_unit, zero_seen = None, CN_SMALL[ch], False
        elif ch in CN_BIG:
            big = CN_BIG[ch]
            below = chunk + (current or Decimal(0))
            written = current is not None or last_unit != 0     # 0万 is zero; a bare 万 is ten thousand
            if big == 10_000:
                section = (section + below) * big if written else Decimal(big)
            else:
                total = (total + section + below) * big if written else Decimal(big)
                section = Decimal(0)
            chunk, current, last_unit, zero_seen = Decimal(0), None, big, False
        else:
            raise ValueError(f"not a number: {text!r}")
        i += 1
    if current is not None and last_unit >= 100 and not zero_seen and text[-1] in CN_DIGITS:
        current *= Decimal(last_unit) / 10                     # 一千三 = 1300, 两万五 = 25000
    return total + section + chunk + (current or Decimal(0))
