"""Feature blocks side by side, each reading named columns of a batch of sentences: the array form of a fitted
``ColumnTransformer`` (see :func:`model.compiling.compile_columns`), and the generic blocks it is made of."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse

from ..runtime.arrays import part


@part("column_blocks")
@dataclass(frozen=True, eq=False)
class ColumnBlocks:
    """``blocks[i]`` reads column ``columns[i]`` (a name, or a tuple of names) of the sentence columns
    (:class:`~model.features.frame.SentenceColumns`); their outputs are joined left to right."""

    names: tuple[str, ...]
    columns: tuple
    blocks: tuple

    @classmethod
    def from_state(cls, state: dict) -> ColumnBlocks:
        return cls(tuple(state["names"]), tuple(c if isinstance(c, str) else tuple(c) for c in state["columns"]),
                   tuple(state["blocks"]))

    def reads(self) -> set[str]:
        """The names of the columns the blocks read."""
        return {name for column in self.columns for name in ((column,) if isinstance(column, str) else column)}

    def transform(self, frame) -> sparse.csr_matrix:
        joined = sparse.hstack([block.transform(frame.column(column))
                                for column, block in zip(self.columns, self.blocks)], format="csr")
        return int32_indices(joined)


@part("one_hot")
@dataclass(frozen=True)
class OneHot:
    """A 0/1 column per category; a value outside them is all zeros (OneHotEncoder, unknown values ignored)."""

    categories: tuple[str, ...]

    @classmethod
    def from_state(cls, state: dict) -> OneHot:
        return cls(tuple(state["categories"]))

    def transform(self, column) -> sparse.csr_matrix:
        values = column[0] if isinstance(column, tuple) else column
        return one_hot(values, self.categories)


@part("log1p")
@dataclass(frozen=True)
class Log1p:
    """log(1 + x) of count columns."""

    def transform(self, column) -> sparse.csr_matrix:
        counts = np.column_stack(column) if isinstance(column, tuple) else column
        return sparse.csr_matrix(np.log1p(np.asarray(counts, dtype=float)))


def one_hot(values: Sequence[str | None], categories: Sequence[str]) -> sparse.csr_matrix:
    """A 0/1 column per category; a value outside them is all zeros."""
    position = {c: i for i, c in enumerate(categories)}
    hits = [position.get(v) for v in values]
    rows = [i for i, j in enumerate(hits) if j is not None]
    return sparse.csr_matrix((np.ones(len(rows)), (rows, [hits[i] for i in rows])),
                             shape=(len(hits), len(categories)))


def int32_indices(matrix):
    """``matrix`` with 32-bit index arrays where they fit (what scikit-learn's solvers accept)."""
    if matrix.indices.dtype != np.int32 and max(matrix.nnz, *matrix.shape) < np.iinfo(np.int32).max:
        matrix.indices = matrix.indices.astype(np.int32)
        matrix.indptr = matrix.indptr.astype(np.int32)
    return matrix
