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
BATCH_SENTENCES = 512


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
