"""``gwr study``: what the theme models gain from each feature block and model family, and from more data.

Every figure is of the theme heads alone, fitted as ``gwr train`` fits them: grouped cross-validation over the
train split's documents (its folds, like ``gwr train``'s, widen the vocabulary with no unlabelled text), and the
fixed test split by part with the model fitted on the whole train split and the unlabelled report text. Three
tables: the blocks added one at a time to the linear heads; model families on the same blocks (with how far
each label's threshold moves between folds); a learning curve over fractions of the train documents; and the
per-label precision, recall and F1 on the test split beside the keyword baseline. The last block, the words of
the sentence's heading and its part (review/plan), is one the scoring path does not read yet: the study says
what it would add.
"""

from __future__ import annotations

import random
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from model.classifiers.baseline import KeywordBaseline
from model.classifiers.themes import ThemeClassifier
from model.features.text_features import make_text_features
from model.records import THEMES

from .dataset import load_labelled
from .evaluate import PARTS, as_predict, gold_matrix, prediction_arrays, predict_records
from .metrics import label_metrics
from .repository import DEFAULT_DATA
from .schema import LabelledSentence
from .study_heads import ThresholdedHeads

# Feature blocks of make_text_features, added one at a time.
BLOCKS = {
    "n-grams": dict(use_dictionary=False, use_theme_lexicon=False, use_embedding=False),
    "+ dictionary": dict(use_theme_lexicon=False, use_embedding=False),
    "+ theme lexicon": dict(use_embedding=False),
    "+ word vectors (all blocks)": dict(),
    "+ heading and part": dict(context=True),
}
DENSE = dict(use_ngrams=False)
# A threshold this close to the ends of the tuning grid says the label's probabilities do not rank.
EXTREME = (0.06, 0.94)
TEST_PARTS = ("all", "local", "national", "recent", "devset")


def _linear(random_state: int):
    return ThemeClassifier(random_state=random_state)


def _boosted(random_state: int):
    from sklearn.ensemble import HistGradientBoostingClassifier

    return ThresholdedHeads(HistGradientBoostingClassifier(max_iter=100, learning_rate=0.1, max_leaf_nodes=15,
                                                           l2_regularization=1.0, max_features=0.3,
                                                           early_stopping=True, random_state=random_state), cv=3)


def _mlp(random_state: int):
    from sklearn.neural_network import MLPClassifier

    return ThresholdedHeads(MLPClassifier(hidden_layer_sizes=(64,), alpha=1e-3, max_iter=300, early_stopping=True,
                                          random_state=random_state), cv=3)


# name → (blocks, head): the families compared on the same blocks.
FAMILIES: dict[str, tuple[dict, Callable]] = {
    "linear, all blocks": (BLOCKS["+ word vectors (all blocks)"], _linear),
    "linear, dense blocks": (DENSE, _linear),
    "boosted trees, dense blocks": (DENSE, _boosted),
    "MLP, dense blocks": (DENSE, _mlp),
}


@dataclass
class StudyConfig:
    data: str = str(DEFAULT_DATA)
    folds: int = 3
    random_state: int = 0
    unlabelled_limit: int = 30000
    fractions: tuple[float, ...] = (0.25, 0.5, 1.0)
    families: tuple[str, ...] = tuple(FAMILIES)


@dataclass
class Fitted:
    """Theme probabilities and decisions of held-out sentences, and the thresholds of each fitted head."""

    proba: np.ndarray
    flags: np.ndarray
    thresholds: list[np.ndarray]


def _frame(records: Sequence[LabelledSentence]):
    """The sentence frame of ``records``, with the words of each one's heading (``heading_tokens``)."""
    from model.features.frame import sentence_frame
    from model.features.tokenize import tokenize_joined

    frame = sentence_frame([r.text for r in records], [r.section for r in records])
    frame["heading_tokens"] = tokenize_joined([r.heading or "" for r in records])
    return frame


