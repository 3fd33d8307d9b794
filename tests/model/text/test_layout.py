"""From raw page text to paragraphs: metadata and title read, lines broken inside a paragraph or a number joined."""

from __future__ import annotations

from model.text.layout import read_layout


def test_metadata_title_and_broken_lines():
    text = ("索引号：11330000/2020-00001 | 发布机构：区办公室 | 成文日期：2020-01-05\n\n"
            "关于2019年工作总结和2020年工作安排的报告\n\n一、2019年工作回顾\n\n"
            "全年完成固定资产投资\n12亿元，同比增长8%。\n\n新增就业\n1.2万人。\n")
    paragraphs, meta = read_layout(text)
    assert meta == {"index_no": "11330000/2020-00001", "publisher": "区办公室", "date": "2020-01-05",
                    "title": "关于2019年工作总结和2020年工作安排的报告"}
    assert [(p.text, p.is_heading_line) for p in paragraphs] == [
        ("一、2019年工作回顾", True), ("全年完成固定资产投资12亿元，同比增长8%。", False), ("新增就业1.2万人。", False)]


def test_a_number_broken_over_two_lines_is_joined():
    paragraphs, _ = read_layout("一、2019年工作回顾\n全年完成投资12.\n5亿元。\n")
    assert [p.text for p in paragraphs] == ["一、2019年工作回顾", "全年完成投资12.5亿元。"]


def test_a_news_page_header_and_images_leave_only_report_sentences():
    from model.text.reader import parse_text

    page = ("首页|兰州|新闻|政务|房产|旅游|汽车\n您的位置:网站首页>本网专题>2023>正文\n2023年01月18日10:52来源:辽宁日报\n"
            "政府工作报告\n\n各位代表:\n\n<image src=\"p1.jpg\">会场</image>\n\n一、2022年工作回顾\n\n"
            "全年地区生产总值增长6%。<image src=\"p2.jpg\"></image>城镇新增就业5万人。\n\n阅读量：1234\n分享 收藏 点赞\n")
    texts = [s.text for s in parse_text(page, "news").sentences]
    assert texts == ["各位代表:", "一、2022年工作回顾", "全年地区生产总值增长6%。", "城镇新增就业5万人。"]
