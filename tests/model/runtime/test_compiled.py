"""The one scoring path: a fitted tagger scores through its array form, which gives scikit-learn's own results
bit for bit, is read back from a model folder unchanged, and needs neither scikit-learn, skops nor pickle."""

from __future__ import annotations

import subprocess
import sys

import pytest

from model.runtime.artifacts import load_model_folder
from model.runtime.compiled import CompiledTagger
from model.tagger import GwrTagger
from model.text.inputs import InputFailure, iter_documents

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


@pytest.mark.slow
def test_saved_array_form_gives_the_estimators_results(taggers, sentences):
    """The array form read from the folder, the estimator's own (in memory) and scikit-learn's computation of
    every part give the same results: probabilities bit for bit, labels, indicators."""
    tagger, scoring = taggers
    assert isinstance(tagger, GwrTagger) and isinstance(scoring, CompiledTagger)
    texts, sections = sentences
    assert len(texts) > 6000
    reference = tagger.reference()
    for start in range(0, len(texts), 1000):
        batch = texts[start:start + 1000], sections[start:start + 1000]
        got = scoring.predict_sentences(*batch)
        assert got == tagger.predict_sentences(*batch)
        if start < 2000:  # scikit-learn's own path is slow: two batches of it
            assert got == reference.predict_sentences(*batch)
    assert scoring.label_thresholds() == tagger.label_thresholds()
    assert scoring.predict_sentences([]) == []


def test_parts_are_scikit_learns_when_compared_part_by_part(taggers, sentences):
    """The reference replaces every array part (not only some): its text features are the ColumnTransformer's."""
    tagger, _ = taggers
    reference = tagger.reference()
    assert type(reference.text).__name__ == "ReferenceColumns"
    assert type(reference.themes).__name__ == type(reference.quant).__name__ == "ReferenceHeads"
    assert type(reference.extractor.columns).__name__ == "ReferenceRows"


@pytest.mark.slow
def test_scoring_imports_neither_scikit_learn_nor_skops(small_model_dir):
    code = ("import sys; from serve.predictor import Predictor\n"
            f"p = Predictor.load({str(small_model_dir)!r})\n"
            "r = p.predict_sentences(['力争全年引进高层次人才100名以上。'], ['plan'])\n"
            "assert r[0].indicators, r\n"
            "print(sorted({m.split('.')[0] for m in sys.modules} & {'sklearn', 'skops', 'pandas', 'mlflow'}))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
