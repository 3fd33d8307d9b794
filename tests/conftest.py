"""Shared fixtures: the bundled raw data, a small fitted model, and the property-test profile."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

# Property tests run the same examples on every machine (no example database, no random seed), quickly.
settings.register_profile("gwr", derandomize=True, database=None, max_examples=60, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("gwr")

ROOT = Path(__file__).resolve().parent.parent
RAW = ROOT / "data" / "raw"
SEEDS = sorted((RAW / "seeds").glob("*.txt"))


@pytest.fixture(scope="session")
def national_reports() -> dict[str, dict]:
    with (RAW / "national_reports_1954_2015.jsonl").open(encoding="utf-8") as handle:
        return {r["doc_id"]: r for r in map(json.loads, handle)}


@pytest.fixture(scope="session")
def local_excerpts() -> dict[str, dict]:
    with (RAW / "local_excerpts.jsonl").open(encoding="utf-8") as handle:
        return {r["doc_id"]: r for r in map(json.loads, handle)}


@pytest.fixture(scope="session")
def small_model_dir(tmp_path_factory):
    """A small tagger (8 national train documents) saved as a local MLflow model folder."""
    from training.dataset import load_labelled
    from training.tracking import save_tagger_model
    from training.train import TrainConfig, fit_tagger

    records = load_labelled(split="train")
    docs = sorted({r.doc_id for r in records if r.source == "national"})[:8]
    train = [r for r in records if r.doc_id in docs]
    tagger = fit_tagger(TrainConfig(), train)
    return save_tagger_model(tagger, train, tmp_path_factory.mktemp("model") / "gwr-tagger")


def unique_national_sentences() -> list[tuple[str, str | None, int | None, bool]]:
    """(text, section, year, is_heading) of every national sentence, each text once, in corpus order: inputs of
    scale tests that the result cache cannot shortcut."""
    from model.text.inputs import InputFailure, iter_documents

    seen: set[str] = set()
    out = []
    for doc in iter_documents([str(RAW / "national_reports_1954_2015.jsonl")]):
        if isinstance(doc, InputFailure):
            continue
        for s in doc.sentences:
            if s.text not in seen:
                seen.add(s.text)
                out.append((s.text, s.section, doc.meta.get("year"), s.is_heading))
    return out
