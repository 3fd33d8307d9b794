"""The prediction module: resolve a model like ``gwr score --model``, verify its artifacts, and tag sentences
with it (whole documents: :mod:`serve.scoring`)."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from model.protocols import Tagger
from model.features.section_columns import report_year
from model.records import Document, SentenceResult
from model.runtime.artifacts import ArtifactError, load_model_folder
from model.runtime.loader import load_scoring_model
from model.runtime.store import local_model_dir, resolve_model_uri
from model.text.sentence_inputs import SENTENCE_BATCH

__all__ = ["ArtifactError", "Predictor", "local_model_dir", "resolve_model_uri"]
BATCH_SENTENCES = 512
CACHED_SENTENCES = 20_000


@dataclass
class Predictor:
    """A loaded tagger and where it came from. Results of the most recent ``cache_size`` distinct
    (sentence, section, heading) bare sentences are kept, so records repeated across inputs are tagged once."""

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

    def predict_sentences(self, texts: Sequence[str], sections: Sequence[str | None] | None = None,
                          headings: Sequence[str | None] | None = None) -> list[SentenceResult]:
        """Themes, quant_target and indicators of each sentence, tagged BATCH_SENTENCES at a time (each
        sentence is tagged on its own, so the results are the same; memory stays bounded however long the
        document). A sentence met before (same text, section and heading) is taken from the cache; each
        result is the caller's own copy."""
        n = len(texts)
        keys = list(zip(texts, sections if sections is not None else [None] * n,
                        headings if headings is not None else [None] * n))
        todo = list(dict.fromkeys(k for k in keys if k not in self._cache))
        fresh: dict[tuple, SentenceResult] = {}
        for start in range(0, len(todo), BATCH_SENTENCES):
            batch = todo[start:start + BATCH_SENTENCES]
            texts_, sections_, headings_ = (list(column) for column in zip(*batch))
            tagged = self.tagger.predict_sentences(texts_, sections_, headings_)
            fresh.update(zip(batch, tagged))
        results = []
        for key in keys:
            result = fresh.get(key)
            if result is None:
                result = self._cache[key]
                self._cache.move_to_end(key)
            results.append(SentenceResult(result.text, dict(result.themes), list(result.labels),
                                          result.quant_target, result.quant_target_prob,
                                          list(result.indicators), result.section, result.section_prob))
        self._remember(fresh)
        return results

    def predict_document(self, document: Document) -> list[SentenceResult]:
        """The results of a document's sentences, read whole: a tagger with a section model finds each
        sentence's section from it and its neighbours (a model without one takes the layout reader's). A
        batch of ``--sentences`` records is scored sentence by sentence, with their own sections and headings."""
        sentences = document.sentences
        texts, sections = [s.text for s in sentences], [s.section for s in sentences]
        read_whole = getattr(self.tagger, "predict_document", None)
        if document.meta.get(SENTENCE_BATCH):
            return self.predict_sentences(texts, sections, [s.heading for s in sentences])
        if read_whole is None or getattr(self.tagger, "sections", None) is None:
            return self.predict_sentences(texts, sections)
        return read_whole(sentences, report_year(document.meta))

    def _remember(self, fresh: dict) -> None:
        for key, result in fresh.items():
            self._cache[key] = result
        while len(self._cache) > self.cache_size:
            self._cache.popitem(last=False)
