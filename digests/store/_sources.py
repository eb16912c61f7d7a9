"""News sources and the articles they brought (schema v5): the polling status of each source,
and every fetched article's key, entry version, content hash and near-duplicate sketch (seen-URL
and content-hash dedupe, and which outlets carried a story)."""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from ..models import SOURCE_KINDS, SeenItem, Source
from ._schema import source_items_t, sources_t
from ._sql import check_choice, db_now, from_db_time, to_db_time


class SourcesMixin:
    """Sources and the articles they brought, for :class:`Store` (which owns ``engine``).

    ``add_source(source)`` (insert or replace by id, status included), ``sources()``,
    ``source(id)``, ``remove_source(id) -> bool`` (its seen items go with it; its documents
    stay), ``record_poll(source)`` (the status columns of one source, one transaction);
    ``seen_item(key)``, ``seen_by_hash(content_hash)``, ``seen_versions(source_id)``
    (key -> entry version), ``sketches(since=)`` (doc id -> near-duplicate sketch of every
    article that became a document, seen since then), ``save_seen(items)``, ``reported_by(doc_ids)`` (doc id -> the
    outlets that carried it, the document's own first)."""

    engine: Engine

    def add_source(self, source: Source) -> None:
        check_choice("kind", source.kind, SOURCE_KINDS)
        with self.engine.begin() as conn:
            conn.execute(sa.delete(sources_t).where(sources_t.c.id == source.id))
            conn.execute(sa.insert(sources_t).values(**_source_row(source)))

    def sources(self) -> list[Source]:
        with self.engine.connect() as conn:
            return [_source(r) for r in conn.execute(sa.select(sources_t)
                                                     .order_by(sources_t.c.id))]

    def source(self, id: str) -> Source | None:
        with self.engine.connect() as conn:
            row = conn.execute(sa.select(sources_t).where(sources_t.c.id == id)).first()
        return _source(row) if row else None

    def remove_source(self, id: str) -> bool:
        with self.engine.begin() as conn:
            conn.execute(sa.delete(source_items_t).where(source_items_t.c.source_id == id))
            return conn.execute(sa.delete(sources_t).where(sources_t.c.id == id)).rowcount > 0

    def record_poll(self, source: Source) -> None:
        """Write the polling status of ``source`` (KeyError when it was removed meanwhile)."""
        row = _source_row(source)
        status = {k: row[k] for k in _SOURCE_STATUS}
        with self.engine.begin() as conn:
            done = conn.execute(sa.update(sources_t).where(sources_t.c.id == source.id)
                                .values(**status)).rowcount
        if not done:
            raise KeyError(source.id)

    def seen_item(self, key: str) -> SeenItem | None:
        with self.engine.connect() as conn:
            row = conn.execute(sa.select(source_items_t)
                               .where(source_items_t.c.key == key)).first()
        return _seen(row) if row else None

    def seen_by_hash(self, content_hash: str) -> SeenItem | None:
        with self.engine.connect() as conn:
            row = conn.execute(sa.select(source_items_t)
                               .where(source_items_t.c.content_hash == content_hash)
                               .order_by(source_items_t.c.seen_at)).first()
        return _seen(row) if row else None

    def seen_versions(self, source_id: str | None = None) -> dict[str, str]:
        query = sa.select(source_items_t.c.key, source_items_t.c.version)
        if source_id is not None:
            query = query.where(source_items_t.c.source_id == source_id)
        with self.engine.connect() as conn:
            return {r.key: r.version for r in conn.execute(query)}

    def sketches(self, *, since: datetime | None = None) -> dict[str, str]:
        query = (sa.select(source_items_t.c.doc_id, source_items_t.c.sketch)
                 .where(source_items_t.c.duplicate_of.is_(None), source_items_t.c.sketch != ""))
        if since is not None:
            query = query.where(source_items_t.c.seen_at >= to_db_time(since))
        with self.engine.connect() as conn:
            return {r.doc_id: r.sketch for r in conn.execute(query)}

    def save_seen(self, items: Sequence[SeenItem]) -> None:
        if not items:
            return
        now = db_now()
        with self.engine.begin() as conn:
            conn.execute(sa.delete(source_items_t)
                         .where(source_items_t.c.key.in_([i.key for i in items])))
            conn.execute(sa.insert(source_items_t), [
                {"key": i.key, "source_id": i.source_id, "doc_id": i.doc_id,
                 "version": i.version, "content_hash": i.content_hash, "sketch": i.sketch,
                 "outlet": i.outlet, "url": i.url, "duplicate_of": i.duplicate_of,
                 "seen_at": to_db_time(i.seen_at) if i.seen_at else now}
                for i in items])

    def reported_by(self, doc_ids: Iterable[str]) -> dict[str, list[str]]:
        """Doc id -> the outlets that carried the story, the document's own first, then the
        copies in the order they were seen (a copy's ``doc_id`` is the document it copies, so
        this is one indexed lookup). Documents no source brought are absent."""
        ids = list(dict.fromkeys(doc_ids))
        if not ids:
            return {}
        query = (sa.select(source_items_t.c.doc_id, source_items_t.c.outlet)
                 .where(source_items_t.c.doc_id.in_(ids))
                 .order_by(source_items_t.c.duplicate_of.is_not(None), source_items_t.c.seen_at))
        out: dict[str, list[str]] = {}
        with self.engine.connect() as conn:
            for r in conn.execute(query):
                outlets = out.setdefault(r.doc_id, [])
                if r.outlet and r.outlet not in outlets:
                    outlets.append(r.outlet)
        return out


_SOURCE_STATUS = ("last_poll", "last_status", "last_ok", "etag", "last_modified", "failures",
                  "backoff_until", "articles", "failure_reported")


def _source_row(s: Source) -> dict[str, Any]:
    return {"id": s.id, "location": s.location, "kind": s.kind, "name": s.name,
            "every_seconds": s.every_seconds, "added_by": s.added_by,
            "last_poll": to_db_time(s.last_poll) if s.last_poll else None,
            "last_status": s.last_status, "last_ok": s.last_ok, "etag": s.etag,
            "last_modified": s.last_modified, "failures": s.failures,
            "backoff_until": to_db_time(s.backoff_until) if s.backoff_until else None,
            "articles": s.articles, "failure_reported": s.failure_reported}


def _source(r: Any) -> Source:
    return Source(id=r.id, location=r.location, kind=r.kind, name=r.name,
                  every_seconds=r.every_seconds, added_by=r.added_by,
                  last_poll=from_db_time(r.last_poll), last_status=r.last_status,
                  last_ok=r.last_ok, etag=r.etag, last_modified=r.last_modified,
                  failures=r.failures, backoff_until=from_db_time(r.backoff_until),
                  articles=r.articles, failure_reported=bool(r.failure_reported))


def _seen(r: Any) -> SeenItem:
    return SeenItem(key=r.key, source_id=r.source_id, doc_id=r.doc_id, version=r.version,
                    content_hash=r.content_hash, sketch=r.sketch, outlet=r.outlet, url=r.url,
                    duplicate_of=r.duplicate_of, seen_at=from_db_time(r.seen_at))
