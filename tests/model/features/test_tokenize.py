"""Segmentation: the same words as jieba's own ``lcut`` on every bundled sentence, with jieba_fast's compiled
route and without it."""

from __future__ import annotations

import importlib.util

import jieba
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import model.features.tokenize as tok
from model.text.inputs import InputFailure, iter_documents
from training.dataset import load_labelled

from tests.conftest import RAW, SEEDS


@pytest.fixture(scope="module")
def corpus() -> list[str]:
    """Every sentence of the bundled reports (national, local excerpts, seeds) and of the labelled data."""
    paths = [str(RAW / "national_reports_1954_2015.jsonl"), str(RAW / "local_excerpts.jsonl"), *map(str, SEEDS)]
    texts = [s.text for d in iter_documents(paths) if not isinstance(d, InputFailure) for s in d.sentences]
    return texts + [r.text for r in load_labelled()]


@pytest.fixture(scope="module")
def reference() -> jieba.Tokenizer:
    """jieba as its documentation sets it up: its dictionary, then the project's user dictionary."""
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    tokenizer.load_userdict(str(tok.USER_DICT))
    return tokenizer


@pytest.fixture(scope="module")
def jieba_words(corpus, reference) -> list[list[str]]:
    return [reference.lcut(t, HMM=True) for t in corpus]


def test_the_process_tokenizer_holds_jiebas_dictionary(reference):
    """Read from the array cache or built by jieba, the dictionary is jieba's with the domain words."""
    ours = tok.get_tokenizer()
    assert ours.total == reference.total and ours.FREQ == reference.FREQ


def test_dictionary_cache_round_trip(tmp_path, reference):
    path = tmp_path / "prefix.npz"
    tok._write_dictionary(reference, path)
    fresh = jieba.Tokenizer()
    assert tok._read_dictionary(fresh, path)
    assert fresh.initialized and fresh.total == reference.total and fresh.FREQ == reference.FREQ
    assert fresh.lcut("加快建设高新技术企业集聚区") == reference.lcut("加快建设高新技术企业集聚区")


def test_a_broken_or_missing_cache_is_not_used(tmp_path, reference):
    path = tmp_path / "prefix.npz"
    assert not tok._read_dictionary(jieba.Tokenizer(), path)
    path.write_bytes(b"not an npz")
    assert not tok._read_dictionary(jieba.Tokenizer(), path)
    np.savez(path, words=np.frombuffer("a\nb".encode(), dtype=np.uint8), freqs=np.array([1]), total=np.array(1))
    assert not tok._read_dictionary(jieba.Tokenizer(), path)
    tok._write_dictionary(reference, tmp_path / "no-such-dir" / "x" / "prefix.npz")  # created as needed
    assert (tmp_path / "no-such-dir" / "x" / "prefix.npz").is_file()


def test_cache_location(monkeypatch, tmp_path):
    monkeypatch.setenv("GWR_CACHE_DIR", str(tmp_path / "c"))
    assert tok.cache_dir() == tmp_path / "c"
    monkeypatch.delenv("GWR_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "x"))
    assert tok.cache_dir() == tmp_path / "x" / "gwr-tagger"
    assert tok._dictionary_cache_file().parent == tmp_path / "x" / "gwr-tagger"


def test_corpus_is_the_whole_bundled_data(corpus):
    assert len(corpus) > 30_000


@pytest.mark.slow
@pytest.mark.skipif(importlib.util.find_spec("_jieba_fast_functions_py3") is None, reason="jieba_fast missing")
def test_compiled_route_gives_jiebas_words_on_the_whole_corpus(corpus, jieba_words):
    assert tok.compiled_route_available()
    differ = [t for t, words in zip(corpus, jieba_words) if tok.cut(t) != words]
    assert differ == []


@pytest.mark.slow
def test_jiebas_own_route_gives_jiebas_words_on_the_whole_corpus(corpus, jieba_words):
    differ = [t for t, words in zip(corpus, jieba_words) if tok.cut(t, use_compiled=False) != words]
    assert differ == []


def test_without_jieba_fast_the_same_words(monkeypatch, corpus, jieba_words):
    monkeypatch.setattr(tok, "_compiled", None)
    assert not tok.compiled_route_available()
    assert [tok.cut(t) for t in corpus[:2000]] == jieba_words[:2000]


def test_long_blocks_take_jiebas_route(reference):
    """Blocks longer than COMPILED_MAX_BLOCK (a report with no punctuation) are still jieba's words."""
    text = "推进科技创新和人才队伍建设加快城市更新" * 40 + "，全面从严治党。"
    assert len(text) > tok.COMPILED_MAX_BLOCK
    assert tok.cut(text) == reference.lcut(text, HMM=True)


_REFERENCE = []


def _reference_lcut(text: str) -> list[str]:
    if not _REFERENCE:
        tokenizer = jieba.Tokenizer()
        tokenizer.initialize()
        tokenizer.load_userdict(str(tok.USER_DICT))
        _REFERENCE.append(tokenizer)
    return _REFERENCE[0].lcut(text, HMM=True)


@given(st.text(alphabet=st.sampled_from("科技创新人才城市党建设改革增长亿元万%.,，。 \n\tabcABC123２０１９〇壹"),
               max_size=300))
def test_same_words_as_jieba_on_any_mix(text):
    assert tok.cut(text) == _reference_lcut(text)


@given(st.text(alphabet=st.sampled_from("科技创新 \t\r\n\u3000\xa0\x1c\u2028\u200bab1。，"), max_size=60))
def test_tokenize_drops_white_space_only(text):
    words = _reference_lcut(text)
    assert tok.tokenize(text) == [w for w in words if w.strip()]
    assert tok.tokenize_joined([text]) == [" ".join(w for w in words if w.strip())]
