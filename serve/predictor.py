"""The prediction module: resolve a model like ``gwr score --model``, verify its artifacts, and tag
sentences or whole reports with it."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from model.artifacts import ArtifactError, load_tagger
from model.reader import parse_text
from model.records import SentenceResult
from model.store import configure_tracking, resolve_model_uri

TAGGER_ARTIFACT = "tagger_dir"
BATCH_SENTENCES = 512


def local_model_dir(uri: str) -> Path:
    """A local copy of the MLflow model at ``uri`` (a local directory is used in place)."""
    path = Path(uri)
    if path.is_dir():
        return path
    import mlflow

    configure_tracking()
    return Path(mlflow.artifacts.download_artifacts(artifact_uri=uri))


def _mlmodel(model_dir: Path) -> dict:
    import yaml

    path = model_dir / "MLmodel"
    if not path.is_file():
        raise ArtifactError(f"{model_dir}: no MLmodel file — not an MLflow model")
    return yaml.safe_load(path.read_text(encoding="utf-8")) or {}


def tagger_location(model_dir: Path, mlmodel: dict) -> Path:
    """Where the pyfunc flavour keeps the tagger artifact inside the model folder."""
    artifacts = ((mlmodel.get("flavors") or {}).get("python_function") or {}).get("artifacts") or {}
    entry = artifacts.get(TAGGER_ARTIFACT) or {}
    relative = entry.get("path") if isinstance(entry, dict) else None
    if not relative:
        raise ArtifactError(f"{model_dir}: the model has no {TAGGER_ARTIFACT} artifact — not a gwr-tagger model")
    return model_dir / relative


def _recorded_hashes(mlmodel: dict) -> dict | None:
    """The tagger's SHA-256 sums recorded in the MLmodel metadata when the model was logged."""
    recorded = (mlmodel.get("metadata") or {}).get("tagger_sha256")
    return json.loads(recorded) if isinstance(recorded, str) else recorded


@dataclass
class Predictor:
    """A loaded tagger and where it came from."""

    tagger: object
    uri: str
    model_dir: Path | None = None

    @classmethod
    def load(cls, uri: str | None = None) -> Predictor:
        """Load and verify the model (see :func:`resolve_model_uri`); raises ArtifactError if altered."""
        uri = resolve_model_uri(uri)
        model_dir = local_model_dir(uri)
        mlmodel = _mlmodel(model_dir)
        tagger = load_tagger(tagger_location(model_dir, mlmodel), expected_files=_recorded_hashes(mlmodel))
        return cls(tagger=tagger, uri=uri, model_dir=model_dir)

    def predict_sentences(self, texts: Sequence[str], sections: Sequence[str | None] | None = None
                          ) -> list[SentenceResult]:
        """Themes, quant_target and indicators of each sentence, tagged BATCH_SENTENCES at a time (each
        sentence is tagged on its own, so the results are the same; memory stays bounded however long the
        document)."""
        texts = list(texts)
        sections = list(sections) if sections is not None else [None] * len(texts)
        results: list[SentenceResult] = []
        for start in range(0, len(texts), BATCH_SENTENCES):
            stop = start + BATCH_SENTENCES
            results.extend(self.tagger.predict_sentences(texts[start:stop], sections[start:stop]))
        return results

    def score_document(self, text: str, doc_id: str = "doc") -> tuple[object, list[SentenceResult]]:
        """Read and split a report's text, then tag its sentences: (document, results in order)."""
        document = parse_text(text, doc_id=doc_id)
        results = self.predict_sentences([s.text for s in document.sentences],
                                         [s.section for s in document.sentences])
        return document, results
