"""gwr-tagger installed as a library: its wheel, unpacked outside any checkout, scores, trains on a file it is
given, keeps its store in the working folder (or $GWR_HOME), and says in one line what a checkout would have."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

from tests.conftest import ROOT, SEEDS

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """The wheel built from a copy of this checkout's package files (the build writes beside its sources),
    unpacked as an installed package would be."""
    source = tmp_path_factory.mktemp("source")
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    for package in ("model", "training", "serve", "gwr"):
        shutil.copytree(ROOT / package, source / package, ignore=shutil.ignore_patterns("__pycache__"))
    build = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation", "-w",
                    str(build), str(source)], check=True, capture_output=True, cwd=build, timeout=300)
    wheel = next(build.glob("gwr_tagger-*.whl"))
    site = tmp_path_factory.mktemp("site")
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(site)
    return site


def run_installed(site: Path, cwd: Path, code: str, env: dict | None = None) -> subprocess.CompletedProcess:
    """``code`` in a fresh interpreter that sees the unpacked wheel and the third-party packages, but not this
    checkout (``-S``: the site-packages' .pth files, the editable install among them, are not read)."""
    paths = [str(site), sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]]
    boot = f"import sys; sys.path[:] = {paths!r} + [p for p in sys.path if 'site-packages' not in p]\n"
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("MLFLOW_", "GWR_"))}
    environment.update(env or {})
    return subprocess.run([sys.executable, "-S", "-c", boot + code], capture_output=True, text=True, cwd=cwd,
                          env=environment, timeout=600)


def gwr(site: Path, cwd: Path, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return run_installed(site, cwd, f"from gwr.cli import main; sys.exit(main({list(args)!r}))", env)


def test_the_package_is_the_wheel_and_carries_its_resources(installed, tmp_path):
    result = run_installed(installed, tmp_path, (
        "import model, training\n"
        "from model.features.lexicon import load_lexicon\n"
        "from model.features.tokenize import USER_DICT, tokenize\n"
        "from training.label_studio import CONFIG\n"
        "print(model.__file__); print(training.__file__)\n"
        "print(len(load_lexicon()['innovation']) > 10, USER_DICT.is_file(), CONFIG.is_file())\n"
        "print(tokenize('推进新型城镇化建设'))"))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith(str(installed)) and lines[1].startswith(str(installed))
    assert lines[2] == "True True True"


def test_scores_from_another_folder(installed, tmp_path, small_model_dir):
    report = tmp_path / "report.txt"
    report.write_bytes(SEEDS[0].read_bytes())
    result = gwr(installed, tmp_path, "score", "report.txt", "-o", "scores.jsonl", "--model", str(small_model_dir))
    assert result.returncode == 0, result.stderr
    records = [json.loads(line) for line in (tmp_path / "scores.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(records) > 20 and {"themes", "labels", "quant_target", "indicators"} <= set(records[0])


@pytest.mark.parametrize("command", [["train"], ["demo"], ["data", "build"], ["data", "check"], ["evaluate"],
                                     ["label", "quality"]])
def test_commands_that_need_the_checkout_say_so_in_one_line(installed, tmp_path, command):
    result = gwr(installed, tmp_path, *command)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "gwr-tagger checkout" in lines[0], result.stderr


def test_trains_on_a_given_file_into_the_working_folder(installed, tmp_path):
    from training.dataset import load_labelled

    records = [json.loads(line) for line in (ROOT / "data" / "labelled" / "sentences.jsonl").open(encoding="utf-8")]
    docs = {side: sorted({r["doc_id"] for r in records if r["split"] == side and r["source"] == "national"})[:4]
            for side in ("train", "test")}
    small = [r for r in records if r["doc_id"] in docs["train"] + docs["test"]]
    (tmp_path / "labelled.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in small),
                                             encoding="utf-8")
    assert load_labelled(tmp_path / "labelled.jsonl")
    home = tmp_path / "home"
    result = gwr(installed, tmp_path, "train", "--data", "labelled.jsonl", "--cv-folds", "2", "--unlabelled-limit",
                 "0", env={"GWR_HOME": str(home)})
    assert result.returncode == 0, result.stderr[-3000:]
    assert json.loads(result.stdout)["registration"]["promoted"] is True
    assert (home / "mlflow.db").is_file() and (home / "mlartifacts").is_dir()
    assert not list(installed.rglob("mlflow.db")) and not (tmp_path / "mlflow.db").exists()
    result = run_installed(installed, tmp_path, "from model.runtime.store import embedded_tracking_uri\n"
                                                "print(embedded_tracking_uri())")
    assert result.stdout.strip() == f"sqlite:///{tmp_path.resolve() / 'mlflow.db'}"
