"""The Briefbot store: documents, extractions, resolved people and questions, schedules and the
posting ledger, in SQLite by default, through SQLAlchemy Core (a PostgreSQL URL is a
configuration change).

Every write method runs in ONE transaction: either all of it lands or nothing does.

``Store`` methods (records are the dataclasses of :mod:`digests.models`):

* ``Store(url)`` -- open the database, creating the schema or upgrading it to
  :data:`SCHEMA_VERSION` (SQLite: WAL journal, foreign keys on, parent folder created);
  ``Store.from_settings(settings)``; ``close()``; usable as a context manager.
* ``schema_version() -> int``; ``get_meta(key) -> str | None``, ``set_meta(key, value)`` (small
  facts about the contents, e.g. the curated people hash the extractions were made with).
* Documents: ``document_hashes() -> {id: (sha256, path)}``;
  ``save_document(doc, extraction, curated_sha=, hidden=)`` (replaces the old version and its
  per-document rows; ``hidden``: unseen by readers until the next ``save_resolution``);
  ``unresolved()`` (ids of the hidden documents); ``curated_hashes()``;
  ``save_documents(pairs)`` (many new documents in one transaction: bulk loads);
  ``save_extraction(extraction)`` (replaces only a stored document's per-document rows);
  ``delete_document(id)``; ``documents(since=, until=, published_since=, published_until=,
  ids=, limit=)`` (``since``/``until``: ingest time; ``published_*``: publication day, the
  ingestion day standing in when it is unknown; newest publication first, then id; bodies are
  never read); ``count_documents(published_since=, published_until=, ids=)``;
  ``documents_mentioning(person_id, limit=)`` (newest first); ``document_ids_matching(text)``
  (title, event or quote text contains it, case-insensitive); ``document(id)``;
  ``document_bodies(ids) -> {id: body}``;
  ``extractions() -> [(Document, DocExtraction)]`` (all that re-resolution needs, no spaCy).
* Resolution: ``save_resolution(people, ids, questions)`` replaces people, aliases, roles, the
  (doc id, local key) -> person id map and questions; statuses that users set are kept by
  question id. ``people(doc_ids=, ids=)`` (with ``doc_ids``: the people mentioned there, with
  the roles those documents give only; with ``ids``: only those people), ``person(id)``, ``find_people(query, limit=10,
  max_roles=None)`` (exact name/alias key, then key prefix -- both index lookups -- then,
  only while fewer than ``limit`` were found, key substring);
  ``person_roles(person_id, doc_ids=, limit=) -> [RoleSummary]`` (distinct roles with
  document counts); ``names() -> [(name or alias, display name)]``;
  ``people_by_word_prefix(prefix, limit=)`` (display names, for autocomplete);
  ``close_names(query, limit=)`` ("did you mean": a fuzzy matcher kept per store object);
  ``quotes(doc_ids=, speaker_id=)``, ``events(doc_ids=)``, ``questions(doc_ids=, status=)``;
  ``set_question_status(id, status)`` (KeyError for an unknown id).
* Schedules: ``add_schedule(schedule)`` (insert or replace by id), ``schedules()``,
  ``schedule(id)``, ``remove_schedule(id) -> bool``.
* Posting ledger, unique on (target, window_key): ``claim_post(target, window_key,
  schedule_id=, stale_after=)`` -> True when this caller now owns the window (a 'failed' row
  may be re-claimed, and so may a 'pending' row claimed more than ``stale_after`` ago -- default
  the store's ``claim_stale_after``, :data:`CLAIM_STALE_AFTER` -- left by a crash); ``record_post(target, window_key, status=, message_ids=(), error=)``;
  ``last_post(target, status="sent")``; ``posts(target=None)``.

Schema versions (:data:`MIGRATIONS`, applied in order, each in its own transaction):
1. documents, per-document extraction rows (doc_people, quotes, events, doc_questions) and the
   derived tables (people, aliases, roles, mentions, questions, stances);
2. ``documents.published_is_estimate``, user question statuses, schedules and the posts ledger;
3. an index on ``documents.published`` (briefing windows and "newest first" read it);
4. a key/value ``meta`` table (:meth:`Store.get_meta` / :meth:`Store.set_meta`) and
   ``question_docs`` (a question's documents as rows, for filtering questions by document).
"""
from __future__ import annotations

import functools
import os
import re
import sqlite3
import uuid
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from rapidfuzz import fuzz as rf_fuzz
from rapidfuzz import process as rf_process
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from . import _store_faults as faults
from . import _store_search as search
from .models import (
    DocExtraction,
    Document,
    DocumentRecord,
    Event,
    EventRecord,
    Person,
    PersonRecord,
    PostRecord,
    QuestionCandidate,
    QuestionRecord,
    Quote,
    QuoteRecord,
    Role,
    Schedule,
    Stance,
    StanceRecord,
)

if TYPE_CHECKING:  # pragma: no cover
    from .settings import Settings

SCHEMA_VERSION = 6
QUESTION_STATUSES = ("open", "resolved")
#: Above this many ids a filter reads rows whole and keeps the wanted ones in Python: one scan
#: beats a huge ``IN (...)`` list (and stays under SQLite's bound-parameter limit).
MAX_IN_IDS = 2000
POST_STATUSES = ("pending", "sent", "failed")
#: A 'pending' ledger row older than this is taken to be left by a crash: it may be re-claimed.
CLAIM_STALE_AFTER = timedelta(minutes=10)


class StoreError(RuntimeError):
    """The database cannot be opened or has an unexpected schema."""


class StoreReadOnly(StoreError):
    """A write was refused: the store is read-only (nothing was written)."""


class StoreFull(StoreError):
    """The store's disk is full (the change was rolled back: nothing was half-written)."""


class StoreDamaged(StoreError):
    """The store's file is not a readable database."""


class StoreBusy(StoreError):
    """Another process kept the store locked too long (nothing was written)."""


_FAULTS: dict[str, type[StoreError]] = {
    faults.READ_ONLY: StoreReadOnly, faults.FULL: StoreFull, faults.DAMAGED: StoreDamaged,
    faults.BUSY: StoreBusy, faults.UNOPENABLE: StoreError,
}


@dataclass(frozen=True, slots=True)
class RoleSummary:
    """One of a person's distinct roles (see :meth:`Store.person_roles`)."""

    text: str
    documents: int  # how many documents give it
    doc_ids: tuple[str, ...] = ()  # those of the documents asked about that give it


#: The upper end of a key prefix range: [q, q + _KEY_MAX) holds every key starting with q (keys
#: compare by code point / UTF-8 bytes, and no character sorts after U+10FFFF).
_KEY_MAX = "\U0010ffff"


# ----------------------------------------------------------------------------------------------
# Schema (current version). Migrations below build exactly this, step by step.

metadata = sa.MetaData()

schema_version_table = sa.Table(
    "schema_version", metadata, sa.Column("version", sa.Integer, nullable=False)
)

documents_t = sa.Table(
    "documents", metadata,
    sa.Column("id", sa.String(200), primary_key=True),
    sa.Column("path", sa.Text, nullable=False),
    sa.Column("title", sa.Text),
    sa.Column("source", sa.Text),
    sa.Column("url", sa.Text),
    sa.Column("published", sa.Date),
    sa.Column("body", sa.Text, nullable=False),
    sa.Column("words", sa.Integer, nullable=False),
    sa.Column("sha256", sa.String(64), nullable=False),
    sa.Column("ingested_at", sa.DateTime, nullable=False),
    sa.Column("published_is_estimate", sa.Boolean, nullable=False, server_default=sa.false()),
    # v5: readers see a document only once people and questions were resolved with it (its
    # "share of the cross-document state"); the hash of the curated people its extraction used
    sa.Column("resolved", sa.Boolean, nullable=False, server_default=sa.true()),
    sa.Column("curated_sha", sa.String(64)),
)


def _doc_fk() -> sa.Column:
    return sa.Column("doc_id", sa.String(200), sa.ForeignKey("documents.id", ondelete="CASCADE"),
                     nullable=False, index=True)


doc_people_t = sa.Table(
    "doc_people", metadata, _doc_fk(),
    sa.Column("seq", sa.Integer, nullable=False),
    sa.Column("key", sa.Text, nullable=False),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("aliases", sa.JSON, nullable=False),
    sa.Column("roles", sa.JSON, nullable=False),
    sa.Column("mentions", sa.JSON, nullable=False),
    sa.PrimaryKeyConstraint("doc_id", "key"),
)

quotes_t = sa.Table(
    "quotes", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True), _doc_fk(),
    sa.Column("seq", sa.Integer, nullable=False),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("start", sa.Integer, nullable=False),
    sa.Column("end", sa.Integer, nullable=False),
    sa.Column("speaker_key", sa.Text),
    sa.Column("speaker_text", sa.Text),
    sa.Column("kind", sa.String(20), nullable=False),
)

