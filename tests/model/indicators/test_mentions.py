"""From candidate probabilities to mentions: kept by the keep model, their kind from the blended target
probability of each mention and its sentence."""

from __future__ import annotations

import numpy as np
import pytest

from model.indicators.candidates import find_candidates
from model.indicators.feature_rows import NamedColumns
from model.indicators.mentions import ConstantScore, LogisticScore, MentionScorer, mentions_from_scores


def test_kept_mentions_and_their_blended_kind():
    found = [find_candidates("确保增长8%，达到1956亿元。"), [], find_candidates("完成320亿元。")]
    keep, target = [0.9, 0.9, 0.2], [0.8, 0.0, 0.9]
    out = mentions_from_scores(found, keep, target, keep_threshold=0.5, target_threshold=0.3, sentence_weight=0.5)
    assert [len(s) for s in out] == [2, 0, 0]
    (first, p1), (second, p2) = out[0]
    assert p1 == pytest.approx(0.5 * 0.8 + 0.5 * 0.4) and p2 == pytest.approx(0.5 * 0.0 + 0.5 * 0.4)
    assert (first.kind, second.kind) == ("target", "actual")
    assert (first.value, first.unit) == (8.0, "%")


def test_scores():
    X = np.array([[1.0, 0.0], [0.0, 2.0]])
    assert np.allclose(LogisticScore(np.array([1.0, -1.0]), 0.5).proba(X), 1 / (1 + np.exp(-np.array([1.5, -1.5]))))
    assert ConstantScore(0.25).proba(X).tolist() == [0.25, 0.25]


def test_a_scorer_with_no_candidates_returns_empty_sentences():
    scorer = MentionScorer(NamedColumns(np.array(["bias"])), ConstantScore(1.0), ConstantScore(1.0), 0.5, 0.3, 0.5)
    assert scorer.extract(["加强党的建设。", ""], [None, "plan"]) == [[], []]
    assert [m.kind for m, _ in scorer.extract(["力争增长8%。"], ["plan"])[0]] == ["target"]
