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


def test_the_theme_lexicon_holds_at_least_300_noted_terms_per_theme():
    import csv

    from model.features.lexicon import THEME_LEXICON, load_lexicon, load_theme_lexicon
    from model.records import THEMES

    lexicon = load_theme_lexicon()
    for theme in THEMES:
        with (THEME_LEXICON / f"{theme}.tsv").open(encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle, delimiter="\t"))
        assert len(rows) == len(lexicon[theme]) >= 300, theme  # no term twice
        assert all(r["note"].split(":")[0] in ("guide", "recent", "local", "domain") for r in rows), theme
        assert all(2 <= len(r["term"]) <= 10 for r in rows), theme
    assert set(load_lexicon()["urban"]) != set(lexicon["urban"])  # the baseline keeps its own dictionary


def test_the_theme_lexicon_is_a_feature_block_of_its_own():
    from model.features.dictionary_hits import DictionaryHits
    from model.features.lexicon import load_theme_lexicon

    hits = DictionaryHits(lexicon="themes").fit(["x"])
    assert len(hits.terms_) == len({t for terms in load_theme_lexicon().values() for t in terms})
    row = hits.transform(["推进城镇老旧小区改造和城市更新行动。"]).toarray()[0]
    urban = hits.themes_.index("urban")
    assert row[urban] > 0
