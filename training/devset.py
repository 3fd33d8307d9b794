"""The development set (``data/raw/devset/``): real local report pages scored whole, as ``gwr score`` scores
them, against their hand-read targets and past results. It measures how a model reads whole reports: targets
found (value, unit and kind), comparators right, past results called targets, and flags on pages that state
no target. Tune on it freely; it is never training data for the target decisions it measures."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

from model.text.script import to_simplified

from .repository import RAW

DEVSET = RAW / "devset"
COMPARATORS = {"about": "~", "at_least": ">=", "exceed": ">=", "at_most": "<=", "range": "range", "point": "="}
def same_unit(a: str | None, b: str | None) -> bool:
    """Units read alike: traditional and simplified forms, and 个百分点 against 百分点."""
    def norm(u):
        return to_simplified(u or "").replace("个百分点", "百分点")
    return norm(a) == norm(b)


@dataclass
class DevsetReport:
    targets: int = 0
    targets_found: int = 0
    comparator_right: int = 0
    actuals: int = 0
    actuals_called_targets: int = 0
    pages: int = 0
    pages_without_targets: int = 0
    flagged_pages_without_targets: int = 0
    misses: list[dict] = field(default_factory=list)

    def summary(self) -> dict:
        out = {k: v for k, v in asdict(self).items() if k != "misses"}
        out["target_recall"] = self.targets_found / self.targets if self.targets else None
        out["comparator_accuracy"] = self.comparator_right / self.targets_found if self.targets_found else None
        out["actuals_called_targets_share"] = (self.actuals_called_targets / self.actuals if self.actuals
                                               else None)
        return out


def _read(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def _mention_for(row: dict, sentences) -> tuple[dict | None, str | None]:
    """The predicted mention that reads ``row`` (its quote's sentence, a span inside the quote, the same value
    and unit), and that sentence's text; (None, text or None) when none does."""
    value = row["value"]
    for sentence, result in sentences:
        at = sentence.text.find(row["quote"])
        if at < 0:
            continue
        for m in result.indicators:
            if m.start < at or m.end > at + len(row["quote"]) or not same_unit(m.unit, row["unit"]):
                continue
            if value is None:
                if (m.value_low, m.value_high) == (row["value_low"], row["value_high"]):
                    return asdict(m), sentence.text
            elif m.value is not None and abs(m.value - value) < 1e-6:
                return asdict(m), sentence.text
        return None, sentence.text
    return None, None


def evaluate_devset(predictor, root: Path = DEVSET) -> DevsetReport:
    """Score every page of ``root/pages.jsonl`` whole and compare with ``targets.jsonl`` and ``actuals.jsonl``."""
    from model.text.inputs import InputFailure, iter_documents
    from serve.scoring import score_document

    targets, actuals = _read(root / "targets.jsonl"), _read(root / "actuals.jsonl")
    scored = {}
    for doc in iter_documents([str(root / "pages.jsonl")]):
        if isinstance(doc, InputFailure):
            raise ValueError(f"{doc.input}: {doc.detail}")
        scored[doc.doc_id] = list(zip(doc.sentences, score_document(predictor, doc).results))
    report = DevsetReport(targets=len(targets), actuals=len(actuals), pages=len(scored))
    for row in targets:
        mention, text = _mention_for(row, scored[row["doc_id"]])
        if mention is not None and mention["kind"] == "target":
            report.targets_found += 1
            report.comparator_right += mention["comparator"] == COMPARATORS[row["comparator"]]
        else:
            report.misses.append({"doc_id": row["doc_id"], "quote": row["quote"], "sentence": text,
                                  "why": "no mention" if mention is None else f"kind {mention['kind']}"})
    for row in actuals:
        mention, _ = _mention_for(row, scored[row["doc_id"]])
        report.actuals_called_targets += mention is not None and mention["kind"] == "target"
    with_targets = {row["doc_id"] for row in targets}
    for doc_id, sentences in scored.items():
        if doc_id not in with_targets:
            report.pages_without_targets += 1
            report.flagged_pages_without_targets += any(result.quant_target for _, result in sentences)
    return report