def _features(blocks: dict, random_state: int):
    """make_text_features with ``blocks``; ``context=True`` adds the heading's words and the part."""
    from sklearn.preprocessing import OneHotEncoder

    from model.features.tfidf import mask_digits
    from model.features.tfidf_vectorizer import TfidfFeatures
    from model.features.tokenize import split_tokens
    from model.records import SECTIONS

    blocks = dict(blocks)
    context = blocks.pop("context", False)
    features = make_text_features(random_state=random_state, **blocks)
    if context:
        features.transformers += [
            ("heading", TfidfFeatures(tokenizer=split_tokens, token_pattern=None, lowercase=False,
                                      preprocessor=mask_digits, min_df=2, sublinear_tf=True), "heading_tokens"),
            ("part", OneHotEncoder(categories=[[*SECTIONS, "none"]], handle_unknown="ignore"), ["section"])]
    return features


def fit_and_predict(blocks: dict, head: Callable, train: Sequence[LabelledSentence],
                    held: Sequence[LabelledSentence], random_state: int, unlabelled=None) -> Fitted:
    """The theme heads fitted on ``train`` (features widened by ``unlabelled``), scoring ``held``."""
    import pandas as pd

    X = _frame(train)
    features = _features(blocks, random_state)
    if unlabelled is not None and "heading_tokens" not in unlabelled:
        unlabelled = unlabelled.assign(heading_tokens="")
    features.fit(X if unlabelled is None else pd.concat([X, unlabelled[X.columns]], ignore_index=True))
    model = head(random_state).fit(features.transform(X), gold_matrix(train)[:, :len(THEMES)],
                                   groups=[r.doc_id for r in train])
    proba = model.predict_proba(features.transform(_frame(held)))
    return Fitted(proba, (proba >= model.thresholds_).astype(int), [np.asarray(model.thresholds_)])


def cross_validated(blocks: dict, head: Callable, train: Sequence[LabelledSentence], folds: int,
                    random_state: int) -> Fitted:
    """Out-of-fold theme probabilities of the train split (grouped by document), and each fold's thresholds."""
    from sklearn.model_selection import GroupKFold

    groups = np.array([r.doc_id for r in train])
    proba, flags = np.zeros((len(train), len(THEMES))), np.zeros((len(train), len(THEMES)), dtype=int)
    thresholds = []
    for tr, va in GroupKFold(n_splits=min(folds, len(set(groups)))).split(np.zeros(len(train)), groups=groups):
        fitted = fit_and_predict(blocks, head, [train[i] for i in tr], [train[i] for i in va], random_state)
        proba[va], flags[va] = fitted.proba, fitted.flags
        thresholds += fitted.thresholds
    return Fitted(proba, flags, thresholds)


def theme_scores(records: Sequence[LabelledSentence], fitted: Fitted, parts: Sequence[str] = TEST_PARTS
                 ) -> dict[str, float]:
    """``{part}_themes_macro_f1`` and per label ``{part}_{label}_{precision,recall,f1}`` of each part present."""
    gold = gold_matrix(records)[:, :len(THEMES)]
    out = {}
    for part in parts:
        idx = [i for i, r in enumerate(records) if PARTS[part](r)]
        if not idx:
            continue
        metrics = label_metrics(gold[idx], fitted.flags[idx], fitted.proba[idx], names=THEMES)
        out[f"{part}_themes_macro_f1"] = metrics["themes_macro_f1"]
        for label in THEMES:
            for stat in ("precision", "recall", "f1"):
                out[f"{part}_{label}_{stat}"] = metrics[f"{label}_{stat}"]
    return out


def threshold_spread(fitted: Fitted) -> dict[str, tuple[float, float]]:
    """Each label's lowest and highest threshold over the folds."""
    stacked = np.vstack(fitted.thresholds)
    return {label: (float(stacked[:, j].min()), float(stacked[:, j].max())) for j, label in enumerate(THEMES)}


