"""Probabilities of several calibrated logistic regressions from one sparse product.

A sentence classifier holds, per label, a :class:`~sklearn.calibration.CalibratedClassifierCV` of
logistic regressions with sigmoid calibration. scikit-learn scores them one fitted model at a time, and
validating its input each time costs several times the arithmetic on a batch of report sentences.
:class:`LinearHeads` stacks every coefficient vector into one matrix, scores a batch with one product and
applies each calibration as scikit-learn does, so the probabilities are the same numbers.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.special import expit


@dataclass(frozen=True)
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
    def from_models(cls, models, constants) -> LinearHeads | None:
        """From one CalibratedClassifierCV (or None, with a constant probability) per output column;
        None when a model is of another kind, which is then left to scikit-learn."""
        from sklearn.calibration import CalibratedClassifierCV, _SigmoidCalibration
        from sklearn.linear_model import LogisticRegression

        columns, intercepts, slopes, offsets, groups = [], [], [], [], []
        for model, constant in zip(models, constants):
            if model is None:
                groups.append(())
                continue
            if not isinstance(model, CalibratedClassifierCV) or list(model.classes_) != [0, 1]:
                return None
            group = []
            for calibrated in model.calibrated_classifiers_:
                estimator, calibrators = calibrated.estimator, calibrated.calibrators
                if (type(estimator) is not LogisticRegression or estimator.coef_.shape[0] != 1
                        or len(calibrators) != 1 or type(calibrators[0]) is not _SigmoidCalibration):
                    return None
                group.append(len(columns))
                columns.append(estimator.coef_[0])
                intercepts.append(float(estimator.intercept_[0]))
                slopes.append(float(calibrators[0].a_))
                offsets.append(float(calibrators[0].b_))
            groups.append(tuple(group))
        if not columns:
            return None
        return cls(weights=np.ascontiguousarray(np.column_stack(columns), dtype=np.float64),
                   intercepts=np.array(intercepts), slopes=np.array(slopes), offsets=np.array(offsets),
                   groups=tuple(groups), constants=tuple(constants))

    def to_arrays(self) -> tuple[dict[str, np.ndarray], dict]:
        """Arrays and JSON-ready metadata, for a model file read without pickle."""
        arrays = {"weights": self.weights, "intercepts": self.intercepts, "slopes": self.slopes,
                  "offsets": self.offsets}
        return arrays, {"groups": [list(g) for g in self.groups], "constants": list(self.constants)}

    @classmethod
    def from_arrays(cls, arrays: dict[str, np.ndarray], meta: dict) -> LinearHeads:
        return cls(weights=np.ascontiguousarray(arrays["weights"], dtype=np.float64),
                   intercepts=np.asarray(arrays["intercepts"], dtype=np.float64),
                   slopes=np.asarray(arrays["slopes"], dtype=np.float64),
                   offsets=np.asarray(arrays["offsets"], dtype=np.float64),
                   groups=tuple(tuple(int(h) for h in g) for g in meta["groups"]),
                   constants=tuple(None if c is None else float(c) for c in meta["constants"]))

    def predict_proba(self, Z) -> np.ndarray:
        """(n, n_columns) probability of the positive class for each output column."""
        n = Z.shape[0]
        decision = np.asarray(Z @ self.weights)
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
