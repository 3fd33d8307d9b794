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


def decode_bytes(data: bytes, source: str | None = None) -> tuple[str, str]:
    """Decode report bytes; return ``(text, encoding)``.

    UTF-8 (with or without BOM), UTF-16/32 with BOM, BOM-less UTF-16 and GB18030 (a superset of GBK
    and GB2312) are recognised. A UTF-8 file cut inside its last character keeps everything before
    the cut. Binary or undecodable data raises a typed :class:`~model.errors.ReportInputError`.
    """
    if not data.strip():
        raise EmptyInputError("the file is empty", source)
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError as exc:
                raise DecodingError(f"starts with a {encoding} byte-order mark but is not valid {encoding}: {exc.reason} at byte {exc.start}", source) from None
    for magic, what in _MAGIC.items():
        if data.startswith(magic):
            raise BinaryInputError(f"binary file: looks like {what}, not report text", source)
    if b"\x00" in data[:4096]:
        encoding = _bomless_utf16(data)
        if encoding:
            try:
                return _checked(data.decode(encoding), source), encoding
            except UnicodeDecodeError:
                pass
        raise BinaryInputError("binary file: contains NUL bytes", source)
    try:
        return _checked(data.decode("utf-8"), source), "utf-8"
    except UnicodeDecodeError as exc:
        if exc.start >= len(data) - 3 and exc.reason in ("unexpected end of data",):
            return _checked(data[: exc.start].decode("utf-8"), source), "utf-8"
        utf8_error = exc
    try:
        return _checked(data.decode("gb18030"), source), "gb18030"
    except UnicodeDecodeError:
        pass
    raise DecodingError(
        f"not valid UTF-8 ({utf8_error.reason} at byte {utf8_error.start}) nor GB18030/GBK", source
    )


def _bomless_utf16(data: bytes) -> str | None:
    """Guess UTF-16 without BOM from where the NUL bytes fall (ASCII-heavy text has NULs at one parity)."""
    sample = data[:4096]
    even = sample[0::2].count(0)
    odd = sample[1::2].count(0)
    half = len(sample) // 2 or 1
    if odd > 0.3 * half and even < 0.05 * half:
        return "utf-16-le"
    if even > 0.3 * half and odd < 0.05 * half:
        return "utf-16-be"
    return None


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
