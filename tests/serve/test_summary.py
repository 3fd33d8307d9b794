"""``gwr summarize``: per-document shares and the tidy targets table, from scored records."""

from __future__ import annotations

import csv
import json

import pytest

from gwr.cli import main


def _record(doc, sent, labels, quant, indicators=()):
    return {"doc_id": doc, "sent_id": sent, "section": "plan", "text": f"{doc}-{sent}",
            "themes": {t: 0.0 for t in ("innovation", "talent", "urban", "party")}, "labels": labels,
            "quant_target": quant, "quant_target_prob": 0.9 if quant else 0.1, "indicators": list(indicators)}


TARGET = {"indicator": "技术交易额", "value": 5.5, "value_low": None, "value_high": None, "unit": "亿元",
          "comparator": ">=", "kind": "target", "measure": "level", "start": 6, "end": 13}
ACTUAL = {**TARGET, "value": 4.1, "comparator": "=", "kind": "actual"}


def test_documents_and_targets_tables(tmp_path):
    scores = tmp_path / "scores.jsonl"
    records = [_record("a", 0, ["innovation"], True, [TARGET, ACTUAL]), _record("a", 1, [], False, [ACTUAL]),
               _record("a", 2, ["innovation", "party"], False), _record("a", 3, ["urban"], False),
               _record("b", 0, ["talent"], True, [TARGET])]
    scores.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    assert main(["summarize", str(scores), "-o", str(tmp_path / "docs.csv")]) == 0
    docs = {r["doc_id"]: r for r in csv.DictReader((tmp_path / "docs.csv").open(encoding="utf-8"))}
    assert docs["a"]["sentences"] == "4"
    assert float(docs["a"]["share_innovation"]) == 0.5 and float(docs["a"]["share_party"]) == 0.25
    assert docs["a"]["quant_target_sentences"] == "1" and docs["a"]["target_indicators"] == "1"
    assert float(docs["b"]["share_talent"]) == 1.0
    targets = list(csv.DictReader((tmp_path / "docs_targets.csv").open(encoding="utf-8")))
    # the indicators of target sentences only: a's first sentence (target + base value) and b's
    assert [(t["doc_id"], t["kind"], float(t["value"])) for t in targets] == [
        ("a", "target", 5.5), ("a", "actual", 4.1), ("b", "target", 5.5)]
    assert targets[0]["comparator"] == ">=" and targets[0]["unit"] == "亿元"


def test_broken_line_is_named(tmp_path):
    scores = tmp_path / "scores.jsonl"
    scores.write_text(json.dumps(_record("a", 0, [], False)) + "\n{not json\n", encoding="utf-8")
    with pytest.raises(ValueError, match="scores.jsonl:2"):
        main(["summarize", str(scores), "-o", str(tmp_path / "docs.csv")])
