"""Segmentation: the same words as jieba's own ``lcut`` on every bundled sentence, with jieba_fast's compiled
route and without it."""

from __future__ import annotations

import importlib.util

import pytest
from hypothesis import given
from hypothesis import strategies as st

import model.tokenize as tok
from model.inputs import InputFailure, iter_documents
from training.dataset import load_labelled

from tests.conftest import RAW, SEEDS


@pytest.fixture(scope="module")
def corpus() -> list[str]:
    """Every sentence of the bundled reports (national, local excerpts, seeds) and of the labelled data."""
    paths = [str(RAW / "national_reports_1954_2015.jsonl"), str(RAW / "local_excerpts.jsonl"), *map(str, SEEDS)]
    texts = [s.text for d in iter_documents(paths) if not isinstance(d, InputFailure) for s in d.sentences]
    return texts + [r.text for r in load_labelled()]


@pytest.fixture(scope="module")
def jieba_words(corpus) -> list[list[str]]:
    lcut = tok.get_tokenizer().lcut
    return [lcut(t, HMM=True) for t in corpus]


def test_corpus_is_the_whole_bundled_data(corpus):
    assert len(corpus) > 30_000


@pytest.mark.skipif(importlib.util.find_spec("_jieba_fast_functions_py3") is None, reason="jieba_fast missing")
def test_compiled_route_gives_jiebas_words_on_the_whole_corpus(corpus, jieba_words):
    assert tok.compiled_route_available()
    differ = [t for t, words in zip(corpus, jieba_words) if tok.cut(t) != words]
    assert differ == []


def test_jiebas_own_route_gives_jiebas_words_on_the_whole_corpus(corpus, jieba_words):
    differ = [t for t, words in zip(corpus, jieba_words) if tok.cut(t, use_compiled=False) != words]
    assert differ == []


def test_without_jieba_fast_the_same_words(monkeypatch, corpus, jieba_words):
    monkeypatch.setattr(tok, "_compiled", None)
    assert not tok.compiled_route_available()
    assert [tok.cut(t) for t in corpus[:2000]] == jieba_words[:2000]


def test_long_blocks_take_jiebas_route():
    """Blocks longer than COMPILED_MAX_BLOCK (a report with no punctuation) are still jieba's words."""
    text = "推进科技创新和人才队伍建设加快城市更新" * 40 + "，全面从严治党。"
    assert len(text) > tok.COMPILED_MAX_BLOCK
    assert tok.cut(text) == tok.get_tokenizer().lcut(text, HMM=True)


@given(st.text(alphabet=st.sampled_from("科技创新人才城市党建设改革增长亿元万%.,，。 \n\tabcABC123２０１９〇壹"),
               max_size=300))
def test_same_words_as_jieba_on_any_mix(text):
    assert tok.cut(text) == tok.get_tokenizer().lcut(text, HMM=True)


@given(st.text(alphabet=st.sampled_from("科技创新 \t\r\n\u3000\xa0\x1c\u2028\u200bab1。，"), max_size=60))
def test_tokenize_drops_white_space_only(text):
    words = tok.get_tokenizer().lcut(text, HMM=True)
    assert tok.tokenize(text) == [w for w in words if w.strip()]
    assert tok.tokenize_joined([text]) == [" ".join(w for w in words if w.strip())]
