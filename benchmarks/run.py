"""Scoring speed and memory, measured in one run on the same sentences (all national reports in
``data/raw/``), as absolute figures and as ratios to their natural limits:

1. the floor: jieba segmentation alone (``lcut`` over every sentence, same dictionary as the models), and the
   project's own segmentation (the same words, jieba_fast's compiled route where installed);
2. the keyword baseline;
3. ``Predictor.predict_sentences`` (themes + quant_target + indicators). The floor, the project's
   segmentation and the Predictor are timed in turn ``--repeat`` times (each Predictor pass with empty caches)
   and the fastest pass of each is reported, so a busy moment of a shared machine weighs on none of them;
4. ``gwr score`` end to end over the report file with ``--jobs 1`` and ``--jobs 2`` (run in turn ``--repeat``
   times, the fastest of each kept);
5. cold start: process start to the first scored sentence;
6. peak RSS of ``gwr score`` over 1×, 4× and 16× copies of the corpus;
7. the time of ``gwr train`` (into a temporary MLflow store);
8. peers: fastText supervised on the same train split and the same jieba tokens (test-split F1 and
   sentences/s), and jieba_fast (speed, and whether its tokens equal jieba's on every sentence).

Usage: ``python benchmarks/run.py [--model URI] [--copies 1 4 16] [-o docs/benchmarks.md]``. Without
``--model`` the model that ``gwr train`` just built is measured; with it, the model is resolved like
``gwr score --model``. The peers need the ``bench`` extra.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

NATIONAL = ROOT / "data" / "raw" / "national_reports_1954_2015.jsonl"


def national_sentences() -> list[tuple[str, str | None]]:
    from model.text.inputs import InputFailure, iter_documents

    return [(s.text, s.section) for d in iter_documents([str(NATIONAL)]) if not isinstance(d, InputFailure)
            for s in d.sentences]


def rate(n: int, seconds: float) -> float:
    return n / seconds if seconds else float("inf")


def timed(fn) -> float:
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


def gwr_score(args: list[str], env: dict) -> tuple[float, int, str]:
    """Wall seconds, peak RSS of the process tree's largest process (KiB, from GNU time) and stderr."""
    with tempfile.NamedTemporaryFile(suffix=".time") as report:
        command = ["/usr/bin/time", "-f", "%M", "-o", report.name, sys.executable, "-m", "gwr.cli", "score", *args]
        started = time.perf_counter()
        result = subprocess.run(command, capture_output=True, text=True, env=env, cwd=ROOT)
        seconds = time.perf_counter() - started
        if result.returncode != 0:
            raise RuntimeError(f"gwr score failed: {result.stderr[-2000:]}")
        peak = int(Path(report.name).read_text().split()[-1])
    return seconds, peak, result.stderr


def train_time(env: dict, tmp: str, cv_folds: int) -> tuple[float, str]:
    """Seconds of ``gwr train`` into a temporary SQLite store, and the URI of the model it logged."""
    env = {**env, "MLFLOW_TRACKING_URI": f"sqlite:///{tmp}/bench.db"}
    started = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "gwr.cli", "train", "--no-register", "--cv-folds",
                             str(cv_folds)], capture_output=True, text=True, env=env, cwd=ROOT)
    seconds = time.perf_counter() - started
    if result.returncode != 0:
        raise RuntimeError(f"gwr train failed: {result.stderr[-2000:]}")
    os.environ["MLFLOW_TRACKING_URI"] = env["MLFLOW_TRACKING_URI"]
    return seconds, json.loads(result.stdout)["model_uri"]


def our_test_f1(predictor) -> float:
    """Themes macro-F1 of the measured model on the test split (the peer's yardstick)."""
    from training.dataset import load_labelled
    from training.evaluate import as_predict, predict_records, score

    test = load_labelled(split="test")
    return score(test, predict_records(as_predict(predictor), test))["all_themes_macro_f1"]


