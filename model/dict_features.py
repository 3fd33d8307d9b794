"""scikit-learn's DictVectorizer, saved with its feature names as one array."""

from __future__ import annotations

from array import array

import numpy as np
from scipy import sparse
from sklearn.feature_extraction import DictVectorizer
from sklearn.utils._sparse import _align_api_if_sparse


class DictFeatures(DictVectorizer):
    """A DictVectorizer whose fitted vocabulary is stored as one array of names in column order.

    Stored as a list and a dict, skops writes two nodes per feature name, and a vocabulary of some
    20,000 names adds seconds to loading a model.
    """

    def transform(self, X):
        """As DictVectorizer.transform; rows whose values are all plain numbers (the extractor's features)
        are mapped in one pass, without DictVectorizer's per-value type dispatch."""
        if not self.sparse or not hasattr(self, "vocabulary_"):
            return super().transform(X)
        rows = [X] if isinstance(X, dict) else X
        get = self.vocabulary_.get
        indices, values, indptr = array("i"), array("d"), [0]
        for row in rows:
            if not isinstance(row, dict):
                return super().transform(X)
            for name, value in row.items():
                if type(value) is not float and type(value) is not int:
                    return super().transform(X)
                j = get(name)
                if j is not None:
                    indices.append(j)
                    values.append(value)
            indptr.append(len(indices))
        if len(indptr) == 1:
            return super().transform(X)  # scikit-learn's error for an empty sequence
        matrix = sparse.csr_array((np.frombuffer(values, dtype=np.float64).astype(self.dtype, copy=False),
                                   np.frombuffer(indices, dtype=np.intc), np.array(indptr)),
                                  shape=(len(indptr) - 1, len(self.vocabulary_)))
        matrix.sort_indices()
        return _align_api_if_sparse(matrix)

    def __getstate__(self):
        state = dict(super().__getstate__())
        names = state.pop("feature_names_", None)
        state.pop("vocabulary_", None)
        if names is not None:
            state["feature_names_array_"] = np.array([str(n) for n in names], dtype=str)
        return state

    def __setstate__(self, state):
        state = dict(state)
        names = state.pop("feature_names_array_", None)
        super().__setstate__(state)
        if names is not None:
            self.feature_names_ = names.tolist()
            self.vocabulary_ = {name: i for i, name in enumerate(self.feature_names_)}
