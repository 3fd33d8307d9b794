"""SentenceEmbedding: PPMI-SVD vectors of the fitted text, pooled per sentence; reproducible with a seed,
read back from the cache by the hash of the text, scored through its array form, and checked bit for bit
when a tagger that holds it is saved."""

from __future__ import annotations

import dataclasses
import random

import numpy as np
import pytest
import skops.io as sio
from sklearn.base import clone

from model.features import embeddings
from model.features.embeddings import SentenceEmbedding
from model.features.pooling import PooledEmbedding
from model.features.tokenize import tokenize_joined
from model.runtime import arrays

TRUSTED = ["model.features.embeddings.SentenceEmbedding"]


def synthetic_corpus(n: int = 600, seed: int = 0) -> list[str]:
    """Sentences of words separated by spaces: 人才 and 专家 are used alike (with 引进, 团队, 公寓), and so are
    河道 and 水体 (with 治理, 污染, 整治); 推进 and 全面 go with both."""
    rng = random.Random(seed)
    people = (["人才", "专家"], ["引进", "团队", "公寓", "培养", "高层次"])
    water = (["河道", "水体"], ["治理", "污染", "整治", "黑臭", "生态"])
    sentences = []
    for _ in range(n):
        nouns, contexts = people if rng.random() < 0.5 else water
        words = [rng.choice(contexts) for _ in range(3)] + [rng.choice(nouns), rng.choice(["推进", "全面"])]
        rng.shuffle(words)
        sentences.append(" ".join(words))
    return sentences


CORPUS = synthetic_corpus()


def small(**params) -> SentenceEmbedding:
    return SentenceEmbedding(**{"n_components": 4, "window": 3, "cache": False, **params})


def test_the_same_seed_gives_the_same_vectors():
    first, second = small(random_state=7).fit(CORPUS), small(random_state=7).fit(CORPUS)
    assert first.terms_.tolist() == second.terms_.tolist()
    assert np.array_equal(first.vectors_, second.vectors_) and np.array_equal(first.idf_, second.idf_)
    assert first.vectors_.shape == (len(first.terms_), 4)
    assert clone(first).get_params() == first.get_params() and not hasattr(clone(first), "vectors_")


def test_words_used_alike_end_up_closer_than_unrelated_ones():
    fitted = small().fit(CORPUS)
    row = {term: i for i, term in enumerate(fitted.terms_.tolist())}

    def cosine(a: str, b: str) -> float:
        return float(fitted.vectors_[row[a]] @ fitted.vectors_[row[b]])  # rows have unit length

    assert cosine("人才", "专家") > cosine("人才", "河道") + 0.5
    assert cosine("河道", "水体") > cosine("水体", "专家") + 0.5
    sentences = fitted.transform(["引进 专家 团队", "引进 人才", "整治 河道 污染"]).toarray()
    assert sentences[0] @ sentences[1] > sentences[0] @ sentences[2]


def test_a_cache_hit_gives_identical_arrays_without_fitting_again(tmp_path, monkeypatch):
    monkeypatch.setenv("GWR_CACHE_DIR", str(tmp_path))
    fitted = small(cache=True).fit(CORPUS)
    assert len(list((tmp_path / "embeddings").glob("*.npz"))) == 1

    def no_fitting(self, documents):
        raise AssertionError("the vectors were computed again")

    monkeypatch.setattr(SentenceEmbedding, "_fit_units", no_fitting)
    again = small(cache=True).fit(CORPUS)
    assert again.terms_.tolist() == fitted.terms_.tolist()
    assert np.array_equal(again.vectors_, fitted.vectors_) and np.array_equal(again.idf_, fitted.idf_)
    with pytest.raises(AssertionError, match="computed again"):  # other text, or other parameters: no hit
        small(cache=True).fit(CORPUS[:-1])
    with pytest.raises(AssertionError, match="computed again"):
        small(cache=True, window=2).fit(CORPUS)
    mean = small(cache=True, weighting="mean").fit(CORPUS)  # the weighting is applied after the cached fit
    assert mean.idf_ is None and np.array_equal(mean.vectors_, fitted.vectors_)


def test_the_cache_holds_plain_arrays(tmp_path, monkeypatch):
    monkeypatch.setenv("GWR_CACHE_DIR", str(tmp_path))
    small(cache=True).fit(CORPUS)
    (path,) = (tmp_path / "embeddings").glob("*.npz")
    with np.load(path, allow_pickle=False) as cached:
        assert sorted(cached.files) == ["idf", "terms", "vectors"]
        assert all(not cached[name].dtype.hasobject for name in cached.files)
    path.write_bytes(b"not an npz")  # an unreadable cache file is fitted again, not an error
    assert small(cache=True).fit(CORPUS).vectors_.shape[1] == 4


