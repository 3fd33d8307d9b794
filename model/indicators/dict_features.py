"""The indicator extractor's vectoriser: scikit-learn's DictVectorizer, saved with its feature names as one
array."""

from __future__ import annotations

import numpy as np
from sklearn.feature_extraction import DictVectorizer


class DictFeatures(DictVectorizer):
    """A DictVectorizer whose fitted vocabulary is stored as one array of names in column order.

    Stored as a list and a dict, skops writes two nodes per feature name, and a vocabulary of some 20,000
    names adds seconds to loading a model. (Scoring reads the names from the array form instead:
    :class:`~model.indicators.feature_rows.NamedColumns`.)

    Attributes
    ----------
    feature_names_ : list of str
        The feature names, in column order (as in DictVectorizer).
    vocabulary_ : dict of str to int
        Feature name → column (as in DictVectorizer).
    """

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
