"""``gwr evaluate``: score a registered or logged model (any MLflow model URI) on a labelled file."""

from __future__ import annotations

from pathlib import Path

from model.classifiers.baseline import KeywordBaseline
from model.runtime.store import configure_tracking, resolve_model_uri

from .dataset import load_labelled
from .evaluate import as_predict, predict_records, score, score_tagger


def evaluate_uri(uri: str | None, data: Path, split: str = "test") -> tuple[dict, dict]:
    """Metrics of the model at ``uri`` (loaded as ``gwr score`` loads it, reading each sentence's document whole
    for its section) and of the keyword baseline on the same sentences (with the layout reader's sections)."""
    from .registry import load_registered

    configure_tracking()
    uri = resolve_model_uri(uri)
    records = load_labelled(data, split=None if split == "all" else split)
    tagger = load_registered(uri)
    baseline = KeywordBaseline().fit()
    return (score(*score_tagger(tagger, records)),
            score(records, predict_records(as_predict(baseline), records)))
