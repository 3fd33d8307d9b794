"""The keyword baseline: the dictionary method of the economics literature, with the tagger's interface.

A sentence has a theme when it holds at least ``min_hits`` of the theme's keywords; it states a
quantitative target when a number follows a target word (目标, 力争, 确保, 计划 …) within ``window``
characters; indicators are numbers with a unit, targets when a target word precedes them.
"""

from __future__ import annotations

import re

import numpy as np
from sklearn.base import BaseEstimator
from sklearn.utils.validation import check_is_fitted

from ..features.lexicon import keyword_hits, load_lexicon
from ..records import SECTIONS, THEMES, Mention, SentenceResult

TARGET_WORDS = "目标|力争|确保|计划|预期|争取|预计|要求|达到|控制在|将"
_NUMBER_UNIT = re.compile(
    r"(\d+(?:\.\d+)?)(个百分点|万平方米|平方米|平方公里|公里|万元|亿元|万亿元|元|万人|人|名|家|个|项|件|亩|万亩|吨|万吨|倍|%)")
_GROWTH = re.compile(r"(增长|下降|提高|降低|增加|减少|比增)\S{0,3}$")
_COUNT_UNITS = {"人", "万人", "名", "家", "个", "项", "件"}


class KeywordBaseline(BaseEstimator):
    """Keyword counts for themes, target words near numbers for quant_target; nothing is learned
    except the dictionary itself (``fit`` only compiles it).

    Parameters
    ----------
    min_hits : int, default=1
        A sentence has a theme when it holds at least this many of its keywords.
    window : int, default=20
        A target word at most this many characters before a number makes a quantitative target.

    Attributes
    ----------
    dictionary_ : KeywordHits
        The domain dictionary's keyword hits.
    """

    def __init__(self, min_hits: int = 1, window: int = 20):
        self.min_hits = min_hits
        self.window = window

    def fit(self, X=None, y=None):
        self.dictionary_ = keyword_hits(load_lexicon())
        return self

    def theme_proba(self, texts) -> np.ndarray:
        """A pseudo-probability per theme: hits / (hits + 1), so more keywords rank higher."""
        check_is_fitted(self)
        hits = self.dictionary_.theme_counts(list(texts))
        return hits / (hits + 1.0)

    def predict_themes(self, texts) -> np.ndarray:
        check_is_fitted(self)
        hits = self.dictionary_.theme_counts(list(texts))
        return (hits >= self.min_hits).astype(int)

    def quant_proba(self, texts) -> np.ndarray:
        pattern = re.compile(rf"({TARGET_WORDS}).{{0,{self.window}}}?\d")
        return np.array([1.0 if pattern.search(t) else 0.0 for t in texts])

    def extract(self, text: str, section: str | None = None) -> list[Mention]:
        out = []
        for m in _NUMBER_UNIT.finditer(text):
            before = text[max(0, m.start() - self.window):m.start()]
            unit = m.group(2)
            growth = bool(_GROWTH.search(before))
            measure = "growth" if growth else "share" if unit == "%" else "count" if unit in _COUNT_UNITS else "level"
            kind = "target" if re.search(TARGET_WORDS, before) else "actual"
            name = re.split(r"[，,；;。、：:]", before)[-1][-8:]
            out.append(Mention(indicator=name, value=float(m.group(1)), unit=unit, comparator="=", kind=kind,
                               measure=measure, start=m.start(), end=m.end()))
        return out

    def predict_sentences(self, texts, sections=None, headings=None) -> list[SentenceResult]:
        """The same output as :meth:`model.tagger.GwrTagger.predict_sentences`."""
        texts = list(texts)
        sections = list(sections) if sections is not None else [None] * len(texts)
        proba = self.theme_proba(texts)
        flags = self.predict_themes(texts)
        quant = self.quant_proba(texts)
        return [
            SentenceResult(text=t, themes=dict(zip(THEMES, map(float, proba[i]))),
                           labels=[th for th, f in zip(THEMES, flags[i]) if f], quant_target=bool(quant[i] >= 0.5),
                           quant_target_prob=float(quant[i]), indicators=self.extract(t, sections[i]),
                           section=sections[i] if sections[i] in SECTIONS else None)
            for i, t in enumerate(texts)
        ]

    def label_thresholds(self) -> dict[str, float]:
        """The decision threshold of each label, on the pseudo-probabilities."""
        theme = self.min_hits / (self.min_hits + 1.0)
        return {**dict.fromkeys(THEMES, theme), "quant_target": 0.5}
