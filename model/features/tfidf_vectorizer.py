"""The TF-IDF estimator of the text features: scikit-learn's TfidfVectorizer, saved with its vocabulary as one
array and compiled to :class:`~model.features.tfidf.NgramTfidf` for scoring."""

from __future__ import annotations

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

from ..compiling import CompileError, Compiles
from .ngram_index import NgramIndex
from .tfidf import NgramTfidf, mask_digits
from .tokenize import split_tokens


class TfidfFeatures(Compiles, TfidfVectorizer):
    """scikit-learn's TfidfVectorizer (same parameters, same ``transform``), which also compiles to the
    array form that scores new text without a Python step per n-gram.

    A fitted vocabulary holds a few hundred thousand terms; stored as a dict, skops writes one node per term
    and a model file takes minutes to write and seconds to load. It is stored as one array of terms.

    Attributes
    ----------
    vocabulary_ : dict of str to int
        Term → column, as in TfidfVectorizer.
    idf_ : ndarray of shape (n_features,)
        The inverse document frequencies, as in TfidfVectorizer.
    """

    def fit(self, raw_documents, y=None):
        super().fit(raw_documents, y)
        return self._compiled_after_fit()

    def fit_transform(self, raw_documents, y=None):
        result = super().fit_transform(raw_documents, y)
        self._compiled_after_fit()
        return result

    def compile(self) -> NgramTfidf:
        """The array form: characters, or words split on spaces, digit-masked, float64, l2 or no norm."""
        plain = self.stop_words is None and self.input == "content" and self.preprocessor is mask_digits
        if not (plain and (self.analyzer == "char" or (self.analyzer == "word" and self.tokenizer is split_tokens))):
            raise CompileError(f"TF-IDF over {self.analyzer!r}: only digit-masked characters, or words split on "
                               "spaces, have an array form")
        if self.norm not in ("l2", None) or np.dtype(self.dtype) != np.float64:
            raise CompileError(f"TF-IDF with norm {self.norm!r} and dtype {self.dtype}: no array form")
        units = list if self.analyzer == "char" else (lambda term: term.split(" "))
        return NgramTfidf(analyzer=self.analyzer, ngram_range=tuple(self.ngram_range),
                          index=NgramIndex.build(self.vocabulary_, units),
                          idf=np.asarray(self.idf_, dtype=np.float64) if self.use_idf else None,
                          sublinear_tf=bool(self.sublinear_tf), norm=self.norm)

    def __getstate__(self):
        state = dict(super().__getstate__())
        vocabulary = state.pop("vocabulary_", None)
        if vocabulary is not None:
            terms = [""] * len(vocabulary)
            for term, index in vocabulary.items():
                terms[int(index)] = term
            state["vocabulary_terms_"] = np.array(terms, dtype=str)
        return state

    def __setstate__(self, state):
        state = dict(state)
        terms = state.pop("vocabulary_terms_", None)
        state.pop("ngram_index_", None)  # models of format 1 also stored the counting index
        super().__setstate__(state)
        if terms is not None:
            self.vocabulary_ = {str(term): index for index, term in enumerate(terms.tolist())}
