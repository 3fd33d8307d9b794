"""Annotation batches: the files annotators write, and the checks they must pass.

An annotation line is ``{"sid", "innovation", "talent", "urban", "party", "quant_target", "mentions"}``;
a mention gives its ``span`` (the number with its unit, as written) and, when that text occurs more than
once in the sentence, its 1-based ``occurrence``; character offsets are computed from them.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from model.records import LABELS


def locate(text: str, span: str, occurrence: int = 1) -> tuple[int, int] | None:
    """Offsets of the ``occurrence``-th appearance of ``span`` in ``text``."""
    start = -1
    for _ in range(max(1, occurrence)):
        start = text.find(span, start + 1)
        if start < 0:
            return None
    return start, start + len(span)


def check_mention(text: str, m: dict) -> list[str]:
    """Problems with one annotated mention (empty when it is well formed)."""
    from .schema import ALLOWED_MENTION_FIELDS, validate_mention

    span = m.get("span")
    if not isinstance(span, str) or not span:
        return ["mention without span"]
    where = locate(text, span, int(m.get("occurrence", 1) or 1))
    if where is None:
        return [f"span {span!r} not in text"]
    located = {**{k: v for k, v in m.items() if k not in ("span", "occurrence")}, "start": where[0], "end": where[1]}
    return validate_mention(located, text, ALLOWED_MENTION_FIELDS)


def check_batch(batch_file: Path, annotation_file: Path) -> list[str]:
    """Problems of an annotation file against its batch: every sentence once, in order, well formed."""
    batch = [json.loads(line) for line in batch_file.read_text(encoding="utf-8").splitlines() if line.strip()]
    problems: list[str] = []
    try:
        rows = [json.loads(line) for line in annotation_file.read_text(encoding="utf-8").splitlines() if line.strip()]
    except json.JSONDecodeError as exc:
        return [f"{annotation_file}: not JSONL: {exc}"]
    if [r.get("sid") for r in rows] != [b["sid"] for b in batch]:
        missing = {b["sid"] for b in batch} - {r.get("sid") for r in rows}
        problems.append(f"sids differ from the batch (missing {sorted(missing)[:5]}…, or out of order)")
    texts = {b["sid"]: b["text"] for b in batch}
    for row in rows:
        sid = row.get("sid")
        for label in LABELS:
            if row.get(label) not in (0, 1):
                problems.append(f"{sid}: {label} must be 0 or 1")
        for m in row.get("mentions", []):
            problems.extend(f"{sid}: {p}" for p in check_mention(texts.get(sid, ""), m))
    return problems


if __name__ == "__main__":
    batch_path, annotation_path = map(Path, sys.argv[1:3])
    found = check_batch(batch_path, annotation_path)
    print("\n".join(found) if found else f"OK: {annotation_path}")
    sys.exit(1 if found else 0)
