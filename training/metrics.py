"""Metrics of a tagger on labelled sentences: per-label precision/recall/F1 and PR-AUC, macro and micro
F1 over the themes, and indicator extraction (exact fields, and span overlap)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from sklearn.metrics import average_precision_score, precision_recall_fscore_support

from model.records import LABELS, THEMES, Mention

from .extraction_metrics import extraction_scores


def label_metrics(Y_true: np.ndarray, Y_pred: np.ndarray, proba: np.ndarray | None,
                  names: Sequence[str] = LABELS) -> dict[str, float]:
    """``{label}_precision/_recall/_f1/_pr_auc/_support`` per label, and theme macro/micro F1."""
    Y_true, Y_pred = np.asarray(Y_true, dtype=int), np.asarray(Y_pred, dtype=int)
    out: dict[str, float] = {}
    p, r, f, s = precision_recall_fscore_support(Y_true, Y_pred, average=None, zero_division=0,
                                                 labels=list(range(len(names))))
    for j, name in enumerate(names):
        out[f"{name}_precision"], out[f"{name}_recall"], out[f"{name}_f1"] = float(p[j]), float(r[j]), float(f[j])
        out[f"{name}_support"] = float(Y_true[:, j].sum())
        if proba is not None and 0 < Y_true[:, j].sum() < len(Y_true):
            out[f"{name}_pr_auc"] = float(average_precision_score(Y_true[:, j], proba[:, j]))
    themes = [j for j, n in enumerate(names) if n in THEMES]
    if themes:
        # A theme with no gold sentence in a part (talent in a few local test pages) has no defined F1;
        # the macro average is over the themes present, so it is not pulled to 0 by an empty class.
        present = [j for j in themes if Y_true[:, j].sum() > 0] or themes
        out["themes_macro_f1"] = float(np.mean([f[j] for j in present]))
        _, _, micro, _ = precision_recall_fscore_support(Y_true[:, themes], Y_pred[:, themes], average="micro",
                                                         zero_division=0)
        out["themes_micro_f1"] = float(micro)
    return out


def extraction_metrics(gold: Sequence[Sequence[Mention]], predicted: Sequence[Sequence[Mention]]) -> dict[str, float]:
    """Indicator extraction as flat metrics (see :func:`training.extraction_metrics.extraction_scores`):
    ``indicator_{exact,value,span}_{precision,recall,f1}`` and the field accuracies on span matches."""
    scores = extraction_scores(gold, predicted)
    out = {"indicator_gold": scores["counts"]["gold"], "indicator_predicted": scores["counts"]["predicted"]}
    for name in ("exact", "value", "span"):
        for stat in ("precision", "recall", "f1"):
            out[f"indicator_{name}_{stat}"] = scores[name][stat]
    for field in ("kind", "comparator", "measure", "name_exact"):
        out[f"indicator_{field}_accuracy"] = scores["fields"][f"{field}_accuracy"]
    out["indicator_name_char_f1"] = scores["fields"]["name_char_f1"]
    return out
