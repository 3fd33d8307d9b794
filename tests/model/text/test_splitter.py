"""Sentence boundaries inside a paragraph."""

from __future__ import annotations

from model.text.splitter import MAX_SENTENCE, ends_complete, split_spans


def _split(text: str) -> list[str]:
    return [text[a:b] for a, b in split_spans(text)]


def test_ends_at_chinese_terminators():
    assert _split("加快发展。确保完成！能否做到？继续推进；") == ["加快发展。", "确保完成！", "能否做到？", "继续推进；"]


def test_ascii_terminators_from_half_width_portals():
    assert _split("增长8%;增长8.5%;完成!") == ["增长8%;", "增长8.5%;", "完成!"]


def test_never_inside_a_number():
    assert _split("力争全年技术交易额超过5.5亿元，增长6.5%。") == ["力争全年技术交易额超过5.5亿元，增长6.5%。"]


def test_closing_quote_stays_with_its_sentence():
    assert _split("他说：“要加快发展。”随后散会。") == ["他说：“要加快发展。”", "随后散会。"]
    assert _split("“我们要加快发展。我们要创新。”黄利琴说。") == ["“我们要加快发展。我们要创新。”黄利琴说。"]
    assert _split("建设科技园（一期。二期）全面完成。") == ["建设科技园（一期。二期）全面完成。"]


def test_unclosed_quote_does_not_swallow_the_paragraph():
    assert _split("他说“要加快发展。随后散会。") == ["他说“要加快发展。", "随后散会。"]


def test_repeated_terminators_and_whitespace():
    assert _split("  真的吗？！  是的。。 ") == ["真的吗？！", "是的。。"]
    assert _split("。；") == []


def test_very_long_run_is_cut_at_a_comma():
    text = "，".join(["加快建设科技创新平台"] * 300) + "。"
    pieces = _split(text)
    assert len(pieces) > 1
    assert all(len(p) <= MAX_SENTENCE for p in pieces)
    assert "".join(pieces) == text


def test_ends_complete():
    assert ends_complete("完成了。”")
    assert ends_complete("增长8%;")
    assert not ends_complete("加快建设")
