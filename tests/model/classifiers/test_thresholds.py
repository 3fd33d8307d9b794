"""Decision thresholds: the best F1 on the grid, ties to the one nearest 0.5, 0.5 with no positives."""

from __future__ import annotations

import numpy as np

from model.classifiers.thresholds import GRID, best_f1_threshold


def test_best_f1_threshold():
    y = np.array([1, 1, 0, 0, 0])
    proba = np.array([0.9, 0.35, 0.3, 0.1, 0.05])
    assert best_f1_threshold(y, proba) == 0.35          # both positives, no negative
    assert best_f1_threshold(np.zeros(5), proba) == 0.5
    assert best_f1_threshold(np.array([1, 0]), np.array([0.99, 0.01])) == 0.5  # a tie over 0.02-0.99: nearest 0.5
    assert GRID[0] == 0.05 and GRID[-1] == 0.95
