"""The reader on the real seed reports and national reports: metadata, sections, headings, splits."""

from __future__ import annotations

import re

import pytest

from model.text.reader import parse_text, read_report
from tests.conftest import RAW, SEEDS

# Sentence counts per seed: a change here means the splitter changed, and labelled data may need a look.
SEED_COUNTS = {
    "000_585d3f6695bf431d.txt": 207,
    "001_c81c4cc377fa0bf5.txt": 282,
    "002_c92b04765e0d4daf.txt": 62,
    "003_338b8e59059554a2.txt": 185,
    "004_bb48f7c2d4564493.txt": 68,
}


def _seed(name: str):
    return read_report(RAW / "seeds" / name, doc_id=name)


def _find(doc, fragment: str):
    hits = [s for s in doc.sentences if fragment in s.text]
    assert hits, f"no sentence contains {fragment!r}"
    return hits[0]


def test_seed_sentence_counts_are_stable():
    assert {p.name: len(read_report(p).sentences) for p in SEEDS} == SEED_COUNTS


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.name)
def test_offsets_cover_the_body(path):
    doc = read_report(path)
    for s in doc.sentences:
        assert doc.body[s.start:s.end] == s.text
    assert [s.sent_id for s in doc.sentences] == list(range(len(doc.sentences)))


def test_metadata_block_parsed_and_removed():
    doc = _seed("000_585d3f6695bf431d.txt")
    assert doc.meta["index_no"] == "11330208591592676Q/2018-17387"
    assert doc.meta["publisher"] == "区办公室"
    assert doc.meta["date"] == "2018-05-25"
    assert doc.meta["doc_type"] == "政府工作报告"
    assert doc.meta["title"] == "宁波国家高新区(新材料科技城)2017年工作总结和2018年工作安排报告"
    assert not any(k in doc.body for k in ("索引号", "发布机构", "公开范围"))

    doc = _seed("004_bb48f7c2d4564493.txt")
    assert doc.meta["index_no"] == "B07608932/2020-56584"
    assert doc.meta["doc_type"] == "计划总结"
    assert doc.meta["date"] == "2020-12-24"
    assert doc.meta["title"] == "区科技局2019年工作总结及2020年工作思路"   # portal spam prefix removed
    assert "浏览次数" not in doc.body

    doc = _seed("003_338b8e59059554a2.txt")
    assert doc.meta["published"] == "2017-02-07"


def test_sections_of_known_sentences():
    doc = _seed("000_585d3f6695bf431d.txt")
    assert _find(doc, "已上升至第16位").section == "review"
    assert _find(doc, "力争全年技术交易额超过5.5亿元").section == "plan"
    doc = _seed("001_c81c4cc377fa0bf5.txt")
    assert _find(doc, "全区实现地区生产总值170亿元").section == "review"
    assert _find(doc, "引进10家以上有重大支撑力的大项目落户").section == "plan"
    doc = _seed("004_bb48f7c2d4564493.txt")
    assert _find(doc, "新认定国家高新技术企业56家").section == "review"
    assert _find(doc, "全区技术交易额超16亿元").section == "plan"
    doc = _seed("003_338b8e59059554a2.txt")
    assert _find(doc, "2017年全区生产总值增长8%").section == "plan"


def test_headings_detected_at_each_level():
    doc = _seed("000_585d3f6695bf431d.txt")
    heads = [s.text for s in doc.sentences if s.is_heading]
    assert "一、2017年工作总结" in heads
    assert "二、2018年工作安排" in heads
    assert "(一)致力于国家自主创新示范区创建,创新创业活力进一步激发。" in heads
    assert "一是浙东南国家自创区创建成功。" in heads
    body = _find(doc, "把争创浙东南国家自创区作为首要任务予以推进")
    assert body.heading == "一是浙东南国家自创区创建成功"
    assert not body.is_heading

    doc = _seed("001_c81c4cc377fa0bf5.txt")
    heads = [s.text for s in doc.sentences if s.is_heading]
    assert "一、2011年工作总结" in heads
    assert "1、主导产业加快壮大。" in heads
    assert _find(doc, "加快主导产业的引进培育").heading == "1、主导产业加快壮大"

    doc = _seed("002_c92b04765e0d4daf.txt")   # Markdown headings of a news feature
    heads = [s.text for s in doc.sentences if s.is_heading]
    assert any(h.startswith("1项目争时抢速") for h in heads)