@pytest.mark.parametrize("weighting", ["idf", "mean"])
def test_the_array_form_pools_word_vectors_by_weight(weighting, tmp_path):
    fitted = small(weighting=weighting).fit(CORPUS)
    texts = ["引进 专家 团队 团队", "治理 河道 0 污染 未知词", "", "未知词 另一个"]
    got = fitted.transform(texts)
    row = {term: i for i, term in enumerate(fitted.terms_.tolist())}
    for i, text in enumerate(texts):
        expected = np.zeros(4)
        for word in text.split():
            if word in row:
                expected += (fitted.idf_[row[word]] if weighting == "idf" else 1.0) * fitted.vectors_[row[word]]
        norm = np.linalg.norm(expected)
        assert np.allclose(got[i].toarray()[0], expected / norm if norm else expected, atol=1e-12)
    assert got[2].nnz == 0 and got[3].nnz == 0  # an empty sentence, or one of unknown words: zeros
    assert isinstance(fitted.compiled(), PooledEmbedding)
    arrays.write(fitted.compiled(), tmp_path)
    read = arrays.read(tmp_path)
    assert isinstance(read, PooledEmbedding)
    assert (read.transform(texts) != got).nnz == 0


def test_characters_of_the_raw_text():
    texts = ["引进高层次人才30名。", "治理黑臭水体", "人才公寓建设"] * 5
    fitted = small(analyzer="char", n_components=3).fit(texts)
    assert "人" in fitted.terms_.tolist() and "0" in fitted.terms_.tolist()  # numbers masked, as in the n-grams
    pooled = fitted.transform(["人才", "", "😀"])
    assert pooled.shape == (3, 3) and pooled[1].nnz == 0 and pooled[2].nnz == 0
    assert np.isclose(np.linalg.norm(pooled[0].toarray()), 1.0)


def test_fewer_units_than_dimensions_leave_zero_columns():
    fitted = small(n_components=10).fit(["甲 乙 丙", "甲 乙 丙"])
    assert fitted.vectors_.shape == (3, 10) and not fitted.vectors_[:, 2:].any()
    assert small().fit([]).vectors_.shape == (0, 4)
    with pytest.raises(ValueError, match="analyzer"):
        small(analyzer="bigram").fit(CORPUS)


def test_survives_skops_round_trip(tmp_path):
    fitted = small().fit(CORPUS)
    sio.dump(fitted, tmp_path / "e.skops")
    loaded = sio.load(tmp_path / "e.skops", trusted=TRUSTED)
    assert "_compiled" not in fitted.__getstate__()
    assert (loaded.transform(CORPUS[:20]) != fitted.transform(CORPUS[:20])).nnz == 0


@pytest.fixture(scope="module")
def tagger_with_embedding(small_model_dir):
    """The small tagger of the shared fixture: the embedding block is one of its default text features."""
    from model.runtime.artifacts import load_model_folder

    tagger = load_model_folder(small_model_dir)
    assert "embedding" in tagger.compiled().text.names
    return tagger


CHECK = [("加快建设创新型国家，引进高层次人才。", "plan"), ("推进棚户区改造。", None), ("", None),
         ("加强党的建设，从严治党。", "review")]


def test_a_saved_tagger_with_the_embedding_passes_the_check(tagger_with_embedding, tmp_path):
    from model.runtime.artifacts import load_scoring_tagger, save_tagger

    save_tagger(tagger_with_embedding, tmp_path, CHECK)
    texts, sections = zip(*CHECK)
    assert load_scoring_tagger(tmp_path).predict_sentences(texts, sections) == \
        tagger_with_embedding.predict_sentences(texts, sections)
    block = tagger_with_embedding.features_.named_transformers_["embedding"]
    assert block.transform(tokenize_joined(texts)).shape == (len(CHECK), block.n_components)


def test_altered_vectors_fail_the_check(tagger_with_embedding, tmp_path, monkeypatch):
    from model.runtime.artifacts import CheckFailed, save_tagger

    write = arrays.write

    def nudged(model, directory):
        text = model.text
        blocks = tuple(dataclasses.replace(b, vectors=b.vectors + 1e-6) if isinstance(b, PooledEmbedding)
                       else b for b in text.blocks)
        return write(dataclasses.replace(model, text=dataclasses.replace(text, blocks=blocks)), directory)

    monkeypatch.setattr(arrays, "write", nudged)
    with pytest.raises(CheckFailed):
        save_tagger(tagger_with_embedding, tmp_path, CHECK)


def test_the_embedding_block_is_part_of_the_text_features_unless_switched_off():
    from model.features.text_features import make_text_features

    assert "embedding" in dict((name, t) for name, t, _ in make_text_features().transformers)
    assert "embedding" not in [name for name, _, _ in make_text_features(use_embedding=False).transformers]
    assert dict((n, c) for n, _, c in make_text_features().transformers)["embedding"] == "tokens"
    assert embeddings.CACHE_FORMAT >= 1
