"""``gwr score`` end to end over the bundled reports, with good and bad inputs mixed."""

from __future__ import annotations

import json

import pytest

from gwr.cli import main
from tests.conftest import RAW


def test_scores_every_good_input_and_reports_each_bad_one(small_model_dir, tmp_path, capsys):
    bad_empty = tmp_path / "empty.txt"
    bad_empty.write_bytes(b"")
    bad_binary = tmp_path / "scan.pdf.txt"
    bad_binary.write_bytes(b"%PDF-1.4\x00\x01\x02binary")
    out = tmp_path / "scores.jsonl"
    errors = tmp_path / "errors.jsonl"
    status = main(["score", str(RAW / "seeds"), str(bad_empty), str(bad_binary), "-o", str(out),
                   "--model", str(small_model_dir), "--errors", str(errors)])
    assert status == 1
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert {r["doc_id"] for r in records} == {p.name for p in RAW.joinpath("seeds").glob("*.txt")}
    assert list(records[0]) == ["doc_id", "sent_id", "section", "section_prob", "text", "themes", "labels", "quant_target",
                                "quant_target_prob", "indicators"]
    by_doc = {}
    for r in records:
        by_doc.setdefault(r["doc_id"], []).append(r["sent_id"])
    assert all(ids == list(range(len(ids))) for ids in by_doc.values())
    failures = [json.loads(line) for line in errors.read_text(encoding="utf-8").splitlines()]
    assert sorted(f["input"] for f in failures) == sorted([str(bad_empty), str(bad_binary)])
    assert {f["error"] for f in failures} == {"empty", "binary"}
    assert "5 documents" in capsys.readouterr().err


def test_csv_and_parquet_hold_the_jsonl_records(small_model_dir, tmp_path):
    import csv

    import pyarrow.parquet as pq

    seed = sorted(RAW.joinpath("seeds").glob("*.txt"))[2]
    paths = {fmt: tmp_path / f"scores.{fmt}" for fmt in ("jsonl", "csv", "parquet")}
    for path in paths.values():
        assert main(["score", str(seed), "-o", str(path), "--model", str(small_model_dir)]) == 0
    records = [json.loads(line) for line in paths["jsonl"].read_text(encoding="utf-8").splitlines()]
    rows = list(csv.DictReader(paths["csv"].open(encoding="utf-8", newline="")))
    table = pq.read_table(paths["parquet"]).to_pylist()
    assert len(records) == len(rows) == len(table) > 0
    for record, row, prow in zip(records, rows, table):
        assert row["text"] == prow["text"] == record["text"]
        assert float(row["theme_innovation"]) == prow["theme_innovation"] == record["themes"]["innovation"]
        assert json.loads(row["indicators"]) == json.loads(prow["indicators"]) == record["indicators"]
        assert prow["labels"] == ";".join(record["labels"])


