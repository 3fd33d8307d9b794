"""The quant_target model's own columns, declared once by quant_features(): compiled, they give the
ColumnTransformer's matrix; a layout with a part that has no array form fails when it is compiled."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from sklearn.compose import ColumnTransformer
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.preprocessing import OneHotEncoder

from model.classifiers.quant import CueFeatures, LogCounts, QuantTargetClassifier, quant_features
from model.classifiers.quant_columns import EXTRACTOR_COLUMNS, extractor_counts
from model.compiling import CompileError, compile_columns
from model.features.frame import SentenceColumns
from model.records import Mention

TEXTS = ["力争全年地区生产总值增长8%以上。", "建成保障性住房1.2万套。", "加强党的建设。", "", "目标：引进人才100名"]
SECTIONS = ["plan", "review", None, "plan", "elsewhere"]
COUNTS = {"n_mentions": [1, 1, 0, 0, 2], "n_target": [1, 0, 0, 0, 2], "n_actual": [0, 1, 0, 0, 0]}


def _columns() -> SentenceColumns:
    return SentenceColumns(TEXTS, SECTIONS, tokens=TEXTS).add(**COUNTS)


def test_compiled_columns_equal_the_column_transformer():
    fitted = quant_features().fit(_columns().to_frame())
    mine, expected = compile_columns(fitted).transform(_columns()), fitted.transform(_columns().to_frame())
    assert mine.shape == expected.shape == (5, 3 + 3 + 3)
    assert np.array_equal(mine.toarray(), expected.toarray())
    assert mine[2, -1] == mine[4, -1] == 1  # no section, and one the models do not know, read as "none"


def test_another_layout_compiles_too():
    other = ColumnTransformer([("section", OneHotEncoder(handle_unknown="ignore"), ["section"]),
                               ("cues", CueFeatures(), "text")], sparse_threshold=1.0).fit(_columns().to_frame())
    assert np.array_equal(compile_columns(other).transform(_columns()).toarray(),
                          other.transform(_columns().to_frame()).toarray())


def test_a_part_without_array_form_fails_when_compiled():
    frame = _columns().to_frame()
    plain = ColumnTransformer([("words", TfidfVectorizer(), "text")], sparse_threshold=1.0)
    with pytest.raises(CompileError, match="TfidfVectorizer has no array form"):
        compile_columns(plain.fit(frame))
    dense = ColumnTransformer([("counts", LogCounts(), list(EXTRACTOR_COLUMNS))], sparse_threshold=0.0)
    with pytest.raises(CompileError, match="dense"):
        compile_columns(dense.fit(frame))
    passthrough = ColumnTransformer([("cues", CueFeatures(), "text"), ("counts", "passthrough", ["n_target"])],
                                    sparse_threshold=1.0)
    with pytest.raises(CompileError, match="no array form"):
        compile_columns(passthrough.fit(frame))


def test_extractor_counts_are_all_targets_and_actuals():
    def mention(kind):
        return Mention("x", 1.0, "%", "=", kind, "share", 0, 1)

    assert extractor_counts([[mention("target"), mention("actual"), mention("target")], []]) == \
        {"n_mentions": [3, 0], "n_target": [2, 0], "n_actual": [1, 0]}


def test_quant_classifier_names_its_label():
    assert QuantTargetClassifier.label_names == ("quant_target",)
