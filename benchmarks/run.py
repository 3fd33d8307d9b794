"""Scoring speed and memory, measured in one run on unique inputs (a repeated sentence is a result-cache hit
and hides the cost), as absolute figures and as ratios to their natural limits:

1. the floor: plain ``jieba.lcut`` (jieba's own dictionary) over every unique national sentence, in process and
   as a whole process (start, read the JSONL, segment); beside it jieba with the models' dictionary and the
   project's own segmentation (the same words, jieba_fast's compiled route where installed);
2. the keyword baseline;
3. ``Predictor.predict_sentences`` (themes + quant_target + indicators). The floors, the project's segmentation
   and the Predictor are timed in turn ``--repeat`` times (each Predictor pass with empty caches) and the fastest
   pass of each is reported, so a busy moment of a shared machine weighs on none of them;
4. ``gwr score`` end to end with ``--jobs 1`` and ``--jobs 2``, on the unique sentences as ``--sentences``
   records and on the national reports as documents (run in turn ``--repeat`` times, the fastest kept); the
   reports' own share of repeated sentences (cache hits) is reported apart;
5. cold start: process start to the first scored sentence;
6. peak RSS of ``gwr score`` over 1×, 4× and 16× the reports, every copy's sentences made unique;
7. ``gwr spark`` on ``local[2]`` over the unique sentences (when pyspark and Java are there);
8. the time of ``gwr train`` (into a temporary MLflow store);
9. peers: fastText supervised on the same train split and the same jieba tokens (test-split F1 and
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
LARGER = 4  # copies of the reports on which the --jobs ratio is measured again


def national_sentences() -> list[tuple[str, str | None]]:
    from model.text.inputs import InputFailure, iter_documents

    return [(s.text, s.section) for d in iter_documents([str(NATIONAL)]) if not isinstance(d, InputFailure)
            for s in d.sentences]


def unique(sentences: list[tuple[str, str | None]]) -> list[tuple[str, str | None]]:
    """Each text once (its first section), in corpus order."""
    return list({text: (text, section) for text, section in reversed(sentences)}.values())[::-1]


def write_sentence_records(sentences: list[tuple[str, str | None]], path: Path) -> Path:
    with path.open("w", encoding="utf-8") as handle:
        for k, (text, section) in enumerate(sentences):
            handle.write(json.dumps({"id": f"s{k}", "text": text, "section": section}, ensure_ascii=False) + "\n")
    return path


def write_unique_copies(copies: int, path: Path) -> Path:
    """``copies`` copies of the national reports as JSONL documents; in copy k every sentence end (。) carries
    the mark （k）, so no sentence of one copy repeats one of another."""
    corpus = NATIONAL.read_text(encoding="utf-8").splitlines()
    with path.open("w", encoding="utf-8") as handle:
        for k in range(copies):
            for line in corpus:
                record = json.loads(line)
                record["id"] = record.pop("doc_id", "doc") + f"-copy{k}"
                if k:
                    record["text"] = record["text"].replace("。", f"。（{k}）")
                handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    return path


FLOOR_PROCESS = """
import json, sys, jieba
jieba.initialize()
with open(sys.argv[1], encoding="utf-8") as handle:
    for line in handle:
        jieba.lcut(json.loads(line)["text"])
