"""From raw report text to clean paragraphs: metadata block, title, captions and page noise removed,
lines broken inside a paragraph (or inside a number) joined again."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .headings import heading_marker, section_cue
from .metadata import is_page_noise, parse_metadata_line, starts_page_footer, without_image_markup
from .normalize import normalize_chars, tidy_line
from .splitter import CLOSERS, TERMINATORS

HEAD_LINES = 40          # the metadata block and title sit within the first lines of a page
MAX_CAPTION = 50
_TITLE_WORD = re.compile(r"报告|总结|工作|计划|思路|安排|要点|规划|纲要")
_SPAM_PREFIX = re.compile(r"^[^-—\s]{0,20}(网址|体育|娱乐|彩票|博彩|棋牌|官网|平台)[^-—\s]{0,10}[-—]+")
# Spaces that separate paragraphs in pages flattened to one line: after a sentence end, or before a marker.
_SEP_AFTER_END = re.compile(r"(?<=[。！？；;!?”」』])\s+")
_LATIN_TAIL = re.compile(r"[A-Za-z0-9.%]$")
_DIGIT_HEAD = re.compile(r"^[0-9.%]")
_MARKDOWN_HEADING = re.compile(r"^(#{1,6})\s*")
_NUMBER_ONLY = re.compile(r"^[0-9A-Za-z.%]{1,12}$")
_ENDINGS = TERMINATORS | CLOSERS | frozenset("：:")


@dataclass
class Paragraph:
    text: str
    is_heading_line: bool = False
    level: int | None = None        # set for Markdown headings, whose "#" marks are removed


def _ends_paragraph(text: str) -> bool:
    return bool(text) and text[-1] in _ENDINGS


def _is_heading_line(text: str) -> bool:
    """A line that is a heading: starts with a marker, or names a part of the report (2008年工作回顾),
    and holds no sentence end."""
    if any(ch in TERMINATORS for ch in text):
        return False
    if heading_marker(text) is not None:
        return len(text) <= 80
    return len(text) <= 40 and section_cue(text) is not None and "工作" in text


def _join(left: str, right: str) -> str:
    """Join two pieces of one paragraph; a space only between two Latin words."""
    if left and right and left[-1].isascii() and left[-1].isalpha() and right[0].isascii() and right[0].isalpha():
        return f"{left} {right}"
    return left + right


def _split_flattened(line: str) -> list[str]:
    """Split a line that holds several paragraphs separated by spaces (pages flattened to one line)."""
    if " " not in line.strip():
        return [line]
    pieces: list[str] = []
    for chunk in _SEP_AFTER_END.split(line):
        parts = re.split(r"\s+(?=\S)", chunk)
        current = parts[0]
        for part in parts[1:]:
            if heading_marker(part) and not _NUMBER_ONLY.match(part):
                pieces.append(current)
                current = part
            else:
                current = f"{current} {part}"
        pieces.append(current)
    out: list[str] = []
    for piece in pieces:
        out.extend(_split_heading_space(piece))
    return out


def _split_heading_space(piece: str) -> list[str]:
    """'一、2017年工作总结 2017年,在…。' → heading and body, when a space ends a short heading."""
    marker = heading_marker(piece)
    if not marker:
        return [piece]
    m = re.search(r"\s+", piece[marker[1]:])
    if not m:
        return [piece]
    cut = marker[1] + m.start()
    head, rest = piece[:cut], piece[marker[1] + m.end():]
    if 1 < cut - marker[1] <= 40 and not any(ch in TERMINATORS for ch in head) and any(ch in TERMINATORS for ch in rest):
        return [head, rest]
    return [piece]


def read_layout(raw: str) -> tuple[list[Paragraph], dict[str, str]]:
    """Paragraphs of the report body and the metadata fields found in the page head."""
    lines = normalize_chars(raw).split("\n")
    meta: dict[str, str] = {}
    kept: list[tuple[str, int]] = []       # (line, blank lines before it)
    blanks = 0
    body_started = False
    for idx, line in enumerate(lines):
        if not line.strip():
            blanks += 1
            continue
        line = without_image_markup(line)
        if not line.strip():  # a line that held only an image: the blank lines around it count once
            blanks = max(blanks - 1, 0)
            continue
        if idx < HEAD_LINES and not body_started:
            fields = parse_metadata_line(line)
            if fields is not None:
                for key, value in fields.items():
                    meta.setdefault(key, value)
                continue
        if starts_page_footer(line):
            break
        if is_page_noise(line):  # like an image line: not a separation of its own
            blanks = max(blanks - 1, 0)
            continue
        stripped = tidy_line(line.strip().strip("|"))
        if not body_started and "title" not in meta and idx < HEAD_LINES and _looks_like_title(stripped):
            meta["title"] = _SPAM_PREFIX.sub("", stripped)
            blanks = 0
            continue
        if _ends_paragraph(stripped.rstrip()):
            body_started = True
        kept.append((line, blanks))
        blanks = 0
    trailing_blanks = min(blanks, 1)  # the end of the page is no sign that its last paragraph is a caption
    nonblank = len(kept)
    blank_lines = sum(b for _, b in kept)
    blank_style = nonblank > 0 and blank_lines >= 0.3 * nonblank

    blocks: list[list[str]] = []
    gaps: list[tuple[int, int]] = []       # blank lines before and after each block
    for i, (line, before) in enumerate(kept):
        after = kept[i + 1][1] if i + 1 < len(kept) else trailing_blanks
        if blocks and blank_style and before == 0:
            blocks[-1].append(line)
            gaps[-1] = (gaps[-1][0], after)
        else:
            blocks.append([line])
            gaps.append((before, after))

    paragraphs: list[Paragraph] = []
    body_started = False
    last_piece = ""
    for block, (before, after) in zip(blocks, gaps):
        text = _join_block(block)
        if blank_style and _is_caption(text, before, after):
            continue
        for piece in _split_flattened(text):
            piece = tidy_line(piece)
            markdown = _MARKDOWN_HEADING.match(piece)
            if markdown:
                piece = piece[markdown.end():]
            if not piece:
                continue
            heading = bool(markdown) or _is_heading_line(piece)
            previous = paragraphs[-1] if paragraphs else None
            broken_number = previous is not None and (
                _NUMBER_ONLY.match(last_piece) or _NUMBER_ONLY.match(piece)
                or (_LATIN_TAIL.search(previous.text) and _DIGIT_HEAD.match(piece)))
            if (
                previous is not None
                and not previous.is_heading_line
                and not _ends_paragraph(previous.text)
                and not heading
                and not heading_marker(piece)
                and (broken_number or (blank_style and body_started))
            ):
                previous.text = _join(previous.text, piece)
                last_piece = piece
                continue
            if _ends_paragraph(piece):
                body_started = True
            level = len(markdown.group(1)) if markdown else (1 if heading and not heading_marker(piece) else None)
            paragraphs.append(Paragraph(piece, heading, level))
            last_piece = piece
    return paragraphs, meta


def _join_block(block: list[str]) -> str:
    text = block[0].strip()
    for line in block[1:]:
        text = _join(text, line.strip())
    return text


def _is_caption(text: str, before: int, after: int) -> bool:
    """An image caption: a short line set apart by extra blank lines in a blank-line-separated page."""
    return len(text) <= MAX_CAPTION and max(before, after) >= 2 and not heading_marker(text)


def _looks_like_title(line: str) -> bool:
    return (
        len(line) <= 100
        and not any(ch in TERMINATORS for ch in line)
        and "，" not in line
        and "," not in line
        and bool(_TITLE_WORD.search(line))
        and heading_marker(line) is None
        and not line.startswith(("—", "-", "―", "(", "（"))
    )
