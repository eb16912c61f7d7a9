"""Health: what ``briefbot status`` and the admin ``status`` command say, and the state a
running bot keeps about itself to say it.

The status is a list of sections, each made by one provider in :data:`SECTIONS` from a
:class:`StatusContext` (the store, the settings, now, and -- inside a running bot or console --
its :class:`BotHealth`). A provider returns ``None`` to leave its section out (the sources
section does when there are no news sources), so a feature adds its section by adding one
provider. Providers read the store only through its public methods (``Store.health``,
``schedules``, ``posts``, ``sources``).

This module never imports discord: the Discord adapter feeds :class:`BotHealth` (gateway
events, failures, the slash-command sync) and the console marks itself as the console.
"""
from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import os
import socket
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from bot.leadership import LEADER_LOCK
from bot.posting import describe_target
from bot.scheduling import next_slot, utc_now
from digests.models import PostRecord, Schedule, Source
from digests.store import StoreError

log = logging.getLogger(__name__)

Clock = Callable[[], datetime]
#: The store's meta key where a running bot leaves its heartbeat for ``briefbot status``.
HEARTBEAT_KEY = "bot.heartbeat"
HEARTBEAT_EVERY = 60.0
#: A heartbeat older than this many periods means the bot is probably not running.
STALE_AFTER_BEATS = 3


class Backoff:
    """Delays between reconnect attempts: ``base``, doubling up to ``cap``; :meth:`reset`
    after a connection succeeded."""

    def __init__(self, base: float = 2.0, cap: float = 300.0) -> None:
        self.base = base
        self.cap = cap
        self._next = base

    def next(self) -> float:
        delay = self._next
        self._next = min(self.cap, self._next * 2)
        return delay

    def reset(self) -> None:
        self._next = self.base


class BotHealth:
    """What a running bot (or console) knows about itself. One per process; the Discord adapter
    updates it from the event loop, ``status`` reads it."""

    def __init__(self, surface: str, *, clock: Clock = utc_now) -> None:
        self.surface = surface  # "discord" or "console"
        self.clock = clock
        self.started_at = clock()
        self.last_event: str | None = None
        self.last_event_at: datetime | None = None
        self.events = 0
        self.skipped_events = 0
        self.gateway_failures = 0
        self.last_failure: str | None = None
        self.slash_sync = "not attempted"

    def gateway_event(self, event: str) -> None:
        self.events += 1
        self.last_event, self.last_event_at = event, self.clock()

    def event_failed(self, event: str) -> None:
        self.skipped_events += 1

    def gateway_failed(self, reason: str) -> None:
        self.gateway_failures += 1
        self.last_failure = reason


# ------------------------------------------------------------------------------------ heartbeat
# ``briefbot status`` runs in its own process; a running bot tells it how it is doing through
# one small row in the store's meta table, rewritten every ``HEARTBEAT_EVERY`` seconds.


def heartbeat_record(health: BotHealth, *, stopped: bool = False) -> str:
    """The heartbeat JSON: who (host, pid), since when, the last gateway event, and now."""
    def iso(moment: datetime | None) -> str | None:
        return moment.isoformat() if moment else None

    return json.dumps({
        "host": socket.gethostname(), "pid": os.getpid(), "surface": health.surface,
        "started_at": iso(health.started_at), "written_at": iso(health.clock()),
        "last_event": health.last_event, "last_event_at": iso(health.last_event_at),
        "gateway_failures": health.gateway_failures, "slash_sync": health.slash_sync,
        "stopped": stopped,
    })


async def write_heartbeat(store: Any, health: BotHealth, *, stopped: bool = False) -> None:
    """Write one heartbeat (off the event loop); a failure is logged, never raised."""
    try:
        await asyncio.to_thread(store.set_meta, HEARTBEAT_KEY,
                                heartbeat_record(health, stopped=stopped))
    except Exception:  # noqa: BLE001 - a busy or unreachable store must not stop the bot
        log.warning("could not write the heartbeat to the store", exc_info=True)


