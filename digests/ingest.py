"""Ingest: read documents (:mod:`digests.reading`), extract from the new and changed ones
(:mod:`digests.pipeline`) and store them (:class:`~digests.store.Store`), hidden from readers,
then re-resolve people and questions across the whole store in the transaction that shows them.
Safe to interrupt at any point: the next ingest completes what is missing.

Public API: :class:`IngestReport`, :func:`ingest_paths`, :func:`ingest_documents` (documents
read elsewhere -- articles fetched by :mod:`digests.sources` -- saved through the same path),
:func:`resolve_store`, :func:`curated_people_hash`; the reading API (:class:`IngestError`, :func:`discover`,
:func:`read_document`, ...) is re-exported from :mod:`digests.reading` for convenience.
"""
from __future__ import annotations

import hashlib
import logging
import multiprocessing
import os
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from . import pipeline, resolution
from .extract import EXTRACTOR_VERSION
from .models import DocExtraction, Document
from . import nlp as _nlp
from .reading import (
    IngestError,
    discover,
    document_id,
    drop_teasers,
    fingerprint,
    load_curated_people,
    normalise_text,
    parse_raw,
    read_document,
    read_raw,
    sidecar_path,
)
from .settings import Settings
from .store import Store

__all__ = [
    "CURATED_HASH_KEY",
    "EXTRACT_BATCH",
    "Extractor",
    "IngestError",
    "IngestReport",
    "Progress",
    "ProgressBar",
    "curated_people_hash",
    "discover",
    "document_id",
    "drop_teasers",
    "fingerprint",
    "ingest_documents",
    "ingest_paths",
    "load_curated_people",
    "normalise_text",
    "parse_raw",
    "read_document",
    "read_raw",
    "resolve_store",
    "sidecar_path",
]

log = logging.getLogger(__name__)


# ----------------------------------------------------------------------------------------------
# Orchestration: files -> store


@dataclass(slots=True)
class IngestReport:
    """What one ingest run did. ``errors`` holds one :class:`IngestError` per failed file."""

    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    errors: list[IngestError] = field(default_factory=list)
    #: The curated people file changed since the stored extractions were made ...
    curated_changed: bool = False
    #: ... so these stored documents (not otherwise re-read this run) were re-extracted.
    reextracted: list[str] = field(default_factory=list)
    #: One line per remark on a file that was read, e.g. "PATH: decoded as windows-1252
    #: (guessed, confidence 0.95)".
    notes: list[str] = field(default_factory=list)
    #: Documents an interrupted ingest had saved but not resolved, completed by this one.
    completed: list[str] = field(default_factory=list)
    #: How people and questions were resolved: "full", "incremental", or "" (not needed).
    resolution: str = ""

    @property
    def failed(self) -> int:
        return len(self.errors)

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated or self.curated_changed)

    def summary(self) -> str:
        text = (f"{len(self.added)} added, {len(self.updated)} updated, "
                f"{len(self.unchanged)} unchanged, {self.failed} failed")
        if self.curated_changed:
            text += (f"; curated people or the extractor changed: re-extracted "
                     f"{len(self.reextracted)} documents")
        if self.completed:
            text += (f"; completed {len(self.completed)} documents an interrupted ingest had "
                     "left without people and questions")
        return text


class ProgressBar(Protocol):
    """What :func:`ingest_paths` needs from a progress bar (``tqdm`` fits)."""

    def update(self, n: int = 1) -> Any: ...

    def close(self) -> Any: ...


#: ``progress(total_files) -> ProgressBar``, e.g. ``lambda n: tqdm(total=n, unit="file")``.
Progress = Callable[[int], ProgressBar]

#: Documents parsed per spaCy batch; each batch is saved before the next is parsed.
EXTRACT_BATCH = 16


