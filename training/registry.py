"""The quality gate: register every logged model as a version of ``gwr-tagger`` and move the
``champion`` alias only when the new version beats the current champion on the same test split."""

from __future__ import annotations

import mlflow
from mlflow import MlflowClient
from mlflow.exceptions import MlflowException

from model.runtime.store import CHAMPION_ALIAS, REGISTERED_MODEL

from .evaluate import score, score_tagger
from .schema import LabelledSentence


def load_registered(uri: str):
    """The tagger of a registered model as users score with it: fetched, verified (hashes, manifest, no
    pickle) and read by the loader of ``gwr score`` (:func:`~model.runtime.loader.load_scoring_model`)."""
    from model.runtime.loader import load_scoring_model

    return load_scoring_model(uri).tagger


def champion_score(test: list[LabelledSentence], log=print) -> tuple[str | None, float | None]:
    """(version, selection score on ``test``) of the current champion, re-scored now; (None, None) if none."""
    client = MlflowClient()
    try:
        version = client.get_registered_model(REGISTERED_MODEL).aliases.get(CHAMPION_ALIAS)
    except MlflowException as exc:
        if exc.error_code != "RESOURCE_DOES_NOT_EXIST":
            raise
        return None, None
    if version is None:
        return None, None
    tagger = load_registered(f"models:/{REGISTERED_MODEL}/{version}")
    metrics = score(*score_tagger(tagger, test))
    return str(version), metrics["all_selection_score"]


def _withdraw(client: MlflowClient, version: str, reason: Exception, log) -> None:
    """Delete a version whose registration did not complete, so no version stands without its checks."""
    try:
        client.delete_model_version(REGISTERED_MODEL, version)
        log(f"{REGISTERED_MODEL} v{version}: registration failed ({reason}); the version was withdrawn")
    except Exception as exc:
        log(f"{REGISTERED_MODEL} v{version}: registration failed ({reason}) and the version could not be "
            f"withdrawn ({exc}); it is not the champion")


def promote_if_better(model_uri: str, run_id: str, test: list[LabelledSentence], metrics: dict[str, float],
                      force: bool = False, log=print) -> dict:
    """Register ``model_uri``; move ``champion`` to it if it scores higher (or ``force``). Prints the decision.
    The new version is loaded back from the registry and verified first; the champion is then read, re-scored
    and compared, and the alias moved, all under the registry's gate lock (:mod:`training.gate_lock`), so two
    runs at once cannot both move it from the same reading. When any step fails the version is withdrawn and
    the champion stays where it was."""
    from .gate_lock import gate_lock

    new_score = metrics["all_selection_score"]
    version = mlflow.register_model(model_uri, REGISTERED_MODEL).version
    client = MlflowClient()
    try:
        load_registered(f"models:/{REGISTERED_MODEL}/{version}")
        client.set_model_version_tag(REGISTERED_MODEL, version, "selection_score", f"{new_score:.6f}")
        with gate_lock(client, log=log):
            try:
                old_version, old_score = champion_score(test, log)
            except Exception as exc:  # an unloadable champion cannot be compared
                old_version, old_score = "?", None
                log(f"the current champion could not be scored ({exc}); it is kept unless --force")
            if old_version is None:
                promote, reason = True, "no champion yet"
            elif old_score is None:
                promote, reason = force, "champion not comparable"
            else:
                promote = new_score > old_score
                reason = f"new {new_score:.4f} vs champion v{old_version} {old_score:.4f}"
            if force and not promote:
                promote, reason = True, reason + " (forced)"
            if promote:
                client.set_registered_model_alias(REGISTERED_MODEL, CHAMPION_ALIAS, version)
    except Exception as exc:
        _withdraw(client, version, exc, log)
        raise
    decision = "promoted to champion" if promote else "registered, champion unchanged"
    log(f"{REGISTERED_MODEL} v{version}: {decision} ({reason})")
    return {"version": version, "promoted": promote, "new_score": new_score,
            "champion_version": old_version, "champion_score": old_score, "reason": reason}
