"""Tables of the current schema and the migrations that build them, version by version."""
from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from itertools import groupby
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Dialect, Engine

from ..merge.people import person_keys
from ..models import Person
from . import _search

SCHEMA_VERSION = 9


class StoreError(RuntimeError):
    """The database cannot be opened or has an unexpected schema."""


class UTCDateTime(sa.types.TypeDecorator):
    """A moment in time, always read back as an aware UTC ``datetime``.

    PostgreSQL stores it as ``timestamp with time zone`` (the session's time zone never shifts
    it); SQLite, which has no such type, as naive UTC text (the format earlier versions wrote, so
    old files read back unchanged). A naive value given to the store is taken to be UTC."""

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        value = value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if isinstance(value, str):  # a SQLite row written by hand (tests, old tools)
            value = datetime.fromisoformat(value)
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


#: Lookup keys compare by code point on every database: the prefix lookup reads the key range
#: [q, q + U+10FFFF), which a PostgreSQL locale collation (e.g. en_US) would not order that way.
KeyString = sa.String(200).with_variant(sa.String(200, collation="C"), "postgresql")

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
    sa.Column("ingested_at", UTCDateTime, nullable=False),
    sa.Column("published_is_estimate", sa.Boolean, nullable=False, server_default=sa.false()),
    # v6: readers see a document only once people and questions were resolved with it (its
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
    sa.Column("key", KeyString, nullable=False, index=True),
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
    sa.Column("updated_at", UTCDateTime, nullable=False),
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
    sa.Column("at", UTCDateTime, nullable=False),
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

# -- incremental resolution (schema v8) ---------------------------------------------------------
# A new document is resolved against what its names and topics reach, not the whole store.

#: The keys each document's people are indexed under (``merge.people.person_keys``), written
#: with the document.
person_keys_t = sa.Table(
    "person_keys", metadata, _doc_fk(),
    sa.Column("local_key", sa.Text, nullable=False),
    sa.Column("key", KeyString, nullable=False, index=True),
)

#: The topic words of each document's question candidates (``doc_questions.seq``), written
#: with the document.
question_words_t = sa.Table(
    "question_words", metadata, _doc_fk(),
    sa.Column("seq", sa.Integer, nullable=False),
    sa.Column("word", KeyString, nullable=False, index=True),
)

#: Which candidates each question groups, and its frame keys (``merge.questions.frame_keys``):
#: written by the resolution (frames name people by their global ids).
question_members_t = sa.Table(
    "question_members", metadata,
    sa.Column("question_id", sa.String(200), sa.ForeignKey("questions.id", ondelete="CASCADE"),
              nullable=False, index=True),
    sa.Column("doc_id", sa.String(200), nullable=False),
    sa.Column("seq", sa.Integer, nullable=False),
    sa.PrimaryKeyConstraint("doc_id", "seq"),
)
question_frames_t = sa.Table(
    "question_frames", metadata,
    sa.Column("question_id", sa.String(200), sa.ForeignKey("questions.id", ondelete="CASCADE"),
              nullable=False, index=True),
    sa.Column("key", sa.String(40), nullable=False, index=True),
)
def person_key_rows(doc_id: str, people: Iterable[Person]) -> list[dict[str, str]]:
    """The ``person_keys`` rows of one document's people."""
    return [{"doc_id": doc_id, "local_key": p.key, "key": key}
            for p in people for key in sorted(person_keys(p))]


def question_word_rows(doc_id: str, topics: Iterable[Iterable[str]]) -> list[dict[str, Any]]:
    """The ``question_words`` rows of one document's candidates (their topics, in order)."""
    return [{"doc_id": doc_id, "seq": seq, "word": word}
            for seq, topic in enumerate(topics) for word in sorted(set(topic or ()))]


#: The meta key set by a full resolution once the tables above describe the whole store (an
#: incremental one needs it; a store upgraded to v8 gets one full resolution first).
RESOLUTION_INDEX_META = "resolution_index"