def document_fraction(records: Sequence[LabelledSentence], fraction: float, seed: int) -> list[LabelledSentence]:
    """The records of a random ``fraction`` of their documents (at least one), each source sampled alike."""
    if fraction >= 1:
        return list(records)
    keep = set()
    rng = random.Random(seed)
    for source in sorted({r.source for r in records}):
        docs = sorted({r.doc_id for r in records if r.source == source})
        keep |= set(rng.sample(docs, max(1, round(fraction * len(docs)))))
    return [r for r in records if r.doc_id in keep]


def run(config: StudyConfig, log=lambda msg: print(msg, file=sys.stderr)) -> dict:
    """Every table of the study; returns the figures and the text of the tables."""
    from .corpus import unlabelled_frame

    train = load_labelled(config.data, split="train")
    test = load_labelled(config.data, split="test")
    unlabelled = (unlabelled_frame({r.doc_id for r in test}, limit=config.unlabelled_limit, seed=config.random_state)
                  if config.unlabelled_limit > 0 else None)
    if unlabelled is not None and unlabelled.empty:
        unlabelled = None
    rs = config.random_state
    cache: dict[tuple, tuple[float, dict, Fitted]] = {}

    def study(name: str, blocks: dict, head: Callable) -> tuple[float, dict, Fitted]:
        key = (tuple(sorted(blocks.items())), head)
        if key not in cache:
            log(f"  {name}: {config.folds}-fold grouped CV, then the test split…")
            cv = cross_validated(blocks, head, train, config.folds, rs)
            cv_f1 = label_metrics(gold_matrix(train)[:, :len(THEMES)], cv.flags, cv.proba, names=THEMES)["themes_macro_f1"]
            fitted = fit_and_predict(blocks, head, train, test, rs, unlabelled)
            cache[key] = (cv_f1, theme_scores(test, fitted), cv)
        return cache[key]

    log("gwr study: the blocks, one at a time (linear heads)…")
    blocks = {name: study(name, b, _linear) for name, b in BLOCKS.items()}
    log("gwr study: model families on the same blocks…")
    families = {name: study(name, *FAMILIES[name]) for name in config.families}
    log("gwr study: the learning curve…")
    curve = {}
    every_block = BLOCKS["+ word vectors (all blocks)"]
    for fraction in config.fractions:
        part = document_fraction(train, fraction, rs)
        scores = (blocks["+ word vectors (all blocks)"][1] if len(part) == len(train)  # the block table's fit
                  else theme_scores(test, fit_and_predict(every_block, _linear, part, test, rs, unlabelled)))
        curve[fraction] = (len({r.doc_id for r in part}), len(part), scores)
    baseline = KeywordBaseline().fit()
    base_flags, base_proba, _ = prediction_arrays(predict_records(as_predict(baseline), test))
    base = theme_scores(test, Fitted(base_proba[:, :len(THEMES)], base_flags[:, :len(THEMES)], []))
    tables = "\n\n".join([
        _table("blocks added to the linear heads", {n: v[:2] for n, v in blocks.items()}),
        _table("model families on the same blocks", {n: v[:2] for n, v in families.items()}),
        _spread_table({n: threshold_spread(v[2]) for n, v in families.items()}),
        _curve_table(curve),
        _labels_table(families.get("linear, all blocks", blocks["+ word vectors (all blocks)"])[1], base),
    ])
    return {"blocks": {n: {"cv_themes_macro_f1": v[0], **v[1]} for n, v in blocks.items()},
            "families": {n: {"cv_themes_macro_f1": v[0], **v[1],
                             "thresholds": threshold_spread(v[2])} for n, v in families.items()},
            "curve": {str(f): {"documents": d, "sentences": s, **m} for f, (d, s, m) in curve.items()},
            "baseline": base, "tables": tables}


