"""NgramIndex: a vocabulary's n-grams counted with array operations, the counts scikit-learn's."""

from __future__ import annotations

import numpy as np
from sklearn.feature_extraction.text import CountVectorizer

from model.features.ngram_index import NgramIndex, collapse_white_space
from model.features.tfidf import mask_digits


def test_counts_equal_scikit_learns_and_survive_its_state():
    fit = ["科技创新", "创新驱动发展", "人才  引进", "增长8%"]
    new = ["创新创新科技", "全新词语", "", "人才 引进 增长9%"]
    vectorizer = CountVectorizer(analyzer="char", ngram_range=(1, 3), preprocessor=mask_digits).fit(fit)
    index = NgramIndex.build(vectorizer.vocabulary_, list)
    expected = vectorizer.transform(new)
    for candidate in (index, NgramIndex.from_state(index.to_state())):
        got = candidate.count_documents(new, "char", (1, 3), mask_digits)
        assert np.array_equal(got.toarray(), expected.toarray())


def test_white_space_runs_collapse_as_scikit_learns_char_analyzer():
    assert collapse_white_space("人才  \t引进") == "人才 引进"
