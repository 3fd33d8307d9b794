"""``gwr report``: one scored report as a single self-contained HTML page for a reader — metadata, theme
shares (inline SVG), the indicators table and every sentence coloured by its themes.

The page loads nothing (no script, font, stylesheet or image from anywhere) and its Content-Security-Policy
forbids scripts, so a report whose text holds markup shows that markup as text and runs nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape
from pathlib import Path

from model.text.headings import heading_marker
from model.records import THEMES, Document, Mention, SentenceResult

THEME_NAMES = {"innovation": "科技创新", "talent": "人才", "urban": "城市建设", "party": "党建"}
THEME_COLOURS = {"innovation": "#2f6fd6", "talent": "#e08a1e", "urban": "#2e9d5b", "party": "#c8322b"}
UNTAGGED_COLOUR = "#b8b8b8"
TABLE_HEAD_COLOUR = "#4b2a84"
TARGET_ROW_COLOUR = "#fff8e6"
SECTION_NAMES = {"review": "回顾 · review", "plan": "安排 · plan"}
TABLE_COLUMNS = ("句 sentence", "指标 indicator", "数值 value", "单位 unit", "比较 comparator", "类型 kind",
                 "度量 measure", "原句 text")
# Metadata shown at the top: (field, label, shown even when missing).
META_FIELDS = (("date", "成文日期 date", True), ("publisher", "发布机构 publisher", True), ("doc_no", "文号", False),
               ("index_no", "索引号", False))


@dataclass(frozen=True)
class ThemeShare:
    """How many of the report's sentences carry a theme label, and that count over all sentences."""

    theme: str
    sentences: int
    share: float


def theme_shares(results: Sequence[SentenceResult]) -> list[ThemeShare]:
    """Share of sentences per theme (as ``gwr summarize``), then the share with no theme at all."""
    total = len(results)
    counts = {t: sum(t in r.labels for r in results) for t in THEMES}
    counts["none"] = sum(not any(t in r.labels for t in THEMES) for r in results)
    return [ThemeShare(t, n, n / total if total else 0.0) for t, n in counts.items()]


def format_value(mention: Mention) -> str:
    """A mention's number as written for a reader: ``5.5``, ``30``, or a range ``8–10``."""
    if mention.value is None and (mention.value_low is not None or mention.value_high is not None):
        return f"{_number(mention.value_low)}–{_number(mention.value_high)}"
    return _number(mention.value)


def _number(value: float | None) -> str:
    if value is None:
        return "?"
    return str(int(value)) if float(value).is_integer() else f"{value:.12g}"


def render_report(document: Document, results: Sequence[SentenceResult], model_uri: str | None = None) -> str:
    """The HTML page of one scored report; ``results`` are in the order of ``document.sentences``."""
    if len(results) != len(document.sentences):
        raise ValueError(f"{document.doc_id}: {len(results)} results for {len(document.sentences)} sentences")
    title = _meta(document, "title") or document.doc_id
    mentions = sum(len(r.indicators) for r in results)
    targets = sum(r.quant_target for r in results)
    parts = [
        "<!DOCTYPE html>",
        '<html lang="zh-CN">',
        "<head>",
        '<meta charset="utf-8">',
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">",
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(title)}</title>",
        f"<style>{_css()}</style>",
        "</head>",
        "<body>",
        "<header>",
        f"<h1>{escape(title)}</h1>",
        _metadata(document, model_uri, len(results), targets, mentions),
        "</header>",
        '<section class="overview">',
        '<div class="panel">',
        "<h2>主题分布 · theme shares</h2>",
        _legend(),
        _chart(theme_shares(results)),
        "</div>",
        "</section>",
        '<section class="targets">',
        f"<h2>目标与指标 · targets and indicators ({mentions})</h2>",
        _table(document, results),
        "</section>",
        '<section class="text">',
        "<h2>全文 · sentences</h2>",
        _sentences(document, results),
        "</section>",
        "</body>",
        "</html>",
    ]
    return "\n".join(parts) + "\n"


def render_report_file(path: str | Path, model_uri: str | None = None) -> str:
    """Read one report file, score it with the model at ``model_uri`` and render its page.

    Raises :class:`~model.text.errors.ReportInputError` naming the file when it cannot be read as a report;
    the file is read before the model is loaded, so a bad input fails fast.
    """
    from model.text.reader import read_report

    from .predictor import Predictor
    from .scoring import score_document

    document = read_report(path)
    predictor = Predictor.load(model_uri)
    return render_report(document, score_document(predictor, document).results, model_uri=predictor.uri)


def _meta(document: Document, key: str) -> str:
    value = document.meta.get(key)
    return "" if value in (None, "") else str(value)


