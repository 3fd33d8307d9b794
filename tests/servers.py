"""Starting real servers in tests: a free loopback port, and waiting until a server answers."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_answering(url: str, proc: subprocess.Popen, log: Path, what: str, timeout: float = 120) -> None:
    """Poll ``url`` until it answers; if the server exits or the time runs out, kill it (its process group
    when it leads one) and fail the test with the end of its log."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                try:
                    os.killpg(proc.pid, signal.SIGKILL) if os.getpgid(proc.pid) == proc.pid else proc.kill()
                except ProcessLookupError:
                    pass
                pytest.fail(f"{what} did not start: {Path(log).read_text(errors='replace')[-2000:]}")
            time.sleep(0.5)
