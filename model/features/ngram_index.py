"""Counting the n-grams of a fitted vocabulary in new text with array operations: each character (or word)
becomes an integer, each n-gram an integer code, and codes are matched against the vocabulary with a
binary search. The result equals scikit-learn's count matrix; it avoids a Python step per n-gram."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

import numpy as np
from scipy import sparse

from ..runtime.arrays import part
from .tokenize import split_tokens

_WHITE_SPACES = re.compile(r"\s\s+")  # scikit-learn's char analyzer collapses these to one space
# Unigrams, and bigrams while base² stays under this many entries (characters: ~2,600 units, 26 MB),
# are looked up in a dense table rather than by binary search.
DENSE_TABLE_MAX = 8_000_000


@part("ngram_index")
class NgramIndex:
    """The terms of a vocabulary as integer codes per n-gram length.

    ``units`` splits a term (or a preprocessed document) into its units: characters or words. Unit ids
    start at 1; 0 marks a unit the vocabulary never uses, so no n-gram through it can match.
    """

    def __init__(self, unit_ids: dict[str, int], tables: dict[int, tuple[np.ndarray, np.ndarray]],
                 n_features: int):
        self.unit_ids = unit_ids
        self.base = len(unit_ids) + 1
        self.tables = tables
        self.n_features = n_features
        self._char_table: np.ndarray | None = None
        self._dense: dict[int, np.ndarray] = {}

    @classmethod
    def build(cls, vocabulary: dict[str, int], units: Callable[[str], Sequence[str]]) -> NgramIndex:
        split = {term: list(units(term)) for term in vocabulary}
        unit_ids: dict[str, int] = {}
        for pieces in split.values():
            for piece in pieces:
                unit_ids.setdefault(piece, len(unit_ids) + 1)
        index = cls(unit_ids, {}, len(vocabulary))
        by_length: dict[int, list[tuple[int, int]]] = {}
        for term, pieces in split.items():
            by_length.setdefault(len(pieces), []).append((index._code(pieces), vocabulary[term]))
        for n, pairs in by_length.items():
            pairs.sort()
            index.tables[n] = (np.array([c for c, _ in pairs], dtype=np.int64),
                               np.array([j for _, j in pairs], dtype=np.int64))
        return index

    def to_state(self) -> dict:
        """Plain arrays (what a model file stores), so loading does not rebuild the index."""
        lengths = sorted(self.tables)
        return {"units": np.array(list(self.unit_ids), dtype=str), "lengths": np.array(lengths, dtype=np.int64),
                "codes": [self.tables[n][0] for n in lengths], "columns": [self.tables[n][1] for n in lengths],
                "n_features": int(self.n_features)}

    @classmethod
    def from_state(cls, state: dict) -> NgramIndex:
        units = state["units"].tolist()
        tables = {int(n): (np.asarray(c, dtype=np.int64), np.asarray(j, dtype=np.int64))
                  for n, c, j in zip(state["lengths"].tolist(), state["codes"], state["columns"])}
        return cls(dict(zip(units, range(1, len(units) + 1))), tables, int(state["n_features"]))

    def _code(self, pieces: Sequence[str]) -> int:
        code = 0
        for piece in pieces:
            code = code * self.base + self.unit_ids[piece]
        return code

    def char_ids(self, documents: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        """Unit ids of all documents' characters, one 0 between documents, and each document's length."""
        if self._char_table is None:
            self._char_table = np.zeros(max(map(ord, self.unit_ids), default=0) + 1, dtype=np.int64)
            for char, i in self.unit_ids.items():
                self._char_table[ord(char)] = i
        table = self._char_table
        joined = "\0".join(documents)
        points = np.frombuffer(joined.encode("utf-32-le", "surrogatepass"), dtype=np.uint32).astype(np.int64)
        ids = np.where(points < len(table), table[np.minimum(points, len(table) - 1)], 0)
        lengths = np.fromiter(map(len, documents), dtype=np.int64, count=len(documents))
        ids[np.cumsum(lengths + 1)[:-1] - 1] = 0
        return ids, lengths

    def word_ids(self, token_lists: Sequence[Sequence[str]]) -> tuple[np.ndarray, np.ndarray]:
        """Unit ids of all documents' words, one 0 between documents, and each document's length."""
        get = self.unit_ids.get
        ids: list[int] = []
        for tokens in token_lists:
            ids.extend(get(t, 0) for t in tokens)
            ids.append(0)
        lengths = np.fromiter(map(len, token_lists), dtype=np.int64, count=len(token_lists))
        return np.array(ids[:-1] if ids else [], dtype=np.int64), lengths

    def count_documents(self, documents: Sequence[str], analyzer: str, ngram_range: tuple[int, int],
                        preprocess: Callable[[str], str], dtype=np.float64) -> sparse.csr_array:
        """scikit-learn's count matrix of ``documents``: character n-grams of the preprocessed text (white
        space runs collapsed, as its char analyzer does), or word n-grams of text whose words are separated
        by spaces (the form :func:`~model.features.tokenize.tokenize_joined` writes)."""
        if analyzer == "char":
            ids, lengths = self.char_ids([collapse_white_space(preprocess(d)) for d in documents])
        else:
            ids, lengths = self.word_ids([split_tokens(preprocess(d)) for d in documents])
        return self.counts(ids, lengths, ngram_range, dtype=dtype)

    def _dense_table(self, n: int) -> np.ndarray | None:
        """Column of every possible n-gram code (-1: not in the vocabulary), for small code spaces."""
        if n not in self._dense:
            size = self.base ** n
            if size > DENSE_TABLE_MAX:
                self._dense[n] = None
            else:
                codes, columns = self.tables[n]
                table = np.full(size, -1, dtype=np.int32)
                table[codes] = columns
                self._dense[n] = table
        return self._dense[n]

    def counts(self, ids: np.ndarray, lengths: np.ndarray, ngram_range: tuple[int, int],
               dtype=np.float64) -> sparse.csr_array:
        """(documents × vocabulary) n-gram counts from :meth:`char_ids` / :meth:`word_ids` output."""
        rows_of = np.repeat(np.arange(len(lengths)), lengths + 1)[: len(ids)]
        rows, cols = [], []
        for n in range(ngram_range[0], ngram_range[1] + 1):
            if n not in self.tables or len(ids) < n:
                continue
            width = len(ids) - n + 1
            code = ids[:width].copy()
            valid = code > 0
            for k in range(1, n):
                following = ids[k: k + width]
                code = code * self.base + following
                valid &= following > 0
            code, where = code[valid], rows_of[:width][valid]
            dense = self._dense_table(n)
            if dense is not None:
                found = dense[code]
                hit = found >= 0
                rows.append(where[hit])
                cols.append(found[hit].astype(np.int64))
                continue
            codes, columns = self.tables[n]
            at = np.minimum(np.searchsorted(codes, code), len(codes) - 1)
            hit = codes[at] == code
            rows.append(where[hit])
            cols.append(columns[at[hit]])
        rows_all = np.concatenate(rows) if rows else np.zeros(0, dtype=np.int64)
        cols_all = np.concatenate(cols) if cols else np.zeros(0, dtype=np.int64)
        matrix = sparse.coo_array((np.ones(len(rows_all), dtype=dtype), (rows_all, cols_all)),
                                  shape=(len(lengths), self.n_features)).tocsr()
        matrix.sum_duplicates()
        matrix.sort_indices()
        return matrix


def collapse_white_space(text: str) -> str:
    return _WHITE_SPACES.sub(" ", text)
