"""The labelled dataset: built from the sentence pool, the annotators' batches and the adjudications,
and loaded for training and evaluation.

Layout of ``data/labelled/``:
- ``pool.jsonl``: the sampled sentences (see :mod:`training.sampling`); ``batches/``: the same, as
  annotation tasks; ``assignments.json``: which annotator labels which batch, and which batches twice.
- ``annotations/<annotator>/<batch>.jsonl``: each annotator's labels, as written.
- ``adjudication.jsonl``: the final decision for every sentence whose two annotators disagreed.
- ``split.json``: the fixed train/test split by document; ``sentences.jsonl``: the built dataset.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from model.text.metadata import starts_page_footer
from model.records import LABELS

from .annotations import locate
from .repository import DEFAULT_DATA, LABELLED
from .schema import LabelledSentence, validate_record
from .splits import formulaic_duplicates, make_split, copies_across_split

SPLIT_SEED = 20261122
MENTION_KEY = ("start", "end", "value", "value_low", "value_high", "unit", "comparator", "kind", "measure")


def read_jsonl(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def write_jsonl(path: Path, records) -> None:
    tmp = path.with_suffix(path.suffix + ".tmp")
    with tmp.open("w", encoding="utf-8") as handle:
        for record in records:
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    tmp.replace(path)


def load_labelled(path: str | Path = DEFAULT_DATA, split: str | None = None) -> list[LabelledSentence]:
    """The labelled sentences (validated), optionally one side of the split only."""
    records = [LabelledSentence.from_dict(r) for r in read_jsonl(Path(path))]
    return [r for r in records if split is None or r.split == split]


def content_hash(path: str | Path) -> str:
    """SHA-256 of a data file, as logged with every training run."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def mentions_with_offsets(text: str, raw: list[dict]) -> list[dict]:
    """Annotation mentions (span + occurrence) turned into records with character offsets."""
    out = []
    for m in raw:
        where = locate(text, m["span"], int(m.get("occurrence") or 1))
        if where is None:
            raise ValueError(f"span {m['span']!r} not found in {text!r}")
        value = m.get("value")
        out.append({
            "indicator": m["indicator"],
            "value": None if m["comparator"] == "range" else float(value),
            "unit": m["unit"], "comparator": m["comparator"], "kind": m["kind"], "measure": m["measure"],
            "start": where[0], "end": where[1],
            "value_low": None if m.get("value_low") is None else float(m["value_low"]),
            "value_high": None if m.get("value_high") is None else float(m["value_high"]),
        })
    return sorted(out, key=lambda m: (m["start"], m["end"]))


def mention_keys(mentions: list[dict]) -> set[tuple]:
    return {tuple(m[k] for k in MENTION_KEY) for m in mentions}


@dataclass
class Annotation:
    annotator: str
    labels: dict[str, int]
    mentions: list[dict]


def load_annotations(pool_by_sid: dict[str, dict], root: Path = LABELLED) -> dict[str, list[Annotation]]:
    """Every annotation, per sentence, in the order of the assignment (first annotator first)."""
    assignments = json.loads((root / "assignments.json").read_text(encoding="utf-8"))
    owner = _batch_owners(assignments)
    found: dict[str, list[Annotation]] = defaultdict(list)
    for annotator_dir in sorted((root / "annotations").iterdir()):
        for path in sorted(annotator_dir.glob("b*.jsonl")):
            for row in read_jsonl(path):
                text = pool_by_sid[row["sid"]]["text"]
                found[row["sid"]].append(Annotation(
                    annotator=annotator_dir.name,
                    labels={k: int(row[k]) for k in LABELS},
                    mentions=mentions_with_offsets(text, row.get("mentions", [])),
                ))
    for sid, anns in found.items():
        batch_owner = owner.get(pool_by_sid[sid]["batch"])
        anns.sort(key=lambda a: (a.annotator != batch_owner, a.annotator))
    return found


def _batch_owners(assignments: dict) -> dict[str, str]:
    """The first (primary) annotator of each batch."""
    return {batch: annotators[0] for batch, annotators in assignments["annotators_of_batch"].items()}


