"""``gwr summarize``: from ``gwr score`` output to the two tables an analyst loads next — one row per
document (sentences, share of sentences per theme, quantitative targets), and the indicators of the
target sentences as a tidy table."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from model.records import THEMES

DOCUMENT_COLUMNS = ["doc_id", "sentences", *(f"share_{t}" for t in THEMES), "quant_target_sentences",
                    "target_indicators"]
TARGET_COLUMNS = ["doc_id", "sent_id", "indicator", "value", "value_low", "value_high", "unit", "comparator",
                  "kind", "measure", "text"]


def summarize(scores: Path, documents_out: Path, targets_out: Path) -> tuple[int, int]:
    """Read the scores line by line; write both tables (CSV). Returns (documents, target rows)."""
    per_doc: dict[str, dict] = {}
    rows = 0
    with scores.open(encoding="utf-8") as source, targets_out.open("w", encoding="utf-8", newline="") as handle:
        targets = csv.DictWriter(handle, fieldnames=TARGET_COLUMNS)
        targets.writeheader()
        for line_no, line in enumerate(source, start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
                doc = per_doc.setdefault(record["doc_id"], {"sentences": 0, "quant": 0, "targets": 0,
                                                            **{t: 0 for t in THEMES}})
                doc["sentences"] += 1
                for theme in record["labels"]:
                    doc[theme] += 1
            except (ValueError, KeyError, TypeError) as exc:
                raise ValueError(f"{scores}:{line_no}: not a gwr score record ({exc})") from None
            if not record["quant_target"]:
                continue
            doc["quant"] += 1
            for m in record["indicators"]:
                doc["targets"] += m["kind"] == "target"
                targets.writerow({"doc_id": record["doc_id"], "sent_id": record["sent_id"], "text": record["text"],
                                  **{k: m.get(k) for k in TARGET_COLUMNS if k in m}})
                rows += 1
    with documents_out.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=DOCUMENT_COLUMNS)
        writer.writeheader()
        for doc_id, d in per_doc.items():
            writer.writerow({"doc_id": doc_id, "sentences": d["sentences"],
                             **{f"share_{t}": round(d[t] / d["sentences"], 4) for t in THEMES},
                             "quant_target_sentences": d["quant"], "target_indicators": d["targets"]})
    return len(per_doc), rows
