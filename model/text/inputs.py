"""Walk the inputs of a command (files, folders, JSONL, stdin) and read each document, reporting failures
without stopping the batch."""

from __future__ import annotations

import json
import os
import stat
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


def iter_report_files(inputs: Iterable[str], exclude: Iterable[str | Path] = ()
                      ) -> Iterator[tuple[Path, str] | InputFailure]:
    """``(path, doc_id)`` for every report file named or found (recursively) in a named folder, in path order.
    Files in ``exclude`` (the command's own outputs) are left out of a folder's walk; an entry of a folder that
    looks like a report but cannot be one (a dangling link, a FIFO or device) and a subfolder that cannot be
    listed come as :class:`InputFailure` with the reason, never silently dropped."""
    excluded = {_identity(p) for p in exclude}
    excluded.discard(None)
    for name in inputs:
        path = Path(name)
        if path.is_dir():
            yield from _walk(path, excluded)
        else:
            yield path, path.name


def _identity(path: str | Path) -> tuple[int, int] | str | None:
    """What makes two paths the same file: device and inode when it exists, else the absolute path."""
    try:
        st = os.stat(path)
        return st.st_dev, st.st_ino
    except OSError:
        return os.path.abspath(path) if str(path) not in ("", "-") else None


def _walk(folder: Path, excluded: set) -> Iterator[tuple[Path, str] | InputFailure]:
    failures: list[InputFailure] = []

    def unlisted(exc: OSError) -> None:
        failures.append(InputFailure(exc.filename or str(folder), "unreadable",
                                     f"cannot list the folder: {exc.strerror or exc}"))

    found: list[tuple[Path, InputFailure | None]] = []
    for top, _dirs, files in os.walk(folder, onerror=unlisted):
        for name in files:
            child = Path(top) / name
            if child.suffix.lower() not in REPORT_SUFFIXES + (".jsonl",):
                continue
            if _identity(child) in excluded or os.path.abspath(child) in excluded:
                continue
            found.append((child, _not_a_report_file(child)))
    found.extend((Path(f.input), f) for f in failures)
    for child, failure in sorted(found, key=lambda item: item[0]):
        yield failure if failure is not None else (child, child.relative_to(folder).as_posix())


def _not_a_report_file(path: Path) -> InputFailure | None:
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        if os.path.islink(path):
            return InputFailure(str(path), "unreadable",
                                f"a dangling link (its target {os.readlink(path)} does not exist)")
        return InputFailure(str(path), "unreadable", "the file went away while the folder was read")
    except OSError as exc:
        return InputFailure(str(path), "unreadable", f"cannot read: {exc.strerror or exc}")
    if not stat.S_ISREG(mode):
        kind = "a FIFO" if stat.S_ISFIFO(mode) else "a socket" if stat.S_ISSOCK(mode) else \
            "a folder" if stat.S_ISDIR(mode) else "a device"
        return InputFailure(str(path), "unreadable", f"not a regular file ({kind})")
    return None


def iter_documents(inputs: Iterable[str], max_bytes: int = MAX_REPORT_BYTES, parse: bool = True,
                   exclude: Iterable[str | Path] = ()) -> Iterator[Document | InputFailure | UnparsedDocument]:
    """Every document of the inputs, in order; unreadable ones, and any one document (file or JSONL line)
    over ``max_bytes``, as :class:`InputFailure`. Without ``parse`` documents come as
    :class:`UnparsedDocument` (whose ``parse`` gives the Document or the failure). Files in ``exclude`` are
    left out of a folder's walk (:func:`iter_report_files`)."""
    for item in _unparsed_documents(inputs, max_bytes, exclude):
        yield item.parse() if parse and isinstance(item, UnparsedDocument) else item


def _unparsed_documents(inputs: Iterable[str], max_bytes: int, exclude: Iterable[str | Path] = ()
                        ) -> Iterator[UnparsedDocument | InputFailure]:
    for found in iter_report_files(inputs, exclude):
        if isinstance(found, InputFailure):
            yield found
            continue
        path, doc_id = found
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
