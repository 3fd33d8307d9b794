"""Portal metadata lines."""

from __future__ import annotations

import pytest

from model.text.metadata import is_page_noise, parse_metadata_line


@pytest.mark.parametrize(
    "line, fields",
    [
        ("索引号 | 11330208591592676Q/2018-17387 |", {"index_no": "11330208591592676Q/2018-17387"}),
        ("文号: | 发布机构: | 区办公室 | |", {"publisher": "区办公室"}),
        ("成文日期: | 2018-05-25 | 公开方式: | 主动公开 |", {"date": "2018-05-25", "disclosure": "主动公开"}),
        ("索引号: B07608932/2020-56584 组配分类: 计划总结", {"index_no": "B07608932/2020-56584", "doc_type": "计划总结"}),
        ("时间:2020-12-24 16:20 来源:区科技局 浏览次数:", {"published": "2020-12-24 16:20", "source": "区科技局"}),
        ("发布日期:2017-02-07", {"published": "2017-02-07"}),
        ("文号: | |", {}),
    ],
)
def test_metadata_lines(line, fields):
    assert parse_metadata_line(line) == fields


@pytest.mark.parametrize("line", ["来源于群众的意见", "2017年是关键一年。", "时间紧、任务重", "主题教育扎实开展。"])
def test_report_text_is_not_metadata(line):
    assert parse_metadata_line(line) is None


def test_page_noise():
    assert is_page_noise("【字体：大 中 小】")
    assert is_page_noise("打印本页")
    assert not is_page_noise("分类推进打印设备采购。")


@pytest.mark.parametrize("line", [
    "2023年01月18日10:52来源:辽宁日报", "2023/8/7 23:36:09点击:", "2025-01-27 10:31来源:湖南日报",
    "首页|兰州|新闻|政务|房产|旅游|汽车|教育", "您的位置:网站首页>本网专题>2023>聚焦2023年甘肃省两会>正文",
    "位置:高考网>西乡县>正文", "[索引号] | 1150010700927688XM/2024-01986 | [发文字号] |无|",
    "点击查阅更多2023年地方政府工作报告", "查看余下全文(责任编辑:宋雅静)", "阅读量：1234", "分享 收藏 点赞",
])
def test_datelines_navigation_breadcrumbs_and_counters_are_page_noise(line):
    assert is_page_noise(line)


@pytest.mark.parametrize("line", [
    "今年地区生产总值增长6%左右。", "一、2023年工作回顾", "指标|亿元|1200|6.5%|增长|万人",
    "——2023年1月12日在辽宁省第十四届人民代表大会第一次会议上", "坚持稳中求进|高质量发展",
])
def test_report_text_and_table_rows_are_not(line):
    assert not is_page_noise(line)


def test_image_markup_is_taken_out_of_the_text():
    from model.text.metadata import without_image_markup

    assert without_image_markup('一段<image src="a.png">图一</image>文字[图片]，<img src="b.jpg">结束。') == \
        "一段文字，结束。"
    assert without_image_markup("城市建设[2023]年") == "城市建设[2023]年"


def test_portal_source_and_date_lines_are_metadata():
    assert parse_metadata_line("稿件来源:甘肃人大网发布时间:2023-11-13 15:45:06") == {
        "source": "甘肃人大网", "published": "2023-11-13 15:45:06"}
