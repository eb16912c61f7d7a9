"""Polling off the event loop: in a worker process, or in a thread for tests and scripts.

A poll parses new articles with spaCy. In a thread of the bot's process that would hold the
interpreter for seconds at a time and every chat command would wait; in a worker process
(:class:`ProcessPolls`, one process, started on first use with the ``spawn`` method) the
fetching, parsing, extraction and store writes run beside the bot, which only awaits the
reports; the worker runs at a lower priority (``nice``), so on a busy machine the operating
system serves the bot's commands first. The worker opens its own store connection (SQLite in WAL mode lets the bot read
meanwhile) and keeps its fetcher (per-host politeness, robots.txt cache) and model between polls.

Both runners are ``await runner(ids, force=...) -> list[PollReport]``.
"""
from __future__ import annotations

import asyncio
import multiprocessing
import os
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from datetime import datetime
from typing import Any

from ..settings import Settings
from ..store import Store
from ._fetch import Fetcher
from ._service import PollReport, poll_due

Clock = Callable[[], datetime]

#: The worker process's long-lived objects (one store and one fetcher per worker).
_WORKER: dict[str, Any] = {}


#: The worker's scheduling priority relative to the bot (``os.nice`` increment): when the
#: machine is busy, the operating system runs the bot's chat commands first.
WORKER_NICENESS = 10


def _lower_priority() -> None:
    """Worker initializer: background polling yields the CPU to the bot."""
    try:
        os.nice(WORKER_NICENESS)
    except (AttributeError, OSError):  # not on this platform, or not permitted: run as is
        pass


def _worker_poll(settings: Settings, ids: list[str] | None, now: datetime,
                 force: bool) -> list[PollReport]:
    """Runs in the worker process, which opens its own store connection once."""
    if "store" not in _WORKER:
        _WORKER["store"] = Store.from_settings(settings)
        _WORKER["fetcher"] = Fetcher(settings.fetch)
    return poll_due(_WORKER["store"], settings=settings, fetcher=_WORKER["fetcher"], now=now,
                    ids=ids, force=force)


class ProcessPolls:
    """Polls in one worker process; :meth:`close` stops it."""

    def __init__(self, settings: Settings, *, clock: Clock) -> None:
        self.settings = settings
        self.clock = clock
        self._pool: ProcessPoolExecutor | None = None

    async def __call__(self, ids: list[str] | None, *, force: bool = False) -> list[PollReport]:
        if self._pool is None:
            self._pool = ProcessPoolExecutor(max_workers=1,
                                             mp_context=multiprocessing.get_context("spawn"),
                                             initializer=_lower_priority)
        loop = asyncio.get_running_loop()
        try:
            return await loop.run_in_executor(self._pool, _worker_poll, self.settings, ids,
                                              self.clock(), force)
        except BrokenProcessPool:
            # the worker died (killed, out of memory): the next poll starts a new one
            self._pool = None
            raise

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None


class ThreadPolls:
    """Polls in a thread of this process with a given store, fetcher and (optionally) an
    already loaded model: for tests and one-shot commands, where nothing else is waiting."""

    def __init__(self, store: Store, settings: Settings, *, fetcher: Fetcher, clock: Clock,
                 nlp: Any = None) -> None:
        self.store = store
        self.settings = settings
        self.fetcher = fetcher
        self.clock = clock
        self.nlp = nlp

    async def __call__(self, ids: list[str] | None, *, force: bool = False) -> list[PollReport]:
        return await asyncio.to_thread(
            poll_due, self.store, settings=self.settings, fetcher=self.fetcher, now=self.clock(),
            ids=ids, nlp=self.nlp, force=force)

    def close(self) -> None:
        self.fetcher.close()