def test_no_split_inside_numbers_or_quotes():
    doc = _seed("000_585d3f6695bf431d.txt")
    assert _find(doc, "5.5亿元").text.endswith("超过5.5亿元。")
    doc = _seed("002_c92b04765e0d4daf.txt")
    quote = _find(doc, "为全面认真贯彻落实全市")
    assert quote.text.startswith("“为全面认真贯彻落实全市‘六争攻坚’动员令")
    assert quote.text.endswith("说。")          # the quote's own 。” does not end the sentence
    for path in SEEDS:
        for s in read_report(path).sentences:
            assert not re.match(r"^[\d.%]", s.text) or re.match(r"^\d+[、.](?!\d)|^\d{4}年|^\d+月|^\d", s.text)
            assert not s.text.startswith(("”", "’", "）", ")"))


def test_captions_and_broken_lines():
    doc = _seed("002_c92b04765e0d4daf.txt")
    texts = [s.text for s in doc.sentences]
    assert "永新研发团队成员攻克难题。" not in texts        # image caption
    assert "宁波新材料国际创新中心一期即将竣工。" not in texts
    joined = _find(doc, "努力实现企业和群众进行政")            # a paragraph broken mid-word is re-joined
    assert "进行政务中心“一个门”" in joined.text


def test_national_reports(national_reports):
    doc = parse_text(national_reports["national-2015"]["text"], "national-2015")
    assert _find(doc, "一、2014年工作回顾").is_heading
    assert _find(doc, "一、2014年工作回顾").section == "review"
    assert _find(doc, "过去一年，我国发展面临的国际国内环境复杂严峻").section == "review"
    assert _find(doc, "二、2015年工作总体部署").section == "plan"
    assert _find(doc, "国内生产总值增长7%左右").section == "plan"

    doc = parse_text(national_reports["national-1998"]["text"], "national-1998")
    assert _find(doc, "关于1998年政府工作的建议").section == "plan"     # "1 9 9 8" re-joined
    assert _find(doc, "关于过去五年的政府工作").section == "review"

    doc = parse_text(national_reports["national-1954"]["text"], "national-1954")
    # Lines broken around links inside a paragraph are joined into one sentence.
    assert _find(doc, "在聽了劉少奇同志關於憲法草案的報告並進行了三天的討論以後")


def test_national_sentence_counts(national_reports):
    counts = {k: len(parse_text(r["text"], k).sentences) for k, r in national_reports.items()
              if k in ("national-1954", "national-1978", "national-2008", "national-2015")}
    # 1978 ends with its closing slogan, a short last line that is report text, not a caption
    assert counts == {"national-1954": 494, "national-1978": 669, "national-2008": 754, "national-2015": 522}
    assert parse_text(national_reports["national-1978"]["text"], "n").sentences[-1].text == \
        "伟大的、光荣的、正确的中国共产党万岁！"


def test_unfinished_last_fragment_dropped(local_excerpts):
    record = local_excerpts["zhuhai_hitech_2020"]
    doc = parse_text(record["text"], "zhuhai_hitech_2020")
    assert not record["text"].rstrip().endswith(("。", "；", "！", "？"))
    assert doc.sentences[-1].text[-1] in "。；;！？!?”）)"
    cut = "一是全面完成年度目标任务。二是加快建设"
    doc = parse_text(cut, "cut")
    assert [s.text for s in doc.sentences] == ["一是全面完成年度目标任务。"]


def test_list_items_one_unit_per_terminator():
    doc = parse_text("主要做了以下工作：一是强化创新，新增高新技术企业10家；二是加快建设。三是抓好党建。", "x")
    assert [s.text for s in doc.sentences] == [
        "主要做了以下工作：一是强化创新，新增高新技术企业10家；",
        "二是加快建设。",
        "三是抓好党建。",
    ]


def test_licence_footer_of_transcriptions_dropped(national_reports):
    doc = parse_text(national_reports["national-1957"]["text"], "national-1957")
    assert not any("本作品" in s.text or "公有领域" in s.text or "Public" in s.text for s in doc.sentences)
