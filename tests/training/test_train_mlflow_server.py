"""``gwr train`` against a real MLflow tracking server on 127.0.0.1 (SQLite backend in a temp dir), on a
small slice of the labelled data: the run, its metrics, its dataset input and the champion are found
through the MLflow client, and the registered model loads and predicts."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.servers import free_port, wait_until_answering

from training.dataset import DEFAULT_DATA, read_jsonl, write_jsonl

pytestmark = [pytest.mark.slow, pytest.mark.server]

ROOT = Path(__file__).resolve().parents[2]
TRAIN_DOCS = 10
TEST_DOCS = 4



def small_slice(path: Path, train_offset: int = 0) -> Path:
    """Whole documents: the largest national train and test documents, so every label has positives
    (``train_offset`` skips that many of the largest train documents: another slice of the same size)."""
    records = read_jsonl(DEFAULT_DATA)
    by_doc: dict[str, list[dict]] = {}
    for r in records:
        if r["source"] == "national":
            by_doc.setdefault(r["doc_id"], []).append(r)
    chosen = []
    for side, n, skip in (("train", TRAIN_DOCS, train_offset), ("test", TEST_DOCS, 0)):
        docs = sorted((d for d, rs in by_doc.items() if rs[0]["split"] == side), key=lambda d: -len(by_doc[d]))
        chosen += [r for d in docs[skip:skip + n] for r in by_doc[d]]
    write_jsonl(path, chosen)
    return path


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    root = tmp_path_factory.mktemp("mlflow-server")
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "mlflow", "server", "--host", "127.0.0.1", "--port", str(port),
         "--backend-store-uri", f"sqlite:///{root / 'mlflow.db'}", "--artifacts-destination",
         str(root / "artifacts"), "--workers", "1"],
        stdout=subprocess.DEVNULL, stderr=open(root / "server.log", "wb"), cwd=root)
    url = f"http://127.0.0.1:{port}"
    wait_until_answering(f"{url}/health", proc, root / "server.log", "mlflow server")
    yield url, root
    proc.terminate()
    proc.wait(timeout=30)


@pytest.fixture(scope="module")
def trained(server, tmp_path_factory):
    url, _ = server
    work = tmp_path_factory.mktemp("train")
    data = small_slice(work / "slice.jsonl")
    env = {**os.environ, "MLFLOW_TRACKING_URI": url}
    env.pop("MLFLOW_REGISTRY_URI", None)
    result = subprocess.run(
        [sys.executable, "-m", "gwr.cli", "train", "--data", str(data), "--experiment", "slice",
         "--cv-folds", "2", "--unlabelled-limit", "0"],
        capture_output=True, text=True, env=env, cwd=work, timeout=1800)
    assert result.returncode == 0, result.stderr[-3000:]
    return url, data, result


def test_run_metrics_dataset_and_champion_on_the_server(trained):
    import json

    from mlflow import MlflowClient

    from training.dataset import content_hash

    url, data, result = trained
    summary = json.loads(result.stdout)
    client = MlflowClient(tracking_uri=url, registry_uri=url)
    run = client.get_run(summary["run_id"])
    assert run.info.status == "FINISHED"
    assert client.get_experiment(run.info.experiment_id).name == "slice"
    metrics = run.data.metrics
    for name in ("test_all_themes_macro_f1", "test_all_quant_target_f1", "test_all_indicator_exact_f1",
                 "baseline_test_all_themes_macro_f1", "test_all_innovation_pr_auc", "cv_all_themes_macro_f1"):
        assert 0.0 <= metrics[name] <= 1.0, name
    assert run.data.params["data_sha256"] == content_hash(data)
    inputs = run.inputs.dataset_inputs
    assert len(inputs) == 1 and inputs[0].dataset.digest
    champion = client.get_model_version_by_alias("gwr-tagger", "champion")
    assert champion.run_id == summary["run_id"]
    assert "promoted to champion" in result.stderr
    evaluation = {a.path for a in client.list_artifacts(summary["run_id"], "evaluation")}
    assert {"evaluation/pr_curves.png", "evaluation/confusion.png", "evaluation/misclassified.jsonl"} <= evaluation


def test_registered_champion_loads_and_predicts(trained):
    import mlflow
    import pandas as pd

    url, _, _ = trained
    mlflow.set_tracking_uri(url)
    mlflow.set_registry_uri(url)
    model = mlflow.pyfunc.load_model("models:/gwr-tagger@champion")
    out = model.predict(pd.DataFrame({"text": ["力争全年技术交易额超过5.5亿元。", "加强党风廉政建设。"],
                                      "section": ["plan", "plan"]}))
    assert list(out.columns)[:3] == ["section", "section_prob", "text"]
    first = out.iloc[0]
    spans = [(m["value"], m["unit"]) for m in first["indicators"]]
    assert (5.5, "亿元") in spans
