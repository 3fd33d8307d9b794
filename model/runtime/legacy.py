"""Models saved by earlier versions of gwr-tagger, still loaded: the array files of format 1 (one fixed
layout, written before the array form described itself), and the type paths of their skops files (the
modules of ``model/`` before it had sub-packages)."""

from __future__ import annotations

import contextlib
import importlib
import sys
import types

import numpy as np

# Where each type named by a model file of format 1 (or earlier) lives now.
LEGACY_TYPES = {
    "model.themes.ThemeClassifier": "model.classifiers.themes.ThemeClassifier",
    "model.quant.QuantTargetClassifier": "model.classifiers.quant.QuantTargetClassifier",
    "model.quant.CueFeatures": "model.classifiers.quant.CueFeatures",
    "model.quant.LogCounts": "model.classifiers.quant.LogCounts",
    "model.sentence_classifier.BinaryTextClassifier": "model.classifiers.sentence_classifier.BinaryTextClassifier",
    "model.lexicon.DictionaryHits": "model.features.dictionary_hits.DictionaryHits",
    "model.text_features.TfidfFeatures": "model.features.tfidf_vectorizer.TfidfFeatures",
    "model.text_features.mask_digits": "model.features.tfidf.mask_digits",
    "model.tfidf.mask_digits": "model.features.tfidf.mask_digits",
    "model.tokenize.split_tokens": "model.features.tokenize.split_tokens",
    "model.dict_features.DictFeatures": "model.indicators.dict_features.DictFeatures",
    "model.extractor.IndicatorExtractor": "model.indicators.extractor.IndicatorExtractor",
}


def _resolve(path: str):
    module, _, name = path.rpartition(".")
    return getattr(importlib.import_module(module), name)


@contextlib.contextmanager
def legacy_modules():
    """While entered, the old module paths of LEGACY_TYPES import, holding the types they name now (so
    skops finds them); nothing else of the old modules exists."""
    added: list[str] = []
    try:
        for old, new in LEGACY_TYPES.items():
            module_name, _, name = old.rpartition(".")
            module = sys.modules.get(module_name)
            if module is None:
                module = sys.modules[module_name] = types.ModuleType(module_name)
                added.append(module_name)
            elif module_name not in added:
                continue  # a real module of this name exists: leave it alone
            setattr(module, name, _resolve(new))
        yield
    finally:
        for module_name in added:
            sys.modules.pop(module_name, None)


def read_format1(spec: dict, arrays: dict[str, np.ndarray]):
    """The :class:`~model.runtime.compiled.CompiledTagger` of array files of format 1."""
    from ..classifiers.linear_heads import LabelHeads, LinearHeads
    from ..classifiers.quant_columns import EXTRACTOR_COLUMNS, CueCounts
    from ..features.columns import ColumnBlocks, Log1p, OneHot
    from ..features.lexicon import KeywordHits
    from ..features.ngram_index import NgramIndex
    from ..features.tfidf import NgramTfidf
    from ..indicators.feature_rows import NamedColumns
    from ..indicators.mentions import ConstantScore, LogisticScore, MentionScorer
    from ..records import THEMES
    from .compiled import CompiledTagger

    def own(prefix: str) -> dict[str, np.ndarray]:
        return {k[len(prefix):]: v for k, v in arrays.items() if k.startswith(prefix)}

    def tfidf(name: str) -> NgramTfidf:
        meta, mine = spec[name], own(f"{name}.")
        lengths = mine["lengths"].tolist()
        index = NgramIndex.from_state({"units": mine["units"], "lengths": mine["lengths"],
                                       "n_features": meta["n_features"],
                                       "codes": [mine[f"codes{n}"] for n in lengths],
                                       "columns": [mine[f"columns{n}"] for n in lengths]})
        return NgramTfidf(meta["analyzer"], tuple(meta["ngram_range"]), index, mine.get("idf"),
                          meta["sublinear_tf"], meta["norm"])

    def heads(name: str, labels: tuple[str, ...], thresholds) -> LabelHeads:
        linear = LinearHeads.from_state({**own(f"{name}."), **spec[name]["heads"]})
        return LabelHeads(labels, linear, np.asarray(thresholds, dtype=np.float64))

    def score(name: str):
        meta, coef = spec["extractor"][name], arrays.get(f"extractor.{name}.coef")
        return ConstantScore(meta["constant"]) if coef is None else LogisticScore(coef, meta["intercept"])

    params = spec["extractor"]["params"]
    return CompiledTagger(
        text=ColumnBlocks(("word", "char", "dict"), ("tokens", "text", "text"),
                          (tfidf("word"), tfidf("char"),
                           KeywordHits(THEMES, tuple(arrays["dict.terms"].tolist()), arrays["dict.term_theme"]))),
        themes=heads("themes", THEMES, spec["themes"]["thresholds"]),
        extractor=MentionScorer(NamedColumns(arrays["extractor.names"]), score("keep"), score("kind"),
                                params["keep_threshold"], params["target_threshold"], params["sentence_weight"]),
        quant_columns=ColumnBlocks(("cues", "extractor", "section"), ("text", EXTRACTOR_COLUMNS, ("section",)),
                                   (CueCounts(tuple(spec["quant"]["cues"])), Log1p(),
                                    OneHot(tuple(spec["quant"]["sections"])))),
        quant=heads("quant", ("quant_target",), [spec["quant"]["threshold"]]),
    )
