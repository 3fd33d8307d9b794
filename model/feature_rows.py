"""Rows of named numeric features (dicts, as the indicator extractor writes them) as a sparse matrix over a
fixed vocabulary: what scikit-learn's DictVectorizer.transform gives for such rows, in one pass."""

from __future__ import annotations

from array import array
from collections.abc import Mapping, Sequence

import numpy as np
from scipy import sparse


def rows_to_csr(rows: Sequence[Mapping], vocabulary: Mapping[str, int], n_features: int,
                dtype=np.float64) -> sparse.csr_array | None:
    """(rows × n_features), names outside ``vocabulary`` dropped, indices sorted; None when a value is not
    a plain int or float (DictVectorizer gives such values their own meaning) or there are no rows."""
    get = vocabulary.get
    indices, values, indptr = array("i"), array("d"), [0]
    for row in rows:
        if not isinstance(row, dict):
            return None
        for name, value in row.items():
            if type(value) is not float and type(value) is not int:
                return None
            j = get(name)
            if j is not None:
                indices.append(j)
                values.append(value)
        indptr.append(len(indices))
    if len(indptr) == 1:
        return None
    matrix = sparse.csr_array((np.frombuffer(values, dtype=np.float64).astype(dtype, copy=False),
                               np.frombuffer(indices, dtype=np.intc), np.array(indptr)),
                              shape=(len(indptr) - 1, n_features))
    matrix.sort_indices()
    return matrix
