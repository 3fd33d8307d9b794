"""``gwr score``: tag every sentence of every input document and write the scoring contract's records,
one document at a time (memory does not grow with the number of documents)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from typing import Protocol, TextIO

from model.text.inputs import MAX_REPORT_BYTES, InputFailure, UnparsedDocument, iter_documents
from model.records import Document
from model.text.sentence_inputs import iter_sentence_batches

from .formats import EncodedRecords
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


_WORKER_PREDICTORS: dict[str, Predictor] = {}
_FORKED_PREDICTOR: list[Predictor] = []


def _records_in_worker(model_dir: str, document: Document | UnparsedDocument, encode: bool = False
                       ) -> list[dict] | EncodedRecords | InputFailure:
    """Worker side of ``--jobs``: a forked worker uses the model its parent loaded; a spawned one loads
    (and verifies) the model once. An unparsed document is split here (its failure comes back instead of
    records); with ``encode`` the records come back as JSONL text."""
    if isinstance(document, UnparsedDocument):
        document = document.parse()
        if isinstance(document, InputFailure):
            return document
    if _FORKED_PREDICTOR:
        predictor = _FORKED_PREDICTOR[0]
    else:
        predictor = _WORKER_PREDICTORS.get(model_dir)
        if predictor is None:
            predictor = _WORKER_PREDICTORS[model_dir] = Predictor.load(model_dir)
    records = document_records(predictor, document)
    return EncodedRecords.of(records) if encode else records


def _nothing() -> None:
    return None


def _can_fork() -> bool:
    import multiprocessing
    import sys

    return sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods()


def _scored(predictor: Predictor, items: Iterable, jobs: int, encode: bool = False):
    """(item, records) in input order; records are None for failures. With ``jobs`` > 1 documents are
    tagged by a pool of worker processes, a few documents ahead of the writer (memory stays bounded), and
    with ``encode`` they return their records as JSONL text (:class:`EncodedRecords`)."""
    if jobs <= 1:
        for item in items:
            yield item, None if isinstance(item, InputFailure) else document_records(predictor, item)
        return
    yield from (_scored_forked if _can_fork() else _scored_spawned)(predictor, items, jobs, encode)


def _scored_forked(predictor: Predictor, items: Iterable, jobs: int, encode: bool):
    """Workers forked after the model and the dictionary are loaded: they share them and start at once."""
    import gc
    import multiprocessing
    from collections import deque

    from model.features.tokenize import get_tokenizer

    get_tokenizer()
    _FORKED_PREDICTOR[:] = [predictor]
    # Objects that exist now are left out of the workers' garbage collection, which would otherwise touch
    # (and so copy) every page holding the model and the dictionary in each worker.
    gc.freeze()
    try:
        with multiprocessing.get_context("fork").Pool(jobs, initializer=_default_signals) as pool:
            window: deque = deque()

            def oldest():
                done, task = window.popleft()
                return done, None if task is None else task.get()

            for item in items:
                task = None if isinstance(item, InputFailure) else pool.apply_async(
                    _records_in_worker, (str(predictor.model_dir), item, encode))
                window.append((item, task))
                if len(window) >= 2 * jobs:
                    yield oldest()
            while window:
                yield oldest()
    finally:
        gc.unfreeze()
        _FORKED_PREDICTOR.clear()


def _default_signals() -> None:
    """A forked worker does not inherit the parent's stop handler: SIGTERM ends it (Pool.terminate)."""
    import signal

    signal.signal(signal.SIGTERM, signal.SIG_DFL)


def _scored_spawned(predictor: Predictor, items: Iterable, jobs: int, encode: bool):
    """joblib's process workers, each loading (and verifying) the model once."""
    from collections import deque

    from joblib import Parallel, delayed

    model_dir = str(predictor.model_dir)
    pending: deque = deque()

    def tasks():
        for item in items:
            pending.append(item)
            if isinstance(item, InputFailure):
                yield delayed(_nothing)()
            else:
                yield delayed(_records_in_worker)(model_dir, item, encode)

    results = Parallel(n_jobs=jobs, return_as="generator", pre_dispatch="2*n_jobs", batch_size=1)(tasks())
    finished = False
    try:
        for records in results:
            yield pending.popleft(), records
        finished = True
    finally:
        if not finished:  # stopped early: no worker keeps scoring documents nobody will write
            results.close()
            _stop_workers()


