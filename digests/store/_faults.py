"""The store's own faults, as one clear line each: no SQL, no library names or links.

:func:`store_error` (through :func:`describe`) turns a database error into ``(kind, message)`` when it is a fault the user
can act on -- the store is read-only, its disk is full, its file is damaged, another process
holds it locked, it cannot be opened -- and into None for anything else (a bug: shown as an
unexpected error). Every store write is one transaction, so a refused write has written
nothing, which the messages say.

:func:`read_only_sqlite_url` opens an SQLite file that cannot be written (a read-only mount, a
file without write permission) read-only instead of failing to open it at all.
"""
from __future__ import annotations

import os
from pathlib import Path

import sqlalchemy as sa

from ._schema import StoreError

class StoreReadOnly(StoreError):
    """A write was refused: the store is read-only (nothing was written)."""


class StoreFull(StoreError):
    """The store's disk is full (the change was rolled back: nothing was half-written)."""


class StoreDamaged(StoreError):
    """The store's file is not a readable database."""


class StoreBusy(StoreError):
    """Another process kept the store locked too long (nothing was written)."""


READ_ONLY = "read-only"
FULL = "full"
DAMAGED = "damaged"
BUSY = "busy"
UNOPENABLE = "cannot-open"

#: Lower-case fragments of SQLite and PostgreSQL error texts -> the fault they mean.
_SIGNS: tuple[tuple[str, str], ...] = (
    ("attempt to write a readonly database", READ_ONLY),
    ("read-only", READ_ONLY),
    ("readonly", READ_ONLY),
    ("database or disk is full", FULL),
    ("no space left on device", FULL),
    ("disk full", FULL),
    ("file is not a database", DAMAGED),
    ("database disk image is malformed", DAMAGED),
    ("malformed database schema", DAMAGED),
    ("database is locked", BUSY),
    ("unable to open database file", UNOPENABLE),
)


def store_error(exc: BaseException, *, where: str) -> StoreError | None:
    """The :class:`StoreError` to raise instead of ``exc``, or None (not a store fault)."""
    found = describe(exc, where=where)
    if found is None:
        return None
    kind, message = found
    return _ERRORS[kind](message)


def describe(exc: BaseException, *, where: str) -> tuple[str, str] | None:
    """``(kind, message)`` for a store fault the user can act on, else None. ``where``: the
    store's file (or safe URL) to name in the message."""
    if isinstance(exc, sa.exc.IntegrityError):
        return None  # a constraint doing its job (e.g. the posting ledger's unique key)
    text = str(getattr(exc, "orig", None) or exc).lower()
    kind = next((k for sign, k in _SIGNS if sign in text), None)
    if kind is None:
        return None
    return kind, _MESSAGES[kind].format(where=where)


_MESSAGES = {
    READ_ONLY: ("the store {where} is read-only: nothing was written. Reading works; to ingest "
                "or change anything, make the file and its folder writable (or copy it to a "
                "writable disk)"),
    FULL: ("the disk holding the store {where} is full: nothing was half-written (the change "
           "was rolled back). Free some space and run the command again"),
    DAMAGED: ("the store {where} is damaged (not a readable database file). Restore it from a "
              "backup (`briefbot backup PATH` makes one), or move it away and run `briefbot "
              "ingest` to build a new store from the articles"),
    BUSY: ("the store {where} is busy: another Briefbot process kept it locked for too long; "
           "nothing was written. Try again when the other process (an ingest?) has finished"),
    UNOPENABLE: ("cannot open the store {where}: its folder is missing or cannot be read, or "
                 "the file cannot be created there"),
}


_ERRORS: dict[str, type[StoreError]] = {
    READ_ONLY: StoreReadOnly, FULL: StoreFull, DAMAGED: StoreDamaged, BUSY: StoreBusy,
    UNOPENABLE: StoreError,
}


def sqlite_path(url: sa.engine.URL) -> Path | None:
    """The file of an SQLite URL (None: in memory)."""
    database = url.database
    if database and database.startswith("file:"):
        database = database[len("file:"):]
    if not database or database == ":memory:" or url.query.get("mode") == "memory":
        return None
    return Path(database).expanduser()


def read_only_sqlite_url(url: sa.engine.URL) -> sa.engine.URL | None:
    """A read-only URL for an existing SQLite file that cannot be written, else None.

    ``mode=ro`` opens the file read-only; ``immutable=1`` is added when its folder cannot be
    written either (a read-only mount), where SQLite could not create the shared-memory file
    WAL readers need (nobody can be writing to such a file anyway)."""
    path = sqlite_path(url)
    if path is None or url.query.get("uri") or not path.exists():
        return None
    folder_writable = os.access(path.parent, os.W_OK)
    if os.access(path, os.W_OK) and folder_writable:
        return None
    flags = {"mode": "ro", "uri": "true"} | ({} if folder_writable else {"immutable": "1"})
    return url.set(database=f"file:{path.resolve()}", query={**url.query, **flags})


def is_read_only_url(url: sa.engine.URL) -> bool:
    """An SQLite URI opened read-only (``?mode=ro&uri=true``)."""
    return url.query.get("mode") == "ro" and url.query.get("uri") == "true"