events_t = sa.Table(
    "events", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True), _doc_fk(),
    sa.Column("seq", sa.Integer, nullable=False),
    sa.Column("date", sa.String(10)),
    sa.Column("precision", sa.String(10), nullable=False),
    sa.Column("date_text", sa.Text, nullable=False),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("start", sa.Integer, nullable=False),
    sa.Column("end", sa.Integer, nullable=False),
)

doc_questions_t = sa.Table(
    "doc_questions", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True), _doc_fk(),
    sa.Column("seq", sa.Integer, nullable=False),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("topic", sa.JSON, nullable=False),
    sa.Column("stances", sa.JSON, nullable=False),
    sa.Column("start", sa.Integer, nullable=False),
    sa.Column("end", sa.Integer, nullable=False),
)

people_t = sa.Table(
    "people", metadata,
    sa.Column("id", sa.String(200), primary_key=True),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("mentions", sa.Integer, nullable=False),
    sa.Column("documents", sa.JSON, nullable=False),
)


def _person_fk() -> sa.Column:
    return sa.Column("person_id", sa.String(200),
                     sa.ForeignKey("people.id", ondelete="CASCADE"), nullable=False, index=True)


aliases_t = sa.Table(
    "aliases", metadata, _person_fk(),
    sa.Column("seq", sa.Integer, nullable=False),  # 0 = the display name
    sa.Column("alias", sa.Text, nullable=False),
    sa.Column("key", sa.String(200), nullable=False, index=True),
)

roles_t = sa.Table(
    "roles", metadata, _person_fk(),
    sa.Column("seq", sa.Integer, nullable=False),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("doc_id", sa.String(200), nullable=False),
)

# The (document, local person key) -> global person id map of the last resolution.
mentions_t = sa.Table(
    "mentions", metadata, _person_fk(),
    sa.Column("doc_id", sa.String(200), nullable=False),
    sa.Column("local_key", sa.Text, nullable=False),
    sa.PrimaryKeyConstraint("doc_id", "local_key"),
)

questions_t = sa.Table(
    "questions", metadata,
    sa.Column("id", sa.String(200), primary_key=True),
    sa.Column("seq", sa.Integer, nullable=False),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("status", sa.String(20), nullable=False),
    sa.Column("docs", sa.JSON, nullable=False),
)

stances_t = sa.Table(
    "stances", metadata,
    sa.Column("question_id", sa.String(200), sa.ForeignKey("questions.id", ondelete="CASCADE"),
              nullable=False, index=True),
    sa.Column("seq", sa.Integer, nullable=False),
    sa.Column("doc_id", sa.String(200), nullable=False),
    sa.Column("speaker_id", sa.String(200)),
    sa.Column("speaker_text", sa.Text),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("leaning", sa.String(20), nullable=False),
)

question_status_t = sa.Table(
    "question_status", metadata,
    sa.Column("question_id", sa.String(200), primary_key=True),
    sa.Column("status", sa.String(20), nullable=False),
    sa.Column("updated_at", sa.DateTime, nullable=False),
)

schedules_t = sa.Table(
    "schedules", metadata,
    sa.Column("id", sa.String(200), primary_key=True),
    sa.Column("target", sa.Text, nullable=False),
    sa.Column("time", sa.String(5), nullable=False),
    sa.Column("timezone", sa.String(100), nullable=False),
    sa.Column("created_by", sa.Text),
    sa.Column("guild", sa.Text),
    sa.Column("format", sa.String(20), nullable=False),
)

posts_t = sa.Table(
    "posts", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("target", sa.String(200), nullable=False),
    sa.Column("window_key", sa.String(200), nullable=False),
    sa.Column("status", sa.String(20), nullable=False),
    sa.Column("schedule_id", sa.String(200)),
    sa.Column("message_ids", sa.JSON, nullable=False),
    sa.Column("error", sa.Text),
    sa.Column("at", sa.DateTime, nullable=False),
    sa.UniqueConstraint("target", "window_key", name="uq_posts_target_window"),
)

#: Small key/value facts about the store's contents (e.g. the hash of the curated people file
#: the stored extractions were made with).
meta_t = sa.Table(
    "meta", metadata,
    sa.Column("key", sa.String(200), primary_key=True),
    sa.Column("value", sa.Text, nullable=False),
)

#: Which documents each question draws on (``questions.docs`` as rows, so that filtering
#: questions by document is a query, not a scan in Python).
question_docs_t = sa.Table(
    "question_docs", metadata,
    sa.Column("question_id", sa.String(200), sa.ForeignKey("questions.id", ondelete="CASCADE"),
              nullable=False),
    sa.Column("doc_id", sa.String(200), nullable=False, index=True),
    sa.PrimaryKeyConstraint("question_id", "doc_id"),
)

documents_published_ix = sa.Index("ix_documents_published", documents_t.c.published)
documents_ingested_ix = sa.Index("ix_documents_ingested_at", documents_t.c.ingested_at)
#: Partial: only the few documents waiting for resolution (an index on the flag itself would
#: lure the planner away from the ingestion-time and publication indexes readers need).
documents_unresolved_ix = sa.Index(
    "ix_documents_unresolved", documents_t.c.id,
    sqlite_where=documents_t.c.resolved == sa.false(),
    postgresql_where=documents_t.c.resolved == sa.false())
_V5_DOCUMENT_COLUMNS = ("resolved", "curated_sha")

#: Every documents column a record carries (not the body nor the bookkeeping), "newest first".
_DOC_COLUMNS = tuple(c for c in documents_t.c
                     if c.name != "body" and c.name not in _V5_DOCUMENT_COLUMNS)
_NEWEST_FIRST = (documents_t.c.published.desc().nulls_last(), documents_t.c.id)
#: The same order, written so that no index can serve it (``|| ''``): for a window of ingestion
#: times, which the ingestion-time index finds and a small sort orders, instead of a walk of
#: the whole publication index (a daily digest then costs the same in a store of any size).
_NEWEST_FIRST_SORTED = (sa.type_coerce(documents_t.c.published, sa.String).concat("").desc()
                        .nulls_last(), documents_t.c.id)

_V1_TABLES = (doc_people_t, quotes_t, events_t, doc_questions_t, people_t, aliases_t, roles_t,
              mentions_t, questions_t, stances_t)
_V2_TABLES = (question_status_t, schedules_t, posts_t)


# ----------------------------------------------------------------------------------------------
# Migrations: MIGRATIONS[i] takes the schema from version i to version i + 1.


def _migrate_to_v1(conn: Connection) -> None:
    """The first schema: documents (without the estimate flag) and the extraction tables."""
    v1 = sa.MetaData()
    sa.Table(
        "documents", v1,
        *(sa.Column(c.name, c.type, primary_key=c.primary_key, nullable=c.nullable)
          for c in documents_t.columns
          if c.name != "published_is_estimate" and c.name not in _V5_DOCUMENT_COLUMNS),
    ).create(conn)
    for table in _V1_TABLES:
        table.create(conn)


def _migrate_to_v2(conn: Connection) -> None:
    """Publication dates may be estimates; users' question statuses; schedules; the ledger."""
    conn.execute(sa.text(
        "ALTER TABLE documents ADD COLUMN published_is_estimate BOOLEAN NOT NULL DEFAULT FALSE"
    ))
    for table in _V2_TABLES:
        table.create(conn)


def _migrate_to_v3(conn: Connection) -> None:
    """An index on the publication date: briefing windows and "newest first" walk it."""
    documents_published_ix.create(conn, checkfirst=True)


def _migrate_to_v4(conn: Connection) -> None:
    """A key/value ``meta`` table (e.g. which curated people file the extractions used), and
    ``question_docs`` (filled from ``questions.docs``)."""
    meta_t.create(conn)
    question_docs_t.create(conn)
    rows = [{"question_id": qid, "doc_id": doc_id}
            for qid, docs in conn.execute(sa.select(questions_t.c.id, questions_t.c.docs))
            for doc_id in dict.fromkeys(docs or ())]
    if rows:
        conn.execute(sa.insert(question_docs_t), rows)


def _migrate_to_v5(conn: Connection) -> None:
    """``documents.resolved`` (a document is shown once people and questions were resolved
    with it) and ``documents.curated_sha`` (the curated people its extraction used), and an
    index on the ingestion time (daily digests read a window of it).

    A document with people but no entry in the mention map was saved by an ingest that was
    interrupted before resolving: it starts unresolved, so the next ingest completes it. The
    curated hash starts as the store-wide one, when there is one."""
    conn.execute(sa.text(
        "ALTER TABLE documents ADD COLUMN resolved BOOLEAN NOT NULL DEFAULT TRUE"))
    conn.execute(sa.text("ALTER TABLE documents ADD COLUMN curated_sha VARCHAR(64)"))
    documents_ingested_ix.create(conn, checkfirst=True)
    documents_unresolved_ix.create(conn, checkfirst=True)
    has_people = sa.exists().where(doc_people_t.c.doc_id == documents_t.c.id)
    has_mentions = sa.exists().where(mentions_t.c.doc_id == documents_t.c.id)
    conn.execute(sa.update(documents_t).where(has_people, ~has_mentions)
                 .values(resolved=False))
    stored = conn.execute(sa.select(meta_t.c.value)
                          .where(meta_t.c.key == CURATED_HASH_META)).scalar()
    if stored is not None:
        conn.execute(sa.update(documents_t).values(curated_sha=stored))


