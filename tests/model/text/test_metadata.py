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
