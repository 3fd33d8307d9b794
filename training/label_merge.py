"""Merge an annotated Label Studio export into the labelled data, the way every batch enters it: the new
sentences join the pool as a new batch, each annotator's labels become an annotation file, new documents
are placed in the split by its rules, and ``sentences.jsonl`` is rebuilt from the annotations.

Every task is checked first. A task that breaks the schema is reported with its reason and left out; one
whose text is already labelled (or pooled) is skipped as a duplicate; the good ones are kept.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from model.records import LABELS

from .datacheck import mention_problems
from .dataset import build, load_doc_places, mentions_with_offsets, read_jsonl, write_jsonl
from .repository import LABELLED
from .label_studio import ExportedTask, annotation_from_result, read_export
from .schema import SAMPLINGS, SECTIONS, SOURCES, validate_record
from .splits import sides_for_new_documents

_ANNOTATOR = re.compile(r"^[0-9A-Za-z][0-9A-Za-z_-]*$")
_BATCH = re.compile(r"^b(\d+)$")


@dataclass
class MergeReport:
    """What a merge did: sentences added (by batch), tasks skipped and why, and where new documents went."""

    added: dict[str, list[str]] = field(default_factory=dict)
    duplicates: list[str] = field(default_factory=list)
    bad: list[str] = field(default_factory=list)
    unannotated: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    new_documents: dict[str, str] = field(default_factory=dict)
    sentences: int = 0

    @property
    def added_count(self) -> int:
        return sum(len(v) for v in self.added.values())


@dataclass
class _Accepted:
    annotator: str
    entry: dict
    row: dict


class _Folder:
    """The files of the labelled-data folder a merge reads and changes."""

    def __init__(self, root: Path):
        self.root = root
        self.pool = read_jsonl(root / "pool.jsonl")
        self.labelled = read_jsonl(root / "sentences.jsonl")
        self.split = json.loads((root / "split.json").read_text(encoding="utf-8"))
        self.assignments = json.loads((root / "assignments.json").read_text(encoding="utf-8"))
        self.places = load_doc_places(root)

    def next_batch(self) -> int:
        numbers = [int(m.group(1)) for p in (self.root / "batches").glob("b*.jsonl") if (m := _BATCH.match(p.stem))]
        return max(numbers, default=-1) + 1


def merge(export: Path, annotator: str | None = None, root: Path = LABELLED) -> MergeReport:
    """Add the annotated tasks of ``export`` to the labelled data in ``root`` (see the module docstring)."""
    report = MergeReport()
    tasks, unreadable = read_export(Path(export))
    report.bad.extend(unreadable)
    if annotator is not None and not _ANNOTATOR.match(annotator):
        raise ValueError(f"annotator {annotator!r}: use letters, digits, '_' or '-' (it names a folder)")
    folder = _Folder(root)
    accepted = _accept(tasks, annotator, folder, report)
    if accepted:
        _write(accepted, folder, report)
    report.sentences = len(read_jsonl(root / "sentences.jsonl"))
    return report


def _accept(tasks: list[ExportedTask], annotator: str | None, folder: _Folder, report: MergeReport
            ) -> list[_Accepted]:
    labelled_sid = {r["text"]: r["sid"] for r in folder.labelled}
    pooled_sid = {r["text"]: r["sid"] for r in folder.pool}
    pool_sids = {r["sid"] for r in folder.pool}
    documents = {}
    for r in folder.pool:
        documents.setdefault(r["doc_id"], r)
    taken: dict[str, str] = {}
    taken_sids: set[str] = set()
    accepted: list[_Accepted] = []
    for task in tasks:
        data = task.data
        name = f"{task.ref} ({data.get('doc_id')}:{data.get('sent_id')})"
        problems = _data_problems(data)
        if problems:
            report.bad.append(f"{name}: " + "; ".join(problems))
            continue
        text, doc_id = data["text"], data["doc_id"]
        sid = f"{doc_id}:{data['sent_id']}"
        if task.result is None:
            report.unannotated.append(f"{name}: no submitted annotation")
            continue
        if text in labelled_sid:
            report.duplicates.append(f"{name}: same text already labelled as {labelled_sid[text]}")
            continue
        if text in pooled_sid:
            report.duplicates.append(f"{name}: same text already in the pool as {pooled_sid[text]}")
            continue
        if text in taken:
            report.duplicates.append(f"{name}: same text as {taken[text]} in this export")
            continue
        if sid in pool_sids or sid in taken_sids:
            report.bad.append(f"{name}: {sid} is already a sentence with another text (was the report split "
                              "differently?)")
            continue
        who = annotator or task.annotator
        if not who or not _ANNOTATOR.match(who):
            report.bad.append(f"{name}: no usable annotator name in the export: pass --annotator")
            continue
        row, problems = annotation_from_result(text, task.result)
        entry = _pool_entry(data, sid, documents.get(doc_id), folder.places, problems)
        if not problems:
            problems = _record_problems(entry, row)
        if problems:
            report.bad.append(f"{name}: " + "; ".join(problems))
            continue
        if task.note:
            report.notes.append(f"{name}: {task.note}")
        taken[text] = name
        taken_sids.add(sid)
        accepted.append(_Accepted(who, entry, {"sid": sid, **row}))
    return accepted


def _data_problems(data: dict) -> list[str]:
    problems = []
    if not isinstance(data.get("text"), str) or not data["text"].strip():
        problems.append("data.text must be the sentence")
    if not isinstance(data.get("doc_id"), str) or not data["doc_id"]:
        problems.append("data.doc_id must be the document id")
    if not isinstance(data.get("sent_id"), int) or isinstance(data.get("sent_id"), bool) or data["sent_id"] < 0:
        problems.append("data.sent_id must be the sentence's position (an integer from 0)")
    if data.get("section") not in SECTIONS:
        problems.append("data.section must be review, plan or null")
    return problems


def _pool_entry(data: dict, sid: str, pooled: dict | None, places: dict[str, str], problems: list[str]) -> dict:
    """The new sentence's pool record; its document's source and place are the pool's when it is known."""
    source = pooled["source"] if pooled else data.get("source")
    place = pooled.get("place") if pooled else data.get("place") or places.get(data["doc_id"])
    year = pooled.get("year") if pooled else data.get("year")
    if pooled and data.get("source") not in (None, source):
        problems.append(f"data.source {data.get('source')!r} differs from the pooled document's {source!r}")
    if source not in SOURCES:
        problems.append(f"data.source must be one of {SOURCES}")
    elif source != "national" and not place:
        problems.append("a local document needs data.place (the split keeps each place on one side)")
    sampling = data.get("sampling") or "enriched"
    if sampling not in SAMPLINGS:
        problems.append(f"data.sampling must be one of {SAMPLINGS}")
    enriched_for = data.get("enriched_for") or ("uncertainty" if sampling == "enriched" else None)
    return {"sid": sid, "doc_id": data["doc_id"], "sent_id": data["sent_id"], "source": source,
            "sampling": sampling, **({"enriched_for": enriched_for} if enriched_for else {}),
            "section": data.get("section"), "heading": data.get("heading"), "is_heading": False,
            "text": data["text"], "place": place, "year": year if isinstance(year, int) else None}


