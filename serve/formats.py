"""Writers for ``gwr score`` output: JSONL (the contract's records), and CSV / Parquet with the same fields
flattened. Each writer takes one document's records at a time, so memory stays flat."""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from model.records import THEMES

FORMATS = ("jsonl", "csv", "parquet")
FLAT_COLUMNS = ["doc_id", "sent_id", "section", "section_prob", "text", *(f"theme_{t}" for t in THEMES), "labels",
                "quant_target", "quant_target_prob", "indicators"]


def flatten(record: dict) -> dict:
    """One contract record as flat columns: a probability column per theme, labels joined by ';', the
    indicators as a JSON list."""
    return {
        "doc_id": record["doc_id"], "sent_id": record["sent_id"], "section": record["section"],
        "section_prob": record.get("section_prob"), "text": record["text"], **{f"theme_{t}": record["themes"][t] for t in THEMES},
        "labels": ";".join(record["labels"]), "quant_target": record["quant_target"],
        "quant_target_prob": record["quant_target_prob"],
        "indicators": json.dumps(record["indicators"], ensure_ascii=False),
    }


def jsonl(records: list[dict]) -> str:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)


@dataclass(frozen=True)
class EncodedRecords:
    """One document's records already written out as JSONL (by a ``--jobs`` worker, so the process that
    writes the output only copies text), with what the run's summary counts."""

    text: str
    sentences: int
    doc_ids: tuple[str, ...]

    @classmethod
    def of(cls, records: list[dict]) -> EncodedRecords:
        return cls(jsonl(records), len(records), tuple(dict.fromkeys(r["doc_id"] for r in records)))


def _jsonl_text(records: list[dict] | EncodedRecords) -> str:
    return records.text if isinstance(records, EncodedRecords) else jsonl(records)


class JsonlWriter:
    """JSONL to a text stream (standard output)."""

    takes_encoded = True

    def __init__(self, handle: TextIO):
        self.handle = handle

    def write(self, records: list[dict] | EncodedRecords) -> None:
        self.handle.write(_jsonl_text(records))
        self.handle.flush()

    def close(self) -> None:
        pass


class AtomicJsonlFile:
    """JSONL to a file, each document's records in one ``write`` call on the file descriptor, so a stopped
    run leaves whole documents behind; after a kill ``--resume`` scores the last document again
    (:func:`completed_documents`)."""

    takes_encoded = True

    def __init__(self, path: str | Path, append: bool = False):
        import os

        flags = os.O_WRONLY | os.O_CREAT | (os.O_APPEND if append else os.O_TRUNC)
        self.fd = os.open(str(path), flags, 0o644)

    def write(self, records: list[dict] | EncodedRecords) -> None:
        import os

        data = memoryview(_jsonl_text(records).encode("utf-8"))
        while data:
            data = data[os.write(self.fd, data):]

    def close(self) -> None:
        import os

        os.close(self.fd)


def completed_documents(path: str | Path) -> set[str]:
    """Documents already whole in a JSONL output, for ``--resume``. The output is cut back to the start of its
    last document: a run killed while writing (SIGKILL, a power cut) can leave that one's records part-written,
    even as whole lines, so it is scored again; an unfinished last line goes with it."""
    path = Path(path)
    if not path.exists():
        return set()
    done: set[str] = set()
    keep = last_start = 0
    last: str | None = None
    with path.open("rb") as handle:
        for line in handle:
            if not line.endswith(b"\n"):
                break
            try:
                doc_id = json.loads(line)["doc_id"]
            except (ValueError, KeyError, TypeError):
                break
            if doc_id != last:
                if last is not None:
                    done.add(last)
                last, last_start = doc_id, keep
            keep += len(line)
    if last_start != path.stat().st_size:
        with path.open("r+b") as handle:
            handle.truncate(last_start)
    return done


class CsvWriter:
    """CSV to a file (closed with the writer) or a text stream."""

    def __init__(self, handle: TextIO, owned: bool = False):
        self.handle = handle
        self.owned = owned
        self.writer = csv.DictWriter(handle, fieldnames=FLAT_COLUMNS)
        self.writer.writeheader()

    def write(self, records: list[dict]) -> None:
        self.writer.writerows(flatten(r) for r in records)
        self.handle.flush()

    def close(self) -> None:
        if self.owned:
            self.handle.close()


