"""Named locks on a store, each held by at most one holder at a time across every process that
opens the store: one ingest at a time (``"ingest"``), one scheduler leader (``"leader"``), one
schema upgrade (``"schema"``).

A lock is released when its holder releases it *or dies*, so a killed process never leaves one
behind:

* PostgreSQL: a session advisory lock (``pg_advisory_lock``) taken on a connection of its own,
  which the lock keeps open while held; the server drops it when that connection ends. The key
  is derived from the database, the schema and the lock's name, so two Briefbot stores in one
  database (different schemas) do not share locks.
* SQLite file: ``flock`` on a file beside the database (``<database>.<name>.lock``); the kernel
  drops it when the process ends. (SQLite's own locks cover single transactions, not a run.)
* In-memory SQLite: a lock within the process (no other process can open that database).
"""
from __future__ import annotations

import fcntl
import hashlib
import os
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Protocol

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import SQLAlchemyError

from ._schema import StoreError


class _Backend(Protocol):
    def acquire(self, blocking: bool) -> bool: ...

    def alive(self) -> bool: ...

    def release(self) -> None: ...


class StoreLock:
    """One named lock of a store (see the module docstring). Not re-entrant: a second
    :class:`StoreLock` of the same name and store, even in this process, waits for the first."""

    def __init__(self, engine: Engine, name: str) -> None:
        self.name = name
        self._backend = _backend_for(engine, name)
        self._held = False

    @property
    def held(self) -> bool:
        """Whether this lock believes it holds the lock (see :meth:`alive` for a check)."""
        return self._held

    def acquire(self, *, blocking: bool = True) -> bool:
        """Take the lock: True when taken; False only when ``blocking`` is false and another
        holder has it. Raises :class:`StoreError` when the database cannot be reached."""
        if self._held:
            return True
        try:
            self._held = self._backend.acquire(blocking)
        except (SQLAlchemyError, OSError) as exc:
            raise StoreError(f"cannot take the store's {self.name} lock: "
                             f"{getattr(exc, 'orig', None) or exc}") from None
        return self._held

    def alive(self) -> bool:
        """True while the lock is held for certain: on PostgreSQL this checks that the lock's
        connection still works (a lost connection means the server dropped the lock)."""
        if self._held and not self._backend.alive():
            self._backend.release()
            self._held = False
        return self._held

    def release(self) -> None:
        if self._held:
            self._held = False
            self._backend.release()

    @contextmanager
    def hold(self, *, on_wait: Callable[[], None] | None = None) -> Iterator[StoreLock]:
        """Hold the lock for a block. When another holder has it, ``on_wait()`` is called once
        (e.g. to say what this process is waiting for) before waiting."""
        if not self.acquire(blocking=False):
            if on_wait is not None:
                on_wait()
            self.acquire(blocking=True)
        try:
            yield self
        finally:
            self.release()


def _backend_for(engine: Engine, name: str) -> _Backend:
    dialect = engine.dialect.name
    if dialect == "postgresql":
        return _AdvisoryLock(engine, name)
    if dialect == "sqlite":
        database = engine.url.database
        if database and database != ":memory:" and not database.startswith("file:"):
            return _FileLock(Path(f"{Path(database).expanduser()}.{name}.lock"))
        return _LocalLock(engine, name)
    raise StoreError(f"store locks support SQLite and PostgreSQL, not {dialect}")


class _AdvisoryLock:
    """A PostgreSQL session advisory lock on a connection of its own."""

    def __init__(self, engine: Engine, name: str) -> None:
        self.engine = engine
        self.name = name
        self.conn: Connection | None = None
        self.key = 0

    def acquire(self, blocking: bool) -> bool:
        conn = self.engine.connect().execution_options(isolation_level="AUTOCOMMIT")
        try:
            where = conn.execute(sa.text("SELECT current_database(), current_schema()")).one()
            self.key = _advisory_key(f"briefbot:{where[0]}:{where[1]}:{self.name}")
            if blocking:  # waits in the server until the holder releases it or ends
                conn.execute(sa.text("SELECT pg_advisory_lock(:key)"), {"key": self.key})
                taken = True
            else:
                taken = bool(conn.execute(sa.text("SELECT pg_try_advisory_lock(:key)"),
                                          {"key": self.key}).scalar())
        except BaseException:
            conn.invalidate()  # never hand a connection that may hold the lock back to the pool
            conn.close()
            raise
        if not taken:
            conn.close()
            return False
        self.conn = conn
        return True

    def alive(self) -> bool:
        if self.conn is None:
            return False
        try:
            self.conn.execute(sa.text("SELECT 1"))
        except SQLAlchemyError:
            return False
        return True

    def release(self) -> None:
        conn, self.conn = self.conn, None
        if conn is None:
            return
        try:
            conn.execute(sa.text("SELECT pg_advisory_unlock(:key)"), {"key": self.key})
        except SQLAlchemyError:
            conn.invalidate()  # the connection is gone, and the server dropped the lock with it
        finally:
            conn.close()


def _advisory_key(text: str) -> int:
    """A signed 64-bit advisory lock key for ``text`` (stable across processes and versions)."""
    return int.from_bytes(hashlib.sha256(text.encode()).digest()[:8], "big", signed=True)


class _FileLock:
    """``flock`` on a lock file beside the SQLite database."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.fd: int | None = None

    def acquire(self, blocking: bool) -> bool:
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | (0 if blocking else fcntl.LOCK_NB))
        except BlockingIOError:
            os.close(fd)
            return False
        except BaseException:
            os.close(fd)
            raise
        self.fd = fd
        return True

    def alive(self) -> bool:
        return self.fd is not None

    def release(self) -> None:
        fd, self.fd = self.fd, None
        if fd is not None:
            os.close(fd)  # closing the only descriptor of the open file drops the flock


#: Locks of in-memory databases, by (engine, name).
_LOCAL: dict[tuple[int, str], threading.Lock] = {}
_LOCAL_GUARD = threading.Lock()


class _LocalLock:
    """A lock within this process, for an in-memory SQLite database."""

    def __init__(self, engine: Engine, name: str) -> None:
        with _LOCAL_GUARD:
            self.lock = _LOCAL.setdefault((id(engine), name), threading.Lock())
        self.taken = False

    def acquire(self, blocking: bool) -> bool:
        self.taken = self.lock.acquire(blocking)
        return self.taken

    def alive(self) -> bool:
        return self.taken

    def release(self) -> None:
        if self.taken:
            self.taken = False
            self.lock.release()
