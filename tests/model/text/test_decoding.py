"""Bytes in, text out — and a typed, named error for each kind of bad input."""

from __future__ import annotations

import codecs

import pytest

from model.text.decoding import decode_bytes
from model.text.errors import BinaryInputError, DecodingError, EmptyInputError, NoTextError, ReportInputError
from model.text.reader import read_report

TEXT = "一、2019年工作总结\n全年技术交易额15.2亿元，同比增长37.2%。\n"


@pytest.mark.parametrize(
    "data, encoding",
    [
        (TEXT.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + TEXT.encode("utf-8"), "utf-8-sig"),
        (TEXT.encode("gbk"), "gb18030"),
        (TEXT.encode("gb18030"), "gb18030"),
        (TEXT.encode("utf-16"), "utf-16"),
        (codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"), "utf-16"),
        (TEXT.encode("utf-16-le"), "utf-16-le"),
    ],
    ids=["utf8", "utf8-bom", "gbk", "gb18030", "utf16-bom", "utf16be-bom", "utf16le-nobom"],
)
def test_encodings_decoded(data, encoding):
    text, detected = decode_bytes(data)
    assert text.replace("\ufeff", "") == TEXT
    assert detected == encoding


def _write(tmp_path, name, data: bytes):
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_gbk_file_read(tmp_path):
    doc = read_report(_write(tmp_path, "gbk.txt", TEXT.encode("gbk")))
    assert doc.encoding == "gb18030"
    assert [s.text for s in doc.sentences] == ["一、2019年工作总结", "全年技术交易额15.2亿元，同比增长37.2%。"]


def test_utf16_file_read(tmp_path):
    doc = read_report(_write(tmp_path, "u16.txt", TEXT.encode("utf-16")))
    assert doc.sentences[1].text == "全年技术交易额15.2亿元，同比增长37.2%。"


def test_truncated_utf8_keeps_what_precedes_the_cut(tmp_path):
    data = (TEXT + "二、2020年工作思路\n力争技术交易额超16亿元。").encode("utf-8")
    doc = read_report(_write(tmp_path, "cut.txt", data[:-2]))    # cut inside the final 。
    texts = [s.text for s in doc.sentences]
    assert texts[:2] == ["一、2019年工作总结", "全年技术交易额15.2亿元，同比增长37.2%。"]
    assert "力争技术交易额超16亿元" not in "".join(texts)        # the unfinished sentence is dropped


def test_empty_file_refused(tmp_path):
    path = _write(tmp_path, "empty.txt", b"")
    with pytest.raises(EmptyInputError) as err:
        read_report(path)
    assert str(path) in str(err.value) and "empty" in str(err.value)
    with pytest.raises(EmptyInputError):
        read_report(_write(tmp_path, "blank.txt", b" \n\t\r\n"))


@pytest.mark.parametrize(
    "data, what",
    [
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "PDF"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG"),
        (bytes(range(256)) * 8, "NUL"),
        (b"PK\x03\x04\x14\x00\x06\x00", "ZIP"),
    ],
    ids=["pdf", "png", "random-binary", "zip"],
)
def test_binary_file_refused(tmp_path, data, what):
    path = _write(tmp_path, "report.txt", data)
    with pytest.raises(BinaryInputError) as err:
        read_report(path)
    assert str(path) in str(err.value)
    assert what in str(err.value)
    assert err.value.kind == "binary"


def test_undecodable_file_refused(tmp_path):
    # Invalid in UTF-8 and in GB18030 (0x80 and 0xFF are never lead bytes there).
    path = _write(tmp_path, "bad.txt", "正常的开头。".encode("utf-8") + b"\xff\x80\xff\x80 more" * 3)
    with pytest.raises(DecodingError) as err:
        read_report(path)
    assert str(path) in str(err.value) and "UTF-8" in str(err.value)


def test_missing_file_named(tmp_path):
    with pytest.raises(ReportInputError) as err:
        read_report(tmp_path / "nope.txt")
    assert "nope.txt" in str(err.value)


def test_html_page(tmp_path):
    page = """<!DOCTYPE html><html><head><title>政府工作报告</title>
    <style>p { color: red }</style><script>var x = "一、不是正文。";</script></head>
    <body><nav><a href="/">首页</a> &gt; <a>政务公开</a></nav>
    <div class="content"><p>一、2019年工作回顾</p>
    <p>全年完成技术交易额15.2亿元&#xff0c;同比增长37.2&#37;。</p>
    <p>二、2020年工作安排</p><p>力争技术交易额超过16亿元&nbsp;。</p></div>
    <footer>版权所有 &copy; 2020</footer></body></html>"""
    doc = read_report(_write(tmp_path, "report.html", page.encode("utf-8")))
    texts = [s.text for s in doc.sentences]
    assert texts == ["一、2019年工作回顾", "全年完成技术交易额15.2亿元，同比增长37.2%。",
                     "二、2020年工作安排", "力争技术交易额超过16亿元。"]
    assert [s.section for s in doc.sentences] == ["review", "review", "plan", "plan"]
    # detected by content even with a .txt name, and declared-GBK pages decode too
    doc = read_report(_write(tmp_path, "page.txt", page.replace("utf-8", "gbk").encode("gbk")))
    assert len(doc.sentences) == 4


def test_html_page_without_text_refused(tmp_path):
    page = b"<html><body><nav>\xe9\xa6\x96\xe9\xa1\xb5</nav><script>var a=1;</script></body></html>"
    with pytest.raises(NoTextError) as err:
        read_report(_write(tmp_path, "nav.html", page))
    assert "nav.html" in str(err.value)


TRADITIONAL = "一、過去一年工作回顧\n全市研究與試驗發展經費投入增長12.5%，高新技術企業達到1200家。\n"


@pytest.mark.parametrize("encoding", ["big5", "cp950"])
def test_big5_traditional_text_decoded(encoding):
    # Big5 bytes are also valid GB18030: the reading with common characters wins, not the mojibake.
    text, detected = decode_bytes(TRADITIONAL.encode(encoding))
    assert text == TRADITIONAL
    assert detected == "cp950"


def test_gbk_traditional_text_stays_gbk():
    assert decode_bytes(TRADITIONAL.encode("gbk")) == (TRADITIONAL, "gb18030")


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_bomless_utf16_of_mostly_chinese_text(encoding):
    # Few ASCII characters, and 一 (U+4E00) puts NUL bytes at the other parity too.
    text = "一、一年来工作回顾\n一是创新驱动一马当先，一批一流平台建成。\n" * 20
    assert decode_bytes(text.encode(encoding)) == (text, encoding)


@pytest.mark.parametrize("encoding", ["gbk", "cp950", "utf-16", "utf-16-le"])
def test_file_cut_inside_its_last_character_keeps_the_rest(encoding):
    text, _ = decode_bytes(TRADITIONAL.rstrip("\n").encode(encoding)[:-1])
    assert text.replace("\ufeff", "") == TRADITIONAL.rstrip("\n")[:-1]
