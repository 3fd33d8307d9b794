"""Document-structure labels: where each part of a report (review, plan, other) begins and ends, and the span
of each target list (labelling guide, "Document structure").

One file per annotator, ``data/labelled/structure/<annotator>.jsonl``, one line per document::

    {"doc_id": "anhui_2026_full", "parts": [{"part": "other", "first": 0, "last": 3},
                                           {"part": "review", "first": 4, "last": 40}, ...],
     "target_lists": [{"first": 43, "last": 51}], "note": "",
     "sentences": 97, "fingerprint": "…"}

``first``/``last`` are ``sent_id`` of the document as ``gwr split`` splits it. ``sentences`` and ``fingerprint`` (a
hash of the document's sentence texts) are stamped by ``check --stamp``, so a later change of the reader that moves
any boundary is caught by ``gwr data check`` instead of silently shifting the labels.

    python -m training.structure list GROUP              # the documents of a group, with their sentence counts
    python -m training.structure show DOC_ID             # a document's sentences, numbered, headings marked
    python -m training.structure check FILE [--stamp]    # validate an annotator's file (and stamp it)
    python -m training.structure remap FILE --was SPLIT  # carry a file over a change of the reader

``remap`` takes the ``gwr split`` output of the reader the file was annotated with (``--was``): each sentence the
new reader still gives keeps its part and target-list flag, a sentence it no longer gives (page noise) drops out,
a new or rewritten one takes the part of the sentence before it; the documents are stamped again.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from model.text.inputs import InputFailure, iter_documents

from .repository import LABELLED, RAW

PARTS = ("review", "plan", "other")
STRUCTURE = LABELLED / "structure"
GROUPS = {"seed": RAW / "seeds", "national": RAW / "national_reports_1954_2015.jsonl",
          "local": RAW / "local_excerpts.jsonl", "recent": RAW / "local_pages_2016_2026.jsonl",
          "devset": RAW / "devset" / "pages.jsonl"}


@dataclass(frozen=True)
class Span:
    first: int
    last: int


@dataclass(frozen=True)
class Part(Span):
    part: str = "other"


@dataclass
class DocumentStructure:
    """One annotator's structure of one document."""

    doc_id: str
    parts: list[Part]
    target_lists: list[Span] = field(default_factory=list)
    note: str = ""
    sentences: int | None = None
    fingerprint: str | None = None

    @classmethod
    def from_dict(cls, d: dict) -> DocumentStructure:
        return cls(d["doc_id"], [Part(int(p["first"]), int(p["last"]), p["part"]) for p in d["parts"]],
                   [Span(int(t["first"]), int(t["last"])) for t in d.get("target_lists", [])],
                   d.get("note", ""), d.get("sentences"), d.get("fingerprint"))

    def to_dict(self) -> dict:
        return {"doc_id": self.doc_id,
                "parts": [{"part": p.part, "first": p.first, "last": p.last} for p in self.parts],
                "target_lists": [{"first": t.first, "last": t.last} for t in self.target_lists],
                "note": self.note, "sentences": self.sentences, "fingerprint": self.fingerprint}

    def part_of(self) -> list[str]:
        """The part of every sentence, in order."""
        out: list[str] = []
        for p in self.parts:
            out.extend([p.part] * (p.last - p.first + 1))
        return out

    def in_target_list(self) -> list[bool]:
        """Whether each sentence lies in a target list."""
        flags = [False] * (self.parts[-1].last + 1 if self.parts else 0)
        for t in self.target_lists:
            for i in range(t.first, t.last + 1):
                flags[i] = True
        return flags


def fingerprint(texts: Iterable[str]) -> str:
    return hashlib.sha256("\n".join(texts).encode("utf-8")).hexdigest()[:16]


@lru_cache(maxsize=None)
def _group_texts(group: str) -> dict[str, tuple[str, ...]]:
    docs = iter_documents([str(GROUPS[group])])
    return {d.doc_id: tuple(s.text for s in d.sentences) for d in docs if not isinstance(d, InputFailure)}


def document_texts(doc_id: str) -> tuple[str, ...]:
    """The sentences of a bundled document as ``gwr split`` gives them now."""
    for group in GROUPS:
        texts = _group_texts(group).get(doc_id)
        if texts is not None:
            return texts
    raise KeyError(f"no bundled document {doc_id!r}")