def _metadata(document: Document, model_uri: str | None, sentences: int, targets: int, mentions: int) -> str:
    rows = [(label, _meta(document, key)) for key, label, always in META_FIELDS if always or _meta(document, key)]
    rows += [("文件 document", document.doc_id),
             ("句子 sentences", f"{sentences} 句，其中量化目标 {targets} 句 (quantitative targets)，指标 {mentions} 个")]
    if model_uri:
        rows.append(("模型 model", model_uri))
    items = "".join(f"<dt>{escape(k)}</dt><dd>{escape(v) if v else '—'}</dd>" for k, v in rows)
    return f'<dl class="meta">{items}</dl>'


def _legend() -> str:
    items = [f'<li><span class="swatch t-{t}"></span>{escape(THEME_NAMES[t])} · {t}</li>' for t in THEMES]
    items.append('<li><span class="badge target">量化目标</span> quantitative target</li>')
    items.append('<li><mark class="m-target">指标</mark> target value <mark class="m-actual">指标</mark> '
                 "actual value</li>")
    return f'<ul class="legend">{"".join(items)}</ul>'


def _chart(shares: list[ThemeShare]) -> str:
    """Horizontal bars, one per theme plus "no theme", scaled to 100% of the sentences."""
    label_w, bar_w, row_h, bar_h = 150, 380, 30, 20
    width, height = label_w + bar_w + 130, row_h * len(shares) + 10
    rows = []
    for i, s in enumerate(shares):
        y = 5 + i * row_h
        name = f"{THEME_NAMES[s.theme]} {s.theme}" if s.theme in THEME_NAMES else "无主题 none"
        colour = THEME_COLOURS.get(s.theme, UNTAGGED_COLOUR)
        rows.append(
            f'<g class="bar" data-theme="{escape(s.theme)}" data-share="{s.share:.6f}" data-sentences="{s.sentences}">'
            f'<text x="{label_w - 8}" y="{y + bar_h - 5}" text-anchor="end">{escape(name)}</text>'
            f'<rect x="{label_w}" y="{y}" width="{bar_w}" height="{bar_h}" fill="#f0f0f0"/>'
            f'<rect x="{label_w}" y="{y}" width="{s.share * bar_w:.1f}" height="{bar_h}" fill="{colour}"/>'
            f'<text x="{label_w + bar_w + 8}" y="{y + bar_h - 5}">{s.share * 100:.1f}% ({s.sentences})</text></g>'
        )
    return (f'<svg class="chart" xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
            f'viewBox="0 0 {width} {height}" role="img" aria-label="share of sentences per theme">'
            f'{"".join(rows)}</svg>'
            '<p class="note">每个主题的句子占比（一句可有多个主题） · share of sentences labelled with each theme; '
            "a sentence may carry several</p>")


def _table(document: Document, results: Sequence[SentenceResult]) -> str:
    head = "".join(f"<th>{escape(c)}</th>" for c in TABLE_COLUMNS)
    rows = []
    for sentence, result in zip(document.sentences, results):
        for m in result.indicators:
            rows.append(
                f'<tr class="{"target" if m.kind == "target" else "actual"}">'
                f'<td class="num"><a href="#s{sentence.sent_id}">{sentence.sent_id}</a></td>'
                f"<td>{escape(m.indicator)}</td><td class=\"num\">{escape(format_value(m))}</td>"
                f"<td>{escape(m.unit)}</td><td>{escape(m.comparator)}</td><td>{escape(m.kind)}</td>"
                f"<td>{escape(m.measure)}</td><td class=\"src\">{_highlight(result.text, [m])}</td></tr>"
            )
    if not rows:
        return '<p class="note">未发现指标 · no indicator found in this report</p>'
    return (f'<div class="table-wrap"><table class="indicators"><thead><tr>{head}</tr></thead>'
            f'<tbody>{"".join(rows)}</tbody></table></div>')


def _highlight(text: str, mentions: Sequence[Mention]) -> str:
    """The sentence, escaped, with each mention's span marked (overlapping spans: the first wins)."""
    out, pos = [], 0
    for m in sorted(mentions, key=lambda m: (m.start, m.end)):
        start, end = max(m.start, pos), min(m.end, len(text))
        if start >= end:
            continue
        out.append(escape(text[pos:start]))
        out.append(f'<mark class="m-{escape(m.kind)}">{escape(text[start:end])}</mark>')
        pos = end
    out.append(escape(text[pos:]))
    return "".join(out)