def fasttext_peer(texts: list[str], tmp: str) -> dict[str, float]:
    """fastText supervised (one-vs-all, word 1–2-grams) on the train split's jieba tokens: its test-split
    themes macro-F1, and sentences/s over the benchmark sentences with and without segmentation."""
    import fasttext
    import numpy as np

    from model.records import THEMES
    from model.features.tokenize import tokenize_joined
    from training.dataset import load_labelled

    train, test = load_labelled(split="train"), load_labelled(split="test")
    path = Path(tmp) / "fasttext.train"
    with path.open("w", encoding="utf-8") as handle:
        for record, tokens in zip(train, tokenize_joined([r.text for r in train])):
            labels = [t for t in THEMES if getattr(record, t, 0)] or ["none"]
            handle.write(" ".join(f"__label__{t}" for t in labels) + " " + tokens + "\n")
    model = fasttext.train_supervised(str(path), loss="ova", wordNgrams=2, epoch=25, lr=0.5, dim=100,
                                      minCount=1, thread=1, seed=0, verbose=0)
    gold = np.array([[int(bool(getattr(r, t, 0))) for t in THEMES] for r in test])
    labels, probs = model.predict(tokenize_joined([r.text for r in test]), k=-1, threshold=0.5)
    predicted = np.array([[int(f"__label__{t}" in row) for t in THEMES] for row in labels])
    f1s = []
    for j in range(len(THEMES)):
        tp = int((gold[:, j] & predicted[:, j]).sum())
        fp, fn = int(predicted[:, j].sum()) - tp, int(gold[:, j].sum()) - tp
        f1s.append(2 * tp / (2 * tp + fp + fn) if tp else 0.0)
    tokens = tokenize_joined(texts)
    alone = timed(lambda: model.predict(tokens, k=-1, threshold=0.5))
    with_jieba = timed(lambda: model.predict(tokenize_joined(texts), k=-1, threshold=0.5))
    return {"f1": float(np.mean(f1s)), "rate": rate(len(texts), alone), "rate_jieba": rate(len(texts), with_jieba)}


def fastest_passes(texts: list[str], sections: list[str | None], predictor, repeat: int) -> dict[str, float]:
    """Seconds of the fastest of ``repeat`` interleaved passes of: jieba's lcut, the project's segmentation,
    and the Predictor (its result cache and the segmenter's unknown-run cache emptied before each pass)."""
    from model.features.tokenize import _unknown_run, get_tokenizer, tokenize_joined

    lcut = get_tokenizer().lcut
    best = {"jieba": float("inf"), "segmentation": float("inf"), "predictor": float("inf")}
    for _ in range(repeat):
        best["jieba"] = min(best["jieba"], timed(lambda: [lcut(t) for t in texts]))
        _unknown_run.cache_clear()
        best["segmentation"] = min(best["segmentation"], timed(lambda: tokenize_joined(texts)))
        _unknown_run.cache_clear()
        predictor._cache.clear()
        best["predictor"] = min(best["predictor"], timed(lambda: predictor.predict_sentences(texts, sections)))
    return best


def jieba_fast_peer(texts: list[str]) -> dict[str, float]:
    """jieba_fast with the same dictionary: sentences/s, and how many sentences it segments differently."""
    import jieba_fast

    from model.features.tokenize import USER_DICT, get_tokenizer

    fast = jieba_fast.Tokenizer()
    fast.initialize()
    fast.load_userdict(str(USER_DICT))
    seconds = timed(lambda: [fast.lcut(t, HMM=True) for t in texts])
    ours = get_tokenizer()
    differ = sum(fast.lcut(t, HMM=True) != ours.lcut(t, HMM=True) for t in texts)
    return {"rate": rate(len(texts), seconds), "differ": differ}


