"""Daily digest schedules: store rows -> APScheduler jobs, plus the start-up catch-up.

Schedules live in the store (:class:`digests.models.Schedule`); this module never persists
anything itself. :class:`DigestScheduler` wraps an APScheduler 3.11 ``AsyncIOScheduler`` with an
explicit timezone and a private ``MemoryJobStore`` (a persistent job store shared by two bot
processes would fire every job twice). Each schedule becomes one cron job with the fixed id
``digest:<schedule id>`` (``replace_existing=True``), so re-syncing is idempotent.

A window is identified by the schedule id and the *local date* of its most recent slot
("<id>:YYYY-MM-DD");
the ledger in :mod:`bot.posting` makes each window post once. At start, :meth:`catch_up` posts
any slot that passed less than ``misfire_grace_seconds`` ago and is not in the ledger yet; older
missed slots are skipped. The clock is injected so tests never sleep.
"""
from __future__ import annotations

import logging
import re
from collections.abc import Awaitable, Callable
from datetime import datetime, time, timedelta, timezone
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from apscheduler.jobstores.memory import MemoryJobStore
from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.cron import CronTrigger

from bot.posting import PostOutcome
from digests.models import Schedule

log = logging.getLogger(__name__)

Clock = Callable[[], datetime]
RunSchedule = Callable[[Schedule, str], Awaitable[PostOutcome]]
"""``run(schedule, window_key)``: post that schedule's digest for one window."""

_HHMM = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")


class ScheduleError(ValueError):
    """A schedule time or timezone that cannot be used."""


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


def parse_hhmm(text: str) -> time:
    """``"7:05"`` / ``"07:05"`` -> ``time(7, 5)``; raises :class:`ScheduleError` otherwise."""
    match = _HHMM.match(text.strip())
    if not match:
        raise ScheduleError(f"{text!r} is not a time of day; use HH:MM, 24-hour (e.g. 07:30)")
    return time(int(match[1]), int(match[2]))


