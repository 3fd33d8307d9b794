"""Heading markers and the cues that name a review or a plan part."""

from __future__ import annotations

import pytest

from model.text.headings import heading_marker, paragraph_cue, section_cue


@pytest.mark.parametrize("text, level", [("一、工作回顾", 1), ("第二部分：安排", 1), ("（三）强化辐射引领", 2),
                                         ("1.抓好项目", 3), ("（2）推进改革", 4), ("①完善机制", 4),
                                         ("一是强化辐射引领", 5)])
def test_markers_and_their_levels(text, level):
    assert heading_marker(text)[0] == level


def test_no_marker_in_numbers_or_bare_markers():
    assert heading_marker("1.5亿元") is None and heading_marker("一、") is None and heading_marker("全年") is None


def test_section_cues():
    assert section_cue("一、2019年工作回顾") == "review" and section_cue("二、2020年工作安排") == "plan"
    assert section_cue("回顾过去，展望未来") is None and section_cue("三、强化辐射引领") is None
    assert paragraph_cue("过去一年，全区经济稳中向好。") == "review" and paragraph_cue("今年要抓好三件事。") == "plan"
    assert paragraph_cue("全区经济稳中向好。") is None
