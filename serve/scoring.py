"""Scoring documents: :func:`scored_documents`, the one iterator of scored documents that ``gwr score``,
``gwr report``, the theme trends and ``gwr label suggest`` read. Documents come one at a time in input order
(memory does not grow with their number), tagged in this process or by worker processes (``--jobs``)."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import TextIO

from model.records import Document, SentenceResult
from model.text.inputs import MAX_REPORT_BYTES, InputFailure, UnparsedDocument, iter_documents
from model.text.sentence_inputs import iter_sentence_batches

from .formats import EncodedRecords
from .predictor import Predictor


@dataclass
class ScoreSummary:
    documents: int = 0
    sentences: int = 0
    failed: int = 0
    skipped: int = 0


@dataclass
class ScoredDocument:
    """One input document, tagged: the contract's records (or their JSONL text, from a worker), and, when it
    was read in this process, the document and its results."""

    records: list[dict] | EncodedRecords
    document: Document | None = None
    results: list[SentenceResult] | None = None

    @property
    def sentences(self) -> int:
        return self.records.sentences if isinstance(self.records, EncodedRecords) else len(self.records)

    @property
    def doc_ids(self) -> set[str]:
        """The documents the records belong to (several for a batch of ``--sentences`` records)."""
        if isinstance(self.records, EncodedRecords):
            return set(self.records.doc_ids)
        return {r["doc_id"] for r in self.records}

    def context_records(self) -> Iterator[dict]:
        """The records with each sentence's heading, heading flag and the document's metadata (what
        ``gwr split`` writes beside the text)."""
        if self.document is None or isinstance(self.records, EncodedRecords):
            raise ValueError("context records need a document read in this process")
        for sentence, record in zip(self.document.sentences, self.records):
            yield {**record, "heading": sentence.heading, "is_heading": sentence.is_heading,
                   "meta": self.document.meta}


def score_document(predictor: Predictor, document: Document) -> ScoredDocument:
    """Tag one document's sentences: its results and the contract's records, in order."""
    sentences = document.sentences
    results = predictor.predict_document(document)
    records = [{"doc_id": s.doc_id, "sent_id": s.sent_id, **r.to_dict()} for s, r in zip(sentences, results)]
    return ScoredDocument(records, document, results)


def scored_documents(predictor: Predictor, inputs: Iterable[str], *, jobs: int = 1, sentences: bool = False,
                     max_bytes: int = MAX_REPORT_BYTES, skip: frozenset[str] | set[str] = frozenset(),
                     encode: bool = False, select: Callable[[Document], bool] | None = None,
                     summary: ScoreSummary | None = None, progress: Progress | None = None,
                     stop: Callable[[], bool] | None = None, exclude: Iterable[str] = ()
                     ) -> Iterator[ScoredDocument | InputFailure]:
    """Every document of ``inputs`` tagged, in input order, or the :class:`InputFailure` that stopped it.

    ``jobs`` > 1 tags documents in worker processes (which also split them, and with ``encode`` return their
    records as JSONL text); documents in ``skip`` are passed over, and so are those ``select`` (given a
    document read in this process) turns down; with ``sentences`` every JSONL record or text line is one
    sentence (``gwr score --sentences``). ``summary`` and ``progress`` are kept up to date (the caller draws
    the progress line's last state). ``stop`` (a callable) is asked while waiting for worker processes: when
    it says so, the iteration ends before the next document (the documents still being tagged are dropped).
    Files in ``exclude`` (the command's own outputs) are never read as inputs from a folder.
    """
    if select is not None and jobs > 1:
        raise ValueError("select needs the documents read in this process (jobs=1)")
    summary = summary if summary is not None else ScoreSummary()

    def skipped() -> None:
        summary.skipped += 1

    def to_score():
        # with worker processes, documents are split in the workers (this process only reads and writes);
        # sentence records are skipped one by one (a killed run may have written part of a batch)
        read = (iter_sentence_batches(inputs, max_bytes, exclude=exclude, skip=skip, on_skip=skipped) if sentences
                else iter_documents(inputs, max_bytes, parse=jobs <= 1, exclude=exclude))
        for item in read:
            if not isinstance(item, InputFailure) and item.doc_id in skip:
                summary.skipped += 1
                continue
            if select is not None and not isinstance(item, InputFailure) and not select(item):
                continue
            yield item

    scored = _scored(predictor, to_score(), jobs, encode, stop or _never)
    try:
        for item in scored:
            if isinstance(item, InputFailure):
                summary.failed += 1
            else:
                summary.documents += len(item.doc_ids)
                summary.sentences += item.sentences
            if progress is not None:
                progress.update(summary)
            yield item
    finally:
        scored.close()


def dated_documents(predictor: Predictor, inputs: Iterable[str], year_of: Callable[[Document], int], *,
                    keep: Callable[[int], bool] | None = None, summary: ScoreSummary | None = None,
                    progress: Progress | None = None, max_bytes: int = MAX_REPORT_BYTES, exclude: Iterable[str] = ()
                    ) -> Iterator[ScoredDocument | InputFailure]:
    """The documents of :func:`scored_documents` that have a year (the theme trends, ``gwr panel``): a document
    for which ``year_of`` raises ``ValueError`` is not scored but comes as a ``missing_year``
    :class:`InputFailure` naming its input and the reason; with ``keep``, only documents of the years it
    accepts are scored."""
    summary = summary if summary is not None else ScoreSummary()
    for name in inputs:
        undated: list[InputFailure] = []

        def select(document: Document, name: str = name) -> bool:
            try:
                year = year_of(document)
            except ValueError as exc:
                undated.append(InputFailure(f"{name}: {document.doc_id}", "missing_year", str(exc)))
                summary.failed += 1
                return False
            return keep is None or keep(year)

        for item in scored_documents(predictor, [name], max_bytes=max_bytes, select=select, summary=summary,
                                     progress=progress, exclude=exclude):
            yield from undated
            undated.clear()
            yield item
        yield from undated


def context_records(predictor: Predictor, inputs: Iterable[str], failures: list[str],
                    progress_stream: TextIO | None = None) -> Iterator[dict]:
    """The scored records of every sentence of the inputs with its heading, heading flag and the document's
    metadata (what ``gwr label suggest`` chooses from); failed inputs are added to ``failures`` as JSON lines.
    A progress line is drawn on ``progress_stream`` when it is a terminal."""
    progress = Progress(progress_stream) if progress_stream is not None and progress_stream.isatty() else None
    summary = ScoreSummary()
    for item in scored_documents(predictor, inputs, summary=summary, progress=progress):
        if isinstance(item, InputFailure):
            failures.append(json.dumps(item.to_dict(), ensure_ascii=False))
        else:
            yield from item.context_records()
    if progress is not None:
        progress.update(summary, final=True)


_WORKER_PREDICTORS: dict[str, Predictor] = {}
_FORKED_PREDICTOR: list[Predictor] = []


def _scored_in_worker(model_dir: str, document: Document | UnparsedDocument, encode: bool = False
                      ) -> list[dict] | EncodedRecords | InputFailure:
    """Worker side of ``--jobs``: a forked worker uses the model its parent loaded; a spawned one loads (and
    verifies) the model once. An unparsed document is split here (its failure comes back instead of
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
    records = score_document(predictor, document).records
    return EncodedRecords.of(records) if encode else records


def _can_fork() -> bool:
    import multiprocessing
    import sys

    return sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods()


def _never() -> bool:
    return False


def _scored(predictor: Predictor, items: Iterable, jobs: int, encode: bool, stop: Callable[[], bool] = _never
            ) -> Iterator[ScoredDocument | InputFailure]:
    """Each item tagged, in input order. With ``jobs`` > 1 documents are tagged by a pool of worker processes,
    a few documents ahead of the reader (memory stays bounded)."""
    if jobs <= 1:
        for item in items:
            yield item if isinstance(item, InputFailure) else score_document(predictor, item)
        return
    pooled = _scored_pooled(predictor, items, jobs, encode, stop, "fork" if _can_fork() else "spawn")
    try:
        for item, records in pooled:
            if isinstance(item, InputFailure):
                yield item
            elif isinstance(records, InputFailure):  # a document that failed when a worker split it
                yield records
            else:
                yield ScoredDocument(records, item if isinstance(item, Document) else None)
    finally:
        pooled.close()


def _scored_pooled(predictor: Predictor, items: Iterable, jobs: int, encode: bool, stop: Callable[[], bool],
                   method: str):
    """Documents tagged by a pool of ``jobs`` worker processes, a few ahead of the reader, in input order.
    Forked workers share the model and the dictionary this process loaded and start at once; spawned ones
    (where there is no fork) load and verify the model once each. While it waits for a worker, this process
    asks ``stop`` every 50 ms and ends the iteration when it says so (documents still being tagged are
    dropped and the workers ended): a stop never interrupts the pool's own locks and threads."""
    import gc
    import multiprocessing
    from collections import deque

    if method == "fork":
        from model.features.tokenize import get_tokenizer

        get_tokenizer()
        _FORKED_PREDICTOR[:] = [predictor]
        # Objects that exist now are left out of the workers' garbage collection, which would otherwise touch
        # (and so copy) every page holding the model and the dictionary in each worker.
        gc.freeze()
    try:
        with multiprocessing.get_context(method).Pool(jobs, initializer=_default_signals) as pool:
            window: deque = deque()

            def wait(task) -> bool:
                """Whether ``task`` (None for an input that failed to read) is done before a stop comes."""
                while not stop():
                    if task is None or task.ready():
                        return True
                    task.wait(0.05)
                return False

            def oldest(keep: int):
                """The oldest documents until ``keep`` are left; False when a stop came while waiting."""
                while len(window) > keep:
                    done, task = window.popleft()
                    if not wait(task):
                        return False
                    yield done, None if task is None else task.get()
                return True

            for item in items:
                if stop():
                    return
                task = None if isinstance(item, InputFailure) else pool.apply_async(
                    _scored_in_worker, (str(predictor.model_dir), item, encode))
                window.append((item, task))
                if not (yield from oldest(4 * jobs - 1)):
                    return
            yield from oldest(0)
    finally:
        if method == "fork":
            gc.unfreeze()
            _FORKED_PREDICTOR.clear()


def _default_signals() -> None:
    """A forked worker does not inherit the parent's stop handler: SIGTERM ends it (Pool.terminate)."""
    import signal

    signal.signal(signal.SIGTERM, signal.SIG_DFL)


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
