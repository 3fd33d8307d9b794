"""Fixtures of the training tests: a fresh SQLite tracking store and registry, and logging a model folder."""

from __future__ import annotations

import mlflow
import pytest


@pytest.fixture
def store(tmp_path, monkeypatch):
    """A fresh SQLite store as both tracking and registry URI; returns an experiment id to log into."""
    uri = f"sqlite:///{tmp_path / 'mlflow.db'}"
    monkeypatch.setenv("MLFLOW_TRACKING_URI", uri)
    monkeypatch.delenv("MLFLOW_REGISTRY_URI", raising=False)
    mlflow.set_tracking_uri(uri)
    mlflow.set_registry_uri(uri)
    return mlflow.create_experiment("registry", artifact_location=(tmp_path / "art").as_uri())


def logged(folder, experiment) -> str:
    """``runs:/…/model`` of a new run in ``experiment`` holding the model folder ``folder``."""
    with mlflow.start_run(experiment_id=experiment) as run:
        mlflow.log_artifacts(str(folder), artifact_path="model")
    return f"runs:/{run.info.run_id}/model"
