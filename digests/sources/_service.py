"""Sources in the store: add, list, remove, keep the config's ``[[sources]]`` in step, and
poll one source into the store.

:func:`poll_source` is the one polling path (the CLI's ``sources poll``, the chat command and the
scheduler's interval jobs all end here). For a URL it runs :func:`~._poll.poll_url`, then sorts
each article against what the store has seen:

* same canonical URL and same content hash -> unchanged (nothing written but the entry version);
* same content hash under another URL, or a near-duplicate text (:class:`NearDuplicates`) ->
  a copy of a story already stored: not ingested again, but recorded as one more outlet that
  carried it (:meth:`Store.reported_by`), so one development is reported by several sources;
* otherwise new, or updated (its id is stored): ingested through
  :func:`digests.ingest.ingest_documents`, the path files take, which replaces an old version.

A folder source is :func:`digests.ingest.ingest_paths` of that folder. The source's status (last
poll, one status line, validators, failures, back-off, articles brought) is written after the
articles; a source that has failed ``report_after_failures`` polls in a row gets
:attr:`PollReport.notify` set ONCE per run of failures, for the caller to tell the admin who
added it.
"""
from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..ingest import Extractor, ingest_documents, ingest_paths
from ..models import SeenItem, Source
from ..settings import DEFAULT_POLL_EVERY, Settings, parse_interval
from ._dedupe import NearDuplicates, decode, encode
from ._fetch import Fetcher, backoff_seconds
from ._poll import Fetched, UrlPoll, poll_url

if TYPE_CHECKING:  # pragma: no cover
    from ..store import Store

CONFIG_PREFIX = "cfg-"
#: Wire copies of a story arrive within days: new articles are compared with those seen in
#: this many days (exact copies, by content hash, with all).
NEAR_DUPLICATE_DAYS = 14


class SourceError(ValueError):
    """A source that cannot be added or found; the message is one line for the user."""


# ----------------------------------------------------------------------------------------------
# Adding, removing, config


def new_source(location: str, *, taken: set[str], name: str | None = None,
               every: str | None = None, added_by: str | None = None) -> Source:
    """A validated :class:`Source` for ``location`` (an http(s) URL or an existing folder)
    with a fresh short id. Raises :class:`SourceError`."""
    location = location.strip()
    try:
        seconds = parse_interval(every or DEFAULT_POLL_EVERY)
    except ValueError as exc:
        raise SourceError(str(exc)) from None
    if re.match(r"^https?://[^\s/]+", location, re.I):
        kind = "url"
    elif "://" in location:
        raise SourceError(f"{location!r}: only http:// and https:// URLs (or a local folder)")
    else:
        if not Path(location).expanduser().is_dir():
            raise SourceError(f"{location!r} is neither an http(s) URL nor an existing folder")
        location, kind = str(Path(location).expanduser()), "folder"
    while (source_id := secrets.token_hex(3)) in taken:
        continue
    return Source(id=source_id, location=location, kind=kind,
                  name=(name or "").strip() or None, every_seconds=seconds, added_by=added_by)


def config_source_id(location: str) -> str:
    return CONFIG_PREFIX + hashlib.sha1(location.encode()).hexdigest()[:8]


def sync_config_sources(store: Store, settings: Settings) -> list[Source]:
    """Make the store's config sources (ids ``cfg-*``) equal to ``[[sources]]``: add new
    entries, update name and interval of known ones (their status is kept), delete those no
    longer in the file. Sources added by command or chat are left alone."""
    kept = []
    for entry in settings.sources:
        source_id = config_source_id(entry.location)
        kind = "url" if re.match(r"^https?://", entry.location, re.I) else "folder"
        current = store.source(source_id)
        if current is None:
            current = Source(id=source_id, location=entry.location, kind=kind)
        current = replace(current, name=entry.name, every_seconds=entry.every_seconds)
        store.add_source(current)
        kept.append(current)
    keep = {s.id for s in kept}
    for stale in store.sources():
        if stale.id.startswith(CONFIG_PREFIX) and stale.id not in keep:
            store.remove_source(stale.id)
    return kept


# ----------------------------------------------------------------------------------------------
# Polling


@dataclass(frozen=True, slots=True)
class PollReport:
    """What one poll of one source did; :meth:`lines` is what ``sources poll`` prints."""

    source_id: str
    label: str
    ok: bool
    status: str
    added: tuple[str, ...] = ()  # "doc-id: Title"
    updated: tuple[str, ...] = ()
    copies: tuple[str, ...] = ()
    problems: tuple[str, ...] = ()
    skipped: bool = False  # backing off: not polled
    #: Set once per run of failures: the text for the admin who added the source.
    notify: str | None = None
    added_by: str | None = None

    def lines(self) -> list[str]:
        out = [f"[{self.source_id}] {self.label}: {self.status}"]
        out += [f"  + new: {item}" for item in self.added]
        out += [f"  ~ updated: {item}" for item in self.updated]
        out += [f"  = {item}" for item in self.copies]
        out += [f"  ! {item}" for item in self.problems]
        return out


