"""Digest schedules and the posting ledger (one row per target and window, claimed atomically)."""
from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError

from ..models import PostRecord, Schedule
from ._schema import posts_t, schedules_t
from ._sql import check_choice, db_now, from_db_time

POST_STATUSES = ("pending", "sent", "failed")
#: A 'pending' ledger row older than this is taken to be left by a crash: it may be re-claimed.
CLAIM_STALE_AFTER = timedelta(minutes=10)


class SchedulesMixin:
    """Schedules and the ledger of :class:`~digests.store.Store` (over the ``engine`` and
    ``claim_stale_after`` the facade sets)."""

    engine: Engine
    claim_stale_after: timedelta

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
        now = db_now()
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
        check_choice("status", status, POST_STATUSES)
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
                                                       at=db_now(), **values))

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


def _schedule(r: Any) -> Schedule:
    return Schedule(id=r.id, target=r.target, time=r.time, timezone=r.timezone,
                    created_by=r.created_by, guild=r.guild, format=r.format)


def _post(r: Any) -> PostRecord:
    return PostRecord(target=r.target, window_key=r.window_key, status=r.status,
                      schedule_id=r.schedule_id, message_ids=tuple(r.message_ids),
                      error=r.error, at=from_db_time(r.at))
