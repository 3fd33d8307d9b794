"""DictionaryHits: the keyword-hit block as a scikit-learn transformer, named features, its array form."""

from __future__ import annotations

from model.features.dictionary_hits import DictionaryHits
from model.features.lexicon import KeywordHits


def test_transformer_and_array_form_agree():
    hits = DictionaryHits(lexicon={"innovation": ["创新"], "talent": ["人才"], "urban": ["棚户区"], "party": ["党建"]})
    texts = ["人才创新", "棚户区改造", "加强党建"]
    assert (hits.fit_transform(texts) != hits.compiled().transform(texts)).nnz == 0
    assert isinstance(hits.compiled(), KeywordHits)
    assert list(hits.get_feature_names_out())[:4] == ["theme_hits:innovation", "theme_hits:talent",
                                                       "theme_hits:urban", "theme_hits:party"]
    assert hits.theme_counts(texts).tolist() == [[1, 1, 0, 0], [0, 0, 1, 0], [0, 0, 0, 1]]
