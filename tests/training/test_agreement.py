"""Agreement statistics."""

from __future__ import annotations

import pytest

from training.agreement import label_agreement, mention_agreement
from training.dataset import Annotation

LABELS = ("innovation", "talent", "urban", "party", "quant_target")


def _ann(who, innovation, mentions=()):
    labels = dict.fromkeys(LABELS, 0)
    labels["innovation"] = innovation
    return Annotation(who, labels, [dict(m) for m in mentions])


def test_kappa_matches_the_textbook_value():
    # 2x2 table: both yes 20, A yes/B no 5, A no/B yes 10, both no 15 -> kappa = 0.4
    pairs = ([(_ann("a", 1), _ann("b", 1))] * 20 + [(_ann("a", 1), _ann("b", 0))] * 5
             + [(_ann("a", 0), _ann("b", 1))] * 10 + [(_ann("a", 0), _ann("b", 0))] * 15)
    row = label_agreement(pairs)[0]
    assert row.label == "innovation" and row.n == 50
    assert row.observed == pytest.approx(0.7)
    assert row.kappa == pytest.approx(0.4)


def test_mention_agreement_exact_and_overlap():
    m1 = {"start": 0, "end": 4, "value": 5.5, "value_low": None, "value_high": None, "unit": "亿元",
          "comparator": "=", "kind": "target", "measure": "level"}
    m2 = {**m1, "kind": "actual"}
    m3 = {**m1, "start": 10, "end": 12}
    result = mention_agreement([(_ann("a", 0, [m1, m3]), _ann("b", 0, [m2]))])
    assert result["exact_f1"] == pytest.approx(0.0)
    assert result["span_f1"] == pytest.approx(2 * 1 / 3)
