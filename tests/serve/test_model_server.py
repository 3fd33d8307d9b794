"""The model served by MLflow's own server (``mlflow models serve``) on 127.0.0.1 answers
``/invocations`` with the scoring contract's fields."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

from tests.servers import free_port, wait_until_answering

pytestmark = [pytest.mark.slow, pytest.mark.server]



@pytest.fixture(scope="module")
def served(small_model_dir, tmp_path_factory):
    port = free_port()
    log = tmp_path_factory.mktemp("serve") / "serve.log"
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    proc = subprocess.Popen([sys.executable, "-m", "mlflow", "models", "serve", "-m", str(small_model_dir),
                             "--env-manager", "local", "-h", "127.0.0.1", "-p", str(port)],
                            stdout=subprocess.DEVNULL, stderr=open(log, "wb"), env=env, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    wait_until_answering(f"{url}/ping", proc, log, "mlflow models serve")
    yield url
    os.killpg(proc.pid, 15)
    proc.wait(timeout=30)


def _post(url: str, payload: dict) -> tuple[int, dict]:
    request = urllib.request.Request(f"{url}/invocations", data=json.dumps(payload).encode(),
                                     headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read())


def test_invocations_answer_with_contract_fields(served):
    status, body = _post(served, {"dataframe_split": {
        "columns": ["text", "section"],
        "data": [["力争全年技术交易额超过5.5亿元。", "plan"], ["加强党风廉政建设。", None]]}})
    assert status == 200
    first, second = body["predictions"]
    assert set(first) == {"section", "section_prob", "text", "themes", "labels", "quant_target",
                          "quant_target_prob", "indicators"}
    # A given section is kept as given; a sentence without one has it read from its own wording.
    assert first["section"] == "plan" and first["section_prob"] is None
    assert second["section"] in ("review", "plan", None) and 0.0 <= second["section_prob"] <= 1.0
    assert first["text"] == "力争全年技术交易额超过5.5亿元。"
    mention = first["indicators"][0]
    assert (mention["value"], mention["unit"], mention["comparator"]) == (5.5, "亿元", ">=")
    assert set(first["themes"]) == {"innovation", "talent", "urban", "party"}


def test_section_is_optional_and_bad_input_is_an_error(served):
    status, body = _post(served, {"dataframe_split": {"columns": ["text"], "data": [["新增高新技术企业50家。"]]}})
    assert status == 200
    first = body["predictions"][0]
    assert first["section"] in ("review", "plan", None) and 0.0 <= first["section_prob"] <= 1.0
    status, body = _post(served, {"dataframe_split": {"columns": ["words"], "data": [["x"]]}})
    assert status == 400 and "error_code" in body
