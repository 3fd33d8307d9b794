"""The quant_target model's own columns: computed from the fitted parts, equal to the ColumnTransformer's."""

from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn.compose import ColumnTransformer
from sklearn.preprocessing import OneHotEncoder

from model.classifiers.quant import EXTRACTOR_COLUMNS, CueFeatures, quant_columns, quant_features

TEXTS = ["力争全年地区生产总值增长8%以上。", "建成保障性住房1.2万套。", "加强党的建设。", "", "目标：引进人才100名"]
SECTIONS = ["plan", "review", "none", "plan", "elsewhere"]
COUNTS = np.array([[1, 1, 0], [1, 0, 1], [0, 0, 0], [0, 0, 0], [2, 2, 0]], dtype=float)


def _frame() -> pd.DataFrame:
    return pd.DataFrame({"text": TEXTS, "tokens": TEXTS, "section": SECTIONS,
                         **{c: COUNTS[:, i].astype(int) for i, c in enumerate(EXTRACTOR_COLUMNS)}})


def test_same_matrix_as_the_column_transformer():
    fitted = quant_features().fit(_frame())
    mine, expected = quant_columns(fitted, TEXTS, SECTIONS, COUNTS), fitted.transform(_frame())
    assert mine.shape == expected.shape
    assert np.array_equal(mine.toarray(), expected.toarray())
    assert mine[4, -3:].sum() == 0  # an unknown section is all zeros, as OneHotEncoder(handle_unknown="ignore")


def test_another_layout_is_left_to_the_column_transformer():
    other = ColumnTransformer([("cues", CueFeatures(), "text"),
                               ("section", OneHotEncoder(handle_unknown="ignore"), ["section"])],
                              sparse_threshold=1.0).fit(_frame())
    mine = quant_columns(other, TEXTS, SECTIONS, COUNTS)
    assert np.array_equal(mine.toarray(), other.transform(_frame()).toarray())
