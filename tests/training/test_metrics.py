"""Label and extraction metrics."""

from __future__ import annotations

import numpy as np
import pytest

from training.metrics import label_metrics


def test_label_metrics_per_label_and_macro():
    gold = np.array([[1, 0, 0, 1, 1], [0, 1, 0, 0, 0], [1, 0, 0, 0, 1], [0, 0, 0, 1, 0]])
    pred = np.array([[1, 0, 0, 1, 1], [0, 0, 0, 0, 0], [0, 0, 0, 1, 1], [0, 0, 0, 1, 0]])
    m = label_metrics(gold, pred, None)
    assert m["innovation_f1"] == pytest.approx(2 / 3)
    assert m["talent_f1"] == 0.0
    assert m["party_f1"] == pytest.approx(0.8)
    assert m["quant_target_f1"] == 1.0
    # urban has no gold sentence here: the macro average is over the three themes present
    assert m["themes_macro_f1"] == pytest.approx((2 / 3 + 0.0 + 0.8) / 3)
    assert m["urban_support"] == 0.0
