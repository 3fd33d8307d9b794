"""Read a report (file, bytes or text) into a :class:`~model.records.Document` of sentences."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .decoding import decode_bytes
from .errors import NoTextError, ReportInputError
from .headings import MAX_HEADING_CHARS, heading_marker, paragraph_cue, section_cue
from .html_text import html_to_text, looks_like_html
from .layout import Paragraph, read_layout
from ..records import Document, Sentence
from .splitter import ends_complete, split_spans

HTML_SUFFIXES = (".html", ".htm", ".shtml", ".xhtml")


def read_report(path: str | Path, doc_id: str | None = None) -> Document:
    """Read one report file (plain text in any common Chinese encoding, or an HTML page)."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ReportInputError(f"cannot read: {exc.strerror or exc}", str(path)) from None
    return parse_bytes(data, doc_id or path.name, source=str(path), html=(path.suffix.lower() in HTML_SUFFIXES) or None)


def parse_bytes(data: bytes, doc_id: str, source: str | None = None, html: bool | None = None) -> Document:
    """Decode and parse report bytes; errors name ``source``."""
    text, encoding = decode_bytes(data, source)
    doc = parse_text(text, doc_id, html=html, source=source)
    doc.encoding = encoding
    return doc


def parse_text(text: str, doc_id: str, meta: dict | None = None, html: bool | None = None,
               source: str | None = None) -> Document:
    """Parse report text into sentences with section and heading context.

    ``meta`` (e.g. fields of a JSONL record) is kept; fields parsed from the page head are added.
    """
    if html or (html is None and looks_like_html(text)):
        text = html_to_text(text)
    paragraphs, parsed = read_layout(text)
    doc_meta = {**parsed, **(meta or {})}
    units = _units(paragraphs)
    structured = any(u.is_heading and u.level == 1 and section_cue(u.text) for u in units)

    sentences: list[Sentence] = []
    headings: list[tuple[int, str]] = []
    section: str | None = None
    for unit in units:
        if unit.is_heading:
            if unit.level == 1 or (unit.line and unit.level <= 2):
                section = section_cue(unit.text) or section
            while headings and headings[-1][0] >= unit.level:
                headings.pop()
        elif not structured and not unit.marker:
            section = paragraph_cue(unit.text) or section
        sentences.append(
            Sentence(doc_id=doc_id, sent_id=len(sentences), text=unit.text, section=section,
                     heading=headings[-1][1] if headings else None, is_heading=unit.is_heading,
                     start=unit.start, end=unit.end)
        )
        if unit.is_heading:
            headings.append((unit.level, unit.text.rstrip("。；;")))
    if not sentences:
        raise NoTextError("no report sentence found in the text", source or doc_id)
    body = "\n".join(p.text for p in paragraphs)
    return Document(doc_id=doc_id, body=body, meta=doc_meta, sentences=sentences)


@dataclass
class _Unit:
    text: str
    start: int
    end: int
    marker: bool
    is_heading: bool
    level: int
    line: bool


def _units(paragraphs: list[Paragraph]) -> list[_Unit]:
    """Every sentence span of the body, with its heading marker and level (offsets into the body)."""
    units: list[_Unit] = []
    offset = 0
    for p_index, para in enumerate(paragraphs):
        text = para.text
        spans = split_spans(text)
        if p_index == len(paragraphs) - 1 and spans and not para.is_heading_line:
            if not ends_complete(text[spans[-1][0]:spans[-1][1]]):
                spans = spans[:-1]   # a page cut mid-sentence: drop the unfinished fragment
        for k, (a, b) in enumerate(spans):
            sentence = text[a:b]
            if k == 0 and para.level:
                marker = (para.level, 0)
            else:
                marker = heading_marker(sentence)
            is_heading = bool(marker) and (
                (k == 0 and para.is_heading_line) or _is_heading_fragment(sentence)
            ) or (k == 0 and para.is_heading_line and len(spans) == 1)
            level = marker[0] if marker else (para.level or 1)
            units.append(_Unit(sentence, offset + a, offset + b, bool(marker), is_heading, level,
                               para.is_heading_line and k == 0))
        offset += len(text) + 1
    return units


def _is_heading_fragment(sentence: str) -> bool:
    """The first sentence of an enumerated item is its heading when short and not a list clause (；)."""
    return len(sentence) <= MAX_HEADING_CHARS and sentence.rstrip()[-1:] not in (";", "；")