@dataclass
class _Sorted:
    ingest: list[Fetched] = field(default_factory=list)
    seen: list[SeenItem] = field(default_factory=list)
    copies: list[str] = field(default_factory=list)
    unchanged: int = 0


def poll_source(store: Store, source: Source, *, settings: Settings, fetcher: Fetcher,
                now: datetime, nlp: Any = None, extractor: Extractor | None = None,
                force: bool = False) -> PollReport:
    """Poll ``source`` once into ``store`` and record its status. Never raises for bad input
    (the report says what went wrong); ``force`` polls even during a back-off."""
    if not force and source.backoff_until is not None and now < source.backoff_until:
        return PollReport(source.id, source.label, ok=False, skipped=True,
                          status=f"backing off after {source.failures} failed poll(s); next "
                          f"try after {source.backoff_until:%Y-%m-%d %H:%M} UTC")
    if source.kind == "folder":
        report = _poll_folder(store, source, settings=settings, nlp=nlp, extractor=extractor)
    else:
        if source.added_by is not None and not settings.fetch.allow_private_addresses:
            fetcher = fetcher.public_only()  # added from chat: never the server's own network
        report = _poll_feed_or_page(store, source, settings=settings, fetcher=fetcher, now=now,
                                    nlp=nlp, extractor=extractor)
    return _record(store, source, report, settings=settings, now=now)


def _poll_folder(store: Store, source: Source, *, settings: Settings, nlp: Any,
                 extractor: Extractor | None) -> _Outcome:
    folder = Path(source.location)
    if not folder.is_dir():
        return _Outcome(PollReport(source.id, source.label, ok=False,
                                   status=f"folder {folder} not found"))
    result = ingest_paths([folder], store=store, settings=settings, nlp=nlp)
    titles = _titles(store, result.added + result.updated)
    report = PollReport(
        source.id, source.label, ok=True, status=f"folder: {result.summary()}",
        added=tuple(titles[i] for i in result.added),
        updated=tuple(titles[i] for i in result.updated),
        problems=tuple(str(e) for e in result.errors))
    return _Outcome(report, brought=len(result.added) + len(result.updated))


@dataclass(frozen=True, slots=True)
class _Outcome:
    report: PollReport
    brought: int = 0
    etag: str | None = None
    last_modified: str | None = None
    retry_after: float | None = None


def _poll_feed_or_page(store: Store, source: Source, *, settings: Settings, fetcher: Fetcher,
                       now: datetime, nlp: Any, extractor: Extractor | None) -> _Outcome:
    def seen(key: str) -> str | None:
        item = store.seen_item(key)
        return item.version if item else None

    result = poll_url(source.location, fetcher=fetcher, etag=source.etag,
                      last_modified=source.last_modified, seen=seen, outlet=source.name)
    if not result.ok:
        return _Outcome(PollReport(source.id, source.label, ok=False, status=f"failed: "
                                   f"{result.error}"), retry_after=result.retry_after)
    if result.not_modified:
        return _Outcome(PollReport(source.id, source.label, ok=True,
                                   status="not modified since the last poll (HTTP 304)"),
                        etag=result.etag, last_modified=result.last_modified)
    return _land(store, source, result, settings=settings, now=now, nlp=nlp,
                 extractor=extractor)


def _land(store: Store, source: Source, result: UrlPoll, *, settings: Settings, now: datetime,
          nlp: Any, extractor: Extractor | None) -> _Outcome:
    """Sort the fetched articles, ingest the new and updated ones, record what was seen."""
    sorted_ = _sort(store, source, result.articles, now=now)
    stored = store.document_hashes()
    ingested = ingest_documents([a.document for a in sorted_.ingest], store=store,
                                settings=settings, nlp=nlp, extractor=extractor)
    failed = {e.path for e in ingested.errors}
    landed = [a for a in sorted_.ingest if a.document.path not in failed]
    store.save_seen(sorted_.seen + [_item(a, source, now=now) for a in landed])
    added = [_title(a) for a in landed if a.document.id not in stored]
    updated = [_title(a) for a in landed if a.document.id in stored]
    problems = result.problems + tuple(f"{e.path}: {e.problem}" for e in ingested.errors)
    status = (f"{result.kind}: {len(added)} new, {len(updated)} updated, "
              f"{len(sorted_.copies)} already carried by another source, "
              f"{sorted_.unchanged + result.unchanged} unchanged")
    if problems:  # the status keeps one line: the count and the first problem
        status += f", {len(problems)} problem(s), first: {problems[0]}"
    report = PollReport(source.id, source.name or result.title or source.location, ok=True,
                        status=status, added=tuple(added), updated=tuple(updated),
                        copies=tuple(sorted_.copies), problems=problems)
    return _Outcome(report, brought=len(landed), etag=result.etag,
                    last_modified=result.last_modified)


