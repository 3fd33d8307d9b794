"""Saving and loading the fitted tagger safely: skops (no pickle) for the estimator, an explicit list of
trusted types, the array form that scores (:mod:`model.runtime.arrays`: numbers and strings, read with
``allow_pickle=False``), and a SHA-256 manifest checked before anything is loaded.

A tagger is saved only after its array form, read back through the loader scoring uses, gives the results of
the estimator's own scikit-learn computation on the check sentences (the test split when ``gwr train`` saves).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from pathlib import Path

from .. import sklearn_compat
from . import arrays
from .compiled import CompiledTagger
from .legacy import LEGACY_TYPES, legacy_modules, read_format1

TAGGER_FILE = "tagger.skops"
MANIFEST_FILE = "manifest.json"

# The project's own types, and the scikit-learn internals skops does not trust by default.
TRUSTED_TYPES = [
    "model.tagger.GwrTagger",
    "model.classifiers.themes.ThemeClassifier",
    "model.classifiers.quant.QuantTargetClassifier",
    "model.classifiers.quant.CueFeatures",
    "model.classifiers.quant.LogCounts",
    "model.classifiers.quant_context.QuantContextClassifier",
    "model.classifiers.sentence_classifier.BinaryTextClassifier",
    "model.classifiers.sections.SectionClassifier",
    "model.features.dictionary_hits.DictionaryHits",
    "model.features.embeddings.SentenceEmbedding",
    "model.features.tfidf_vectorizer.TfidfFeatures",
    "model.features.tfidf.mask_digits",
    "model.features.tokenize.split_tokens",
    "model.indicators.dict_features.DictFeatures",
    "model.indicators.extractor.IndicatorExtractor",
    *sklearn_compat.SKOPS_TRUSTED,
]
# A model file of an earlier version names its types by their old paths (see model.runtime.legacy).
_TRUSTED_WHEN_LOADING = [*TRUSTED_TYPES, *(old for old, new in LEGACY_TYPES.items() if new in TRUSTED_TYPES)]


class ArtifactError(RuntimeError):
    """A model artifact that is missing, altered, or holds types that are not trusted."""


class CheckFailed(ArtifactError):
    """A saved model whose array form does not give the estimator's results: it is not kept."""


def sha256_of(path: str | Path) -> str:
    digest = hashlib.sha256()
    with Path(path).open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def save_tagger(tagger, directory: str | Path, check: Sequence[tuple[str, str | None]]) -> dict:
    """Write ``tagger.skops``, the array form and ``manifest.json`` (file name → SHA-256) into ``directory``,
    then check the model: the array form, read back by :func:`load_scoring_tagger`, must give the results of
    ``tagger.reference()`` (scikit-learn's own computation) on the ``check`` sentences (text, section), bit
    for bit. A model that fails the check is deleted and :class:`CheckFailed` raised."""
    import skops.io as sio

    if not check:
        raise ValueError("save_tagger needs check sentences (the test split) to compare the saved model with")
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    sio.dump(tagger, directory / TAGGER_FILE)
    untrusted = set(sio.get_untrusted_types(file=directory / TAGGER_FILE)) - set(TRUSTED_TYPES)
    if untrusted:
        (directory / TAGGER_FILE).unlink()
        raise ArtifactError(f"the tagger holds types not on the trusted list: {sorted(untrusted)}")
    files = [TAGGER_FILE, *arrays.write(tagger.compiled(), directory)]
    manifest = {"files": {name: sha256_of(directory / name) for name in files}, "format": arrays.FORMAT}
    (directory / MANIFEST_FILE).write_text(json.dumps(manifest, indent=1), encoding="utf-8")
    try:
        compare(load_scoring_tagger(directory), tagger.reference(), check)
    except CheckFailed:
        for name in [*files, MANIFEST_FILE]:
            (directory / name).unlink(missing_ok=True)
        raise
    return manifest


def compare(saved, reference, check: Sequence[tuple[str, str | None]], batch: int = 512) -> int:
    """Raise :class:`CheckFailed` at the first sentence whose results differ between two taggers; the number
    of sentences compared. Each batch is tagged with its given sections and, where the tagger has a section
    model or a quant_target second pass, also read as one document (what they read: the neighbours)."""
    from ..records import Sentence

    check = list(check)
    for start in range(0, len(check), batch):
        texts = [t for t, _ in check[start:start + batch]]
        sections = [s for _, s in check[start:start + batch]]
        runs = [(saved.predict_sentences(texts, sections), reference.predict_sentences(texts, sections))]
        if getattr(saved, "sections", None) is not None or getattr(saved, "quant_context", None) is not None:
            document = [Sentence("check", i, t, s) for i, (t, s) in enumerate(zip(texts, sections))]
            runs.append((saved.predict_document(document), reference.predict_document(document)))
        for got_all, expected_all in runs:
            for i, (got, expected) in enumerate(zip(got_all, expected_all)):
                if got != expected:
                    fields = [k for k in got.__dataclass_fields__ if getattr(got, k) != getattr(expected, k)]
                    raise CheckFailed(f"the saved model differs from the estimator on check sentence {start + i} "
                                      f"({texts[i][:40]!r}) in {fields}: {getattr(got, fields[0])!r} vs "
                                      f"{getattr(expected, fields[0])!r}; the model was not saved")
    return len(check)


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
    """Verify, then load the fitted estimator (:class:`~model.tagger.GwrTagger`); only the trusted types may
    be instantiated. ``expected_files`` (file name → SHA-256, as recorded when the model was logged) must
    equal the manifest when given."""
    directory = Path(directory)
    _verified(directory, expected_files)
    return _load_skops(directory)


def load_scoring_tagger(directory: str | Path, expected_files: dict | None = None):
    """Verify, then load what scoring needs: the :class:`~model.runtime.compiled.CompiledTagger` of the
    array files (format 2, or format 1 of earlier versions); a model saved before it had array files is
    compiled from its estimator."""
    directory = Path(directory)
    manifest = _verified(directory, expected_files)  # every file, the skops one too: a folder is trusted whole
    if not {arrays.ARRAYS_FILE, arrays.SPEC_FILE} <= set(manifest["files"]):
        return _load_skops(directory).compiled()
    try:
        spec, stored = arrays.read_files(directory)
        if spec.get("format") == 1:
            return read_format1(spec, stored)
        if spec.get("format") != arrays.FORMAT:
            raise ArtifactError(f"{directory}: array files of format {spec.get('format')!r}; this version of "
                                f"gwr-tagger reads formats 1 and {arrays.FORMAT} — refusing to load it")
        tagger = arrays.decode(spec["model"], stored)
        if not isinstance(tagger, CompiledTagger):
            raise ArtifactError(f"{directory}: the array files hold a {type(tagger).__name__}, not a tagger")
        return tagger
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise ArtifactError(f"{directory}: unreadable array files ({exc}); refusing to load it") from None


def _load_skops(directory: Path):
    import zipfile

    import skops.io as sio

    path = directory / TAGGER_FILE
    if not zipfile.is_zipfile(path):
        raise ArtifactError(f"{path}: not a skops file; refusing to load it")
    with legacy_modules():
        untrusted = set(sio.get_untrusted_types(file=path)) - set(_TRUSTED_WHEN_LOADING)
        if untrusted:
            raise ArtifactError(f"{path}: holds types that are not trusted: {sorted(untrusted)}")
        return sio.load(path, trusted=_TRUSTED_WHEN_LOADING)


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