def _migrate_to_v6(conn: Connection) -> None:
    """SQLite with FTS5: the full-text index of topic briefings (``search_text``), with the
    triggers that keep it in step, filled from what is stored."""
    search.install(conn)


#: The store-wide curated people hash of schema version 4 (per document from version 5).
CURATED_HASH_META = "curated_people_sha256"

Migration = Callable[[Connection], None]
MIGRATIONS: tuple[Migration, ...] = (_migrate_to_v1, _migrate_to_v2, _migrate_to_v3,
                                     _migrate_to_v4, _migrate_to_v5, _migrate_to_v6)
assert len(MIGRATIONS) == SCHEMA_VERSION


def upgrade(engine: Engine, *, target: int = SCHEMA_VERSION) -> int:
    """Apply the pending migrations up to ``target``; returns the resulting version."""
    with engine.begin() as conn:
        schema_version_table.create(conn, checkfirst=True)
        version = conn.execute(sa.select(sa.func.max(schema_version_table.c.version))).scalar()
    version = version or 0
    if version > SCHEMA_VERSION:
        raise StoreError(f"database schema version {version} is newer than this Briefbot "
                         f"supports ({SCHEMA_VERSION}); upgrade Briefbot")
    for number in range(version + 1, target + 1):
        with engine.begin() as conn:
            MIGRATIONS[number - 1](conn)
            conn.execute(sa.delete(schema_version_table))
            conn.execute(sa.insert(schema_version_table).values(version=number))
        version = number
    return version


# ----------------------------------------------------------------------------------------------
# Statements of the lookup path (``who``), built once per shape with bound parameters: building
# a SQLAlchemy statement and its cache key costs several times what SQLite takes to run these
# small indexed queries, so lookups reuse them.

_bp = sa.bindparam


def _expanding(name: str) -> Any:
    return sa.bindparam(name, expanding=True)


@functools.cache
def _rank_people_stmt(tier: str, exclude: bool) -> Any:
    """People rows whose aliases match :key in ``tier`` (exact/prefix/substring), best first;
    ``exclude``: not the :exclude ids. Parameters :key, :limit (prefix: :end; :exclude)."""
    a = aliases_t
    if tier == "exact":
        condition, rank = a.c.key == _bp("key"), sa.case((a.c.seq == 0, 0), else_=1)
    elif tier == "prefix":  # the key range [key, key + U+10FFFF), the key itself excluded
        condition, rank = sa.and_(a.c.key > _bp("key"), a.c.key < _bp("end")), sa.literal(2)
    else:
        condition, rank = a.c.key.contains(_bp("key")), sa.literal(3)
    if exclude:
        condition = sa.and_(condition, a.c.person_id.notin_(_expanding("exclude")))
    return (
        sa.select(people_t)
        .join(aliases_t, aliases_t.c.person_id == people_t.c.id)
        .where(condition)
        .group_by(people_t.c.id)  # people's other columns depend on it (its primary key)
        .order_by(sa.func.min(rank), people_t.c.mentions.desc(), people_t.c.name)
        .limit(_bp("limit"))
    )


@functools.cache
def _aliases_of_stmt() -> Any:
    return (sa.select(aliases_t.c.person_id, aliases_t.c.alias)
            .where(aliases_t.c.seq > 0, aliases_t.c.person_id.in_(_expanding("ids")))
            .order_by(aliases_t.c.person_id, aliases_t.c.seq))


@functools.cache
def _roles_of_stmt(first: bool) -> Any:
    """Roles of :ids; ``first``: only each person's first :first (seqs count 0, 1, ...)."""
    query = (sa.select(roles_t.c.person_id, roles_t.c.text, roles_t.c.doc_id)
             .where(roles_t.c.person_id.in_(_expanding("ids")))
             .order_by(roles_t.c.person_id, roles_t.c.seq))
    return query.where(roles_t.c.seq < _bp("first")) if first else query


@functools.cache
def _mentioning_stmts() -> tuple[Any, Any, Any]:
    """(counts of :person's documents and of all documents, the drive plan, the walk plan);
    the plans take :person and :limit."""
    m = mentions_t
    mentioned = sa.select(m.c.doc_id).where(m.c.person_id == _bp("person"))
    counts = sa.select(
        sa.select(sa.func.count()).select_from(mentioned.subquery()).scalar_subquery(),
        sa.select(sa.func.count()).select_from(documents_t).scalar_subquery(),
    )
    shown = documents_t.c.resolved == sa.true()
    drive = sa.select(*_DOC_COLUMNS).where(documents_t.c.id.in_(mentioned), shown)
    # ``person_id || ''`` keeps SQLite probing the mention map by document (its primary key)
    # instead of by person, which would re-read all of a central person's rows per document
    probe = sa.exists().where(m.c.doc_id == documents_t.c.id,
                              m.c.person_id.concat("") == _bp("person"))
    walk = sa.select(*_DOC_COLUMNS).where(probe, shown)
    return counts, *(q.order_by(*_NEWEST_FIRST).limit(_bp("limit")) for q in (drive, walk))


@functools.cache
def _quotes_stmt(by_doc: bool, by_speaker: bool) -> Any:
    """Quotes with their speakers' global ids; filters :doc_ids, :speaker."""
    query = (
        sa.select(quotes_t, mentions_t.c.person_id.label("speaker_id"))
        .outerjoin(mentions_t, sa.and_(mentions_t.c.doc_id == quotes_t.c.doc_id,
                                       mentions_t.c.local_key == quotes_t.c.speaker_key))
        .order_by(quotes_t.c.doc_id, quotes_t.c.seq)
    )
    if by_doc:
        query = query.where(quotes_t.c.doc_id.in_(_expanding("doc_ids")))
    if by_speaker:
        # with doc_ids, those documents' quotes drive: ``|| ''`` keeps SQLite from walking a
        # central speaker's thousands of mentions through the person index instead
        speaker = mentions_t.c.person_id.concat("") if by_doc else mentions_t.c.person_id
        query = query.where(speaker == _bp("speaker"))
    return query


@functools.cache
def _events_stmt(by_doc: bool) -> Any:
    query = sa.select(events_t).order_by(events_t.c.doc_id, events_t.c.seq)
    return query.where(events_t.c.doc_id.in_(_expanding("doc_ids"))) if by_doc else query


@functools.cache
def _person_roles_stmt(cite: bool) -> Any:
    """:person's roles grouped by (trimmed text, the document when it is one of :doc_ids)."""
    r = roles_t
    text = sa.func.trim(r.c.text)
    cited = (sa.case((r.c.doc_id.in_(_expanding("doc_ids")), r.c.doc_id), else_=sa.null())
             if cite else sa.null())
    # (a top-N subquery to apply the limit in SQL doubles the cost: the groups are few anyway)
    rows = (sa.select(text.label("text"), cited.label("cited"), r.c.doc_id, r.c.seq)
            .where(r.c.person_id == _bp("person")).subquery())
    return sa.select(rows.c.text, rows.c.cited, sa.func.count(sa.distinct(rows.c.doc_id)),
                     sa.func.min(rows.c.seq)).group_by(rows.c.text, rows.c.cited)


# ----------------------------------------------------------------------------------------------
# Helpers


def name_key(text: str) -> str:
    """The lookup key of a name: accents, case, hyphens, spaces and punctuation ignored."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if ch.isalnum()).casefold()


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def _to_db_time(value: datetime) -> datetime:
    """Naive UTC, as stored (portable across SQLite and PostgreSQL ``timestamp``)."""
    if value.tzinfo is not None:
        value = value.astimezone(UTC).replace(tzinfo=None)
    return value


def _from_db_time(value: datetime | None) -> datetime | None:
    return value.replace(tzinfo=UTC) if value is not None else None


def _enable_sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cursor = dbapi_conn.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")  # safe with WAL: consistent, fewer fsyncs
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


def _enable_read_only_pragmas(dbapi_conn: Any, _record: Any) -> None:
    """A read-only store keeps its journal mode (changing it would be a write)."""
    cursor = dbapi_conn.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


def make_engine(url: str) -> Engine:
    """An engine for ``url``; SQLite files get their folder created, WAL and foreign keys. An
    existing SQLite file that cannot be written opens read-only (reads work; a write raises
    :class:`StoreReadOnly`). The store's faults (read-only, disk full, damaged file, locked)
    raise :class:`StoreError` subclasses with one clear line instead of a database error."""
    try:
        parsed = sa.engine.make_url(url)
    except sa.exc.ArgumentError:
        raise StoreError(f"database_url = {_mask_password(url)!r}: not a valid database URL "
                         "(e.g. sqlite:///data/briefbot.sqlite3)") from None
    if parsed.get_backend_name() != "sqlite":
        engine = sa.create_engine(url)
        _translate_faults(engine, _safe_url(url))
        return engine
    path = faults.sqlite_path(parsed)
    parsed = faults.read_only_sqlite_url(parsed) or parsed
    read_only = faults.is_read_only_url(parsed)
    if path is not None:
        if not read_only:
            path.parent.mkdir(parents=True, exist_ok=True)
        engine = sa.create_engine(parsed)
    else:  # in-memory: one shared connection, or every connection sees an empty database
        engine = sa.create_engine(parsed, poolclass=sa.pool.StaticPool,
                                  connect_args={"check_same_thread": False})
    pragmas = _enable_read_only_pragmas if read_only else _enable_sqlite_pragmas
    sa.event.listen(engine, "connect", pragmas)
    _translate_faults(engine, str(path) if path is not None else "in memory")
    return engine


def _translate_faults(engine: Engine, where: str) -> None:
    """Raise the store's own errors (:data:`_FAULTS`) for the faults users can act on."""

    def on_error(context: Any) -> None:
        found = faults.describe(context.original_exception, where=where)
        if found is not None:
            kind, message = found
            raise _FAULTS[kind](message) from None

    sa.event.listen(engine, "handle_error", on_error)