def _stop_workers() -> None:
    from joblib.externals.loky import get_reusable_executor

    get_reusable_executor().shutdown(wait=True, kill_workers=True)


class ScoringStopped(BaseException):
    """A stop signal came while a document was being tagged (none of it written yet)."""


class StopSignal:
    """While entered, SIGTERM asks for a clean stop instead of killing the process: a document being tagged
    is dropped at once (nothing of it was written; ``--resume`` scores it again), a document being written
    is finished first. ``signum`` tells which signal came."""

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


class Progress:
    """A one-line progress display (documents, sentences, sentences/s), redrawn at most every 0.5 s."""

    def __init__(self, stream: TextIO, clock=None):
        import time

        self.stream = stream
        self.clock = clock or time.monotonic
        self.started = self.shown = self.clock()

    def update(self, summary: ScoreSummary, final: bool = False) -> None:
        now = self.clock()
        if not final and now - self.shown < 0.5:
            return
        self.shown = now
        rate = summary.sentences / max(now - self.started, 1e-9)
        self.stream.write(f"\r{summary.documents} documents, {summary.sentences} sentences, "
                          f"{rate:,.0f} sentences/s, {summary.failed} failed" + ("\n" if final else ""))
        self.stream.flush()


def score_inputs(predictor: Predictor, inputs: Iterable[str], out: RecordWriter, errors: TextIO,
                 skip: set[str] = frozenset(), jobs: int = 1, progress: Progress | None = None,
                 stop=None, max_bytes: int = MAX_REPORT_BYTES, sentences: bool = False) -> ScoreSummary:
    """Score the documents of ``inputs`` into ``out`` (a writer of :mod:`serve.formats`), one document at
    a time, in input order; failed inputs (and documents over ``max_bytes``) go to ``errors``; documents in
    ``skip`` (already scored) are passed over; ``jobs`` worker processes tag documents in parallel.
    ``stop`` (a callable, e.g. :class:`StopSignal`) is asked after each document whether to stop there.
    With ``sentences`` every JSONL record or text line is one sentence (``gwr score --sentences``)."""
    summary = ScoreSummary()

    def to_score():
        # with worker processes, documents are split in the workers (the main process only reads and writes)
        read = iter_sentence_batches(inputs, max_bytes) if sentences else iter_documents(inputs, max_bytes,
                                                                                          parse=jobs <= 1)
        for item in read:
            if not isinstance(item, InputFailure) and item.doc_id in skip:
                summary.skipped += 1
                continue
            yield item

    scored = _scored(predictor, to_score(), jobs, encode=getattr(out, "takes_encoded", False))
    tagging = getattr(stop, "tagging", nullcontext)
    try:
        while True:
            try:
                with tagging():
                    item, records = next(scored)
            except (StopIteration, ScoringStopped):
                break
            if isinstance(records, InputFailure):  # a document that failed when a worker split it
                item = records
            if isinstance(item, InputFailure):
                summary.failed += 1
                clear = "\r\x1b[K" if progress is not None and errors is progress.stream else ""
                errors.write(clear + json.dumps(item.to_dict(), ensure_ascii=False) + "\n")
                errors.flush()
            else:
                out.write(records)
                if isinstance(records, EncodedRecords):
                    summary.documents += len(records.doc_ids)
                    summary.sentences += records.sentences
                else:
                    summary.documents += len({r["doc_id"] for r in records})
                    summary.sentences += len(records)
                if progress is not None:
                    progress.update(summary)
            if stop is not None and stop():
                break
    finally:
        scored.close()
    if progress is not None:
        progress.update(summary, final=True)
    return summary
