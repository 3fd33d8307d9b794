"""The domain dictionary and its keyword hits: longest keyword first, a keyword counted for each of its themes."""

from __future__ import annotations

import numpy as np

from model.features.lexicon import keyword_counts, keyword_hits, load_lexicon
from model.records import THEMES


def test_the_bundled_lexicon_has_every_theme():
    lexicon = load_lexicon()
    assert tuple(lexicon) == THEMES and all(len(terms) >= 10 for terms in lexicon.values())


def test_longer_keywords_win_over_their_prefixes():
    counts = keyword_counts(["科技创新和创新驱动"], ["创新", "科技创新"]).toarray()
    assert counts.tolist() == [[1, 1]]


def test_hits_per_theme_and_per_keyword():
    hits = keyword_hits({"innovation": ["创新", "科技"], "talent": ["人才", "创新"], "urban": [], "party": ["党建"]})
    assert hits.terms == ("创新", "科技", "人才", "党建")
    assert hits.theme_counts(["创新人才", "无关"]).tolist() == [[1, 2, 0, 0], [0, 0, 0, 0]]
    features = hits.transform(["创新人才"]).toarray()[0]
    assert np.allclose(features[:4], np.log1p([1, 2, 0, 0])) and features[4:].tolist() == [1, 0, 1, 0]
