"""Sources polled on their interval: store rows -> APScheduler interval jobs.

:class:`SourcePoller` adds one interval job per stored source to the bot's APScheduler 3.11
scheduler (the one :class:`bot.scheduling.DigestScheduler` owns), with the fixed id
``source:<id>``, jitter (a tenth of the interval, at most five minutes, so sources added
together do not fire together), ``max_instances=1`` and ``coalesce``. A per-source lock makes
polls of one source never overlap, whoever starts them (the job, ``source poll`` in chat).

The polling itself is the injected runner (:mod:`digests.sources._worker`): a worker process in
the bot, a thread in tests. When a report carries ``notify`` (the source has kept failing, told
once per run of failures) the admin who added it is told through the same notifier that reports
failed digest posts (:data:`bot.posting.Notifier`).
"""
from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta, timezone
from typing import Any, Protocol

from apscheduler.triggers.interval import IntervalTrigger

from bot.posting import Notifier
from digests.models import Source
from digests.sources import PollReport

log = logging.getLogger(__name__)

JOB_PREFIX = "source:"
MAX_JITTER_SECONDS = 300
#: A source never polled (just added) is first polled this soon, not a whole interval later.
FIRST_POLL_SECONDS = 60


class Polls(Protocol):
    """``await polls(ids, force=...)``: poll those sources (None: all) once each."""

    def __call__(self, ids: list[str] | None, *, force: bool = False) -> Awaitable[list[PollReport]]: ...


def job_id(source_id: str) -> str:
    return f"{JOB_PREFIX}{source_id}"


def jitter_for(every_seconds: int) -> int:
    return max(1, min(MAX_JITTER_SECONDS, every_seconds // 10))


class SourcePoller:
    """One interval job per stored source, on ``scheduler`` (an APScheduler scheduler)."""

    def __init__(self, store: Any, polls: Polls, scheduler: Any, *,
                 notify: Notifier | None = None,
                 on_report: Callable[[PollReport], None] | None = None,
                 now: Callable[[], datetime] = lambda: datetime.now(timezone.utc)) -> None:
        self.store = store
        self.polls = polls
        self.scheduler = scheduler
        self.notify = notify
        self.on_report = on_report
        #: real time (APScheduler runs jobs on it), injectable for tests
        self.now = now
        self._locks: dict[str, asyncio.Lock] = {}

    # ------------------------------------------------------------------ jobs

    def sync(self) -> None:
        """Make the ``source:*`` jobs equal to the stored sources."""
        sources = {s.id: s for s in self.store.sources()}
        for source in sources.values():
            self.add(source)
        for job in self.scheduler.get_jobs():
            if job.id.startswith(JOB_PREFIX) and job.id[len(JOB_PREFIX):] not in sources:
                job.remove()

    def add(self, source: Source) -> None:
        trigger = IntervalTrigger(seconds=source.every_seconds,
                                  jitter=jitter_for(source.every_seconds))
        self.scheduler.add_job(
            self.fire, trigger, args=[source.id], id=job_id(source.id),
            name=f"poll {source.label} every {source.every_seconds} s",
            replace_existing=True, max_instances=1, coalesce=True,
            misfire_grace_time=source.every_seconds, next_run_time=self.first_run(source))

    def first_run(self, source: Source) -> datetime:
        """When the job first fires: a new source soon; one polled before (e.g. before a
        restart) one interval after its last poll, or soon if that has passed."""
        soon = self.now() + timedelta(seconds=min(FIRST_POLL_SECONDS, source.every_seconds))
        if source.last_poll is None:
            return soon
        return max(soon, source.last_poll + timedelta(seconds=source.every_seconds))

    def remove(self, source_id: str) -> None:
        job = self.scheduler.get_job(job_id(source_id))
        if job is not None:
            job.remove()

    def job_ids(self) -> list[str]:
        return sorted(j.id for j in self.scheduler.get_jobs() if j.id.startswith(JOB_PREFIX))

    # ------------------------------------------------------------------ polling

    def busy(self, source_id: str) -> bool:
        lock = self._locks.get(source_id)
        return lock is not None and lock.locked()

    async def fire(self, source_id: str) -> PollReport | None:
        """The job body: poll one source unless a poll of it is running (never overlapping).
        Never raises."""
        if self.store.source(source_id) is None:
            self.remove(source_id)
            return None
        reports = await self.poll([source_id], force=False)
        return reports[0] if reports else None

    async def poll(self, ids: list[str] | None, *, force: bool = True) -> list[PollReport]:
        """Poll these sources (None: all) now, each under its lock; sources already being
        polled are skipped. Tells admins about sources that keep failing (once)."""
        wanted = ids if ids is not None else [s.id for s in self.store.sources()]
        free = [i for i in wanted if not self.busy(i)]
        if not free:
            return []
        locks = [self._locks.setdefault(i, asyncio.Lock()) for i in free]
        for lock in locks:
            await lock.acquire()
        try:
            reports = await self.polls(free, force=force)
        except Exception:  # noqa: BLE001 - a job must never kill the scheduler
            log.exception("polling %s failed", ", ".join(free))
            return []
        finally:
            for lock in locks:
                lock.release()
        for report in reports:
            await self._tell(report)
            if self.on_report is not None:
                self.on_report(report)
        return reports

    async def _tell(self, report: PollReport) -> None:
        if report.notify is None or self.notify is None:
            return
        try:
            await self.notify(report.added_by, report.notify)
        except Exception:  # noqa: BLE001 - a failed DM must not stop polling
            log.exception("could not tell %s that source %s keeps failing", report.added_by,
                          report.source_id)
