"""The candidate pattern: every measured number of a sentence with its unit, comparator, measure and name, on
the guide's examples; what it leaves out; offsets that read back to the same value on the labelled data."""

from __future__ import annotations

import re

import pytest

from model.indicators.candidates import find_candidates
from model.indicators.numbers import parse_quantity
from model.records import COMPARATORS, MEASURES
from model.text.normalize import fold_width, without_number_spaces
from training.dataset import load_labelled


def only(text: str):
    found = find_candidates(text)
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize("text, span, value, unit, comparator, measure", [
    ("充分发挥科技大市场作用,力争全年技术交易额超过5.5亿元。", "5.5亿元", 5.5, "亿元", ">=", "level"),
    ("全年计划申报高新技术企业10家以上。", "10家", 10, "家", ">=", "count"),
    ("三产占GDP比重超过三分之一。", "三分之一", 0.3333, "三分之一", ">=", "share"),
    ("全年新增就业一千三百人。", "一千三百人", 1300, "人", "=", "count"),
    ("国内生产总值达到1.3万亿元。", "1.3万亿元", 1.3, "万亿元", "=", "level"),
    ("预计投资3000万元。", "3000万元", 3000, "万元", "=", "level"),
    ("居民消费价格涨幅控制在3%以内。", "3%", 3, "%", "<=", "growth"),
    ("城镇登记失业率控制在4.5%以内。", "4.5%", 4.5, "%", "<=", "share"),
    ("地区生产总值增长8%左右。", "8%", 8, "%", "~", "growth"),
    ("一般公共预算收入下降9.1%。", "9.1%", 9.1, "%", "=", "growth"),
    ("消费对经济增长的贡献率上升3个百分点。", "3个百分点", 3, "个百分点", "=", "growth"),
    ("农业税收到3，054，308，000元。", "3，054，308，000元", 3_054_308_000, "元", "=", "level"),
    ("铁路货运周转量增长百分之二十三。", "百分之二十三", 23, "%", "=", "growth"),
    ("完成隔离1100余人。", "1100余人", 1100, "人", ">=", "count"),
    ("新增装机1255万千瓦。", "1255万千瓦", 1255, "万千瓦", "=", "level"),
    ("工业总产值则为七百一十九亿六千万元。", "七百一十九亿六千万元", 719.6, "亿元", "=", "level"),
])
def test_candidates_on_guide_examples(text, span, value, unit, comparator, measure):
    c = only(text)
    assert text[c.start:c.end] == span
    assert (c.value, c.unit, c.comparator, c.measure) == (pytest.approx(value), unit, comparator, measure)


@pytest.mark.parametrize("text, span, low, high, unit, measure", [
    ("加快建设院士创新中心,努力引进1-2名全职院士。", "1-2名", 1, 2, "名", "count"),
    ("再引进2至3家新材料重量级研发机构。", "2至3家", 2, 3, "家", "count"),
    ("国内生产总值增长6%－6.5%。", "6%－6.5%", 6, 6.5, "%", "growth"),
    ("主要污染物排放总量减少8%至10%。", "8%至10%", 8, 10, "%", "growth"),
    ("粮食增产8%~9%。", "8%~9%", 8, 9, "%", "growth"),
])
def test_candidates_ranges(text, span, low, high, unit, measure):
    c = only(text)
    assert text[c.start:c.end] == span
    assert c.value is None and c.comparator == "range"
    assert (c.value_low, c.value_high, c.unit, c.measure) == (low, high, unit, measure)


def test_indicator_names():
    assert only("力争全年技术交易额超过5.5亿元。").indicator == "技术交易额"
    assert only("努力引进1-2名全职院士。").indicator == "全职院士"
    level, growth = find_candidates("地区生产总值达到1956亿元,增长8.4%;")
    assert level.indicator == growth.indicator == "地区生产总值"
    assert growth.measure == "growth"


def test_names_stop_before_the_period_a_change_starts_from_and_keep_what_they_measure():
    names = [c.indicator for c in find_candidates("单位国内生产总值能耗由前三年分别上升4.9%、0.2%，转为下降1.2%")]
    assert names == ["单位国内生产总值能耗"] * 3
    assert [c.indicator for c in find_candidates("城镇化率由2012年的52.6%提高到60%")] == ["城镇化率"] * 2
    assert only("自由贸易试验区进出口额增长10%").indicator == "自由贸易试验区进出口额"
    assert only("去年经济增长8.8%").indicator == "经济增长"
    assert only("1979年全国在城镇安置了903万人就业").indicator == "在城镇安置就业"
    assert only("贫困地区农村学生上重点高校人数要再增长10%以上。").indicator == "贫困地区农村学生上重点高校人数"
    assert only("中央提出今年经济增长预期目标为7%左右。").indicator == "经济增长预期目标"
    assert only("要把全年商品零售物价上涨幅度控制在百分之十以内。").indicator == "商品零售物价上涨幅度"