def is_read_only(engine: Engine) -> bool:
    """Whether the engine opened its store read-only."""
    return faults.is_read_only_url(engine.url)


# ----------------------------------------------------------------------------------------------
# The store


class Store:
    """See the module docstring for the full method list."""

    def __init__(self, url: str, *, claim_stale_after: timedelta = CLAIM_STALE_AFTER) -> None:
        self.url = url
        self.claim_stale_after = claim_stale_after
        try:
            self.engine = make_engine(url)
        except ImportError as exc:  # the URL names a driver that is not installed
            raise StoreError(_missing_driver(url, exc)) from None
        except OSError as exc:  # e.g. the SQLite file's folder cannot be created
            raise StoreError(f"cannot open database {_safe_url(url)}: "
                             f"{exc.strerror or exc}: {exc.filename or ''}".rstrip(": ")) from None
        except (sa.exc.ArgumentError, ValueError, TypeError) as exc:  # bad URL query arguments
            raise StoreError(f"database_url = {_safe_url(url)}: {exc}") from None
        try:
            upgrade(self.engine)
        except StoreError:
            self.engine.dispose()
            raise
        except (SQLAlchemyError, OSError, ImportError) as exc:
            self.engine.dispose()
            if isinstance(exc, ImportError):
                raise StoreError(_missing_driver(url, exc)) from None
            raise StoreError(f"cannot open database {_safe_url(url)}: "
                             f"{exc.__class__.__name__}: {getattr(exc, 'orig', exc)}") from None

    @classmethod
    def from_settings(cls, settings: Settings) -> Store:
        return cls(settings.database_url)

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def read_only(self) -> bool:
        """Opened read-only (an SQLite file that cannot be written, or ``?mode=ro``)."""
        return is_read_only(self.engine)

    def backup(self, target: Path | str) -> Path:
        """Write a consistent copy of this (live) SQLite store to ``target`` through SQLite's
        online backup API: writers may go on meanwhile, the copy is one moment of the store.
        It is written next to ``target`` first and renamed into place, so a failed backup
        leaves no half-written file. Returns the path written. Other databases raise
        :class:`StoreError` saying how to back them up with their own tools."""
        if self.engine.dialect.name != "sqlite":
            raise StoreError(
                f"this store is in {self.engine.dialect.name} ({_safe_url(self.url)}): back it "
                "up with the database's own tool, e.g. for PostgreSQL: pg_dump --format=custom "
                "--file=BACKUP.dump DATABASE_URL (and pg_restore to bring it back)")
        source = faults.sqlite_path(self.engine.url)
        target = Path(target).expanduser()
        if target.is_dir():
            raise StoreError(f"backup {target}: is a folder; give a file name")
        if source is not None and target.exists() and target.resolve() == source.resolve():
            raise StoreError(f"backup {target}: that is the store itself; give another file")
        partial = target.with_name(f".{target.name}.partial")
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            partial.unlink(missing_ok=True)
            raw = self.engine.raw_connection()
            try:
                copy = sqlite3.connect(partial)
                try:
                    raw.driver_connection.backup(copy)
                finally:
                    copy.close()
            finally:
                raw.close()
            os.replace(partial, target)
        except sqlite3.Error as exc:
            partial.unlink(missing_ok=True)
            found = faults.describe(exc, where=str(target))
            raise StoreError(found[1] if found else f"backup {target}: {exc}") from None
        except OSError as exc:
            partial.unlink(missing_ok=True)
            raise StoreError(f"backup {target}: {exc.strerror or exc}") from None
        return target

    def schema_version(self) -> int:
        with self.engine.connect() as conn:
            return int(conn.execute(sa.select(sa.func.max(schema_version_table.c.version)))
                       .scalar() or 0)

    def get_meta(self, key: str) -> str | None:
        with self.engine.connect() as conn:
            return conn.execute(sa.select(meta_t.c.value).where(meta_t.c.key == key)).scalar()

    def set_meta(self, key: str, value: str) -> None:
        with self.engine.begin() as conn:
            _set_meta(conn, key, value)

    # -- documents ---------------------------------------------------------------------------

    def document_hashes(self) -> dict[str, tuple[str, str]]:
        with self.engine.connect() as conn:
            rows = conn.execute(sa.select(documents_t.c.id, documents_t.c.sha256,
                                          documents_t.c.path))
            return {r.id: (r.sha256, r.path) for r in rows}

    def curated_hashes(self) -> dict[str, str | None]:
        """``{id: hash of the curated people its extraction used}`` (None: not known)."""
        with self.engine.connect() as conn:
            rows = conn.execute(sa.select(documents_t.c.id, documents_t.c.curated_sha))
            return {r.id: r.curated_sha for r in rows}

    def unresolved(self) -> list[str]:
        """Ids of the documents saved since people and questions were last resolved: readers
        do not see them yet (an ingest is under way, or was interrupted before resolving)."""
        with self.engine.connect() as conn:
            return list(conn.execute(sa.select(documents_t.c.id)
                                     .where(documents_t.c.resolved == sa.false())
                                     .order_by(documents_t.c.id)).scalars())

    def save_document(self, doc: Document, extraction: DocExtraction, *,
                      curated_sha: str | None = None, hidden: bool = False) -> None:
        """Store ``doc`` with its extraction (replacing an older version), in one transaction.
        ``hidden``: readers do not see it until :meth:`save_resolution` includes it (the
        ingest's way: a document appears with its people and questions, or not at all).
        ``curated_sha``: the hash of the curated people the extraction used."""
        if extraction.doc_id != doc.id:
            raise ValueError(f"extraction is for {extraction.doc_id!r}, not {doc.id!r}")
        with self.engine.begin() as conn:
            self._delete_document(conn, doc.id)
            conn.execute(sa.insert(documents_t).values(
                id=doc.id, path=doc.path, title=doc.title, source=doc.source, url=doc.url,
                published=doc.published, published_is_estimate=doc.published_is_estimate,
                body=doc.body, words=doc.words, sha256=doc.sha256, ingested_at=_now(),
                resolved=not hidden, curated_sha=curated_sha,
            ))
            self._insert_extraction(conn, extraction)

    def save_documents(self, pairs: Iterable[tuple[Document, DocExtraction]]) -> int:
        """Insert many new documents with their extractions in ONE transaction (bulk loads:
        benchmarks, imports); ids already stored are an error (IntegrityError). Returns how many
        were written."""
        documents: list[dict[str, Any]] = []
        extractions: list[DocExtraction] = []
        now = _now()
        for doc, extraction in pairs:
            if extraction.doc_id != doc.id:
                raise ValueError(f"extraction is for {extraction.doc_id!r}, not {doc.id!r}")
            documents.append(dict(
                id=doc.id, path=doc.path, title=doc.title, source=doc.source, url=doc.url,
                published=doc.published, published_is_estimate=doc.published_is_estimate,
                body=doc.body, words=doc.words, sha256=doc.sha256, ingested_at=now))
            extractions.append(extraction)
        if not documents:
            return 0
        with self.engine.begin() as conn:
            conn.execute(sa.insert(documents_t), documents)
            self._insert_extractions(conn, extractions)
        return len(documents)

    def save_extraction(self, extraction: DocExtraction, *,
                        curated_sha: str | None = None, hidden: bool = False) -> None:
        """Replace the per-document extraction rows of a stored document (the document row,
        its ingestion time included, is kept; ``hidden``: unseen until the next resolution).
        KeyError when the document is not stored."""
        with self.engine.begin() as conn:
            updated = conn.execute(sa.update(documents_t)
                                   .where(documents_t.c.id == extraction.doc_id)
                                   .values(curated_sha=curated_sha,
                                           **({"resolved": False} if hidden else {})))
            if updated.rowcount == 0:
                raise KeyError(extraction.doc_id)
            for table in (doc_people_t, quotes_t, events_t, doc_questions_t):
                conn.execute(sa.delete(table).where(table.c.doc_id == extraction.doc_id))
            self._insert_extraction(conn, extraction)

    def delete_document(self, id: str) -> None:
        with self.engine.begin() as conn:
            self._delete_document(conn, id)

    @staticmethod
    def _delete_document(conn: Connection, doc_id: str) -> None:
        # Explicit child deletes: correct even where ON DELETE CASCADE is not enforced.
        for table in (doc_people_t, quotes_t, events_t, doc_questions_t):
            conn.execute(sa.delete(table).where(table.c.doc_id == doc_id))
        conn.execute(sa.delete(documents_t).where(documents_t.c.id == doc_id))

    @staticmethod
    def _insert_extraction(conn: Connection, x: DocExtraction) -> None:
        Store._insert_extractions(conn, [x])

    @staticmethod
    def _insert_extractions(conn: Connection, extractions: Sequence[DocExtraction]) -> None:
        rows: list[tuple[sa.Table, list[dict[str, Any]]]] = [
            (doc_people_t, [
                {"doc_id": x.doc_id, "seq": i, "key": p.key, "name": p.name,
                 "aliases": list(p.aliases), "roles": list(p.roles),
                 "mentions": [list(m) for m in p.mentions]}
                for x in extractions for i, p in enumerate(x.people)]),
            (quotes_t, [
                {"doc_id": x.doc_id, "seq": i, "text": q.text, "start": q.start, "end": q.end,
                 "speaker_key": q.speaker, "speaker_text": q.speaker_text, "kind": q.kind}
                for x in extractions for i, q in enumerate(x.quotes)]),
            (events_t, [
                {"doc_id": x.doc_id, "seq": i, "date": e.date, "precision": e.precision,
                 "date_text": e.date_text, "text": e.text, "start": e.start, "end": e.end}
                for x in extractions for i, e in enumerate(x.events)]),
            (doc_questions_t, [
                {"doc_id": x.doc_id, "seq": i, "text": q.text, "topic": list(q.topic),
                 "stances": [_stance_json(s) for s in q.stances], "start": q.start,
                 "end": q.end}
                for x in extractions for i, q in enumerate(x.questions)]),
        ]
        for table, values in rows:
            if values:
                conn.execute(sa.insert(table), values)

    def documents(
        self,
        *,
        since: datetime | None = None,
        until: datetime | None = None,
        published_since: date | None = None,
        published_until: date | None = None,
        ids: Iterable[str] | None = None,
        limit: int | None = None,
    ) -> list[DocumentRecord]:
        """Documents, newest publication first (undated last), then by id; bodies are not read.

        ``since``/``until``: ingested in [since, until); ``published_since``/``published_until``:
        published in [published_since, published_until] (days, inclusive; a document without a
        publication date counts by its ingestion day); ``ids``: only these; ``limit``: at most
        this many (the newest)."""
        if limit is not None and limit <= 0:
            return []
        query, wanted = self._documents_query(
            _DOC_COLUMNS, since=since, until=until, published_since=published_since,
            published_until=published_until, ids=ids)
        if query is None:
            return []
        query = query.order_by(*(_NEWEST_FIRST if since is None else _NEWEST_FIRST_SORTED))
        with self.engine.connect() as conn:
            if wanted is None:
                rows = conn.execute(query if limit is None else query.limit(limit)).all()
            else:  # many ids: primary-key lookups in chunks, merged in the same order
                rows = sorted(_in_chunks(conn, query, wanted), key=_newest_first_key)
        return [_document_record(r) for r in rows[:limit]]

    def count_documents(
        self,
        *,
        published_since: date | None = None,
        published_until: date | None = None,
        ids: Iterable[str] | None = None,
    ) -> int:
        """How many documents :meth:`documents` would return with these filters."""
        query, wanted = self._documents_query(
            [documents_t.c.id], published_since=published_since,
            published_until=published_until, ids=ids)
        if query is None:
            return 0
        with self.engine.connect() as conn:
            if wanted is not None:
                return len(_in_chunks(conn, query, wanted))
            counted = sa.select(sa.func.count()).select_from(query.subquery())
            return int(conn.execute(counted).scalar() or 0)

    @staticmethod
    def _documents_query(
        columns: Sequence[Any],
        *,
        since: datetime | None = None,
        until: datetime | None = None,
        published_since: date | None = None,
        published_until: date | None = None,
        ids: Iterable[str] | None = None,
    ) -> tuple[Any, set[str] | None]:
        """The filtered select, and the id set to filter on while reading when it is too large
        for an ``IN (...)`` list (None otherwise). ``(None, None)``: nothing can match."""
        t = documents_t
        query = sa.select(*columns).where(t.c.resolved == sa.true())
        if since is not None:
            query = query.where(t.c.ingested_at >= _to_db_time(since))
        if until is not None:
            query = query.where(t.c.ingested_at < _to_db_time(until))
        if published_since is not None:
            start = datetime.combine(published_since, datetime.min.time())
            query = query.where(sa.or_(t.c.published >= published_since,
                                       sa.and_(t.c.published.is_(None), t.c.ingested_at >= start)))
        if published_until is not None:
            end = datetime.combine(published_until + timedelta(days=1), datetime.min.time())
            query = query.where(sa.or_(t.c.published <= published_until,
                                       sa.and_(t.c.published.is_(None), t.c.ingested_at < end)))
        wanted = None
        if ids is not None:
            wanted = set(ids)
            if not wanted:
                return None, None
            if len(wanted) <= MAX_IN_IDS:
                query = query.where(t.c.id.in_(sorted(wanted)))
                wanted = None
        return query, wanted

    def documents_mentioning(
        self, person_id: str, *, limit: int | None = None
    ) -> list[DocumentRecord]:
        """The documents that mention the person (by the resolution's mention map), newest
        publication first, at most ``limit``.

        Two plans, chosen by how many documents the person has (k) among all (n): few -> read
        their documents through the mention map and sort them (cost ~k); many -> walk the
        publication index newest first and keep the person's documents until ``limit`` are found
        (cost ~limit * n / k)."""
        if limit is not None and limit <= 0:
            return []
        counts, drive, walk = _mentioning_stmts()
        with self.engine.connect() as conn:
            k, n = conn.execute(counts, {"person": person_id}).one()
            if not k:
                return []
            plan = walk if limit is not None and k * k >= limit * (n or 0) else drive
            rows = conn.execute(plan, {"person": person_id, "limit": k if limit is None else limit})
            return [_document_record(r) for r in rows]

    def document_ids_matching(self, text: str) -> set[str]:
        """Ids of the documents whose title, or one of whose events or quotes, contains ``text``
        (case-insensitive). A full scan of those texts: for topic briefings, not lookups."""
        needle = text.lower()
        if not needle:
            return set()
        queries = [
            sa.select(documents_t.c.id)
            .where(sa.func.lower(documents_t.c.title).contains(needle, autoescape=True)),
            sa.select(events_t.c.doc_id)
            .where(sa.func.lower(events_t.c.text).contains(needle, autoescape=True)),
            sa.select(quotes_t.c.doc_id)
            .where(sa.func.lower(quotes_t.c.text).contains(needle, autoescape=True)),
        ]
        found: set[str] = set()
        with self.engine.connect() as conn:
            for query in queries:
                found.update(conn.execute(query).scalars())
        return found

    def document_ids_about(self, topic: str) -> set[str]:
        """Ids of the documents whose title, one of whose events or quotes, or an open question
        they draw on (its text or a stance) contains ``topic`` (case-insensitive): what a topic
        briefing reads. SQLite: a trigram full-text index kept by triggers (schema 6); other
        databases and topics under three characters: a scan of those columns."""
        with self.engine.connect() as conn:
            return search.topic_document_ids(conn, topic)

    def document(self, id: str) -> DocumentRecord | None:
        with self.engine.connect() as conn:
            row = conn.execute(sa.select(*_DOC_COLUMNS).where(
                documents_t.c.id == id, documents_t.c.resolved == sa.true())).first()
        return _document_record(row) if row else None

    def document_bodies(self, ids: Iterable[str]) -> dict[str, str]:
        wanted = list(dict.fromkeys(ids))
        if not wanted:
            return {}
        query = sa.select(documents_t.c.id, documents_t.c.body).where(documents_t.c.id.in_(wanted))
        with self.engine.connect() as conn:
            return {r.id: r.body for r in conn.execute(query)}

    def extractions(self) -> list[tuple[Document, DocExtraction]]:
        with self.engine.connect() as conn:
            docs = conn.execute(sa.select(documents_t).order_by(documents_t.c.id)).all()
            people = _group(conn, doc_people_t)
            quotes = _group(conn, quotes_t)
            events = _group(conn, events_t)
            questions = _group(conn, doc_questions_t)
        out = []
        for d in docs:
            document = Document(
                id=d.id, path=d.path, title=d.title, body=d.body, sha256=d.sha256,
                source=d.source, url=d.url, published=d.published,
                published_is_estimate=bool(d.published_is_estimate))
            extraction = DocExtraction(
                doc_id=d.id,
                people=tuple(_person(r) for r in people.get(d.id, ())),
                quotes=tuple(_quote(r) for r in quotes.get(d.id, ())),
                events=tuple(_event(r) for r in events.get(d.id, ())),
                questions=tuple(_candidate(r) for r in questions.get(d.id, ())),
            )
            out.append((document, extraction))
        return out

    # -- resolution ----------------------------------------------------------------------------

    def save_resolution(
        self,
        people: Sequence[PersonRecord],
        ids: Mapping[tuple[str, str], str],
        questions: Sequence[QuestionRecord],
        *,
        documents: Mapping[str, str] | None = None,
    ) -> None:
        """Replace the cross-document tables, and in the SAME transaction let readers see the
        documents the resolution was made from: ``documents`` maps their ids to the sha256
        they had then (a document saved again meanwhile stays unseen until the next
        resolution); None: every stored document."""
        with self.engine.begin() as conn:
            for table in (stances_t, question_docs_t, questions_t, mentions_t, roles_t, aliases_t,
                          people_t):
                conn.execute(sa.delete(table))
            _insert_people(conn, people)
            if ids:
                conn.execute(sa.insert(mentions_t), [
                    {"doc_id": doc_id, "local_key": key, "person_id": pid}
                    for (doc_id, key), pid in ids.items()])
            _insert_questions(conn, questions)
            _mark_resolved(conn, documents)
            _set_meta(conn, PEOPLE_VERSION_META, uuid.uuid4().hex)

    def people(
        self, *, doc_ids: Iterable[str] | None = None, ids: Iterable[str] | None = None
    ) -> list[PersonRecord]:
        """Everyone, most mentioned first; with ``ids``, only those people (all their roles;
        unknown ids are skipped); with ``doc_ids``, the people those documents mention,
        each with only the roles those documents give (a central person's roles across the
        whole store are not read). ``documents`` always lists all of a person's documents."""
        if ids is not None and doc_ids is not None:
            raise ValueError("people(): give ids or doc_ids, not both")
        if ids is not None:
            return self._people_by_ids(list(dict.fromkeys(ids)))
        if doc_ids is None:
            return self._people_where(None)
        wanted = list(dict.fromkeys(doc_ids))
        if not wanted:
            return []
        keep = set(wanted)
        few = len(wanted) <= MAX_IN_IDS
        with self.engine.connect() as conn:
            if few:
                pids = set(conn.execute(sa.select(mentions_t.c.person_id)
                                        .where(mentions_t.c.doc_id.in_(wanted))).scalars())
            else:  # one scan of the mention map beats a huge IN (...) list
                pids = {pid for pid, doc_id in conn.execute(
                    sa.select(mentions_t.c.person_id, mentions_t.c.doc_id)) if doc_id in keep}
            if not pids:
                return []
            found = self._load_people(conn, sorted(pids) if len(pids) <= MAX_IN_IDS else None,
                                      roles_where=roles_t.c.doc_id.in_(wanted) if few else None)
        found = [p for p in found if p.id in pids]
        if few:
            return found
        return [replace(p, roles=tuple(r for r in p.roles if r.doc_id in keep)) for p in found]

    def _people_by_ids(self, ids: list[str]) -> list[PersonRecord]:
        if not ids:
            return []
        with self.engine.connect() as conn:
            found: list[PersonRecord] = []
            for i in range(0, len(ids), MAX_IN_IDS):  # stay under the bound-parameter limit
                found += self._load_people(conn, ids[i:i + MAX_IN_IDS])
        if len(ids) > MAX_IN_IDS:
            found.sort(key=lambda p: (-p.mentions, p.id))
        return found

    def person(self, id: str) -> PersonRecord | None:
        found = self._people_where(people_t.c.id == id)
        return found[0] if found else None

    def find_people(
        self, query: str, *, limit: int = 10, max_roles: int | None = None
    ) -> list[PersonRecord]:
        """People whose name or an alias matches ``query`` by :func:`name_key`, best first:
        exact display name, exact alias, key prefix, key substring (each tier most mentioned
        first). Each record carries at most ``max_roles`` roles (its first; None: all, 0: none).

        Tiers are read in turn until ``limit`` people are found: exact keys and prefixes are
        index lookups (a prefix is the key range [q, q + U+10FFFF)); the substring tier, the
        only scan of the aliases, runs only when those left room (with ``limit=1``: only when
        nothing else matched)."""
        key = name_key(query)
        if not key or limit <= 0:
            return []
        with self.engine.connect() as conn:
            rows: list[Any] = []
            # the substring tier, the only scan of the aliases, runs only if the index lookups
            # of the first two left room
            for tier in ("exact", "prefix", "substring"):
                params: dict[str, Any] = {"key": key, "limit": limit - len(rows)}
                if tier == "prefix":
                    params["end"] = key + _KEY_MAX
                if rows:
                    params["exclude"] = [r.id for r in rows]
                rows += conn.execute(_rank_people_stmt(tier, bool(rows)), params).all()
                if len(rows) >= limit:
                    break
            if not rows:
                return []
            return self._load_people(conn, [r.id for r in rows], rows=rows,
                                     with_roles=max_roles is None or max_roles > 0,
                                     first_roles=max_roles or None)

    def person_roles(
        self, person_id: str, *, doc_ids: Iterable[str] = (), limit: int | None = None
    ) -> list[RoleSummary]:
        """The person's distinct roles (surrounding whitespace ignored) in the order first given,
        at most ``limit``: each with how many documents give it and which of ``doc_ids`` do.

        One grouped statement (the person's role rows are not sent to Python one by one): a
        group per role for the documents outside ``doc_ids`` and one per role and document among
        them, so the counts add up exactly; ``limit`` applies to those few groups. (Roles
        differing only in surrounding whitespace other than spaces are merged after counting:
        a document giving both counts twice.)"""
        if limit is not None and limit <= 0:
            return []
        wanted = list(dict.fromkeys(doc_ids))
        grouped = _person_roles_stmt(bool(wanted))
        params: dict[str, Any] = {"person": person_id}
        if wanted:
            params["doc_ids"] = wanted
        first: dict[str, int] = {}
        counts: dict[str, int] = {}
        given: dict[str, list[tuple[int, str]]] = {}
        with self.engine.connect() as conn:
            for text_, doc_id, n, seq in conn.execute(grouped, params):
                key = text_.strip()
                first[key] = min(seq, first.get(key, seq))
                counts[key] = counts.get(key, 0) + n
                if doc_id is not None:
                    given.setdefault(key, []).append((seq, doc_id))
        order = sorted(first, key=first.__getitem__)[:limit]
        return [RoleSummary(key, counts[key],
                            tuple(dict.fromkeys(d for _, d in sorted(given.get(key, ())))))
                for key in order]

    def close_names(self, query: str, *, limit: int = 5, cutoff: float = 60) -> list[str]:
        """Display names of the people whose name or an alias is closest to ``query`` (case
        ignored; similarity at least ``cutoff`` of 100, best first): "did you mean".

        One fuzzy matcher (rapidfuzz) over the list of known names, kept per store object and
        rebuilt only when a resolution changed the people (a version in ``meta``): a miss costs
        one indexed read and a C scan of the names, not a read of every alias."""
        if limit <= 0 or not query.strip():
            return []
        keys, display = self._name_list()
        found = rf_process.extract(query.lower(), keys, scorer=rf_fuzz.ratio,
                                   limit=limit * 2, score_cutoff=cutoff)
        return list(dict.fromkeys(display[i] for _, _, i in found))[:limit]

    def _name_list(self) -> tuple[list[str], list[str]]:
        with self.engine.connect() as conn:
            version = conn.execute(sa.select(meta_t.c.value)
                                   .where(meta_t.c.key == PEOPLE_VERSION_META)).scalar()
            cached = getattr(self, "_names", None)
            if cached is not None and cached[0] == version and version is not None:
                return cached[1], cached[2]
            first: dict[str, str] = {}
            for alias, name in conn.execute(sa.select(aliases_t.c.alias, people_t.c.name).join(
                    people_t, people_t.c.id == aliases_t.c.person_id)):
                first.setdefault(alias.lower(), name)
        self._names = (version, list(first), list(first.values()))
        return self._names[1], self._names[2]

    def names(self) -> list[tuple[str, str]]:
        """Every (name or alias, display name) pair, for "did you mean" suggestions."""
        pairs = sa.select(aliases_t.c.alias, people_t.c.name).join(
            people_t, people_t.c.id == aliases_t.c.person_id)
        with self.engine.connect() as conn:
            return [(alias, name) for alias, name in conn.execute(pairs)]

    def people_by_word_prefix(self, prefix: str, *, limit: int = 25) -> list[str]:
        """Display names of the people whose name or an alias has a word starting with
        ``prefix`` (case-insensitive; spaces normalised), most mentioned first."""
        needle = " ".join(prefix.lower().split())
        if limit <= 0:
            return []
        alias = sa.func.lower(aliases_t.c.alias)
        like = needle.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        query = (
            sa.select(people_t.c.name)
            .join(aliases_t, aliases_t.c.person_id == people_t.c.id)
            .where(sa.or_(alias.like(f"{like}%", escape="\\"),
                          alias.like(f"% {like}%", escape="\\")))
            .group_by(people_t.c.id, people_t.c.name, people_t.c.mentions)
            .order_by(people_t.c.mentions.desc(), people_t.c.name)
            .limit(limit)
        )
        with self.engine.connect() as conn:
            return list(conn.execute(query).scalars())

    def _people_where(self, condition: Any) -> list[PersonRecord]:
        with self.engine.connect() as conn:
            if condition is None:
                return self._load_people(conn, None)
            ids = list(conn.execute(sa.select(people_t.c.id).where(condition)).scalars())
            return self._load_people(conn, ids) if ids else []

    @staticmethod
    def _load_people(
        conn: Connection, ids: Sequence[str] | None, *, roles_where: Any = None,
        with_roles: bool = True, first_roles: int | None = None, rows: Sequence[Any] | None = None,
    ) -> list[PersonRecord]:
        """People ``ids`` (None: everyone) with their aliases and roles, most mentioned first --
        or, given their ``rows`` already read, in that order. Roles: those ``roles_where`` keeps
        (None: all), each person's first ``first_roles`` (None: all), none without
        ``with_roles``."""
        if rows is None:
            query = sa.select(people_t).order_by(people_t.c.mentions.desc(), people_t.c.id)
            if ids is not None:
                query = query.where(people_t.c.id.in_(ids))
            rows = conn.execute(query).all()
        if not rows:
            return []
        if ids is None:
            alias_rows = conn.execute(
                sa.select(aliases_t.c.person_id, aliases_t.c.alias).where(aliases_t.c.seq > 0)
                .order_by(aliases_t.c.person_id, aliases_t.c.seq))
        else:
            alias_rows = conn.execute(_aliases_of_stmt(), {"ids": list(ids)})
        aliases: dict[str, list[str]] = {}
        for pid, alias in alias_rows:
            aliases.setdefault(pid, []).append(alias)
        roles: dict[str, list[Role]] = {}
        if with_roles:
            if roles_where is None and ids is not None:
                params: dict[str, Any] = {"ids": list(ids)}
                if first_roles is not None:
                    params["first"] = first_roles
                role_rows = conn.execute(_roles_of_stmt(first_roles is not None), params)
            else:
                role_query = (sa.select(roles_t.c.person_id, roles_t.c.text, roles_t.c.doc_id)
                              .order_by(roles_t.c.person_id, roles_t.c.seq))
                if roles_where is not None:
                    role_query = role_query.where(roles_where)
                if ids is not None:
                    role_query = role_query.where(roles_t.c.person_id.in_(ids))
                role_rows = conn.execute(role_query)
            for pid, text, doc_id in role_rows:
                roles.setdefault(pid, []).append(Role(text, doc_id))
        return [
            PersonRecord(id=r.id, name=r.name, aliases=tuple(aliases.get(r.id, ())),
                         roles=tuple(roles.get(r.id, ())), documents=tuple(r.documents),
                         mentions=r.mentions)
            for r in rows
        ]

    def quotes(
        self, *, doc_ids: Iterable[str] | None = None, speaker_id: str | None = None
    ) -> list[QuoteRecord]:
        query = _quotes_stmt(doc_ids is not None, speaker_id is not None)
        params: dict[str, Any] = {}
        if doc_ids is not None:
            params["doc_ids"] = list(doc_ids)
        if speaker_id is not None:
            params["speaker"] = speaker_id
        with self.engine.connect() as conn:
            return [QuoteRecord(id=r.id, doc_id=r.doc_id, speaker_id=r.speaker_id,
                                speaker_text=r.speaker_text, text=r.text, kind=r.kind,
                                start=r.start, end=r.end)
                    for r in conn.execute(query, params)]

    def events(self, *, doc_ids: Iterable[str] | None = None) -> list[EventRecord]:
        query = _events_stmt(doc_ids is not None)
        params = {"doc_ids": list(doc_ids)} if doc_ids is not None else {}
        with self.engine.connect() as conn:
            return [EventRecord(id=r.id, doc_id=r.doc_id, date=r.date, precision=r.precision,
                                date_text=r.date_text, text=r.text, start=r.start)
                    for r in conn.execute(query, params)]

    def questions(
        self, *, doc_ids: Iterable[str] | None = None, status: str | None = None
    ) -> list[QuestionRecord]:
        """Questions in order, with their stances; ``status``: only those with it; ``doc_ids``:
        only those drawing on one of these documents. Both filters run in SQL (above
        :data:`MAX_IN_IDS` document ids, the question-document map is scanned instead)."""
        if status is not None:
            _check_choice("status", status, QUESTION_STATUSES)
        chosen = sa.select(questions_t.c.id)
        if status is not None:
            chosen = chosen.where(questions_t.c.status == status)
        wanted: set[str] | None = None
        if doc_ids is not None:
            docs = list(dict.fromkeys(doc_ids))
            if not docs:
                return []
            if len(docs) <= MAX_IN_IDS:
                chosen = chosen.where(questions_t.c.id.in_(
                    sa.select(question_docs_t.c.question_id)
                    .where(question_docs_t.c.doc_id.in_(docs))))
            else:
                wanted = set(docs)
        with self.engine.connect() as conn:
            if wanted is not None:  # one scan of the map beats a huge IN (...) list
                keep = {qid for qid, doc_id in conn.execute(
                    sa.select(question_docs_t.c.question_id, question_docs_t.c.doc_id))
                    if doc_id in wanted}
            rows = conn.execute(sa.select(questions_t).where(questions_t.c.id.in_(chosen))
                                .order_by(questions_t.c.seq)).all()
            if wanted is not None:
                rows = [r for r in rows if r.id in keep]
            stances = _group(conn, stances_t, key="question_id",
                             where=stances_t.c.question_id.in_(chosen)) if rows else {}
        return [
            QuestionRecord(
                id=r.id, text=r.text, status=r.status, docs=tuple(r.docs),
                stances=tuple(StanceRecord(doc_id=s.doc_id, speaker_id=s.speaker_id,
                                           speaker_text=s.speaker_text, text=s.text,
                                           leaning=s.leaning)
                              for s in stances.get(r.id, ())))
            for r in rows
        ]

    def set_question_status(self, id: str, status: str) -> None:
        _check_choice("status", status, QUESTION_STATUSES)
        with self.engine.begin() as conn:
            updated = conn.execute(
                sa.update(questions_t).where(questions_t.c.id == id).values(status=status))
            if updated.rowcount == 0:
                raise KeyError(id)
            conn.execute(sa.delete(question_status_t).where(question_status_t.c.question_id == id))
            conn.execute(sa.insert(question_status_t).values(
                question_id=id, status=status, updated_at=_now()))

    # -- schedules -------------------------------------------------------------------------------

    def add_schedule(self, schedule: Schedule) -> None:
        with self.engine.begin() as conn:
            conn.execute(sa.delete(schedules_t).where(schedules_t.c.id == schedule.id))
            conn.execute(sa.insert(schedules_t).values(
                id=schedule.id, target=schedule.target, time=schedule.time,
                timezone=schedule.timezone, created_by=schedule.created_by,
                guild=schedule.guild, format=schedule.format))

    def schedules(self) -> list[Schedule]:
        with self.engine.connect() as conn:
            rows = conn.execute(sa.select(schedules_t).order_by(schedules_t.c.id))
            return [_schedule(r) for r in rows]

    def schedule(self, id: str) -> Schedule | None:
        with self.engine.connect() as conn:
            row = conn.execute(sa.select(schedules_t).where(schedules_t.c.id == id)).first()
        return _schedule(row) if row else None

    def remove_schedule(self, id: str) -> bool:
        with self.engine.begin() as conn:
            return conn.execute(sa.delete(schedules_t).where(schedules_t.c.id == id)).rowcount > 0

    # -- posting ledger --------------------------------------------------------------------------

    def claim_post(
        self,
        target: str,
        window_key: str,
        *,
        schedule_id: str | None = None,
        stale_after: timedelta | None = None,
    ) -> bool:
        """Claim the window for ``target``: True when this caller now owns it. An existing row
        is taken over only when it 'failed', or is 'pending' with a claim older than
        ``stale_after`` (default ``self.claim_stale_after``: the claimer crashed). Atomic: the
        take-over is one conditional UPDATE, so of racing callers exactly one wins."""
        stale = self.claim_stale_after if stale_after is None else stale_after
        now = _now()
        row = {"target": target, "window_key": window_key, "status": "pending",
               "schedule_id": schedule_id, "message_ids": [], "error": None, "at": now}
        try:
            with self.engine.begin() as conn:
                conn.execute(sa.insert(posts_t).values(**row))
            return True
        except IntegrityError:
            pass
        takeover = sa.or_(posts_t.c.status == "failed",
                          sa.and_(posts_t.c.status == "pending", posts_t.c.at < now - stale))
        with self.engine.begin() as conn:
            result = conn.execute(
                sa.update(posts_t)
                .where(posts_t.c.target == target, posts_t.c.window_key == window_key, takeover)
                .values(status="pending", schedule_id=schedule_id, message_ids=[], error=None,
                        at=now))
            return result.rowcount == 1

    def record_post(
        self,
        target: str,
        window_key: str,
        *,
        status: str,
        message_ids: Sequence[str] = (),
        error: str | None = None,
    ) -> None:
        _check_choice("status", status, POST_STATUSES)
        values = {"status": status, "message_ids": [str(m) for m in message_ids],
                  "error": error}
        # ``at`` keeps the claim time: the digest was built after it, so the next digest's
        # window, which starts at the last post's ``at``, can repeat a late article but never
        # miss one ingested while this one was being built and sent.
        with self.engine.begin() as conn:
            result = conn.execute(
                sa.update(posts_t)
                .where(posts_t.c.target == target, posts_t.c.window_key == window_key)
                .values(**values))
            if result.rowcount == 0:
                conn.execute(sa.insert(posts_t).values(target=target, window_key=window_key,
                                                       at=_now(), **values))

    def last_post(self, target: str, *, status: str = "sent") -> PostRecord | None:
        query = (sa.select(posts_t)
                 .where(posts_t.c.target == target, posts_t.c.status == status)
                 .order_by(posts_t.c.at.desc(), posts_t.c.id.desc()).limit(1))
        with self.engine.connect() as conn:
            row = conn.execute(query).first()
        return _post(row) if row else None

    def posts(self, target: str | None = None) -> list[PostRecord]:
        query = sa.select(posts_t).order_by(posts_t.c.at, posts_t.c.id)
        if target is not None:
            query = query.where(posts_t.c.target == target)
        with self.engine.connect() as conn:
            return [_post(r) for r in conn.execute(query)]


