"""Documents and their per-document extraction rows (people as the document names them, quotes,
events, question candidates): saving, replacing, filtering and reading them back."""
from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from datetime import date, datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from ..models import (
    DocExtraction,
    Document,
    DocumentRecord,
    Event,
    EventRecord,
    Person,
    Quote,
    QuoteRecord,
    QuestionCandidate,
    Stance,
)
from . import _search
from ._schema import (
    DOC_COLUMNS,
    NEWEST_FIRST,
    NEWEST_FIRST_SORTED,
    SHOWN,
    SHOWN_BY_INDEX,
    doc_people_t,
    doc_questions_t,
    documents_t,
    events_t,
    mentions_t,
    person_key_rows,
    person_keys_t,
    question_word_rows,
    question_words_t,
    quotes_t,
)
from ._sql import MAX_IN_IDS, bp, db_now, expanding, from_db_time, group_rows, to_db_time

#: The rows a document's extraction owns (replaced with it).
EXTRACTION_TABLES = (doc_people_t, quotes_t, events_t, doc_questions_t, person_keys_t,
                     question_words_t)


@functools.cache
def _mentioning_stmts() -> tuple[Any, Any, Any]:
    """(counts of :person's documents and of all documents, the drive plan, the walk plan);
    the plans take :person and :limit."""
    m = mentions_t
    mentioned = sa.select(m.c.doc_id).where(m.c.person_id == bp("person"))
    counts = sa.select(
        sa.select(sa.func.count()).select_from(mentioned.subquery()).scalar_subquery(),
        sa.select(sa.func.count()).select_from(documents_t).scalar_subquery(),
    )
    drive = sa.select(*DOC_COLUMNS).where(documents_t.c.id.in_(mentioned), SHOWN)
    # ``person_id || ''`` keeps SQLite probing the mention map by document (its primary key)
    # instead of by person, which would re-read all of a central person's rows per document
    probe = sa.exists().where(m.c.doc_id == documents_t.c.id,
                              m.c.person_id.concat("") == bp("person"))
    walk = sa.select(*DOC_COLUMNS).where(probe, SHOWN)
    return counts, *(q.order_by(*NEWEST_FIRST).limit(bp("limit")) for q in (drive, walk))


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
        query = query.where(quotes_t.c.doc_id.in_(expanding("doc_ids")))
    if by_speaker:
        # with doc_ids, those documents' quotes drive: ``|| ''`` keeps SQLite from walking a
        # central speaker's thousands of mentions through the person index instead
        speaker = mentions_t.c.person_id.concat("") if by_doc else mentions_t.c.person_id
        query = query.where(speaker == bp("speaker"))
    return query


@functools.cache
def _events_stmt(by_doc: bool) -> Any:
    query = sa.select(events_t).order_by(events_t.c.doc_id, events_t.c.seq)
    return query.where(events_t.c.doc_id.in_(expanding("doc_ids"))) if by_doc else query


#: Ids per delete statement when a batch replaces its documents' older versions.
_DELETE_CHUNK = 500


