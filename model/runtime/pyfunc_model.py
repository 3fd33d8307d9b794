"""The MLflow pyfunc wrapper of the tagger, logged as code ("models from code"): MLflow stores this file, not a
pickled object; the fitted parts are the model's verified artifacts, checked on load as ``gwr score`` checks
them."""

from __future__ import annotations

import os
from pathlib import Path

import mlflow
import pandas as pd
from mlflow.pyfunc import PythonModel

# The most sentences one request may carry (``mlflow models serve`` has no request-size limit of its own);
# a larger request is answered with HTTP 400 before any tagging, so it cannot hold the server.
MAX_SENTENCES_VARIABLE = "GWR_MAX_SENTENCES_PER_REQUEST"
DEFAULT_MAX_SENTENCES = 20000
OUTPUT_COLUMNS = ["section", "section_prob", "text", "themes", "labels", "quant_target", "quant_target_prob", "indicators"]


def model_folder_of(tagger_dir: str | Path) -> Path:
    """The MLflow model folder that holds the tagger's artifact folder (the nearest parent with an MLmodel)."""
    tagger_dir = Path(tagger_dir).resolve()
    for parent in tagger_dir.parents:
        if (parent / "MLmodel").is_file():
            return parent
    from model.runtime.artifacts import ArtifactError

    raise ArtifactError(f"{tagger_dir}: no MLmodel file in any folder above the tagger's files")


class GwrTaggerModel(PythonModel):
    """Input: a frame with ``text`` (and optionally ``section`` and ``heading``); output: the contract's fields
    per row (a row without a section has it read from its own wording and heading)."""

    def load_context(self, context) -> None:
        """Verify the model folder (flavour, no pickle, every file's SHA-256 against the manifest and the
        MLmodel metadata) and read the tagger's array form, exactly as ``gwr score`` does."""
        from model.runtime.artifacts import ArtifactError, check_model_folder, load_model_folder

        tagger_dir = Path(context.artifacts["tagger_dir"]).resolve()
        model_dir = model_folder_of(tagger_dir)
        if check_model_folder(model_dir)[0] != tagger_dir:
            raise ArtifactError(f"{model_dir}: its MLmodel names another tagger folder than {tagger_dir}")
        self.tagger = load_model_folder(model_dir, scoring=True)

    def predict(self, context, model_input: pd.DataFrame, params: dict | None = None) -> pd.DataFrame:
        frame = model_input if isinstance(model_input, pd.DataFrame) else pd.DataFrame(model_input)
        limit = int(os.environ.get(MAX_SENTENCES_VARIABLE) or DEFAULT_MAX_SENTENCES)
        if len(frame) > limit:
            from mlflow.exceptions import MlflowException
            from mlflow.protos.databricks_pb2 import INVALID_PARAMETER_VALUE

            raise MlflowException(f"{len(frame)} sentences in one request; at most {limit} are accepted "
                                  f"({MAX_SENTENCES_VARIABLE}): split the request",
                                  error_code=INVALID_PARAMETER_VALUE)
        texts = [str(t) for t in frame["text"]]
        sections = [s if isinstance(s, str) else None for s in frame["section"]] if "section" in frame else None
        headings = [h if isinstance(h, str) else None for h in frame["heading"]] if "heading" in frame else None
        results = self.tagger.predict_sentences(texts, sections, headings)
        # object dtype keeps a missing section as None (JSON null), not NaN
        return pd.DataFrame([r.to_dict() for r in results], columns=OUTPUT_COLUMNS, dtype=object)


mlflow.models.set_model(GwrTaggerModel())
