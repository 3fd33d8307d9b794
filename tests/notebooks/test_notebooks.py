"""The analysis notebooks run top to bottom against a registered champion, and are committed without outputs."""

from __future__ import annotations

import importlib.util

import nbformat
import pytest

from model.records import LABELS, THEMES
from model.runtime.store import CHAMPION_ALIAS, REGISTERED_MODEL

from tests.conftest import ROOT

pytestmark = [pytest.mark.slow]

NOTEBOOKS = ROOT / "notebooks"
spec = importlib.util.spec_from_file_location("run_notebooks", NOTEBOOKS / "run_notebooks.py")
run_notebooks = importlib.util.module_from_spec(spec)
spec.loader.exec_module(run_notebooks)

NAMES = ["01_dataset.ipynb", "02_error_analysis.ipynb", "03_theme_trends.ipynb"]
_executed: dict[str, nbformat.NotebookNode] = {}


@pytest.fixture(scope="module")
def champion_store(small_model_dir, tmp_path_factory):
    """A fresh SQLite tracking store where the small test model is ``gwr-tagger@champion``."""
    from mlflow import MlflowClient

    uri = f"sqlite:///{tmp_path_factory.mktemp('mlflow') / 'mlflow.db'}"
    client = MlflowClient(tracking_uri=uri, registry_uri=uri)
    client.create_registered_model(REGISTERED_MODEL)
    version = client.create_model_version(REGISTERED_MODEL, source=str(small_model_dir))
    client.set_registered_model_alias(REGISTERED_MODEL, CHAMPION_ALIAS, version.version)
    return uri


@pytest.fixture
def executed(champion_store, monkeypatch):
    """Run a notebook once (in a kernel that inherits this environment) and keep the result for the module."""
    monkeypatch.setenv("MLFLOW_TRACKING_URI", champion_store)
    monkeypatch.setenv("GWR_NOTEBOOK_FAST", "1")
    for name in ("GWR_MODEL_URI", "MLFLOW_REGISTRY_URI", "MPLBACKEND"):
        monkeypatch.delenv(name, raising=False)

    def run(name: str) -> nbformat.NotebookNode:
        if name not in _executed:
            _executed[name] = run_notebooks.execute(NOTEBOOKS / name, timeout=600)
        return _executed[name]

    return run


def _outputs(nb, tag: str) -> list:
    cells = [c for c in nb.cells if tag in c.metadata.get("tags", [])]
    assert len(cells) == 1, f"no single cell tagged {tag}"
    return cells[0].outputs


def _text(outputs) -> str:
    parts = []
    for o in outputs:
        parts.append(o.get("text", "") if o.output_type == "stream" else o.get("data", {}).get("text/plain", ""))
    return "\n".join(parts)


def _images(outputs) -> int:
    return sum("image/png" in o.get("data", {}) for o in outputs)


def _check_ran_cleanly(nb) -> None:
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code and all(c.execution_count is not None for c in code)
    errors = [o for c in code for o in c.outputs if o.output_type == "error"]
    assert not errors, [f"{o.ename}: {o.evalue}" for o in errors]


def test_committed_notebooks_are_stripped_and_valid():
    assert sorted(p.name for p in run_notebooks.notebook_paths()) == NAMES
    for path in run_notebooks.notebook_paths():
        nb = nbformat.read(path, as_version=4)
        nbformat.validate(nb)
        assert run_notebooks.output_problems(nb) == [], f"{path.name}: run `make strip-notebooks`"
        assert nb.metadata.kernelspec.name == run_notebooks.KERNEL_NAME


def test_dataset_notebook(executed):
    nb = executed("01_dataset.ipynb")
    _check_ran_cleanly(nb)
    counts = _text(_outputs(nb, "label-counts"))
    assert all(label in counts for label in (*LABELS, "sentences", "train", "test"))
    assert _images(_outputs(nb, "cooccurrence")) == 1
    assert all(theme in _text(_outputs(nb, "cooccurrence")) for theme in THEMES)
    assert _images(_outputs(nb, "lengths")) == 1
    agreement = _text(_outputs(nb, "agreement"))
    assert "kappa" in agreement and "exact_f1" in agreement and all(label in agreement for label in LABELS)


def test_error_analysis_notebook(executed):
    nb = executed("02_error_analysis.ipynb")
    _check_ran_cleanly(nb)
    assert f"models:/{REGISTERED_MODEL}@{CHAMPION_ALIAS}" in _text(nb.cells[1].outputs)
    assert "selection_score" in _text(_outputs(nb, "metrics"))
    confusion = _outputs(nb, "confusion")
    assert _images(confusion) == 1 and all(label in _text(confusion) for label in LABELS)
    features = _text(_outputs(nb, "top-features"))
    assert all(theme in features for theme in THEMES) and "[dict]" in features
    groups = _outputs(nb, "error-groups")
    headings = [o.data["text/markdown"] for o in groups if "text/markdown" in o.get("data", {})]
    assert headings and all(h.startswith("### ") for h in headings)
    assert any("false positive" in h for h in headings) and any("false negative" in h for h in headings)
    extraction = _text(_outputs(nb, "extraction-counts"))
    assert all(kind in extraction for kind in ("missed", "spurious", "wrong_value", "wrong_kind"))


def test_theme_trends_notebook(executed):
    nb = executed("03_theme_trends.ipynb")
    _check_ran_cleanly(nb)
    assert "5 reports" in _text(_outputs(nb, "score")) and "1955–2014" in _text(_outputs(nb, "score"))
    shares = _outputs(nb, "theme-shares")
    assert _images(shares) == 1 and all(theme in _text(shares) for theme in THEMES)
    targets = _outputs(nb, "targets")
    assert _images(targets) == 1 and "target_indicators" in _text(targets)
    gdp = _outputs(nb, "gdp")
    assert _images(gdp) == 1
    assert "reports with no GDP growth target:" in _text(gdp) and "found" in _text(gdp)
    panel = _outputs(nb, "panel")
    assert _images(panel) == 1 and "with a target and a result" in _text(panel)
    assert "target_value" in _text(panel) and "actual_value" in _text(panel)


def test_strip_removes_what_execution_adds(executed):
    nb = executed("01_dataset.ipynb")
    copy = nbformat.from_dict(nb)
    assert run_notebooks.output_problems(copy)
    assert run_notebooks.strip(copy) is True
    assert run_notebooks.output_problems(copy) == []
    assert run_notebooks.strip(copy) is False
    committed = nbformat.read(NOTEBOOKS / "01_dataset.ipynb", as_version=4)
    assert [c.source for c in copy.cells] == [c.source for c in committed.cells]
