"""The Briefbot store: documents, extractions, resolved people and questions, schedules and the
posting ledger, in SQLite by default or PostgreSQL (psycopg 3; ``postgresql://`` URLs), through
SQLAlchemy Core. One facade, :class:`Store`, over one private module per concern (see "Layout"
below).

Every write method runs in ONE transaction: either all of it lands or nothing does. Inserts
that may race (the ledger claim, meta, schedules, question statuses) are single ``INSERT ... ON
CONFLICT`` statements on both databases. Times are stored as UTC (``timestamp with time zone``
on PostgreSQL, naive UTC text on SQLite) and always read back as aware UTC datetimes.

``Store`` methods (records are the dataclasses of :mod:`digests.models`):

* ``Store(url)`` -- open the database, creating the schema or upgrading it to
  :data:`SCHEMA_VERSION` (SQLite: WAL journal, foreign keys on, parent folder created);
  ``Store.from_settings(settings)``; ``close()``; usable as a context manager.
* ``lock(name) -> StoreLock``: a named lock shared by every process that opens the store and
  freed when its holder dies (``acquire(blocking=)``, ``alive()``, ``release()``,
  ``hold(on_wait=)``); used for ``"schema"`` upgrades, ``"ingest"`` and the scheduler
  ``"leader"``.
* ``snapshot()``: a context manager giving a read-only view of the store in which every read
  sees one consistent state (SQLite: one read transaction; PostgreSQL: REPEATABLE READ); the
  command core and the poster build each answer and digest from one.
* ``schema_version() -> int``; ``get_meta(key) -> str | None``, ``set_meta(key, value)`` (small
  facts about the contents, e.g. the curated people hash the extractions were made with).
* Documents: ``document_hashes() -> {id: (sha256, path)}``;
  ``save_document(doc, extraction, curated_sha=, hidden=)`` (replaces the old version and its
  per-document rows; ``hidden``: unseen by readers until the next ``save_resolution`` shows
  it); ``save_documents(pairs, curated_sha=, hidden=)`` (the same for many documents in one
  transaction: an ingest's batch, bulk loads);
  ``unresolved()`` (ids of the hidden documents); ``extracted_without(curated_sha)``;
  ``save_extraction(extraction)`` (replaces only a stored document's per-document rows);
  ``delete_document(id)``; ``documents(since=, until=, published_since=, published_until=,
  ids=, limit=)`` (``since``/``until``: ingest time; ``published_*``: publication day, the
  ingestion day standing in when it is unknown; newest publication first, then id; bodies are
  never read); ``count_documents(published_since=, published_until=, ids=)``;
  ``topic_documents(topic, published_since=, published_until=, limit=) -> (newest, total)``
  (a :class:`Topic`: the documents about its text or naming its people, selected, ordered and
  counted in the database);
  ``documents_mentioning(person_id, limit=)`` (newest first); ``document_ids_matching(text)``
  (title, event or quote text contains it, case-insensitive); ``document_ids_about(topic)``
  (what a topic briefing reads: SQLite FTS5 trigram index, else a scan); ``document(id)``;
  ``document_bodies(ids) -> {id: body}``;
  ``extractions() -> [(Document, DocExtraction)]`` (all that re-resolution needs, no spaCy).
* Resolution: ``save_resolution(people, ids, questions)`` replaces people, aliases, roles, the
  (doc id, local key) -> person id map and questions; statuses that users set are kept by
  question id. ``people(doc_ids=, ids=)`` (with ``doc_ids``: the people mentioned there, with
  the roles and documents among those documents only; with ``ids``: only those people), ``person(id)``, ``find_people(query, limit=10,
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
* News sources: ``add_source(source)`` (insert or replace by id), ``sources()``, ``source(id)``,
  ``remove_source(id) -> bool`` (its seen articles go with it; its documents stay),
  ``record_poll(source)`` (only the status columns); the articles they brought:
  ``seen_item(key)``, ``seen_by_hash(content_hash)``, ``seen_versions(source_id)``,
  ``sketches(since=)`` (doc id -> near-duplicate sketch), ``save_seen(items)``,
  ``reported_by(doc_ids)`` (doc id -> the outlets that carried the story, copies included).
* Health: ``health() -> StoreHealth`` (masked URL, schema version, counts, every table's rows).

Schema versions (:data:`MIGRATIONS`, applied in order, each in its own transaction):
1. documents, per-document extraction rows (doc_people, quotes, events, doc_questions) and the
   derived tables (people, aliases, roles, mentions, questions, stances);
2. ``documents.published_is_estimate``, user question statuses, schedules and the posts ledger;
3. an index on ``documents.published`` (briefing windows and "newest first" read it);
4. a key/value ``meta`` table (:meth:`Store.get_meta` / :meth:`Store.set_meta`) and
   ``question_docs`` (a question's documents as rows, for filtering questions by document);
5. ``sources`` (news sources and their polling status) and ``source_items`` (the articles they
   brought: seen URLs, content hashes, near-duplicate sketches, copies);
6. ``documents.resolved`` (readers see a document once people and questions were resolved
   with it: an interrupted ingest leaves nothing half-shown, the next one completes it),
   ``documents.curated_sha`` and an index on the ingestion time;
7. SQLite: the FTS5 trigram index of topic briefings (``search_text``, kept by triggers).

Faults: a store that cannot be written opens read-only; read-only, full-disk, damaged and
locked stores raise :class:`StoreReadOnly`, :class:`StoreFull`, :class:`StoreDamaged` and
:class:`StoreBusy` (all :class:`StoreError`) with one clear line. ``backup(path)`` copies a live
SQLite store through the online backup API.

Layout: ``_schema`` (tables, migrations, :func:`upgrade`, :class:`StoreError`), ``_engine``
(engines, URLs and connection errors), ``_locks`` (locks across processes), ``_faults`` (the
store's faults as clear errors), ``_search`` (the topic index), ``_sql`` (shared helpers),
``_documents``, ``_people`` (with :func:`name_key`), ``_questions``, ``_schedules`` (schedules
and the posting ledger), ``_sources`` (news sources) and
``_store`` (the :class:`Store` facade combining them).
"""
from __future__ import annotations

from ._engine import make_engine
from ._locks import StoreLock
from ._faults import StoreBusy, StoreDamaged, StoreFull, StoreReadOnly
from ._people import RoleSummary, name_key
from ._questions import QUESTION_STATUSES
from ._schedules import CLAIM_STALE_AFTER, POST_STATUSES
from ._schema import MIGRATIONS, SCHEMA_VERSION, StoreError, metadata, upgrade
from ._search import Topic
from ._sql import MAX_IN_IDS
from ._store import Store

__all__ = [
    "CLAIM_STALE_AFTER",
    "MAX_IN_IDS",
    "MIGRATIONS",
    "POST_STATUSES",
    "QUESTION_STATUSES",
    "SCHEMA_VERSION",
    "RoleSummary",
    "Store",
    "StoreBusy",
    "StoreDamaged",
    "StoreError",
    "StoreFull",
    "Topic",
    "StoreLock",
    "StoreReadOnly",
    "make_engine",
    "metadata",
    "name_key",
    "upgrade",
]
