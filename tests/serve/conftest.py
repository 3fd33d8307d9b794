"""A small tagger, trained on a few national documents and saved as a local MLflow model folder."""

from __future__ import annotations

import pytest

from training.dataset import load_labelled


@pytest.fixture(scope="session")
def small_model_dir(tmp_path_factory):
    from training.tracking import save_tagger_model
    from training.train import TrainConfig, fit_tagger

    records = load_labelled(split="train")
    docs = sorted({r.doc_id for r in records if r.source == "national"})[:8]
    train = [r for r in records if r.doc_id in docs]
    tagger = fit_tagger(TrainConfig(), train)
    return save_tagger_model(tagger, train[:3], tmp_path_factory.mktemp("model") / "gwr-tagger")
