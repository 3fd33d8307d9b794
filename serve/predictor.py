"""The prediction module: resolve a model like ``gwr score --model``, verify its artifacts, and tag sentences
with it (whole documents: :mod:`serve.scoring`)."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from model.protocols import Tagger
from model.records import SentenceResult
from model.runtime.artifacts import ArtifactError, load_model_folder
from model.runtime.loader import load_scoring_model
from model.runtime.store import local_model_dir, resolve_model_uri

__all__ = ["ArtifactError", "Predictor", "local_model_dir", "resolve_model_uri"]
BATCH_SENTENCES = 512
CACHED_SENTENCES = 20_000


@dataclass
class Predictor:
    """A loaded tagger and where it came from. Results of the most recent ``cache_size`` distinct
    (sentence, section) pairs are kept, so boilerplate repeated across reports is tagged once."""

    tagger: Tagger
    uri: str
    model_dir: Path | None = None
    cache_size: int = CACHED_SENTENCES
    _cache: OrderedDict = field(default_factory=OrderedDict, init=False, repr=False, compare=False)

    @classmethod
    def load(cls, uri: str | None = None) -> Predictor:
        """Load and verify the model (see :func:`resolve_model_uri`); raises ArtifactError if altered."""
        loaded = load_scoring_model(uri)
        return cls(tagger=loaded.tagger, uri=loaded.uri, model_dir=loaded.model_dir)

    def estimator(self):
        """The fitted :class:`~model.tagger.GwrTagger` itself (features, coefficients), verified and loaded
        from the same folder (scoring uses its array form, :class:`~model.runtime.compiled.CompiledTagger`)."""
        if self.model_dir is None:
            return self.tagger
        return load_model_folder(self.model_dir)

    def predict_sentences(self, texts: Sequence[str], sections: Sequence[str | None] | None = None
                          ) -> list[SentenceResult]:
        """Themes, quant_target and indicators of each sentence, tagged BATCH_SENTENCES at a time (each
        sentence is tagged on its own, so the results are the same; memory stays bounded however long the
        document). A sentence met before (same text and section) is taken from the cache; each result is
        the caller's own copy."""
        keys = list(zip(texts, sections if sections is not None else [None] * len(texts)))
        todo = list(dict.fromkeys(k for k in keys if k not in self._cache))
        fresh: dict[tuple, SentenceResult] = {}
        for start in range(0, len(todo), BATCH_SENTENCES):
            batch = todo[start:start + BATCH_SENTENCES]
            tagged = self.tagger.predict_sentences([t for t, _ in batch], [s for _, s in batch])
            fresh.update(zip(batch, tagged))
        results = []
        for key in keys:
            result = fresh.get(key)
            if result is None:
                result = self._cache[key]
                self._cache.move_to_end(key)
            results.append(SentenceResult(result.text, dict(result.themes), list(result.labels),
                                          result.quant_target, result.quant_target_prob,
                                          list(result.indicators), result.section))
        self._remember(fresh)
        return results

    def _remember(self, fresh: dict) -> None:
        for key, result in fresh.items():
            self._cache[key] = result
        while len(self._cache) > self.cache_size:
            self._cache.popitem(last=False)
