"""Text features shared by the sentence classifiers: word and character n-gram TF-IDF and dictionary hits."""

from __future__ import annotations

import numpy as np
from sklearn.compose import ColumnTransformer
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.utils._sparse import _align_api_if_sparse

from .lexicon import DictionaryHits
from .ngram_index import NgramIndex
from .tfidf import mask_digits  # noqa: F401  (models saved before it moved name it here)
from .tokenize import split_tokens


class TfidfFeatures(TfidfVectorizer):
    """scikit-learn's TfidfVectorizer, saved with its vocabulary as one array of terms in index order, and
    counting terms of new text without a Python step per term.

    A fitted vocabulary holds a few hundred thousand terms; stored as a dict, skops writes one node per
    term and a model file takes minutes to write and seconds to load. As one array it takes milliseconds.
    The :class:`~model.features.ngram_index.NgramIndex` used for counting is saved too, as plain arrays.
    """

    def _count_vocab(self, raw_documents, fixed_vocab):
        """With a fitted vocabulary, character and word n-grams are counted by :class:`NgramIndex`
        (the same matrix as scikit-learn's, without a Python step per n-gram)."""
        if not fixed_vocab or self._ngram_index_unusable():
            return super()._count_vocab(raw_documents, fixed_vocab)
        documents = list(raw_documents)
        if any(not isinstance(d, str) for d in documents):
            return super()._count_vocab(documents, fixed_vocab)
        counts = self._ngram_index().count_documents(documents, self.analyzer, self.ngram_range,
                                                     self.build_preprocessor(), dtype=self.dtype)
        return self.vocabulary_, _align_api_if_sparse(counts)

    def _ngram_index_unusable(self) -> bool:
        """The index reproduces scikit-learn's analyzer for characters, and for words split on spaces."""
        plain = self.stop_words is None and self.input == "content" and not callable(self.analyzer)
        return not (plain and (self.analyzer == "char"
                               or (self.analyzer == "word" and self.tokenizer is split_tokens)))

    def _ngram_index(self) -> NgramIndex:
        index = self.__dict__.get("_ngram_index_")
        if index is None:
            units = list if self.analyzer == "char" else (lambda term: term.split(" "))
            index = self.__dict__["_ngram_index_"] = NgramIndex.build(self.vocabulary_, units)
        return index

    def __getstate__(self):
        state = dict(super().__getstate__())
        state.pop("_ngram_index_", None)
        vocabulary = state.pop("vocabulary_", None)
        if vocabulary is not None and not self._ngram_index_unusable():
            state["ngram_index_"] = self._ngram_index().to_state()
        if vocabulary is not None:
            terms = [""] * len(vocabulary)
            for term, index in vocabulary.items():
                terms[int(index)] = term
            state["vocabulary_terms_"] = np.array(terms, dtype=str)
        return state

    def __setstate__(self, state):
        state = dict(state)
        terms = state.pop("vocabulary_terms_", None)
        index = state.pop("ngram_index_", None)
        super().__setstate__(state)
        if index is not None:
            self.__dict__["_ngram_index_"] = NgramIndex.from_state(index)
        if terms is not None:
            self.vocabulary_ = {str(term): index for index, term in enumerate(terms.tolist())}


def make_text_features(word_ngrams=(1, 2), char_ngrams=(1, 3), min_df=2, use_dictionary=True,
                       max_features=200_000) -> ColumnTransformer:
    """A ColumnTransformer over the ``text`` and ``tokens`` columns of a sentence frame."""
    parts = [
        ("word", TfidfFeatures(tokenizer=split_tokens, token_pattern=None, lowercase=False,
                                 preprocessor=mask_digits, ngram_range=word_ngrams, min_df=min_df,
                                 sublinear_tf=True, max_features=max_features), "tokens"),
        ("char", TfidfFeatures(analyzer="char", preprocessor=mask_digits, ngram_range=char_ngrams,
                                 min_df=min_df, sublinear_tf=True, max_features=max_features), "text"),
    ]
    if use_dictionary:
        parts.append(("dict", DictionaryHits(), "text"))
    return ColumnTransformer(parts, sparse_threshold=1.0)