# ----------------------------------------------------------------------------------------------
# Row <-> record conversion


def _safe_url(url: str) -> str:
    try:
        return sa.engine.make_url(url).render_as_string(hide_password=True)
    except sa.exc.ArgumentError:
        return "(invalid URL)"


def _mask_password(text: str) -> str:
    """``text`` with a ``user:password@`` part's password hidden (for URLs that do not parse)."""
    return re.sub(r"(//[^/:@\s]*:)[^@/\s]*@", r"\1***@", text)


#: Python module -> the package to install for it (database drivers SQLAlchemy imports).
_DRIVER_PACKAGES = {
    "psycopg": "psycopg[binary]", "psycopg2": "psycopg2-binary", "MySQLdb": "mysqlclient",
    "pymysql": "PyMySQL", "asyncpg": "asyncpg", "oracledb": "oracledb", "cx_Oracle": "cx_Oracle",
    "pyodbc": "pyodbc", "pymssql": "pymssql", "pysqlcipher3": "sqlcipher3", "pg8000": "pg8000",
}


def _missing_driver(url: str, exc: ImportError) -> str:
    module = (exc.name or "").split(".")[0]
    if not module:
        return f"cannot open database {_safe_url(url)}: {exc}"
    package = _DRIVER_PACKAGES.get(module, module)
    return (f"cannot open database {_safe_url(url)}: its driver is not installed "
            f"(no module {module!r}); install it: pip install '{package}'")


