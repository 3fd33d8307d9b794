"""Per-label decision thresholds tuned on out-of-fold probabilities."""

from __future__ import annotations

import numpy as np

GRID = np.round(np.arange(0.05, 0.951, 0.01), 2)


def best_f1_threshold(y_true: np.ndarray, proba: np.ndarray) -> float:
    """The threshold in GRID with the highest F1 (ties: the one nearest 0.5)."""
    y_true = np.asarray(y_true).astype(bool)
    if not y_true.any():
        return 0.5
    best, best_f1 = 0.5, -1.0
    for t in GRID:
        f1 = f1_at(y_true, proba, t)
        if f1 > best_f1 + 1e-12 or (abs(f1 - best_f1) <= 1e-12 and abs(t - 0.5) < abs(best - 0.5)):
            best, best_f1 = float(t), f1
    return best


def f1_at(y_true: np.ndarray, proba: np.ndarray, threshold: float) -> float:
    """F1 of the decisions ``proba >= threshold``."""
    y_true, pred = np.asarray(y_true).astype(bool), np.asarray(proba) >= threshold
    total = pred.sum() + y_true.sum()
    return float(2 * np.sum(pred & y_true) / total) if total else 0.0
