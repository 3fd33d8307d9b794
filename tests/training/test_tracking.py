"""``gwr train`` when the tracking server is down, answers with errors, or dies mid-run: it fails in seconds
with one line naming the server, and the registry never holds a version without verified artifacts nor a
champion pointing at one."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from tests.servers import free_port, wait_until_answering

from tests.training.test_train_mlflow_server import small_slice

pytestmark = [pytest.mark.slow, pytest.mark.server]



def _train(url: str, data, cwd, timeout: float = 300, **popen):
    env = {**os.environ, "MLFLOW_TRACKING_URI": url}
    for name in ("MLFLOW_REGISTRY_URI", "MLFLOW_HTTP_REQUEST_MAX_RETRIES", "MLFLOW_HTTP_REQUEST_BACKOFF_FACTOR",
                 "MLFLOW_HTTP_REQUEST_TIMEOUT"):
        env.pop(name, None)
    command = [sys.executable, "-m", "gwr.cli", "train", "--data", str(data), "--experiment", "faults",
               "--cv-folds", "2", "--unlabelled-limit", "0"]
    if popen:
        return subprocess.Popen(command, env=env, cwd=cwd, text=True, **popen)
    return subprocess.run(command, env=env, cwd=cwd, capture_output=True, text=True, timeout=timeout)


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    return small_slice(tmp_path_factory.mktemp("slice") / "slice.jsonl")


def test_unreachable_server_fails_in_seconds(data, tmp_path):
    url = f"http://127.0.0.1:{free_port()}"  # nothing listens there
    started = time.monotonic()
    result = _train(url, data, tmp_path)
    elapsed = time.monotonic() - started
    assert result.returncode == 2, result.stderr[-2000:]
    assert "Traceback" not in result.stderr
    assert f"gwr train: the MLflow tracking server at {url} cannot be used" in result.stderr
    assert "nothing was trained or logged" in result.stderr
    assert elapsed < 30, f"took {elapsed:.1f}s"
    print(f"unreachable tracking server: gwr train failed after {elapsed:.1f}s")


class _Failing(BaseHTTPRequestHandler):
    def _fail(self):
        body = b'{"error_code": "INTERNAL_ERROR", "message": "database is locked"}'
        self.send_response(500)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = do_PATCH = do_DELETE = _fail

    def log_message(self, *args):
        pass


def test_server_answering_errors_fails_in_seconds(data, tmp_path):
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Failing)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        started = time.monotonic()
        result = _train(url, data, tmp_path)
        elapsed = time.monotonic() - started
    finally:
        server.shutdown()
        server.server_close()
    assert result.returncode == 2, result.stderr[-2000:]
    assert f"the MLflow tracking server at {url} cannot be used" in result.stderr
    assert "500" in result.stderr and "Traceback" not in result.stderr
    assert elapsed < 30, f"took {elapsed:.1f}s"
    print(f"tracking server answering 500: gwr train failed after {elapsed:.1f}s")


def test_server_dying_mid_run_fails_fast_and_registers_nothing(data, tmp_path):
    root = tmp_path / "server"
    root.mkdir()
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "mlflow", "server", "--host", "127.0.0.1", "--port", str(port),
         "--backend-store-uri", f"sqlite:///{root / 'mlflow.db'}", "--artifacts-destination",
         str(root / "artifacts"), "--workers", "1"],
        stdout=subprocess.DEVNULL, stderr=open(root / "server.log", "wb"), cwd=root, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_answering(f"{url}/health", server, root / "server.log", "mlflow server")
        train = _train(url, data, tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        lines: list[str] = []
        reader = threading.Thread(target=lambda: lines.extend(train.stderr), daemon=True)
        reader.start()
        deadline = time.monotonic() + 300
        while not any("cross-validating" in line for line in lines):  # the run exists on the server by then
            assert train.poll() is None, "".join(lines)[-2000:]
            assert time.monotonic() < deadline, "training never reached cross-validation"
            time.sleep(0.1)
    finally:
        os.killpg(server.pid, 9)
        server.wait(timeout=30)
    killed = time.monotonic()
    train.wait(timeout=600)
    reader.join(timeout=10)
    failed_after = time.monotonic() - killed
    stderr = "".join(lines)
    assert train.returncode == 1, stderr[-3000:]
    assert f"gwr train: the MLflow tracking server at {url} failed during the run" in stderr
    assert "Traceback" not in stderr
    # training goes on to its first request after the kill (the end of cross-validation), then fails fast
    assert failed_after < 120, f"took {failed_after:.1f}s after the server died"
    with sqlite3.connect(root / "mlflow.db") as db:
        assert db.execute("select count(*) from runs").fetchone()[0] == 1
        assert db.execute("select count(*) from model_versions").fetchone()[0] == 0
    print(f"tracking server killed mid-run: gwr train failed {failed_after:.1f}s later")
