"""The one loader of a model for scoring: a verified folder read as its array form, whatever the caller."""

from __future__ import annotations

import shutil

import pytest

from model.runtime.artifacts import ArtifactError
from model.runtime.compiled import CompiledTagger
from model.runtime.loader import load_scoring_model


def test_loads_the_array_form_of_a_verified_folder(small_model_dir):
    loaded = load_scoring_model(str(small_model_dir))
    assert isinstance(loaded.tagger, CompiledTagger)
    assert loaded.uri == str(small_model_dir) and loaded.model_dir == small_model_dir


def test_an_altered_folder_is_refused(small_model_dir, tmp_path):
    copy = shutil.copytree(small_model_dir, tmp_path / "copy")
    spec = next(copy.rglob("inference.json"))
    spec.write_text(spec.read_text().replace('"format": 2', '"format": 2 '))
    with pytest.raises(ArtifactError, match="does not match"):
        load_scoring_model(str(copy))
