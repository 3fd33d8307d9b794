"""The MLflow pyfunc model: loaded by MLflow's own loader it verifies the folder as gwr score does, scores like
Predictor, and refuses an oversized request."""

from __future__ import annotations

import shutil

import mlflow.pyfunc
import pandas as pd
import pytest

from model.runtime.artifacts import ArtifactError
from model.runtime.pyfunc_model import MAX_SENTENCES_VARIABLE, model_folder_of
from serve.predictor import Predictor

TEXTS = ["力争全年技术交易额超过5.5亿元。", "加强党的建设。", "新建5G基站1200个。"]


def test_mlflow_loads_and_scores_like_predictor(small_model_dir):
    model = mlflow.pyfunc.load_model(str(small_model_dir))
    out = model.predict(pd.DataFrame({"text": TEXTS, "section": ["plan", None, "review"]}))
    expected = [r.to_dict() for r in Predictor.load(str(small_model_dir)).predict_sentences(TEXTS, ["plan", None, "review"])]
    assert out.to_dict("records") == expected
    bare = model.predict(pd.DataFrame({"text": TEXTS[:1]}))
    # without a section the sentence's own wording gives one, with its probability of plan
    assert bare["section"][0] in ("review", "plan", None) and 0.0 <= bare["section_prob"][0] <= 1.0
    assert out["section_prob"].tolist() == [None, expected[1]["section_prob"], None]


def test_a_tampered_folder_is_refused_by_mlflows_loader_too(small_model_dir, tmp_path):
    copy = shutil.copytree(small_model_dir, tmp_path / "copy")
    arrays_file = next(copy.rglob("inference.npz"))
    data = bytearray(arrays_file.read_bytes())
    data[len(data) // 2] ^= 0xFF
    arrays_file.write_bytes(bytes(data))
    with pytest.raises(ArtifactError, match="does not match the manifest"):
        mlflow.pyfunc.load_model(str(copy))


def test_oversized_requests_are_refused(small_model_dir, monkeypatch):
    from mlflow.exceptions import MlflowException

    model = mlflow.pyfunc.load_model(str(small_model_dir))
    monkeypatch.setenv(MAX_SENTENCES_VARIABLE, "2")
    with pytest.raises(MlflowException, match="3 sentences in one request; at most 2"):
        model.predict(pd.DataFrame({"text": TEXTS}))


def test_the_model_folder_is_found_above_the_tagger_files(small_model_dir, tmp_path):
    tagger_dir = next(small_model_dir.rglob("manifest.json")).parent
    assert model_folder_of(tagger_dir) == small_model_dir.resolve()
    with pytest.raises(ArtifactError, match="no MLmodel"):
        model_folder_of(tmp_path)
