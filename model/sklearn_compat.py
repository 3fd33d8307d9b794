"""The scikit-learn internals gwr-tagger relies on, in one place (``tests/model/test_sklearn_compat.py`` pins
their behaviour, so a scikit-learn release that changes them fails there first).

- A fitted ``CalibratedClassifierCV(method="sigmoid")`` keeps one ``_CalibratedClassifier`` per calibration
  fold in ``calibrated_classifiers_``; each holds the fold's fitted ``estimator`` and, for two classes, one
  ``_SigmoidCalibration`` with the Platt parameters ``a_`` and ``b_``. Its probability of class 1 is the mean
  over folds of ``expit(-(a_ * decision + b_))``. :func:`sigmoid_logistic_folds` reads those numbers.
- skops does not trust those two private types by default: :data:`SKOPS_TRUSTED` lists them for loading.
"""

from __future__ import annotations

SKOPS_TRUSTED = ("sklearn.calibration._CalibratedClassifier", "sklearn.calibration._SigmoidCalibration")


def sigmoid_logistic_folds(model) -> list[tuple] | None:
    """``(coef, intercept, a, b)`` of each calibration fold of a binary ``CalibratedClassifierCV`` of logistic
    regressions with sigmoid calibration; None when ``model`` is anything else."""
    from sklearn.calibration import CalibratedClassifierCV, _SigmoidCalibration
    from sklearn.linear_model import LogisticRegression

    if not isinstance(model, CalibratedClassifierCV) or list(model.classes_) != [0, 1]:
        return None
    folds = []
    for calibrated in model.calibrated_classifiers_:
        estimator, calibrators = calibrated.estimator, calibrated.calibrators
        if (type(estimator) is not LogisticRegression or estimator.coef_.shape[0] != 1
                or len(calibrators) != 1 or type(calibrators[0]) is not _SigmoidCalibration):
            return None
        folds.append((estimator.coef_[0], float(estimator.intercept_[0]), float(calibrators[0].a_),
                      float(calibrators[0].b_)))
    return folds
