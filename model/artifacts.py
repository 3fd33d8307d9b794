"""Saving and loading the fitted tagger safely: skops (no pickle), an explicit list of trusted types,
and a SHA-256 manifest checked before anything is loaded."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import skops.io as sio

TAGGER_FILE = "tagger.skops"
MANIFEST_FILE = "manifest.json"

# The project's own types, and the scikit-learn internals skops does not trust by default.
TRUSTED_TYPES = [
    "model.tagger.GwrTagger",
    "model.themes.ThemeClassifier",
    "model.quant.QuantTargetClassifier",
    "model.quant.CueFeatures",
    "model.quant.LogCounts",
    "model.sentence_classifier.BinaryTextClassifier",
    "model.lexicon.DictionaryHits",
    "model.text_features.TfidfFeatures",
    "model.dict_features.DictFeatures",
    "model.text_features.mask_digits",
    "model.tokenize.split_tokens",
    "model.extractor.IndicatorExtractor",
    "sklearn.calibration._CalibratedClassifier",
    "sklearn.calibration._SigmoidCalibration",
]


class ArtifactError(RuntimeError):
    """A model artifact that is missing, altered, or holds types that are not trusted."""


def sha256_of(path: str | Path) -> str:
    digest = hashlib.sha256()
    with Path(path).open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def save_tagger(tagger, directory: str | Path) -> dict:
    """Write ``tagger.skops`` and ``manifest.json`` (file name → SHA-256) into ``directory``."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    sio.dump(tagger, directory / TAGGER_FILE)
    untrusted = set(sio.get_untrusted_types(file=directory / TAGGER_FILE)) - set(TRUSTED_TYPES)
    if untrusted:
        raise ArtifactError(f"the tagger holds types not on the trusted list: {sorted(untrusted)}")
    manifest = {"files": {TAGGER_FILE: sha256_of(directory / TAGGER_FILE)}, "format": "skops"}
    (directory / MANIFEST_FILE).write_text(json.dumps(manifest, indent=1), encoding="utf-8")
    return manifest


def verify(directory: str | Path) -> dict:
    """Check every file of the manifest against its SHA-256; raise :class:`ArtifactError` if any differs."""
    directory = Path(directory)
    try:
        manifest = json.loads((directory / MANIFEST_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ArtifactError(f"{directory}: no readable {MANIFEST_FILE} ({exc})") from None
    for name, expected in manifest["files"].items():
        path = directory / name
        if not path.is_file():
            raise ArtifactError(f"{path}: listed in the manifest but missing")
        actual = sha256_of(path)
        if actual != expected:
            raise ArtifactError(f"{path}: SHA-256 {actual} does not match the manifest's {expected}; "
                                "the artifact was changed after it was logged — refusing to load it")
    return manifest


def load_tagger(directory: str | Path, expected_files: dict | None = None):
    """Verify, then load the tagger; only the trusted types may be instantiated. ``expected_files``
    (file name → SHA-256, as recorded when the model was logged) must equal the manifest when given."""
    directory = Path(directory)
    manifest = verify(directory)
    if expected_files is not None and expected_files != manifest["files"]:
        raise ArtifactError(f"{directory}: the artifact manifest does not match the hashes recorded when the "
                            "model was logged — refusing to load it")
    path = directory / TAGGER_FILE
    untrusted = set(sio.get_untrusted_types(file=path)) - set(TRUSTED_TYPES)
    if untrusted:
        raise ArtifactError(f"{path}: holds types that are not trusted: {sorted(untrusted)}")
    return sio.load(path, trusted=TRUSTED_TYPES)
