"""The quant_target second pass: list marks of a document, a model that learns from the neighbours and the
list a sentence sits in, and an array form that gives scikit-learn's numbers."""

import numpy as np
import pytest
from sklearn.base import clone

from model.classifiers.quant_context import QuantContextClassifier
from model.classifiers.quant_context_model import MARK_NAMES, context_rows, cue_parts, list_marks, row_names
from model.classifiers.section_model import SECTION_STATES

LIST = ["今年经济社会发展的主要预期目标是：", "（一）地区生产总值增长6%左右；", "（二）城镇新增就业1.2万人；",
        "（三）居民消费价格涨幅3%左右。", "我们要抓好以下工作。"]


def test_a_list_after_a_lead_in_is_marked_until_a_sentence_that_is_no_item():
    marks = dict(zip(MARK_NAMES, list_marks(LIST).T.tolist()))
    assert marks["lead_in"] == [1, 0, 0, 0, 0]
    assert marks["list_item"] == [0, 1, 1, 1, 0]
    assert marks["after_lead_in"] == [0, 1, 0, 0, 0]
    assert marks["in_list"] == [0, 1, 1, 1, 0]


def test_the_sentence_after_a_lead_in_is_in_its_list_even_unnumbered():
    marks = list_marks(["主要目标是：", "地区生产总值增长6%。", "一般公共预算收入增长5%。"])
    assert marks[:, MARK_NAMES.index("in_list")].tolist() == [0, 1, 0]
    assert list_marks([]).shape == (0, len(MARK_NAMES))


def test_rows_have_one_named_column_each():
    rows = context_rows(np.full(len(LIST), 0.3), cue_parts(["plan"] * len(LIST)), LIST)
    assert rows.shape == (len(LIST), len(row_names()))
    assert cue_parts(["review", None, "none"]).tolist() == [[1, 0, 0], [0, 0, 1], [0, 0, 1]]
    assert SECTION_STATES == ("review", "plan", "other")


def _documents(n_docs: int, seed: int = 0):
    """Documents whose listed items after a lead-in are targets though their own reading is unsure (0.5), and
    whose unsure sentences elsewhere are not."""
    rng = np.random.default_rng(seed)
    rows, y, groups = [], [], []
    for d in range(n_docs):
        texts, first, labels = ["今年的主要目标是："], [0.2], [0]
        for _ in range(int(rng.integers(2, 5))):
            texts.append("（一）某指标增长。")
            first.append(0.5 + rng.normal(0, 0.05))
            labels.append(1)
        for _ in range(int(rng.integers(3, 6))):
            texts.append("我们将推进各项工作。")
            first.append(0.5 + rng.normal(0, 0.05))
            labels.append(0)
        rows.append(context_rows(np.clip(first, 0, 1), cue_parts(["plan"] * len(texts)), texts))
        y += labels
        groups += [f"d{d}"] * len(texts)
    return np.vstack(rows), np.array(y), groups


@pytest.fixture(scope="module")
def fitted():
    R, y, groups = _documents(30)
    return QuantContextClassifier(cv=3).fit(R, y, groups), (R, y, groups)


def test_learns_that_items_of_a_target_list_are_targets(fitted):
    model, _ = fitted
    R, y, _ = _documents(10, seed=1)
    assert np.mean(model.predict(R) == y) > 0.95
    assert 0.05 <= model.threshold_ <= 0.95


def test_the_array_form_is_scikit_learns_computation_bit_for_bit(fitted):
    model, _ = fitted
    first = np.array([0.2, 0.5, 0.6, 0.4, 0.1])
    parts = cue_parts(["plan"] * len(LIST))
    assert np.array_equal(model.compiled().predict_proba(first, parts, LIST),
                          model.reference().predict_proba(first, parts, LIST))
    assert model.compiled().predict_proba(np.zeros(0), np.zeros((0, 3)), []).shape == (0,)


def test_scikit_learn_conventions(fitted):
    model, (R, y, groups) = fitted
    again = clone(model).fit(R, y, groups)
    assert np.array_equal(again.model_.coef_, model.model_.coef_) and again.threshold_ == model.threshold_
    assert "oof_proba_" not in model.__getstate__() and model.oof_proba_.shape == (len(y),)
    with pytest.raises(ValueError, match="with and without"):
        QuantContextClassifier().fit(R[:3], np.zeros(3, dtype=int), ["a", "b", "c"])
