"""``gwr report``'s page builder: escaping of untrusted text, the indicators table, theme shares, and the
command's handling of bad input."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

from gwr.cli import main
from model.records import Document, Mention, Sentence, SentenceResult
from serve.report_html import format_value, render_report, theme_shares

HOSTILE = '<script>document.title="pwned"</script><img src=x onerror=alert(1)>'


class _Page(HTMLParser):
    """The tags of a page, the cell texts of its indicators table, and its theme bars."""

    def __init__(self, page: str):
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.rows: list[list[str]] = []
        self.bars: list[dict] = []
        self.sentences: list[dict] = []
        self._in_body_rows = self._cell = False
        self.feed(page)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.append(tag)
        if tag == "tbody":
            self._in_body_rows = True
        elif tag == "tr" and self._in_body_rows:
            self.rows.append([])
        elif tag == "td" and self._in_body_rows:
            self.rows[-1].append("")
            self._cell = True
        elif tag == "g" and "data-theme" in attrs:
            self.bars.append(attrs)
        elif "data-sent" in attrs:
            self.sentences.append({"tag": tag, **attrs})

    def handle_endtag(self, tag):
        if tag == "tbody":
            self._in_body_rows = False
        elif tag == "td":
            self._cell = False

    def handle_data(self, data):
        if self._cell:
            self.rows[-1][-1] += data


def _mention(text, number, **fields):
    start = text.index(number)
    return Mention(**{"indicator": "技术交易额", "value": 5.5, "unit": "亿元", "comparator": ">=", "kind": "target",
                      "measure": "level", "start": start, "end": start + len(number), **fields})


def _result(text, labels=(), quant=False, indicators=()):
    return SentenceResult(text=text, themes={t: float(t in labels) for t in ("innovation", "talent", "urban", "party")},
                          labels=list(labels), quant_target=quant, quant_target_prob=0.9 if quant else 0.1,
                          indicators=list(indicators))


def _scored(texts_and_results, meta=None, headings=()):
    sentences, body, pos = [], [], 0
    for i, (text, _) in enumerate(texts_and_results):
        sentences.append(Sentence(doc_id="d", sent_id=i, text=text, section="plan", is_heading=i in headings,
                                  start=pos, end=pos + len(text)))
        body.append(text)
        pos += len(text) + 1
    document = Document(doc_id="d.txt", body="\n".join(body), meta=meta or {}, sentences=sentences)
    return document, [r for _, r in texts_and_results]


def _example():
    s1 = "力争全年技术交易额超过5.5亿元。"
    s2 = "引进高层次人才30至50名，建成区面积达到12平方公里。"
    s3 = "全面从严治党。"
    return _scored([
        ("二、2020年工作安排", _result("二、2020年工作安排", ["innovation"])),
        (s1, _result(s1, ["innovation"], True, [_mention(s1, "5.5亿元")])),
        (s2, _result(s2, ["talent", "urban"], True, [
            _mention(s2, "30至50名", indicator="高层次人才", value=None, value_low=30.0, value_high=50.0, unit="名",
                     comparator="range", measure="count"),
            _mention(s2, "12平方公里", indicator="建成区面积", value=12.0, unit="平方公里", comparator="=",
                     kind="actual")])),
        (s3, _result(s3, ["party"])),
        ("今天天气很好。", _result("今天天气很好。")),
    ], meta={"title": "某高新区2020年工作安排", "date": "2020-01-15", "publisher": "区办公室"}, headings={0})


def test_untrusted_text_is_escaped_everywhere():
    text = f"力争{HOSTILE}增长8%。"
    document, results = _scored([(text, _result(text, ["innovation"], True, [
        _mention(text, "8%", indicator=HOSTILE, unit="%<b>", measure="growth")]))],
        meta={"title": f"</title>{HOSTILE}", "publisher": f'"><{HOSTILE}', "date": "2020"})
    document.doc_id = f"{HOSTILE}.txt"
    page = render_report(document, results, model_uri=f"runs:/{HOSTILE}")
    parsed = _Page(page)
    assert "script" not in parsed.tags and "img" not in parsed.tags and "b" not in parsed.tags
    assert "<script" not in page.lower() and "<img" not in page.lower()
    assert page.count("&lt;script&gt;") >= 6          # title, heading, metadata, table, sentence, model
    assert parsed.rows[0][1] == HOSTILE and parsed.rows[0][3] == "%<b>"   # shown as text, intact
    assert "default-src 'none'" in page               # and the page may not run or load anything


def test_page_is_self_contained_utf8_chinese():
    page = render_report(*_example())
    assert page.startswith("<!DOCTYPE html>\n<html lang=\"zh-CN\">")
    assert '<meta charset="utf-8">' in page
    assert "<title>某高新区2020年工作安排</title>" in page and "区办公室" in page and "2020-01-15" in page
    for remote in ("http:", "https:", "//", "@import", "url(", "<link", "<script", " src="):
        assert remote not in page.replace('xmlns="http://www.w3.org/2000/svg"', "")


def test_table_rows_equal_the_indicators():
    document, results = _example()
    rows = _Page(render_report(document, results)).rows
    expected = [[str(s.sent_id), m.indicator, format_value(m), m.unit, m.comparator, m.kind, m.measure, r.text]
                for s, r in zip(document.sentences, results) for m in r.indicators]
    assert rows == expected
    assert [row[2] for row in rows] == ["5.5", "30–50", "12"]


def test_theme_shares_add_up():
    document, results = _example()
    shares = {s.theme: s for s in theme_shares(results)}
    n = len(results)
    assert {t: s.sentences for t, s in shares.items()} == {"innovation": 2, "talent": 1, "urban": 1, "party": 1,
                                                           "none": 1}
    assert sum(shares[t].sentences for t in ("innovation", "talent", "urban", "party")) == sum(
        len(r.labels) for r in results)
    tagged = sum(bool(r.labels) for r in results)
    assert tagged + shares["none"].sentences == n
    assert all(s.share == pytest.approx(s.sentences / n) for s in shares.values())
    bars = _Page(render_report(document, results)).bars
    assert [(b["data-theme"], int(b["data-sentences"])) for b in bars] == [(t, s.sentences) for t, s in shares.items()]
    assert [float(b["data-share"]) for b in bars] == pytest.approx([s.share for s in shares.values()])


def test_sentences_in_order_with_headings_themes_and_targets():
    document, results = _example()
    page = render_report(document, results)
    sentences = _Page(page).sentences
    assert [int(s["data-sent"]) for s in sentences] == [0, 1, 2, 3, 4]
    assert sentences[0]["tag"] == "h3" and all(s["tag"] == "div" for s in sentences[1:])
    assert [s["data-themes"] for s in sentences] == ["innovation", "innovation", "talent urban", "party", ""]
    assert ["quant" in s["class"].split() for s in sentences] == [False, True, True, False, False]
    two_themes = page[page.index('id="s2"'):page.index('id="s3"')]
    assert '<span class="strip"><span class="t-talent"></span><span class="t-urban"></span></span>' in two_themes
    assert '<mark class="m-target">5.5亿元</mark>' in page


def test_results_must_match_the_sentences():
    document, results = _example()
    with pytest.raises(ValueError, match="4 results for 5 sentences"):
        render_report(document, results[:-1])


@pytest.mark.parametrize("content, reason", [(None, "cannot read"), (b"", "empty"),
                                             (b"\x89PNG\r\n\x1a\n\x00\x00\x00", "binary")])
def test_bad_report_file_names_the_file_and_the_reason(tmp_path, capsys, content, reason):
    path = tmp_path / "bad.txt"
    if content is not None:
        path.write_bytes(content)
    out = tmp_path / "page.html"
    assert main(["report", str(path), "-o", str(out), "--model", str(tmp_path / "no-model")]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"gwr report: {path}: ") and reason in err.lower()
    assert not out.exists()


def test_report_command_writes_the_page(tmp_path, small_model_dir, capsys):
    path = tmp_path / "r.txt"
    path.write_text("一、2020年工作安排\n力争全年技术交易额超过5.5亿元。引进高层次人才30名。\n", encoding="utf-8")
    out = tmp_path / "r.html"
    assert main(["report", str(path), "-o", str(out), "--model", str(small_model_dir)]) == 0
    parsed = _Page(out.read_text(encoding="utf-8"))
    assert [s["data-sent"] for s in parsed.sentences] == ["0", "1", "2"]
    assert ["5.5", "30"] == [row[2] for row in parsed.rows]
    assert main(["report", str(path), "-o", str(tmp_path / "missing" / "r.html"), "--model", str(small_model_dir)]) == 1
    assert "cannot write" in capsys.readouterr().err
