"""Which process posts the scheduled digests when several run on one store.

Two ``briefbot run`` processes may share a store: a hot spare, or a deployment that splits the
Discord shards across processes. Each runs the scheduler, but only the *leader* -- the holder of
the store's ``"leader"`` lock (a PostgreSQL advisory lock on a connection of its own, or a
``flock`` beside a SQLite file; see :mod:`digests.store._locks`) -- posts. The others stand by
and try to take the lock every ``interval`` seconds; the server (or the kernel) frees it the
moment the leader's process dies, so a spare takes over within one interval and runs the
catch-up (``on_gain``); while it leads, ``on_tick`` runs at every check (the scheduler re-reads
the schedules that other processes may have added). A leader that loses its lock connection
steps down. The posting
ledger's unique key stays the last guard: even two leaders could not post one window twice.
"""
from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from digests.store import StoreError

log = logging.getLogger(__name__)

LEADER_LOCK = "leader"
#: Seconds between a spare's attempts to take over (and the leader's checks of its lock).
CHECK_SECONDS = 5.0


class Leadership:
    """The scheduler leadership of one process over ``store`` (see the module docstring)."""

    def __init__(self, store: Any, *, interval: float = CHECK_SECONDS,
                 on_gain: Callable[[], Awaitable[Any]] | None = None,
                 on_tick: Callable[[], Any] | None = None) -> None:
        self.lock = store.lock(LEADER_LOCK)
        self.interval = interval
        self.on_gain = on_gain
        self.on_tick = on_tick
        self._task: asyncio.Task[None] | None = None

    @property
    def is_leader(self) -> bool:
        return self.lock.held

    def try_lead(self) -> bool:
        """One attempt to become (or stay) the leader; True when this process leads."""
        if self.lock.held:
            if self.lock.alive():
                return True
            log.warning("lost the scheduler leadership (the store connection was lost); "
                        "standing by as a spare")
            return False
        try:
            taken = self.lock.acquire(blocking=False)
        except StoreError as exc:
            log.warning("cannot check the scheduler leadership: %s", exc)
            return False
        if taken:
            log.warning("this process is now the scheduler leader: it posts the scheduled digests")
        return taken

    def start(self) -> None:
        """First attempt now, then one every ``interval`` seconds (needs a running loop)."""
        if not self.try_lead():
            log.warning("another process is the scheduler leader; this one stands by as a spare "
                        "and takes over if it stops")
        if self._task is None:
            self._task = asyncio.get_running_loop().create_task(self._watch())

    async def _watch(self) -> None:
        while True:
            await asyncio.sleep(self.interval)
            was_leader = self.lock.held
            leads = await asyncio.to_thread(self.try_lead)
            try:
                if leads and not was_leader and self.on_gain is not None:
                    await self.on_gain()
                elif leads and self.on_tick is not None:
                    self.on_tick()
            except Exception:  # noqa: BLE001 - the watch must outlive a failed catch-up
                log.exception("the scheduler leader's work after a check failed")

    def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            self._task = None
        self.lock.release()