# -- news sources (schema v5) ------------------------------------------------------------------

sources_t = sa.Table(
    "sources", metadata,
    sa.Column("id", sa.String(200), primary_key=True),
    sa.Column("location", sa.Text, nullable=False),
    sa.Column("kind", sa.String(20), nullable=False),
    sa.Column("name", sa.Text),
    sa.Column("every_seconds", sa.Integer, nullable=False),
    sa.Column("added_by", sa.Text),
    sa.Column("last_poll", UTCDateTime),
    sa.Column("last_status", sa.Text),
    sa.Column("last_ok", sa.Boolean),
    sa.Column("etag", sa.Text),
    sa.Column("last_modified", sa.Text),
    sa.Column("failures", sa.Integer, nullable=False, server_default="0"),
    sa.Column("backoff_until", UTCDateTime),
    sa.Column("articles", sa.Integer, nullable=False, server_default="0"),
    sa.Column("failure_reported", sa.Boolean, nullable=False, server_default=sa.false()),
)

#: Every article a source brought (seen-URL and content-hash dedupe, near-duplicate sketches).
source_items_t = sa.Table(
    "source_items", metadata,
    sa.Column("key", sa.String(700), primary_key=True),
    sa.Column("source_id", sa.String(200), index=True),
    sa.Column("doc_id", sa.String(200), nullable=False, index=True),
    sa.Column("version", sa.String(64), nullable=False),
    sa.Column("content_hash", sa.String(64), nullable=False, index=True),
    sa.Column("sketch", sa.Text, nullable=False),
    sa.Column("outlet", sa.Text),
    sa.Column("url", sa.Text),
    sa.Column("duplicate_of", sa.String(200), index=True),
    sa.Column("seen_at", UTCDateTime, nullable=False),
)

documents_published_ix = sa.Index("ix_documents_published", documents_t.c.published)
documents_ingested_ix = sa.Index("ix_documents_ingested_at", documents_t.c.ingested_at)
#: The roles a window of documents gives (briefings): without it, the roles of the people
#: those documents name were read through the person index -- every role of a central person
#: across the whole store.
roles_doc_ix = sa.Index("ix_roles_doc_id", roles_t.c.doc_id)
#: Partial: only the few documents waiting for resolution (an index on the flag itself would
#: lure the planner away from the ingestion-time and publication indexes readers need).
documents_unresolved_ix = sa.Index(
    "ix_documents_unresolved", documents_t.c.id,
    sqlite_where=documents_t.c.resolved == sa.false(),
    postgresql_where=documents_t.c.resolved == sa.false())
_V6_DOCUMENT_COLUMNS = ("resolved", "curated_sha")

#: Every documents column a record carries (not the body nor the bookkeeping), "newest first".
DOC_COLUMNS = tuple(c for c in documents_t.c
                    if c.name != "body" and c.name not in _V6_DOCUMENT_COLUMNS)
NEWEST_FIRST = (documents_t.c.published.desc().nulls_last(), documents_t.c.id)
#: The same order, written so that no index can serve it (``|| ''``): for a window of ingestion
#: times, which the ingestion-time index finds and a small sort orders, instead of a walk of
#: the whole publication index (a daily digest then costs the same in a store of any size).
NEWEST_FIRST_SORTED = (sa.type_coerce(documents_t.c.published, sa.String).concat("").desc()
                       .nulls_last(), documents_t.c.id)
#: Documents readers may see: resolved with the cross-document state.
SHOWN = documents_t.c.resolved == sa.true()
#: The same, answered by the partial index of the few waiting documents instead of each
#: document's flag (stored after its body: reading it reads the whole row). For selections of
#: thousands of documents of which only a window is read (topic briefs).
SHOWN_BY_INDEX = documents_t.c.id.not_in(
    sa.select(documents_t.c.id).where(documents_t.c.resolved == sa.false()))

_V1_TABLES = (doc_people_t, quotes_t, events_t, doc_questions_t, people_t, aliases_t, roles_t,
              mentions_t, questions_t, stances_t)