def _sort(store: Store, source: Source, articles: tuple[Fetched, ...], *,
          now: datetime) -> _Sorted:
    """Unchanged, a copy of a stored story, or to be ingested (new or updated)."""
    out = _Sorted()
    index = NearDuplicates()
    recent = store.sketches(since=now - timedelta(days=NEAR_DUPLICATE_DAYS))
    index.extend((doc_id, decode(sketch)) for doc_id, sketch in recent.items())
    for article in articles:
        doc = article.document
        previous = store.seen_item(article.key)
        if previous is not None and previous.content_hash == doc.sha256:
            out.unchanged += 1
            out.seen.append(replace(previous, version=article.version, seen_at=now))
            continue
        origin = _copy_of(store, index, article)
        if origin is not None:
            outlets = store.reported_by([origin]).get(origin, [])
            outlet = doc.source or source.label
            carried = ", ".join(dict.fromkeys([*outlets, outlet]))
            out.copies.append(f"{doc.title or article.key}: same story as {origin}; counted once, "
                              f"reported by {carried}")
            out.seen.append(_item(article, source, now=now, duplicate_of=origin))
            continue
        index.add(doc.id, article.signature)
        out.ingest.append(article)
    return out


def _copy_of(store: Store, index: NearDuplicates, article: Fetched) -> str | None:
    """The stored document ``article`` copies (same text elsewhere, or nearly), else None."""
    doc = article.document
    same = store.seen_by_hash(doc.sha256)
    if same is not None and same.key != article.key:
        return same.duplicate_of or same.doc_id
    match = index.match(article.signature, exclude=doc.id)
    return match[0] if match else None


def _item(article: Fetched, source: Source, *, now: datetime,
          duplicate_of: str | None = None) -> SeenItem:
    doc = article.document
    return SeenItem(key=article.key, source_id=source.id, doc_id=duplicate_of or doc.id,
                    version=article.version, content_hash=doc.sha256,
                    sketch="" if duplicate_of else encode(article.signature),
                    outlet=doc.source or source.label, url=doc.url, duplicate_of=duplicate_of,
                    seen_at=now)


def _title(article: Fetched) -> str:
    doc = article.document
    return f"{doc.id}: {doc.title or '(untitled)'}"


def _titles(store: Store, ids: list[str]) -> dict[str, str]:
    records = {r.id: r for r in store.documents(ids=ids)} if ids else {}
    return {i: f"{i}: {records[i].title if i in records and records[i].title else '(untitled)'}"
            for i in ids}


def _record(store: Store, source: Source, outcome: _Outcome, *, settings: Settings,
            now: datetime) -> PollReport:
    report = outcome.report
    fetch = settings.fetch
    if report.ok:
        updated = replace(source, last_poll=now, last_status=report.status, last_ok=True,
                          etag=outcome.etag or source.etag if source.kind == "url" else None,
                          last_modified=(outcome.last_modified or source.last_modified
                                         if source.kind == "url" else None),
                          failures=0, backoff_until=None, failure_reported=False,
                          articles=source.articles + outcome.brought)
    else:
        failures = source.failures + 1
        wait = backoff_seconds(failures, base=fetch.backoff_base_seconds,
                               cap=fetch.backoff_max_seconds, retry_after=outcome.retry_after)
        until = now + timedelta(seconds=wait)
        status = f"{report.status} (failure {failures}; next try after {until:%Y-%m-%d %H:%M} UTC)"
        report = replace(report, status=status)
        tell = failures >= fetch.report_after_failures and not source.failure_reported
        updated = replace(source, last_poll=now, last_status=status, last_ok=False,
                          failures=failures, backoff_until=until,
                          failure_reported=source.failure_reported or tell)
        if tell:
            report = replace(report, added_by=source.added_by, notify=(
                f"Briefbot source `{source.id}` ({source.label}) has failed {failures} polls "
                f"in a row: {outcome.report.status}. It keeps trying, less often; you will "
                "not be told again until it has worked once. Remove it with "
                f"`source remove {source.id}`."))
    try:
        store.record_poll(updated)
    except KeyError:  # removed while it was being polled: nothing to record
        pass
    return report


def poll_due(store: Store, *, settings: Settings, fetcher: Fetcher, now: datetime,
             ids: list[str] | None = None, nlp: Any = None,
             extractor: Extractor | None = None, force: bool = False) -> list[PollReport]:
    """Poll the given sources (default: all) once each, in id order."""
    sources = store.sources()
    if ids:
        known = {s.id for s in sources}
        missing = [i for i in ids if i not in known]
        if missing:
            raise SourceError(f"no source {', '.join(map(repr, missing))}; known: "
                              + (", ".join(sorted(known)) or "none"))
        by_id = {s.id: s for s in sources}
        sources = [by_id[i] for i in dict.fromkeys(ids)]
    return [poll_source(store, s, settings=settings, fetcher=fetcher, now=now, nlp=nlp,
                        extractor=extractor, force=force) for s in sources]

