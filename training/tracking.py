"""What a training run writes to MLflow besides metrics: the dataset input, plots, misclassified
examples, and the model (pyfunc from code; the skops estimator and its array form as verified artifacts)."""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
import warnings
from importlib.metadata import version
from pathlib import Path

import mlflow
import numpy as np
import pandas as pd

import model
from model.records import LABELS
from model.runtime.artifacts import save_tagger
from model.runtime.store import embedded_artifact_root, uses_embedded_store

from .evaluate import gold_matrix, prediction_arrays
from .schema import LabelledSentence

MODEL_DIR = Path(model.__file__).resolve().parent
PYFUNC_FILE = MODEL_DIR / "runtime" / "pyfunc_model.py"
REQUIREMENTS = ("scikit-learn", "jieba", "numpy", "scipy", "pandas", "skops", "mlflow")


def ensure_experiment(name: str) -> str:
    """The experiment's id; created with its artifacts beside the embedded store when that is in use."""
    experiment = mlflow.get_experiment_by_name(name)
    if experiment is not None:
        return experiment.experiment_id
    location = embedded_artifact_root() if uses_embedded_store() else None
    return mlflow.create_experiment(name, artifact_location=location)


def log_dataset(path: Path, records: list[LabelledSentence]) -> None:
    """The labelled sentences as the run's dataset input (labels as booleans: yes/no, never missing)."""
    frame = pd.DataFrame([{"sid": r.sid, "split": r.split, "source": r.source, "text": r.text,
                           **{k: bool(getattr(r, k)) for k in LABELS}} for r in records])
    with warnings.catch_warnings():
        # MLflow registers local paths under two URI schemes ("" and "file") and says so for every path;
        # either reading names the same file.
        warnings.filterwarnings("ignore", message="The specified dataset source can be interpreted in multiple ways")
        # MLflow's own call of pandas' DataFrame.all with positional arguments (its schema inference).
        warnings.filterwarnings("ignore", message="Starting with pandas version 4.0 all arguments")
        dataset = mlflow.data.from_pandas(frame, source=str(path), name="gwr-labelled-sentences")
    mlflow.log_input(dataset, context="training")


def log_evaluation_artifacts(test: list[LabelledSentence], model_pred: list[dict], baseline_pred: list[dict],
                             error_rows: list[dict]) -> None:
    """PR curves and per-label confusion matrices (model vs baseline), and the misclassified sentences."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from sklearn.metrics import confusion_matrix, precision_recall_curve

    gold = gold_matrix(test)
    model_flags, model_proba, _ = prediction_arrays(model_pred)
    base_flags, base_proba, _ = prediction_arrays(baseline_pred)
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        fig, axes = plt.subplots(1, len(LABELS), figsize=(4 * len(LABELS), 3.6))
        for j, (label, ax) in enumerate(zip(LABELS, axes)):
            if 0 < gold[:, j].sum() < len(gold):
                for name, proba in (("model", model_proba), ("baseline", base_proba)):
                    p, r, _ = precision_recall_curve(gold[:, j], proba[:, j])
                    ax.plot(r, p, label=name)
            ax.set_title(label)
            ax.set_xlabel("recall")
            ax.set_ylabel("precision")
            ax.set_xlim(0, 1)
            ax.set_ylim(0, 1.02)
            ax.legend(loc="lower left")
        fig.tight_layout()
        fig.savefig(tmp / "pr_curves.png", dpi=110)
        plt.close(fig)

        fig, axes = plt.subplots(2, len(LABELS), figsize=(3.2 * len(LABELS), 6))
        for row, (name, flags) in enumerate((("model", model_flags), ("baseline", base_flags))):
            for j, label in enumerate(LABELS):
                ax = axes[row, j]
                cm = confusion_matrix(gold[:, j], flags[:, j], labels=[0, 1])
                ax.imshow(cm, cmap="Blues")
                for (a, b), v in np.ndenumerate(cm):
                    ax.text(b, a, str(v), ha="center", va="center")
                ax.set_xticks([0, 1], ["no", "yes"])
                ax.set_yticks([0, 1], ["no", "yes"])
                ax.set_title(f"{name}: {label}", fontsize=9)
                ax.set_xlabel("predicted")
                ax.set_ylabel("gold")
        fig.tight_layout()
        fig.savefig(tmp / "confusion.png", dpi=110)
        plt.close(fig)

        with (tmp / "misclassified.jsonl").open("w", encoding="utf-8") as handle:
            for row in error_rows:
                handle.write(json.dumps(row, ensure_ascii=False) + "\n")
        mlflow.log_artifacts(str(tmp), artifact_path="evaluation")


def output_schema():
    """The contract's per-sentence fields with their types, written out (not inferred from an example) so
    that typed consumers such as ``mlflow.pyfunc.spark_udf`` get a struct column for every field."""
    from mlflow.types import ColSpec, Schema
    from mlflow.types.schema import Array, Object, Property

    from model.records import THEMES

    def optional(name, dtype):
        return Property(name, dtype, required=False)

    mention = Object([Property("indicator", "string"), optional("value", "double"), optional("value_low", "double"),
                      optional("value_high", "double"), Property("unit", "string"), Property("comparator", "string"),
                      Property("kind", "string"), Property("measure", "string"), Property("start", "long"),
                      Property("end", "long")])
    return Schema([
        ColSpec("string", "section", required=False),
        ColSpec("double", "section_prob", required=False),
        ColSpec("string", "text"),
        ColSpec(Object([Property(t, "double") for t in THEMES]), "themes"),
        ColSpec(Array("string"), "labels"),
        ColSpec("boolean", "quant_target"),
        ColSpec("double", "quant_target_prob"),
        ColSpec(Array(mention), "indicators"),
    ])


def _pyfunc_arguments(tagger, check: list[LabelledSentence], tmp: Path) -> tuple[dict, dict]:
    """The arguments of ``mlflow.pyfunc.log_model``/``save_model`` for the tagger, and its manifest; the
    saved model is checked against the estimator on the ``check`` sentences (see save_tagger)."""
    from mlflow.models import ModelSignature
    from mlflow.types import ColSpec, Schema

    tagger_dir = tmp / "tagger"
    manifest = save_tagger(tagger, tagger_dir, [(r.text, r.section) for r in check])
    examples = check[:5]
    example = pd.DataFrame({"text": [r.text for r in examples], "section": [r.section or "" for r in examples]})
    # ``section`` and ``heading`` are optional: a sentence without a section has it read from its wording.
    inputs = Schema([ColSpec("string", "text"), ColSpec("string", "section", required=False),
                     ColSpec("string", "heading", required=False)])
    arguments = dict(
        python_model=str(PYFUNC_FILE),
        artifacts={"tagger_dir": str(tagger_dir)},
        code_paths=[str(MODEL_DIR)],
        signature=ModelSignature(inputs=inputs, outputs=output_schema()),
        input_example=example,
        pip_requirements=[f"{name}=={version(name)}" for name in REQUIREMENTS],
        metadata={"tagger_sha256": manifest["files"]},
    )
    return arguments, manifest


@contextlib.contextmanager
def _model_logging_warnings():
    """While MLflow writes a model: its check of the input example compares the frame's columns with a range,
    which pandas deprecates (an MLflow detail; the example is a plain two-column frame)."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="Operation with range is deprecated")
        yield


