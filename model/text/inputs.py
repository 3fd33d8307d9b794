"""Walk the inputs of a command (files, folders, JSONL, stdin) and read each document, reporting failures
without stopping the batch."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from .errors import ReportInputError, TooLargeError
from .normalize import without_surrogates
from .reader import HTML_SUFFIXES, parse_bytes, parse_text
from ..records import Document

REPORT_SUFFIXES = (".txt", *HTML_SUFFIXES)
ID_FIELDS = ("id", "doc_id")
MAX_REPORT_BYTES = 8 * 1024 * 1024     # the longest bundled report is under 0.2 MB


@dataclass(frozen=True)
class InputFailure:
    """An input that could not be read: the contract's error record."""

    input: str
    error: str
    detail: str

    def to_dict(self) -> dict:
        return {"input": self.input, "error": self.error, "detail": self.detail}


@dataclass(frozen=True)
class UnparsedDocument:
    """A document read but not yet cleaned and split into sentences: a file's bytes or a JSONL record's
    text. ``gwr score --jobs`` hands these to its workers, so the splitting runs in parallel too."""

    doc_id: str
    source: str
    text: str | None = None
    data: bytes | None = None
    meta: dict | None = None
    html: bool | None = None

    def parse(self) -> Document | InputFailure:
        try:
            if self.data is not None:
                return parse_bytes(self.data, self.doc_id, source=self.source, html=self.html)
            return parse_text(self.text, self.doc_id, meta=self.meta or {}, source=self.source)
        except ReportInputError as exc:
            return InputFailure(self.source, exc.kind, exc.reason)


def iter_report_files(inputs: Iterable[str]) -> Iterator[tuple[Path, str]]:
    """``(path, doc_id)`` for every report file named or found (recursively) in a named folder."""
    for name in inputs:
        path = Path(name)
        if path.is_dir():
            for child in sorted(p for p in path.rglob("*") if p.is_file()):
                if child.suffix.lower() in REPORT_SUFFIXES + (".jsonl",):
                    yield child, child.relative_to(path).as_posix()
        else:
            yield path, path.name


def iter_documents(inputs: Iterable[str], max_bytes: int = MAX_REPORT_BYTES, parse: bool = True
                   ) -> Iterator[Document | InputFailure | UnparsedDocument]:
    """Every document of the inputs, in order; unreadable ones, and any one document (file or JSONL line)
    over ``max_bytes``, as :class:`InputFailure`. Without ``parse`` documents come as
    :class:`UnparsedDocument` (whose ``parse`` gives the Document or the failure)."""
    for item in _unparsed_documents(inputs, max_bytes):
        yield item.parse() if parse and isinstance(item, UnparsedDocument) else item


def _unparsed_documents(inputs: Iterable[str], max_bytes: int) -> Iterator[UnparsedDocument | InputFailure]:
    for path, doc_id in iter_report_files(inputs):
        if str(path) == "-":
            yield from _documents_from_stream(sys.stdin.buffer, "<stdin>", "stdin", max_bytes)
        elif path.suffix.lower() == ".jsonl":
            try:
                with path.open("rb") as handle:
                    yield from _jsonl_documents(handle, str(path), max_bytes)
            except OSError as exc:
                yield InputFailure(str(path), "unreadable", exc.strerror or str(exc))
        else:
            try:
                yield UnparsedDocument(doc_id, str(path), data=_read(path, max_bytes),
                                       html=(path.suffix.lower() in HTML_SUFFIXES) or None)
            except ReportInputError as exc:
                yield InputFailure(str(path), exc.kind, exc.reason)


def _too_large(size: int, max_bytes: int, source: str) -> TooLargeError:
    return TooLargeError(f"{size:,} bytes, over the {max_bytes:,}-byte limit for one report", source)


def _read(path: Path, max_bytes: int) -> bytes:
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise _too_large(size, max_bytes, str(path))
        return path.read_bytes()
    except OSError as exc:
        raise ReportInputError(f"cannot read: {exc.strerror or exc}", str(path)) from None


def _documents_from_stream(stream, source: str, doc_id: str, max_bytes: int
                           ) -> Iterator[UnparsedDocument | InputFailure]:
    data = stream.read()
    if data.lstrip()[:1] == b"{":
        import io

        yield from _jsonl_documents(io.BytesIO(data), source, max_bytes)
        return
    if len(data) > max_bytes:
        yield InputFailure(source, TooLargeError.kind, _too_large(len(data), max_bytes, source).reason)
        return
    yield UnparsedDocument(doc_id, source, data=data)


def _jsonl_documents(handle, source: str, max_bytes: int) -> Iterator[UnparsedDocument | InputFailure]:
    for number, raw in enumerate(handle, start=1):
        if not raw.strip():
            continue
        where = f"{source}:{number}"
        read = jsonl_record(raw, number, where, max_bytes)
        if isinstance(read, InputFailure):
            yield read
            continue
        record, doc_id = read
        meta = {k: v for k, v in record.items() if k not in ("text", *ID_FIELDS)}
        yield UnparsedDocument(doc_id, where, text=record["text"], meta=meta)


def jsonl_record(raw: bytes, number: int, where: str, max_bytes: int) -> tuple[dict, str] | InputFailure:
    """One JSONL line (the ``number``-th) as a record with a string ``text`` and its id (the record's
    ``id``/``doc_id``, else the line number), or why it cannot be one."""
    if len(raw) > max_bytes:
        return InputFailure(where, TooLargeError.kind, _too_large(len(raw), max_bytes, where).reason)
    try:
        record = clean_strings(json.loads(raw))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        return InputFailure(where, "bad_json", str(exc))
    if not isinstance(record, dict) or not isinstance(record.get("text"), str):
        return InputFailure(where, "missing_field", "a JSONL record needs a string field 'text'")
    return record, next((str(record[k]) for k in ID_FIELDS if record.get(k) not in (None, "")), str(number))


def clean_strings(value):
    """A decoded JSON value with every string free of lone surrogates (ids and metadata are written out)."""
    if isinstance(value, str):
        return without_surrogates(value)
    if isinstance(value, list):
        return [clean_strings(v) for v in value]
    if isinstance(value, dict):
        return {clean_strings(k): clean_strings(v) for k, v in value.items()}
    return value
