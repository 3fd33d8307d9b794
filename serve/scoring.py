"""``gwr score``: tag every sentence of every input document and write the scoring contract's records,
one document at a time (memory does not grow with the number of documents)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol, TextIO

from model.inputs import InputFailure, iter_documents
from model.records import Document

from .predictor import Predictor


@dataclass
class ScoreSummary:
    documents: int = 0
    sentences: int = 0
    failed: int = 0
    skipped: int = 0


def document_records(predictor: Predictor, document: Document) -> list[dict]:
    """The contract's records for one document's sentences, in order."""
    sentences = document.sentences
    results = predictor.predict_sentences([s.text for s in sentences], [s.section for s in sentences])
    return [{"doc_id": s.doc_id, "sent_id": s.sent_id, **r.to_dict()} for s, r in zip(sentences, results)]


class RecordWriter(Protocol):
    def write(self, records: list[dict]) -> None: ...


def score_inputs(predictor: Predictor, inputs: Iterable[str], out: RecordWriter, errors: TextIO,
                 skip: set[str] = frozenset()) -> ScoreSummary:
    """Score the documents of ``inputs`` into ``out`` (a writer of :mod:`serve.formats`), one document at
    a time; failed inputs go to ``errors``; documents in ``skip`` (already scored) are passed over."""
    summary = ScoreSummary()
    for item in iter_documents(inputs):
        if not isinstance(item, InputFailure) and item.doc_id in skip:
            summary.skipped += 1
            continue
        if isinstance(item, InputFailure):
            summary.failed += 1
            errors.write(json.dumps(item.to_dict(), ensure_ascii=False) + "\n")
            errors.flush()
            continue
        records = document_records(predictor, item)
        out.write(records)
        summary.documents += 1
        summary.sentences += len(records)
    return summary
