"""What incremental resolution reads and writes: the part of the cross-document state a few new
documents can reach (through the indexes of schema v8), and the replacement of that part alone.

The resolution rules themselves live in :mod:`digests.merge`; :func:`digests.ingest.resolve_store`
decides between a full and an incremental resolution and drives these methods."""
from __future__ import annotations

import json
import uuid
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from ..merge.questions import FRAME_KEYS_VERSION
from ..models import (
    DocExtraction,
    Person,
    PersonRecord,
    QuestionCandidate,
    QuestionIndex,
    QuestionRecord,
)
from ._documents import _candidate, _person
from ._people import PEOPLE_VERSION_META, insert_people, mark_resolved
from ._questions import insert_question_index, insert_questions
from ._schema import (
    RESOLUTION_INDEX_META,
    aliases_t,
    doc_people_t,
    doc_questions_t,
    documents_t,
    mentions_t,
    meta_t,
    people_t,
    person_keys_t,
    question_docs_t,
    question_frames_t,
    question_members_t,
    question_words_t,
    questions_t,
    roles_t,
    set_meta,
    stances_t,
)
from ._sql import MAX_IN_IDS, group_rows


def _chunks(values: Iterable[Any]) -> Iterator[list[Any]]:
    items = list(dict.fromkeys(values))
    for i in range(0, len(items), MAX_IN_IDS):
        yield items[i:i + MAX_IN_IDS]


def _values_where(conn: Connection, column: Any, where: Any, values: Iterable[Any]) -> set[Any]:
    """The distinct ``column`` values of the rows whose ``where`` column is one of
    ``values`` (asked :data:`MAX_IN_IDS` at a time)."""
    found: set[Any] = set()
    for chunk in _chunks(values):
        found |= set(conn.execute(sa.select(column).where(where.in_(chunk))).scalars())
    return found