def zone(name: str) -> ZoneInfo:
    """The IANA zone ``name``; raises :class:`ScheduleError` naming the bad value."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, TypeError):
        raise ScheduleError(f"unknown timezone {name!r}; use an IANA name such as "
                            "Europe/Berlin, America/Chicago or UTC") from None


def job_id(schedule_id: str) -> str:
    return f"digest:{schedule_id}"


def latest_slot(schedule: Schedule, now: datetime) -> datetime:
    """The most recent slot of ``schedule`` at or before ``now`` (aware, schedule's zone)."""
    tz = zone(schedule.timezone)
    local_now = now.astimezone(tz)
    at = parse_hhmm(schedule.time)
    slot = datetime.combine(local_now.date(), at, tzinfo=tz)
    if slot > local_now:
        slot = datetime.combine(local_now.date() - timedelta(days=1), at, tzinfo=tz)
    return slot


def next_slot(schedule: Schedule, now: datetime) -> datetime:
    """The first slot of ``schedule`` after ``now`` (aware, schedule's zone): the next run."""
    tz = zone(schedule.timezone)
    at = parse_hhmm(schedule.time)
    day = latest_slot(schedule, now).date() + timedelta(days=1)
    return datetime.combine(day, at, tzinfo=tz)


def window_key(schedule: Schedule, now: datetime) -> str:
    """The ledger key for the window that is current at ``now``: ``"<schedule id>:<slot's local
    date>"``. The schedule id is part of the key because the promise is one digest per day *and
    schedule*: two schedules for the same channel each post once a day (the ledger is unique on
    ``(target, window_key)``)."""
    return f"{schedule.id}:{latest_slot(schedule, now).date().isoformat()}"


class DigestScheduler:
    """Keeps one APScheduler job per stored schedule and runs them through ``run``."""

    def __init__(self, store: Any, run: RunSchedule, *, timezone_name: str = "UTC",
                 misfire_grace_seconds: int = 3600, clock: Clock = utc_now) -> None:
        self.store = store
        self.run = run
        self.clock = clock
        self.grace = timedelta(seconds=misfire_grace_seconds)
        self._start_hooks: list[Callable[[], None]] = []
        self.scheduler = AsyncIOScheduler(
            timezone=zone(timezone_name),
            jobstores={"default": MemoryJobStore()},
            job_defaults={"misfire_grace_time": misfire_grace_seconds, "coalesce": True,
                          "max_instances": 1},
        )

    # ------------------------------------------------------------------ lifecycle

    def on_start(self, hook: Callable[[], None]) -> None:
        """Call ``hook`` when the jobs are created at :meth:`start` (e.g. to add the news
        sources' polling jobs to the same APScheduler scheduler)."""
        self._start_hooks.append(hook)

    def start(self) -> None:
        """Create the jobs and start APScheduler (needs a running event loop)."""
        self.sync()
        for hook in self._start_hooks:
            hook()
        if not self.scheduler.running:
            self.scheduler.start()

    def shutdown(self) -> None:
        if self.scheduler.running:
            self.scheduler.shutdown(wait=False)

    async def start_and_catch_up(self) -> list[PostOutcome]:
        self.start()
        return await self.catch_up()

    # ------------------------------------------------------------------ jobs

    def sync(self) -> None:
        """Make the job set equal to the stored schedules (add, replace, remove)."""
        schedules = {s.id: s for s in self.store.schedules()}
        for schedule in schedules.values():
            try:
                self.add(schedule)
            except Exception:  # noqa: BLE001 - one bad row must not stop the bot starting
                log.exception("skipping schedule %s (%s %s -> %s): it cannot be scheduled",
                              schedule.id, schedule.time, schedule.timezone, schedule.target)
        for job in self.scheduler.get_jobs():
            if job.id.startswith("digest:") and job.id[len("digest:"):] not in schedules:
                job.remove()

    def add(self, schedule: Schedule) -> None:
        at = parse_hhmm(schedule.time)
        trigger = CronTrigger(hour=at.hour, minute=at.minute, timezone=zone(schedule.timezone))
        self.scheduler.add_job(
            self.fire, trigger, args=[schedule.id], id=job_id(schedule.id),
            name=f"digest to {schedule.target} at {schedule.time} {schedule.timezone}",
            replace_existing=True, misfire_grace_time=int(self.grace.total_seconds()),
            coalesce=True, max_instances=1,
        )

    def remove(self, schedule_id: str) -> None:
        job = self.scheduler.get_job(job_id(schedule_id))
        if job is not None:
            job.remove()

    def job_ids(self) -> list[str]:
        return sorted(job.id for job in self.scheduler.get_jobs())

    # ------------------------------------------------------------------ running

    async def fire(self, schedule_id: str) -> PostOutcome | None:
        """The job body: post the current window of one schedule (deduplicated by the ledger)."""
        schedule = self.store.schedule(schedule_id)
        if schedule is None:
            log.info("schedule %s is gone; dropping its job", schedule_id)
            self.remove(schedule_id)
            return None
        try:
            key = window_key(schedule, self.clock())
        except Exception:  # noqa: BLE001 - a job must never kill the scheduler
            log.exception("schedule %s has a bad time or timezone; not posting", schedule_id)
            return None
        return await self._run_safely(schedule, key)

    async def _run_safely(self, schedule: Schedule, key: str) -> PostOutcome | None:
        try:
            return await self.run(schedule, key)
        except Exception:  # noqa: BLE001 - a job must never kill the scheduler
            log.exception("scheduled digest %s (%s) failed", schedule.id, key)
            return None

    def due_for_catch_up(self, now: datetime | None = None) -> list[Schedule]:
        """Schedules whose latest slot passed no more than the grace period ago."""
        now = now or self.clock()
        due = []
        for schedule in self.store.schedules():
            try:
                slot = latest_slot(schedule, now)
            except Exception:  # noqa: BLE001 - a bad row is logged by sync(); skip it here
                log.warning("skipping schedule %s in the catch-up: bad time or timezone",
                            schedule.id)
                continue
            if timedelta(0) <= now - slot <= self.grace:
                due.append(schedule)
        return due

    async def catch_up(self, now: datetime | None = None) -> list[PostOutcome]:
        """Post every slot missed while the bot was down, within the grace period, once."""
        now = now or self.clock()
        outcomes = []
        for schedule in self.due_for_catch_up(now):
            try:
                key = window_key(schedule, now)
            except Exception:  # noqa: BLE001
                log.warning("skipping schedule %s in the catch-up", schedule.id, exc_info=True)
                continue
            outcome = await self._run_safely(schedule, key)
            if outcome is not None:
                outcomes.append(outcome)
        return outcomes