async def keep_heartbeat(store: Any, health: BotHealth, *, every: float = HEARTBEAT_EVERY,
                         stop: asyncio.Event | None = None) -> None:
    """Write a heartbeat now and every ``every`` seconds until ``stop`` is set (or the task is
    cancelled). A write under way is finished first: a write runs in a thread, which
    cancelling would not stop, so the bot's last "stopped" heartbeat could be overwritten."""
    stop = stop or asyncio.Event()
    while not stop.is_set():
        await write_heartbeat(store, health)
        with contextlib.suppress(asyncio.TimeoutError):
            await asyncio.wait_for(stop.wait(), timeout=every)


def _heartbeat_lines(raw: str | None, now: datetime) -> tuple[str, ...] | None:
    try:
        beat = json.loads(raw) if raw else None
        written = datetime.fromisoformat(beat["written_at"])
        started = datetime.fromisoformat(beat["started_at"])
    except (ValueError, TypeError, KeyError):
        return None
    who = f"{beat.get('surface', 'discord')} bot on {beat.get('host')} (pid {beat.get('pid')})"
    if beat.get("stopped"):
        return (f"{who} stopped at {written:%Y-%m-%d %H:%M} UTC "
                f"({_span(now - written)} ago)",)
    lines = [f"{who}, up {_span(written - started)} at its last heartbeat "
             f"{_span(now - written)} ago"]
    if (now - written).total_seconds() > STALE_AFTER_BEATS * HEARTBEAT_EVERY:
        lines.append("that heartbeat is stale: the bot is probably not running")
    if beat.get("last_event_at"):
        event_at = datetime.fromisoformat(beat["last_event_at"])
        lines.append(f"last gateway event: {beat.get('last_event')} "
                     f"{_span(now - event_at)} ago")
    lines.append(f"slash commands: {beat.get('slash_sync')}")
    return tuple(lines)


# ------------------------------------------------------------------------------------ sections


@dataclass(frozen=True, slots=True)
class Section:
    title: str
    lines: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class StatusContext:
    store: Any
    settings: Any
    now: datetime
    health: BotHealth | None = None
    metrics_url: str | None = None


SectionProvider = Callable[[StatusContext], Section | None]


def store_section(ctx: StatusContext) -> Section:
    health = ctx.store.health()
    return Section("Store", (
        f"database: {health.url}",
        f"schema version: {health.schema_version}",
        f"documents: {health.documents}, people: {health.people}",
    ))


def schedules_section(ctx: StatusContext) -> Section:
    schedules = ctx.store.schedules()
    if not schedules:
        return Section("Schedules", ("none",))
    last = last_outcomes(ctx.store.posts())
    lines = tuple(_schedule_line(s, last.get(s.id), ctx) for s in schedules)
    return Section("Schedules", (*lines, _leader_line(ctx.store)))


def _leader_line(store: Any) -> str:
    """Whether a running process holds the store's scheduler leadership (and so posts the
    schedules): a probe of the leader lock, released at once if it was free."""
    probe = store.lock(LEADER_LOCK)
    try:
        free = probe.acquire(blocking=False)
    except StoreError as exc:
        return f"posted by: unknown ({exc})"
    if not free:
        return "posted by: the scheduler leader, a running process on this store"
    probe.release()
    return "posted by: nobody now (no `briefbot run` is leading on this store)"


def last_outcomes(posts: Sequence[PostRecord]) -> dict[str, PostRecord]:
    """Each schedule's latest ledger row (``posts`` are oldest first)."""
    latest: dict[str, PostRecord] = {}
    for post in posts:
        if post.schedule_id is not None:
            latest[post.schedule_id] = post
    return latest


def _schedule_line(schedule: Schedule, post: PostRecord | None, ctx: StatusContext) -> str:
    head = (f"{schedule.id}: {schedule.time} {schedule.timezone} -> "
            f"{describe_target(schedule.target)}")
    try:
        upcoming = next_slot(schedule, ctx.now)
        next_text = f"next {upcoming:%Y-%m-%d %H:%M %Z} (in {_span(upcoming - ctx.now)})"
    except ValueError as exc:  # a bad time or zone in a stored row: say so, keep going
        next_text = f"cannot be scheduled: {exc}"
    return f"{head}; {next_text}; last: {_outcome(post, ctx.now)}"


