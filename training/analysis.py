"""What a data scientist looks at before retraining: the labelled data by split, and a tagger's errors on it —
per-label confusion, misclassified sentences by error kind, indicator extraction errors against the gold
mentions, and the features each theme model weighs most."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from model.records import LABELS, THEMES, Mention

from .repository import LABELLED
from .evaluate import errors, gold_matrix, prediction_arrays
from .extraction_metrics import overlap_pairs, value_key
from .schema import LabelledSentence

AGREEMENT_FILE = LABELLED / "agreement.json"
EXTRACTION_ERRORS = ("missed", "spurious", "wrong_value", "wrong_kind")


def labelled_frame(records: Sequence[LabelledSentence]) -> pd.DataFrame:
    """One row per labelled sentence: ids, split, source, sampling, length in characters and the five labels."""
    return pd.DataFrame([{"sid": r.sid, "doc_id": r.doc_id, "split": r.split, "source": r.source,
                          "sampling": r.sampling, "chars": len(r.text), "mentions": len(r.mentions),
                          **r.labels} for r in records],
                        columns=["sid", "doc_id", "split", "source", "sampling", "chars", "mentions", *LABELS])


def label_counts(records: Sequence[LabelledSentence]) -> pd.DataFrame:
    """Positive sentences per label (rows) and split (columns, plus ``all``), with a ``sentences`` row."""
    frame = labelled_frame(records)
    counts = frame.groupby("split")[list(LABELS)].sum().T
    counts.loc["sentences"] = frame.groupby("split").size()
    counts["all"] = counts.sum(axis=1)
    counts.columns.name = None
    return counts.astype(int)


def cooccurrence(records: Sequence[LabelledSentence], labels: Sequence[str] = THEMES) -> pd.DataFrame:
    """Sentences that carry both labels; the diagonal holds each label's count."""
    Y = labelled_frame(records)[list(labels)].to_numpy(dtype=int)
    return pd.DataFrame(Y.T @ Y, index=list(labels), columns=list(labels))


def agreement_table(path: str | Path = AGREEMENT_FILE) -> tuple[pd.DataFrame, pd.Series]:
    """Inter-annotator agreement as written by ``gwr data build``: per-label kappa, and mention agreement."""
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        labels = pd.DataFrame(data["labels"]).set_index("label")
        mentions = pd.Series(data["mentions"], name="mentions")
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise ValueError(f"{path}: not an agreement file ({exc})") from None
    return labels, mentions


def confusion_table(records: Sequence[LabelledSentence], predictions: Sequence[dict]) -> pd.DataFrame:
    """Per label: true/false positives and negatives, precision, recall and F1 of the predicted flags."""
    gold = gold_matrix(records)
    flags, _, _ = prediction_arrays(predictions)
    rows = []
    for j, label in enumerate(LABELS):
        tp = int(((gold[:, j] == 1) & (flags[:, j] == 1)).sum())
        fp = int(((gold[:, j] == 0) & (flags[:, j] == 1)).sum())
        fn = int(((gold[:, j] == 1) & (flags[:, j] == 0)).sum())
        tn = len(gold) - tp - fp - fn
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        rows.append({"label": label, "tp": tp, "fp": fp, "fn": fn, "tn": tn,
                     "precision": precision, "recall": recall, "f1": f1})
    return pd.DataFrame(rows).set_index("label")


def error_groups(records: Sequence[LabelledSentence], predictions: Sequence[dict]
                 ) -> dict[tuple[str, str], pd.DataFrame]:
    """The misclassified sentences by (label, ``false_positive``|``false_negative``), most confident
    mistakes first, for every label and kind that has any."""
    rows = pd.DataFrame(errors(records, predictions),
                        columns=["sid", "source", "label", "error", "probability", "section", "text"])
    groups = {}
    for label in LABELS:
        for kind in ("false_positive", "false_negative"):
            group = rows[(rows["label"] == label) & (rows["error"] == kind)]
            if len(group):
                groups[(label, kind)] = group.sort_values("probability", ascending=kind == "false_negative",
                                                          kind="stable").reset_index(drop=True)
    return groups


