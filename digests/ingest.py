"""Ingest: read documents (:mod:`digests.reading`), extract from the new and changed ones
(:mod:`digests.pipeline`) and store them (:class:`~digests.store.Store`), then re-resolve people
and questions across the whole store.

Public API: :class:`IngestReport`, :func:`ingest_paths`, :func:`ingest_documents` (documents
read elsewhere -- articles fetched by :mod:`digests.sources` -- saved through the same path),
:func:`resolve_store`, :func:`curated_people_hash`; the reading API (:class:`IngestError`, :func:`discover`,
:func:`read_document`, ...) is re-exported from :mod:`digests.reading` for convenience.
"""
from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from . import pipeline
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
            text += f"; curated people changed: re-extracted {len(self.reextracted)} documents"
        return text


class ProgressBar(Protocol):
    """What :func:`ingest_paths` needs from a progress bar (``tqdm`` fits)."""

    def update(self, n: int = 1) -> Any: ...

    def close(self) -> Any: ...


#: ``progress(total_files) -> ProgressBar``, e.g. ``lambda n: tqdm(total=n, unit="file")``.
Progress = Callable[[int], ProgressBar]

#: Documents parsed per spaCy batch; each batch is saved before the next is parsed.
EXTRACT_BATCH = 32


def ingest_paths(
    paths: Sequence[Path | str],
    *,
    store: Store,
    settings: Settings,
    progress: Progress | None = None,
    nlp: Any = None,
    on_wait: Callable[[str], None] | None = None,
) -> IngestReport:
    """Ingest documents into ``store``.

    One ingest at a time per store, across processes (the store's ``"ingest"`` lock): when
    another one is running, ``on_wait(message)`` is told (default: a log line) and this one
    waits for it, then reads the store as that one left it (its documents count as unchanged).

    Unchanged files (same raw hash and path as stored) are skipped before any decoding, and
    spaCy is loaded only when something is new or changed. New and changed documents are
    extracted in batches and saved one transaction each; a file that fails to read or extract
    is reported and the others still land. When the curated people (``settings.curated_people``,
    which the extractors read) changed since the stored extractions were made -- by a hash kept
    in the store's ``meta`` -- every stored document not re-read this run is re-extracted
    (``report.reextracted``). Finally, when anything changed, people and questions are
    re-resolved across all stored documents in one transaction.
    """
    say = on_wait or log.warning
    with store.lock(INGEST_LOCK).hold(on_wait=lambda: say(WAITING_FOR_INGEST)):
        return _ingest_locked(paths, store=store, settings=settings, progress=progress, nlp=nlp)


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
) -> IngestReport:
    report = IngestReport()
    files, report.errors = discover(paths)
    bar = progress(len(files)) if progress else None
    models: list[Any] = [nlp]
    try:
        stored = store.document_hashes()
        curated = load_curated_people(settings)
        curated_hash = curated_people_hash(curated)
        previous_hash = store.get_meta(CURATED_HASH_KEY)
        # no hash yet: a new store (nothing to redo) or one older than the hash (redo to be sure)
        report.curated_changed = previous_hash != curated_hash and (
            previous_hash is not None or bool(stored))
        pending: list[Document] = []
        for path in files:
            doc = _read_if_changed(path, stored, settings, report)
            if doc is None:
                _advance(bar, 1)
            else:
                pending.append(doc)
        if pending:
            _extract_and_save(pending, stored, store=store, settings=settings, models=models,
                              curated=curated, report=report, bar=bar)
    finally:
        if bar is not None:
            bar.close()
    if report.curated_changed:
        _reextract_stored(stored, store=store, settings=settings, models=models,
                          curated=curated, report=report)
    if previous_hash != curated_hash:
        store.set_meta(CURATED_HASH_KEY, curated_hash)
    if report.changed:
        resolve_store(store, settings=settings, curated=curated)
    return report


#: The :meth:`Store.get_meta` key of the hash of the curated people the extractions used.
CURATED_HASH_KEY = "curated_people_sha256"


def curated_people_hash(curated: Any) -> str:
    """A hash of the curated people's content (comments, layout and file name ignored): when it
    changes, stored extractions (``extract_people`` reads the curation) are out of date."""
    return hashlib.sha256(repr(curated.people).encode("utf-8")).hexdigest()


def _model(models: list[Any], settings: Settings) -> Any:
    """The spaCy model, loaded on first need (``models[0]``: None until then)."""
    if models[0] is None:
        models[0] = _nlp.load_model(settings.model)
    return models[0]


def _reextract_stored(
    stored: Mapping[str, tuple[str, str]],
    *,
    store: Store,
    settings: Settings,
    models: list[Any],
    curated: Any,
    report: IngestReport,
) -> None:
    """Re-extract the stored documents this run did not re-read (with the new curation), in
    batches; each document's extraction rows are replaced in one transaction."""
    done = set(report.added) | set(report.updated)
    ids = sorted(doc_id for doc_id in stored if doc_id not in done)
    for i in range(0, len(ids), EXTRACT_BATCH):
        chunk = ids[i:i + EXTRACT_BATCH]
        bodies = store.document_bodies(chunk)
        batch = [Document(id=r.id, path=r.path, title=r.title, body=bodies[r.id],
                          sha256=r.sha256, source=r.source, url=r.url, published=r.published,
                          published_is_estimate=r.published_is_estimate)
                 for r in store.documents(ids=chunk) if r.id in bodies]
        batch.sort(key=lambda d: d.id)
        if not batch:
            continue
        extractor = _local_extractor(_model(models, settings), curated)
        for doc, extraction in _extract_batch(batch, extractor=extractor, report=report):
            store.save_extraction(extraction)
            report.reextracted.append(doc.id)


def _advance(bar: ProgressBar | None, n: int) -> None:
    if bar is not None:
        bar.update(n)


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
        return parse_raw(raw)
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
    report: IngestReport,
    bar: ProgressBar | None,
    extractor: Extractor | None = None,
) -> None:
    if extractor is None:
        extractor = _local_extractor(_model(models, settings), curated)
    for i in range(0, len(docs), EXTRACT_BATCH):
        batch = docs[i:i + EXTRACT_BATCH]
        for doc, extraction in _extract_batch(batch, extractor=extractor, report=report):
            store.save_document(doc, extraction)
            (report.updated if doc.id in stored else report.added).append(doc.id)
        _advance(bar, len(batch))


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
    the model in this process), one transaction per document -- a document whose id is
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
                      models=[nlp], curated=curated, report=report, bar=None,
                      extractor=extractor)
    if report.changed:
        resolve_store(store, settings=settings, curated=curated)
    return report


def resolve_store(store: Store, *, settings: Settings, curated: Any = None) -> None:
    """Re-resolve people and questions across every stored document (no spaCy needed);
    ``curated``: the curated people already read (None: read them from the settings)."""
    pairs = store.extractions()
    docs = [d for d, _ in pairs]
    extractions = [x for _, x in pairs]
    if curated is None:
        curated = load_curated_people(settings)
    resolved = pipeline.resolve_all(docs, extractions, curated=curated)
    store.save_resolution(resolved.people, resolved.ids, resolved.questions)
