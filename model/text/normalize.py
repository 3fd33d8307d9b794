"""Character normalisation that keeps meaning: ASCII digits and letters, Chinese punctuation kept."""

from __future__ import annotations

import re

_FULLWIDTH = {c: c - 0xFEE0 for c in range(0xFF10, 0xFF1A)}            # ０-９
_FULLWIDTH.update({c: c - 0xFEE0 for c in range(0xFF21, 0xFF3B)})      # Ａ-Ｚ
_FULLWIDTH.update({c: c - 0xFEE0 for c in range(0xFF41, 0xFF5B)})      # ａ-ｚ
_FULLWIDTH.update({0xFF05: ord("%"), 0x3000: ord(" "), 0x00A0: ord(" "), 0x2002: ord(" "),
                   0x2003: ord(" "), 0x2009: ord(" "), 0x0009: ord(" "), 0x000B: ord(" "), 0x000C: ord(" ")})
_DROP = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad\r"))
_TABLE = {**_FULLWIDTH, **_DROP}

CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# Chinese punctuation and brackets: white space next to them is never meaningful.
CJK_PUNCT = "，。、；：？！“”‘’（）《》【】「」『』〔〕…—·：,;:!?()"
_NEAR = f"[{CJK}{re.escape(CJK_PUNCT)}]"
_SPACE_NEAR_CJK = re.compile(rf"(?<={_NEAR}) +| +(?={_NEAR})")
_SPACED_DIGITS = re.compile(r"(?<![\d.])\d(?: \d)+(?![\d.])")
_FW_DECIMAL = re.compile(r"(?<=\d)[．·](?=\d)")
# Spaces inside a written number (8 ．8 ％, 1 0 %: text laid out from print) are not meaningful.
_SPACE_IN_NUMBER = re.compile(r"(?<=\d) (?=[%．.])|(?<=\d[．.]) (?=\d)")
_SURROGATE = re.compile("[\ud800-\udfff]")


def normalize_chars(text: str) -> str:
    """Full-width digits and Latin letters to ASCII, ％ to %, odd spaces to plain ones, invisible marks dropped,
    lone surrogates replaced."""
    text = without_surrogates(text.translate(_TABLE))
    return _FW_DECIMAL.sub(".", text)


def fold_width(text: str) -> str:
    """Full-width digits, letters and ％ as ASCII and ． between digits as a decimal point, one character for one
    (offsets hold): what the indicator patterns read in a sentence that was not normalised on reading."""
    return _FW_DECIMAL.sub(".", text.translate(_FULLWIDTH))


def without_number_spaces(text: str) -> tuple[str, list[int] | None]:
    """``text`` without the spaces inside its written numbers (8 ．8 %, 10 %: text laid out from print), and the
    offset in ``text`` of each character kept (None when nothing was removed)."""
    if " " not in text:
        return text, None
    chars, at = text, list(range(len(text)))
    while drop := {m.start() for m in _SPACE_IN_NUMBER.finditer(chars)}:
        chars = "".join(c for i, c in enumerate(chars) if i not in drop)
        at = [a for i, a in enumerate(at) if i not in drop]
    return (chars, at) if len(chars) < len(text) else (text, None)


def without_surrogates(text: str) -> str:
    """Lone surrogates (JSON escapes such as \\ud800 decode to them) as U+FFFD: no output can write them."""
    return _SURROGATE.sub("\ufffd", text)


def tidy_line(line: str) -> str:
    """Remove stray white space in one line: around Chinese text, inside spaced-out digits ("1 9 9 8")."""
    line = line.strip()
    if " " not in line:
        return line
    line = _SPACED_DIGITS.sub(lambda m: m.group(0).replace(" ", ""), line)
    line = _SPACE_NEAR_CJK.sub("", line)
    return re.sub(r" {2,}", " ", line)