class DocumentsMixin:
    """The documents part of :class:`~digests.store.Store` (over the ``engine`` the facade opens)."""

    engine: Engine

    def document_hashes(self) -> dict[str, tuple[str, str]]:
        with self.engine.connect() as conn:
            rows = conn.execute(sa.select(documents_t.c.id, documents_t.c.sha256,
                                          documents_t.c.path))
            return {r.id: (r.sha256, r.path) for r in rows}

    def document_hash(self, id: str) -> tuple[str, str] | None:
        """``(sha256, path)`` of one stored document, or None."""
        with self.engine.connect() as conn:
            row = conn.execute(sa.select(documents_t.c.sha256, documents_t.c.path)
                               .where(documents_t.c.id == id)).first()
            return (row.sha256, row.path) if row is not None else None

    def extracted_without(self, curated_sha: str) -> set[str]:
        """Ids of the documents whose extraction used other curated people than
        ``curated_sha`` (or unknown ones)."""
        with self.engine.connect() as conn:
            return set(conn.execute(sa.select(documents_t.c.id).where(sa.or_(
                documents_t.c.curated_sha.is_(None),
                documents_t.c.curated_sha != curated_sha))).scalars())

    def unresolved(self) -> list[str]:
        """Ids of the documents saved hidden since people and questions were last resolved:
        readers do not see them yet (an ingest is under way, or was interrupted)."""
        with self.engine.connect() as conn:
            return list(conn.execute(sa.select(documents_t.c.id)
                                     .where(documents_t.c.resolved == sa.false())
                                     .order_by(documents_t.c.id)).scalars())

    def save_document(self, doc: Document, extraction: DocExtraction, *,
                      curated_sha: str | None = None, hidden: bool = False) -> None:
        """Store ``doc`` with its extraction (replacing an older version), in one transaction.
        ``hidden``: readers do not see it until ``save_resolution`` includes it (the ingest's
        way: a document appears with its people and questions, or not at all).
        ``curated_sha``: the hash of the curated people the extraction used."""
        self.save_documents([(doc, extraction)], curated_sha=curated_sha, hidden=hidden)

    def save_documents(self, pairs: Iterable[tuple[Document, DocExtraction]], *,
                       curated_sha: str | None = None, hidden: bool = False) -> int:
        """Store many documents with their extractions in ONE transaction (an ingest's batch, a
        bulk load), each replacing its older version (of a repeated id, the last one is kept);
        ``curated_sha`` and ``hidden`` as for :meth:`save_document`. Returns how many were
        written. One statement per table for the whole batch: saving is most of the work an
        ingest's parent process does while its workers parse."""
        chosen: dict[str, tuple[Document, DocExtraction]] = {}
        for doc, extraction in pairs:
            if extraction.doc_id != doc.id:
                raise ValueError(f"extraction is for {extraction.doc_id!r}, not {doc.id!r}")
            chosen.pop(doc.id, None)
            chosen[doc.id] = (doc, extraction)
        if not chosen:
            return 0
        now = db_now()
        documents = [dict(
            id=doc.id, path=doc.path, title=doc.title, source=doc.source, url=doc.url,
            published=doc.published, published_is_estimate=doc.published_is_estimate,
            body=doc.body, words=doc.words, sha256=doc.sha256, ingested_at=now,
            resolved=not hidden, curated_sha=curated_sha) for doc, _ in chosen.values()]
        with self.engine.begin() as conn:
            self._delete_documents(conn, list(chosen))
            conn.execute(sa.insert(documents_t), documents)
            self._insert_extractions(conn, [x for _, x in chosen.values()])
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
            self._delete_extractions(conn, [extraction.doc_id])
            self._insert_extraction(conn, extraction)

    def delete_document(self, id: str) -> None:
        with self.engine.begin() as conn:
            self._delete_documents(conn, [id])

    @staticmethod
    def _delete_documents(conn: Connection, doc_ids: Sequence[str]) -> None:
        # Explicit child deletes: correct even where ON DELETE CASCADE is not enforced.
        DocumentsMixin._delete_extractions(conn, doc_ids)
        for start in range(0, len(doc_ids), _DELETE_CHUNK):
            chunk = doc_ids[start:start + _DELETE_CHUNK]
            conn.execute(sa.delete(documents_t).where(documents_t.c.id.in_(chunk)))

    @staticmethod
    def _delete_extractions(conn: Connection, doc_ids: Sequence[str]) -> None:
        """Delete the rows the documents' extractions own (:data:`EXTRACTION_TABLES`)."""
        for start in range(0, len(doc_ids), _DELETE_CHUNK):
            chunk = doc_ids[start:start + _DELETE_CHUNK]
            for table in EXTRACTION_TABLES:
                conn.execute(sa.delete(table).where(table.c.doc_id.in_(chunk)))

    @staticmethod
    def _insert_extraction(conn: Connection, x: DocExtraction) -> None:
        DocumentsMixin._insert_extractions(conn, [x])

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
            (person_keys_t, [row for x in extractions
                             for row in person_key_rows(x.doc_id, x.people)]),
            (question_words_t, [row for x in extractions for row in question_word_rows(
                x.doc_id, (q.topic for q in x.questions))]),
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
        include_hidden: bool = False,
    ) -> list[DocumentRecord]:
        """Documents, newest publication first (undated last), then by id; bodies are not read.

        ``since``/``until``: ingested in [since, until); ``published_since``/``published_until``:
        published in [published_since, published_until] (days, inclusive; a document without a
        publication date counts by its ingestion day); ``ids``: only these; ``limit``: at most
        this many (the newest); ``include_hidden``: documents an ingest saved but has not
        resolved yet too (readers never see those)."""
        if limit is not None and limit <= 0:
            return []
        query, wanted = self._documents_query(
            DOC_COLUMNS, since=since, until=until, published_since=published_since,
            published_until=published_until, ids=ids, include_hidden=include_hidden)
        if query is None:
            return []
        query = query.order_by(*(NEWEST_FIRST if since is None else NEWEST_FIRST_SORTED))
        with self.engine.connect() as conn:
            if wanted is None:
                rows = conn.execute(query if limit is None else query.limit(limit)).all()
            else:  # many ids: primary-key lookups in chunks, merged in the same order
                if limit is not None and len(wanted) > limit:  # order by the dates alone first
                    light, _ = self._documents_query(
                        (documents_t.c.id, documents_t.c.published), since=since, until=until,
                        published_since=published_since, published_until=published_until,
                        ids=wanted, include_hidden=include_hidden)
                    newest = sorted(_in_chunks(conn, light, wanted), key=_newest_first_key)
                    wanted = {r.id for r in newest[:limit]}
                rows = sorted(_in_chunks(conn, query, wanted), key=_newest_first_key)
        return [_document_record(r) for r in rows[:limit]]

    def topic_documents(
        self,
        topic: _search.Topic,
        *,
        published_since: date | None = None,
        published_until: date | None = None,
        limit: int,
    ) -> tuple[list[DocumentRecord], int]:
        """The ``limit`` newest documents of ``topic`` (about its text or naming its people;
        publication filters and order as :meth:`documents`) and how many there are in all.
        The topic's selection is evaluated once, in the database: ordered and counted there by
        ids and dates alone (a whole row is read for the window only)."""
        if limit <= 0:
            raise ValueError(f"topic_documents(): limit must be positive, not {limit}")
        with self.engine.connect() as conn:
            within = _search.topic_documents_select(conn, topic)
            if within is None:
                return [], 0
            light, _ = self._documents_query(
                (documents_t.c.id, sa.func.count().over().label("total")),
                published_since=published_since, published_until=published_until,
                within=within)
            found = conn.execute(light.order_by(*NEWEST_FIRST).limit(limit)).all()
            if not found:
                return [], 0
            query, _ = self._documents_query(DOC_COLUMNS, ids=[r.id for r in found])
            rows = sorted(conn.execute(query).all(), key=_newest_first_key)
        return [_document_record(r) for r in rows], int(found[0].total)

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
        include_hidden: bool = False,
        within: Any = None,
    ) -> tuple[Any, set[str] | None]:
        """The filtered select (shown documents only), and the id set to read in chunks when it
        is too large for one ``IN (...)`` list (None otherwise). ``(None, None)``: nothing can
        match. ``within``: a select of the ids to keep."""
        t = documents_t
        query = sa.select(*columns)
        if within is not None:
            query = query.where(t.c.id.in_(within))
        if not include_hidden:
            query = query.where(SHOWN if within is None else SHOWN_BY_INDEX)
        if since is not None:
            query = query.where(t.c.ingested_at >= to_db_time(since))
        if until is not None:
            query = query.where(t.c.ingested_at < to_db_time(until))
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
        briefing reads. SQLite: a trigram full-text index kept by triggers (schema 7); other
        databases and topics under three characters: a scan of those columns."""
        with self.engine.connect() as conn:
            return _search.topic_document_ids(conn, topic)

    def document(self, id: str) -> DocumentRecord | None:
        with self.engine.connect() as conn:
            row = conn.execute(sa.select(*DOC_COLUMNS).where(documents_t.c.id == id, SHOWN)).first()
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
            people = group_rows(conn, doc_people_t)
            quotes = group_rows(conn, quotes_t)
            events = group_rows(conn, events_t)
            questions = group_rows(conn, doc_questions_t)
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


def _document_record(r: Any) -> DocumentRecord:
    return DocumentRecord(
        id=r.id, path=r.path, title=r.title, source=r.source, url=r.url,
        published=_as_date(r.published), published_is_estimate=bool(r.published_is_estimate),
        words=r.words, sha256=r.sha256, ingested_at=from_db_time(r.ingested_at))


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
