"""A model folder from an unknown source that carries a pickle (which runs code when read) is refused by
``Predictor.load`` and ``gwr score`` before anything is unpickled: the payload's marker file never appears."""

from __future__ import annotations

import json
import pickle
import shutil
from pathlib import Path

import pytest
import yaml

from gwr.cli import main
from model.runtime.artifacts import ArtifactError, sha256_of
from serve.predictor import Predictor
from tests.conftest import SEEDS


class _WritesMarker:
    """Unpickling this calls ``open(marker, "w")``: the file appears iff the pickle was loaded."""

    def __init__(self, marker: Path):
        self.marker = str(marker)

    def __reduce__(self):
        return open, (self.marker, "w")


def _payload(marker: Path) -> bytes:
    return pickle.dumps(_WritesMarker(marker), protocol=4)


def _edit_mlmodel(folder: Path, edit) -> None:
    path = folder / "MLmodel"
    mlmodel = yaml.safe_load(path.read_text(encoding="utf-8"))
    edit(mlmodel)
    path.write_text(yaml.safe_dump(mlmodel), encoding="utf-8")


def _pickle_as_tagger(folder: Path, marker: Path) -> None:
    """The skops tagger replaced by a pickle, with the manifest and the MLmodel hashes rewritten to match
    (an attacker controls the whole folder)."""
    skops_file = next(folder.rglob("tagger.skops"))
    skops_file.write_bytes(_payload(marker))
    digest = sha256_of(skops_file)
    manifest_file = skops_file.parent / "manifest.json"
    manifest = json.loads(manifest_file.read_text())
    manifest["files"]["tagger.skops"] = digest
    manifest_file.write_text(json.dumps(manifest))

    def edit(mlmodel):
        mlmodel["metadata"]["tagger_sha256"] = {"tagger.skops": digest}
    _edit_mlmodel(folder, edit)


def _cloudpickled_python_model(folder: Path, marker: Path) -> None:
    """The pyfunc flavour pointed at a cloudpickled python_model, as ``mlflow.pyfunc.save_model`` writes
    for a PythonModel instance."""
    import cloudpickle

    (folder / "python_model.pkl").write_bytes(cloudpickle.dumps(_WritesMarker(marker)))

    def edit(mlmodel):
        pyfunc = mlmodel["flavors"]["python_function"]
        pyfunc.update(loader_module="mlflow.pyfunc.model", python_model="python_model.pkl")
        pyfunc.pop("model_code_path", None)
    _edit_mlmodel(folder, edit)


def _joblib_beside_the_tagger(folder: Path, marker: Path) -> None:
    skops_file = next(folder.rglob("tagger.skops"))
    (skops_file.parent / "vectorizer.bin").write_bytes(_payload(marker))


def _sklearn_flavour(folder: Path, marker: Path) -> None:
    (folder / "model.pkl").write_bytes(_payload(marker))

    def edit(mlmodel):
        mlmodel["flavors"]["sklearn"] = {"pickled_model": "model.pkl", "serialization_format": "cloudpickle"}
    _edit_mlmodel(folder, edit)


def _object_array_in_scoring_file(folder: Path, marker: Path) -> None:
    """The scoring arrays given an object array (stored as a pickle inside the .npy), hashes rewritten."""
    import numpy as np

    npz_file = next(folder.rglob("inference.npz"))
    arrays = dict(np.load(npz_file, allow_pickle=False))
    payload = np.empty(1, dtype=object)
    payload[0] = _WritesMarker(marker)
    arrays["themes.intercepts"] = payload
    with npz_file.open("wb") as handle:
        np.savez(handle, **arrays)
    manifest_file = npz_file.parent / "manifest.json"
    manifest = json.loads(manifest_file.read_text())
    manifest["files"]["inference.npz"] = sha256_of(npz_file)
    manifest_file.write_text(json.dumps(manifest))

    def edit(mlmodel):
        mlmodel["metadata"]["tagger_sha256"] = manifest["files"]
    _edit_mlmodel(folder, edit)


CRAFTS = {"pickle_as_tagger": _pickle_as_tagger, "object_array_in_scoring_file": _object_array_in_scoring_file, "cloudpickled_python_model": _cloudpickled_python_model,
          "pickle_beside_the_tagger": _joblib_beside_the_tagger, "sklearn_flavour": _sklearn_flavour}


def test_the_payload_really_runs_code_when_unpickled(tmp_path):
    import cloudpickle

    marker = tmp_path / "ran"
    cloudpickle.loads(cloudpickle.dumps(_WritesMarker(marker)))
    assert marker.exists()


@pytest.mark.parametrize("craft", sorted(CRAFTS))
def test_predictor_refuses_a_model_with_a_pickle(small_model_dir, tmp_path, craft):
    folder = shutil.copytree(small_model_dir, tmp_path / "model")
    marker = tmp_path / "marker"
    CRAFTS[craft](folder, marker)
    with pytest.raises(ArtifactError, match="refusing to load it"):
        Predictor.load(str(folder))
    assert not marker.exists()


@pytest.mark.parametrize("craft", ["pickle_as_tagger", "cloudpickled_python_model"])
def test_gwr_score_refuses_it_in_one_line(small_model_dir, tmp_path, capsys, craft):
    folder = shutil.copytree(small_model_dir, tmp_path / "model")
    marker = tmp_path / "marker"
    CRAFTS[craft](folder, marker)
    out = tmp_path / "scores.jsonl"
    assert main(["score", str(SEEDS[0]), "-o", str(out), "--model", str(folder)]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith(f"gwr score: {folder}") and err.endswith("refusing to load it") and "\n" not in err
    assert not marker.exists() and not out.exists()


def test_the_model_as_the_project_writes_it_passes(small_model_dir):
    from model.runtime.artifacts import check_model_folder

    tagger_dir, recorded = check_model_folder(small_model_dir)
    assert recorded == {name: sha256_of(tagger_dir / name)
                        for name in ("tagger.skops", "inference.npz", "inference.json")}
