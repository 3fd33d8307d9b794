"""The section model's material and results: every bundled document with structure labels (its sentences as
the reader gives them, their section columns and each sentence's part), the model fitted on some of them, its
accuracy against the labels, and the labelled sentences' documents the quant_target head's second pass reads."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd

from model.classifiers.section_model import SECTION_STATES
from model.classifiers.sections import SectionClassifier, columns_of, document_runs
from model.features.section_columns import document_frame, report_year
from model.tagger import LabelledDocuments

from .documents import bundled_documents, row_index
from .structure import first_annotations


@dataclass(frozen=True)
class SectionDocuments:
    """Whole documents, sentence by sentence in order: the model's columns, the part and the position."""

    frame: pd.DataFrame
    parts: list[str]
    doc_ids: list[str]
    sent_ids: list[int]

    def __len__(self) -> int:
        return len(self.parts)


def section_documents(doc_ids: Iterable[str] | None = None) -> SectionDocuments:
    """The documents with structure labels (those of ``doc_ids`` only, when given), in a fixed order."""
    every = _labelled_documents()
    wanted = list(every) if doc_ids is None else [d for d in every if d in set(doc_ids)]
    if not wanted:
        return SectionDocuments(pd.DataFrame(), [], [], [])
    return SectionDocuments(pd.concat([every[d][0] for d in wanted], ignore_index=True),
                            [p for d in wanted for p in every[d][1]],
                            [d for d in wanted for _ in every[d][1]],
                            [i for d in wanted for i in every[d][2]])


@lru_cache(maxsize=1)
def _labelled_documents() -> dict[str, tuple[pd.DataFrame, list[str], list[int]]]:
    """doc_id → (columns, parts, sent_ids) of every bundled document with structure labels (read once)."""
    structures = first_annotations()
    out = {}
    for doc in bundled_documents().values():
        if doc.doc_id in structures:
            labels = structures[doc.doc_id].part_of()
            if len(labels) != len(doc.sentences):
                raise ValueError(f"{doc.doc_id}: structure labels for {len(labels)} sentences, the reader gives "
                                 f"{len(doc.sentences)} (gwr data check tells more)")
            out[doc.doc_id] = (document_frame(doc.sentences, report_year(doc.meta)).to_frame(), labels,
                               [s.sent_id for s in doc.sentences])
    return out


def fit_sections(doc_ids: Iterable[str], C: float = 2.0, random_state: int = 0) -> SectionClassifier | None:
    """The section model fitted on the structure-labelled documents among ``doc_ids`` (None when there are
    fewer than two)."""
    docs = section_documents(doc_ids)
    if len(set(docs.doc_ids)) < 2:
        return None
    return SectionClassifier(C=C, random_state=random_state).fit(docs.frame, docs.parts, docs.doc_ids)


def section_model_of(tagger):
    """The compiled section model of a tagger (fitted or loaded), or None when it has none."""
    compiled = tagger.compiled() if hasattr(tagger, "compiled") else tagger
    return getattr(compiled, "sections", None)


def section_accuracy(doc_ids: Iterable[str], model, parts: dict[str, Callable]) -> dict[str, float]:
    """Accuracy against the structure labels of the sections ``model`` (a compiled section model, or None)
    gives documents read whole (``section_accuracy``) and of the layout reader's heading cues
    (``cue_section_accuracy``), per part (``parts``: name → a test on the document id); ``other`` counts as
    no section."""
    docs = section_documents(doc_ids)
    if not len(docs):
        return {}
    cues = [c if c in ("review", "plan") else "other" for c in docs.frame["section"]]
    found = None
    if model is not None:
        found = []
        for run in document_runs(docs.doc_ids):
            sections, _ = model.sections(model.document_proba(columns_of(docs.frame.iloc[run])))
            found.extend(s or "other" for s in sections)
    out: dict[str, float] = {}
    for name, keep in parts.items():
        rows = [i for i, d in enumerate(docs.doc_ids) if keep(d)]
        if not rows:
            continue
        out[f"{name}_cue_section_accuracy"] = float(np.mean([cues[i] == docs.parts[i] for i in rows]))
        if found is not None:
            out[f"{name}_section_accuracy"] = float(np.mean([found[i] == docs.parts[i] for i in rows]))
        out[f"{name}_section_sentences"] = float(len(rows))
    return out


def labelled_documents(records: Sequence, sections=None) -> LabelledDocuments:
    """The structure-labelled documents of ``records`` read whole, each record's row among their sentences,
    and ``sections``' out-of-fold posteriors (a section model fitted on these very documents, :func:`fit_sections`):
    what the quant_target head's second pass is fitted on."""
    docs = section_documents({r.doc_id for r in records})
    texts = list(docs.frame["text"]) if len(docs) else []
    rows = row_index(docs.doc_ids, texts, docs.sent_ids, records)
    parts = None
    if sections is not None:
        posterior = sections.oof_posterior_
        if posterior.shape[0] != len(docs):
            raise ValueError(f"the section model was fitted on {posterior.shape[0]} sentences, these documents "
                             f"hold {len(docs)}: fit it on the same documents")
        parts = posterior[:, [list(sections.classes_).index(s) for s in SECTION_STATES]]
    return LabelledDocuments(docs.frame, docs.doc_ids, rows, parts)