def describe_mention(m: Mention | None) -> str:
    """A mention in one line: indicator, comparator, value (or range) with unit, kind/measure."""
    if m is None:
        return ""
    value = f"{m.value_low:g}–{m.value_high:g}" if m.value is None else f"{m.value:g}"
    return f"{m.indicator} {m.comparator} {value}{m.unit} ({m.kind}/{m.measure})"


def extraction_errors(records: Sequence[LabelledSentence], predictions: Sequence[dict]) -> pd.DataFrame:
    """Every extraction error against the gold mentions, one row each: ``missed`` (a gold mention with no
    overlapping prediction), ``spurious`` (a prediction overlapping no gold mention), ``wrong_value``
    (spans overlap, value or unit differ) and ``wrong_kind`` (same value, target vs actual confused)."""
    _, _, predicted = prediction_arrays(predictions)
    rows = []
    for record, found in zip(records, predicted, strict=True):
        pairs = overlap_pairs(record.mentions, found)
        paired_gold = {id(g) for g, _ in pairs}
        paired_pred = {id(p) for _, p in pairs}
        found_errors = [("missed", g, None) for g in record.mentions if id(g) not in paired_gold]
        found_errors += [("spurious", None, p) for p in found if id(p) not in paired_pred]
        for g, p in pairs:
            if value_key(g) != value_key(p):
                found_errors.append(("wrong_value", g, p))
            elif g.kind != p.kind:
                found_errors.append(("wrong_kind", g, p))
        for kind, g, p in found_errors:
            where = g if g is not None else p
            rows.append({"sid": record.sid, "error": kind, "gold": describe_mention(g),
                         "predicted": describe_mention(p), "span": record.text[where.start:where.end],
                         "text": record.text})
    frame = pd.DataFrame(rows, columns=["sid", "error", "gold", "predicted", "span", "text"])
    order = {kind: i for i, kind in enumerate(EXTRACTION_ERRORS)}
    return frame.sort_values("error", key=lambda s: s.map(order), kind="stable").reset_index(drop=True)


def label_weights(classifier, names) -> pd.DataFrame:
    """Weight of every feature (rows, named by ``names``: the tagger's ``features_.get_feature_names_out()``)
    for every label (columns) of a fitted :class:`~model.classifiers.sentence_classifier.SentenceClassifier`: the
    logistic-regression coefficients, averaged over the calibration folds' base estimators. A label fitted
    as a constant (too few positives) has none."""
    weights = {}
    for label, estimator in zip(classifier.labels_, classifier.estimators_):
        if estimator.model_ is None:
            continue
        coefs = [c.estimator.coef_.ravel() for c in estimator.model_.calibrated_classifiers_]
        weights[label] = np.mean(coefs, axis=0)
    return pd.DataFrame(weights, index=pd.Index(names, name="feature"))


def top_features(classifier, names, n: int = 15, negative: bool = False) -> pd.DataFrame:
    """The ``n`` features with the largest weight for each label (the most negative with ``negative``),
    with the feature block (``word`` n-gram, ``char`` n-gram, ``dict`` keyword) split from the name."""
    weights = label_weights(classifier, names)
    rows = []
    for label in weights.columns:
        column = weights[label].sort_values(ascending=negative, kind="stable").head(n)
        for rank, (name, weight) in enumerate(column.items(), start=1):
            block, _, feature = str(name).partition("__")
            rows.append({"label": label, "rank": rank, "block": block, "feature": feature, "weight": float(weight)})
    return pd.DataFrame(rows, columns=["label", "rank", "block", "feature", "weight"])


def feature_table(top: pd.DataFrame) -> pd.DataFrame:
    """:func:`top_features` for reading: one column per label (in model order), one row per rank, each cell
    ``feature [block] weight``."""
    cells = top.assign(cell=[f"{f} [{b}] {w:+.2f}" for f, b, w in zip(top["feature"], top["block"], top["weight"])])
    table = cells.pivot(index="rank", columns="label", values="cell")
    return table[list(dict.fromkeys(top["label"]))]
