"""The labelled sentences' documents read whole: the bundled documents as the reader gives them, the rows the
quant_target head's second pass is fitted on, and predictions of labelled sentences made by scoring each of
their documents whole (as ``gwr score`` reads a report)."""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from model.classifiers.section_model import SECTION_STATES
from model.features.section_columns import report_year
from model.records import Document
from model.tagger import LabelledDocuments
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


def _row_index(doc_ids: Sequence[str], texts: Sequence[str], sent_ids: Sequence[int], records: Sequence
               ) -> list[int]:
    """Each record's row among the sentences (its text in its document, the nearest to its ``sent_id`` when
    a text recurs), -1 when its document does not hold it."""
    where: dict[tuple[str, str], list[int]] = {}
    for i, (d, t) in enumerate(zip(doc_ids, texts)):
        where.setdefault((d, t), []).append(i)
    return [min(where[(r.doc_id, r.text)], key=lambda i: abs(sent_ids[i] - r.sent_id))
            if (r.doc_id, r.text) in where else -1 for r in records]


def labelled_documents(records: Sequence, sections=None) -> LabelledDocuments:
    """The structure-labelled documents of ``records`` read whole, each record's row among their sentences,
    and ``sections``' out-of-fold posteriors (a section model fitted on these very documents,
    :func:`~training.sections.fit_sections`)."""
    from .sections import section_documents

    docs = section_documents({r.doc_id for r in records})
    texts = list(docs.frame["text"]) if len(docs) else []
    rows = _row_index(docs.doc_ids, texts, docs.sent_ids, records)
    parts = None
    if sections is not None:
        posterior = sections.oof_posterior_
        if posterior.shape[0] != len(docs):
            raise ValueError(f"the section model was fitted on {posterior.shape[0]} sentences, these documents "
                             f"hold {len(docs)}: fit it on the same documents")
        parts = posterior[:, [list(sections.classes_).index(s) for s in SECTION_STATES]]
    return LabelledDocuments(docs.frame, docs.doc_ids, rows, parts)


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
        rows = _row_index([doc_id] * len(doc.sentences), [s.text for s in doc.sentences],
                          [s.sent_id for s in doc.sentences], [records[i] for i in indices])
        for i, row in zip(indices, rows):
            if row >= 0:
                out[i] = results[row].to_dict()
    return out
