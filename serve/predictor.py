"""The prediction module: resolve a model like ``gwr score --model``, verify its artifacts, and tag
sentences or whole reports with it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from model.artifacts import ArtifactError, load_model_folder
from model.reader import parse_text
from model.records import SentenceResult
from model.store import local_model_dir, resolve_model_uri

__all__ = ["ArtifactError", "Predictor", "local_model_dir", "resolve_model_uri"]


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
        tagger = load_model_folder(model_dir)
        return cls(tagger=tagger, uri=uri, model_dir=model_dir)

    def predict_sentences(self, texts: Sequence[str], sections: Sequence[str | None] | None = None
                          ) -> list[SentenceResult]:
        """Themes, quant_target and indicators of each sentence."""
        return self.tagger.predict_sentences(list(texts), sections)

    def score_document(self, text: str, doc_id: str = "doc") -> tuple[object, list[SentenceResult]]:
        """Read and split a report's text, then tag its sentences: (document, results in order)."""
        document = parse_text(text, doc_id=doc_id)
        results = self.predict_sentences([s.text for s in document.sentences],
                                         [s.section for s in document.sentences])
        return document, results
