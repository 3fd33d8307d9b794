"""The MLflow pyfunc wrapper of the tagger, logged as code ("models from code"): MLflow stores this
file, not a pickled object; the fitted parts are a verified skops artifact."""

from __future__ import annotations

import os

import mlflow
import pandas as pd
from mlflow.pyfunc import PythonModel

# The most sentences one request may carry (``mlflow models serve`` has no request-size limit of its own);
# a larger request is answered with HTTP 400 before any tagging, so it cannot hold the server.
MAX_SENTENCES_VARIABLE = "GWR_MAX_SENTENCES_PER_REQUEST"
DEFAULT_MAX_SENTENCES = 20000
OUTPUT_COLUMNS = ["section", "text", "themes", "labels", "quant_target", "quant_target_prob", "indicators"]


class GwrTaggerModel(PythonModel):
    """Input: a frame with ``text`` (and optionally ``section``); output: the contract's fields per row."""

    def load_context(self, context):
        from model.runtime.artifacts import load_scoring_tagger

        self.tagger = load_scoring_tagger(context.artifacts["tagger_dir"])

    def predict(self, context, model_input, params=None):
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
        results = self.tagger.predict_sentences(texts, sections)
        # object dtype keeps a missing section as None (JSON null), not NaN
        return pd.DataFrame([r.to_dict() for r in results], columns=OUTPUT_COLUMNS, dtype=object)


mlflow.models.set_model(GwrTaggerModel())