def _record_problems(entry: dict, row: dict) -> list[str]:
    """The checks ``gwr data build`` and ``gwr data check`` run on the record this sentence becomes."""
    try:
        mentions = mentions_with_offsets(entry["text"], row["mentions"])
    except (ValueError, KeyError, TypeError) as exc:
        return [f"mention: {exc}"]
    record = {**entry, **{k: row[k] for k in LABELS}, "mentions": mentions, "annotator": "check",
              "double": False, "split": "train"}
    return validate_record(record) + mention_problems(record)


def _write(accepted: list[_Accepted], folder: _Folder, report: MergeReport) -> None:
    """Write the new batch(es), annotation files, pool entries, split and assignments, then rebuild the
    dataset; the folder is restored as it was if any step fails."""
    root = folder.root
    touched = [root / name for name in ("pool.jsonl", "split.json", "assignments.json", "sentences.jsonl")]
    saved = {path: path.read_bytes() for path in touched}
    created: list[Path] = []
    try:
        entries = [a.entry for a in accepted]
        sides = sides_for_new_documents(folder.pool, folder.split["doc_split"], entries, folder.places,
                                        seed=folder.split.get("seed", 0))
        by_annotator: dict[str, list[_Accepted]] = defaultdict(list)
        for item in accepted:
            by_annotator[item.annotator].append(item)
        number = folder.next_batch()
        for who in sorted(by_annotator):
            batch = f"b{number:03d}"
            number += 1
            items = by_annotator[who]
            batch_path = root / "batches" / f"{batch}.jsonl"
            annotation_path = root / "annotations" / who / f"{batch}.jsonl"
            annotation_path.parent.mkdir(parents=True, exist_ok=True)
            created += [batch_path, annotation_path]
            write_jsonl(batch_path, ({k: i.entry[k] for k in ("sid", "doc_id", "section", "heading", "text")}
                                     for i in items))
            write_jsonl(annotation_path, (i.row for i in items))
            folder.assignments["annotators_of_batch"][batch] = [who]
            folder.assignments.setdefault("order", {}).setdefault(who, []).append(batch)
            report.added[batch] = [i.entry["sid"] for i in items]
        write_jsonl(root / "pool.jsonl", [*folder.pool, *entries])
        folder.split["doc_split"].update(sides)
        (root / "split.json").write_text(json.dumps(folder.split, ensure_ascii=False, indent=1), encoding="utf-8")
        (root / "assignments.json").write_text(json.dumps(folder.assignments, ensure_ascii=False, indent=1),
                                               encoding="utf-8")
        records, _ = build(root)
        write_jsonl(root / "sentences.jsonl", records)
        report.new_documents = sides
    except BaseException:
        for path in created:
            path.unlink(missing_ok=True)
        for path, content in saved.items():
            path.write_bytes(content)
        report.added.clear()
        raise
