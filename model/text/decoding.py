"""Bytes to text: detect the encoding of a report file and refuse what is not text."""

from __future__ import annotations

import codecs
import unicodedata

from .errors import BinaryInputError, DecodingError, EmptyInputError

_MAGIC = {
    b"%PDF": "a PDF document",
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"PK\x03\x04": "a ZIP archive (or .docx/.xlsx)",
    b"\x1f\x8b": "a gzip archive",
    b"\xd0\xcf\x11\xe0": "an OLE document (.doc/.xls)",
    b"\x7fELF": "an executable",
}
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_LEGACY = ("gb18030", "cp950")      # GB18030 (a superset of GBK and GB2312) first: it wins a tie
_COMMON_CHARS = frozenset(
    "的一是在不了有和人中大上我以要他用生到作地出就分成可主年同工也能下子种面而方多定行法所民得十三之等部度"
    "家力如水化高自二理起小物加量都体制机使本去把性好它合因由其些然前外天政四日那社事平形相全表与各重新正心"
    "反你明看原又利比或但气第向道命此解意建月公很情者最立代想已通并提直党程展五果料象革位入常文次品式活及管"
    "特件求老基流路少山接知手角期根指九放西被做必先回任取据府研市技才城推"
)
_TEXT_RANGES = (("\u00a0", "\u024f"), ("\u2000", "\u206f"), ("\u2460", "\u24ff"), ("\u2e80", "\u303f"),
                ("\u3040", "\u30ff"), ("\u3400", "\u4dbf"), ("\u4e00", "\u9fff"), ("\uf900", "\ufaff"),
                ("\ufe30", "\ufe4f"), ("\uff00", "\uffef"))


def decode_bytes(data: bytes, source: str | None = None) -> tuple[str, str]:
    """Decode report bytes; return ``(text, encoding)``.

    UTF-8 (with or without BOM), UTF-16/32 with BOM, BOM-less UTF-16, GB18030 (a superset of GBK
    and GB2312) and Big5 (CP950) are recognised. A file cut inside its last character keeps everything
    before the cut. Binary or undecodable data raises a typed :class:`~model.text.errors.ReportInputError`.
    """
    if not data.strip():
        raise EmptyInputError("the file is empty", source)
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return _decode_cut(data, encoding), encoding
            except UnicodeDecodeError as exc:
                raise DecodingError(f"starts with a {encoding} byte-order mark but is not valid {encoding}: {exc.reason} at byte {exc.start}", source) from None
    for magic, what in _MAGIC.items():
        if data.startswith(magic):
            raise BinaryInputError(f"binary file: looks like {what}, not report text", source)
    if b"\x00" in data[:4096]:
        for encoding in _utf16_guesses(data):
            try:
                text = _decode_cut(data, encoding)
            except UnicodeDecodeError:
                continue
            if _looks_like_text(text):
                return _checked(text, source), encoding
        raise BinaryInputError("binary file: contains NUL bytes", source)
    try:
        return _checked(_decode_cut(data, "utf-8"), source), "utf-8"
    except UnicodeDecodeError as exc:
        utf8_error = exc
    decoded = []
    for encoding in _LEGACY:
        try:
            decoded.append((_decode_cut(data, encoding), encoding))
        except UnicodeDecodeError:
            pass
    if not decoded:
        raise DecodingError(
            f"not valid UTF-8 ({utf8_error.reason} at byte {utf8_error.start}) nor GB18030/GBK nor Big5", source
        )
    # Big5 bytes are (nearly) always valid GB18030 too: keep the reading that gives common Chinese characters.
    text, encoding = max(decoded, key=lambda option: _common_share(option[0]))
    return _checked(text, source), encoding


_CUT_REASONS = ("unexpected end of data", "incomplete multibyte sequence", "truncated data")


def _decode_cut(data: bytes, encoding: str) -> str:
    """``data`` decoded; a file cut inside its last character keeps what precedes the cut."""
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        if exc.start >= len(data) - 3 and exc.reason in _CUT_REASONS:
            return data[: exc.start].decode(encoding)
        raise


def _common_share(text: str) -> float:
    """Share of the non-ASCII characters that are frequent Chinese characters written alike in simplified
    and traditional script: high for the right reading of report text, low for mojibake."""
    sample = text[:20000]
    wide = sum(1 for ch in sample if not ch.isascii()) or 1
    return sum(1 for ch in sample if ch in _COMMON_CHARS) / wide


def _looks_like_text(text: str) -> bool:
    """Most characters are Chinese, ASCII or the punctuation and full-width forms reports use (the test
    for a UTF-16 guess: binary data read as UTF-16 scatters over the whole code space)."""
    sample = text[:20000]
    if not sample:
        return False
    usual = sum(1 for ch in sample if ch.isascii() or any(lo <= ch <= hi for lo, hi in _TEXT_RANGES))
    return usual >= 0.9 * len(sample)


def _utf16_guesses(data: bytes) -> tuple[str, ...]:
    """BOM-less UTF-16, the likelier byte order first: NUL bytes fall mostly at odd positions in
    little-endian text (high bytes of ASCII, low bytes of U+xx00 such as 一 at the other)."""
    sample = data[:4096]
    even = sample[0::2].count(0)
    odd = sample[1::2].count(0)
    return ("utf-16-le", "utf-16-be") if odd >= even else ("utf-16-be", "utf-16-le")


def _checked(text: str, source: str | None) -> str:
    """Refuse decoded text that is mostly control or private-use characters (binary that happened to decode)."""
    sample = text[:20000]
    if not sample.strip():
        raise EmptyInputError("the file holds only white space", source)
    bad = sum(
        1
        for ch in sample
        if (unicodedata.category(ch) in ("Cc", "Co", "Cs", "Cn") and ch not in "\t\n\r\f\v")
    )
    if bad > 0.05 * len(sample):
        raise BinaryInputError(
            f"binary file: {bad} of the first {len(sample)} characters are control or unassigned codes", source
        )
    return text