def _sentences(document: Document, results: Sequence[SentenceResult]) -> str:
    out, section, previous_end = [], None, None
    for sentence, result in zip(document.sentences, results):
        if sentence.section != section and sentence.section in SECTION_NAMES:
            out.append(f'<div class="section-mark">{escape(SECTION_NAMES[sentence.section])}</div>')
        section = sentence.section
        themes = [t for t in THEMES if t in result.labels]
        strip = "".join(f'<span class="t-{t}"></span>' for t in themes) or '<span class="t-none"></span>'
        badges = "".join(f'<span class="badge t-{t}" title="{t} {result.themes.get(t, 0):.2f}">'
                         f"{escape(THEME_NAMES[t])}</span>" for t in themes)
        if result.quant_target:
            badges += (f'<span class="badge target" title="quant_target {result.quant_target_prob:.2f}">'
                       "量化目标</span>")
        classes = ["sent"] + (["quant"] if result.quant_target else []) + (["heading"] if sentence.is_heading else [])
        if previous_end is not None and "\n" in document.body[previous_end:sentence.start]:
            classes.append("para")
        previous_end = sentence.end
        attrs = (f'id="s{sentence.sent_id}" class="{" ".join(classes)}" data-themes="{" ".join(themes)}"'
                 f' data-sent="{sentence.sent_id}"')
        inner = (f'<span class="strip">{strip}</span><span class="n">{sentence.sent_id}</span>'
                 f'<span class="body">{_highlight(result.text, result.indicators)}</span>'
                 f'<span class="badges">{badges}</span>')
        if sentence.is_heading:
            marker = heading_marker(sentence.text)
            level = min(2 + (marker[0] if marker else 1), 5)
            out.append(f"<h{level} {attrs}>{inner}</h{level}>")
        else:
            out.append(f"<div {attrs}>{inner}</div>")
    return "\n".join(out)


def _css() -> str:
    themes = "".join(f".t-{t}{{background:{c};color:#fff}}" for t, c in THEME_COLOURS.items())
    return (
        "body{font-family:'Noto Sans CJK SC','Source Han Sans SC','PingFang SC','Microsoft YaHei',"
        "'WenQuanYi Micro Hei','Hiragino Sans GB',sans-serif;margin:0 auto;max-width:1100px;padding:1.5em;"
        "color:#1d1d1d;background:#fff;line-height:1.6}"
        "h1{font-size:1.5em;margin:.2em 0 .6em}h2{font-size:1.15em;margin:1.4em 0 .5em;"
        "border-bottom:1px solid #ddd;padding-bottom:.2em}"
        ".meta{display:grid;grid-template-columns:max-content 1fr;gap:.15em 1em;margin:0}"
        ".meta dt{color:#666}.meta dd{margin:0}"
        ".legend{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:.4em 1.4em;margin:.3em 0 .8em}"
        ".swatch{display:inline-block;width:1em;height:1em;border-radius:2px;vertical-align:-.15em;"
        "margin-right:.35em}"
        ".chart text{font-size:14px;fill:#333}.note{color:#666;font-size:.85em;margin:.2em 0}"
        ".table-wrap{max-height:70vh;overflow:auto;border:1px solid #ccc}"
        "table.indicators{border-collapse:collapse;width:100%;font-size:.9em}"
        f"table.indicators th{{background:{TABLE_HEAD_COLOUR};color:#fff;text-align:left;padding:.35em .5em;"
        "position:sticky;top:0;white-space:nowrap}"
        "table.indicators td{border-top:1px solid #e3e3e3;padding:.3em .5em;vertical-align:top}"
        f"table.indicators tr.target td{{background:{TARGET_ROW_COLOUR}}}"
        "td.num{text-align:right;white-space:nowrap}"
        "td.src{min-width:24em}"
        "mark.m-target{background:#ffd666;color:inherit}mark.m-actual{background:#dfe7f3;color:inherit}"
        ".sent{display:flex;gap:.6em;align-items:stretch;margin:.15em 0;padding:.1em 0}"
        ".sent.para{margin-top:.9em}"
        ".strip{display:flex;flex-direction:column;width:6px;flex:none;border-radius:2px;overflow:hidden}"
        ".strip>span{flex:1}.t-none{background:#e6e6e6}"
        ".n{color:#999;font-size:.75em;min-width:2.5em;text-align:right;flex:none;padding-top:.25em}"
        ".body{flex:1}.badges{flex:none;display:flex;gap:.25em;align-items:flex-start;flex-wrap:wrap;"
        "max-width:14em;justify-content:flex-end}"
        ".badge{font-size:.72em;font-weight:normal;padding:.05em .45em;border-radius:.7em;white-space:nowrap;"
        "margin-top:.2em}"
        ".badge.target{background:#fff;color:#8a5a00;border:1px solid #d99a00}"
        ".sent.quant{background:#fffaf0}.sent.quant .body{font-weight:600}"
        "h3.sent,h4.sent,h5.sent{margin:1.2em 0 .3em}h3.sent{font-size:1.12em}h4.sent{font-size:1.02em}"
        "h5.sent{font-size:.98em}"
        ".section-mark{margin:1.6em 0 .4em;color:#555;font-size:.85em;letter-spacing:.1em;"
        "border-top:2px dashed #ccc;padding-top:.3em}"
        + themes
    )
