"""What the section model reads of a sentence besides its words: the heading cues, and marks of its place in
the document (a heading, the opening or closing lines, the years it names relative to the report's year).

The marks are words of their own (``mark:heading``, ``year:last``), joined by spaces in the ``marks`` column,
so a bag-of-words block reads them; a bare sentence (no document, no year) simply has fewer of them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..text.headings import paragraph_cue, section_cue
from .frame import SentenceColumns, frame_section

SECTION_COLUMNS = ("cue", "heading_cue", "marks")
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)(?=年)")
# Sentences this close to a document's start or end are marked (openings, closings and appeals).
EDGE = 3


def year_marks(text: str, report_year: int | None) -> list[str]:
    """``year:…`` words for each year the sentence names: relative to the report's year when it is known."""
    years = sorted({int(y) for y in _YEAR.findall(text)})
    if not years:
        return []
    if report_year is None:
        return ["year:named"]
    marks = []
    for year in years:
        gap = year - report_year
        marks.append("year:" + ("past" if gap < -1 else "last" if gap == -1 else "this" if gap == 0
                                 else "next" if gap == 1 else "future"))
    return marks


def heading_cue(heading: str | None) -> str:
    """The part a sentence's heading names (``review``/``plan``), or ``none``."""
    return frame_section(section_cue(heading) if heading else None)


def sentence_marks(text: str, is_heading: bool, report_year: int | None, position: int | None = None,
                   length: int | None = None) -> str:
    """The ``marks`` words of one sentence; ``position``/``length`` when it is read as part of a document."""
    marks = year_marks(text, report_year)
    if is_heading:
        marks.append("mark:heading")
    opening = paragraph_cue(text)
    if opening:
        marks.append(f"opens:{opening}")
    if position is not None and length is not None:
        if position < EDGE:
            marks.append("mark:start")
        if position >= length - EDGE:
            marks.append("mark:end")
    return " ".join(marks)


def section_columns(texts: Sequence[str], cues: Sequence[str | None], headings: Sequence[str | None],
                    is_heading: Sequence[bool], report_year: int | None, in_document: bool) -> dict[str, list]:
    """The SECTION_COLUMNS of a batch: one document's sentences in order (``in_document``), or bare sentences."""
    n = len(texts)
    return {
        "cue": [frame_section(c) for c in cues],
        "heading_cue": [heading_cue(h) for h in headings],
        "marks": [sentence_marks(t, bool(h), report_year, i if in_document else None, n if in_document else None)
                  for i, (t, h) in enumerate(zip(texts, is_heading))],
    }


def report_year(meta: dict | None) -> int | None:
    """The report's year from its metadata (``year``), when it is one."""
    value = (meta or {}).get("year")
    try:
        year = int(str(value).strip()[:4])
    except (TypeError, ValueError):
        return None
    return year if 1900 <= year <= 2100 else None


def document_frame(sentences: Sequence, year: int | None, fold_script: bool = True) -> SentenceColumns:
    """The columns of one document's sentences (:class:`~model.records.Sentence`, in order) for every model:
    text, section (the layout reader's cue) and the SECTION_COLUMNS."""
    texts = [s.text for s in sentences]
    cues = [s.section for s in sentences]
    frame = SentenceColumns(texts, cues, fold_script=fold_script)
    return frame.add(**section_columns(texts, cues, [s.heading for s in sentences],
                                       [s.is_heading for s in sentences], year, in_document=True))


def sentences_frame(texts: Sequence[str], sections: Sequence[str | None] | None = None,
                    headings: Sequence[str | None] | None = None, fold_script: bool = True) -> SentenceColumns:
    """The columns of bare sentences (no document): a given section is the cue, a given heading is read."""
    n = len(texts)
    sections = list(sections) if sections is not None else [None] * n
    headings = list(headings) if headings is not None else [None] * n
    frame = SentenceColumns(texts, sections, fold_script=fold_script)
    return frame.add(**section_columns(texts, sections, headings, [False] * n, None, in_document=False))