def double_pairs(root: Path = LABELLED) -> list[tuple[Annotation, Annotation]]:
    """The (first, second) annotations of every sentence labelled twice."""
    pool = read_jsonl(root / "pool.jsonl")
    batch_of = _batch_of(root)
    pool_by_sid = {r["sid"]: {**r, "batch": batch_of.get(r["sid"])} for r in pool}
    annotations = load_annotations(pool_by_sid, root)
    return [(anns[0], anns[1]) for sid, anns in sorted(annotations.items()) if len(anns) > 1]


def _batch_of(root: Path) -> dict[str, str]:
    return {row["sid"]: path.stem
            for path in sorted((root / "batches").glob("b*.jsonl")) for row in read_jsonl(path)}


def disagreements(a: Annotation, b: Annotation) -> list[str]:
    """What two annotations of one sentence disagree on: label names, and 'mentions'."""
    diff = [k for k in LABELS if a.labels[k] != b.labels[k]]
    if mention_keys(a.mentions) != mention_keys(b.mentions):
        diff.append("mentions")
    return diff


def load_doc_places(root: Path = LABELLED) -> dict[str, str]:
    """Document id → place from ``doc_places.json`` (its ``_``-prefixed notes left out)."""
    places = json.loads((root / "doc_places.json").read_text(encoding="utf-8"))
    return {k: v for k, v in places.items() if not k.startswith("_")}


def build(root: Path = LABELLED) -> tuple[list[dict], list[str]]:
    """The dataset records, and the sids still waiting for adjudication (left out until decided)."""
    pool = read_jsonl(root / "pool.jsonl")
    batch_of = _batch_of(root)
    pool_by_sid = {r["sid"]: {**r, "batch": batch_of.get(r["sid"])} for r in pool}
    split_path = root / "split.json"
    if split_path.exists():
        split = json.loads(split_path.read_text(encoding="utf-8"))["doc_split"]
    else:
        split = make_split(pool, load_doc_places(root), seed=SPLIT_SEED)
        held_out = sorted(formulaic_duplicates(pool, split))
        split_path.write_text(json.dumps({"seed": SPLIT_SEED, "doc_split": split,
                                          "held_out_formulaic": held_out}, ensure_ascii=False, indent=1),
                              encoding="utf-8")
    held_out = set(json.loads(split_path.read_text(encoding="utf-8"))["held_out_formulaic"])
    held_out |= copies_across_split(pool, split)
    annotations = load_annotations(pool_by_sid, root)
    adjudication_path = root / "adjudication.jsonl"
    adjudicated = {r["sid"]: r for r in read_jsonl(adjudication_path)} if adjudication_path.exists() else {}

    records, pending = [], []
    for entry in pool:
        sid = entry["sid"]
        anns = annotations.get(sid)
        if not anns or sid in held_out or starts_page_footer(entry["text"]):
            continue
        first = anns[0]
        labels, mentions = first.labels, first.mentions
        double = len(anns) > 1
        if double and disagreements(anns[0], anns[1]):
            decision = adjudicated.get(sid)
            if decision is None:
                pending.append(sid)
                continue
            labels = {k: int(decision[k]) for k in LABELS}
            mentions = mentions_with_offsets(entry["text"], decision.get("mentions", []))
        record = {
            "sid": sid, "doc_id": entry["doc_id"], "sent_id": entry["sent_id"], "source": entry["source"],
            "sampling": entry["sampling"], "text": entry["text"], **labels, "mentions": mentions,
            "annotator": first.annotator, "double": double, "split": split[entry["doc_id"]],
            "section": entry["section"], "heading": entry["heading"], "place": entry.get("place"),
            "year": entry.get("year"), "enriched_for": entry.get("enriched_for"),
            "annotators": [a.annotator for a in anns],
        }
        problems = validate_record(record)
        if problems:
            raise ValueError(f"{sid}: {problems}")
        records.append({k: v for k, v in record.items() if v is not None or k in ("section", "heading")})
    return records, pending
