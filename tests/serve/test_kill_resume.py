"""``gwr score --resume`` after SIGKILL: killed at five random points over 1,000 documents (or 8,000 sentence
records), resumed each time, the output is byte-identical to one clean run."""

from __future__ import annotations

import json
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import unique_national_sentences

pytestmark = pytest.mark.slow

DOCUMENTS = 1000
PER_DOCUMENT = 8


@pytest.fixture(scope="module")
def inputs(tmp_path_factory) -> dict[str, Path]:
    """1,000 documents of eight unique national sentences each, and the same sentences as records."""
    texts = [text for text, _, _, heading in unique_national_sentences() if not heading]
    assert len(texts) >= DOCUMENTS * PER_DOCUMENT
    folder = tmp_path_factory.mktemp("kill")
    documents, sentences = folder / "documents.jsonl", folder / "sentences.jsonl"
    with documents.open("w", encoding="utf-8") as handle:
        for k in range(DOCUMENTS):
            chunk = texts[k * PER_DOCUMENT:(k + 1) * PER_DOCUMENT]
            handle.write(json.dumps({"id": f"doc-{k:04d}", "text": "\n".join(chunk)}, ensure_ascii=False) + "\n")
    with sentences.open("w", encoding="utf-8") as handle:
        for k, text in enumerate(texts[:DOCUMENTS * PER_DOCUMENT]):
            handle.write(json.dumps({"id": f"s{k:05d}", "text": text}, ensure_ascii=False) + "\n")
    return {"documents": documents, "sentences": sentences}


def _command(source: Path, out: Path, model: Path, jobs: int, sentences: bool, resume: bool) -> list[str]:
    return [sys.executable, "-m", "gwr.cli", "score", str(source), "-o", str(out), "--model", str(model),
            "--jobs", str(jobs), *(["--sentences"] if sentences else []), *(["--resume"] if resume else [])]


@pytest.mark.parametrize("mode", ["documents", "sentences"])
def test_five_kills_and_resumes_give_the_clean_run_byte_for_byte(inputs, small_model_dir, tmp_path, mode):
    sentences = mode == "sentences"
    clean = tmp_path / "clean.jsonl"
    subprocess.run(_command(inputs[mode], clean, small_model_dir, 1, sentences, False), check=True,
                   capture_output=True)
    size = clean.stat().st_size
    out = tmp_path / "killed.jsonl"
    rng = random.Random(20261203)
    points = sorted(rng.uniform(0.05, 0.95) * size for _ in range(5))
    kills = 0
    for k, point in enumerate(points):
        proc = subprocess.Popen(_command(inputs[mode], out, small_model_dir, 1 + k % 2, sentences, k > 0),
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 120
        while proc.poll() is None and time.monotonic() < deadline:
            if out.exists() and out.stat().st_size >= point:
                proc.send_signal(signal.SIGKILL)
                kills += 1
                break
            time.sleep(0.005)
        proc.wait(timeout=60)
    assert kills == 5, "a run finished before it could be killed"
    assert 0 < out.stat().st_size < size
    subprocess.run(_command(inputs[mode], out, small_model_dir, 2, sentences, True), check=True,
                   capture_output=True)
    assert out.read_bytes() == clean.read_bytes()
