"""Chinese sentence boundaries inside one paragraph.

A sentence ends at 。！？； (and their ASCII forms), together with the closing quotes or brackets
that follow; never inside a quotation or bracket that closes later in the paragraph.
"""

from __future__ import annotations

TERMINATORS = frozenset("。！？；!?;")
CLOSERS = frozenset("”’」』）)】》〕")
PAIRS = {"“": "”", "‘": "’", "「": "」", "『": "』", "（": "）", "(": ")", "【": "】", "《": "》", "〔": "〕"}
MAX_PROTECTED = 500     # a quotation longer than this may be split inside
MAX_SENTENCE = 1000     # a run with no terminator is cut at a comma, or hard, beyond this
_SOFT_BREAKS = "，,、：: "


def _protected(text: str) -> tuple[bytearray, set[int]]:
    """Positions inside matched quote/bracket pairs (closing within MAX_PROTECTED chars), and the
    closing positions of quoted speech introduced by a colon (他说：“……。”), after which a sentence may end."""
    inside = bytearray(len(text))
    speech_ends: set[int] = set()
    stack: list[tuple[str, int]] = []
    for i, ch in enumerate(text):
        if ch in PAIRS:
            stack.append((PAIRS[ch], i))
        elif ch in CLOSERS and stack:
            for depth in range(len(stack) - 1, -1, -1):
                if stack[depth][0] == ch:
                    start = stack[depth][1]
                    del stack[depth:]
                    if i - start <= MAX_PROTECTED:
                        inside[start + 1 : i] = b"\x01" * (i - start - 1)
                        if start > 0 and text[start - 1] in "：:" and text[i - 1] in TERMINATORS:
                            speech_ends.add(i)
                    break
    return inside, speech_ends


def split_spans(text: str) -> list[tuple[int, int]]:
    """Sentence spans ``(start, end)`` of one paragraph, white space trimmed, empty pieces dropped."""
    inside, speech_ends = _protected(text)
    spans: list[tuple[int, int]] = []
    start = 0
    i, n = 0, len(text)
    while i < n:
        if (text[i] in TERMINATORS and not inside[i]) or (i in speech_ends and not inside[i]):
            end = i + 1
            while end < n and (text[end] in TERMINATORS or text[end] in CLOSERS):
                end += 1
            spans.append((start, end))
            start = i = end
            continue
        i += 1
    if start < n:
        spans.append((start, n))
    out: list[tuple[int, int]] = []
    for s, e in spans:
        for a, b in _cap(text, s, e):
            while a < b and text[a].isspace():
                a += 1
            while b > a and text[b - 1].isspace():
                b -= 1
            if a < b and any(ch.isalnum() for ch in text[a:b]):
                out.append((a, b))
    return out


def _cap(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Cut a span longer than MAX_SENTENCE at the last soft break (comma, 、, space) before the limit."""
    pieces = []
    while end - start > MAX_SENTENCE:
        limit = start + MAX_SENTENCE
        cut = max(text.rfind(ch, start + MAX_SENTENCE // 2, limit) for ch in _SOFT_BREAKS)
        cut = cut + 1 if cut > 0 else limit
        pieces.append((start, cut))
        start = cut
    pieces.append((start, end))
    return pieces


def ends_complete(sentence: str) -> bool:
    """True when a sentence ends with a terminator (possibly followed by closing marks)."""
    s = sentence.rstrip()
    while s and s[-1] in CLOSERS:
        s = s[:-1]
    return bool(s) and s[-1] in TERMINATORS
