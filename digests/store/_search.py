"""Full-text search for topic briefings: which documents speak of a topic.

A document is about a topic when its title, one of its events or quotes, or an open question
it draws on (its text or one of its stances) contains the topic (case-insensitive). On SQLite
with FTS5 an index answers that: a trigram full-text table ``search_text`` holding those texts,
kept in step by triggers inside the very transactions that write them (so it can never lag
behind a document), and matched by substring like the scan it replaces. On PostgreSQL the same
substring question is asked of the columns themselves (``lower(column) LIKE``), which trigram
GIN indexes (the ``pg_trgm`` extension, :func:`install_trigram_indexes`) answer without a scan:
the same matches as SQLite's trigram table, where a ``tsvector`` would match stemmed words
instead. Where neither is available, and for topics under three characters, which trigrams
cannot match, the columns are scanned.

:func:`install` creates the SQLite table and triggers and fills them from the rows already
stored; :func:`topic_documents_select` is the one query, a SQL select that a topic brief's
window is read through (``Store.topic_documents``: ordered, limited and counted in the database,
no id list in Python), and :func:`topic_document_ids` its ids as a set
(``Store.document_ids_about``).
"""
from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

#: (table, key column, text column, kind): the texts indexed, each under the row it belongs to.
SOURCES = (
    ("documents", "id", "title", "document"),
    ("events", "doc_id", "text", "document"),
    ("quotes", "doc_id", "text", "document"),
    ("questions", "id", "text", "question"),
    ("stances", "question_id", "text", "question"),
)
#: Trigram matching needs at least this many characters.
MIN_FTS_CHARS = 3


def available(conn: Connection) -> bool:
    """SQLite with the FTS5 trigram tokenizer (SQLite 3.34 or newer)."""
    if conn.dialect.name != "sqlite":
        return False
    try:
        conn.exec_driver_sql(
            "CREATE VIRTUAL TABLE temp.fts_probe USING fts5(t, tokenize='trigram')")
        conn.exec_driver_sql("DROP TABLE temp.fts_probe")
    except sa.exc.OperationalError:
        return False
    return True


def installed(conn: Connection) -> bool:
    return conn.dialect.name == "sqlite" and conn.exec_driver_sql(
        "SELECT 1 FROM sqlite_master WHERE name = 'search_text'").first() is not None


def _row_of(table: str, key: str, prefix: str) -> str:
    """The SQL naming the source row ``prefix`` (NEW/OLD, or nothing) in ``search_rows``:
    tables keyed by a text id by that id, the others by their rowid."""
    row = "rowid" if table in ("events", "quotes", "stances") else key
    return f"'{table}:' || {prefix}{row}"


def install(conn: Connection) -> None:
    """Create ``search_text`` and its triggers (SQLite with FTS5), filled from stored rows.

    ``search_rows`` maps each source row to its full-text rowid, so that a trigger deletes by
    rowid: a full-text table's unindexed columns can only be scanned, and a resolution that
    replaces thousands of questions would scan the whole index once per row."""
    if not available(conn):
        return
    conn.exec_driver_sql(
        "CREATE VIRTUAL TABLE search_text USING fts5("
        "kind UNINDEXED, key UNINDEXED, src UNINDEXED, text, tokenize='trigram')")
    conn.exec_driver_sql(
        "CREATE TABLE search_rows (src TEXT PRIMARY KEY, fts_rowid INTEGER NOT NULL)")
    for table, key, column, kind in SOURCES:
        new_src, old_src = _row_of(table, key, "NEW."), _row_of(table, key, "OLD.")
        # the full-text row when the text is there, and its rowid in the map
        insert = (f"INSERT INTO search_text (kind, key, src, text) "
                  f"SELECT '{kind}', NEW.{key}, {new_src}, NEW.{column} "
                  f"WHERE NEW.{column} IS NOT NULL; "
                  f"INSERT OR REPLACE INTO search_rows (src, fts_rowid) "
                  f"SELECT {new_src}, last_insert_rowid() WHERE NEW.{column} IS NOT NULL;")
        delete = (f"DELETE FROM search_text WHERE rowid = "
                  f"(SELECT fts_rowid FROM search_rows WHERE src = {old_src}); "
                  f"DELETE FROM search_rows WHERE src = {old_src};")
        conn.exec_driver_sql(
            f"CREATE TRIGGER search_{table}_insert AFTER INSERT ON {table} BEGIN {insert} END")
        conn.exec_driver_sql(
            f"CREATE TRIGGER search_{table}_delete AFTER DELETE ON {table} BEGIN {delete} END")
        conn.exec_driver_sql(
            f"CREATE TRIGGER search_{table}_update AFTER UPDATE OF {column} ON {table} "
            f"BEGIN {delete} {insert} END")
        conn.exec_driver_sql(
            f"INSERT INTO search_text (kind, key, src, text) "
            f"SELECT '{kind}', {key}, {_row_of(table, key, '')}, {column} FROM {table} "
            f"WHERE {column} IS NOT NULL")
    conn.exec_driver_sql("INSERT INTO search_rows (src, fts_rowid) "
                         "SELECT src, rowid FROM search_text")


