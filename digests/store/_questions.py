"""Questions grouped across documents, their stances, and the statuses users set."""
from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from ..models import QuestionIndex, QuestionRecord, StanceRecord
from ._schema import (
    question_docs_t,
    question_frames_t,
    question_members_t,
    question_status_t,
    questions_t,
    stances_t,
)
from ._sql import MAX_IN_IDS, check_choice, db_now, group_rows, upsert

QUESTION_STATUSES = ("open", "resolved")



class QuestionsMixin:
    """The questions part of :class:`~digests.store.Store` (over the ``engine`` the facade opens)."""

    engine: Engine

    def questions(
        self, *, doc_ids: Iterable[str] | None = None, status: str | None = None
    ) -> list[QuestionRecord]:
        """Questions in order, with their stances; ``status``: only those with it; ``doc_ids``:
        only those drawing on one of these documents. Both filters run in SQL (above
        :data:`MAX_IN_IDS` document ids, the question-document map is scanned instead)."""
        if status is not None:
            check_choice("status", status, QUESTION_STATUSES)
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
            stances = group_rows(conn, stances_t, key="question_id",
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
        check_choice("status", status, QUESTION_STATUSES)
        with self.engine.begin() as conn:
            updated = conn.execute(
                sa.update(questions_t).where(questions_t.c.id == id).values(status=status))
            if updated.rowcount == 0:
                raise KeyError(id)
            upsert(conn, question_status_t,
                   {"question_id": id, "status": status, "updated_at": db_now()},
                   key=["question_id"])


def insert_questions(conn: Connection, questions: Sequence[QuestionRecord], *,
                     first_seq: int = 0) -> None:
    """Insert the question records, numbered from ``first_seq`` (their listing order)."""
    if not questions:
        return
    kept = dict(conn.execute(sa.select(question_status_t.c.question_id,
                                       question_status_t.c.status)).all())
    conn.execute(sa.insert(questions_t), [
        {"id": q.id, "seq": i, "text": q.text, "status": kept.get(q.id, q.status),
         "docs": list(q.docs)}
        for i, q in enumerate(questions, start=first_seq)])
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


def insert_question_index(conn: Connection, index: Mapping[str, QuestionIndex]) -> None:
    """Write the members and frame keys of the questions in ``index``."""
    members = [{"question_id": qid, "doc_id": d, "seq": seq}
               for qid, entry in index.items() for d, seq in entry.members]
    frames = [{"question_id": qid, "key": key}
              for qid, entry in index.items() for key in sorted(entry.frames)]
    if members:
        conn.execute(sa.insert(question_members_t), members)
    if frames:
        conn.execute(sa.insert(question_frames_t), frames)
