"""``gwr summarize``: from ``gwr score`` output to the two tables an analyst loads next — one row per
document (sentences, share of sentences per theme, quantitative targets), and the indicators of the
target sentences as a tidy table."""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass, field
from pathlib import Path

from model.records import THEMES

DOCUMENT_COLUMNS = ["doc_id", "sentences", *(f"share_{t}" for t in THEMES), "quant_target_sentences",
                    "target_indicators"]
TARGET_COLUMNS = ["doc_id", "sent_id", "indicator", "value", "value_low", "value_high", "unit", "comparator",
                  "kind", "measure", "text"]


@dataclass
class DocumentTally:
    """Counts of one document's scored sentences: per theme, quant_target sentences, and the target
    indicators stated in those sentences."""

    sentences: int = 0
    quant_target_sentences: int = 0
    target_indicators: int = 0
    themes: dict[str, int] = field(default_factory=lambda: dict.fromkeys(THEMES, 0))

    def add(self, record: dict) -> None:
        """Count one scoring-contract record."""
        self.sentences += 1
        for theme in record["labels"]:
            self.themes[theme] += 1
        if record["quant_target"]:
            self.quant_target_sentences += 1
            self.target_indicators += sum(m["kind"] == "target" for m in record["indicators"])

    def row(self, doc_id: str) -> dict:
        """The document's row of the documents table (DOCUMENT_COLUMNS)."""
        return {"doc_id": doc_id, "sentences": self.sentences,
                **{f"share_{t}": round(self.themes[t] / self.sentences, 4) if self.sentences else 0.0
                   for t in THEMES},
                "quant_target_sentences": self.quant_target_sentences, "target_indicators": self.target_indicators}


def summarize(scores: Path, documents_out: Path, targets_out: Path) -> tuple[int, int]:
    """Read the scores line by line; write both tables (CSV). Returns (documents, target rows)."""
    per_doc: dict[str, DocumentTally] = {}
    rows = 0
    with scores.open(encoding="utf-8") as source, targets_out.open("w", encoding="utf-8", newline="") as handle:
        targets = csv.DictWriter(handle, fieldnames=TARGET_COLUMNS)
        targets.writeheader()
        for line_no, line in enumerate(source, start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
                per_doc.setdefault(record["doc_id"], DocumentTally()).add(record)
            except (ValueError, KeyError, TypeError) as exc:
                raise ValueError(f"{scores}:{line_no}: not a gwr score record ({exc})") from None
            if not record["quant_target"]:
                continue
            for m in record["indicators"]:
                targets.writerow({"doc_id": record["doc_id"], "sent_id": record["sent_id"], "text": record["text"],
                                  **{k: m.get(k) for k in TARGET_COLUMNS if k in m}})
                rows += 1
    with documents_out.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=DOCUMENT_COLUMNS)
        writer.writeheader()
        for doc_id, tally in per_doc.items():
            writer.writerow(tally.row(doc_id))
    return len(per_doc), rows
