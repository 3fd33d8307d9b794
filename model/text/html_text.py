"""HTML pages to plain text: the visible body, with scripts, styles and navigation dropped."""

from __future__ import annotations

import re
from html.parser import HTMLParser

_SKIP = {"script", "style", "noscript", "template", "nav", "header", "footer", "aside", "form",
         "select", "button", "iframe", "svg", "head", "title", "object", "canvas"}
_BLOCK = {"p", "div", "br", "li", "ul", "ol", "tr", "table", "section", "article", "h1", "h2", "h3",
          "h4", "h5", "h6", "blockquote", "pre", "dd", "dt", "dl", "center", "hr", "td", "th", "main"}
_VOID = {"br", "hr", "img", "meta", "link", "input", "area", "base", "col", "embed", "source", "wbr"}
_NAV_CLASS = re.compile(r"\b(nav|navbar|menu|breadcrumb|footer|header|sidebar|share|toolbar)\b", re.I)
_LOOKS_HTML = re.compile(r"^\s*(<!doctype\s+html|<html|<head|<body|<meta|<div|<p[\s>])", re.I)


def looks_like_html(text: str) -> bool:
    """True for text that starts like an HTML document or fragment."""
    return bool(_LOOKS_HTML.match(text[:1000])) or ("<body" in text[:5000].lower() and "</" in text)


class _TextExtractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._stack: list[tuple[str, bool]] = []
        self._skip_depth = 0

    def handle_starttag(self, tag, attrs):
        classes = " ".join(v or "" for k, v in attrs if k in ("class", "id", "role"))
        skip = tag in _SKIP or bool(_NAV_CLASS.search(classes))
        if tag in _BLOCK:
            self.parts.append("\n")
        if tag in _VOID:
            return
        self._stack.append((tag, skip))
        if skip:
            self._skip_depth += 1

    def handle_endtag(self, tag):
        if tag in _BLOCK:
            self.parts.append("\n")
        # Pop to the matching start tag; tolerate unclosed inner tags.
        for i in range(len(self._stack) - 1, -1, -1):
            if self._stack[i][0] == tag:
                for _, skipped in self._stack[i:]:
                    if skipped:
                        self._skip_depth -= 1
                del self._stack[i:]
                break

    def handle_data(self, data):
        if self._skip_depth == 0:
            self.parts.append(data)


def html_to_text(html: str) -> str:
    """The visible text of an HTML page, one block element per line, entities resolved."""
    parser = _TextExtractor()
    parser.feed(html)
    parser.close()
    text = "".join(parser.parts)
    lines = (re.sub(r"[ \t\r\f\v\xa0]+", " ", line).strip() for line in text.split("\n"))
    return "\n".join(line for line in lines if line)
