"""Choose what to label next: the unlabelled sentences the model is least sure of, spread over documents,
as Label Studio tasks pre-annotated with the model's labels.

Certainty is the distance of each label's probability to its decision threshold, measured in log-odds
(0.50 against a threshold of 0.45 is as unsure as 0.94 against 0.93 is not); a sentence is as uncertain as
its most uncertain label. Records are those of the scoring contract (``gwr score`` output), optionally
carrying ``heading``, ``is_heading`` and ``meta`` when scored on the fly.
"""

from __future__ import annotations

import heapq
import json
import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from model.text.headings import MAX_HEADING_CHARS, heading_marker, section_cue
from model.text.metadata import starts_page_footer
from model.records import LABELS, THEMES

from .dataset import load_doc_places, read_jsonl
from .repository import LABELLED
from .label_studio import prediction_result

DEFAULT_PER_DOC = 10
_EPS = 1e-6
_TERMINATORS = "。！？；;!?"


def _logit(p: float) -> float:
    p = min(max(float(p), _EPS), 1 - _EPS)
    return math.log(p / (1 - p))


def probabilities(record: dict) -> dict[str, float]:
    """The five label probabilities of a scored record."""
    return {**{t: float(record["themes"][t]) for t in THEMES}, "quant_target": float(record["quant_target_prob"])}


def thresholds_from_scores(records: Iterable[dict]) -> dict[str, float]:
    """Each label's decision threshold as the scores themselves reveal it: it lies above every probability
    the model did not flag and at or below every one it did; 0.5 when that is consistent, else the middle."""
    below = dict.fromkeys(LABELS, 0.0)
    above = dict.fromkeys(LABELS, 1.0)
    for record in records:
        flags = {**{t: t in record["labels"] for t in THEMES}, "quant_target": bool(record["quant_target"])}
        for label, p in probabilities(record).items():
            if flags[label]:
                above[label] = min(above[label], p)
            else:
                below[label] = max(below[label], p)
    return {label: 0.5 if below[label] < 0.5 <= above[label] else (below[label] + above[label]) / 2
            for label in LABELS}


def uncertainty(record: dict, thresholds: dict[str, float]) -> tuple[float, str]:
    """(margin, label): the smallest log-odds distance of a label's probability to its threshold."""
    margins = {label: abs(_logit(p) - _logit(thresholds[label])) for label, p in probabilities(record).items()}
    label = min(margins, key=margins.get)
    return margins[label], label


def looks_like_heading(text: str) -> bool:
    """A heading as the reader marks one, for scored records that do not say: an enumeration marker on a
    short line that is not a list clause, or a line naming a part of the report with no sentence end."""
    if heading_marker(text) is not None:
        return len(text) <= MAX_HEADING_CHARS and text.rstrip()[-1:] not in (";", "；")
    return (not any(ch in _TERMINATORS for ch in text) and len(text) <= 40
            and section_cue(text) is not None and "工作" in text)


@dataclass
class KnownData:
    """What the labelled-data folder already holds: labelled texts, pooled sids and texts, and the source
    and place of every pooled document."""

    texts: set[str]
    sids: set[str]
    documents: dict[str, dict]
    places: dict[str, str]

    @classmethod
    def load(cls, root: Path = LABELLED) -> "KnownData":
        pool = read_jsonl(root / "pool.jsonl")
        labelled = read_jsonl(root / "sentences.jsonl")
        places = load_doc_places(root)
        documents = {}
        for r in pool:
            documents.setdefault(r["doc_id"], {"source": r["source"], "place": r.get("place"), "year": r.get("year")})
        return cls(texts={r["text"] for r in labelled} | {r["text"] for r in pool},
                   sids={r["sid"] for r in pool}, documents=documents, places=places)

    def document(self, doc_id: str, meta: dict | None = None) -> dict:
        """Source, place and year of a document: as pooled, else national for ``national-…`` ids and local
        otherwise, with the place and year its metadata gives."""
        if doc_id in self.documents:
            return dict(self.documents[doc_id])
        meta = meta or {}
        year = meta.get("year")
        return {"source": "national" if doc_id.startswith("national-") else "local",
                "place": meta.get("place") or self.places.get(doc_id),
                "year": int(year) if isinstance(year, (int, str)) and str(year).isdigit() else None}


