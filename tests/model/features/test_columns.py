"""Feature blocks side by side: the array form of a ColumnTransformer, and its generic blocks."""

from __future__ import annotations

import numpy as np

from model.features.columns import ColumnBlocks, Log1p, OneHot, int32_indices, one_hot
from model.features.frame import SentenceColumns


def test_blocks_read_their_columns_and_join_left_to_right():
    frame = SentenceColumns(["甲", "乙", "丙"], ["plan", "review", None]).add(a=[0, 1, 3], b=[2, 0, 0])
    blocks = ColumnBlocks(("counts", "section"), (("a", "b"), "section"), (Log1p(), OneHot(("review", "plan"))))
    matrix = blocks.transform(frame)
    assert matrix.shape == (3, 4) and matrix.indices.dtype == np.int32
    counts = np.log1p(np.array([[0.0, 2.0], [1.0, 0.0], [3.0, 0.0]]))
    assert np.array_equal(matrix.toarray()[:, :2], counts)
    assert np.array_equal(matrix.toarray()[:, 2:], [[0, 1], [1, 0], [0, 0]])
    assert blocks.reads() == {"a", "b", "section"}


def test_one_hot_ignores_unknown_values():
    assert one_hot(["x", "plan", None], ("review", "plan")).toarray().tolist() == [[0, 0], [0, 1], [0, 0]]


def test_indices_narrowed_only_where_they_fit():
    from scipy import sparse

    wide = sparse.csr_matrix(np.eye(3))
    wide.indices, wide.indptr = wide.indices.astype(np.int64), wide.indptr.astype(np.int64)
    assert int32_indices(wide).indices.dtype == np.int32 and np.array_equal(wide.toarray(), np.eye(3))