def log_tagger_model(tagger, check: list[LabelledSentence]) -> str:
    """Log the tagger as an MLflow pyfunc model (code, the verified skops and array artifacts), once its saved
    form gives the estimator's results on ``check`` (the test split); returns the model URI."""
    with tempfile.TemporaryDirectory() as tmp:
        arguments, manifest = _pyfunc_arguments(tagger, check, Path(tmp))
        with _model_logging_warnings():
            info = mlflow.pyfunc.log_model(name="model", **arguments)
    mlflow.set_tag("tagger_sha256", json.dumps(manifest["files"]))
    return info.model_uri


def save_tagger_model(tagger, check: list[LabelledSentence], path: str | Path) -> Path:
    """Write the same MLflow model to a local folder (no tracking server): for tests and offline use."""
    with tempfile.TemporaryDirectory() as tmp:
        arguments, _ = _pyfunc_arguments(tagger, check, Path(tmp))
        with _model_logging_warnings():
            mlflow.pyfunc.save_model(path=str(path), **arguments)
    return Path(path)


# --- a tracking server that is down -----------------------------------------------------------------------

# MLflow's own defaults retry a failing request 7 times with exponential backoff (about four minutes per
# request); training makes hundreds of requests, so a server gone mid-run would stall it for hours. These
# apply unless the user sets the variables: a request is retried twice, a few seconds apart.
FAIL_FAST_DEFAULTS = {"MLFLOW_HTTP_REQUEST_MAX_RETRIES": "2", "MLFLOW_HTTP_REQUEST_BACKOFF_FACTOR": "1",
                      "MLFLOW_HTTP_REQUEST_TIMEOUT": "60"}


class TrackingUnavailable(RuntimeError):
    """The tracking (or registry) server does not answer: nothing was trained or logged."""


def fail_fast_requests() -> None:
    for name, value in FAIL_FAST_DEFAULTS.items():
        os.environ.setdefault(name, value)


def ensure_reachable(uri: str, timeout: int = 5) -> None:
    """One request to a remote tracking server, without retries, before any work starts; raises
    :class:`TrackingUnavailable` naming ``uri`` when it is refused, times out or answers with an error."""
    if not uri.startswith(("http://", "https://")):
        return
    from mlflow import MlflowClient

    probe = {"MLFLOW_HTTP_REQUEST_MAX_RETRIES": "0", "MLFLOW_HTTP_REQUEST_TIMEOUT": str(timeout)}
    saved = {name: os.environ.get(name) for name in probe}
    os.environ.update(probe)
    try:
        MlflowClient(tracking_uri=uri).search_experiments(max_results=1)
    except Exception as exc:
        reason = " ".join(str(exc).split())
        raise TrackingUnavailable(f"the MLflow tracking server at {uri} cannot be used: "
                                  f"{reason[:300]}") from None
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