@dataclass(order=True)
class Candidate:
    margin: float
    doc_id: str
    sent_id: int
    label: str
    record: dict


def eligible(record: dict, known: KnownData) -> bool:
    """Not labelled or pooled yet (same text, or same sid), not a heading, not page furniture."""
    text = record.get("text") or ""
    if not text.strip() or text in known.texts or f"{record['doc_id']}:{record['sent_id']}" in known.sids:
        return False
    heading = record["is_heading"] if "is_heading" in record else looks_like_heading(text)
    return not heading and not starts_page_footer(text)


def most_uncertain(records: Iterable[dict], thresholds: dict[str, float], known: KnownData,
                   per_doc: int = DEFAULT_PER_DOC) -> dict[str, list[Candidate]]:
    """Per document, its ``per_doc`` most uncertain eligible sentences (most uncertain first). Streams the
    records; memory holds ``per_doc`` candidates per document. A text seen twice counts once."""
    kept: dict[str, list] = defaultdict(list)
    seen: set[str] = set()
    for record in records:
        if record["text"] in seen or not eligible(record, known):
            continue
        seen.add(record["text"])
        margin, label = uncertainty(record, thresholds)
        heap = kept[record["doc_id"]]
        item = (-margin, -int(record["sent_id"]), Candidate(margin, record["doc_id"], int(record["sent_id"]),
                                                             label, record))
        if len(heap) < per_doc:
            heapq.heappush(heap, item)
        elif item[:2] > heap[0][:2]:
            heapq.heapreplace(heap, item)
    return {doc: sorted(c for _, _, c in heap) for doc, heap in kept.items()}


def round_robin(per_document: dict[str, list[Candidate]], n: int) -> list[Candidate]:
    """Up to ``n`` candidates: every document's most uncertain sentence first (most uncertain documents
    first), then every document's second, and so on."""
    chosen: list[Candidate] = []
    depth = max((len(v) for v in per_document.values()), default=0)
    for k in range(depth):
        tier = sorted(cands[k] for cands in per_document.values() if len(cands) > k)
        chosen.extend(tier[: n - len(chosen)])
        if len(chosen) >= n:
            break
    return chosen


def to_task(candidate: Candidate, known: KnownData, model_version: str) -> dict:
    """A Label Studio task: the sentence and its context as data, the model's labels as a prediction."""
    record = candidate.record
    document = known.document(candidate.doc_id, record.get("meta"))
    data = {"text": record["text"], "doc_id": candidate.doc_id, "sent_id": candidate.sent_id,
            "section": record.get("section"), "heading": record.get("heading"), **document,
            "sampling": "enriched", "enriched_for": "uncertainty", "least_certain_label": candidate.label}
    result = prediction_result(record["labels"], bool(record["quant_target"]), record.get("indicators") or [],
                               record["text"])
    return {"data": data,
            "predictions": [{"model_version": model_version, "score": round(candidate.margin, 4),
                             "result": result}]}


def suggest(records: Iterable[dict], n: int, thresholds: dict[str, float], model_version: str,
            per_doc: int = DEFAULT_PER_DOC, root: Path = LABELLED) -> list[dict]:
    """Label Studio tasks for the ``n`` sentences to label next (see the module docstring)."""
    if n < 1 or per_doc < 1:
        raise ValueError("n and per_doc must be at least 1")
    known = KnownData.load(root)
    chosen = round_robin(most_uncertain(records, thresholds, known, per_doc), n)
    return [to_task(c, known, model_version) for c in chosen]


def read_score_records(path: str | Path, failures: list[str]) -> Iterable[dict]:
    """The records of a ``gwr score`` JSONL output, streamed; a line that is not a record is named in
    ``failures`` and passed over."""
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
                probabilities(record), record["labels"], record["quant_target"], str(record["text"])
                if not isinstance(record["doc_id"], str) or not isinstance(record["sent_id"], int):
                    raise TypeError("doc_id must be a string and sent_id an integer")
            except (json.JSONDecodeError, KeyError, TypeError, ValueError) as exc:
                failures.append(json.dumps({"input": f"{path}:{number}", "error": "not a gwr score record",
                                            "detail": str(exc)}, ensure_ascii=False))
                continue
            yield record
