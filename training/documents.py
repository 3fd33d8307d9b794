"""The labelled sentences' documents read whole: the bundled documents as the reader gives them, each labelled
sentence's row among their sentences, and predictions of labelled sentences made by scoring each of their
documents whole (as ``gwr score`` reads a report)."""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from model.features.section_columns import report_year
from model.records import Document
from model.text.inputs import InputFailure, iter_documents

from .structure import GROUPS


@lru_cache(maxsize=1)
def bundled_documents() -> dict[str, Document]:
    """doc_id → every bundled document of the structure-labelled groups, as the reader gives it (read once)."""
    out = {}
    for group in GROUPS:
        for doc in iter_documents([str(GROUPS[group])]):
            if not isinstance(doc, InputFailure):
                out[doc.doc_id] = doc
    return out


def row_index(doc_ids: Sequence[str], texts: Sequence[str], sent_ids: Sequence[int], records: Sequence
               ) -> list[int]:
    """Each record's row among the sentences (its text in its document, the nearest to its ``sent_id`` when
    a text recurs), -1 when its document does not hold it."""
    where: dict[tuple[str, str], list[int]] = {}
    for i, (d, t) in enumerate(zip(doc_ids, texts)):
        where.setdefault((d, t), []).append(i)
    return [min(where[(r.doc_id, r.text)], key=lambda i: abs(sent_ids[i] - r.sent_id))
            if (r.doc_id, r.text) in where else -1 for r in records]


def predict_in_documents(tagger, records: Sequence) -> list[dict | None]:
    """Contract records of ``records``, each from its document scored whole by ``tagger`` (fitted or compiled,
    anything with ``predict_document``); None for a record whose bundled document does not hold it."""
    bundled = bundled_documents()
    out: list[dict | None] = [None] * len(records)
    by_doc: dict[str, list[int]] = {}
    for i, r in enumerate(records):
        by_doc.setdefault(r.doc_id, []).append(i)
    for doc_id, indices in by_doc.items():
        doc = bundled.get(doc_id)
        if doc is None:
            continue
        results = tagger.predict_document(doc.sentences, report_year(doc.meta))
        rows = row_index([doc_id] * len(doc.sentences), [s.text for s in doc.sentences],
                          [s.sent_id for s in doc.sentences], [records[i] for i in indices])
        for i, row in zip(indices, rows):
            if row >= 0:
                out[i] = results[row].to_dict()
    return out
