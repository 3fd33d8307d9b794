"""Text features shared by the sentence classifiers: word and character n-gram TF-IDF and dictionary hits."""

from __future__ import annotations

import re

from sklearn.compose import ColumnTransformer
from sklearn.feature_extraction.text import TfidfVectorizer

from .lexicon import DictionaryHits
from .tokenize import split_tokens

_DIGITS = re.compile(r"\d+(?:\.\d+)?")


def mask_digits(text: str) -> str:
    """Numbers as one symbol, so that '8%' and '9.5%' look alike to the n-gram features."""
    return _DIGITS.sub("0", text)


def make_text_features(word_ngrams=(1, 2), char_ngrams=(1, 3), min_df=2, use_dictionary=True,
                       max_features=200_000) -> ColumnTransformer:
    """A ColumnTransformer over the ``text`` and ``tokens`` columns of a sentence frame."""
    parts = [
        ("word", TfidfVectorizer(tokenizer=split_tokens, token_pattern=None, lowercase=False,
                                 preprocessor=mask_digits, ngram_range=word_ngrams, min_df=min_df,
                                 sublinear_tf=True, max_features=max_features), "tokens"),
        ("char", TfidfVectorizer(analyzer="char", preprocessor=mask_digits, ngram_range=char_ngrams,
                                 min_df=min_df, sublinear_tf=True, max_features=max_features), "text"),
    ]
    if use_dictionary:
        parts.append(("dict", DictionaryHits(), "text"))
    return ColumnTransformer(parts, sparse_threshold=1.0)
