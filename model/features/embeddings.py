"""Word (or character) vectors learned from all the report text the text features are fitted on, pooled per
sentence: a dense block beside the sparse n-grams, which gives a sentence some of what its words share with
the words they are used like, also for words the labelled sentences never contain.

The vectors are the positive pointwise mutual information of window co-occurrence, reduced by a truncated
SVD (:class:`SentenceEmbedding`, a scikit-learn transformer); a sentence's vector is the IDF-weighted sum of
its words' vectors, scaled to unit length (:class:`~model.features.pooling.PooledEmbedding`, the array
form, light enough to load without scikit-learn). Fitting the same text with the same parameters reads the
vectors from the cache folder (:func:`~model.features.tokenize.cache_dir`) instead of computing them again.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections import Counter
from pathlib import Path

import numpy as np
from scipy import sparse
from sklearn.base import BaseEstimator, TransformerMixin

from ..compiling import Compiles
from .ngram_index import NgramIndex, collapse_white_space
from .pooling import PooledEmbedding
from .tfidf import NgramTfidf, mask_digits
from .tokenize import cache_dir, split_tokens

# Bumped whenever fitting computes other vectors from the same text and parameters.
CACHE_FORMAT = 1
# Cached fits kept (the most recently used): a training run fits once per cross-validation fold and once more.
CACHE_KEEP = 24


class SentenceEmbedding(Compiles, TransformerMixin, BaseEstimator):
    """PPMI-SVD vectors of the words (or characters) of the fitted text, pooled per sentence.

    Fitting counts, within each sentence, the pairs of units at most ``window`` apart (a pair ``d`` apart
    counts ``1/d``), keeps the positive PMI of those counts (contexts smoothed by ``smoothing``) and takes
    its first ``n_components`` singular vectors scaled by the square root of the singular values, each
    word's vector scaled to unit length. Reads the ``tokens`` column (``analyzer="word"``) or the ``text``
    column (``analyzer="char"``); numbers are masked as in the n-gram features.

    Parameters
    ----------
    n_components : int, default=100
        Dimensions of the vectors (columns of the block).
    window : int, default=5
        Largest distance, in units, of a counted pair.
    analyzer : {"word", "char"}, default="word"
        Words of the segmented text, or characters of the raw text.
    weighting : {"idf", "mean"}, default="idf"
        A word's weight in its sentence's vector: its IDF in the fitted text, or 1.
    min_count : int, default=2
        Units seen fewer times are left out (they neither get a vector nor count as context).
    smoothing : float, default=0.75
        Exponent of the context counts in the PMI (below 1 lowers the PMI of rare contexts).
    random_state : int, default=0
        Seed of the randomized SVD: the same text, parameters and seed give the same vectors.
    cache : bool, default=True
        Read and write fitted vectors in the cache folder, by a hash of the text and the parameters.

    Attributes
    ----------
    terms_ : ndarray of str, shape (n_terms,)
        The units with a vector, in row order.
    idf_ : ndarray of shape (n_terms,) or None
        Their IDF (scikit-learn's smoothed IDF over the fitted sentences); None for ``weighting="mean"``.
    vectors_ : ndarray of shape (n_terms, n_components)
        Their vectors.
    """

    def __init__(self, n_components: int = 100, window: int = 5, analyzer: str = "word", weighting: str = "idf",
                 min_count: int = 2, smoothing: float = 0.75, random_state: int = 0, cache: bool = True):
        self.n_components = n_components
        self.window = window
        self.analyzer = analyzer
        self.weighting = weighting
        self.min_count = min_count
        self.smoothing = smoothing
        self.random_state = random_state
        self.cache = cache

    def fit(self, X, y=None):
        if self.analyzer not in ("word", "char") or self.weighting not in ("idf", "mean"):
            raise ValueError(f"analyzer {self.analyzer!r}, weighting {self.weighting!r}: expected 'word' or "
                             "'char', and 'idf' or 'mean'")
        documents = [self._units(mask_digits(d)) for d in X]
        path = cache_dir() / "embeddings" / f"{self._cache_key(documents)}.npz" if self.cache else None
        fitted = _read_cached(path) if path is not None else None
        if fitted is None:
            fitted = self._fit_units(documents)
            if path is not None:
                _write_cached(path, fitted)
        self.terms_, idf, self.vectors_ = fitted["terms"], fitted["idf"], fitted["vectors"]
        self.idf_ = idf if self.weighting == "idf" else None
        return self._compiled_after_fit()

    def _units(self, document: str) -> list[str]:
        return split_tokens(document) if self.analyzer == "word" else list(collapse_white_space(document))

    def _cache_key(self, documents: list[list[str]]) -> str:
        import sklearn

        digest = hashlib.sha256(repr((CACHE_FORMAT, np.__version__, sklearn.__version__, self.n_components,
                                      self.window, self.analyzer, self.min_count, float(self.smoothing),
                                      self.random_state)).encode())
        for units in documents:
            digest.update("\x1f".join(units).encode("utf-8", "surrogatepass"))
            digest.update(b"\x1e")
        return digest.hexdigest()[:32]

    def _fit_units(self, documents: list[list[str]]) -> dict[str, np.ndarray]:
        counts = Counter(unit for units in documents for unit in units)
        terms = sorted(unit for unit, n in counts.items() if n >= self.min_count)
        vocabulary = {term: i for i, term in enumerate(terms)}
        index = NgramIndex.build(vocabulary, lambda term: [term])
        column = np.full(index.base, -1, dtype=np.int64)  # unit id → row of the vectors (0: unknown unit)
        for unit, unit_id in index.unit_ids.items():
            column[unit_id] = vocabulary[unit]
        ids, lengths = (index.word_ids(documents) if self.analyzer == "word"
                        else index.char_ids(["".join(units) for units in documents]))
        sentence = np.repeat(np.arange(len(lengths)), lengths + 1)[: len(ids)]
        positions = column[ids]
        document_frequency = np.bincount(np.unique(sentence[positions >= 0] * len(terms) + positions[positions >= 0])
                                         % max(len(terms), 1), minlength=len(terms))
        idf = np.log((1.0 + len(documents)) / (1.0 + document_frequency)) + 1.0
        vectors = ppmi_svd(cooccurrence(positions, sentence, len(terms), self.window), self.n_components,
                           self.smoothing, self.random_state)
        return {"terms": np.array(terms, dtype=str), "idf": idf, "vectors": vectors}

    def compile(self) -> PooledEmbedding:
        vocabulary = {str(term): i for i, term in enumerate(self.terms_.tolist())}
        words = NgramTfidf(analyzer=self.analyzer, ngram_range=(1, 1),
                           index=NgramIndex.build(vocabulary, lambda term: [term]),
                           idf=None if self.idf_ is None else np.asarray(self.idf_, dtype=np.float64),
                           sublinear_tf=False, norm=None)
        return PooledEmbedding(words, np.ascontiguousarray(self.vectors_, dtype=np.float64))

    def transform(self, X):
        return self.compiled().transform(list(X))

    def get_feature_names_out(self, input_features=None):
        return np.array([f"{self.analyzer}_vector:{i}" for i in range(self.n_components)], dtype=object)


def cooccurrence(positions: np.ndarray, sentence: np.ndarray, n_terms: int, window: int) -> sparse.csr_matrix:
    """(terms × terms) symmetric counts of pairs at most ``window`` apart in one sentence, ``1/d`` for a
    pair ``d`` apart; ``positions`` holds each unit's term (-1: none), ``sentence`` each unit's sentence."""
    rows, cols, weights = [], [], []
    for d in range(1, window + 1):
        left, right = positions[:-d], positions[d:]
        keep = (left >= 0) & (right >= 0) & (sentence[:-d] == sentence[d:])
        rows += [left[keep], right[keep]]
        cols += [right[keep], left[keep]]
        weights.append(np.full(2 * int(keep.sum()), 1.0 / d))
    pairs = sparse.coo_matrix((np.concatenate(weights), (np.concatenate(rows), np.concatenate(cols))),
                              shape=(n_terms, n_terms)).tocsr()
    pairs.sum_duplicates()
    return pairs


def ppmi_svd(counts: sparse.csr_matrix, n_components: int, smoothing: float, random_state: int) -> np.ndarray:
    """(terms × n_components) unit-length rows: the truncated SVD of the positive PMI of ``counts``, left
    vectors scaled by the square roots of the singular values (columns past the rank are zeros)."""
    from sklearn.utils.extmath import randomized_svd

    n_terms = counts.shape[0]
    coo = counts.tocoo()
    totals = np.asarray(counts.sum(axis=1)).ravel()
    contexts = np.asarray(counts.sum(axis=0)).ravel() ** smoothing
    with np.errstate(divide="ignore"):
        pmi = (np.log(coo.data) + np.log(contexts.sum()) - np.log(totals[coo.row]) - np.log(contexts[coo.col]))
    positive = pmi > 0.0
    matrix = sparse.csr_matrix((pmi[positive], (coo.row[positive], coo.col[positive])), shape=counts.shape)
    vectors = np.zeros((n_terms, n_components))
    rank = min(n_components, n_terms - 1)
    if rank > 0 and matrix.nnz:
        u, s, _ = randomized_svd(matrix, rank, random_state=random_state)
        vectors[:, :rank] = u * np.sqrt(s)
    norms = np.linalg.norm(vectors, axis=1)
    vectors[norms > 0] /= norms[norms > 0, None]
    return vectors


def _read_cached(path: Path) -> dict[str, np.ndarray] | None:
    try:
        with np.load(path, allow_pickle=False) as arrays:
            fitted = {name: arrays[name] for name in ("terms", "idf", "vectors")}
        os.utime(path)
    except (OSError, ValueError, KeyError):
        return None
    return fitted


def _write_cached(path: Path, fitted: dict[str, np.ndarray]) -> None:
    """Best effort: a cache that cannot be written only means the next fit computes the vectors again."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        with tempfile.NamedTemporaryFile(dir=path.parent, suffix=".tmp", delete=False) as handle:
            np.savez(handle, **fitted)
        os.replace(handle.name, path)
        for old in sorted(path.parent.glob("*.npz"), key=lambda p: p.stat().st_mtime, reverse=True)[CACHE_KEEP:]:
            old.unlink(missing_ok=True)
    except OSError:
        try:
            os.unlink(handle.name)
        except (OSError, UnboundLocalError):
            pass
