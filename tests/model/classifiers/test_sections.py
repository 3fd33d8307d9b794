"""The section model learns parts from labelled documents, corrects a sentence by its neighbours, and its array
form gives scikit-learn's numbers bit for bit."""

import numpy as np
import pandas as pd
import pytest
from sklearn.base import clone

from model.classifiers.sections import SectionClassifier, columns_of, document_runs
from model.features.section_columns import document_frame
from model.records import Sentence

REVIEW = ["全年完成地区生产总值{}亿元，比上年增长{}%。", "去年新建道路{}公里，改造老旧小区{}个。",
          "过去一年，我们实现一般公共预算收入{}亿元，增长{}%。"]
PLAN = ["今年要新增城镇就业{}万人，力争增长{}%。", "我们将加快建设道路{}公里，确保完成{}个项目。",
        "明年要着力推进{}个重点工程，努力实现增长{}%。"]
OTHER = ["各位代表：", "现在，我代表区人民政府向大会报告工作，请予审议。", "让我们团结一心，为实现目标而努力奋斗！"]


def _document(doc_id: str, rng, review: int, plan: int, swap: int | None = None):
    texts = [OTHER[0], OTHER[1]]
    texts += [rng.choice(REVIEW).format(*rng.integers(2, 99, 2)) for _ in range(review)]
    texts += [rng.choice(PLAN).format(*rng.integers(2, 99, 2)) for _ in range(plan)]
    texts.append(OTHER[2])
    parts = ["other", "other", *["review"] * review, *["plan"] * plan, "other"]
    if swap is not None:  # a sentence worded like the other part, inside this one
        texts[swap] = PLAN[0].format(5, 6) if parts[swap] == "review" else REVIEW[0].format(5, 6)
    sentences = [Sentence(doc_id, i, t) for i, t in enumerate(texts)]
    return document_frame(sentences, 2024).to_frame(), parts


def _corpus(n_docs: int, seed: int = 0):
    rng = np.random.default_rng(seed)
    frames, parts, groups = [], [], []
    for d in range(n_docs):
        frame, labels = _document(f"d{d}", rng, int(rng.integers(5, 12)), int(rng.integers(5, 12)))
        frames.append(frame)
        parts += labels
        groups += [f"d{d}"] * len(labels)
    return pd.concat(frames, ignore_index=True), parts, groups


@pytest.fixture(scope="module")
def fitted():
    X, y, groups = _corpus(30)
    return SectionClassifier(cv=3).fit(X, y, groups), (X, y, groups)


def test_learns_the_parts_of_new_documents(fitted):
    model, _ = fitted
    X, y, groups = _corpus(8, seed=1)
    assert np.mean(model.predict(X, groups) == np.array(y)) > 0.95


def test_out_of_fold_posteriors_cover_every_training_sentence(fitted):
    model, (X, y, _) = fitted
    assert model.oof_posterior_.shape == (len(y), 3)
    assert np.allclose(model.oof_posterior_.sum(axis=1), 1.0)
    assert "oof_posterior_" not in model.__getstate__()


def test_the_array_form_is_scikit_learns_computation_bit_for_bit(fitted):
    model, _ = fitted
    X, _, groups = _corpus(4, seed=2)
    compiled, reference = model.compiled(), model.reference()
    for run in document_runs(groups):
        frame = columns_of(X.iloc[run])
        assert np.array_equal(compiled.document_proba(frame), reference.document_proba(columns_of(X.iloc[run])))


def test_a_clone_fits_the_same_model(fitted):
    model, (X, y, groups) = fitted
    again = clone(model).fit(X, y, groups)
    assert np.array_equal(again.head_.coef_, model.head_.coef_)
    assert np.array_equal(again.context_.coef_, model.context_.coef_)


def test_the_second_pass_reads_the_neighbours(fitted):
    model, _ = fitted
    rng = np.random.default_rng(3)
    frame, parts = _document("x", rng, 9, 9, swap=6)   # a plan-worded sentence amid the review part
    groups = ["x"] * len(parts)
    first = model.classes_[model.compiled().first_pass(columns_of(frame)).argmax(axis=1)]
    assert parts[6] == "review" and first[6] == "plan"
    assert model.predict(frame, groups)[6] == "review"


def test_unknown_parts_and_scattered_documents_are_refused():
    X, y, groups = _corpus(3)
    with pytest.raises(ValueError, match="unknown parts"):
        SectionClassifier().fit(X, ["appendix"] * len(y), groups)
    with pytest.raises(ValueError, match="together"):
        SectionClassifier().fit(X, y, groups[::-1][:len(groups) // 2] + groups[:len(groups) - len(groups) // 2])
