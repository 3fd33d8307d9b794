"""Saving a tagger: the estimator, its array form and a SHA-256 manifest, kept only when the array form read
back gives scikit-learn's results; loading verifies every file first."""

from __future__ import annotations

import dataclasses
import json

import numpy as np
import pytest

from model.runtime import arrays
from model.runtime.artifacts import (ArtifactError, CheckFailed, compare, load_model_folder, load_scoring_tagger,
                                     save_tagger)

CHECK = [("力争全年地区生产总值增长8%左右。", "plan"), ("加强党的建设。", None), ("新建5G基站1200个。", "review"),
         ("引进高层次人才30名，建设人才公寓500套。", "plan")]


@pytest.fixture(scope="module")
def estimator(small_model_dir):
    return load_model_folder(small_model_dir)


def test_saves_three_files_and_their_hashes(estimator, tmp_path):
    manifest = save_tagger(estimator, tmp_path, CHECK)
    assert set(manifest["files"]) == {"tagger.skops", arrays.ARRAYS_FILE, arrays.SPEC_FILE}
    assert manifest["format"] == arrays.FORMAT
    with np.load(tmp_path / arrays.ARRAYS_FILE, allow_pickle=False) as archive:
        assert all(not archive[name].dtype.hasobject for name in archive.files)
    assert json.loads((tmp_path / arrays.SPEC_FILE).read_text())["model"]["part"] == "tagger"
    assert load_scoring_tagger(tmp_path).predict_sentences(*zip(*CHECK)) == estimator.predict_sentences(*zip(*CHECK))


def test_a_saved_form_that_differs_from_the_estimator_is_not_kept(estimator, tmp_path, monkeypatch):
    write = arrays.write

    def off_by_a_little(model, directory):
        heads = dataclasses.replace(model.quant.heads, intercepts=model.quant.heads.intercepts + 1e-9)
        return write(dataclasses.replace(model, quant=dataclasses.replace(model.quant, heads=heads)), directory)

    monkeypatch.setattr(arrays, "write", off_by_a_little)
    with pytest.raises(CheckFailed, match=r"check sentence 0 .* \['quant_target_prob'\]"):
        save_tagger(estimator, tmp_path, CHECK)
    assert list(tmp_path.iterdir()) == []


def test_saving_needs_check_sentences(estimator, tmp_path):
    with pytest.raises(ValueError, match="check sentences"):
        save_tagger(estimator, tmp_path, [])


def test_altered_array_files_are_refused(estimator, tmp_path):
    save_tagger(estimator, tmp_path, CHECK)
    stored = dict(np.load(tmp_path / arrays.ARRAYS_FILE, allow_pickle=False))
    key = next(k for k in stored if k.endswith("intercepts"))
    stored[key] = stored[key] + 5.0
    np.savez(tmp_path / arrays.ARRAYS_FILE, **stored)
    with pytest.raises(ArtifactError, match="does not match the manifest"):
        load_scoring_tagger(tmp_path)


def test_compare_names_the_sentence_and_field(estimator):
    class Shifted:
        def predict_sentences(self, texts, sections, headings=None):
            results = estimator.predict_sentences(texts, sections)
            results[1].labels = ["party", "talent"]
            return results

    assert compare(estimator, estimator, CHECK) == len(CHECK)
    with pytest.raises(CheckFailed, match=r"check sentence 1 \('加强党的建设。'\) in \['labels'\]"):
        compare(Shifted(), estimator, CHECK)
