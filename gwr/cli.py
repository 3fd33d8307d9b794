"""``gwr``: one entry point, one subcommand per job. This module parses arguments, prints messages and chooses
exit statuses; the jobs themselves live in ``serve/`` and ``training/``. Subcommands import their modules
lazily so that ``gwr --help`` and light commands start fast."""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path


def _missing(command: str, exc: Exception) -> int:
    print(f"gwr {command}: {exc}", file=sys.stderr)
    return 2


def _split(args: argparse.Namespace) -> int:
    from serve.splitting import split_inputs

    started = time.perf_counter()
    out = sys.stdout if args.output == "-" else open(args.output, "w", encoding="utf-8")
    try:
        summary = split_inputs(args.inputs, out, sys.stderr)
    finally:
        if out is not sys.stdout:
            out.close()
    print(f"gwr split: {summary.documents} documents, {summary.sentences} sentences, {summary.failed} failed, "
          f"{time.perf_counter() - started:.2f}s", file=sys.stderr)
    return 1 if summary.failed else 0


def _data_build(args: argparse.Namespace) -> int:
    from training.data_build import rebuild
    from training.repository import MissingData, require

    try:
        root = require(args.root, "labelled-data folder", "--root DIR")
    except MissingData as exc:
        return _missing("data build", exc)
    report = rebuild(root)
    print(f"gwr data build: {report.sentences} sentences -> {report.output}; "
          f"{len(report.pending)} disagreements waiting for adjudication", file=sys.stderr)
    _print_agreement(report.agreement)
    return 0


def _print_agreement(report: dict) -> None:
    if not report["labels"]:
        return
    print(f"agreement on {report['double_labelled']} double-labelled sentences")
    print(f"{'label':<14}{'pos A':>7}{'pos B':>7}{'agree':>8}{'kappa':>8}")
    for row in report["labels"]:
        print(f"{row['label']:<14}{row['positives_a']:>7}{row['positives_b']:>7}"
              f"{row['observed']:>8.3f}{row['kappa']:>8.3f}")
    m = report["mentions"]
    print(f"mentions: {m['mentions_a']} vs {m['mentions_b']}; exact F1 {m['exact_f1']:.3f}, "
          f"span F1 {m['span_f1']:.3f}")


def _data_check(args: argparse.Namespace) -> int:
    from model.records import LABELS
    from training.datacheck import check
    from training.repository import MissingData, require

    try:
        data = require(args.data, "labelled sentences", "--data FILE")
        root = require(args.root, "labelled-data folder", "--root DIR")
    except MissingData as exc:
        return _missing("data check", exc)
    problems, report = check(data, root)
    for problem in problems:
        print(f"problem: {problem}")
    print(f"{'part':<18}{'sentences':>10}" + "".join(f"{k:>13}" for k in LABELS) + f"{'mentions':>10}")
    for part, row in report["counts"].items():
        print(f"{part:<18}{row['sentences']:>10}" + "".join(f"{row[k]:>13}" for k in LABELS)
              + f"{row['mentions']:>10}")
    print(f"pending adjudication: {report['pending_adjudication']}")
    print("gwr data check: " + ("OK" if not problems else f"{len(problems)} problems"), file=sys.stderr)
    return 1 if problems else 0


def _train(args: argparse.Namespace) -> int:
    import contextlib

    import requests
    from mlflow.exceptions import MlflowException

    from model.runtime.store import uses_embedded_store
    from training.repository import MissingData, require
    from training.tracking import TrackingUnavailable
    from training.train import TrainConfig, run

    try:
        data = require(args.data, "labelled sentences", "--data FILE")
    except MissingData as exc:
        return _missing("train", exc)
    config = TrainConfig(data=data, experiment=args.experiment, register=args.register, force=args.force,
                         cv_folds=args.cv_folds, random_state=args.seed, unlabelled_limit=args.unlabelled_limit,
                         sections=args.sections, quant_context=args.quant_context)
    # MLflow prints run links to stdout; stdout stays the JSON summary alone, for scripts.
    try:
        with contextlib.redirect_stdout(sys.stderr):
            summary = run(config)
    except TrackingUnavailable as exc:
        print(f"gwr train: {exc}; nothing was trained or logged", file=sys.stderr)
        return 2
    except (MlflowException, requests.RequestException) as exc:
        if uses_embedded_store():
            raise
        reason = " ".join(str(exc).split())[:300]
        print(f"gwr train: the MLflow tracking server at {os.environ['MLFLOW_TRACKING_URI']} failed during the "
              f"run: {reason}; the champion was not changed", file=sys.stderr)
        return 1
    print(json.dumps({"run_id": summary["run_id"], "model_uri": summary["model_uri"],
                      "registration": summary.get("registration"),
                      "test_selection_score": summary["metrics"]["all_selection_score"],
                      "baseline_selection_score": summary["baseline"]["all_selection_score"],
                      "test_section_accuracy": summary["sections"].get("all_section_accuracy"),
                      "test_cue_section_accuracy": summary["sections"].get("all_cue_section_accuracy")}, indent=1))
    return 0


