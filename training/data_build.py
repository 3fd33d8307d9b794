"""``gwr data build``: the labelled dataset (``sentences.jsonl``) and its inter-annotator agreement
(``agreement.json``) rebuilt from the pool, the annotation batches and the adjudications."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path

from .agreement import label_agreement, mention_agreement
from .dataset import build, double_pairs, write_jsonl
from .repository import LABELLED
from .structure import structure_agreement


@dataclass
class BuildReport:
    sentences: int
    pending: list[str]
    agreement: dict
    output: Path


def agreement_report(root: Path = LABELLED) -> dict:
    """Kappa per label and mention agreement over the double-labelled sentences, and the agreement of the
    documents whose structure was annotated twice (what agreement.json holds)."""
    pairs = double_pairs(root)
    return {"double_labelled": len(pairs),
            "labels": [asdict(a) for a in label_agreement(pairs)] if pairs else [],
            "mentions": mention_agreement(pairs) if pairs else {},
            "structure": structure_agreement(root)}


def rebuild(root: Path = LABELLED) -> BuildReport:
    """Write ``sentences.jsonl`` and ``agreement.json`` into ``root``; sentences whose two annotators disagree
    wait (left out, listed in ``pending``) until they are adjudicated."""
    records, pending = build(root)
    write_jsonl(root / "sentences.jsonl", records)
    report = agreement_report(root)
    (root / "agreement.json").write_text(json.dumps(report, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return BuildReport(len(records), pending, report, root / "sentences.jsonl")
