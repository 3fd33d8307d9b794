"""The registry gate when registration fails part-way: a version whose artifacts do not verify, or whose
alias cannot be set, is withdrawn and the champion stays on the version it was on."""

from __future__ import annotations

import shutil

import mlflow
import pytest
from mlflow import MlflowClient

from model.runtime.artifacts import ArtifactError
from model.runtime.store import CHAMPION_ALIAS, REGISTERED_MODEL
from training.dataset import load_labelled
from training.registry import promote_if_better
from tests.training.conftest import logged


def _versions() -> list[str]:
    return sorted(str(v.version) for v in MlflowClient().search_model_versions(f"name='{REGISTERED_MODEL}'"))


def test_failed_registration_is_withdrawn_and_the_champion_kept(store, small_model_dir, tmp_path, monkeypatch):
    test = load_labelled(split="test")[:40]
    messages: list[str] = []
    first = promote_if_better(logged(small_model_dir, store), "r1", test, {"all_selection_score": 0.5},
                              log=messages.append)
    assert first["promoted"] and str(first["version"]) == "1"

    broken = shutil.copytree(small_model_dir, tmp_path / "broken")
    skops_file = next(broken.rglob("tagger.skops"))
    skops_file.write_bytes(skops_file.read_bytes()[:-10])  # a truncated upload
    with pytest.raises(ArtifactError):
        promote_if_better(logged(broken, store), "r2", test, {"all_selection_score": 0.99}, force=True,
                          log=messages.append)
    assert "v2: registration failed" in messages[-1] and "withdrawn" in messages[-1]
    assert _versions() == ["1"]
    assert str(MlflowClient().get_model_version_by_alias(REGISTERED_MODEL, CHAMPION_ALIAS).version) == "1"

    def refuse(*args, **kwargs):
        raise mlflow.exceptions.MlflowException("the registry went away")

    monkeypatch.setattr(MlflowClient, "set_registered_model_alias", refuse)
    with pytest.raises(mlflow.exceptions.MlflowException, match="went away"):
        promote_if_better(logged(small_model_dir, store), "r3", test, {"all_selection_score": 0.99}, force=True,
                          log=messages.append)
    assert "v3: registration failed" in messages[-1]
    assert _versions() == ["1"]
    assert str(MlflowClient().get_model_version_by_alias(REGISTERED_MODEL, CHAMPION_ALIAS).version) == "1"