def ingest_paths(
    paths: Sequence[Path | str],
    *,
    store: Store,
    settings: Settings,
    progress: Progress | None = None,
    nlp: Any = None,
    on_wait: Callable[[str], None] | None = None,
    workers: int | None = None,
    full_resolve: bool = False,
) -> IngestReport:
    """Ingest documents into ``store``.

    One ingest at a time per store, across processes (the store's ``"ingest"`` lock): when
    another one is running, ``on_wait(message)`` is told (default: a log line) and this one
    waits for it, then reads the store as that one left it (its documents count as unchanged).

    Unchanged files (same raw hash and path as stored) are skipped before any decoding, and
    spaCy is loaded only when something is new or changed. New and changed documents are
    extracted in batches and saved one transaction each; a file that fails to read or extract
    is reported and the others still land. Every stored document records the hash of the
    curated people (``settings.curated_people``, which the extractors read) its extraction
    used, in the transaction that saves it: the stored documents made with other curated
    people and not re-read this run are re-extracted (``report.reextracted``). Finally, when
    anything changed or a document is still unresolved, people and questions are resolved in
    one transaction, which is also the one that lets readers see the documents saved before
    it: incrementally, against the part of the store the new documents reach, when few are
    new; across all stored documents when many are, or with ``full_resolve``
    (:mod:`digests.resolution`; ``report.resolution`` says which).

    Large ingests use the machine's cores (:func:`worker_count`; ``workers`` overrides it):
    forked worker processes parse and extract whole batches, this process saves them.

    Interrupted at any point (Ctrl-C, a kill, a power cut), the store stays consistent --
    readers see each document with all its people and questions or not at all -- and the next
    ingest completes what is missing: documents saved but not yet resolved are resolved
    (``report.completed``), and re-extraction resumes where it stopped.
    """
    say = on_wait or log.warning
    with store.lock(INGEST_LOCK).hold(on_wait=lambda: say(WAITING_FOR_INGEST)):
        return _ingest_locked(paths, store=store, settings=settings, progress=progress, nlp=nlp,
                              workers=workers, full_resolve=full_resolve)


#: The store lock an ingest holds, and what a second ingest says while it waits for it.
INGEST_LOCK = "ingest"
WAITING_FOR_INGEST = ("another ingest is running on this store; waiting for it to finish "
                      "(its documents will count as unchanged)")


def _ingest_locked(
    paths: Sequence[Path | str],
    *,
    store: Store,
    settings: Settings,
    progress: Progress | None,
    nlp: Any,
    workers: int | None,
    full_resolve: bool = False,
) -> IngestReport:
    report = IngestReport()
    files, report.errors = discover(paths)
    bar = progress(len(files)) if progress else None
    models: list[Any] = [nlp]
    try:
        stored = _StoredHashes(store)
        curated = load_curated_people(settings)
        curated_hash = curated_people_hash(curated)
        # made with other curated people (None: stored before the hash was kept per document)
        outdated = store.extracted_without(curated_hash)
        pending: list[Document] = []
        for path in files:
            doc = _read_if_changed(path, stored, settings, report)
            if doc is None:
                _advance(bar, 1)
            else:
                pending.append(doc)
        if pending:
            _extract_and_save(pending, stored, store=store, settings=settings, models=models,
                              curated=curated, curated_hash=curated_hash, report=report, bar=bar,
                              workers=workers)
    finally:
        if bar is not None:
            bar.close()
    outdated -= set(report.added) | set(report.updated)
    if outdated:
        report.curated_changed = True
        _reextract_stored(sorted(outdated), store=store, settings=settings, models=models,
                          curated=curated, curated_hash=curated_hash, report=report)
    _resolve_if_needed(store, settings=settings, curated=curated, report=report,
                       full=full_resolve)
    return report


def _resolve_if_needed(store: Store, *, settings: Settings, curated: Any,
                       report: IngestReport, full: bool = False) -> None:
    """Resolve when this run changed something or documents wait unresolved (an interrupted
    ingest's, which ``report.completed`` lists)."""
    waiting = store.unresolved()
    if report.changed or waiting or full:
        report.completed = sorted(set(waiting) - set(report.added) - set(report.updated)
                                  - set(report.reextracted))
        report.resolution = resolve_store(store, settings=settings, curated=curated, full=full)


#: The :meth:`Store.get_meta` key of the store-wide curated people hash of schema version 4
#: (read by the migration to version 6; the hash is kept per document since).
CURATED_HASH_KEY = "curated_people_sha256"


def curated_people_hash(curated: Any) -> str:
    """A hash of what a stored extraction depends on besides its text: the curated people's
    content (comments, layout and file name ignored; ``extract_people`` reads the curation)
    and :data:`digests.extract.EXTRACTOR_VERSION`. When it changes, stored extractions are out
    of date: a curated edit or an upgrade of Briefbot re-extracts them once."""
    return hashlib.sha256(repr((EXTRACTOR_VERSION, curated.people)).encode("utf-8")).hexdigest()


def _model(models: list[Any], settings: Settings) -> Any:
    """The spaCy model, loaded on first need (``models[0]``: None until then)."""
    if models[0] is None:
        models[0] = _nlp.load_model(settings.model)
    return models[0]