class ResolutionMixin:
    """The incremental-resolution part of :class:`~digests.store.Store`."""

    engine: Engine

    # -- reading the reachable part -------------------------------------------------------------

    def resolution_indexed(self) -> bool:
        """Whether the last resolution was complete and recorded its indexes (schema v8),
        question frames keyed as this version keys them (:data:`FRAME_KEYS_VERSION`)."""
        with self.engine.connect() as conn:
            return conn.execute(sa.select(meta_t.c.value).where(
                meta_t.c.key == RESOLUTION_INDEX_META)).scalar() == FRAME_KEYS_VERSION

    def waiting_documents(self) -> dict[str, str]:
        """The documents saved but not yet resolved: id -> sha256."""
        with self.engine.connect() as conn:
            return dict(conn.execute(sa.select(documents_t.c.id, documents_t.c.sha256)
                                     .where(documents_t.c.resolved == sa.false())).all())

    def count_resolved(self) -> int:
        """How many documents readers see (resolved)."""
        with self.engine.connect() as conn:
            return int(conn.execute(sa.select(sa.func.count()).select_from(documents_t)
                                    .where(documents_t.c.resolved == sa.true())).scalar() or 0)

    def resolution_inputs(self) -> list[tuple[str, str, DocExtraction]]:
        """What a full resolution reads: every document's id, sha256, and the people and
        question candidates of its extraction (not its body, quotes or events), by id."""
        with self.engine.connect() as conn:
            docs = conn.execute(sa.select(documents_t.c.id, documents_t.c.sha256)
                                .order_by(documents_t.c.id)).all()
            people = group_rows(conn, doc_people_t)
            questions = group_rows(conn, doc_questions_t)
        return [(d.id, d.sha256, DocExtraction(
            doc_id=d.id, people=tuple(_person(r) for r in people.get(d.id, ())),
            questions=tuple(_candidate(r) for r in questions.get(d.id, ()))))
            for d in docs]

    def document_people(self, doc_ids: Iterable[str]) -> dict[str, list[Person]]:
        """Each document's people as it names them, in order."""
        out: dict[str, list[Person]] = {}
        with self.engine.connect() as conn:
            for chunk in _chunks(doc_ids):
                query = (sa.select(doc_people_t).where(doc_people_t.c.doc_id.in_(chunk))
                         .order_by(doc_people_t.c.doc_id, doc_people_t.c.seq))
                for r in conn.execute(query):
                    out.setdefault(r.doc_id, []).append(_person(r))
        return out

    def people_reached(self, keys: Iterable[str], *, exclude: Iterable[str] = ()) -> set[str]:
        """Ids of the resolved people one of whose documents' persons has one of ``keys``
        (documents in ``exclude`` left out)."""
        return set().union(*self.key_holders(keys, exclude=exclude).values())

    def key_holders(self, keys: Iterable[str], *,
                    exclude: Iterable[str] = ()) -> dict[str, set[str]]:
        """For each of ``keys``, the ids of the resolved people one of whose documents' persons
        has it (documents in ``exclude`` left out: a document saved again keeps its old
        version's mention rows until it is resolved)."""
        excluded = list(dict.fromkeys(exclude))
        out: dict[str, set[str]] = {}
        k, m = person_keys_t, mentions_t
        with self.engine.connect() as conn:
            for chunk in _chunks(keys):
                query = (sa.select(k.c.key, m.c.person_id).distinct()
                         .join(m, sa.and_(m.c.doc_id == k.c.doc_id,
                                          m.c.local_key == k.c.local_key))
                         .where(k.c.key.in_(chunk)))
                if excluded:
                    query = query.where(k.c.doc_id.not_in(excluded))
                for key, pid in conn.execute(query):
                    out.setdefault(key, set()).add(pid)
        return out

    def spellings(self, keys: Iterable[str]) -> set[tuple[str, str, tuple[str, ...]]]:
        """The distinct ``(person id, name, aliases)`` of the resolved documents' persons
        indexed under one of ``keys``."""
        out: set[tuple[str, str, tuple[str, ...]]] = set()
        k, m, p = person_keys_t, mentions_t, doc_people_t
        with self.engine.connect() as conn:
            for chunk in _chunks(keys):
                query = (sa.select(m.c.person_id, p.c.name, sa.cast(p.c.aliases, sa.Text))
                         .distinct()
                         .join(m, sa.and_(m.c.doc_id == k.c.doc_id,
                                          m.c.local_key == k.c.local_key))
                         .join(p, sa.and_(p.c.doc_id == k.c.doc_id, p.c.key == k.c.local_key))
                         .where(k.c.key.in_(chunk)))
                out |= {(pid, name, tuple(json.loads(aliases) if aliases else ()))
                        for pid, name, aliases in conn.execute(query)}
        return out

    def people_of_documents(self, doc_ids: Iterable[str]) -> set[str]:
        """Ids of the people the mention map gives the documents' persons (for a document
        saved again: the people its old version named)."""
        with self.engine.connect() as conn:
            return _values_where(conn, mentions_t.c.person_id, mentions_t.c.doc_id, doc_ids)

    def person_nodes(
        self, person_ids: Iterable[str], *, exclude: Iterable[str] = ()
    ) -> tuple[list[tuple[str, Person]], dict[tuple[str, str], str]]:
        """Every document's person the people ``person_ids`` were resolved from, in store order
        (document id, then the document's order), and their ``(doc_id, key) -> id`` map;
        documents in ``exclude`` left out."""
        excluded = set(exclude)
        rows: list[Any] = []
        m, p = mentions_t, doc_people_t
        with self.engine.connect() as conn:
            for chunk in _chunks(person_ids):
                query = (sa.select(p, m.c.person_id)
                         .join(m, sa.and_(m.c.doc_id == p.c.doc_id, m.c.local_key == p.c.key))
                         .where(m.c.person_id.in_(chunk)))
                rows += [r for r in conn.execute(query) if r.doc_id not in excluded]
        rows.sort(key=lambda r: (r.doc_id, r.seq))
        return ([(r.doc_id, _person(r)) for r in rows],
                {(r.doc_id, r.key): r.person_id for r in rows})

    def person_map(self, doc_ids: Iterable[str]) -> dict[tuple[str, str], str]:
        """The mention map of the documents: ``(doc_id, local key) -> person id``."""
        out: dict[tuple[str, str], str] = {}
        with self.engine.connect() as conn:
            for chunk in _chunks(doc_ids):
                query = sa.select(mentions_t).where(mentions_t.c.doc_id.in_(chunk))
                out |= {(r.doc_id, r.local_key): r.person_id for r in conn.execute(query)}
        return out

    def people_ids_in_use(self, ids: Iterable[str], *, exclude: Iterable[str] = ()) -> set[str]:
        """Those of ``ids`` that people other than ``exclude`` hold."""
        with self.engine.connect() as conn:
            return _values_where(conn, people_t.c.id, people_t.c.id, ids) - set(exclude)

    def question_ids_in_use(self, ids: Iterable[str], *,
                            exclude: Iterable[str] = ()) -> set[str]:
        """Those of ``ids`` that questions other than ``exclude`` hold."""
        with self.engine.connect() as conn:
            return _values_where(conn, questions_t.c.id, questions_t.c.id, ids) - set(exclude)

    def document_candidates(
        self, doc_ids: Iterable[str]
    ) -> list[tuple[str, int, QuestionCandidate]]:
        """The question candidates of the documents: ``(doc_id, seq, candidate)``."""
        out: list[tuple[str, int, QuestionCandidate]] = []
        with self.engine.connect() as conn:
            for chunk in _chunks(doc_ids):
                query = sa.select(doc_questions_t).where(doc_questions_t.c.doc_id.in_(chunk))
                out += [(r.doc_id, r.seq, _candidate(r)) for r in conn.execute(query)]
        return sorted(out, key=lambda t: (t[0], t[1]))

    def member_candidates(
        self, question_ids: Iterable[str], *, exclude: Iterable[str] = ()
    ) -> list[tuple[str, int, QuestionCandidate]]:
        """The candidates the questions group (documents in ``exclude`` left out), in store
        order."""
        excluded = set(exclude)
        q, mem = doc_questions_t, question_members_t
        out: list[tuple[str, int, QuestionCandidate]] = []
        with self.engine.connect() as conn:
            for chunk in _chunks(question_ids):
                query = (sa.select(q).join(mem, sa.and_(mem.c.doc_id == q.c.doc_id,
                                                         mem.c.seq == q.c.seq))
                         .where(mem.c.question_id.in_(chunk)))
                out += [(r.doc_id, r.seq, _candidate(r)) for r in conn.execute(query)
                        if r.doc_id not in excluded]
        return sorted(out, key=lambda t: (t[0], t[1]))

    def questions_of_documents(self, doc_ids: Iterable[str]) -> set[str]:
        """Ids of the questions drawing on the documents."""
        doc_ids = list(doc_ids)
        with self.engine.connect() as conn:
            return (_values_where(conn, question_members_t.c.question_id,
                                  question_members_t.c.doc_id, doc_ids)
                    | _values_where(conn, question_docs_t.c.question_id,
                                    question_docs_t.c.doc_id, doc_ids))

    def questions_with_speakers(self, person_ids: Iterable[str]) -> set[str]:
        """Ids of the questions with a stance of one of the people."""
        with self.engine.connect() as conn:
            return _values_where(conn, stances_t.c.question_id, stances_t.c.speaker_id,
                                 person_ids)

    def questions_sharing_words(
        self, words: Iterable[str], *, at_least: int, exclude: Iterable[str] = ()
    ) -> set[str]:
        """Ids of the questions grouping a candidate that shares ``at_least`` of ``words``
        (documents in ``exclude`` left out)."""
        excluded = set(exclude)
        words = sorted(set(words))
        if len(words) < at_least:
            return set()
        w, mem = question_words_t, question_members_t
        shared = (sa.select(w.c.doc_id, w.c.seq).where(w.c.word.in_(words))
                  .group_by(w.c.doc_id, w.c.seq).having(sa.func.count() >= at_least)
                  .subquery())
        query = (sa.select(mem.c.question_id, shared.c.doc_id)
                 .join(mem, sa.and_(mem.c.doc_id == shared.c.doc_id,
                                    mem.c.seq == shared.c.seq)))
        with self.engine.connect() as conn:
            return {qid for qid, doc_id in conn.execute(query) if doc_id not in excluded}

    def questions_with_frames(self, keys: Iterable[str]) -> set[str]:
        """Ids of the questions with one of the frame ``keys``."""
        with self.engine.connect() as conn:
            return _values_where(conn, question_frames_t.c.question_id, question_frames_t.c.key,
                                 keys)

    # -- writing it back ---------------------------------------------------------------------

    def save_partial_resolution(
        self,
        *,
        removed_people: Iterable[str],
        people: Sequence[PersonRecord],
        ids: Mapping[tuple[str, str], str],
        removed_questions: Iterable[str],
        questions: Sequence[QuestionRecord],
        question_index: Mapping[str, QuestionIndex],
        documents: Mapping[str, str],
        remapped: Iterable[str] | None = None,
    ) -> None:
        """Replace part of the cross-document state in ONE transaction: the people
        ``removed_people`` by ``people`` (with the mention map of their documents' persons:
        ``ids``), the questions ``removed_questions`` by ``questions``, and show the documents
        (``documents``: id -> the sha256 the resolution saw, as :meth:`save_resolution`).
        ``remapped``: the people whose mention rows ``ids`` replaces (None: all removed
        people; a person who only gained documents keeps the rows it has)."""
        removed_people = list(dict.fromkeys(removed_people))
        remapped = removed_people if remapped is None else list(dict.fromkeys(remapped))
        removed_questions = list(dict.fromkeys(removed_questions))
        with self.engine.begin() as conn:
            for chunk in _chunks(removed_questions):
                for table in (stances_t, question_docs_t, question_members_t, question_frames_t):
                    conn.execute(sa.delete(table).where(table.c.question_id.in_(chunk)))
                conn.execute(sa.delete(questions_t).where(questions_t.c.id.in_(chunk)))
            updated = set(removed_people) - set(remapped)  # their mention rows stay
            for chunk in _chunks(remapped):
                for table in (mentions_t, roles_t, aliases_t):
                    conn.execute(sa.delete(table).where(table.c.person_id.in_(chunk)))
                conn.execute(sa.delete(people_t).where(people_t.c.id.in_(chunk)))
            for chunk in _chunks(updated):
                for table in (roles_t, aliases_t):
                    conn.execute(sa.delete(table).where(table.c.person_id.in_(chunk)))
            for chunk in _chunks(documents):  # an old version's rows no person holds now
                conn.execute(sa.delete(mentions_t).where(mentions_t.c.doc_id.in_(chunk)))
            insert_people(conn, [p for p in people if p.id not in updated])
            insert_people(conn, [p for p in people if p.id in updated], update=True)
            if ids:
                conn.execute(sa.insert(mentions_t), [
                    {"doc_id": doc_id, "local_key": key, "person_id": pid}
                    for (doc_id, key), pid in ids.items()])
            first = int(conn.execute(sa.select(sa.func.max(questions_t.c.seq))).scalar() or 0) + 1
            insert_questions(conn, questions, first_seq=first)
            insert_question_index(conn, question_index)
            mark_resolved(conn, documents)
            set_meta(conn, PEOPLE_VERSION_META, uuid.uuid4().hex)
