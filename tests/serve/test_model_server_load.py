"""``mlflow models serve`` on 127.0.0.1 under load: 2,000 requests from 8 concurrent clients all succeed
(latency percentiles printed and written to ``load_latency.json`` in the test's folder), and an oversized
request is answered with an HTTP error while the server keeps answering."""

from __future__ import annotations

import http.client
import json
import os
import statistics
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from tests.servers import free_port, wait_until_answering

from model.runtime.pyfunc_model import MAX_SENTENCES_VARIABLE

pytestmark = [pytest.mark.slow, pytest.mark.server]

REQUESTS = 2000
CONCURRENCY = 8
BUDGET_SECONDS = 240  # the client sends nothing after this, so the loop ends by itself on a slow machine
MAX_SENTENCES = 20000
SENTENCES = ["力争全年技术交易额超过5.5亿元。", "加强党风廉政建设。", "新增高新技术企业50家。", "引进高层次人才30名以上。"]


@pytest.fixture(scope="module")
def server(small_model_dir, tmp_path_factory):
    port = free_port()
    folder = tmp_path_factory.mktemp("serve-load")
    log = folder / "serve.log"
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
           MAX_SENTENCES_VARIABLE: str(MAX_SENTENCES), "MLFLOW_SCORING_SERVER_REQUEST_TIMEOUT": "60"}
    proc = subprocess.Popen([sys.executable, "-m", "mlflow", "models", "serve", "-m", str(small_model_dir),
                             "--env-manager", "local", "-h", "127.0.0.1", "-p", str(port), "-w", "1"],
                            stdout=subprocess.DEVNULL, stderr=open(log, "wb"), env=env, start_new_session=True)
    wait_until_answering(f"http://127.0.0.1:{port}/ping", proc, log, "mlflow models serve")
    yield port, folder, proc
    os.killpg(proc.pid, 15)
    proc.wait(timeout=30)


def _body(rows: list[str]) -> bytes:
    return json.dumps({"dataframe_split": {"columns": ["text"], "data": [[t] for t in rows]}},
                      ensure_ascii=False).encode("utf-8")


def _post(port: int, body: bytes, timeout: float = 60) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request("POST", "/invocations", body=body, headers={"Content-Type": "application/json"})
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def _percentile(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1]


@pytest.mark.load
def test_two_thousand_concurrent_requests_all_succeed(server):
    port, folder, proc = server

    started = time.perf_counter()

    def one(i: int) -> tuple[int, float, int]:
        if time.perf_counter() - started > BUDGET_SECONDS:
            return -1, 0.0, 0
        rows = [SENTENCES[(i + k) % len(SENTENCES)] for k in range(3)]
        sent = time.perf_counter()
        status, body = _post(port, _body(rows))
        elapsed = time.perf_counter() - sent
        predictions = json.loads(body)["predictions"] if status == 200 else []
        return status, elapsed, len(predictions)

    with ThreadPoolExecutor(CONCURRENCY) as pool:
        results = list(pool.map(one, range(REQUESTS)))
    wall = time.perf_counter() - started
    unsent = sum(1 for r in results if r[0] == -1)
    assert not unsent, f"{unsent} requests not sent within {BUDGET_SECONDS}s"
    failures = [r for r in results if r[0] != 200 or r[2] != 3]
    latencies_ms = [r[1] * 1000 for r in results]
    report = {"requests": REQUESTS, "concurrency": CONCURRENCY, "sentences_per_request": 3,
              "failed": len(failures), "wall_seconds": round(wall, 2),
              "requests_per_second": round(REQUESTS / wall, 1),
              "p50_ms": round(_percentile(latencies_ms, 50), 1), "p95_ms": round(_percentile(latencies_ms, 95), 1),
              "p99_ms": round(_percentile(latencies_ms, 99), 1), "max_ms": round(max(latencies_ms), 1)}
    (folder / "load_latency.json").write_text(json.dumps(report, indent=1), encoding="utf-8")
    print(f"\nmlflow models serve under load: {json.dumps(report)}")
    assert not failures, failures[:5]
    assert proc.poll() is None


@pytest.mark.load
def test_oversized_request_is_an_http_error_and_the_server_keeps_answering(server):
    port, _, proc = server
    rows = [SENTENCES[i % len(SENTENCES)] for i in range(200_000)]
    body = _body(rows)
    started = time.perf_counter()
    status, answer = _post(port, body, timeout=120)
    elapsed = time.perf_counter() - started
    print(f"\noversized request ({len(body) / 1e6:.1f} MB, {len(rows)} sentences): HTTP {status} "
          f"in {elapsed:.1f}s")
    assert 400 <= status < 600
    assert status == 400 and f"at most {MAX_SENTENCES} are accepted" in answer.decode("utf-8", "replace")
    assert proc.poll() is None
    status, answer = _post(port, _body(SENTENCES[:2]))
    assert status == 200 and len(json.loads(answer)["predictions"]) == 2
