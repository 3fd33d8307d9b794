"""``gwr label suggest``: the least certain unlabelled sentences, spread over documents, as Label Studio tasks."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import pytest

from gwr.cli import main
from model.records import COMPARATORS, KINDS, LABELS, MEASURES, THEMES
from training.dataset import LABELLED, read_jsonl
from training.label_studio import CONFIG
from training.label_suggest import (KnownData, looks_like_heading, most_uncertain, round_robin, suggest,
                                    thresholds_from_scores, uncertainty)

THRESHOLDS = {"innovation": 0.3, "talent": 0.2, "urban": 0.4, "party": 0.3, "quant_target": 0.5}


def scored(doc_id: str, sent_id: int, text: str, innovation: float = 0.01, quant: float = 0.01, **extra) -> dict:
    """A scoring-contract record whose least certain label is innovation or quant_target (others ~0)."""
    themes = {t: 0.001 for t in THEMES}
    themes["innovation"] = innovation
    return {"doc_id": doc_id, "sent_id": sent_id, "section": "plan", "text": text, "themes": themes,
            "labels": [t for t in THEMES if themes[t] >= THRESHOLDS[t]],
            "quant_target": quant >= THRESHOLDS["quant_target"], "quant_target_prob": quant, "indicators": [],
            **extra}


def _text(doc: str, i: int) -> str:
    return f"{doc}区全力推进第{i}项重点工作任务并取得实效。"


@pytest.fixture(scope="module")
def labelled_text() -> str:
    return read_jsonl(LABELLED / "sentences.jsonl")[100]["text"]


def test_margin_is_the_distance_to_the_threshold_in_log_odds():
    near, label = uncertainty(scored("d", 0, "x", innovation=0.31), THRESHOLDS)
    far, _ = uncertainty(scored("d", 1, "x", innovation=0.95), THRESHOLDS)
    assert label == "innovation" and near < 0.05 < far
    # 0.5 against 0.5 is the least certain a quant_target can be
    assert uncertainty(scored("d", 2, "x", quant=0.5), THRESHOLDS) == (0.0, "quant_target")


def test_picks_the_least_certain_sentences():
    # one document, probabilities spread away from the innovation threshold 0.3
    probs = [0.9, 0.29, 0.02, 0.45, 0.31, 0.7, 0.05, 0.33, 0.12, 0.6]
    records = [scored("docA", i, _text("docA", i), innovation=p) for i, p in enumerate(probs)]
    known = KnownData.load(LABELLED)
    chosen = round_robin(most_uncertain(records, THRESHOLDS, known, per_doc=10), 3)
    assert sorted(c.sent_id for c in chosen) == [1, 4, 7]      # 0.29, 0.31, 0.33: nearest to 0.3


def test_respects_n_and_spreads_over_documents():
    records = []
    for d, base in (("docA", 0.30), ("docB", 0.35), ("docC", 0.6)):
        records += [scored(d, i, _text(d, i), innovation=base + 0.002 * i) for i in range(8)]
    known = KnownData.load(LABELLED)
    per_doc = most_uncertain(records, THRESHOLDS, known, per_doc=2)
    assert {d: len(v) for d, v in per_doc.items()} == {"docA": 2, "docB": 2, "docC": 2}
    chosen = round_robin(per_doc, 5)
    # every document's most uncertain sentence first, then the second ones, most uncertain first
    assert [(c.doc_id, c.sent_id) for c in chosen] == [("docA", 0), ("docB", 0), ("docC", 0), ("docA", 1),
                                                       ("docB", 1)]
    assert len(round_robin(per_doc, 100)) == 6            # the cap bounds what n can reach


def test_excludes_labelled_text_headings_and_repeats(labelled_text):
    pooled = read_jsonl(LABELLED / "pool.jsonl")[-1]
    records = [
        scored("docA", 0, labelled_text, innovation=0.3),                         # already labelled
        scored("docA", 1, "一、加快建设科技创新高地", innovation=0.3),                   # heading, detected
        scored("docA", 2, "今年全区重点抓好科技招商工作。", innovation=0.3, is_heading=True),  # heading, flagged
        scored("docA", 3, "2023年工作安排", innovation=0.3),                           # part title
        scored("docA", 4, _text("docA", 4), innovation=0.31),
        scored("docB", 0, _text("docA", 4), innovation=0.3),                      # same text again
        scored(pooled["doc_id"], pooled["sent_id"], "同一编号、另一文本的句子。", innovation=0.3),  # sid pooled
    ]
    tasks = suggest(records, 10, THRESHOLDS, "test-model")
    assert [(t["data"]["doc_id"], t["data"]["sent_id"]) for t in tasks] == [("docA", 4)]
    assert looks_like_heading("（三）致力于新城建设") and not looks_like_heading("力争全年技术交易额超过5.5亿元。")


def test_thresholds_are_read_back_from_the_scores():
    records = [scored("d", i, "x", innovation=p, quant=q)
               for i, (p, q) in enumerate([(0.1, 0.2), (0.29, 0.7), (0.31, 0.45), (0.8, 0.55)])]
    found = thresholds_from_scores(records)
    assert found["innovation"] == pytest.approx(0.3)       # between 0.29 (not flagged) and 0.31 (flagged)
    assert found["quant_target"] == 0.5
    assert 0.001 < found["talent"] <= 1.0


def _config_names() -> dict[str, set[str]]:
    """Control-tag name -> its choice/label values, from the shipped Label Studio config."""
    root = ET.parse(CONFIG).getroot()
    out = {}
    for tag in root.iter():
        if tag.tag in ("Choices", "Labels", "TextArea"):
            out[tag.get("name")] = {c.get("value") for c in tag if c.tag in ("Choice", "Label")}
    return out


def test_the_label_studio_config_matches_the_schema():
    names = _config_names()
    assert names["themes"] == set(THEMES)
    assert names["quant_target"] == {"yes", "no"}
    assert names["mention"] == set(KINDS)
    assert names["comparator"] == set(COMPARATORS)
    assert names["measure"] == set(MEASURES)
    assert {"indicator", "value", "unit"} <= set(names)
    assert set(LABELS) - set(THEMES) == {"quant_target"}


def test_cli_writes_label_studio_tasks_from_a_scores_file(tmp_path, labelled_text):
    scores = tmp_path / "scores.jsonl"
    records = [scored("docA", i, _text("docA", i), innovation=0.05 + 0.1 * i, quant=0.2) for i in range(8)]
    records[2]["text"] = text = "今年力争新建重点实验室2个并通过验收。"
    start = text.index("2个")
    records[2]["indicators"] = [{"indicator": "重点实验室", "value": 2.0, "value_low": None, "value_high": None,
                                 "unit": "个", "comparator": "=", "kind": "target", "measure": "count",
                                 "start": start, "end": start + 2}]
    records.append(scored("docB", 0, labelled_text, innovation=0.9))
    scores.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    out = tmp_path / "batch.jsonl"
    assert main(["label", "suggest", "--scores", str(scores), "--n", "3", "-o", str(out)]) == 0
    tasks = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(tasks) == 3 and all(t["data"]["doc_id"] == "docA" for t in tasks)
    names = _config_names()
    for task in tasks:
        assert {"text", "doc_id", "sent_id", "section", "source"} <= set(task["data"])
        assert task["data"]["source"] == "local"
        (prediction,) = task["predictions"]
        for item in prediction["result"]:
            assert item["from_name"] in names and item["to_name"] == "text"
            for value in item["value"].get("choices", []) + item["value"].get("labels", []):
                assert value in names[item["from_name"]]
    with_mention = next(t for t in tasks if t["data"]["sent_id"] == 2)
    spans = [i["value"] for i in with_mention["predictions"][0]["result"] if i["from_name"] == "mention"]
    assert spans == [{"start": start, "end": start + 2, "text": "2个", "labels": ["target"]}]
    assert sorted(t["data"]["sent_id"] for t in tasks) == [2, 3, 4]   # innovation 0.25, 0.35, 0.45 of 0.3


def test_a_bad_line_of_the_scores_is_reported_and_the_rest_used(tmp_path, capsys):
    scores = tmp_path / "scores.jsonl"
    good = [scored("docA", i, _text("docA", i), innovation=0.1 * (i + 1)) for i in range(3)]
    lines = [json.dumps(good[0], ensure_ascii=False), "{broken", json.dumps({"doc_id": "docA", "sent_id": 9}),
             *(json.dumps(r, ensure_ascii=False) for r in good[1:])]
    scores.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "batch.jsonl"
    assert main(["label", "suggest", "--scores", str(scores), "--n", "5", "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert f"{scores}:2" in err and f"{scores}:3" in err and "not a gwr score record" in err
    assert len(out.read_text(encoding="utf-8").splitlines()) == 3


def test_read_score_records_streams_records_and_names_bad_lines(tmp_path):
    from training.label_suggest import read_score_records

    good = {"doc_id": "d", "sent_id": 0, "section": None, "text": "加快建设科技强市。",
            "themes": {t: 0.5 for t in THEMES}, "labels": [], "quant_target": False, "quant_target_prob": 0.1,
            "indicators": []}
    path = tmp_path / "scores.jsonl"
    path.write_text("\n".join([json.dumps(good, ensure_ascii=False), "not json", "",
                               json.dumps({**good, "sent_id": "1"}), json.dumps({"doc_id": "d"}),
                               json.dumps({**good, "sent_id": 2})]) + "\n", encoding="utf-8")
    failures: list[str] = []
    records = list(read_score_records(path, failures))
    assert [r["sent_id"] for r in records] == [0, 2]
    assert [json.loads(f)["input"] for f in failures] == [f"{path}:2", f"{path}:4", f"{path}:5"]
    assert all(json.loads(f)["error"] == "not a gwr score record" for f in failures)
