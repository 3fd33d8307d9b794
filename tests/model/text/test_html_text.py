"""HTML pages to plain text: the visible body, navigation, scripts and styles left out, entities resolved."""

from __future__ import annotations

from model.text.html_text import html_to_text, looks_like_html


def test_visible_text_one_block_per_line():
    page = ("<html><head><title>标题</title><script>var x=1;</script></head><body>"
            "<div class='nav'>首页 &gt; 政务公开</div><p>一、2019年工作回顾</p>"
            "<p>全年完成投资&nbsp;12亿元。<br>新增就业1.2万人。</p><footer>版权所有</footer></body></html>")
    assert html_to_text(page).split("\n") == ["一、2019年工作回顾", "全年完成投资 12亿元。", "新增就业1.2万人。"]


def test_what_looks_like_html():
    assert looks_like_html("<!DOCTYPE html><html>") and looks_like_html("  <p>正文</p>")
    assert not looks_like_html("一、工作回顾\n全年增长8%。") and not looks_like_html("a < b 且 c > d")