@pytest.mark.slow
def test_resume_after_kill_equals_an_uninterrupted_run(small_model_dir, tmp_path):
    import os
    import signal
    import subprocess
    import sys
    import time

    reports = str(RAW / "national_reports_1954_2015.jsonl")
    clean = tmp_path / "clean.jsonl"
    assert main(["score", reports, "-o", str(clean), "--model", str(small_model_dir)]) == 0

    resumed = tmp_path / "resumed.jsonl"
    command = [sys.executable, "-m", "gwr.cli", "score", reports, "-o", str(resumed), "--model",
               str(small_model_dir), "--resume"]
    proc = subprocess.Popen(command, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline and proc.poll() is None:
        if resumed.exists() and len({json.loads(line)["doc_id"] for line in
                                     resumed.read_bytes().splitlines(keepends=True) if line.endswith(b"\n")}) >= 3:
            break
        time.sleep(0.05)
    assert proc.poll() is None, "the run ended before it could be killed"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    killed = [json.loads(line) for line in resumed.read_text(encoding="utf-8").splitlines()]
    clean_records = [json.loads(line) for line in clean.read_text(encoding="utf-8").splitlines()]
    # whatever the kill left is whole documents, each equal to the clean run's
    for doc in {r["doc_id"] for r in killed}:
        assert [r for r in killed if r["doc_id"] == doc] == [r for r in clean_records if r["doc_id"] == doc]
    assert len(killed) < len(clean_records)

    assert main(["score", reports, "-o", str(resumed), "--model", str(small_model_dir), "--resume"]) == 0
    assert resumed.read_text(encoding="utf-8") == clean.read_text(encoding="utf-8")


def test_resume_cuts_back_to_the_last_document(tmp_path):
    """A kill can leave the last document's records part-written (an unfinished line, or whole lines of only
    some of its sentences): resume cuts the output back to where that document starts and scores it again."""
    from serve.formats import completed_documents

    out = tmp_path / "o.jsonl"
    a = '{"doc_id": "a", "sent_id": 0}\n{"doc_id": "a", "sent_id": 1}\n'
    out.write_text(a + '{"doc_id": "b", "sent_id": 0}\n{"doc_id": "b", "se', encoding="utf-8")
    assert completed_documents(out) == {"a"}
    assert out.read_text(encoding="utf-8") == a
    out.write_text(a + '{"doc_id": "b", "sent_id": 0}\n', encoding="utf-8")  # b cut at a line's end
    assert completed_documents(out) == {"a"}
    assert out.read_text(encoding="utf-8") == a


@pytest.mark.slow
@pytest.mark.parametrize("fork", [True, False], ids=["forked", "spawned"])
@pytest.mark.parametrize("suffix", ["jsonl", "csv"])
def test_two_jobs_write_what_one_job_writes(small_model_dir, tmp_path, monkeypatch, capsys, fork, suffix):
    """Forked workers (sharing the parent's model) and spawned workers (loading their own) both write
    exactly what one process writes, report the same failures (including documents that only fail when a
    worker splits them) and count the same documents and sentences. JSONL comes back from the workers
    already written out; CSV as records."""
    import serve.scoring

    if fork and not serve.scoring._can_fork():
        pytest.skip("no fork on this platform")
    monkeypatch.setattr(serve.scoring, "_can_fork", lambda: fork)
    bad = tmp_path / "empty.txt"
    bad.write_bytes(b"")
    blank = tmp_path / "blank.jsonl"
    blank.write_text('{"id": "x", "text": "   "}\n{"id": "y", "text": "加快建设科技强市。"}\n', encoding="utf-8")
    inputs = [str(RAW / "local_excerpts.jsonl"), str(bad), str(blank), str(RAW / "seeds")]
    one, two = tmp_path / f"one.{suffix}", tmp_path / f"two.{suffix}"
    summaries = []
    for out, jobs, errors in ((one, "1", "e1"), (two, "2", "e2")):
        assert main(["score", *inputs, "-o", str(out), "--model", str(small_model_dir), "--jobs", jobs,
                     "--errors", str(tmp_path / errors)]) == 1
        summaries.append(capsys.readouterr().err.strip().splitlines()[-1].rsplit(",", 1)[0])
    assert two.read_text(encoding="utf-8") == one.read_text(encoding="utf-8")
    assert (tmp_path / "e1").read_text() == (tmp_path / "e2").read_text()
    assert summaries[0] == summaries[1] and " 2 failed" in summaries[0]
    assert [json.loads(line)["input"] for line in (tmp_path / "e2").read_text().splitlines()] == \
        [str(bad), f"{blank}:1"]


def test_progress_line_counts_documents_and_rate():
    import io

    from serve.scoring import Progress, ScoreSummary

    ticks = iter([0.0, 0.1, 2.0, 4.0])
    stream = io.StringIO()
    progress = Progress(stream, clock=lambda: next(ticks))
    progress.update(ScoreSummary(documents=1, sentences=10))  # at 0.1 s: too soon to redraw
    assert stream.getvalue() == ""
    progress.update(ScoreSummary(documents=2, sentences=400))
    progress.update(ScoreSummary(documents=3, sentences=800, failed=1), final=True)
    assert stream.getvalue() == ("\r2 documents, 400 sentences, 200 sentences/s, 0 failed"
                                 "\r3 documents, 800 sentences, 200 sentences/s, 1 failed\n")


def test_report_over_the_size_limit_is_reported_not_read(small_model_dir, tmp_path):
    big = tmp_path / "big.txt"
    big.write_bytes("加快建设科技创新平台。".encode("utf-8") * 2000)          # 66 KB
    records = tmp_path / "records.jsonl"
    records.write_text(json.dumps({"id": "big", "text": "加快发展。" * 20000}, ensure_ascii=False) + "\n"
                       + json.dumps({"id": "small", "text": "加快发展。"}, ensure_ascii=False) + "\n",
                       encoding="utf-8")
    out, errors = tmp_path / "o.jsonl", tmp_path / "e.jsonl"
    status = main(["score", str(big), str(records), str(RAW / "seeds" / "002_c92b04765e0d4daf.txt"), "-o", str(out),
                   "--model", str(small_model_dir), "--errors", str(errors), "--max-report-mb", "0.05"])
    assert status == 1
    failures = [json.loads(line) for line in errors.read_text(encoding="utf-8").splitlines()]
    assert [(f["input"], f["error"]) for f in failures] == [(str(big), "too_large"), (f"{records}:1", "too_large")]
    assert "limit" in failures[0]["detail"]
    assert {json.loads(line)["doc_id"] for line in out.read_text(encoding="utf-8").splitlines()} == {
        "small", "002_c92b04765e0d4daf.txt"}


def test_sentences_mode_scores_each_record_as_one_sentence(small_model_dir, tmp_path):
    """``--sentences``: no splitting; each record's fields equal Predictor's for that text and section."""
    from serve.predictor import Predictor

    rows = [{"id": f"s{i}", "text": t, "section": sec} for i, (t, sec) in enumerate([
        ("力争全年技术交易额超过5.5亿元。新增高新技术企业50家。", "plan"), ("加强党的建设。", None),
        ("建成5G基站1200个，增长12%。", "review")] * 100)]
    source = tmp_path / "sentences.jsonl"
    source.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows) + "{bad\n", encoding="utf-8")
    out, errors = tmp_path / "out.jsonl", tmp_path / "errors.jsonl"
    assert main(["score", str(source), "--sentences", "-o", str(out), "--model", str(small_model_dir),
                 "--errors", str(errors)]) == 1
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["doc_id"] for r in records] == [r["id"] for r in rows]
    assert all(r["sent_id"] == 0 for r in records)
    expected = Predictor.load(str(small_model_dir)).predict_sentences([r["text"] for r in rows],
                                                                      [r["section"] for r in rows])
    assert [{k: v for k, v in r.items() if k not in ("doc_id", "sent_id")} for r in records] == \
        [e.to_dict() for e in expected]
    assert [json.loads(line)["error"] for line in errors.read_text().splitlines()] == ["bad_json"]