class ParquetWriter:
    """One row group per document."""

    def __init__(self, path: str | Path):
        import pyarrow as pa
        import pyarrow.parquet as pq

        self.schema = pa.schema([
            ("doc_id", pa.string()), ("sent_id", pa.int64()), ("section", pa.string()),
            ("section_prob", pa.float64()), ("text", pa.string()),
            *((f"theme_{t}", pa.float64()) for t in THEMES), ("labels", pa.string()),
            ("quant_target", pa.bool_()), ("quant_target_prob", pa.float64()), ("indicators", pa.string()),
        ])
        self.writer = pq.ParquetWriter(str(path), self.schema)

    def write(self, records: list[dict]) -> None:
        import pyarrow as pa

        if records:
            self.writer.write_table(pa.Table.from_pylist([flatten(r) for r in records], schema=self.schema))

    def close(self) -> None:
        self.writer.close()


def format_of(output: str) -> str:
    """The output format named by the file's suffix (JSONL by default)."""
    suffix = output.rsplit(".", 1)[-1].lower() if "." in output else ""
    return {"csv": "csv", "parquet": "parquet", "pq": "parquet"}.get(suffix, "jsonl")


def output_problem(output: str, fmt: str, resume: bool) -> str | None:
    """Why ``output`` cannot be written in ``fmt`` (with ``--resume``), or None."""
    if fmt == "parquet" and output == "-":
        return "Parquet needs an output file (-o)"
    if resume and (fmt != "jsonl" or output == "-"):
        return "--resume needs a JSONL output file (-o OUT.jsonl)"
    if resume and Path(output).exists() and not Path(output).is_file():
        return f"--resume needs a regular file, and {output} is not one"
    return None


class OutputError(Exception):
    """The output cannot be written (no space left, no permission, …): one line naming it and the reason."""

    def __init__(self, output: str, exc: OSError):
        import errno

        import os

        code = errno.errorcode.get(exc.errno, "") if exc.errno else ""
        reason = os.strerror(exc.errno) if code else (exc.strerror or str(exc))
        super().__init__(f"cannot write {output}: {reason}" + (f" ({code})" if code else ""))
        self.errno = exc.errno


class GuardedWriter:
    """Any writer of this module, with its operating-system errors raised as :class:`OutputError`."""

    def __init__(self, output: str, open_inner):
        self.output = output
        self.inner = self._guard(open_inner)
        self.takes_encoded = getattr(self.inner, "takes_encoded", False)

    def _guard(self, call, *args):
        try:
            return call(*args)
        except OSError as exc:
            raise OutputError(self.output, exc) from None

    def write(self, records: list[dict]) -> None:
        self._guard(self.inner.write, records)

    def close(self) -> None:
        self._guard(self.inner.close)


class GuardedStream:
    """A text stream (the ``--errors`` file) whose operating-system errors are raised as :class:`OutputError`."""

    def __init__(self, name: str, stream: TextIO):
        self.name = name
        self.stream = stream

    def _guard(self, call, *args):
        try:
            return call(*args)
        except OSError as exc:
            raise OutputError(self.name, exc) from None

    def write(self, text: str) -> None:
        self._guard(self.stream.write, text)

    def flush(self) -> None:
        self._guard(self.stream.flush)

    def close(self) -> None:
        self._guard(self.stream.close)


def open_writer(output: str, fmt: str, append: bool = False) -> GuardedWriter:
    """The writer for ``output`` ("-": standard output) in ``fmt``, which :func:`output_problem` accepts;
    ``append`` keeps a JSONL file's records (for ``--resume``). Failures to write raise :class:`OutputError`."""
    name = "standard output" if output == "-" else output
    return GuardedWriter(name, lambda: _open_writer(output, fmt, append))


def _open_writer(output: str, fmt: str, append: bool):
    import sys

    if output == "-":
        return CsvWriter(sys.stdout) if fmt == "csv" else JsonlWriter(sys.stdout)
    if fmt == "parquet":
        return ParquetWriter(output)
    if fmt == "csv":
        return CsvWriter(open(output, "w", encoding="utf-8", newline=""), owned=True)
    return AtomicJsonlFile(output, append=append)
