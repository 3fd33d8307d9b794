"""The domain dictionary of theme keywords (``resources/lexicon.json``) and its hits in sentences as features:
the log-count of hits per theme and a 0/1 column per keyword (:class:`KeywordHits`, the array form of a
fitted :class:`~model.features.dictionary_hits.DictionaryHits`)."""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse

from ..records import THEMES
from ..resources import RESOURCES
from ..runtime.arrays import part

LEXICON_FILE = RESOURCES / "lexicon.json"
THEME_LEXICON = RESOURCES / "theme_lexicon"


@functools.cache
def load_lexicon() -> dict[str, tuple[str, ...]]:
    """Theme → keywords, from ``resources/lexicon.json`` (the keyword baseline's dictionary)."""
    raw = json.loads(LEXICON_FILE.read_text(encoding="utf-8"))
    return {theme: tuple(raw[theme]) for theme in THEMES}


@functools.cache
def load_theme_lexicon() -> dict[str, tuple[str, ...]]:
    """Theme → terms, from ``resources/theme_lexicon/<theme>.tsv`` (``term``, ``note``: where the term comes
    from): the larger lexicon the models read as a feature block, written from the labelling guide."""
    import csv

    out = {}
    for theme in THEMES:
        with (THEME_LEXICON / f"{theme}.tsv").open(encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle, delimiter="\t"))
        out[theme] = tuple(dict.fromkeys(r["term"].strip() for r in rows if r["term"].strip()))
    return out


@functools.lru_cache(maxsize=8)
def keyword_pattern(terms: tuple[str, ...]) -> re.Pattern:
    """One alternation of the keywords, longest first (so a longer keyword wins over its prefix)."""
    return re.compile("|".join(map(re.escape, sorted(terms, key=len, reverse=True))))


def keyword_counts(texts: Sequence[str], terms: Sequence[str]) -> sparse.csr_matrix:
    """(sentences × keywords) number of hits in the raw text."""
    pattern = keyword_pattern(tuple(terms))
    index = {term: i for i, term in enumerate(terms)}
    rows, cols = [], []
    for r, text in enumerate(texts):
        for match in pattern.finditer(text):
            rows.append(r)
            cols.append(index[match.group(0)])
    return sparse.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(texts), len(terms)))


@part("keyword_hits")
@dataclass(frozen=True, eq=False)
class KeywordHits:
    """Keyword hits in the raw text (longest keyword first, so segmentation choices hide no term):
    log(1 + hits per theme), then one 0/1 column per keyword. ``term_theme`` is keyword × theme, 0/1."""

    themes: tuple[str, ...]
    terms: tuple[str, ...]
    term_theme: np.ndarray

    @classmethod
    def from_state(cls, state: dict) -> KeywordHits:
        return cls(tuple(state["themes"]), tuple(state["terms"]), np.asarray(state["term_theme"], dtype=np.float64))

    def transform(self, texts: Sequence[str]) -> sparse.csr_matrix:
        counts = keyword_counts(texts, self.terms)
        per_theme = np.log1p(counts @ self.term_theme)
        return sparse.hstack([sparse.csr_matrix(per_theme), (counts > 0).astype(float)]).tocsr()

    def theme_counts(self, texts: Sequence[str]) -> np.ndarray:
        """Raw number of keyword hits per theme (what the keyword baseline thresholds)."""
        return np.asarray(keyword_counts(list(texts), self.terms) @ self.term_theme)


def keyword_hits(lexicon: dict[str, Sequence[str]], themes: Sequence[str] = THEMES) -> KeywordHits:
    """The keyword-hit block of a lexicon (theme → keywords); a keyword listed under two themes counts for both."""
    terms: dict[str, int] = {}
    for theme in themes:
        for term in lexicon[theme]:
            terms.setdefault(term, len(terms))
    term_theme = np.zeros((len(terms), len(themes)))
    for t, theme in enumerate(themes):
        for term in lexicon[theme]:
            term_theme[terms[term], t] = 1.0
    return KeywordHits(tuple(themes), tuple(terms), term_theme)
