"""The prediction module: load a verified model folder, tag sentences and documents."""

from __future__ import annotations

import json
import shutil

import pytest

from model.runtime.artifacts import ArtifactError
from model.text.reader import parse_text
from serve.predictor import Predictor, resolve_model_uri
from serve.scoring import score_document


def test_resolves_like_the_contract(monkeypatch):
    monkeypatch.delenv("GWR_MODEL_URI", raising=False)
    assert resolve_model_uri() == "models:/gwr-tagger@champion"
    monkeypatch.setenv("GWR_MODEL_URI", "runs:/abc/model")
    assert resolve_model_uri() == "runs:/abc/model"
    assert resolve_model_uri("/some/dir") == "/some/dir"


def test_predicts_contract_records(small_model_dir):
    predictor = Predictor.load(str(small_model_dir))
    results = predictor.predict_sentences(["力争全年技术交易额超过5.5亿元。", "今天天气很好。"], ["plan", None])
    first = results[0].to_dict()
    assert set(first["themes"]) == {"innovation", "talent", "urban", "party"}
    assert all(0.0 <= p <= 1.0 for p in first["themes"].values())
    mention = next(m for m in first["indicators"] if m["unit"] == "亿元")
    assert mention["value"] == 5.5 and "力争全年技术交易额超过5.5亿元。"[mention["start"]:mention["end"]] == "5.5亿元"
    assert results[1].indicators == []


def test_score_document_reads_and_splits(small_model_dir):
    predictor = Predictor.load(str(small_model_dir))
    text = "一、2019年工作回顾\n全年完成投资12亿元。\n二、2020年工作安排\n力争引进高层次人才30名以上。"
    scored = score_document(predictor, parse_text(text, doc_id="d"))
    document, results = scored.document, scored.results
    assert [r["sent_id"] for r in scored.records] == [s.sent_id for s in document.sentences]
    assert [s.section for s in document.sentences][-1] == "plan"
    assert len(results) == len(document.sentences)
    last = results[-1].to_dict()
    assert any(m["value"] == 30 and m["kind"] == "target" for m in last["indicators"])


def test_tampered_artifact_is_refused(small_model_dir, tmp_path):
    copy = shutil.copytree(small_model_dir, tmp_path / "copy")
    skops_file = next(copy.rglob("tagger.skops"))
    data = bytearray(skops_file.read_bytes())
    data[len(data) // 2] ^= 0xFF
    skops_file.write_bytes(bytes(data))
    with pytest.raises(ArtifactError, match="does not match"):
        Predictor.load(str(copy))


def test_manifest_rewritten_to_match_is_still_refused(small_model_dir, tmp_path):
    # an attacker who edits the artifact and its manifest still differs from the hashes in MLmodel
    from model.runtime.artifacts import sha256_of

    copy = shutil.copytree(small_model_dir, tmp_path / "copy")
    skops_file = next(copy.rglob("tagger.skops"))
    skops_file.write_bytes(skops_file.read_bytes() + b"\\0")
    manifest_file = skops_file.parent / "manifest.json"
    manifest = json.loads(manifest_file.read_text())
    manifest["files"]["tagger.skops"] = sha256_of(skops_file)
    manifest_file.write_text(json.dumps(manifest))
    with pytest.raises(ArtifactError, match="recorded when the model was logged"):
        Predictor.load(str(copy))


def test_batches_give_the_results_of_one_call(small_model_dir, monkeypatch):
    import serve.predictor

    predictor = Predictor.load(str(small_model_dir))
    texts = ["力争全年技术交易额超过5.5亿元。", "加强党的建设。", "引进高层次人才200名。", "新建公园3个。", "完成。"]
    sections = ["plan", None, "review", "plan", None]
    whole = predictor.tagger.predict_sentences(texts, sections)
    monkeypatch.setattr(serve.predictor, "BATCH_SENTENCES", 2)
    assert predictor.predict_sentences(texts, sections) == whole


def test_repeated_sentences_come_from_a_bounded_cache(small_model_dir):
    """Boilerplate met again is not tagged again; results equal the tagger's; callers get their own copies."""
    predictor = Predictor.load(str(small_model_dir))
    predictor.cache_size = 3
    calls: list[int] = []
    tag = predictor.tagger.predict_sentences

    class Counting:
        def predict_sentences(self, texts, sections, headings=None):
            calls.append(len(texts))
            return tag(texts, sections)

    predictor.tagger = Counting()
    texts = ["力争全年技术交易额超过5.5亿元。", "加强党的建设。", "力争全年技术交易额超过5.5亿元。",
             "建成5G基站1200个，增长12%。"]
    first = predictor.predict_sentences(texts, ["plan", None, "plan", "review"])
    assert calls == [3]
    assert [r.to_dict() for r in first] == [r.to_dict() for r in tag(texts, ["plan", None, "plan", "review"])]
    first[0].labels.append("changed")
    again = predictor.predict_sentences(texts[:2], ["plan", None])
    assert calls == [3] and "changed" not in again[0].labels
    predictor.predict_sentences(["另一句话。"], [None])  # evicts the least recently used pair
    assert len(predictor._cache) == 3 and (texts[3], "review") not in predictor._cache
    assert predictor.predict_sentences(texts[:1], ["review"])[0].section == "review"  # section is part of the key
