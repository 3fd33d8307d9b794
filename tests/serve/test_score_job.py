"""``gwr score`` under faults: an output that cannot be written (read-only folder, full device) is reported
in one line with exit status 2, and SIGTERM stops it cleanly after whole documents, with one or two jobs."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from gwr.cli import main
from tests.conftest import RAW, SEEDS

NATIONAL = RAW / "national_reports_1954_2015.jsonl"


def _one_line_error(capsys) -> str:
    err = capsys.readouterr().err
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1, err
    assert "Traceback" not in err
    return lines[0]


@pytest.fixture
def read_only_dir(tmp_path):
    """A folder nobody may write to; for root (who passes permission bits) it is made immutable."""
    folder = tmp_path / "readonly"
    folder.mkdir()
    folder.chmod(0o555)
    immutable = False
    if os.geteuid() == 0:
        immutable = subprocess.run(["chattr", "+i", str(folder)], capture_output=True).returncode == 0
        if not immutable:
            pytest.skip("running as root on a file system without chattr +i: no folder is read-only to root")
    try:
        yield folder
    finally:
        if immutable:
            subprocess.run(["chattr", "-i", str(folder)], check=True)
        folder.chmod(0o755)


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "parquet"])
def test_read_only_folder_is_one_line_and_status_2(small_model_dir, read_only_dir, capsys, fmt):
    out = read_only_dir / f"scores.{fmt}"
    assert main(["score", str(SEEDS[0]), "-o", str(out), "--model", str(small_model_dir)]) == 2
    line = _one_line_error(capsys)
    assert line.startswith(f"gwr score: cannot write {out}: ")
    assert "(EACCES)" in line or "(EPERM)" in line
    assert not out.exists()


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "parquet"])
def test_full_device_is_one_line_and_status_2(small_model_dir, capsys, fmt):
    assert main(["score", str(SEEDS[0]), "-o", "/dev/full", "--format", fmt, "--model", str(small_model_dir)]) == 2
    line = _one_line_error(capsys)
    assert line == "gwr score: cannot write /dev/full: No space left on device (ENOSPC)"


def test_full_errors_file_is_one_line_and_status_2(small_model_dir, tmp_path, capsys):
    bad = tmp_path / "empty.txt"
    bad.write_bytes(b"")
    out = tmp_path / "scores.jsonl"
    assert main(["score", str(bad), str(SEEDS[0]), "-o", str(out), "--errors", "/dev/full",
                 "--model", str(small_model_dir)]) == 2
    assert _one_line_error(capsys) == "gwr score: cannot write /dev/full: No space left on device (ENOSPC)"


def test_resume_onto_a_device_is_refused_before_reading_it(small_model_dir, capsys):
    # /dev/full reads as endless zero bytes: --resume must not try to read completed documents from it
    assert main(["score", str(SEEDS[0]), "-o", "/dev/full", "--resume", "--model", str(small_model_dir)]) == 2
    assert _one_line_error(capsys) == "gwr score: --resume needs a regular file, and /dev/full is not one"


def test_full_device_from_the_command_line_has_no_traceback(small_model_dir):
    result = subprocess.run([sys.executable, "-m", "gwr.cli", "score", str(SEEDS[0]), "-o", "/dev/full",
                             "--model", str(small_model_dir)], capture_output=True, text=True, timeout=300)
    assert result.returncode == 2
    assert result.stderr.strip() == "gwr score: cannot write /dev/full: No space left on device (ENOSPC)"


# --- SIGTERM ---------------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def reports(tmp_path_factory) -> str:
    """The twelve latest national reports (about 1.5 s each to score): long enough to stop part-way."""
    path = tmp_path_factory.mktemp("reports") / "national_2004_2015.jsonl"
    path.write_text("".join(NATIONAL.read_text(encoding="utf-8").splitlines(keepends=True)[-12:]), encoding="utf-8")
    return str(path)


@pytest.fixture(scope="module")
def clean_run(small_model_dir, reports, tmp_path_factory) -> Path:
    clean = tmp_path_factory.mktemp("clean") / "clean.jsonl"
    assert main(["score", reports, "-o", str(clean), "--model", str(small_model_dir)]) == 0
    return clean


def _documents(path: Path) -> int:
    if not path.exists():
        return 0
    return len({json.loads(line)["doc_id"] for line in path.read_bytes().splitlines(keepends=True)
                if line.endswith(b"\n")})


def _children(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def _alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


@pytest.mark.slow
@pytest.mark.parametrize("jobs", [1, 2])
def test_sigterm_stops_after_whole_documents_and_resume_completes(small_model_dir, reports, clean_run, tmp_path,
                                                                   jobs):
    out = tmp_path / "scores.jsonl"
    command = [sys.executable, "-m", "gwr.cli", "score", reports, "-o", str(out), "--model", str(small_model_dir),
               "--jobs", str(jobs)]
    proc = subprocess.Popen(command, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline and proc.poll() is None and _documents(out) < 3:
        time.sleep(0.05)
    assert proc.poll() is None, "the run ended before it could be stopped"
    workers = _children(proc.pid)
    if jobs > 1:
        assert workers, "no worker processes were started"
    sent = time.monotonic()
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=60)
    stopped_in = time.monotonic() - sent
    assert proc.returncode == 128 + signal.SIGTERM, err
    assert stopped_in < 5, f"took {stopped_in:.1f}s to stop"
    assert "Traceback" not in err and "stopped by signal 15" in err
    time.sleep(0.5)
    assert not [w for w in workers if _alive(w)], "worker processes were left behind"

    stopped = out.read_bytes()
    assert stopped.endswith(b"\n")
    records = [json.loads(line) for line in stopped.decode("utf-8").splitlines()]
    clean = [json.loads(line) for line in clean_run.read_text(encoding="utf-8").splitlines()]
    assert 0 < len(records) < len(clean)
    for doc in {r["doc_id"] for r in records}:  # whole documents, each equal to the clean run's
        assert [r for r in records if r["doc_id"] == doc] == [r for r in clean if r["doc_id"] == doc]
    print(f"jobs={jobs}: stopped {stopped_in:.2f}s after SIGTERM with {_documents(out)} whole documents")

    assert main(["score", reports, "-o", str(out), "--model", str(small_model_dir), "--resume"]) == 0
    assert out.read_text(encoding="utf-8") == clean_run.read_text(encoding="utf-8")


def test_sigterm_closes_a_parquet_output_that_reads_back(small_model_dir, reports, tmp_path):
    import pyarrow.parquet as pq

    out = tmp_path / "scores.parquet"
    proc = subprocess.Popen([sys.executable, "-m", "gwr.cli", "score", reports, "-o", str(out), "--model",
                             str(small_model_dir)], stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 300
    # the file starts as the 4-byte magic; it grows when the first document's row group is written
    while time.monotonic() < deadline and proc.poll() is None and (not out.exists() or out.stat().st_size <= 4):
        time.sleep(0.05)
    assert proc.poll() is None, "the run ended before it could be stopped"
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 143, err
    table = pq.read_table(out).to_pylist()
    assert table, "no document was written before the stop"
    by_doc: dict[str, list[int]] = {}
    for row in table:
        by_doc.setdefault(row["doc_id"], []).append(row["sent_id"])
    assert all(ids == list(range(len(ids))) for ids in by_doc.values())


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_outputs_inside_an_input_folder_are_never_read_as_inputs(small_model_dir, tmp_path, capsys, jobs):
    """``gwr score reports/ -o reports/scores.jsonl`` scores the reports once: its own output and errors
    files are left out of the walk (also on ``--resume``), and a dangling link is reported, not skipped."""
    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / "seed.txt").write_bytes(SEEDS[0].read_bytes())
    os.symlink(tmp_path / "moved.txt", folder / "moved.txt")
    out, errors = folder / "scores.jsonl", folder / "errors.jsonl"
    args = ["score", str(folder), "-o", str(out), "--model", small_model_dir.as_posix(), "--errors", str(errors),
            "--jobs", jobs]
    assert main(args) == 1
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert {r["doc_id"] for r in records} == {"seed.txt"}
    assert [r["sent_id"] for r in records] == list(range(len(records)))
    failure = json.loads(errors.read_text(encoding="utf-8"))
    assert failure["input"] == str(folder / "moved.txt") and "dangling link" in failure["detail"]
    first = out.read_bytes()
    assert main(args + ["--resume"]) == 1
    assert out.read_bytes() == first
    capsys.readouterr()


def test_an_output_named_as_an_input_is_refused(small_model_dir, tmp_path, capsys):
    out = tmp_path / "scores.jsonl"
    out.write_text("", encoding="utf-8")
    assert main(["score", str(SEEDS[0]), str(out), "-o", str(out), "--model", str(small_model_dir),
                 "--resume"]) == 2
    assert "is both an input and an output" in _one_line_error(capsys)