def problems(structure: DocumentStructure, texts: tuple[str, ...] | None = None) -> list[str]:
    """What is wrong with one document's structure: parts that do not cover the document exactly once, in
    order; unknown parts; target lists outside the document or outside a plan part; a stale stamp."""
    found = []
    try:
        texts = document_texts(structure.doc_id) if texts is None else texts
    except KeyError as error:
        return [str(error.args[0])]
    n = len(texts)
    expected = 0
    for p in structure.parts:
        if p.part not in PARTS:
            found.append(f"unknown part {p.part!r}")
        if p.first != expected:
            found.append(f"part {p.part} starts at {p.first}, expected {expected} (parts must follow each other)")
        if p.last < p.first:
            found.append(f"part {p.part} ends ({p.last}) before it starts ({p.first})")
        expected = p.last + 1
    if expected != n:
        found.append(f"parts end at {expected - 1}, the document's last sentence is {n - 1}")
    parts = structure.part_of() if not found else []
    for t in structure.target_lists:
        if not 0 <= t.first <= t.last < n:
            found.append(f"target list {t.first}-{t.last} is outside the document (0-{n - 1})")
        elif parts and "plan" not in parts[t.first:t.last + 1]:
            found.append(f"target list {t.first}-{t.last} lies in no plan part")
    if structure.sentences is not None and structure.sentences != n:
        found.append(f"stamped for {structure.sentences} sentences, the reader now gives {n}")
    if structure.fingerprint is not None and structure.fingerprint != fingerprint(texts):
        found.append("the reader now splits this document differently from when it was annotated")
    return [f"{structure.doc_id}: {p}" for p in found]


def read_structures(path: Path) -> list[DocumentStructure]:
    with path.open(encoding="utf-8") as handle:
        return [DocumentStructure.from_dict(json.loads(line)) for line in handle if line.strip()]


def load_all(root: Path = STRUCTURE) -> dict[str, dict[str, DocumentStructure]]:
    """annotator → doc_id → structure, for every file under ``root``."""
    return {p.stem: {s.doc_id: s for s in read_structures(p)} for p in sorted(root.glob("*.jsonl"))}


def _file_problems(structures: list[DocumentStructure], name: str) -> dict[str, list[str]]:
    """doc_id → its problems (a document twice in the file, or any of :func:`problems`)."""
    found: dict[str, list[str]] = {}
    for s in structures:
        if s.doc_id in found:
            found[s.doc_id].append(f"{s.doc_id}: annotated twice in {name}")
        else:
            found[s.doc_id] = problems(s)
    return found


def check_file(path: Path, stamp: bool = False) -> list[str]:
    """Problems of an annotator's file (a document twice, or any of :func:`problems`); with ``stamp``, the
    sentence count and fingerprint are written into documents that have none and no problem."""
    structures = read_structures(path)
    by_doc = _file_problems(structures, path.name)
    found = [p for doc_problems in by_doc.values() for p in doc_problems]
    if stamp:
        for s in structures:
            if s.fingerprint is None and not by_doc[s.doc_id]:
                texts = document_texts(s.doc_id)
                s.sentences, s.fingerprint = len(texts), fingerprint(texts)
        tmp = path.with_suffix(".tmp")
        tmp.write_text("".join(json.dumps(s.to_dict(), ensure_ascii=False) + "\n" for s in structures),
                       encoding="utf-8")
        tmp.replace(path)
    return found


def structure_problems(root: Path = STRUCTURE) -> list[str]:
    """Every problem of every annotator's structure file under ``root`` (what ``gwr data check`` reports);
    a document that was never stamped by ``check --stamp`` is one."""
    found = []
    for path in sorted(root.glob("*.jsonl")):
        structures = read_structures(path)
        found.extend(f"{path.name}: {p}" for doc_problems in _file_problems(structures, path.name).values()
                     for p in doc_problems)
        found.extend(f"{path.name}: {s.doc_id}: not stamped (run check --stamp)"
                     for s in structures if s.fingerprint is None)
    return found


def agreement(first: DocumentStructure, second: DocumentStructure) -> dict:
    """Sentence-level agreement of two annotations of one document: the share of sentences given the same part,
    and the same in-target-list flag."""
    a, b = first.part_of(), second.part_of()
    ta, tb = first.in_target_list(), second.in_target_list()
    n = min(len(a), len(b))
    return {"sentences": n, "part_agree": sum(x == y for x, y in zip(a, b)),
            "target_list_agree": sum(x == y for x, y in zip(ta, tb))}


def second_annotations(root: Path = LABELLED) -> dict[str, set[str]]:
    """annotator → the documents they annotated as a second, independent reading (``assignments.json``; none
    where the labels are not bundled, as in an installed package)."""
    path = root / "assignments.json"
    if not path.is_file():
        return {}
    assignments = json.loads(path.read_text(encoding="utf-8"))
    return {a: set(docs) for a, docs in assignments.get("structure", {}).get("second", {}).items()}


def first_annotations(root: Path = LABELLED) -> dict[str, DocumentStructure]:
    """doc_id → the structure the models learn from: each document's first annotation."""
    second = second_annotations(root)
    return {doc_id: s for annotator, docs in load_all(root / "structure").items()
            for doc_id, s in docs.items() if doc_id not in second.get(annotator, set())}


