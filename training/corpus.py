"""The unlabelled report corpus (all bundled raw reports), used to widen the models' vocabulary."""

from __future__ import annotations

import random
from collections.abc import Iterable

import pandas as pd

from model.features.frame import sentence_frame
from model.text.inputs import InputFailure, iter_documents

from .repository import RAW_INPUTS


def unlabelled_frame(exclude_docs: Iterable[str], limit: int = 30000, seed: int = 0) -> pd.DataFrame:
    """Sentences of the bundled reports outside ``exclude_docs`` (the test documents), at most ``limit``; none
    where there are no bundled reports (an installed package)."""
    excluded = set(exclude_docs)
    texts, sections = [], []
    for doc in iter_documents(str(p) for p in RAW_INPUTS if p.exists()):
        if isinstance(doc, InputFailure) or doc.doc_id in excluded:
            continue
        for s in doc.sentences:
            texts.append(s.text)
            sections.append(s.section)
    if len(texts) > limit:
        keep = sorted(random.Random(seed).sample(range(len(texts)), limit))
        texts, sections = [texts[i] for i in keep], [sections[i] for i in keep]
    return sentence_frame(texts, sections)
