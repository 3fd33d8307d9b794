"""Saving and loading the fitted tagger safely: skops (no pickle), an explicit list of trusted types,
and a SHA-256 manifest checked before anything is loaded. Beside the skops file, the scoring files of
:mod:`model.runtime.inference` (plain arrays) let a model be scored without importing scikit-learn or skops."""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

from . import inference

TAGGER_FILE = "tagger.skops"
MANIFEST_FILE = "manifest.json"

# The project's own types, and the scikit-learn internals skops does not trust by default.
TRUSTED_TYPES = [
    "model.tagger.GwrTagger",
    "model.classifiers.themes.ThemeClassifier",
    "model.classifiers.quant.QuantTargetClassifier",
    "model.classifiers.quant.CueFeatures",
    "model.classifiers.quant.LogCounts",
    "model.classifiers.sentence_classifier.BinaryTextClassifier",
    "model.features.lexicon.DictionaryHits",
    "model.features.text_features.TfidfFeatures",
    "model.indicators.dict_features.DictFeatures",
    "model.features.tfidf.mask_digits",
    "model.features.text_features.mask_digits",  # where models saved before model.features.tfidf name it
    "model.features.tokenize.split_tokens",
    "model.indicators.extractor.IndicatorExtractor",
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
    """Write ``tagger.skops``, the scoring files (when the tagger's layout allows them) and
    ``manifest.json`` (file name → SHA-256) into ``directory``."""
    import skops.io as sio

    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    sio.dump(tagger, directory / TAGGER_FILE)
    untrusted = set(sio.get_untrusted_types(file=directory / TAGGER_FILE)) - set(TRUSTED_TYPES)
    if untrusted:
        raise ArtifactError(f"the tagger holds types not on the trusted list: {sorted(untrusted)}")
    files = [TAGGER_FILE]
    try:
        files += inference.save(tagger, directory)
    except inference.ExportError as exc:
        print(f"note: no scoring files for this tagger ({exc}); it is scored through scikit-learn",
              file=sys.stderr)
    manifest = {"files": {name: sha256_of(directory / name) for name in files}, "format": "skops"}
    (directory / MANIFEST_FILE).write_text(json.dumps(manifest, indent=1), encoding="utf-8")
    return manifest


def read_manifest(directory: Path) -> dict:
    try:
        manifest = json.loads((directory / MANIFEST_FILE).read_text(encoding="utf-8"))
        if not isinstance(manifest.get("files"), dict):
            raise ValueError("no file list")
    except (OSError, ValueError, AttributeError) as exc:
        raise ArtifactError(f"{directory}: no readable {MANIFEST_FILE} ({exc})") from None
    return manifest


def verify(directory: str | Path) -> dict:
    """Check every file of the manifest against its SHA-256; raise :class:`ArtifactError` if any differs."""
    directory = Path(directory)
    manifest = read_manifest(directory)
    for name, expected in manifest["files"].items():
        path = directory / name
        if not path.is_file():
            raise ArtifactError(f"{path}: listed in the manifest but missing")
        actual = sha256_of(path)
        if actual != expected:
            raise ArtifactError(f"{path}: SHA-256 {actual} does not match the manifest's {expected}; "
                                "the artifact was changed after it was logged — refusing to load it")
    return manifest


def _verified(directory: Path, expected_files: dict | None) -> dict:
    manifest = verify(directory)
    if expected_files is not None and expected_files != manifest["files"]:
        raise ArtifactError(f"{directory}: the artifact manifest does not match the hashes recorded when the "
                            "model was logged — refusing to load it")
    return manifest


def load_tagger(directory: str | Path, expected_files: dict | None = None):
    """Verify, then load the tagger; only the trusted types may be instantiated. ``expected_files``
    (file name → SHA-256, as recorded when the model was logged) must equal the manifest when given."""
    directory = Path(directory)
    _verified(directory, expected_files)
    return _load_skops(directory)


def load_scoring_tagger(directory: str | Path, expected_files: dict | None = None):
    """Verify, then load what scoring needs: the :class:`~model.runtime.inference.InferenceTagger` when the manifest
    lists its files, else the tagger itself (:func:`load_tagger`)."""
    directory = Path(directory)
    manifest = _verified(directory, expected_files)  # every file, the skops one too: a folder is trusted whole
    if {inference.ARRAYS_FILE, inference.SPEC_FILE} <= set(manifest["files"]):
        try:
            return inference.InferenceTagger.load(directory)
        except (OSError, ValueError, KeyError) as exc:
            raise ArtifactError(f"{directory}: unreadable scoring files ({exc}); refusing to load it") from None
    return _load_skops(directory)


def _load_skops(directory: Path):
    import zipfile

    import skops.io as sio

    path = directory / TAGGER_FILE
    if not zipfile.is_zipfile(path):
        raise ArtifactError(f"{path}: not a skops file; refusing to load it")
    untrusted = set(sio.get_untrusted_types(file=path)) - set(TRUSTED_TYPES)
    if untrusted:
        raise ArtifactError(f"{path}: holds types that are not trusted: {sorted(untrusted)}")
    return sio.load(path, trusted=TRUSTED_TYPES)


# --- the MLflow model folder around the tagger -------------------------------------------------------------

TAGGER_ARTIFACT = "tagger_dir"
# the loader of a pyfunc model logged as code; a PythonModel instance would be cloudpickled instead
PYFUNC_LOADER = "mlflow.pyfunc.loaders.code_model"
# Serialisations that run code when read: never opened, and a folder holding one is refused whole.
PICKLE_SUFFIXES = (".pkl", ".pickle", ".joblib", ".cloudpickle", ".dill", ".pt", ".pth", ".sav")


def _is_pickle(path: Path) -> bool:
    if path.suffix.lower() in PICKLE_SUFFIXES:
        return True
    with path.open("rb") as handle:
        head = handle.read(2)
    # protocol 2+ pickles start with PROTO (0x80) and the protocol number
    return len(head) == 2 and head[0] == 0x80 and 2 <= head[1] <= 5


def read_mlmodel(model_dir: Path) -> dict:
    """The MLmodel metadata (parsed as plain YAML, no object construction)."""
    import yaml

    path = model_dir / "MLmodel"
    if not path.is_file():
        raise ArtifactError(f"{model_dir}: no MLmodel file — not an MLflow model")
    return yaml.safe_load(path.read_text(encoding="utf-8")) or {}


def check_model_folder(model_dir: str | Path) -> tuple[Path, dict | None]:
    """Refuse an MLflow model folder that is not a gwr-tagger model as the project writes it: only the
    pyfunc flavour, logged as code (never a cloudpickled python_model), no pickle file
    anywhere, and a ``tagger_dir`` artifact. Returns (tagger directory, SHA-256 sums recorded at logging)."""
    model_dir = Path(model_dir)
    mlmodel = read_mlmodel(model_dir)
    flavors = mlmodel.get("flavors") or {}
    if set(flavors) != {"python_function"}:
        raise ArtifactError(f"{model_dir}: flavours {sorted(flavors)} — a gwr-tagger model has only "
                            "python_function; refusing to load it")
    pyfunc = flavors["python_function"] or {}
    python_model = pyfunc.get("python_model")
    if pyfunc.get("loader_module") != PYFUNC_LOADER or python_model is not None:
        raise ArtifactError(f"{model_dir}: the pyfunc flavour loads {python_model or pyfunc.get('loader_module')!r}, "
                            "not the tagger's code (a pickled python_model is never loaded); refusing to load it")
    pickles = sorted(str(p.relative_to(model_dir)) for p in model_dir.rglob("*") if p.is_file() and _is_pickle(p))
    if pickles:
        raise ArtifactError(f"{model_dir}: holds pickle files {pickles}, which run code when read; "
                            "refusing to load it")
    entry = (pyfunc.get("artifacts") or {}).get(TAGGER_ARTIFACT) or {}
    relative = entry.get("path") if isinstance(entry, dict) else None
    if not relative:
        raise ArtifactError(f"{model_dir}: the model has no {TAGGER_ARTIFACT} artifact — not a gwr-tagger model")
    tagger_dir = (model_dir / relative).resolve()
    if not tagger_dir.is_relative_to(model_dir.resolve()):
        raise ArtifactError(f"{model_dir}: the {TAGGER_ARTIFACT} artifact points outside the model folder")
    recorded = (mlmodel.get("metadata") or {}).get("tagger_sha256")
    return tagger_dir, json.loads(recorded) if isinstance(recorded, str) else recorded


def load_model_folder(model_dir: str | Path, scoring: bool = False):
    """The tagger of a local MLflow model folder, after every check of :func:`check_model_folder` and
    :func:`load_tagger` (hashes, manifest, trusted types); with ``scoring``, what
    :func:`load_scoring_tagger` gives (the fast scoring path when the model has it)."""
    tagger_dir, recorded = check_model_folder(model_dir)
    return (load_scoring_tagger if scoring else load_tagger)(tagger_dir, expected_files=recorded)
