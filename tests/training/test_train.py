"""Training is deterministic, and cross-validation is grouped by document."""

from __future__ import annotations

import numpy as np
import pytest

from training.dataset import load_labelled
from training.evaluate import predict_records, score
from training.evaluate import as_predict
from training.train import TrainConfig, cross_validate, fit_tagger


@pytest.fixture(scope="module")
def slice_():
    records = load_labelled()
    docs = sorted({r.doc_id for r in records if r.source == "national" and r.split == "train"})[:6]
    train = [r for r in records if r.doc_id in docs]
    test = [r for r in records if r.split == "test" and r.source == "national"][:300]
    return train, test


@pytest.mark.slow
def test_same_data_and_seed_give_the_same_model(slice_):
    train, test = slice_
    a = predict_records(as_predict(fit_tagger(TrainConfig(), train)), test)
    b = predict_records(as_predict(fit_tagger(TrainConfig(), train)), test)
    assert a == b
    assert score(test, a) == score(test, b)


@pytest.mark.slow
def test_cross_validation_keeps_documents_whole(slice_, monkeypatch):
    train, _ = slice_
    seen = []
    import training.train as module

    real_fit = module.fit_tagger

    def spy(config, records, unlabelled=None):
        seen.append({r.doc_id for r in records})
        return real_fit(config, records, unlabelled)

    monkeypatch.setattr(module, "fit_tagger", spy)
    metrics = cross_validate(TrainConfig(cv_folds=3), train, log=lambda *_: None)
    assert len(seen) == 3
    all_docs = {r.doc_id for r in train}
    for fold_docs in seen:
        assert fold_docs < all_docs  # each fold leaves whole documents out
    assert 0.0 <= metrics["all_themes_macro_f1"] <= 1.0
    assert np.isfinite(metrics["all_indicator_exact_f1"])