def _check_choice(name: str, value: str, allowed: Sequence[str]) -> None:
    if value not in allowed:
        raise ValueError(f"{name} = {value!r}: expected one of {', '.join(allowed)}")


def _group(
    conn: Connection, table: sa.Table, *, key: str = "doc_id", where: Any = None
) -> dict[str, list[Any]]:
    query = sa.select(table).order_by(table.c[key], table.c.seq)
    if where is not None:
        query = query.where(where)
    grouped: dict[str, list[Any]] = {}
    for row in conn.execute(query):
        grouped.setdefault(getattr(row, key), []).append(row)
    return grouped


def _document_record(r: Any) -> DocumentRecord:
    return DocumentRecord(
        id=r.id, path=r.path, title=r.title, source=r.source, url=r.url,
        published=_as_date(r.published), published_is_estimate=bool(r.published_is_estimate),
        words=r.words, sha256=r.sha256, ingested_at=_from_db_time(r.ingested_at))


def _as_date(value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


def _stance_json(s: Stance) -> dict[str, Any]:
    return {"speaker": s.speaker, "speaker_text": s.speaker_text, "text": s.text,
            "leaning": s.leaning}


def _person(r: Any) -> Person:
    return Person(key=r.key, name=r.name, aliases=tuple(r.aliases), roles=tuple(r.roles),
                  mentions=tuple((int(a), int(b)) for a, b in r.mentions))


def _quote(r: Any) -> Quote:
    return Quote(text=r.text, start=r.start, end=r.end, speaker=r.speaker_key,
                 speaker_text=r.speaker_text, kind=r.kind)


def _event(r: Any) -> Event:
    return Event(date=r.date, precision=r.precision, date_text=r.date_text, text=r.text,
                 start=r.start, end=r.end)


def _candidate(r: Any) -> QuestionCandidate:
    return QuestionCandidate(
        text=r.text, topic=tuple(r.topic),
        stances=tuple(Stance(speaker=s["speaker"], speaker_text=s["speaker_text"],
                             text=s["text"], leaning=s["leaning"]) for s in r.stances),
        start=r.start, end=r.end)


def _set_meta(conn: Connection, key: str, value: str) -> None:
    conn.execute(sa.delete(meta_t).where(meta_t.c.key == key))
    conn.execute(sa.insert(meta_t).values(key=key, value=value))


#: The :meth:`Store.get_meta` key that changes with every resolution (the name matcher's cue).
PEOPLE_VERSION_META = "people_version"


def _in_chunks(conn: Connection, query: Any, ids: Iterable[str]) -> list[Any]:
    """The rows of ``query`` for ``ids``, read :data:`MAX_IN_IDS` primary keys at a time (a
    large selection costs its own size, not a scan of every document)."""
    wanted = sorted(ids)
    rows: list[Any] = []
    for i in range(0, len(wanted), MAX_IN_IDS):
        rows += conn.execute(query.where(documents_t.c.id.in_(wanted[i:i + MAX_IN_IDS]))).all()
    return rows


def _newest_first_key(row: Any) -> tuple:
    published = _as_date(row.published)
    return (published is None, -published.toordinal() if published else 0, row.id)


def _mark_resolved(conn: Connection, documents: Mapping[str, str] | None) -> None:
    """Show the unresolved documents the resolution included (by id and content hash)."""
    waiting = sa.select(documents_t.c.id, documents_t.c.sha256).where(
        documents_t.c.resolved == sa.false())
    done = [r.id for r in conn.execute(waiting)
            if documents is None or documents.get(r.id) == r.sha256]
    for i in range(0, len(done), MAX_IN_IDS):
        conn.execute(sa.update(documents_t).where(documents_t.c.id.in_(done[i:i + MAX_IN_IDS]))
                     .values(resolved=True))


def _insert_people(conn: Connection, people: Sequence[PersonRecord]) -> None:
    if not people:
        return
    conn.execute(sa.insert(people_t), [
        {"id": p.id, "name": p.name, "mentions": p.mentions, "documents": list(p.documents)}
        for p in people])
    aliases = [
        {"person_id": p.id, "seq": i, "alias": alias, "key": name_key(alias)}
        for p in people
        for i, alias in enumerate(dict.fromkeys((p.name, *p.aliases)))
    ]
    conn.execute(sa.insert(aliases_t), aliases)
    roles = [{"person_id": p.id, "seq": i, "text": r.text, "doc_id": r.doc_id}
             for p in people for i, r in enumerate(p.roles)]
    if roles:
        conn.execute(sa.insert(roles_t), roles)


def _insert_questions(conn: Connection, questions: Sequence[QuestionRecord]) -> None:
    if not questions:
        return
    kept = dict(conn.execute(sa.select(question_status_t.c.question_id,
                                       question_status_t.c.status)).all())
    conn.execute(sa.insert(questions_t), [
        {"id": q.id, "seq": i, "text": q.text, "status": kept.get(q.id, q.status),
         "docs": list(q.docs)}
        for i, q in enumerate(questions)])
    question_docs = [{"question_id": q.id, "doc_id": d}
                     for q in questions for d in dict.fromkeys(q.docs)]
    if question_docs:
        conn.execute(sa.insert(question_docs_t), question_docs)
    stances = [
        {"question_id": q.id, "seq": i, "doc_id": s.doc_id, "speaker_id": s.speaker_id,
         "speaker_text": s.speaker_text, "text": s.text, "leaning": s.leaning}
        for q in questions for i, s in enumerate(q.stances)]
    if stances:
        conn.execute(sa.insert(stances_t), stances)


def _schedule(r: Any) -> Schedule:
    return Schedule(id=r.id, target=r.target, time=r.time, timezone=r.timezone,
                    created_by=r.created_by, guild=r.guild, format=r.format)


def _post(r: Any) -> PostRecord:
    return PostRecord(target=r.target, window_key=r.window_key, status=r.status,
                      schedule_id=r.schedule_id, message_ids=tuple(r.message_ids),
                      error=r.error, at=_from_db_time(r.at))
