"""``gwr score --sentences``: inputs that are already sentences. Every JSONL record (or every non-empty line
of a text file) is one sentence, scored as it is, without reading or splitting a report."""

from __future__ import annotations

import sys
from collections.abc import Callable, Collection, Iterable, Iterator

from .inputs import InputFailure, iter_report_files, jsonl_record
from .normalize import without_surrogates
from ..records import SECTIONS, Document, Sentence

BATCH = 256  # sentences handed to the models (and written) together
# The metadata key that marks a Document as a batch of unrelated sentences (each scored on its own).
SENTENCE_BATCH = "sentence_batch"


def iter_sentence_batches(inputs: Iterable[str], max_bytes: int, batch: int = BATCH, exclude: Iterable = (),
                          skip: Collection[str] = frozenset(), on_skip: Callable[[], None] | None = None
                          ) -> Iterator[Document | InputFailure]:
    """Sentences of the inputs in order, ``batch`` at a time as one :class:`Document` whose sentences keep
    their own ``doc_id`` (the record's ``id``, else its line number) and ``sent_id`` 0, marked in its metadata
    (SENTENCE_BATCH) so that no sentence is read as another's neighbour. Files in ``exclude``
    are left out of a folder's walk; sentences whose id is in ``skip`` (already scored) are left out one by
    one, each reported to ``on_skip``."""
    pending: list[Sentence] = []
    for item in _iter_sentences(inputs, max_bytes, exclude):
        if isinstance(item, InputFailure):
            yield item
            continue
        if item.doc_id in skip:
            if on_skip is not None:
                on_skip()
            continue
        pending.append(item)
        if len(pending) >= batch:
            yield _batch(pending)
            pending = []
    if pending:
        yield _batch(pending)


def _batch(sentences: list[Sentence]) -> Document:
    return Document(doc_id=sentences[0].doc_id, body="", meta={SENTENCE_BATCH: True}, sentences=sentences)


def _iter_sentences(inputs: Iterable[str], max_bytes: int, exclude: Iterable = ()
                    ) -> Iterator[Sentence | InputFailure]:
    for found in iter_report_files(inputs, exclude):
        if isinstance(found, InputFailure):
            yield found
            continue
        path = found[0]
        source = "<stdin>" if str(path) == "-" else str(path)
        try:
            handle = sys.stdin.buffer if str(path) == "-" else path.open("rb")
        except OSError as exc:
            yield InputFailure(source, "unreadable", exc.strerror or str(exc))
            continue
        as_json = path.suffix.lower() == ".jsonl"
        try:
            for number, raw in enumerate(handle, start=1):
                if not raw.strip():
                    continue
                if str(path) == "-" and number == 1:
                    as_json = raw.lstrip()[:1] == b"{"
                yield _sentence(raw, number, f"{source}:{number}", as_json, max_bytes)
        except OSError as exc:
            yield InputFailure(source, "unreadable", exc.strerror or str(exc))
        finally:
            if handle is not sys.stdin.buffer:
                handle.close()


def _sentence(raw: bytes, number: int, where: str, as_json: bool, max_bytes: int) -> Sentence | InputFailure:
    if not as_json:
        if len(raw) > max_bytes:
            return InputFailure(where, "too_large", f"{len(raw):,} bytes, over the {max_bytes:,}-byte limit")
        try:
            text = raw.decode("utf-8").strip()
        except UnicodeDecodeError as exc:
            return InputFailure(where, "encoding", f"not UTF-8: {exc.reason}")
        return Sentence(doc_id=str(number), sent_id=0, text=without_surrogates(text))
    read = jsonl_record(raw, number, where, max_bytes)
    if isinstance(read, InputFailure):
        return read
    record, doc_id = read
    if not record["text"].strip():
        return InputFailure(where, "missing_field", "a JSONL record needs a non-empty string field 'text'")
    section = record.get("section") if record.get("section") in SECTIONS else None
    heading = record.get("heading") if isinstance(record.get("heading"), str) and record["heading"].strip() else None
    return Sentence(doc_id=doc_id, sent_id=0, text=record["text"].strip(), section=section, heading=heading)