def structure_agreement(root: Path = LABELLED) -> dict:
    """Agreement of every second annotation with the first: documents, sentences, and the share of sentences
    given the same part and the same target-list flag (what agreement.json holds under ``structure``)."""
    first = first_annotations(root)
    by_annotator = load_all(root / "structure")
    totals = {"documents": 0, "sentences": 0, "part_agree": 0, "target_list_agree": 0}
    for annotator, docs in sorted(second_annotations(root).items()):
        for doc_id in sorted(docs):
            again = by_annotator.get(annotator, {}).get(doc_id)
            if again is None or doc_id not in first:
                continue
            pair = agreement(first[doc_id], again)
            totals["documents"] += 1
            for key in ("sentences", "part_agree", "target_list_agree"):
                totals[key] += pair[key]
    n = totals["sentences"]
    return {**totals, "part_accuracy": round(totals["part_agree"] / n, 4) if n else None,
            "target_list_accuracy": round(totals["target_list_agree"] / n, 4) if n else None}


def _runs(labels: list) -> list[Part]:
    parts: list[Part] = []
    for i, label in enumerate(labels):
        if parts and parts[-1].part == label:
            parts[-1] = Part(parts[-1].first, i, label)
        else:
            parts.append(Part(i, i, label))
    return parts


def remap(structure: DocumentStructure, old: Sequence[str], new: Sequence[str]) -> DocumentStructure:
    """``structure`` (annotated on the sentences ``old``) carried over to the sentences ``new`` of a changed
    reader, and stamped for them."""
    import difflib

    parts, flags = structure.part_of(), structure.in_target_list()
    new_parts: list[str] = []
    new_flags: list[bool] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=list(old), b=list(new), autojunk=False).get_opcodes():
        if tag == "equal":
            new_parts.extend(parts[i1:i2])
            new_flags.extend(flags[i1:i2])
        elif j2 > j1:  # rewritten or new sentences: the part of the sentence they replace, else the one before
            k = i1 if i1 < len(parts) else len(parts) - 1
            new_parts.extend([parts[k]] * (j2 - j1))
            new_flags.extend([flags[k]] * (j2 - j1))
    lists: list[Span] = []
    for i, flag in enumerate(new_flags):
        if flag and lists and lists[-1].last == i - 1:
            lists[-1] = Span(lists[-1].first, i)
        elif flag:
            lists.append(Span(i, i))
    return DocumentStructure(structure.doc_id, _runs(new_parts), lists, structure.note,
                             len(new), fingerprint(new))


def remap_file(path: Path, was: Path) -> int:
    """Carry every document of ``path`` whose sentences changed over to the current reader; the count changed."""
    old_texts: dict[str, list[str]] = {}
    with was.open(encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            old_texts.setdefault(record["doc_id"], []).append(record["text"])
    structures = read_structures(path)
    changed = 0
    for k, s in enumerate(structures):
        new = document_texts(s.doc_id)
        if s.fingerprint == fingerprint(new):
            continue
        if s.doc_id not in old_texts or fingerprint(old_texts[s.doc_id]) != s.fingerprint:
            raise ValueError(f"{s.doc_id}: {was} is not the split this file was annotated on")
        structures[k] = remap(s, old_texts[s.doc_id], new)
        changed += 1
    tmp = path.with_suffix(".tmp")
    tmp.write_text("".join(json.dumps(s.to_dict(), ensure_ascii=False) + "\n" for s in structures),
                   encoding="utf-8")
    tmp.replace(path)
    return changed


def _show(doc_id: str, out) -> None:
    for i, text in enumerate(document_texts(doc_id)):
        out.write(f"{i}\t{text}\n")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m training.structure", description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("list").add_argument("group", choices=sorted(GROUPS))
    sub.add_parser("show").add_argument("doc_id")
    check = sub.add_parser("check")
    check.add_argument("file", type=Path)
    check.add_argument("--stamp", action="store_true")
    carry = sub.add_parser("remap")
    carry.add_argument("file", type=Path)
    carry.add_argument("--was", type=Path, required=True, help="gwr split output of the reader annotated on")
    args = parser.parse_args(argv)
    if args.command == "remap":
        print(f"{args.file}: {remap_file(args.file, args.was)} documents carried over", file=sys.stderr)
        return 0
    if args.command == "list":
        for doc_id, texts in _group_texts(args.group).items():
            print(f"{doc_id}\t{len(texts)}")
        return 0
    if args.command == "show":
        _show(args.doc_id, sys.stdout)
        return 0
    found = check_file(args.file, stamp=args.stamp)
    for p in found:
        print(p, file=sys.stderr)
    print(f"{args.file}: {len(read_structures(args.file))} documents, {len(found)} problems", file=sys.stderr)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
