"""Models of earlier versions keep loading: array files of format 1, skops files that name the modules of
``model/`` before it had sub-packages, and folders with a skops file only; each scores as it did."""

from __future__ import annotations

import json
import shutil
import sys

import pytest

from model.runtime.arrays import ARRAYS_FILE, SPEC_FILE
from model.runtime.artifacts import ArtifactError, load_scoring_tagger, load_tagger, sha256_of
from model.runtime.compiled import CompiledTagger
from model.runtime.legacy import LEGACY_TYPES, legacy_modules
from model.tagger import GwrTagger

from tests.conftest import ROOT

FORMAT1 = ROOT / "tests" / "data" / "models" / "format1"


@pytest.fixture(scope="module")
def expected() -> tuple[list[str], list[str | None], list[dict]]:
    rows = [json.loads(line) for line in (FORMAT1 / "expected.jsonl").open(encoding="utf-8")]
    return [r["text"] for r in rows], [r["section"] for r in rows], [r["result"] for r in rows]


def full_precision(results) -> list[dict]:
    """The records at full precision, as the old version wrote them: it had no section model, so every
    ``section_prob`` (a field added since) is null."""
    records = [{**r.to_dict(), "themes": r.themes, "quant_target_prob": r.quant_target_prob} for r in results]
    assert all(record.pop("section_prob") is None for record in records)
    return records


def rounded(records: list[dict], digits: int = 12) -> list[dict]:
    """Probabilities to ``digits`` places: numpy's vectorised exp and log differ in the last bit between CPUs."""
    return [{**r, "themes": {k: round(v, digits) for k, v in r["themes"].items()},
             "quant_target_prob": round(r["quant_target_prob"], digits)} for r in records]


def test_array_files_of_format_1_score_as_that_version_did(expected):
    texts, sections, results = expected
    tagger = load_scoring_tagger(FORMAT1)
    assert isinstance(tagger, CompiledTagger)
    assert rounded(full_precision(tagger.predict_sentences(texts, sections))) == rounded(results)


def test_a_skops_file_with_old_type_paths_loads_and_compiles(expected):
    texts, sections, results = expected
    estimator = load_tagger(FORMAT1)
    assert isinstance(estimator, GwrTagger)
    assert rounded(full_precision(estimator.predict_sentences(texts, sections))) == rounded(results)
    assert rounded(full_precision(estimator.reference().predict_sentences(texts[:100], sections[:100]))) == rounded(results[:100])
    assert not any(old.rpartition(".")[0] in sys.modules for old in LEGACY_TYPES if not old.startswith("model.tagger"))


def test_a_folder_without_array_files_is_compiled_from_its_estimator(expected, tmp_path):
    texts, sections, results = expected
    shutil.copy(FORMAT1 / "tagger.skops", tmp_path / "tagger.skops")
    (tmp_path / "manifest.json").write_text(json.dumps({"files": {"tagger.skops": sha256_of(tmp_path / "tagger.skops")},
                                                        "format": "skops"}))
    assert rounded(full_precision(load_scoring_tagger(tmp_path).predict_sentences(texts[:50], sections[:50]))) == rounded(results[:50])


def test_a_format_this_version_does_not_know_is_refused(tmp_path):
    for name in ("tagger.skops", ARRAYS_FILE):
        shutil.copy(FORMAT1 / name, tmp_path / name)
    spec = json.loads((FORMAT1 / SPEC_FILE).read_text(encoding="utf-8"))
    (tmp_path / SPEC_FILE).write_text(json.dumps({**spec, "format": 99}))
    files = {name: sha256_of(tmp_path / name) for name in ("tagger.skops", ARRAYS_FILE, SPEC_FILE)}
    (tmp_path / "manifest.json").write_text(json.dumps({"files": files}))
    with pytest.raises(ArtifactError, match="format 99; this version of gwr-tagger reads formats 1 and 2"):
        load_scoring_tagger(tmp_path)


def test_old_module_paths_exist_only_while_loading():
    with legacy_modules():
        import importlib

        assert importlib.import_module("model.quant").QuantTargetClassifier.__module__ == "model.classifiers.quant"
    assert "model.quant" not in sys.modules
