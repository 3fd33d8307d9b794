"""Every tagger users get offers the Tagger protocol: the estimator, its array form and the keyword baseline."""

from __future__ import annotations

from model.classifiers.baseline import KeywordBaseline
from model.protocols import Tagger
from model.runtime.artifacts import load_model_folder


def test_taggers_are_taggers(small_model_dir):
    estimator = load_model_folder(small_model_dir)
    for tagger in (estimator, estimator.compiled(), load_model_folder(small_model_dir, scoring=True),
                   KeywordBaseline().fit()):
        assert isinstance(tagger, Tagger)
        results = tagger.predict_sentences(["力争全年引进高层次人才100名以上。"], ["plan"])
        assert len(results) == 1 and set(tagger.label_thresholds()) >= {"innovation", "quant_target"}