def reinstall(conn: Connection) -> None:
    """Replace an older ``search_text`` (schema 7: deletes scanned the index) by
    :func:`install`'s."""
    if not installed(conn):
        return
    for table, *_ in SOURCES:
        for event in ("insert", "delete", "update"):
            conn.exec_driver_sql(f"DROP TRIGGER IF EXISTS search_{table}_{event}")
    conn.exec_driver_sql("DROP TABLE search_text")
    conn.exec_driver_sql("DROP TABLE IF EXISTS search_rows")
    install(conn)


def install_trigram_indexes(conn: Connection) -> bool:
    """PostgreSQL: the ``pg_trgm`` extension (trusted: a database owner may create it) and a
    trigram GIN index on ``lower(column)`` of each searched column. Returns whether they are
    there; without the extension (not installed on the server, or not allowed) topic search
    scans, as before."""
    if conn.dialect.name != "postgresql":
        return False
    try:
        with conn.begin_nested():
            conn.exec_driver_sql("CREATE EXTENSION IF NOT EXISTS pg_trgm")
            schema = conn.exec_driver_sql(
                "SELECT n.nspname FROM pg_extension e JOIN pg_namespace n "
                "ON n.oid = e.extnamespace WHERE e.extname = 'pg_trgm'").scalar_one()
            for table, _, column, _ in SOURCES:
                conn.exec_driver_sql(
                    f"CREATE INDEX IF NOT EXISTS ix_{table}_{column}_trgm ON {table} "
                    f'USING gin (lower({column}) "{schema}".gin_trgm_ops)')
    except sa.exc.DBAPIError:
        return False  # no pg_trgm on this server, or not ours to create: topic search scans
    return True


def topic_document_ids(conn: Connection, topic: str) -> set[str]:
    """Ids of the documents about ``topic`` (see the module docstring): the ids
    :func:`topic_documents_select` selects, read into a set."""
    select = topic_documents_select(conn, Topic(topic))
    return set(conn.execute(select).scalars()) if select is not None else set()


def _like(needle: str) -> str:
    """A LIKE pattern (escape character ``\\``) for text containing ``needle``."""
    return "%" + needle.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


@dataclass(frozen=True, slots=True)
class Topic:
    """What a topic brief reads: the documents about ``text`` (:func:`topic_document_ids`) and
    those naming one of ``people`` (person ids: a topic that is a person's name)."""

    text: str
    people: tuple[str, ...] = ()


_MATERIALIZED = "MATERIALIZED " if sqlite3.sqlite_version_info >= (3, 35) else ""
_OPEN_QUESTIONS_DOCS = ("SELECT qd.doc_id FROM question_docs qd JOIN questions q "
                        "ON q.id = qd.question_id WHERE q.status = 'open' AND qd.question_id IN ")


def topic_documents_select(conn: Connection, topic: Topic) -> Any | None:
    """The ids of the documents of ``topic`` as one select (a UNION), for ``id IN (...)``; None
    when nothing can match. The same answer as :func:`topic_document_ids` (plus the people's
    documents), computed where the rows are."""
    parts: list[str] = []
    params: list[Any] = []
    needle = topic.text.strip()
    if needle:
        if len(needle) >= MIN_FTS_CHARS and installed(conn):
            params.append(sa.bindparam("phrase", '"' + needle.replace('"', '""') + '"'))
            # the index matched once, its rows split by kind (SQLite before 3.35 has no
            # MATERIALIZED: it may then match twice, with the same answer)
            parts.append(f"WITH m AS {_MATERIALIZED}(SELECT kind, key FROM search_text "
                         "WHERE search_text MATCH :phrase) "
                         "SELECT key FROM m WHERE kind = 'document'")
            asked = "SELECT key FROM m WHERE kind = 'question'"
        else:
            params.append(sa.bindparam("like", _like(needle.lower())))
            scans = {kind: [f"SELECT {key} FROM {table} WHERE lower({column}) LIKE :like "
                            "ESCAPE '\\'" for table, key, column, k in SOURCES if k == kind]
                     for kind in ("document", "question")}
            parts += scans["document"]
            asked = " UNION ".join(scans["question"])
        parts.append(_OPEN_QUESTIONS_DOCS + "(" + asked + ")")
    if topic.people:
        parts.append("SELECT doc_id FROM mentions WHERE person_id IN :people")
        params.append(sa.bindparam("people", list(topic.people), expanding=True))
    if not parts:
        return None
    return sa.text(" UNION ".join(parts)).bindparams(*params).columns(sa.column("doc_id"))
