"""``gwr split``: every sentence of the inputs as one JSON record, with its section, heading and the document's
metadata; inputs that cannot be read are reported on the error stream and the others still written."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TextIO

from model.text.inputs import InputFailure, iter_documents


@dataclass
class SplitSummary:
    documents: int = 0
    sentences: int = 0
    failed: int = 0


def split_inputs(inputs: Iterable[str], out: TextIO, errors: TextIO) -> SplitSummary:
    """Write the ``gwr split`` records of every document of ``inputs`` to ``out``, failures to ``errors``."""
    summary = SplitSummary()
    for item in iter_documents(inputs):
        if isinstance(item, InputFailure):
            summary.failed += 1
            errors.write(json.dumps(item.to_dict(), ensure_ascii=False) + "\n")
            continue
        summary.documents += 1
        for record in item.split_records():
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
            summary.sentences += 1
    return summary
