"""``gwr data check``: the labelled dataset is valid, consistent with its sources, and split cleanly."""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from pathlib import Path

from model.records import LABELS

from .dataset import build, read_jsonl
from .repository import DEFAULT_DATA, LABELLED
from .schema import validate_record
from .splits import is_formulaic
from .structure import structure_problems

_DIGITS = re.compile(r"\d{1,3}(?:[,，]\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?")
_FRACTION = re.compile(r"(\d+)[/／](\d+)")


def numbers_written(span: str) -> list[float]:
    """The numbers a span writes in digits, read the way the source meant them: stray spaces inside a
    number ("2 ．5"), a full-width point, a letter l misprinted for the digit 1 ("25l"), and a/b fractions."""
    text = re.sub(r"(?<=\d)\s+(?=[\d．.])|(?<=[．.])\s+(?=\d)", "", span).replace("．", ".")
    text = re.sub(r"(?<=\d)l|l(?=\d)", "1", text)
    numbers = [float(re.sub("[,，]", "", x)) for x in _DIGITS.findall(text)]
    numbers += [int(a) / int(b) for a, b in _FRACTION.findall(text) if int(b)]
    return numbers


def mention_problems(record: dict) -> list[str]:
    """What is wrong with a record's mentions beyond the schema: two on one span, a span with no number,
    a value the span does not write."""
    problems: list[str] = []
    seen: set[tuple[int, int]] = set()
    for m in record["mentions"]:
        span = record["text"][m["start"]:m["end"]]
        if (m["start"], m["end"]) in seen:
            problems.append(f"two mentions on the same span {span!r}")
        seen.add((m["start"], m["end"]))
        if not any(ch.isdigit() for ch in span) and not re.search(r"[〇零一二两兩三四五六七八九十百千万萬亿億半]", span):
            problems.append(f"mention span {span!r} holds no number")
        values = [m[k] for k in ("value", "value_low", "value_high") if m.get(k) is not None]
        numbers = numbers_written(span)
        if numbers and not any(abs(v - n) < 1e-4 for v in values for n in numbers):
            problems.append(f"value {values} not written in span {span!r}")
    return problems


def check(path: Path = DEFAULT_DATA, root: Path = LABELLED) -> tuple[list[str], dict]:
    """Problems found (empty when the data is sound) and the label counts per split and source."""
    problems: list[str] = []
    records = read_jsonl(path)
    for r in records:
        problems.extend(f"{r.get('sid')}: {p}" for p in validate_record(r))
    sids = Counter(r["sid"] for r in records)
    problems.extend(f"{sid}: appears {n} times" for sid, n in sids.items() if n > 1)
    for r in records:
        problems.extend(f"{r['sid']}: {p}" for p in mention_problems(r))

    side_of_doc: dict[str, set[str]] = defaultdict(set)
    side_of_place: dict[str, set[str]] = defaultdict(set)
    side_of_text: dict[str, set[str]] = defaultdict(set)
    for r in records:
        side_of_doc[r["doc_id"]].add(r["split"])
        if r["source"] != "national" and r.get("place"):
            side_of_place[r["place"]].add(r["split"])
        if not is_formulaic(r):
            side_of_text[r["text"]].add(r["split"])
    problems.extend(f"document {d} on both sides" for d, s in side_of_doc.items() if len(s) > 1)
    problems.extend(f"place {p} on both sides" for p, s in side_of_place.items() if len(s) > 1)
    problems.extend(f"sentence on both sides: {t[:30]}" for t, s in side_of_text.items() if len(s) > 1)

    problems.extend(structure_problems(root / "structure"))

    rebuilt, pending = build(root)
    if [json.dumps(r, sort_keys=True, ensure_ascii=False) for r in rebuilt] != \
            [json.dumps(r, sort_keys=True, ensure_ascii=False) for r in records]:
        problems.append(f"{path.name} is out of date with the annotations: run `gwr data build`")
    return problems, {"counts": label_counts(records), "pending_adjudication": len(pending)}


def label_counts(records: list[dict]) -> dict[str, dict[str, int]]:
    """Sentences and positives per label, by split and by source (plus the random part alone)."""
    table: dict[str, Counter] = defaultdict(Counter)
    for r in records:
        for group in (r["split"], f"{r['split']}/{r['source']}", "all",
                      *(["all/unbiased"] if r["sampling"] != "enriched" else [])):
            table[group]["sentences"] += 1
            table[group]["mentions"] += len(r["mentions"])
            table[group]["double"] += int(r["double"])
            for label in LABELS:
                table[group][label] += r[label]
    return {k: dict(v) for k, v in sorted(table.items())}
