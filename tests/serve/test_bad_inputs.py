"""``gwr score`` over hostile and broken inputs (tests/data/bad, plus large ones generated here) mixed with good
reports: the readable ones scored with their text intact, every other one reported with its reason, exit
status 1, and the run's memory bounded."""

from __future__ import annotations

import pytest

import json
import re
import subprocess
import sys
import time
from pathlib import Path

from tests.conftest import ROOT, SEEDS

BAD = ROOT / "tests" / "data" / "bad"
MAX_RSS_MB = 1536

# File (or JSONL line) → the error kind it is reported with.
REPORTED = {
    "empty.txt": "empty",
    "whitespace.txt": "empty",
    "random_bytes.txt": "binary",
    "png_image.txt": "binary",
    "pdf_document.txt": "binary",
    "control_chars.txt": "binary",
    "corrupt_utf8.txt": "encoding",
    "punctuation_only.txt": "no_text",
    "navigation_only.html": "no_text",
    "broken_lines.jsonl:2": "bad_json",
    "broken_lines.jsonl:3": "missing_field",
    "broken_lines.jsonl:4": "missing_field",
    "broken_lines.jsonl:6": "missing_field",
    "broken_lines.jsonl:7": "no_text",
    "broken_lines.jsonl:9": "bad_json",
    "no_punctuation_30mb.txt": "too_large",
}
# Document → a phrase that shows its text came through decoded right; and phrases that must not appear.
SCORED = {
    "gbk.txt": "召开全面落实“六争攻坚”推进大会",
    "truncated_utf8.txt": "召开全面落实“六争攻坚”推进大会",
    "utf16le_bom.txt": "召开全面落实“六争攻坚”推进大会",
    "utf16be_nobom.txt": "召开全面落实“六争攻坚”推进大会",
    "big5_traditional.txt": "全市研究與試驗發展經費投入增長12.5%",
    "traditional_utf8.txt": "全市研究與試驗發展經費投入增長12.5%",
    "utf16le_nobom.txt": "全市研究與試驗發展經費投入增長12.5%",
    "script_entities.html": "全年完成技术交易额15.2亿元，同比增长37.2%，高新技术企业达到120家。",
    "script_entities_gbk.html": "R&D经费投入占比达到3.1%，<科技创新>指数居全市第一。",
    "jsonl-good": "力争全社会研发投入增长10%以上。",
    "jsonl-good-2": "城市更新完成老旧小区改造45个。",
    "surrogate": "全年技术交易额\ufffd超过5.5亿元。",
    "no_punctuation.txt": None,
    "long_sentence.txt": None,
}
NEVER = ("这不是正文", "确保完成！", "脚本写出的假句子", "首页", "版权所有", "&nbsp;", "&#")


def _no_punctuation(size: int) -> bytes:
    """Report text with every punctuation mark and white space removed, repeated to ``size`` bytes."""
    text = re.sub(r"[\W_]+", "", "".join(p.read_text(encoding="utf-8") for p in SEEDS))
    data = text.encode("utf-8")
    return (data * (size // len(data) + 1))[:size]          # the cut may fall inside a character


def _run_measured(command: list[str]) -> tuple[int, float, float]:
    """Run ``command`` under a fresh Python that reports its child's peak RSS: (status, seconds, MB)."""
    probe = ("import resource, subprocess, sys, time; t = time.perf_counter(); "
             "status = subprocess.run(sys.argv[1:]).returncode; "
             "print(status, time.perf_counter() - t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
    done = subprocess.run([sys.executable, "-c", probe, *command], capture_output=True, text=True, check=True,
                          cwd=ROOT)
    status, seconds, rss_kb = done.stdout.splitlines()[-1].split()      # after what the command printed
    return int(status), float(seconds), int(rss_kb) / 1024


def test_score_bad_inputs_with_good_reports(small_model_dir, tmp_path):
    generated = tmp_path / "generated"
    generated.mkdir()
    (generated / "no_punctuation_30mb.txt").write_bytes(_no_punctuation(30 * 1024 * 1024))
    (generated / "no_punctuation.txt").write_bytes(_no_punctuation(300_000) + "。".encode())
    (generated / "long_sentence.txt").write_text("，".join(["力争全年技术交易额超过5.5亿元"] * 6000) + "。",
                                                 encoding="utf-8")
    good = SEEDS[:3]
    out, errors = tmp_path / "scores.jsonl", tmp_path / "errors.jsonl"
    command = [sys.executable, "-m", "gwr.cli", "score", *map(str, good), str(BAD), str(generated),
               "-o", str(out), "--errors", str(errors), "--model", str(small_model_dir)]
    status, seconds, rss_mb = _run_measured(command)
    print(f"gwr score over {len(good)} good reports and the bad inputs: {seconds:.1f} s, peak RSS {rss_mb:.0f} MB")
    assert status == 1
    assert rss_mb < MAX_RSS_MB

    failures = [json.loads(line) for line in errors.read_text(encoding="utf-8").splitlines()]
    reported = {Path(f["input"]).name: f for f in failures}
    assert {name: f["error"] for name, f in reported.items()} == REPORTED
    for f in failures:
        assert f["input"].startswith((str(BAD), str(generated))) and f["detail"]

    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    by_doc: dict[str, list[dict]] = {}
    for r in records:
        by_doc.setdefault(r["doc_id"], []).append(r)
    assert set(by_doc) == {p.name for p in good} | set(SCORED)
    from model.text.reader import read_report

    for path in good:                                          # every sentence of every good report
        assert [r["text"] for r in by_doc[path.name]] == [s.text for s in read_report(path).sentences]
    for doc_id, phrase in SCORED.items():
        texts = [r["text"] for r in by_doc[doc_id]]
        assert [r["sent_id"] for r in by_doc[doc_id]] == list(range(len(texts)))
        assert all(len(t) <= 1000 for t in texts)
        if phrase is not None:
            assert any(phrase in t for t in texts), (doc_id, texts)
        assert not any(word in t for t in texts for word in NEVER), doc_id
    assert len(by_doc["long_sentence.txt"]) >= 6000 * 15 // 1000


@pytest.mark.slow
def test_reading_a_30mb_report_without_punctuation(tmp_path):
    """The reader alone on the 30 MB report the scorer refuses: sentences capped, memory and time bounded."""
    path = tmp_path / "no_punctuation_30mb.txt"
    path.write_bytes(_no_punctuation(30 * 1024 * 1024))
    script = ("import sys; from model.text.reader import read_report; d = read_report(sys.argv[1]); "
              "n = len(d.body); covered = sum(s.end - s.start for s in d.sentences); "
              "assert max(len(s.text) for s in d.sentences) <= 1000 and n - covered < 1000, (n, covered); "
              "print(len(d.sentences))")
    started = time.perf_counter()
    status, seconds, rss_mb = _run_measured([sys.executable, "-c", script, str(path)])
    print(f"read 30 MB without punctuation: {seconds:.1f} s, peak RSS {rss_mb:.0f} MB")
    assert status == 0
    assert rss_mb < MAX_RSS_MB
    assert time.perf_counter() - started < 120