def _reextract_stored(
    ids: Sequence[str],
    *,
    store: Store,
    settings: Settings,
    models: list[Any],
    curated: Any,
    curated_hash: str,
    report: IngestReport,
) -> None:
    """Re-extract the stored documents ``ids`` with the current curation, in batches; each
    document's extraction rows and its curated hash are replaced in one transaction."""
    for i in range(0, len(ids), EXTRACT_BATCH):
        chunk = ids[i:i + EXTRACT_BATCH]
        bodies = store.document_bodies(chunk)
        batch = [Document(id=r.id, path=r.path, title=r.title, body=bodies[r.id],
                          sha256=r.sha256, source=r.source, url=r.url, published=r.published,
                          published_is_estimate=r.published_is_estimate)
                 for r in store.documents(ids=chunk, include_hidden=True) if r.id in bodies]
        batch.sort(key=lambda d: d.id)
        if not batch:
            continue
        extractor = _local_extractor(_model(models, settings), curated)
        for doc, extraction in _extract_batch(batch, extractor=extractor, report=report):
            store.save_extraction(extraction, curated_sha=curated_hash, hidden=True)
            report.reextracted.append(doc.id)


def _advance(bar: ProgressBar | None, n: int) -> None:
    if bar is not None:
        bar.update(n)


class _StoredHashes(Mapping[str, tuple[str, str]]):
    """The stored ``(sha256, path)`` of documents, looked up one id at a time (a few new
    files in a store of 100,000 documents never read every row), cached."""

    def __init__(self, store: Store) -> None:
        self._store = store
        self._seen: dict[str, tuple[str, str] | None] = {}

    def __getitem__(self, id: str) -> tuple[str, str]:
        if id not in self._seen:
            self._seen[id] = self._store.document_hash(id)
        found = self._seen[id]
        if found is None:
            raise KeyError(id)
        return found

    def __iter__(self) -> Iterator[str]:
        return iter(self._store.document_hashes())

    def __len__(self) -> int:
        return len(self._store.document_hashes())


def _read_if_changed(
    path: Path, stored: Mapping[str, tuple[str, str]], settings: Settings, report: IngestReport
) -> Document | None:
    try:
        raw = read_raw(path, max_bytes=settings.max_file_bytes)
        previous = stored.get(raw.id)
        if previous is not None:
            old_hash, old_path = previous
            if _same_file(old_path, path):
                if old_hash == fingerprint(raw):
                    report.unchanged.append(raw.id)
                    return None
            elif Path(old_path).exists():
                raise IngestError(path, f"duplicate document id {raw.id!r}: {old_path} is "
                                  "already stored under this id; rename one of the two files")
        notes: list[str] = []
        doc = parse_raw(raw, notes=notes)
        report.notes.extend(f"{path}: {note}" for note in notes)
        return doc
    except IngestError as exc:
        report.errors.append(exc)
        return None


def _same_file(stored_path: str, path: Path) -> bool:
    try:
        return Path(stored_path).resolve() == path.resolve()
    except OSError:
        return False


def _extract_and_save(
    docs: list[Document],
    stored: Mapping[str, tuple[str, str]],
    *,
    store: Store,
    settings: Settings,
    models: list[Any],
    curated: Any,
    curated_hash: str,
    report: IngestReport,
    bar: ProgressBar | None,
    extractor: Extractor | None = None,
    workers: int | None = 1,
) -> None:
    if extractor is None:
        extractor = _local_extractor(_model(models, settings), curated)
    batches = [docs[i:i + EXTRACT_BATCH] for i in range(0, len(docs), EXTRACT_BATCH)]
    count = worker_count(len(docs), workers)
    for batch, pairs in _extracted(batches, extractor=extractor, report=report, workers=count):
        # one transaction per batch: each document is saved whole or not at all either way
        store.save_documents(pairs, curated_sha=curated_hash, hidden=True)
        for doc, _ in pairs:
            (report.updated if doc.id in stored else report.added).append(doc.id)
        _advance(bar, len(batch))


#: Worker processes parse and extract when at least this many documents are to be read (for
#: fewer, starting them costs more than they save).
PARALLEL_MIN_DOCS = 128
#: At most this many worker processes.
MAX_WORKERS = 4


def worker_count(n_docs: int, workers: int | None = None) -> int:
    """How many processes parse and extract ``n_docs`` documents: ``workers`` when given, else
    one per core (at most :data:`MAX_WORKERS`) for :data:`PARALLEL_MIN_DOCS` documents or more
    where processes can be forked (they inherit the loaded model), else 1 (in this process)."""
    if workers is not None:
        return max(1, workers)
    if n_docs < PARALLEL_MIN_DOCS or "fork" not in multiprocessing.get_all_start_methods():
        return 1
    return max(1, min(os.cpu_count() or 1, MAX_WORKERS))


#: What forked workers inherit from the ingest that starts them: its extractor.
_FORKED: dict[str, Any] = {}