@pytest.mark.slow
@pytest.mark.parametrize("fork", [True, False], ids=["forked", "spawned"])
def test_a_stop_ends_the_pooled_iteration_and_its_workers(small_model_dir, monkeypatch, fork):
    """Asked while the pool waits, ``stop`` ends the iteration before the next document and the workers
    are gone when the iterator is closed (a stop signal sets it; nothing is raised inside the pool)."""
    import multiprocessing

    import serve.scoring
    from serve.predictor import Predictor
    from serve.scoring import ScoredDocument, scored_documents

    if fork and not serve.scoring._can_fork():
        pytest.skip("no fork on this platform")
    monkeypatch.setattr(serve.scoring, "_can_fork", lambda: fork)
    predictor = Predictor.load(small_model_dir)
    seeds = sorted(str(p) for p in RAW.joinpath("seeds").glob("*.txt"))
    got: list = []
    asked = []

    def stop() -> bool:
        asked.append(len(got))
        return len(got) >= 2

    scored = scored_documents(predictor, seeds, jobs=2, stop=stop)
    for item in scored:
        got.append(item)
    assert len(seeds) > 3
    assert [type(item) for item in got] == [ScoredDocument, ScoredDocument]
    assert asked and asked[-1] == 2
    whole = [item.records for item in scored_documents(predictor, seeds[:2])]
    assert [item.records for item in got] == whole
    assert not multiprocessing.active_children()
