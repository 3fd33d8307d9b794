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
    results = predictor.predict_sentences([s.text for s in sentences], [s.section for s in sentences])
    records = [{"doc_id": s.doc_id, "sent_id": s.sent_id, **r.to_dict()} for s, r in zip(sentences, results)]
    return ScoredDocument(records, document, results)


def scored_documents(predictor: Predictor, inputs: Iterable[str], *, jobs: int = 1, sentences: bool = False,
                     max_bytes: int = MAX_REPORT_BYTES, skip: frozenset[str] | set[str] = frozenset(),
                     encode: bool = False, select: Callable[[Document], bool] | None = None,
                     summary: ScoreSummary | None = None,
                     progress: Progress | None = None) -> Iterator[ScoredDocument | InputFailure]:
    """Every document of ``inputs`` tagged, in input order, or the :class:`InputFailure` that stopped it.

    ``jobs`` > 1 tags documents in worker processes (which also split them, and with ``encode`` return their
    records as JSONL text); documents in ``skip`` are passed over, and so are those ``select`` (given a
    document read in this process) turns down; with ``sentences`` every JSONL record or text line is one
    sentence (``gwr score --sentences``). ``summary`` and ``progress`` are kept up to date (the caller draws
the progress line's last state).
    """
    if select is not None and jobs > 1:
        raise ValueError("select needs the documents read in this process (jobs=1)")
    summary = summary if summary is not None else ScoreSummary()

    def to_score():
        # with worker processes, documents are split in the workers (this process only reads and writes)
        read = (iter_sentence_batches(inputs, max_bytes) if sentences
                else iter_documents(inputs, max_bytes, parse=jobs <= 1))
        for item in read:
            if not isinstance(item, InputFailure) and item.doc_id in skip:
                summary.skipped += 1
                continue
            if select is not None and not isinstance(item, InputFailure) and not select(item):
                continue
            yield item

    scored = _scored(predictor, to_score(), jobs, encode)
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


def _nothing() -> None:
    return None


def _can_fork() -> bool:
    import multiprocessing
    import sys

    return sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods()


def _scored(predictor: Predictor, items: Iterable, jobs: int, encode: bool
            ) -> Iterator[ScoredDocument | InputFailure]:
    """Each item tagged, in input order. With ``jobs`` > 1 documents are tagged by a pool of worker processes,
    a few documents ahead of the reader (memory stays bounded)."""
    if jobs <= 1:
        for item in items:
            yield item if isinstance(item, InputFailure) else score_document(predictor, item)
        return
    pooled = (_scored_forked if _can_fork() else _scored_spawned)(predictor, items, jobs, encode)
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
                    _scored_in_worker, (str(predictor.model_dir), item, encode))
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
                yield delayed(_scored_in_worker)(model_dir, item, encode)

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