"""


def floor_process(path: Path, env: dict) -> float:
    """Seconds of a whole process that starts, reads the sentence records and segments each with jieba.lcut."""
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", FLOOR_PROCESS, str(path)], check=True, env=env, cwd=ROOT)
    return time.perf_counter() - started


def spark_rate(sentences_path: Path, n: int, model_dir: str, env: dict, tmp: str) -> float | None:
    """Sentences/s of ``gwr spark`` (whole process, local[2]) over the sentence records; None without Spark."""
    import shutil

    try:
        import pyspark  # noqa: F401
    except ImportError:
        return None
    if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
        return None
    started = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "gwr.cli", "spark", str(sentences_path), "-o",
                             f"{tmp}/spark", "--model", model_dir, "--master", "local[2]"],
                            capture_output=True, text=True, env=env, cwd=ROOT)
    if result.returncode != 0:
        raise RuntimeError(f"gwr spark failed: {result.stderr[-2000:]}")
    return rate(n, time.perf_counter() - started)


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
    """Seconds of the fastest of ``repeat`` interleaved passes of: plain ``jieba.lcut``, jieba with the models'
    dictionary, the project's segmentation, and the Predictor (its result cache and the segmenter's
    unknown-run cache emptied before each pass)."""
    from model.features.tokenize import _unknown_run, get_tokenizer, tokenize_joined

    import jieba

    jieba.initialize()
    lcut = get_tokenizer().lcut
    best = {"jieba": float("inf"), "jieba_models": float("inf"), "segmentation": float("inf"),
            "predictor": float("inf")}
    for _ in range(repeat):
        best["jieba"] = min(best["jieba"], timed(lambda: [jieba.lcut(t) for t in texts]))
        best["jieba_models"] = min(best["jieba_models"], timed(lambda: [lcut(t) for t in texts]))
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
    every = national_sentences()
    sentences = unique(every)
    texts = [t for t, _ in sentences]
    sections = [s for _, s in sentences]
    n = len(texts)
    repeated = 1 - n / len(every)
    log(f"{len(every)} sentences of {NATIONAL.name}, {n} unique ({repeated:.1%} would be cache hits)")

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
    log(f"jieba.lcut floor: {rows['jieba']:,.0f} sentences/s; with the models' dictionary: "
        f"{rows['jieba_models']:,.0f}; our segmentation: {rows['segmentation']:,.0f}; "
        f"Predictor.predict_sentences: {rows['predictor']:,.0f} (fastest of {args.repeat} passes each)")
    baseline = KeywordBaseline().fit()
    rows["baseline"] = rate(n, timed(lambda: baseline.predict_sentences(texts, sections)))
    log(f"keyword baseline: {rows['baseline']:,.0f} sentences/s")

    with tempfile.TemporaryDirectory() as tmp:
        records = write_sentence_records(sentences, Path(tmp) / "unique_sentences.jsonl")
        shapes = {"sentences": ([str(records), "--sentences"], n),
                  "reports": ([str(NATIONAL)], len(every))}
        fastest = {(shape, jobs): float("inf") for shape in shapes for jobs in (1, 2)}
        fastest_floor = float("inf")
        for _ in range(args.repeat):
            fastest_floor = min(fastest_floor, floor_process(records, env))
            for shape, (inputs, _) in shapes.items():
                for jobs in (1, 2):
                    seconds, _, _ = gwr_score([*inputs, "-o", f"{tmp}/{shape}{jobs}.jsonl", "--model", model_dir,
                                               "--jobs", str(jobs)], env)
                    fastest[shape, jobs] = min(fastest[shape, jobs], seconds)
        rows["floor_process"] = rate(n, fastest_floor)
        log(f"whole-process jieba.lcut floor: {rows['floor_process']:,.0f} sentences/s")
        for (shape, jobs), seconds in fastest.items():
            rows[f"score_{shape}_jobs{jobs}"] = rate(shapes[shape][1], seconds)
            log(f"gwr score ({shape}) --jobs {jobs}: {rows[f'score_{shape}_jobs{jobs}']:,.0f} sentences/s")
        rows["cold_start"] = min(cold_start(model_dir, env) for _ in range(args.repeat))
        log(f"cold start: {rows['cold_start']:.2f} s")
        for copies in args.copies:
            path = write_unique_copies(copies, Path(tmp) / f"x{copies}.jsonl")
            seconds, peak, _ = gwr_score([str(path), "-o", f"{tmp}/rss{copies}.jsonl", "--model", model_dir], env)
            rows[f"rss_x{copies}"] = peak / 1024
            log(f"peak RSS at {copies}x: {rows[f'rss_x{copies}']:.0f} MiB")
            if copies == LARGER:  # the same ratio where the start of the process weighs less
                two, _, _ = gwr_score([str(path), "-o", f"{tmp}/j2x{copies}.jsonl", "--model", model_dir,
                                       "--jobs", "2"], env)
                one, _, _ = gwr_score([str(path), "-o", f"{tmp}/j1x{copies}.jsonl", "--model", model_dir], env)
                rows["larger_jobs_ratio"] = min(seconds, one) / two
                log(f"reports {copies}x (unique): --jobs 2 / --jobs 1 = {rows['larger_jobs_ratio']:.2f}")
        spark = spark_rate(records, n, model_dir, env, tmp)
        if spark is not None:
            rows["spark"] = spark
            log(f"gwr spark (local[2]): {spark:,.0f} sentences/s")

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
        ("Predictor / jieba.lcut floor (in process)", rows["predictor"] / rows["jieba"], "≥ 0.5"),
        ("Predictor / jieba with the models' dictionary", rows["predictor"] / rows["jieba_models"], "(reference)"),
        ("Predictor / the project's own segmentation", rows["predictor"] / rows["segmentation"], "(reference)"),
        ("gwr score --sentences --jobs 1 / whole-process floor", rows["score_sentences_jobs1"] / rows["floor_process"],
         "≥ 0.6"),
        ("gwr score --sentences: --jobs 2 / --jobs 1", rows["score_sentences_jobs2"] / rows["score_sentences_jobs1"],
         "≥ 1.8"),
        ("gwr score reports: --jobs 2 / --jobs 1", rows["score_reports_jobs2"] / rows["score_reports_jobs1"], "≥ 1.8"),
        *([(f"gwr score reports {LARGER}× (unique copies): --jobs 2 / --jobs 1", rows["larger_jobs_ratio"], "≥ 1.8")]
          if "larger_jobs_ratio" in rows else []),
        (f"peak RSS {last}× / {first}× (unique copies)", rows[f"rss_x{last}"] / rows[f"rss_x{first}"], "≤ 1.2"),
    ]
    lines = [
        "# Benchmarks", "",
        f"The {n:,} unique sentences of the national reports 1954–2015 ({len(every):,} in all: {repeated:.1%} of "
        f"them repeat an earlier one and would be result-cache hits, so they are left out of every timing but the "
        f"reports', whose share is that), one run of `python benchmarks/run.py` on {os.cpu_count()} CPUs, model "
        f"`{predictor.uri}`. On a shared machine the same work takes up to half again as long from one minute to "
        f"the next, so each timing is the fastest of {args.repeat} passes, the passes of the measures compared in a "
        "ratio taken in turn.", "",
        "| measure | value |", "|---|---:|",
        f"| plain `jieba.lcut` (the floor, in process) | {rows['jieba']:,.0f} sentences/s |",
        f"| plain `jieba.lcut` as a whole process (start, read the JSONL, segment) | {rows['floor_process']:,.0f} "
        "sentences/s |",
        f"| jieba with the models' dictionary | {rows['jieba_models']:,.0f} sentences/s |",
        f"| the project's segmentation (jieba's words; jieba_fast's compiled route "
        f"{'in use' if compiled_route_available() else 'not installed'}; {rows['segmentation_differ']:,} sentences "
        f"segmented differently from jieba) | {rows['segmentation']:,.0f} sentences/s |",
        f"| keyword baseline | {rows['baseline']:,.0f} sentences/s |",
        f"| `Predictor.predict_sentences` (caches emptied) | {rows['predictor']:,.0f} sentences/s |",
        f"| `gwr score --sentences --jobs 1` (whole process: start, read, predict, write) | "
        f"{rows['score_sentences_jobs1']:,.0f} sentences/s |",
        f"| `gwr score --sentences --jobs 2` | {rows['score_sentences_jobs2']:,.0f} sentences/s |",
        f"| `gwr score` reports `--jobs 1` (start, read, split, predict, write) | "
        f"{rows['score_reports_jobs1']:,.0f} sentences/s |",
        f"| `gwr score` reports `--jobs 2` | {rows['score_reports_jobs2']:,.0f} sentences/s |",
        f"| cold start to the first scored sentence | {rows['cold_start']:.2f} s (goal < 1.5 s) |",
        *(f"| peak RSS of `gwr score`, {c}× the reports (unique copies) | {rows[f'rss_x{c}']:.0f} MiB |"
          for c in args.copies),
        *([f"| `gwr spark` on `local[2]` (whole process, Spark start included) | {rows['spark']:,.0f} sentences/s |"]
          if "spark" in rows else ["| `gwr spark` | not run (no pyspark or no Java) |"]),
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
