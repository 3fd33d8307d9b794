"""The scoring path: a saved tagger's exported arrays give the tagger's own results, are verified like the rest
of the model, and are read without scikit-learn, skops or pickle."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from model.runtime import inference
from model.runtime.artifacts import ArtifactError, load_model_folder, load_scoring_tagger, save_tagger
from model.text.inputs import InputFailure, iter_documents
from model.tagger import GwrTagger

from tests.conftest import RAW, ROOT, SEEDS


@pytest.fixture(scope="module")
def taggers(small_model_dir):
    return load_model_folder(small_model_dir), load_model_folder(small_model_dir, scoring=True)


@pytest.fixture(scope="module")
def sentences() -> tuple[list[str], list[str | None]]:
    paths = [str(RAW / "national_reports_1954_2015.jsonl"), str(RAW / "local_excerpts.jsonl"), *map(str, SEEDS)]
    found = [s for d in iter_documents(paths) if not isinstance(d, InputFailure) for s in d.sentences]
    picked = found[::4]
    odd = ["", "   ", "\ud800科技创新", "增长8%" * 400, "力争全年引进高层次人才100名以上，新增高新技术企业50家。",
           "ＧＤＰ增长７．５％左右", "全市常住人口城镇化率达到65%"]
    return ([s.text for s in picked] + odd,
            [s.section for s in picked] + [None, "plan", "review", "elsewhere", "plan", None, "review"])


def test_same_results_as_the_tagger(taggers, sentences):
    tagger, scoring = taggers
    assert isinstance(tagger, GwrTagger) and isinstance(scoring, inference.InferenceTagger)
    texts, sections = sentences
    assert len(texts) > 6000
    for start in range(0, len(texts), 500):
        expected = tagger.predict_sentences(texts[start:start + 500], sections[start:start + 500])
        got = scoring.predict_sentences(texts[start:start + 500], sections[start:start + 500])
        assert got == expected  # every field: probabilities bit for bit, labels, indicators
    assert scoring.label_thresholds() == tagger.label_thresholds()
    assert scoring.predict_sentences([]) == []


def test_scoring_files_are_in_the_manifest_and_hold_no_objects(small_model_dir):
    tagger_dir = next(Path(small_model_dir).rglob(inference.ARRAYS_FILE)).parent
    manifest = json.loads((tagger_dir / "manifest.json").read_text())
    assert {inference.ARRAYS_FILE, inference.SPEC_FILE} <= set(manifest["files"])
    with np.load(tagger_dir / inference.ARRAYS_FILE, allow_pickle=False) as archive:
        assert all(archive[name].dtype != object for name in archive.files)


def test_altered_scoring_arrays_are_refused(taggers, tmp_path):
    tagger, _ = taggers
    save_tagger(tagger, tmp_path)
    arrays = dict(np.load(tmp_path / inference.ARRAYS_FILE, allow_pickle=False))
    arrays["themes.intercepts"] = arrays["themes.intercepts"] + 5.0
    np.savez(tmp_path / inference.ARRAYS_FILE, **arrays)
    with pytest.raises(ArtifactError, match="does not match the manifest"):
        load_scoring_tagger(tmp_path)


def test_a_tagger_without_scoring_files_is_scored_by_itself(taggers, tmp_path, monkeypatch, capsys):
    tagger, _ = taggers

    def refuse(_tagger):
        raise inference.ExportError("a layout of another version")

    monkeypatch.setattr(inference, "export", refuse)
    manifest = save_tagger(tagger, tmp_path)
    assert set(manifest["files"]) == {"tagger.skops"}
    assert "no scoring files" in capsys.readouterr().err
    loaded = load_scoring_tagger(tmp_path)
    assert isinstance(loaded, GwrTagger)
    text = "力争全年地区生产总值增长8%。"
    assert loaded.predict_sentences([text]) == tagger.predict_sentences([text])


def test_scoring_imports_neither_scikit_learn_nor_skops(small_model_dir):
    code = ("import sys; from serve.predictor import Predictor\n"
            f"p = Predictor.load({str(small_model_dir)!r})\n"
            "r = p.predict_sentences(['力争全年引进高层次人才100名以上。'], ['plan'])\n"
            "assert r[0].indicators, r\n"
            "print(sorted({m.split('.')[0] for m in sys.modules} & {'sklearn', 'skops', 'pandas', 'mlflow'}))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
