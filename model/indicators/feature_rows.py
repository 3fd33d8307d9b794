"""Rows of named numeric features (dicts, as the indicator extractor writes them) as a sparse matrix over a
fixed vocabulary: what scikit-learn's DictVectorizer.transform gives for such rows, in one pass
(:class:`NamedColumns`, the array form of the extractor's fitted DictVectorizer)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from itertools import repeat

import numpy as np
from scipy import sparse

from ..runtime.arrays import part


def rows_to_csr(rows: Sequence[Mapping], vocabulary: Mapping[str, int], n_features: int,
                dtype=np.float64) -> sparse.csr_array | None:
    """(rows × n_features), names outside ``vocabulary`` dropped, indices sorted; None when a value is not
    a plain int or float (DictVectorizer gives such values their own meaning) or there are no rows."""
    if not rows or not all(isinstance(row, dict) for row in rows):
        return None
    names = [name for row in rows for name in row]
    values = [value for row in rows for value in row.values()]
    if not set(map(type, values)) <= {float, int}:
        return None
    columns = np.array(list(map(vocabulary.get, names, repeat(-1))), dtype=np.int64)
    row_of = np.repeat(np.arange(len(rows)), [len(row) for row in rows])
    known = columns >= 0
    indptr = np.zeros(len(rows) + 1, dtype=np.int64)
    np.cumsum(np.bincount(row_of[known], minlength=len(rows)), out=indptr[1:])
    matrix = sparse.csr_array((np.array(values, dtype=np.float64)[known].astype(dtype, copy=False),
                               columns[known].astype(np.intc), indptr), shape=(len(rows), n_features))
    matrix.sort_indices()
    return matrix


@part("named_columns")
@dataclass(frozen=True, eq=False)
class NamedColumns:
    """Feature rows (name → number) as columns of a fixed vocabulary, ``names`` in column order."""

    names: np.ndarray

    @cached_property
    def vocabulary(self) -> dict[str, int]:
        return {name: i for i, name in enumerate(self.names.tolist())}

    def transform(self, rows: Sequence[Mapping]) -> sparse.csr_array:
        matrix = rows_to_csr(rows, self.vocabulary, len(self.names))
        if matrix is None:
            raise ValueError("feature rows must be dicts of plain numbers")
        return matrix
