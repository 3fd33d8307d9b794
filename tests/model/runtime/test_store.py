"""Where models are tracked: $MLFLOW_TRACKING_URI, else the embedded store in $GWR_HOME or the working folder."""

from __future__ import annotations

from model.runtime import store


def test_embedded_store_follows_gwr_home_then_the_working_folder(tmp_path, monkeypatch):
    monkeypatch.delenv("GWR_HOME", raising=False)
    monkeypatch.chdir(tmp_path)
    assert store.embedded_tracking_uri() == f"sqlite:///{tmp_path.resolve() / 'mlflow.db'}"
    monkeypatch.setenv("GWR_HOME", str(tmp_path / "home"))
    assert store.embedded_tracking_uri() == f"sqlite:///{(tmp_path / 'home').resolve() / 'mlflow.db'}"
    assert store.embedded_artifact_root() == ((tmp_path / "home").resolve() / "mlartifacts").as_uri()


def test_embedded_even_after_mlflow_exports_the_uri(tmp_path, monkeypatch):
    monkeypatch.setenv("GWR_HOME", str(tmp_path))
    monkeypatch.delenv("MLFLOW_TRACKING_URI", raising=False)
    assert store.uses_embedded_store()
    assert store.configure_tracking() == store.embedded_tracking_uri()
    assert store.uses_embedded_store()  # MLflow set $MLFLOW_TRACKING_URI to the embedded URI itself
    monkeypatch.setenv("MLFLOW_TRACKING_URI", "http://127.0.0.1:5000")
    assert not store.uses_embedded_store() and store.configure_tracking() == "http://127.0.0.1:5000"


def test_model_uri_resolution(monkeypatch):
    monkeypatch.delenv("GWR_MODEL_URI", raising=False)
    assert store.resolve_model_uri() == "models:/gwr-tagger@champion"
    monkeypatch.setenv("GWR_MODEL_URI", "runs:/abc/model")
    assert store.resolve_model_uri() == "runs:/abc/model" and store.resolve_model_uri("/dir") == "/dir"