_V2_TABLES = (question_status_t, schedules_t, posts_t)


def set_meta(conn: Connection, key: str, value: str) -> None:
    """Set a ``meta`` fact inside the caller's transaction."""
    conn.execute(sa.delete(meta_t).where(meta_t.c.key == key))
    conn.execute(sa.insert(meta_t).values(key=key, value=value))


# ----------------------------------------------------------------------------------------------
# Migrations: MIGRATIONS[i] takes the schema from version i to version i + 1.


def _migrate_to_v1(conn: Connection) -> None:
    """The first schema: documents (without the estimate flag) and the extraction tables."""
    v1 = sa.MetaData()
    sa.Table(
        "documents", v1,
        *(sa.Column(c.name, c.type, primary_key=c.primary_key, nullable=c.nullable)
          for c in documents_t.columns
          if c.name != "published_is_estimate" and c.name not in _V6_DOCUMENT_COLUMNS),
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
    """News sources with their polling status, and the articles they brought."""
    sources_t.create(conn)
    source_items_t.create(conn)


def _migrate_to_v6(conn: Connection) -> None:
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


def _migrate_to_v7(conn: Connection) -> None:
    """SQLite with FTS5: the full-text index of topic briefings (``search_text``), with the
    triggers that keep it in step, filled from what is stored."""
    _search.install(conn)


def _migrate_to_v8(conn: Connection) -> None:
    """The indexes of incremental resolution (documents' person keys and question words,
    filled from what is stored; question members and frames come with the next resolution,
    which is a full one: ``resolution_index`` is not set); topic search's SQLite full-text
    table rebuilt with a row map (its triggers deleted by scanning), and on PostgreSQL its
    trigram indexes."""
    _search.reinstall(conn)
    _search.install_trigram_indexes(conn)
    for table in (person_keys_t, question_words_t, question_members_t, question_frames_t):
        table.create(conn)
    rows: list[dict[str, Any]] = []
    for r in conn.execute(sa.select(doc_people_t.c.doc_id, doc_people_t.c.key,
                                    doc_people_t.c.name, doc_people_t.c.aliases)):
        rows += person_key_rows(r.doc_id, [Person(r.key, r.name, tuple(r.aliases or ()))])
    if rows:
        conn.execute(sa.insert(person_keys_t), rows)
    words: list[dict[str, Any]] = []
    topics = conn.execute(sa.select(doc_questions_t.c.doc_id, doc_questions_t.c.topic)
                          .order_by(doc_questions_t.c.doc_id, doc_questions_t.c.seq)).all()
    for doc_id, rows_of_doc in groupby(topics, key=lambda r: r.doc_id):
        words += question_word_rows(doc_id, [r.topic for r in rows_of_doc])
    if words:
        conn.execute(sa.insert(question_words_t), words)
    conn.execute(sa.delete(meta_t).where(meta_t.c.key == RESOLUTION_INDEX_META))


def _migrate_to_v9(conn: Connection) -> None:
    """An index on the document of each role: a briefing reads the roles its documents give."""
    roles_doc_ix.create(conn, checkfirst=True)


#: The store-wide curated people hash of schema version 4 (per document from version 6).
CURATED_HASH_META = "curated_people_sha256"

Migration = Callable[[Connection], None]
MIGRATIONS: tuple[Migration, ...] = (_migrate_to_v1, _migrate_to_v2, _migrate_to_v3,
                                     _migrate_to_v4, _migrate_to_v5, _migrate_to_v6,
                                     _migrate_to_v7, _migrate_to_v8, _migrate_to_v9)
assert len(MIGRATIONS) == SCHEMA_VERSION


def current_version(engine: Engine) -> int:
    """The schema version of the database (0: no schema yet)."""
    with engine.connect() as conn:
        if not sa.inspect(conn).has_table(schema_version_table.name):
            return 0
        return int(conn.execute(sa.select(sa.func.max(schema_version_table.c.version)))
                   .scalar() or 0)


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