def _outcome(post: PostRecord | None, now: datetime) -> str:
    if post is None:
        return "never posted"
    when = f"{post.at:%Y-%m-%d %H:%M} UTC ({_span(now - post.at)} ago)" if post.at else "?"
    text = f"{post.status} {post.window_key} at {when}"
    if post.status == "failed" and post.error:
        text += f": {post.error}"
    return text


def sources_section(ctx: StatusContext) -> Section | None:
    """The news sources, one line each (last poll, status, articles brought, back-off); left
    out when there are none."""
    sources = ctx.store.sources()
    if not sources:
        return None
    return Section("Sources", tuple(_source_line(s, ctx.now) for s in sources))


def _source_line(source: Source, now: datetime) -> str:
    when = (f"last poll {source.last_poll:%Y-%m-%d %H:%M} UTC ({_span(now - source.last_poll)} "
            "ago)" if source.last_poll else "never polled")
    line = (f"{source.id}: {source.label}, every {_span(timedelta(seconds=source.every_seconds))}"
            f"; {when}; {source.articles} article(s); {source.last_status or 'not polled yet'}")
    if source.backoff_until is not None and source.backoff_until > now:
        line += f"; backing off until {source.backoff_until:%Y-%m-%d %H:%M} UTC"
    return line


def process_section(ctx: StatusContext) -> Section:
    health = ctx.health
    metrics = f"metrics: {ctx.metrics_url}" if ctx.metrics_url else "metrics: off"
    if health is None:  # `briefbot status`: what the bot's heartbeat says
        beat = _heartbeat_lines(ctx.store.get_meta(HEARTBEAT_KEY), ctx.now)
        if beat is None:
            beat = ("no bot has run on this store yet (`briefbot run` leaves a heartbeat "
                    "here)",)
        return Section("Bot", (*beat, metrics))
    up = f"up {_span(ctx.now - health.started_at)} (since {health.started_at:%Y-%m-%d %H:%M} UTC)"
    if health.surface == "console":
        return Section("Bot", ("this is the console (no Discord connection)", up, metrics))
    lines = [f"Discord bot, {up}"]
    if health.last_event_at is None:
        lines.append("no gateway event received yet")
    else:
        lines.append(f"last gateway event: {health.last_event} "
                     f"{_span(ctx.now - health.last_event_at)} ago ({health.events} in all)")
    if health.gateway_failures:
        lines.append(f"connection failures recovered from: {health.gateway_failures} "
                     f"(last: {health.last_failure})")
    if health.skipped_events:
        lines.append(f"unreadable gateway events skipped: {health.skipped_events}")
    lines += [f"slash commands: {health.slash_sync}", metrics]
    return Section("Bot", tuple(lines))


#: The status, in order. Add a feature's section by adding its provider here.
SECTIONS: tuple[SectionProvider, ...] = (store_section, schedules_section, sources_section,
                                         process_section)


def collect_status(ctx: StatusContext,
                   providers: Sequence[SectionProvider] = SECTIONS) -> list[Section]:
    return [s for s in (provider(ctx) for provider in providers) if s is not None]


def render_status(sections: Sequence[Section]) -> str:
    """Plain text: a title line per section, its lines indented."""
    out: list[str] = []
    for section in sections:
        out.append(f"{section.title}:")
        out += [f"  {line}" for line in section.lines]
    return "\n".join(out)


def status_text(ctx: StatusContext) -> str:
    return render_status(collect_status(ctx))


def _span(delta: timedelta) -> str:
    """``timedelta`` -> "3 d 4 h", "2 h 5 min", "4 min", "12 s" (two units at most)."""
    seconds = max(0, int(delta.total_seconds()))
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes, secs = divmod(rest, 60)
    if days:
        return f"{days} d {hours} h"
    if hours:
        return f"{hours} h {minutes} min"
    if minutes:
        return f"{minutes} min"
    return f"{secs} s"
