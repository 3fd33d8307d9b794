"""Where models are tracked and registered: ``$MLFLOW_TRACKING_URI``, else the embedded store, MLflow's local
SQLite store (``mlflow.db``, artifacts in ``mlartifacts/``) in gwr-tagger's home folder: ``$GWR_HOME``, else the
working folder (never the installed package)."""

from __future__ import annotations

import os
from pathlib import Path

HOME_VARIABLE = "GWR_HOME"
REGISTERED_MODEL = "gwr-tagger"
CHAMPION_ALIAS = "champion"
DEFAULT_MODEL_URI = f"models:/{REGISTERED_MODEL}@{CHAMPION_ALIAS}"


def gwr_home() -> Path:
    """``$GWR_HOME``, else the working folder: where the embedded store lives."""
    return Path(os.environ.get(HOME_VARIABLE) or os.getcwd()).resolve()


def resolve_model_uri(uri: str | None = None) -> str:
    """``uri``, else ``$GWR_MODEL_URI``, else the champion of the registered model."""
    return uri or os.environ.get("GWR_MODEL_URI") or DEFAULT_MODEL_URI


def embedded_tracking_uri() -> str:
    return f"sqlite:///{gwr_home() / 'mlflow.db'}"


def embedded_artifact_root() -> str:
    return (gwr_home() / "mlartifacts").as_uri()


def configure_tracking() -> str:
    """Point MLflow at ``$MLFLOW_TRACKING_URI`` or the embedded store; return the URI in use."""
    import mlflow

    # MLflow draws a progress bar for every model it fetches; gwr's commands report their own progress.
    os.environ.setdefault("MLFLOW_ENABLE_ARTIFACTS_PROGRESS_BAR", "false")
    uri = os.environ.get("MLFLOW_TRACKING_URI") or embedded_tracking_uri()
    mlflow.set_tracking_uri(uri)
    mlflow.set_registry_uri(os.environ.get("MLFLOW_REGISTRY_URI") or uri)
    return uri


def uses_embedded_store() -> bool:
    """Whether the tracking store in use is the embedded one (MLflow itself sets ``$MLFLOW_TRACKING_URI`` to
    the URI given to ``set_tracking_uri``, so the embedded URI there counts as embedded)."""
    return os.environ.get("MLFLOW_TRACKING_URI") in (None, "", embedded_tracking_uri())


def local_model_dir(uri: str) -> Path:
    """A local copy of the MLflow model at ``uri`` (a local directory is used in place); only files are
    fetched here, nothing is loaded."""
    path = Path(uri)
    if path.is_dir():
        return path
    import mlflow

    configure_tracking()
    return Path(mlflow.artifacts.download_artifacts(artifact_uri=uri))
