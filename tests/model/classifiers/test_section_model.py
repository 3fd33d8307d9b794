"""The section model's array form: the softmax head is scikit-learn's arithmetic, the context rows see the
right neighbours, and ``other`` reads as no section."""

import numpy as np
import pytest
from scipy import sparse
from sklearn.linear_model import LogisticRegression

from model.classifiers.section_model import (CONTEXT_WINDOWS, SectionContext, SectionModel, SoftmaxHead,
                                             context_features)
from model.features.columns import ColumnBlocks


def test_softmax_head_is_scikit_learns_predict_proba_bit_for_bit():
    rng = np.random.default_rng(0)
    X = sparse.random(300, 40, density=0.2, format="csr", random_state=1)
    y = rng.choice(["other", "plan", "review"], 300)
    model = LogisticRegression(max_iter=2000).fit(X, y)
    head = SoftmaxHead(model.coef_.astype(np.float64), model.intercept_.astype(np.float64))
    assert np.array_equal(head.predict_proba(X), model.predict_proba(X))


def test_context_rows_average_the_windows_and_flag_the_document_edges():
    proba = np.array([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0], [0.0, 1.0, 0.0]])
    rows = context_features(proba, windows=((-1, -1), (1, 2)))
    assert rows.shape == (4, 3 + 2 * 4)
    assert np.array_equal(rows[:, :3], proba)
    # the sentence before: none for the first (flagged), the first's for the second
    assert rows[0, 3:7].tolist() == [0.0, 0.0, 0.0, 1.0]
    assert rows[1, 3:7].tolist() == [1.0, 0.0, 0.0, 0.0]
    # the next two sentences: mean of rows 2 and 3 for row 1; none after the last
    assert rows[1, 7:11].tolist() == [0.0, 0.5, 0.5, 0.0]
    assert rows[3, 7:11].tolist() == [0.0, 0.0, 0.0, 1.0]


def test_default_windows_reach_the_whole_document():
    assert (-1_000_000, -1) in CONTEXT_WINDOWS and (1, 1_000_000) in CONTEXT_WINDOWS
    rows = context_features(np.full((5, 3), 1 / 3))
    assert rows.shape == (5, 3 + 4 * len(CONTEXT_WINDOWS))


class _Fixed:
    def __init__(self, proba):
        self.proba = proba

    def predict_proba(self, Z):
        return self.proba


class _NoColumns(ColumnBlocks):
    def transform(self, frame):
        return None


def test_sections_read_other_as_none_and_give_the_probability_of_plan():
    states = ("other", "plan", "review")
    proba = np.array([[0.7, 0.2, 0.1], [0.1, 0.6, 0.3], [0.1, 0.3, 0.6]])
    model = SectionModel(states, _NoColumns((), (), ()), _Fixed(proba), SectionContext((), _Fixed(proba)))
    sections, plan = model.sections(model.first_pass(None))
    assert sections == [None, "plan", "review"]
    assert plan == pytest.approx([0.2, 0.6, 0.3])


def test_an_empty_document_has_no_rows():
    context = SectionContext(CONTEXT_WINDOWS, _Fixed(np.zeros((0, 3))))
    assert context.smooth(np.zeros((0, 3))).shape == (0, 3)
