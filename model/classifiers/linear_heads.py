"""Probabilities of several calibrated logistic regressions from one sparse product: the array form of a
:class:`~model.classifiers.sentence_classifier.SentenceClassifier`.

Each label's model is a ``CalibratedClassifierCV`` of logistic regressions with sigmoid calibration.
scikit-learn scores them one fitted model at a time, and validating its input each time costs several times
the arithmetic on a batch of report sentences. :class:`LinearHeads` stacks every coefficient vector into one
matrix, scores a batch with one product and applies each calibration as scikit-learn does, so the
probabilities are the same numbers.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.special import expit

from ..runtime.arrays import part


@part("linear_heads")
@dataclass(frozen=True, eq=False)
class LinearHeads:
    """``weights`` (n_features, n_heads), ``intercepts``, sigmoid ``slopes`` and ``offsets`` per head;
    output column j averages heads ``groups[j]`` (a calibration fold each), or is ``constants[j]``."""

    weights: np.ndarray
    intercepts: np.ndarray
    slopes: np.ndarray
    offsets: np.ndarray
    groups: tuple[tuple[int, ...], ...]
    constants: tuple[float | None, ...]

    @classmethod
    def from_state(cls, state: dict) -> LinearHeads:
        return cls(weights=np.ascontiguousarray(state["weights"], dtype=np.float64),
                   intercepts=np.asarray(state["intercepts"], dtype=np.float64),
                   slopes=np.asarray(state["slopes"], dtype=np.float64),
                   offsets=np.asarray(state["offsets"], dtype=np.float64),
                   groups=tuple(tuple(int(h) for h in g) for g in state["groups"]),
                   constants=tuple(None if c is None else float(c) for c in state["constants"]))

    def predict_proba(self, Z) -> np.ndarray:
        """(n, n_columns) probability of the positive class for each output column."""
        n = Z.shape[0]
        decision = np.asarray(Z @ self.weights) if self.weights.shape[1] else np.zeros((n, 0))
        out = np.empty((n, len(self.groups)))
        for j, group in enumerate(self.groups):
            if not group:
                out[:, j] = self.constants[j]
                continue
            total = np.zeros(n)
            for h in group:  # the order and arithmetic of CalibratedClassifierCV.predict_proba
                total += expit(-(self.slopes[h] * (decision[:, h] + self.intercepts[h]) + self.offsets[h]))
            out[:, j] = total / len(group)
        return out


@part("label_heads")
@dataclass(frozen=True, eq=False)
class LabelHeads:
    """Named yes/no labels: their :class:`LinearHeads` and the decision threshold of each."""

    labels: tuple[str, ...]
    heads: LinearHeads
    thresholds: np.ndarray

    @classmethod
    def from_state(cls, state: dict) -> LabelHeads:
        return cls(tuple(state["labels"]), state["heads"], np.asarray(state["thresholds"], dtype=np.float64))

    def predict_proba(self, Z) -> np.ndarray:
        return self.heads.predict_proba(Z)
