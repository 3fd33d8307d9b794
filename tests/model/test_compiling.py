"""Compiling fitted estimators: the Compiles mixin (built at fit, kept once built, left out of the saved state)
and the compilers of scikit-learn's own parts."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.dummy import DummyClassifier
from sklearn.exceptions import NotFittedError
from sklearn.linear_model import LogisticRegression
from sklearn.preprocessing import OneHotEncoder

from model.compiling import CompileError, ReferenceScore, compile_score, compile_transformer
from model.features.columns import OneHot
from model.features.dictionary_hits import DictionaryHits


def test_compiled_once_after_fit_and_not_before():
    hits = DictionaryHits()
    with pytest.raises(NotFittedError):
        hits.compiled()
    hits.fit([])
    assert hits.compiled() is hits.compiled()
    assert "_compiled" not in hits.__getstate__()


def test_one_hot_encoder_compiles_only_as_the_models_use_it():
    fitted = OneHotEncoder(categories=[["review", "plan", "none"]], handle_unknown="ignore").fit([["plan"]])
    assert compile_transformer(fitted) == OneHot(("review", "plan", "none"))
    with pytest.raises(CompileError):
        compile_transformer(OneHotEncoder().fit([["plan"], ["review"]]))  # unknown values would raise
    with pytest.raises(CompileError):
        compile_transformer(OneHotEncoder(handle_unknown="ignore", drop="first").fit([["a"], ["b"]]))


def test_candidate_scores_equal_the_models():
    rng = np.random.default_rng(1)
    X = rng.normal(size=(50, 4))
    y = (X[:, 0] > 0).astype(int)
    logistic = LogisticRegression().fit(X, y)
    assert np.array_equal(compile_score(logistic, 4).proba(X), ReferenceScore(logistic).proba(X))
    for constant in (0, 1):
        dummy = DummyClassifier(strategy="constant", constant=constant).fit(np.zeros((2, 1)), [constant] * 2)
        assert np.array_equal(compile_score(dummy, 4).proba(X), ReferenceScore(dummy).proba(X))
    with pytest.raises(CompileError):
        compile_score(logistic, 5)
    with pytest.raises(CompileError, match="object has no array form"):
        compile_score(object(), 4)
