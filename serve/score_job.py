"""``gwr score`` as a job: check the output, load the model, read what ``--resume`` keeps, open the writers,
then write every scored document (:func:`~serve.scoring.scored_documents`) until the inputs end or a stop
signal comes. The command line only parses arguments and turns the outcome into messages and an exit status."""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Iterable, Sequence
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from typing import Protocol, TextIO

from model.text.inputs import MAX_REPORT_BYTES, InputFailure

from .formats import GuardedStream, OutputError, completed_documents, format_of, open_writer, output_problem
from .predictor import Predictor
from .scoring import Progress, ScoreSummary, scored_documents


class SetupError(ValueError):
    """The job cannot start (an output that cannot take these options): one line, nothing was written."""


class RecordWriter(Protocol):
    def write(self, records: list[dict]) -> None: ...


class ScoringStopped(BaseException):
    """A stop signal came while a document was being tagged (none of it written yet)."""


class StopSignal:
    """While entered, SIGTERM asks for a clean stop instead of killing the process: a document being tagged
    is dropped at once (nothing of it was written; ``--resume`` scores it again), a document being written
    is finished first. The handler raises only inside :meth:`tagging` (tagging in this process); with worker
    processes it just sets ``signum``, which the pool asks as it waits. ``signum`` tells which signal came."""

    def __init__(self, signals: tuple[int, ...] | None = None):
        import signal

        self.signals = (signal.SIGTERM,) if signals is None else signals
        self.signum: int | None = None
        self._previous: dict[int, object] = {}
        self._tagging = False

    def __call__(self) -> bool:
        return self.signum is not None

    def _handle(self, signum, frame) -> None:
        self.signum = signum
        if self._tagging:
            self._tagging = False
            raise ScoringStopped(signum)

    @contextmanager
    def tagging(self):
        """The span in which a signal may interrupt at once: waiting for the next tagged document."""
        if self.signum is not None:
            raise ScoringStopped(self.signum)
        self._tagging = True
        try:
            yield
        finally:
            self._tagging = False

    def __enter__(self) -> StopSignal:
        import signal
        import threading

        if threading.current_thread() is threading.main_thread():
            self._previous = {s: signal.signal(s, self._handle) for s in self.signals}
        return self

    def __exit__(self, *exc) -> None:
        import signal

        for s, handler in self._previous.items():
            signal.signal(s, handler)
        self._previous = {}


def score_inputs(predictor: Predictor, inputs: Iterable[str], out: RecordWriter, errors: TextIO,
                 skip: set[str] = frozenset(), jobs: int = 1, progress: Progress | None = None,
                 stop=None, max_bytes: int = MAX_REPORT_BYTES, sentences: bool = False,
                 exclude: Iterable[str] = ()) -> ScoreSummary:
    """Score the documents of ``inputs`` into ``out`` (a writer of :mod:`serve.formats`), one document at
    a time, in input order; failed inputs (and documents over ``max_bytes``) go to ``errors``; documents in
    ``skip`` (already scored) are passed over; ``jobs`` worker processes tag documents in parallel.
    ``stop`` (a callable, e.g. :class:`StopSignal`) is asked after each document whether to stop there.
    Files in ``exclude`` are left out of the walk of an input folder (the command's own outputs)."""
    summary = ScoreSummary()
    scored = scored_documents(predictor, inputs, jobs=jobs, sentences=sentences, max_bytes=max_bytes, skip=skip,
                              encode=getattr(out, "takes_encoded", False), summary=summary, progress=progress,
                              stop=stop, exclude=exclude)
    # In this process a signal interrupts the tagging at once; with workers, the pool asks ``stop`` as it
    # waits (an exception raised inside the pool's locks could leave them held and hang the stop).
    tagging = getattr(stop, "tagging", nullcontext) if jobs <= 1 else nullcontext
    try:
        while True:
            try:
                with tagging():
                    item = next(scored)
            except (StopIteration, ScoringStopped):
                break
            if isinstance(item, InputFailure):
                clear = "\r\x1b[K" if progress is not None and errors is progress.stream else ""
                errors.write(clear + json.dumps(item.to_dict(), ensure_ascii=False) + "\n")
                errors.flush()
            else:
                out.write(item.records)
            if stop is not None and stop():
                break
    finally:
        scored.close()
    if progress is not None:
        progress.update(summary, final=True)
    return summary


@dataclass
class ScoreOutcome:
    """What a finished (or stopped) ``gwr score`` did."""

    summary: ScoreSummary
    seconds: float
    model_uri: str
    signum: int | None = None


def run_score(inputs: Sequence[str], output: str, *, model: str | None = None, fmt: str | None = None,
              resume: bool = False, errors: str | None = None, jobs: int = 1, sentences: bool = False,
              max_bytes: int = MAX_REPORT_BYTES, stderr: TextIO | None = None) -> ScoreOutcome:
    """The whole ``gwr score``. Raises :class:`SetupError`, :class:`~model.runtime.artifacts.ArtifactError`
    or :class:`~serve.formats.OutputError` when it cannot start or cannot write; failed inputs are reported on
    ``errors`` (default ``stderr``) and counted in the outcome."""
    started = time.perf_counter()
    stderr = stderr if stderr is not None else sys.stderr
    fmt = fmt or format_of(output)
    problem = output_problem(output, fmt, resume) or _output_among_inputs(inputs, [output, errors])
    if problem:
        raise SetupError(problem)
    predictor = Predictor.load(model)
    try:
        skip = completed_documents(output) if resume else set()
        writer = open_writer(output, fmt, append=resume)
    except OSError as exc:
        raise OutputError(output, exc) from None
    try:
        error_stream = stderr if errors is None else GuardedStream(errors, open(errors, "w", encoding="utf-8"))
    except OSError as exc:
        writer.close()
        raise OutputError(errors, exc) from None
    progress = Progress(stderr) if stderr.isatty() else None
    stop = StopSignal()
    try:
        with stop:
            summary = score_inputs(predictor, inputs, writer, error_stream, skip=skip, jobs=jobs, progress=progress,
                                   stop=stop, max_bytes=max_bytes, sentences=sentences,
                                   exclude=[p for p in (output, errors) if p])
            writer.close()
    finally:
        if error_stream is not stderr:
            try:
                error_stream.close()
            except OutputError:  # already reported when its write failed
                pass
    return ScoreOutcome(summary, time.perf_counter() - started, predictor.uri, stop.signum)


def _output_among_inputs(inputs: Sequence[str], outputs: Sequence[str | None]) -> str | None:
    """Why the run cannot start when an output file is also named as an input (a folder that holds it is fine:
    the walk leaves it out)."""
    import os

    for name in inputs:
        for out in outputs:
            if not out or name == "-" or not os.path.exists(name) or not os.path.exists(out):
                continue
            if os.path.isfile(name) and os.path.samefile(name, out):
                return f"{name} is both an input and an output of this run"
    return None