def _evaluate(args: argparse.Namespace) -> int:
    from model.runtime.artifacts import ArtifactError
    from training.evaluate_model import evaluate_uri
    from training.repository import MissingData, require
    from training.train import format_table

    try:
        data = require(args.data, "labelled sentences", "--data FILE")
        metrics, baseline = evaluate_uri(args.model, data, split=args.split)
    except (MissingData, ArtifactError) as exc:
        return _missing("evaluate", exc)
    print(format_table(metrics, baseline))
    if args.output:
        Path(args.output).write_text(json.dumps({"model": metrics, "baseline": baseline}, indent=1), encoding="utf-8")
    return 0


def _study(args: argparse.Namespace) -> int:
    import contextlib

    from training.repository import MissingData, require
    from training.theme_study import FAMILIES, StudyConfig, run, track

    try:
        data = require(args.data, "labelled sentences", "--data FILE")
    except MissingData as exc:
        return _missing("study", exc)
    unknown = set(args.families or ()) - set(FAMILIES)
    if unknown:
        print(f"gwr study: unknown families {sorted(unknown)}; choose from {list(FAMILIES)}", file=sys.stderr)
        return 2
    config = StudyConfig(data=str(data), folds=args.folds, random_state=args.seed,
                         unlabelled_limit=args.unlabelled_limit, fractions=tuple(args.fractions),
                         families=tuple(args.families or FAMILIES))
    with contextlib.redirect_stdout(sys.stderr):
        summary = run(config)
        run_id = track(config, summary) if args.track else None
    print(summary["tables"])
    if run_id:
        print(f"logged as MLflow run {run_id} (experiment gwr-tagger-study)", file=sys.stderr)
    if args.output:
        Path(args.output).write_text(json.dumps({k: v for k, v in summary.items() if k != "tables"},
                                                ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


def _devset(args: argparse.Namespace) -> int:
    from model.runtime.artifacts import ArtifactError
    from serve.predictor import Predictor
    from training.devset import DEVSET, evaluate_devset
    from training.repository import MissingData, require

    try:
        root = require(args.devset or DEVSET, "development set", "--devset FOLDER")
        report = evaluate_devset(Predictor.load(args.model), root)
    except (MissingData, ArtifactError) as exc:
        return _missing("devset", exc)
    summary = report.summary()
    print(f"targets found (value, unit, kind): {report.targets_found} of {report.targets} "
          f"({summary['target_recall']:.0%}); comparator right: {report.comparator_right} of {report.targets_found}")
    print(f"past results called targets: {report.actuals_called_targets} of {report.actuals}; pages without a "
          f"target flagged: {report.flagged_pages_without_targets} of {report.pages_without_targets}")
    for miss in report.misses:
        print(f"  missed {miss['doc_id']}: {miss['quote']} ({miss['why']})")
    if args.output:
        Path(args.output).write_text(json.dumps({"summary": summary, "misses": report.misses}, ensure_ascii=False,
                                                indent=1), encoding="utf-8")
    return 0


def _score(args: argparse.Namespace) -> int:
    from model.runtime.artifacts import ArtifactError
    from serve.formats import OutputError
    from serve.score_job import SetupError, run_score

    try:
        outcome = run_score(args.inputs, args.output, model=args.model, fmt=args.format, resume=args.resume,
                            errors=args.errors, jobs=args.jobs, sentences=args.sentences,
                            max_bytes=int(args.max_report_mb * 1024 * 1024))
    except (SetupError, ArtifactError, OutputError) as exc:
        print(f"gwr score: {exc}", file=sys.stderr)
        return 2
    summary = outcome.summary
    resumed = f", {summary.skipped} already done" if args.resume else ""
    print(f"gwr score: {summary.documents} documents, {summary.sentences} sentences, {summary.failed} failed"
          f"{resumed}, {outcome.seconds:.1f}s ({outcome.model_uri})", file=sys.stderr)
    if outcome.signum is not None:
        print(f"gwr score: stopped by signal {outcome.signum} after whole documents; run again with --resume to "
              "complete the output", file=sys.stderr)
        return 128 + outcome.signum
    return 1 if summary.failed else 0


def _panel(args: argparse.Namespace) -> int:
    from model.runtime.artifacts import ArtifactError
    from serve.formats import OutputError
    from serve.panel import PanelOptions, PanelSetupError, run_panel

    options = PanelOptions(about_tolerance=args.about_tolerance, about_relative=args.about_relative)
    try:
        outcome = run_panel(args.inputs, args.output, model=args.model, fmt=args.format, synonyms=args.synonyms,
                            options=options, plot=args.plot, max_bytes=int(args.max_report_mb * 1024 * 1024))
    except (PanelSetupError, ArtifactError, OutputError) as exc:
        print(f"gwr panel: {exc}", file=sys.stderr)
        return 2
    if outcome.without_place:
        print(f"gwr panel: {outcome.without_place} reports name no place (no 'place' field, none in the title): "
              "they are taken as one place, with an empty place column", file=sys.stderr)
    plot = f", plot -> {args.plot}" if args.plot else ""
    print(f"gwr panel: {outcome.reports} reports, {outcome.failures} failed; {len(outcome.rows)} rows "
          f"({outcome.count('paired')} target and result, {outcome.count('target')} target only, "
          f"{outcome.count('actual')} result only) -> {args.output}{plot}, {outcome.seconds:.1f}s "
          f"({outcome.model_uri})", file=sys.stderr)
    return 1 if outcome.failures else 0


def _spark(args: argparse.Namespace) -> int:
    from model.runtime.artifacts import ArtifactError
    from serve.score_job import SetupError

    try:
        from serve.spark_job import SparkJobError, run_spark_job
        import pyspark  # noqa: F401
    except ImportError:
        print("gwr spark: needs the spark extra (pip install 'gwr-tagger[spark]') and Java 17", file=sys.stderr)
        return 2
    try:
        outcome = run_spark_job(args.inputs, args.output, model=args.model, partition_by=args.partition_by,
                                master=args.master, overwrite=args.overwrite)
    except (SparkJobError, SetupError, ArtifactError) as exc:
        print(f"gwr spark: {exc}", file=sys.stderr)
        return 2
    print(f"gwr spark: {outcome.rows} sentences -> {outcome.output}, {outcome.seconds:.1f}s ({outcome.model_uri})",
          file=sys.stderr)
    return 0


def _summarize(args: argparse.Namespace) -> int:
    from serve.summary import summarize

    output = Path(args.output)
    targets = Path(args.targets) if args.targets else output.with_name(output.stem + "_targets" + output.suffix)
    documents, rows = summarize(Path(args.scores), output, targets)
    print(f"gwr summarize: {documents} documents -> {output}; {rows} targets -> {targets}", file=sys.stderr)
    return 0


def _report(args: argparse.Namespace) -> int:
    from model.runtime.artifacts import ArtifactError
    from model.text.errors import ReportInputError
    from serve.report_html import render_report_file

    started = time.perf_counter()
    try:
        page = render_report_file(args.report, args.model)
    except (ReportInputError, ArtifactError) as exc:
        print(f"gwr report: {exc}", file=sys.stderr)
        return 1
    output = Path(args.output)
    try:
        output.write_text(page, encoding="utf-8")
    except OSError as exc:
        print(f"gwr report: {output}: cannot write: {exc.strerror or exc}", file=sys.stderr)
        return 1
    print(f"gwr report: {args.report} -> {output}, {time.perf_counter() - started:.1f}s", file=sys.stderr)
    return 0


def _label_suggest(args: argparse.Namespace) -> int:
    from training.label_suggest import read_score_records, suggest, thresholds_from_scores
    from training.repository import MissingData, require

    if bool(args.scores) == bool(args.inputs):
        print("gwr label suggest: give either --scores SCORES.jsonl or INPUT files, not both", file=sys.stderr)
        return 2
    try:
        root = require(args.root, "labelled-data folder", "--root DIR")
    except MissingData as exc:
        return _missing("label suggest", exc)
    started = time.perf_counter()
    failures: list[str] = []
    if args.scores and not args.model:
        scores = Path(args.scores)
        thresholds, version = thresholds_from_scores(read_score_records(scores, [])), f"scores:{scores.name}"
    else:
        from serve.predictor import Predictor
        from serve.scoring import context_records

        predictor = Predictor.load(args.model)
        thresholds, version = predictor.tagger.label_thresholds(), predictor.uri
    if args.scores:
        records = read_score_records(Path(args.scores), failures)
    else:
        records = context_records(predictor, args.inputs, failures, sys.stderr)
    counted = _Counted(records)
    tasks = suggest(counted, args.n, thresholds, version, per_doc=args.per_doc, root=root)
    with open(args.output, "w", encoding="utf-8") as out:
        for task in tasks:
            out.write(json.dumps(task, ensure_ascii=False) + "\n")
    for failure in failures:
        print(failure, file=sys.stderr)
    documents = len({t["data"]["doc_id"] for t in tasks})
    print(f"gwr label suggest: {len(tasks)} tasks from {documents} documents ({counted.count} sentences read, "
          f"{len(failures)} failed) -> {args.output}, {time.perf_counter() - started:.1f}s", file=sys.stderr)
    return 1 if failures else 0


class _Counted:
    """An iterable that counts what passes through it."""

    def __init__(self, items):
        self.items, self.count = items, 0

    def __iter__(self):
        for item in self.items:
            self.count += 1
            yield item


def _label_merge(args: argparse.Namespace) -> int:
    from training.label_merge import merge
    from training.repository import MissingData, require

    if not Path(args.export).is_file():
        print(f"gwr label merge: {args.export}: no such file", file=sys.stderr)
        return 2
    try:
        report = merge(Path(args.export), annotator=args.annotator,
                       root=require(args.root, "labelled-data folder", "--root DIR"))
    except (ValueError, OSError) as exc:
        print(f"gwr label merge: {exc}", file=sys.stderr)
        return 2
    for line in report.bad:
        print(f"bad task: {line}")
    for line in report.duplicates:
        print(f"skipped (duplicate): {line}")
    for line in report.unannotated:
        print(f"skipped (not annotated): {line}")
    for line in report.notes:
        print(f"note: {line}")
    for batch, sids in report.added.items():
        print(f"batch {batch}: {len(sids)} sentences")
    for doc, side in sorted(report.new_documents.items()):
        print(f"new document {doc}: {side} side")
    print(f"gwr label merge: {report.added_count} sentences added, {len(report.duplicates)} duplicates, "
          f"{len(report.unannotated)} not annotated, {len(report.bad)} bad tasks; the dataset now holds "
          f"{report.sentences} sentences", file=sys.stderr)
    return 1 if report.bad else 0


def _label_quality(args: argparse.Namespace) -> int:
    from training.label_quality import label_quality, write_issues
    from training.repository import MissingData, require
    from training.train import TrainConfig

    try:
        data = require(args.data, "labelled sentences", "--data FILE")
    except MissingData as exc:
        return _missing("label quality", exc)
    issues = label_quality(data, folds=args.folds, config=TrainConfig(random_state=args.seed))
    if args.output:
        write_issues(issues, Path(args.output))
    print(f"{'sid':<34}{'label':<14}{'given':>6}{'prob':>8}{'score':>8}  text")
    for issue in issues[: args.top]:
        print(f"{issue.sid:<34}{issue.label:<14}{issue.given:>6}{issue.predicted:>8.3f}{issue.score:>8.3f}  "
              f"{issue.text[:40]}")
    where = f" -> {args.output}" if args.output else ""
    print(f"gwr label quality: {len(issues)} likely label issues{where}", file=sys.stderr)
    return 0


def _demo(args: argparse.Namespace) -> int:
    """Train on the bundled labelled data (embedded MLflow store), register the champion, and score the
    bundled reports with it into ``out/scores.jsonl``."""
    from training.repository import RAW_INPUTS, MissingData, require

    try:
        require(args.data, "labelled sentences", "--data FILE")
        raw = [require(path, "bundled reports", "reports to gwr score yourself") for path in RAW_INPUTS]
    except MissingData as exc:
        return _missing("demo", exc)
    parser = build_parser()
    status = _train(parser.parse_args(["train", "--data", args.data]))
    out = Path("out")
    out.mkdir(exist_ok=True)
    status = status or _score(parser.parse_args(["score", *map(str, raw), "-o", str(out / "scores.jsonl")]))
    print(f"wrote {out / 'scores.jsonl'}", file=sys.stderr)
    return status


def build_parser() -> argparse.ArgumentParser:
    from model.text.inputs import MAX_REPORT_BYTES  # the reader alone: the standard library, quick to import
    from serve.formats import FORMATS
    from training.repository import DEFAULT_DATA, LABELLED

    parser = argparse.ArgumentParser(prog="gwr", description="Tag Chinese government work reports.")
    sub = parser.add_subparsers(dest="command", required=True)

    split = sub.add_parser("split", help="read reports and write one JSON record per sentence")
    split.add_argument("inputs", nargs="+", metavar="INPUT",
                       help="report files (.txt/.html), folders, .jsonl files, or - for stdin")
    split.add_argument("-o", "--output", default="-", help="output JSONL (default: stdout)")
    split.set_defaults(func=_split)

    data = sub.add_parser("data", help="the labelled dataset: build it from annotations, check it")
    data_sub = data.add_subparsers(dest="data_command", required=True)
    build_cmd = data_sub.add_parser("build", help="rebuild sentences.jsonl and agreement.json from the annotations")
    build_cmd.add_argument("--root", default=str(LABELLED), help="the labelled-data folder")
    build_cmd.set_defaults(func=_data_build)
    check_cmd = data_sub.add_parser("check", help="schema, duplicates, mention offsets, split, label counts")
    check_cmd.add_argument("--data", default=str(DEFAULT_DATA), help="the labelled sentences (JSONL)")
    check_cmd.add_argument("--root", default=str(LABELLED), help="the labelled-data folder")
    check_cmd.set_defaults(func=_data_check)

    label = sub.add_parser("label", help="grow the labelled data: suggest sentences, merge annotations, check labels")
    label_sub = label.add_subparsers(dest="label_command", required=True)
    suggest_cmd = label_sub.add_parser("suggest", help="the unlabelled sentences the model is least sure of, "
                                                       "as Label Studio tasks")
    suggest_cmd.add_argument("inputs", nargs="*", metavar="INPUT", help="reports to score on the fly (as gwr score)")
    suggest_cmd.add_argument("--scores", default=None, help="a gwr score JSONL output to choose from instead")
    suggest_cmd.add_argument("--n", type=int, default=200, help="how many sentences")
    suggest_cmd.add_argument("--per-doc", type=int, default=10, help="at most this many from one document")
    suggest_cmd.add_argument("-o", "--output", required=True, help="Label Studio tasks (JSONL)")
    suggest_cmd.add_argument("--model", default=None,
                             help="model URI or folder (default: $GWR_MODEL_URI or the champion; with --scores, "
                                  "the thresholds the scores reveal)")
    suggest_cmd.add_argument("--root", default=str(LABELLED), help="the labelled-data folder")
    suggest_cmd.set_defaults(func=_label_suggest)
    merge_cmd = label_sub.add_parser("merge", help="add an annotated Label Studio export to the labelled data")
    merge_cmd.add_argument("export", help="Label Studio export (JSON or JSONL)")
    merge_cmd.add_argument("--annotator", default=None,
                           help="annotator name (default: each annotation's Label Studio user)")
    merge_cmd.add_argument("--root", default=str(LABELLED), help="the labelled-data folder")
    merge_cmd.set_defaults(func=_label_merge)
    quality_cmd = label_sub.add_parser("quality", help="likely mislabelled train sentences (cleanlab)")
    quality_cmd.add_argument("--data", default=str(DEFAULT_DATA), help="labelled sentences (JSONL)")
    quality_cmd.add_argument("-o", "--output", default=None, help="write every issue as CSV")
    quality_cmd.add_argument("--folds", type=int, default=5, help="grouped CV folds")
    quality_cmd.add_argument("--seed", type=int, default=0, help="random_state of every model")
    quality_cmd.add_argument("--top", type=int, default=30, help="issues printed")
    quality_cmd.set_defaults(func=_label_quality)

    train = sub.add_parser("train", help="cross-validate, fit, evaluate, track in MLflow and register")
    train.add_argument("--data", default=str(DEFAULT_DATA), help="labelled sentences (JSONL with a split field)")
    train.add_argument("--experiment", default="gwr-tagger", help="MLflow experiment name")
    train.add_argument("--register", action=argparse.BooleanOptionalAction, default=True,
                       help="register the model and move the champion alias if it is better")
    train.add_argument("--force", action="store_true", help="move the champion alias even if not better")
    train.add_argument("--cv-folds", type=lambda v: int(float(v)), default=5, help="grouped CV folds on the train split")
    train.add_argument("--seed", type=lambda v: int(float(v)), default=0, help="random_state of every model")
    train.add_argument("--unlabelled-limit", type=lambda v: int(float(v)), default=30000,
                       help="unlabelled report sentences that widen the vocabulary (0: none)")
    train.add_argument("--sections", action=argparse.BooleanOptionalAction, default=True,
                       help="learn each sentence's section from the document-structure labels "
                            "(--no-sections: the layout reader's heading cues)")
    train.add_argument("--quant-context", action=argparse.BooleanOptionalAction, default=True,
                       help="fit the quant_target head's second pass over documents read whole (used when its "
                            "out-of-fold F1 beats the first pass's)")
    train.set_defaults(func=_train)

    study = sub.add_parser("study", help="the theme models by feature block, model family and amount of data")
    study.add_argument("--data", default=str(DEFAULT_DATA), help="labelled sentences (JSONL with a split field)")
    study.add_argument("--folds", type=lambda v: int(float(v)), default=3, help="grouped CV folds on the train split")
    study.add_argument("--seed", type=lambda v: int(float(v)), default=0, help="random_state of every model")
    study.add_argument("--unlabelled-limit", type=lambda v: int(float(v)), default=30000,
                       help="unlabelled report sentences that widen the vocabulary of the test-split fits (0: none)")
    study.add_argument("--fractions", type=float, nargs="+", default=[0.25, 0.5, 1.0],
                       help="fractions of the train documents of the learning curve")
    study.add_argument("--families", nargs="+", default=None, help="model families to compare (default: all)")
    study.add_argument("--track", action=argparse.BooleanOptionalAction, default=True,
                       help="log the study as an MLflow run")
    study.add_argument("-o", "--output", default=None, help="also write every figure as JSON")
    study.set_defaults(func=_study)

    evaluate = sub.add_parser("evaluate", help="the metrics table for any model on any labelled file")
    evaluate.add_argument("--model", default=None, help="model URI (default: $GWR_MODEL_URI or the champion)")
    evaluate.add_argument("--data", default=str(DEFAULT_DATA), help="labelled sentences (JSONL)")
    evaluate.add_argument("--split", default="test", choices=["train", "test", "all"], help="which sentences")
    evaluate.add_argument("-o", "--output", default=None, help="also write the metrics as JSON")
    evaluate.set_defaults(func=_evaluate)

    devset = sub.add_parser("devset", help="whole report pages against their hand-read targets and past results")
    devset.add_argument("--model", default=None,
                        help="MLflow model URI or local model folder (default: $GWR_MODEL_URI or the champion)")
    devset.add_argument("--devset", default=None, help="the development set folder (default: data/raw/devset)")
    devset.add_argument("-o", "--output", default=None, help="write the figures and the misses as JSON")
    devset.set_defaults(func=_devset)

    score = sub.add_parser("score", help="tag every sentence of report files, folders or JSONL (scoring contract)")
    score.add_argument("inputs", nargs="+", metavar="INPUT", help="report files, folders, .jsonl files, or -")
    score.add_argument("-o", "--output", default="-", help="output JSONL (default: stdout)")
    score.add_argument("--model", default=None,
                       help="MLflow model URI or local model folder (default: $GWR_MODEL_URI or the champion)")
    score.add_argument("--errors", default=None, help="failed inputs as JSONL (default: stderr)")
    score.add_argument("--jobs", type=lambda v: int(float(v)), default=1,
                       help="worker processes (the model is loaded once per worker)")
    score.add_argument("--sentences", action="store_true",
                       help="every JSONL record (or non-empty text line) is one sentence: no reading or splitting")
    score.add_argument("--resume", action="store_true",
                       help="keep the documents already complete in OUTPUT and score only the rest")
    score.add_argument("--max-report-mb", type=float, default=MAX_REPORT_BYTES / 2**20,
                       help="a report file or JSONL record larger than this is reported (too_large), not scored")
    score.add_argument("--format", choices=FORMATS, default=None,
                       help="output format (default: from the output file's suffix, else JSONL)")
    score.set_defaults(func=_score)

    panel = sub.add_parser("panel", help="targets beside results: one row per place, year and indicator")
    panel.add_argument("inputs", nargs="+", metavar="INPUT",
                       help="report files, folders, .jsonl files (id, text, optional year and place), or -")
    panel.add_argument("-o", "--output", required=True, help="the panel (- for standard output, not Parquet)")
    panel.add_argument("--format", choices=("csv", "parquet", "jsonl"), default=None,
                       help="output format (default: from the output file's suffix, else CSV)")
    panel.add_argument("--model", default=None,
                       help="MLflow model URI or local model folder (default: $GWR_MODEL_URI or the champion)")
    panel.add_argument("--synonyms", action="append", default=[], metavar="FILE",
                       help="more indicator names (TSV: key, name), added to the bundled ones; may be repeated")
    panel.add_argument("--about-tolerance", type=float, default=0.5,
                       help="a result within this many points of an about (~) target in %% meets it")
    panel.add_argument("--about-relative", type=float, default=0.05,
                       help="for targets in other units, within this share of the target value")
    panel.add_argument("--plot", default=None, metavar="FILE",
                       help="also draw targets against results per indicator: FILE.svg, or FILE.html for a page")
    panel.add_argument("--max-report-mb", type=float, default=MAX_REPORT_BYTES / 2**20,
                       help="a report file or JSONL record larger than this is reported (too_large), not scored")
    panel.set_defaults(func=_panel)

    spark = sub.add_parser("spark", help="tag a table of sentences on Spark into partitioned Parquet (spark extra)")
    spark.add_argument("inputs", nargs="+", metavar="INPUT",
                       help="JSONL (.jsonl) or Parquet (.parquet or a folder of it) with a text column")
    spark.add_argument("-o", "--output", required=True, help="output Parquet folder")
    spark.add_argument("--model", default=None,
                       help="MLflow model URI or local model folder (default: $GWR_MODEL_URI or the champion)")
    spark.add_argument("--partition-by", nargs="+", default=[], metavar="COLUMN",
                       help="input columns to partition the output by (e.g. year place)")
    spark.add_argument("--master", default=None, help="Spark master (default: local[*], bound to 127.0.0.1)")
    spark.add_argument("--overwrite", action="store_true", help="replace OUTPUT if it exists")
    spark.set_defaults(func=_spark)

    summ = sub.add_parser("summarize", help="one row per document, and the quantitative targets as a tidy table")
    summ.add_argument("scores", help="gwr score output (JSONL)")
    summ.add_argument("-o", "--output", required=True, help="the per-document table (CSV)")
    summ.add_argument("--targets", default=None, help="the targets table (default: OUTPUT_targets.csv)")
    summ.set_defaults(func=_summarize)

    report = sub.add_parser("report", help="one scored report as a self-contained HTML page")
    report.add_argument("report", metavar="REPORT", help="a report file (.txt or .html)")
    report.add_argument("-o", "--output", required=True, help="the HTML page to write")
    report.add_argument("--model", default=None,
                        help="MLflow model URI or local model folder (default: $GWR_MODEL_URI or the champion)")
    report.set_defaults(func=_report)

    demo = sub.add_parser("demo", help="the main job on the bundled data and embedded defaults")
    demo.add_argument("--data", default=str(DEFAULT_DATA), help="labelled sentences to train on")
    demo.set_defaults(func=_demo)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
