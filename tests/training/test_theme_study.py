"""gwr study: the block, family and learning-curve tables of the theme heads, on a small labelled file."""

import json

import numpy as np
import pytest

from training.dataset import load_labelled
from training.theme_study import (BLOCKS, EXTREME, Fitted, StudyConfig, document_fraction, run,
                                  threshold_spread)


def test_a_fraction_keeps_whole_documents_of_every_source():
    records = load_labelled(split="train")
    part = document_fraction(records, 0.25, seed=0)
    docs = {r.doc_id for r in part}
    assert {r.source for r in part} == {r.source for r in records}
    assert all(r in part for r in records if r.doc_id in docs)  # a chosen document comes whole
    assert 0.15 < len(docs) / len({r.doc_id for r in records}) < 0.35
    assert document_fraction(records, 1.0, seed=0) == records


def test_threshold_spread_is_the_range_over_folds():
    fitted = Fitted(np.zeros((0, 4)), np.zeros((0, 4)), [np.array([0.2, 0.3, 0.4, 0.5]),
                                                          np.array([0.4, 0.3, 0.05, 0.6])])
    spread = threshold_spread(fitted)
    assert spread["innovation"] == (0.2, 0.4) and spread["urban"] == (0.05, 0.4)
    assert spread["urban"][0] <= EXTREME[0]


@pytest.fixture(scope="module")
def small_data(tmp_path_factory):
    records = load_labelled()
    keep = set()
    for source in ("national", "local", "recent", "seed", "devset"):
        for split in ("train", "test"):
            keep |= set(sorted({r.doc_id for r in records if r.source == source and r.split == split})[:2])
    path = tmp_path_factory.mktemp("study") / "sentences.jsonl"
    path.write_text("".join(json.dumps(r.to_dict(), ensure_ascii=False) + "\n" for r in records if r.doc_id in keep),
                    encoding="utf-8")
    return path


@pytest.mark.slow
def test_the_study_tables_come_from_real_fits(small_data):
    config = StudyConfig(data=str(small_data), folds=2, unlabelled_limit=0, fractions=(0.5, 1.0),
                         families=("linear, all blocks", "MLP, dense blocks"))
    summary = run(config, log=lambda msg: None)
    assert list(summary["blocks"]) == list(BLOCKS)
    every = [v for table in ("blocks", "families") for figures in summary[table].values()
             for k, v in figures.items() if k.endswith("macro_f1")]
    assert every and all(0 <= v <= 1 for v in every)
    # The whole train split of the learning curve is the all-blocks model of the block table.
    assert (summary["curve"]["1.0"]["all_themes_macro_f1"]
            == summary["blocks"]["+ word vectors (all blocks)"]["all_themes_macro_f1"])
    train_docs = {r.doc_id for r in load_labelled(small_data, split="train")}
    assert summary["curve"]["0.5"]["documents"] < summary["curve"]["1.0"]["documents"] == len(train_docs)
    for title in ("blocks added", "model families", "thresholds over the CV folds", "learning curve", "per label"):
        assert title in summary["tables"]
