"""The portal metadata block of published reports (索引号, 发布机构, 成文日期, …) parsed into fields."""

from __future__ import annotations

import re

# Portal label -> field name. Longer labels first so that 发文日期 is not read as 文号.
FIELDS = {
    "索引号": "index_no",
    "主题分类": "topic",
    "组配分类": "doc_type",
    "发布机构": "publisher",
    "公开方式": "disclosure",
    "公开范围": "scope",
    "成文日期": "date",
    "发文日期": "date",
    "发布日期": "published",
    "发布时间": "published",
    "文号": "doc_no",
    "来源": "source",
    "稿件来源": "source",
    "日期": "published",
    "时间": "published",
    "浏览次数": None,
    "点击数": None,
    "作者": None,
    "字号": None,
}
_LABEL = "|".join(sorted(map(re.escape, FIELDS), key=len, reverse=True))
_SEP = r"(?:\s*[:：]\s*\|?\s*|\s*\|\s*|\s+|$)"
_PAIR = re.compile(rf"(?P<label>{_LABEL}){_SEP}(?P<value>.*?)\s*(?=\|?\s*(?:{_LABEL}){_SEP}|\||$)")
_NOISE_LINE = re.compile(
    r"^(【?\s*(字体|字号)[:：]?.*[大中小].*】?|打印本页|关闭窗口|分享到.*|扫一扫.*|\[?\s*(打印|关闭|返回顶部)\s*\]?|"
    r"(当前|您的|所在)?位置[:：].*[>＞»].*|(当前|您的|所在)位置[:：].*|(查看|阅读)余下全文.*|(网站)?首页\s*[>＞»].*|上一篇.*|下一篇.*|来源[:：].{0,30}|责任编辑[:：].*|编辑[:：].{0,20}|"
    # a news page's dateline: a date and time, then at most its source, a click counter or links
    r"\d{4}\s*[-/年.]\s*\d{1,2}\s*[-/月.]\s*\d{1,2}\s*日?\s*\d{1,2}[:：]\d{2}([:：]\d{2})?\s*"
    r"((稿件)?来源[:：].*|(点击|浏览|阅读)(数|量|次数)?[:：]?\s*\d*)?|"
    # a navigation bar (short items between bars, no figures: not a table row) and bracketed portal fields
    r"(?!.*\d)[^|｜]{1,8}([|｜][^|｜]{1,8}){4,}[|｜]?|\[\s*(索引号|发文字号|主题分类|发布机构|成文日期|发布日期)\s*\].*|"
    # links to more pages, and share or read counters
    r"点击(查阅|查看|阅读|进入)(更多|全文).*|(阅读|浏览|点击|访问)(量|数|次数)?[:：]\s*\d+\s*(次)?|"
    r"(分享|收藏|点赞|评论)\s*[:：]?\s*\d*(\s*(分享|收藏|点赞|评论)\s*[:：]?\s*\d*)*)$"
)
# Image markup left in captured text (<image>…</image>, <img …>, [图片]): not report text.
_IMAGE_MARKUP = re.compile(r"<image\b[^>]*>.*?</image>|<image\b[^>]*/?>|<img\b[^>]*>|\[(图片|image|img)\]",
                           re.IGNORECASE)


def parse_metadata_line(line: str) -> dict[str, str] | None:
    """The fields of one metadata line, or None when the line is not (only) portal metadata."""
    stripped = line.strip().strip("|").strip()
    if not stripped or not re.match(rf"^(?:{_LABEL})", stripped):
        return None
    fields: dict[str, str] = {}
    pos = 0
    for match in _PAIR.finditer(stripped):
        if match.start() != pos and stripped[pos:match.start()].strip(" |"):
            return None
        pos = match.end()
        name = FIELDS[match.group("label")]
        value = match.group("value").strip(" |")
        if name and value and name not in fields:
            fields[name] = value
        while pos < len(stripped) and stripped[pos] in " |":
            pos += 1
    if stripped[pos:].strip(" |"):
        return None
    return fields


_FOOTER = re.compile(r"^(本作品(是中华人民共和国|在全世界|属于)|注[:：]中文维基文库|Public domain$|根据《中华人民共和国著作权法》)")


def starts_page_footer(line: str) -> bool:
    """The licence or site footer that ends a transcribed page: nothing after it is report text."""
    return bool(_FOOTER.match(line.strip()))


def is_page_noise(line: str) -> bool:
    """Portal furniture that is not report text (font-size switches, print/close links, breadcrumbs)."""
    return bool(_NOISE_LINE.match(line.strip()))


def without_image_markup(line: str) -> str:
    """``line`` without image markup (``<image>…</image>``, ``<img …>``, ``[图片]``)."""
    return _IMAGE_MARKUP.sub("", line) if "<" in line or "[" in line else line