def _table(title: str, rows: dict[str, tuple[float, dict]]) -> str:
    head = f"{title:<36}{'CV':>7}" + "".join(f"{p:>10}" for p in TEST_PARTS)
    lines = [head, "  (themes macro-F1: grouped CV on train; test split by part)"]
    for name, (cv, test) in rows.items():
        lines.append(f"  {name:<34}{cv:>7.3f}" + "".join(
            f"{test[f'{p}_themes_macro_f1']:>10.3f}" if f"{p}_themes_macro_f1" in test else f"{'':>10}"
            for p in TEST_PARTS))
    return "\n".join(lines)


def _spread_table(spreads: dict[str, dict[str, tuple[float, float]]]) -> str:
    lines = [f"{'thresholds over the CV folds (min–max)':<36}" + "".join(f"{t:>14}" for t in THEMES)]
    for name, spread in spreads.items():
        cells = []
        for label in THEMES:
            lo, hi = spread[label]
            mark = "!" if lo <= EXTREME[0] or hi >= EXTREME[1] else " "
            cells.append(f"{lo:.2f}–{hi:.2f}{mark}".rjust(14))
        lines.append(f"  {name:<34}" + "".join(cells))
    lines.append("  (! a threshold at an end of the grid)")
    return "\n".join(lines)


def _curve_table(curve: dict) -> str:
    lines = [f"{'learning curve (linear, all blocks)':<36}{'docs':>6}{'sents':>7}" + "".join(f"{p:>10}" for p in TEST_PARTS)]
    for fraction, (docs, sentences, test) in curve.items():
        lines.append(f"  {f'{fraction:.0%} of the train documents':<34}{docs:>6}{sentences:>7}" + "".join(
            f"{test[f'{p}_themes_macro_f1']:>10.3f}" if f"{p}_themes_macro_f1" in test else f"{'':>10}"
            for p in TEST_PARTS))
    return "\n".join(lines)


def _labels_table(model: dict, baseline: dict) -> str:
    lines = [f"{'test split, per label':<36}{'model P':>9}{'R':>7}{'F1':>7}{'baseline P':>12}{'R':>7}{'F1':>7}"]
    for part in TEST_PARTS:
        if f"{part}_themes_macro_f1" not in model:
            continue
        lines.append(f"  {part}")
        for label in THEMES:
            m = [model[f"{part}_{label}_{s}"] for s in ("precision", "recall", "f1")]
            b = [baseline[f"{part}_{label}_{s}"] for s in ("precision", "recall", "f1")]
            lines.append(f"    {label:<32}{m[0]:>9.3f}{m[1]:>7.3f}{m[2]:>7.3f}{b[0]:>12.3f}{b[1]:>7.3f}{b[2]:>7.3f}")
    return "\n".join(lines)


def track(config: StudyConfig, summary: dict, experiment: str = "gwr-tagger-study") -> str:
    """Log the study as one MLflow run (its parameters, every figure, the tables); the run id."""
    import mlflow

    from model.runtime.store import configure_tracking

    from .tracking import ensure_experiment

    configure_tracking()
    with mlflow.start_run(experiment_id=ensure_experiment(experiment)) as active:
        mlflow.log_params({"folds": config.folds, "random_state": config.random_state,
                           "unlabelled_limit": config.unlabelled_limit,
                           "fractions": ",".join(map(str, config.fractions)), "families": ",".join(config.families)})
        for table, prefix in (("blocks", "block"), ("families", "family")):
            for i, (name, figures) in enumerate(summary[table].items()):
                mlflow.log_metrics({f"{prefix}{i}_{k}": v for k, v in figures.items() if isinstance(v, float)})
                mlflow.set_tag(f"{prefix}{i}", name)
        for fraction, figures in summary["curve"].items():
            mlflow.log_metrics({f"curve_{fraction}_{k}": float(v) for k, v in figures.items()})
        mlflow.log_text(summary["tables"], "study/tables.txt")
        return active.info.run_id