def cold_start(model_dir: str, env: dict) -> float:
    """Seconds from process start until ``gwr score`` has written its first record."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "o.jsonl"
        started = time.perf_counter()
        proc = subprocess.Popen([sys.executable, "-m", "gwr.cli", "score", str(NATIONAL), "-o", str(out),
                                 "--model", model_dir], stderr=subprocess.DEVNULL, env=env, cwd=ROOT)
        while not (out.exists() and out.stat().st_size > 0):
            if proc.poll() is not None:
                raise RuntimeError("gwr score ended before writing a record")
            time.sleep(0.01)
        seconds = time.perf_counter() - started
        proc.kill()
        proc.wait()
    return seconds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", default=None, help="model URI or local model folder (default: the champion)")
    parser.add_argument("--copies", type=int, nargs="+", default=[1, 4, 16], help="corpus copies for peak RSS")
    parser.add_argument("--train-cv-folds", type=int, default=5, help="CV folds of the timed gwr train")
    parser.add_argument("--repeat", type=int, default=5,
                        help="passes of the in-process timings and of gwr score --jobs 1/2, in turn (fastest kept)")
    parser.add_argument("-o", "--output", default=str(ROOT / "docs" / "benchmarks.md"))
    args = parser.parse_args(argv)

    from model.classifiers.baseline import KeywordBaseline
    from model.features.tokenize import compiled_route_available
    from serve.predictor import Predictor

    log = lambda msg: print(msg, file=sys.stderr, flush=True)  # noqa: E731
    sentences = national_sentences()
    texts = [t for t, _ in sentences]
    sections = [s for _, s in sentences]
    n = len(texts)
    log(f"{n} sentences of {NATIONAL.name}")

    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    rows: dict[str, float] = {}
    store = tempfile.TemporaryDirectory()
    rows["train"], trained_uri = train_time(env, store.name, args.train_cv_folds)
    log(f"gwr train ({args.train_cv_folds}-fold CV, refit, evaluation, logging): {rows['train']:.0f} s")
    predictor = Predictor.load(args.model or trained_uri)
    model_dir = str(predictor.model_dir)

    from model.features.tokenize import cut, get_tokenizer

    lcut = get_tokenizer().lcut
    rows["segmentation_differ"] = sum(cut(t) != lcut(t) for t in texts)
    best = fastest_passes(texts, sections, predictor, args.repeat)
    rows.update({name: rate(n, seconds) for name, seconds in best.items()})
    log(f"jieba floor: {rows['jieba']:,.0f} sentences/s; our segmentation: {rows['segmentation']:,.0f}; "
        f"Predictor.predict_sentences: {rows['predictor']:,.0f} (fastest of {args.repeat} passes each)")
    baseline = KeywordBaseline().fit()
    rows["baseline"] = rate(n, timed(lambda: baseline.predict_sentences(texts, sections)))
    log(f"keyword baseline: {rows['baseline']:,.0f} sentences/s")

    with tempfile.TemporaryDirectory() as tmp:
        fastest = {1: float("inf"), 2: float("inf")}
        for _ in range(args.repeat):
            for jobs in (1, 2):
                seconds, _, _ = gwr_score([str(NATIONAL), "-o", f"{tmp}/j{jobs}.jsonl", "--model", model_dir,
                                           "--jobs", str(jobs)], env)
                fastest[jobs] = min(fastest[jobs], seconds)
        for jobs in (1, 2):
            rows[f"score_jobs{jobs}"] = rate(n, fastest[jobs])
            log(f"gwr score --jobs {jobs}: {rows[f'score_jobs{jobs}']:,.0f} sentences/s (fastest of {args.repeat})")
        rows["cold_start"] = min(cold_start(model_dir, env) for _ in range(args.repeat))
        log(f"cold start: {rows['cold_start']:.2f} s")
        corpus = NATIONAL.read_text(encoding="utf-8").splitlines()
        for copies in args.copies:
            path = Path(tmp) / f"x{copies}.jsonl"
            with path.open("w", encoding="utf-8") as handle:
                for k in range(copies):
                    for line in corpus:
                        record = json.loads(line)
                        record["id"] = record.pop("doc_id", "doc") + f"-copy{k}"
                        handle.write(json.dumps(record, ensure_ascii=False) + "\n")
            _, peak, _ = gwr_score([str(path), "-o", f"{tmp}/rss{copies}.jsonl", "--model", model_dir], env)
            rows[f"rss_x{copies}"] = peak / 1024
            log(f"peak RSS at {copies}x: {rows[f'rss_x{copies}']:.0f} MiB")

    rows["our_f1"] = our_test_f1(predictor)
    peers = Path(store.name)
    try:
        fast_text = fasttext_peer(texts, str(peers))
        log(f"fastText: test themes macro-F1 {fast_text['f1']:.3f}, {fast_text['rate']:,.0f} sentences/s")
    except ImportError:
        fast_text = None
    try:
        jfast = jieba_fast_peer(texts)
        log(f"jieba_fast: {jfast['rate']:,.0f} sentences/s, {jfast['differ']} sentences segmented differently")
    except ImportError:
        jfast = None

    first, last = args.copies[0], args.copies[-1]
    ratios = [
        ("Predictor / jieba floor", rows["predictor"] / rows["jieba"], "≥ 0.8"),
        ("Predictor / the project's own segmentation", rows["predictor"] / rows["segmentation"], "(for reference)"),
        ("gwr score --jobs 2 / --jobs 1", rows["score_jobs2"] / rows["score_jobs1"], "≥ 1.7"),
        (f"peak RSS {last}× / {first}×", rows[f"rss_x{last}"] / rows[f"rss_x{first}"], "≤ 1.2"),
    ]
    lines = [
        "# Benchmarks", "",
        f"All {n:,} sentences of the national reports 1954–2015, one run of `python benchmarks/run.py` "
        f"on {os.cpu_count()} CPUs, model `{predictor.uri}`. On a shared machine the same work takes up to half "
        f"again as long from one minute to the next, so each timing is the fastest of {args.repeat} passes, the "
        "passes of the measures compared in a ratio taken in turn.", "",
        "| measure | value |", "|---|---:|",
        f"| jieba segmentation alone (the floor; fastest of {args.repeat} passes) | {rows['jieba']:,.0f} sentences/s |",
        f"| the project's segmentation (jieba's words; jieba_fast's compiled route "
        f"{'in use' if compiled_route_available() else 'not installed'}; {rows['segmentation_differ']:,} sentences "
        f"segmented differently from jieba) | {rows['segmentation']:,.0f} sentences/s |",
        f"| keyword baseline | {rows['baseline']:,.0f} sentences/s |",
        f"| `Predictor.predict_sentences` (fastest of {args.repeat} passes, caches emptied) | "
        f"{rows['predictor']:,.0f} sentences/s |",
        f"| `gwr score --jobs 1` (whole process: start, read, split, predict, write; fastest of {args.repeat}) | "
        f"{rows['score_jobs1']:,.0f} sentences/s |",
        f"| `gwr score --jobs 2` (the same) | {rows['score_jobs2']:,.0f} sentences/s |",
        f"| cold start to the first scored sentence (fastest of {args.repeat}) | {rows['cold_start']:.2f} s (goal < 3 s) |",
        *(f"| peak RSS of `gwr score`, {c}× the corpus | {rows[f'rss_x{c}']:.0f} MiB |" for c in args.copies),
        f"| `gwr train` ({args.train_cv_folds}-fold grouped CV, refit, test evaluation, MLflow logging) | "
        f"{rows['train']:.0f} s |",
        "", "| peer | test themes macro-F1 | sentences/s |", "|---|---:|---:|",
        f"| gwr-tagger (`Predictor`, segmentation included) | {rows['our_f1']:.3f} | {rows['predictor']:,.0f} |",
        *([f"| fastText supervised, same tokens (segmentation not included) | {fast_text['f1']:.3f} | "
           f"{fast_text['rate']:,.0f} |",
           f"| fastText supervised, segmentation included | {fast_text['f1']:.3f} | {fast_text['rate_jieba']:,.0f} |"]
          if fast_text else ["| fastText | not installed (`bench` extra) | |"]),
        *([f"| jieba_fast segmentation alone | {jfast['differ']:,} of {n:,} sentences segmented differently "
           f"from jieba | {jfast['rate']:,.0f} |"] if jfast else []),
        "", "| ratio | measured | goal |", "|---|---:|---|",
        *(f"| {name} | {value:.2f} | {goal} |" for name, value, goal in ratios), "",
    ]
    Path(args.output).write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
