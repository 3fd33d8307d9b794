"""Character normalisation."""

from __future__ import annotations

from model.text.normalize import fold_width, normalize_chars, tidy_line, without_number_spaces


def test_fullwidth_digits_and_letters_to_ascii_punctuation_kept():
    assert normalize_chars("增长５．５％，ＧＤＰ达到１２０亿元。") == "增长5.5%，GDP达到120亿元。"


def test_stray_whitespace():
    assert tidy_line("一、 过去五年工作回顾") == "一、过去五年工作回顾"
    assert tidy_line("关于1 9 9 8 年政府工作的建议") == "关于1998年政府工作的建议"
    assert tidy_line("政 府 工 作 报 告") == "政府工作报告"
    assert tidy_line("Windows 10") == "Windows 10"


def test_spaces_inside_a_printed_number_are_removed_with_the_offsets_of_what_is_kept():
    text, at = without_number_spaces("去年经济增长8 ．8 %，增长 5 %，2015 2016")
    assert text == "去年经济增长8．8%，增长 5%，2015 2016"
    assert [at[i] for i in range(6, 10)] == [6, 8, 9, 11]
    assert without_number_spaces("增长8 . 5 %")[0] == "增长8.5%"
    assert without_number_spaces("Windows 10") == ("Windows 10", None)


def test_fold_width_keeps_each_offset():
    text = "增长４．９％，达到１２０亿元，第１．"
    folded = fold_width(text)
    assert folded == "增长4.9%，达到120亿元，第1．" and len(folded) == len(text)


def test_number_broken_over_lines_rejoined():
    from model.text.reader import parse_text

    doc = parse_text("全年PM\n2.5\n平均浓度下降10%。", "x")
    assert [s.text for s in doc.sentences] == ["全年PM2.5平均浓度下降10%。"]
