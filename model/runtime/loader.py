"""The one way a model is opened for scoring, by ``gwr score``, ``Predictor``, ``gwr evaluate`` and the champion
gate alike: resolve the URI, fetch the model folder, verify every file and read its array form."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path

from .artifacts import load_model_folder
from .store import local_model_dir, resolve_model_uri


@dataclass(frozen=True)
class LoadedModel:
    """A verified model ready to score: the tagger (its array form), the URI it was resolved from, its folder."""

    tagger: object
    uri: str
    model_dir: Path


def load_scoring_model(uri: str | None = None) -> LoadedModel:
    """Load and verify the model at ``uri`` (see :func:`~model.runtime.store.resolve_model_uri`); raises
    :class:`~model.runtime.artifacts.ArtifactError` when a file differs from what was logged."""
    from ..features.tokenize import get_tokenizer

    uri = resolve_model_uri(uri)
    model_dir = local_model_dir(uri)
    # The word dictionary is read while the model's files are hashed (hashing lets other threads run);
    # the model itself is read only after its hashes are checked.
    dictionary = threading.Thread(target=get_tokenizer, daemon=True)
    dictionary.start()
    try:
        tagger = load_model_folder(model_dir, scoring=True)
    finally:
        dictionary.join()
    return LoadedModel(tagger, uri, model_dir)
