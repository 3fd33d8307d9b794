"""Two ``gwr train`` runs at once against one SQLite store: both register, and ``champion`` ends on the better
of the two (never on the worse), whichever reaches the gate first."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.training.test_train_mlflow_server import small_slice

pytestmark = pytest.mark.slow


def test_two_runs_at_once_leave_the_champion_on_the_better_model(tmp_path):
    from mlflow import MlflowClient

    from model.runtime.store import CHAMPION_ALIAS, REGISTERED_MODEL

    # the same test documents, different train documents of about the same size: two models of different quality
    data = [small_slice(tmp_path / f"slice{k}.jsonl", train_offset=offset) for k, offset in enumerate((0, 10))]
    uri = f"sqlite:///{tmp_path / 'mlflow.db'}"
    env = {**os.environ, "MLFLOW_TRACKING_URI": uri}
    env.pop("MLFLOW_REGISTRY_URI", None)
    # one run creates the store first, so the two parallel runs do not race to create its tables
    subprocess.run([sys.executable, "-c", "import mlflow; mlflow.MlflowClient().search_experiments()"],
                   env=env, check=True, cwd=tmp_path, capture_output=True)
    runs = [subprocess.Popen([sys.executable, "-m", "gwr.cli", "train", "--data", str(path), "--experiment",
                              "concurrent", "--cv-folds", "2", "--unlabelled-limit", "0"],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=tmp_path)
            for path in data]
    outputs = [run.communicate(timeout=1800) for run in runs]
    for run, (_, err) in zip(runs, outputs):
        assert run.returncode == 0, err[-3000:]

    client = MlflowClient(tracking_uri=uri, registry_uri=uri)
    versions = client.search_model_versions(f"name='{REGISTERED_MODEL}'")
    assert len(versions) == 2
    scores = {str(v.version): float(v.tags["selection_score"]) for v in versions}
    champion = str(client.get_model_version_by_alias(REGISTERED_MODEL, CHAMPION_ALIAS).version)
    assert len(set(scores.values())) == 2, scores
    assert scores[champion] == max(scores.values()), (scores, champion)
    assert not client.search_registered_models(f"name='{REGISTERED_MODEL}-gate-lock'")
    decisions = [line for _, err in outputs for line in err.splitlines() if f"{REGISTERED_MODEL} v" in line]
    assert len(decisions) == 2, decisions
    print(scores, "champion", champion, decisions)
