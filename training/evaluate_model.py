"""``gwr evaluate``: score a registered or logged model (any MLflow model URI) on a labelled file."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from model.baseline import KeywordBaseline
from model.store import configure_tracking, resolve_model_uri

from .dataset import load_labelled
from .evaluate import predict_records, score


def evaluate_uri(uri: str | None, data: Path, split: str = "test") -> tuple[dict, dict]:
    """Metrics of the model at ``uri`` and of the keyword baseline on the same sentences."""
    import mlflow

    configure_tracking()
    uri = resolve_model_uri(uri)
    records = load_labelled(data, split=None if split == "all" else split)
    model = mlflow.pyfunc.load_model(uri)

    def predict(texts, sections):
        frame = model.predict(pd.DataFrame({"text": texts, "section": [s or "" for s in sections]}))
        return frame.to_dict(orient="records")

    baseline = KeywordBaseline().fit()
    return (score(records, predict_records(predict, records)),
            score(records, predict_records(lambda t, s: [r.to_dict() for r in baseline.predict_sentences(t, s)],
                                           records)))