def test_a_bare_sentence_in_full_width_reads_like_a_normalised_one():
    text = "全年经济增长６．５％，新增就业１２００万人。"
    wide = find_candidates(text)
    assert [(c.indicator, c.value, c.unit, c.start, c.end) for c in wide] == [
        (c.indicator, c.value, c.unit, c.start, c.end) for c in find_candidates("全年经济增长6.5%，新增就业1200万人。")]
    assert [text[c.start:c.end] for c in wide] == ["６．５％", "１２００万人"]


def test_a_number_printed_with_spaces_is_one_figure_at_its_own_offsets():
    text = "去年经济增长8 ．8 %，商品零售价格涨幅为0 ．8 %。"
    found = find_candidates(text)
    assert [(c.indicator, c.value, text[c.start:c.end]) for c in found] == [
        ("经济增长", 8.8, "8 ．8 %"), ("商品零售价格涨幅", 0.8, "0 ．8 %")]


@pytest.mark.parametrize("text", [
    "第四届中国国际进口博览会成功举办。",
    "学习贯彻党的十九大精神。",
    "2018年是全面贯彻党的十九大精神的开局之年。",
    "一九五八年是大跃进的一年。",
    "2021年12月15日",
    "深入落实“3个1000万”的人才新政,大力实施人才工程。",
    "全面落实五险一金,推进5G网络建设,编制十四五规划。",
    "重点要做好以下六个方面的工作:",
    "全市综合排名列全省第16位。",
    "用3个月时间完成整治。",
    "坚持“两个毫不动摇”,实施“八八战略”。",
])
def test_names_dates_ordinals_and_list_counts_are_left_out(text):
    assert find_candidates(text) == []


def test_several_numbers_in_one_sentence():
    text = "计划投资125亿元,三年建成高新区绿道4公里,年内完成3轮巡察。"
    assert [text[c.start:c.end] for c in find_candidates(text)] == ["125亿元", "4公里", "3轮"]


def test_offsets_read_back_to_the_same_value_on_the_data():
    """On every labelled sentence, each candidate's span parses to the candidate's own value and unit (without the
    spaces printed inside a number)."""
    for record in load_labelled()[:3000]:
        for c in find_candidates(record.text):
            span = record.text[c.start:c.end]
            assert 0 <= c.start < c.end <= len(record.text)
            assert c.comparator in COMPARATORS and c.measure in MEASURES and c.indicator
            if c.form == "half":
                continue
            q = parse_quantity(fold_width(without_number_spaces(span)[0]))  # 8 ．8 %: printed with spaces
            unit = c.to_mention("actual").unit  # the unit as written (traditional script stays traditional)
            assert (q.value, q.value_low, q.value_high, q.unit) == (c.value, c.value_low, c.value_high, unit)
            assert re.search(r"[\d一二两三四五六七八九十百千万亿〇零]", span)


def test_candidate_matches_are_the_pattern_own_matches(national_reports):
    """Trying the pattern only where a number can start finds exactly what scanning every position finds."""
    from model.indicators.candidates import CANDIDATE, candidate_matches

    texts = [r["text"] for r in national_reports.values()]
    texts += ["上千种产品", "近万亿元", "百分之五到百分之八", "三分之一", "一半以上", "１２３４５亿元", "第十二个五年计划",
              "超百亿", "过万人", "12.5%-15%", "十至十五个"]
    for text in texts:
        assert [(m.span(), m.lastgroup) for m in candidate_matches(text)] == \
            [(m.span(), m.lastgroup) for m in CANDIDATE.finditer(text)]


def test_traditional_script_reads_like_simplified_and_keeps_what_is_written():
    from model.indicators.candidates import find_candidates

    text = "糧食產量達到1500萬噸，城鎮新增就業50萬人，失業率下降0.5個百分點，地區生產總值增長7.6%。"
    found = [c.to_mention("actual") for c in find_candidates(text)]
    assert [(m.unit, m.measure, text[m.start:m.end]) for m in found] == [
        ("萬噸", "level", "1500萬噸"), ("萬人", "count", "50萬人"), ("個百分點", "growth", "0.5個百分點"),
        ("%", "growth", "7.6%")]
    assert [m.indicator for m in found][0] == "糧食產量" and found[-1].indicator == "地區生產總值"
    simple = [c.to_mention("actual") for c in find_candidates("粮食产量达到1500万吨，城镇新增就业50万人，"
                                                             "失业率下降0.5个百分点，地区生产总值增长7.6%。")]
    assert [(m.value, m.measure, m.start, m.end) for m in simple] == [(m.value, m.measure, m.start, m.end)
                                                                      for m in found]
