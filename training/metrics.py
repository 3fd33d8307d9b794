"""Metrics of a tagger on labelled sentences: per-label precision/recall/F1 and PR-AUC, macro and micro
F1 over the themes, and indicator extraction (exact fields, and span overlap)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from sklearn.metrics import average_precision_score, precision_recall_fscore_support

from model.records import LABELS, THEMES, Mention


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
        out["themes_macro_f1"] = float(np.mean([f[j] for j in themes]))
        _, _, micro, _ = precision_recall_fscore_support(Y_true[:, themes], Y_pred[:, themes], average="micro",
                                                         zero_division=0)
        out["themes_micro_f1"] = float(micro)
    return out


def _value_key(m: Mention) -> tuple:
    if m.comparator == "range":
        return ("range", round(m.value_low or 0.0, 4), round(m.value_high or 0.0, 4), m.unit, m.kind)
    return ("value", round(m.value or 0.0, 4), m.unit, m.kind)


def extraction_metrics(gold: Sequence[Sequence[Mention]], predicted: Sequence[Sequence[Mention]]) -> dict[str, float]:
    """Precision/recall/F1 of predicted mentions: ``exact`` (value or range + unit + kind equal) and
    ``span`` (character spans overlap); each gold mention matches at most one prediction."""
    n_gold = sum(len(g) for g in gold)
    n_pred = sum(len(p) for p in predicted)
    tp_exact = tp_span = 0
    for g_list, p_list in zip(gold, predicted):
        remaining = [_value_key(m) for m in g_list]
        for m in p_list:
            key = _value_key(m)
            if key in remaining:
                remaining.remove(key)
                tp_exact += 1
        used: set[int] = set()
        for m in p_list:
            for i, g in enumerate(g_list):
                if i not in used and m.start < g.end and g.start < m.end:
                    used.add(i)
                    tp_span += 1
                    break
    out = {"indicator_gold": float(n_gold), "indicator_predicted": float(n_pred)}
    for name, tp in (("exact", tp_exact), ("span", tp_span)):
        precision = tp / n_pred if n_pred else 0.0
        recall = tp / n_gold if n_gold else 0.0
        out[f"indicator_{name}_precision"] = precision
        out[f"indicator_{name}_recall"] = recall
        out[f"indicator_{name}_f1"] = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return out
