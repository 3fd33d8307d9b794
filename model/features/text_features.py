"""The text features every sentence classifier reads, declared once: word and character n-gram TF-IDF, the
domain dictionary's keyword hits, the theme lexicon's hits and the pooled word vectors, over the columns of a
sentence frame."""

from __future__ import annotations

from sklearn.compose import ColumnTransformer

from .dictionary_hits import DictionaryHits
from .embeddings import SentenceEmbedding
from .tfidf import mask_digits
from .tfidf_vectorizer import TfidfFeatures
from .tokenize import split_tokens


def make_text_features(word_ngrams=(1, 2), char_ngrams=(1, 3), min_df=2, use_dictionary=True,
                       max_features=200_000, use_theme_lexicon=True, use_embedding=True,
                       random_state=0, use_ngrams=True) -> ColumnTransformer:
    """A ColumnTransformer over the ``tokens`` and ``text`` columns (see :mod:`model.features.frame`);
    ``use_ngrams=False`` keeps the dense blocks alone (what a non-linear head is compared on)."""
    parts = [
        ("word", TfidfFeatures(tokenizer=split_tokens, token_pattern=None, lowercase=False,
                               preprocessor=mask_digits, ngram_range=word_ngrams, min_df=min_df,
                               sublinear_tf=True, max_features=max_features), "tokens"),
        ("char", TfidfFeatures(analyzer="char", preprocessor=mask_digits, ngram_range=char_ngrams,
                               min_df=min_df, sublinear_tf=True, max_features=max_features), "text"),
    ] if use_ngrams else []
    if use_dictionary:
        parts.append(("dict", DictionaryHits(), "text"))
    if use_theme_lexicon:
        parts.append(("lexicon", DictionaryHits(lexicon="themes"), "text"))
    if use_embedding:
        parts.append(("embedding", SentenceEmbedding(random_state=random_state), "tokens"))
    return ColumnTransformer(parts, sparse_threshold=1.0)
