"""``gwr report`` pages in a real browser (headless Debian Chromium): the indicators table renders, the page
is drawn (screenshot), and markup in a report's text runs nothing.

Skipped when chromium is absent (``make test`` installs it as root); with ``GWR_REQUIRE_BROWSER=1`` (CI) an
absent browser fails the test instead."""

from __future__ import annotations

import os
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import numpy as np
import pytest

from gwr.cli import main
from model.text.reader import read_report
from serve.predictor import Predictor
from serve.report_html import TABLE_HEAD_COLOUR, TARGET_ROW_COLOUR, THEME_COLOURS, format_value
from tests.conftest import SEEDS

pytestmark = [pytest.mark.slow, pytest.mark.browser]

SEED = SEEDS[0]
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync")
TIMEOUT = 90


@pytest.fixture(scope="session")
def chromium() -> str:
    """The browser; session-scoped so that a skip comes before the model fixture is built."""
    found = shutil.which("chromium")
    if found:
        return found
    reason = "Debian chromium is not installed (`make test` installs it with apt-get when run as root)"
    if os.environ.get("GWR_REQUIRE_BROWSER") == "1":
        pytest.fail(f"GWR_REQUIRE_BROWSER=1 but {reason}")
    pytest.skip(reason)


def _run(chromium: str, profile: Path, *args: str) -> subprocess.CompletedProcess:
    command = [chromium, *FLAGS, f"--user-data-dir={profile}", *args]
    done = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT)
    assert done.returncode == 0, done.stderr[-2000:]
    return done


@pytest.fixture(scope="module")
def seed_page(small_model_dir, tmp_path_factory) -> tuple[Path, list[tuple]]:
    """The page of a bundled report, and the table rows expected from scoring it directly."""
    out = tmp_path_factory.mktemp("report") / "report.html"
    assert main(["report", str(SEED), "-o", str(out), "--model", str(small_model_dir)]) == 0
    document = read_report(SEED)
    results = Predictor.load(str(small_model_dir)).predict_sentences([s.text for s in document.sentences],
                                                                     [s.section for s in document.sentences])
    expected = [(str(s.sent_id), m.indicator, format_value(m), m.unit)
                for s, r in zip(document.sentences, results) for m in r.indicators]
    return out, expected


class _Rows(HTMLParser):
    def __init__(self, dom: str):
        super().__init__(convert_charrefs=True)
        self.rows: list[list[str]] = []
        self.title = ""
        self._where = None
        self.feed(dom)

    def handle_starttag(self, tag, attrs):
        if tag == "tr" and self._where == "tbody":
            self.rows.append([])
        elif tag == "td" and self.rows:
            self.rows[-1].append("")
            self._where = "td"
        elif tag in ("tbody", "title"):
            self._where = tag

    def handle_endtag(self, tag):
        self._where = "tbody" if tag == "td" else (None if tag in ("tbody", "title") else self._where)

    def handle_data(self, data):
        if self._where == "td":
            self.rows[-1][-1] += data
        elif self._where == "title":
            self.title += data


def test_table_rows_render_in_the_dom(chromium, seed_page, tmp_path):
    page, expected = seed_page
    dom = _run(chromium, tmp_path / "profile", "--dump-dom", page.as_uri()).stdout
    rows = _Rows(dom).rows
    assert len(expected) > 10
    assert [tuple(r[:2]) + (r[2], r[3]) for r in rows] == expected


def test_screenshot_shows_the_page_and_the_table(chromium, seed_page, tmp_path):
    import matplotlib.image

    page, _ = seed_page
    png = tmp_path / "report.png"
    _run(chromium, tmp_path / "profile", f"--screenshot={png}", "--window-size=1200,2000",
         "--hide-scrollbars", page.as_uri())
    pixels = np.rint(matplotlib.image.imread(str(png))[..., :3] * 255).astype(np.uint8)
    assert pixels.shape[:2] == (2000, 1200)
    packed = (pixels[..., 0].astype(np.uint32) << 16) | (pixels[..., 1].astype(np.uint32) << 8) | pixels[..., 2]
    assert len(np.unique(packed)) > 50                                         # not blank

    def mask(colour: str) -> np.ndarray:
        return packed == int(colour.lstrip("#"), 16)

    per_row = mask(TABLE_HEAD_COLOUR).sum(axis=1)
    head_rows = np.flatnonzero(per_row > 400)            # the header band (its text lines have fewer)
    assert per_row.max() > 1000                          # spans the page width
    assert 15 <= len(head_rows) <= 80 and np.all(np.diff(head_rows) == 1)
    assert mask(TARGET_ROW_COLOUR)[head_rows[-1] + 1:].sum() > 1000             # target rows' background
    for colour in THEME_COLOURS.values():                                      # the theme bars above it
        assert mask(colour)[:head_rows[0]].sum() > 200, colour


def test_markup_in_a_report_runs_nothing(chromium, small_model_dir, tmp_path):
    report = tmp_path / "hostile.txt"
    report.write_text("一、2020年工作安排\n力争<script>document.title='pwned';document.body.innerHTML='pwned'</script>"
                      "全年技术交易额超过5.5亿元。<img src=x onerror=\"document.title='pwned'\">\n", encoding="utf-8")
    out = tmp_path / "hostile.html"
    assert main(["report", str(report), "-o", str(out), "--model", str(small_model_dir)]) == 0
    dom = _run(chromium, tmp_path / "profile", "--dump-dom", out.as_uri()).stdout
    parsed = _Rows(dom)
    assert parsed.title == "hostile.txt" and "pwned'</script>" not in dom
    assert "&lt;script&gt;document.title='pwned'" in dom and "<img" not in dom
    assert parsed.rows and parsed.rows[0][2] == "5.5"
