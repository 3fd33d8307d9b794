"""The quality gate: register every logged model as a version of ``gwr-tagger`` and move the
``champion`` alias only when the new version beats the current champion on the same test split."""

from __future__ import annotations

import mlflow
from mlflow import MlflowClient
from mlflow.exceptions import MlflowException

from model.store import CHAMPION_ALIAS, REGISTERED_MODEL

from .evaluate import predict_records, score
from .schema import LabelledSentence


def champion_score(test: list[LabelledSentence], log=print) -> tuple[str | None, float | None]:
    """(version, selection score on ``test``) of the current champion, re-scored now; (None, None) if none."""
    client = MlflowClient()
    try:
        champion = client.get_model_version_by_alias(REGISTERED_MODEL, CHAMPION_ALIAS)
    except MlflowException:
        return None, None
    model = mlflow.pyfunc.load_model(f"models:/{REGISTERED_MODEL}@{CHAMPION_ALIAS}")

    def predict(texts, sections):
        import pandas as pd

        frame = model.predict(pd.DataFrame({"text": texts, "section": [s or "" for s in sections]}))
        return frame.to_dict(orient="records")

    metrics = score(test, predict_records(predict, test))
    return champion.version, metrics["all_selection_score"]


def promote_if_better(model_uri: str, run_id: str, test: list[LabelledSentence], metrics: dict[str, float],
                      force: bool = False, log=print) -> dict:
    """Register ``model_uri``; move ``champion`` to it if it scores higher (or ``force``). Prints the decision."""
    new_score = metrics["all_selection_score"]
    try:
        old_version, old_score = champion_score(test, log)
    except Exception as exc:  # an unloadable champion cannot be compared
        old_version, old_score = "?", None
        log(f"the current champion could not be scored ({exc}); it is kept unless --force")
    version = mlflow.register_model(model_uri, REGISTERED_MODEL)
    client = MlflowClient()
    if old_version is None:
        promote, reason = True, "no champion yet"
    elif old_score is None:
        promote, reason = force, "champion not comparable"
    else:
        promote, reason = new_score > old_score, f"new {new_score:.4f} vs champion v{old_version} {old_score:.4f}"
    if force and not promote:
        promote, reason = True, reason + " (forced)"
    if promote:
        client.set_registered_model_alias(REGISTERED_MODEL, CHAMPION_ALIAS, version.version)
    client.set_model_version_tag(REGISTERED_MODEL, version.version, "selection_score", f"{new_score:.6f}")
    decision = "promoted to champion" if promote else "registered, champion unchanged"
    log(f"{REGISTERED_MODEL} v{version.version}: {decision} ({reason})")
    return {"version": version.version, "promoted": promote, "new_score": new_score,
            "champion_version": old_version, "champion_score": old_score, "reason": reason}