def _extracted(
    batches: list[list[Document]], *, extractor: Extractor, report: IngestReport, workers: int,
) -> Iterator[tuple[list[Document], list[tuple[Document, DocExtraction]]]]:
    """Each batch with its extractions, in order: in this process, or in ``workers`` forked
    processes (each parses and extracts whole batches; this process saves what they return)."""
    if workers <= 1:
        for batch in batches:
            yield batch, _extract_batch(batch, extractor=extractor, report=report)
        return
    _FORKED["extractor"] = extractor
    try:
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
            for batch, (found, errors) in zip(batches, pool.map(_batch_in_worker, batches),
                                              strict=True):
                report.errors.extend(IngestError(path, problem) for path, problem in errors)
                by_id = {doc.id: doc for doc in batch}
                yield batch, [(by_id[doc_id], extraction) for doc_id, extraction in found]
    finally:
        _FORKED.clear()


def _batch_in_worker(
    batch: list[Document],
) -> tuple[list[tuple[str, DocExtraction]], list[tuple[str, str]]]:
    """In a worker: extract a batch with the inherited extractor; errors as (path, problem)."""
    report = IngestReport()
    pairs = _extract_batch(batch, extractor=_FORKED["extractor"], report=report)
    return ([(doc.id, extraction) for doc, extraction in pairs],
            [(e.path, e.problem) for e in report.errors])


#: ``extractor(batch) -> extractions`` (same order): parses and extracts a batch of documents,
#: in this process (:func:`_local_extractor`) or elsewhere (a worker process).
Extractor = Callable[[Sequence[Document]], list[DocExtraction]]


def _local_extractor(nlp: Any, curated: Any) -> Extractor:
    return lambda batch: pipeline.extract_documents(batch, nlp=nlp, curated=curated)


def _extract_batch(
    batch: list[Document], *, extractor: Extractor, report: IngestReport
) -> list[tuple[Document, DocExtraction]]:
    """Extract a batch; if the batch fails, retry document by document so that one document
    that trips an extractor is reported without losing the others."""
    try:
        return list(zip(batch, extractor(batch), strict=True))
    except Exception as exc:  # an extractor bug must not sink the whole ingest
        if len(batch) == 1:
            log.debug("extraction failed for %s", batch[0].path, exc_info=True)
            report.errors.append(IngestError(batch[0].path, "extraction failed "
                                             f"({exc.__class__.__name__}: {exc})"))
            return []
    out: list[tuple[Document, DocExtraction]] = []
    for doc in batch:
        out.extend(_extract_batch([doc], extractor=extractor, report=report))
    return out


def ingest_documents(
    docs: Sequence[Document],
    *,
    store: Store,
    settings: Settings,
    nlp: Any = None,
    extractor: Extractor | None = None,
) -> IngestReport:
    """Save documents that were read elsewhere (articles fetched by :mod:`digests.sources`)
    exactly as :func:`ingest_paths` saves files: extracted in batches (``extractor``, default
    the model in this process), one transaction per batch -- a document whose id is
    stored replaces its old version, as a changed file does -- then, when anything changed,
    people and questions re-resolved across the store. A document that fails to extract is
    reported in ``errors`` and the others still land. Holds the store's ingest lock, as
    :func:`ingest_paths` does (waiting, with a log line, for an ingest in another process)."""
    if not docs:
        return IngestReport()
    with store.lock(INGEST_LOCK).hold(on_wait=lambda: log.warning(WAITING_FOR_INGEST)):
        return _ingest_documents_locked(docs, store=store, settings=settings, nlp=nlp,
                                        extractor=extractor)


def _ingest_documents_locked(
    docs: Sequence[Document],
    *,
    store: Store,
    settings: Settings,
    nlp: Any,
    extractor: Extractor | None,
) -> IngestReport:
    report = IngestReport()
    stored = store.document_hashes()
    curated = load_curated_people(settings)
    _extract_and_save(sorted(docs, key=lambda d: d.id), stored, store=store, settings=settings,
                      models=[nlp], curated=curated, curated_hash=curated_people_hash(curated),
                      report=report, bar=None, extractor=extractor)
    _resolve_if_needed(store, settings=settings, curated=curated, report=report)
    return report


def resolve_store(store: Store, *, settings: Settings, curated: Any = None,
                  full: bool = False) -> str:
    """Resolve people and questions of the waiting documents with the store (no spaCy needed):
    incrementally, against the part of the store they reach, or across every stored document
    (``full``, or when the store's resolution indexes are incomplete; see
    :mod:`digests.resolution`). ``curated``: the curated people already read (None: read them
    from the settings). Returns ``"full"`` or ``"incremental"``."""
    if curated is None:
        curated = load_curated_people(settings)
    return resolution.resolve_store(store, curated=curated, full=full)
