"""The sentence columns the models read: sections as the models read them, words segmented once on demand."""

from __future__ import annotations

import pytest

from model.features.frame import COLUMNS, SentenceColumns, frame_section, sentence_frame
from model.features.tokenize import tokenize_joined

TEXTS = ["推进新型城镇化建设。", "加强党的建设。"]


def test_sections_outside_the_parts_read_as_none():
    assert [frame_section(s) for s in ("review", "plan", None, "", "elsewhere")] == \
        ["review", "plan", "none", "none", "none"]


def test_tokens_are_segmented_when_first_read():
    columns = SentenceColumns(TEXTS, ["plan", None])
    assert "tokens" not in columns._columns
    assert columns.column("tokens") == tokenize_joined(TEXTS)
    assert columns.column(("text", "section")) == (TEXTS, ["plan", "none"])
    with pytest.raises(KeyError, match="heading"):
        columns.column("heading")
    with pytest.raises(ValueError, match="1 values for 2 sentences"):
        columns.add(n_mentions=[1])


def test_the_training_frame_holds_python_strings():
    frame = sentence_frame(TEXTS, ["plan", None])
    assert tuple(frame.columns) == COLUMNS and frame["text"].dtype == object
    assert list(frame["section"]) == ["plan", "none"]
    extra = SentenceColumns(TEXTS).add(n_mentions=[0, 2]).to_frame()
    assert list(extra["n_mentions"]) == [0, 2] and set(COLUMNS) <= set(extra.columns)
