"""Heading markers (一、 / （一） / 1. / 一是) and the cues that say whether a part reviews or plans."""

from __future__ import annotations

import re

_CN = "一二三四五六七八九十"
# (level, pattern) — checked in order at the start of a paragraph or sentence.
_MARKERS = [
    (1, re.compile(rf"[{_CN}]{{1,3}}[、.．]")),
    (1, re.compile(rf"第[{_CN}]{{1,3}}部分[、:：，,]?")),
    (2, re.compile(rf"[（(][{_CN}]{{1,3}}[)）]")),
    (3, re.compile(r"\d{1,2}(?:、|[.．](?!\d))")),
    (3, re.compile(rf"第[{_CN}]{{1,3}}[，,、：:]")),
    (4, re.compile(r"[（(]\d{1,2}[)）]")),
    (4, re.compile(r"[①-⑳]")),
    (5, re.compile(rf"[{_CN}]{{1,3}}是(?=\S)")),
]

REVIEW_CUE = re.compile(r"总结|回顾|过去|成就|成绩|执行情况|完成情况")
PLAN_CUE = re.compile(r"安排|部署|思路|打算|建议|预期目标|主要目标|展望|要点|工作计划|工作意见")
_WEAK_REVIEW = re.compile(r"年来|去年|上年|成效")
_WEAK_PLAN = re.compile(r"任务|今年|明年|主要工作|重点工作|目标")
_REVIEW_START = re.compile(r"^(过去的?一年|过去\S{0,2}年|一年来|去年|上一年|\d{4}年\S{0,6}工作(回顾|总结))")
_PLAN_START = re.compile(r"^(今年|新的一年|明年|全年工作|(经济社会发展|经济发展|主要)?(预期|主要)目标|\S{0,8}(工作安排|工作思路|工作计划|主要任务))")

MAX_HEADING_CHARS = 60


def heading_marker(text: str) -> tuple[int, int] | None:
    """``(level, marker_length)`` when ``text`` starts with an enumeration or heading marker."""
    for level, pattern in _MARKERS:
        m = pattern.match(text)
        if m and m.end() < len(text):
            return level, m.end()
    return None


def section_cue(text: str) -> str | None:
    """``review``/``plan`` for a heading that names one part only; None when it names neither or both."""
    for review_cue, plan_cue in ((REVIEW_CUE, PLAN_CUE), (_WEAK_REVIEW, _WEAK_PLAN)):
        review, plan = bool(review_cue.search(text)), bool(plan_cue.search(text))
        if review != plan:
            return "review" if review else "plan"
        if review:
            return None
    return None


def paragraph_cue(text: str) -> str | None:
    """``review``/``plan`` for a paragraph that opens by naming its period (过去一年, 今年, 预期目标)."""
    if _REVIEW_START.match(text):
        return "review"
    if _PLAN_START.match(text):
        return "plan"
    return None
