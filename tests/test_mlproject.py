"""The MLproject file: one entry point per job, each command one that ``gwr`` parses, with its defaults."""

from __future__ import annotations

import shlex

from mlflow.projects._project_spec import load_project

from gwr.cli import build_parser
from tests.conftest import ROOT


def test_each_entry_point_is_a_gwr_command_with_its_defaults(tmp_path):
    project = load_project(str(ROOT))
    jobs = {}
    for name in ("main", "train", "study", "evaluate", "score"):
        command = shlex.split(project.get_entry_point(name).compute_command({}, str(tmp_path)))
        assert command[:3] == ["python", "-m", "gwr.cli"], command
        args = build_parser().parse_args(command[3:])
        jobs[name] = args.command
    assert jobs == {"main": "demo", "train": "train", "study": "study", "evaluate": "evaluate", "score": "score"}
    assert len(set(jobs.values())) == len(jobs)  # one entry point per job


def test_parameters_reach_the_command(tmp_path):
    project = load_project(str(ROOT))
    train = build_parser().parse_args(shlex.split(project.get_entry_point("train").compute_command(
        {"cv_folds": 3, "seed": 7, "register": "no-register"}, str(tmp_path)))[3:])
    assert (train.cv_folds, train.seed, train.register) == (3, 7, False)
    score = build_parser().parse_args(shlex.split(project.get_entry_point("score").compute_command(
        {"jobs": 2.0}, str(tmp_path)))[3:])
    assert score.jobs == 2
