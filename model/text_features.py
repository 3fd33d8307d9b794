"""Text features shared by the sentence classifiers: word and character n-gram TF-IDF and dictionary hits."""

from __future__ import annotations

import re

import numpy as np
from sklearn.compose import ColumnTransformer
from sklearn.feature_extraction.text import TfidfVectorizer

from .lexicon import DictionaryHits
from .tokenize import split_tokens

_DIGITS = re.compile(r"\d+(?:\.\d+)?")


def mask_digits(text: str) -> str:
    """Numbers as one symbol, so that '8%' and '9.5%' look alike to the n-gram features."""
    return _DIGITS.sub("0", text)


class TfidfFeatures(TfidfVectorizer):
    """scikit-learn's TfidfVectorizer, saved with its vocabulary as one array of terms in index order.

    A fitted vocabulary holds a few hundred thousand terms; stored as a dict, skops writes one node per
    term and a model file takes minutes to write and seconds to load. As one array it takes milliseconds.
    """

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
        super().__setstate__(state)
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
