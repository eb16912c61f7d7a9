"""Wiring shared by ``briefbot run`` and ``briefbot console``: one place that builds the store,
renderer, posting path, scheduler and command core from :class:`digests.settings.Settings`.

Surfaces add their own senders (a Discord channel sender, the console printer) to
``Runtime.senders`` and pass their notifier; everything else is identical, so the console and
Discord answer the same commands the same way.
"""
from __future__ import annotations

import asyncio
import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from bot.commands import CommandCore, Reingest
from bot.health import BotHealth
from bot.metrics import Metrics
from bot.polling import Polls, SourcePoller
from bot.posting import DigestPoster, Notifier, Senders
from bot.scheduling import DigestScheduler, utc_now
from digests.ingest import ingest_paths
from digests.models import Schedule
from digests.render import Renderer
from digests.sources import ProcessPolls, sync_config_sources
from digests.store import Store


@dataclass
class Runtime:
    store: Any
    renderer: Any
    senders: Senders
    poster: DigestPoster
    scheduler: DigestScheduler
    core: CommandCore
    health: BotHealth
    metrics: Metrics
    poller: SourcePoller | None = None

    def serve_metrics(self, port: int) -> str | None:
        """Start the Prometheus endpoint on 127.0.0.1:``port`` (None and nothing when 0);
        raises :class:`bot.metrics.MetricsError` when the port cannot be bound."""
        if not port:
            return None
        url = self.metrics.serve(port)
        self.core.metrics_url = url
        return url

    def close(self) -> None:
        self.scheduler.shutdown()
        self.metrics.close()
        if self.poller is not None:
            close = getattr(self.poller.polls, "close", None)
            if close is not None:
                close()
        self.store.close()


def make_reingest(store: Any, settings: Any, metrics: Metrics | None = None) -> Reingest:
    """The admin ``reingest`` command: ingest the configured folder off the event loop (this is
    the only bot path that may load spaCy)."""

    async def reingest() -> str:
        report = await asyncio.to_thread(ingest_paths, [settings.seeds], store=store,
                                         settings=settings)
        if metrics is not None:
            metrics.ingest(report)
        lines = [f"Re-ingested {settings.seeds}: {report.summary()}."]
        lines += [f"- {error}" for error in report.errors[:5]]
        return "\n".join(lines)

    return reingest


def config_schedule_id(target: str, time: str, timezone: str) -> str:
    """A stable id for a schedule declared in the config file (same entry -> same id)."""
    digest = hashlib.sha1(f"{target}|{time}|{timezone}".encode()).hexdigest()[:8]
    return f"cfg-{digest}"


def sync_config_schedules(store: Any, settings: Any) -> list[Schedule]:
    """Make the store's config schedules (ids ``cfg-*``) equal to the ``[[schedules]]`` of the
    config file: upsert each entry and delete the ``cfg-*`` rows no longer in it (idempotent).
    Schedules made with the ``schedule`` command have other ids and are left alone."""
    added = []
    for entry in settings.schedules:
        schedule = Schedule(id=config_schedule_id(entry.target, entry.time, entry.timezone),
                            target=entry.target, time=entry.time, timezone=entry.timezone,
                            created_by=None, format=entry.format)
        store.add_schedule(schedule)
        added.append(schedule)
    keep = {s.id for s in added}
    for stale in store.schedules():
        if stale.id.startswith("cfg-") and stale.id not in keep:
            store.remove_schedule(stale.id)
    return added


def build_runtime(settings: Any, *, store: Any = None, clock: Callable[[], datetime] = utc_now,
                  notify: Notifier | None = None, surface: str = "console",
                  polls: Polls | None = None) -> Runtime:
    """Build everything a surface ("console" or "discord") needs. Opening the store raises
    ``StoreError`` when the database cannot be used (callers turn that into a one-line
    message). ``polls`` runs the news sources' polls (default: a worker process, started at
    the first poll)."""
    opened = store is None  # close only a store opened here; a passed-in one is the caller's
    store = store if store is not None else Store.from_settings(settings)
    try:
        renderer = Renderer(template_dir=settings.template_dir, timezone=settings.timezone,
                            date_style=settings.date_style)
        senders = Senders()
        metrics = Metrics(documents=lambda: store.count_documents())
        health = BotHealth(surface, clock=clock)
        poster = DigestPoster(store, renderer, senders, clock=clock, notify=notify,
                              on_outcome=lambda outcome: metrics.post(outcome.status))
        sync_config_schedules(store, settings)
        scheduler = DigestScheduler(store, poster.run_schedule, timezone_name=settings.timezone,
                                    misfire_grace_seconds=settings.discord.misfire_grace_seconds,
                                    clock=clock)
        sync_config_sources(store, settings)

        async def tell_admin(admin_id: str | None, text: str) -> None:
            # the notifier that reports failed posts; a surface may set it after this call
            if poster.notify is not None:
                await poster.notify(admin_id, text)

        poller = SourcePoller(store, polls or ProcessPolls(settings, clock=clock),
                              scheduler.scheduler, notify=tell_admin)
        scheduler.on_start(poller.sync)
        core = CommandCore(store, renderer, settings, clock, poster=poster, scheduler=scheduler,
                           reingest=make_reingest(store, settings, metrics), health=health,
                           metrics=metrics, poller=poller)
    except BaseException:
        if opened:
            store.close()
        raise
    return Runtime(store, renderer, senders, poster, scheduler, core, health, metrics, poller)
