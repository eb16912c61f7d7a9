"""The :class:`Store` facade: opens the database and combines the concerns into one API."""
from __future__ import annotations

import copy
import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import Connection
from sqlalchemy.exc import SQLAlchemyError

from ..models import StoreHealth
from ..settings import Settings
from ._documents import DocumentsMixin
from ._engine import is_read_only, make_engine, missing_driver, safe_url
from ._faults import sqlite_path, store_error
from ._people import PeopleMixin
from ._questions import QuestionsMixin
from ._resolution import ResolutionMixin
from ._schedules import CLAIM_STALE_AFTER, SchedulesMixin
from ._locks import StoreLock
from ._schema import (
    SCHEMA_VERSION,
    StoreError,
    current_version,
    documents_t,
    meta_t,
    people_t,
    schema_version_table,
    upgrade,
)
from ._sources import SourcesMixin
from ._sql import upsert


class Store(DocumentsMixin, PeopleMixin, QuestionsMixin, ResolutionMixin, SchedulesMixin,
            SourcesMixin):
    """One database of Briefbot; see :mod:`digests.store` for the full method list. Each
    concern's methods live in its own module (``_documents``, ``_people``, ``_questions``,
    ``_resolution``, ``_schedules``, ``_sources``); this class opens the engine they share and holds the metadata methods."""

    def __init__(self, url: str, *, claim_stale_after: timedelta = CLAIM_STALE_AFTER) -> None:
        self.url = url
        self.claim_stale_after = claim_stale_after
        try:
            self.engine = make_engine(url)
        except ImportError as exc:  # the URL names a driver that is not installed
            raise StoreError(missing_driver(url, exc)) from None
        except OSError as exc:  # e.g. the SQLite file's folder cannot be created
            raise StoreError(f"cannot open database {safe_url(url)}: "
                             f"{exc.strerror or exc}: {exc.filename or ''}".rstrip(": ")) from None
        except (sa.exc.ArgumentError, ValueError, TypeError) as exc:  # bad URL query arguments
            raise StoreError(f"database_url = {safe_url(url)}: {exc}") from None
        try:
            if current_version(self.engine) != SCHEMA_VERSION:
                # one process migrates; the others wait, then find nothing left to do
                with self.lock("schema").hold():
                    upgrade(self.engine)
        except StoreError:
            self.engine.dispose()
            raise
        except (SQLAlchemyError, OSError, ImportError) as exc:
            self.engine.dispose()
            if isinstance(exc, ImportError):
                raise StoreError(missing_driver(url, exc)) from None
            raise StoreError(f"cannot open database {safe_url(url)}: "
                             f"{exc.__class__.__name__}: {getattr(exc, 'orig', exc)}") from None

    @classmethod
    def from_settings(cls, settings: Settings) -> Store:
        return cls(settings.database_url)

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def snapshot(self) -> Iterator[Store]:
        """A read-only view of the store as it is now: every read through it sees one
        consistent state, whatever other processes commit meanwhile (a briefing built from it
        never mixes a document's old and new rows, or two resolutions). Writes through it raise
        :class:`StoreError`. Use it in one thread; it holds one connection until the block ends."""
        if isinstance(self.engine.pool, sa.pool.StaticPool):
            # an in-memory database: one connection that every thread shares, in one process
            # (a read transaction here would end other threads' writes): reads stay as they are
            yield self
            return
        if self.engine.dialect.name == "postgresql":
            conn = self.engine.connect().execution_options(isolation_level="REPEATABLE READ")
        else:
            conn = self.engine.connect()
        try:
            if self.engine.dialect.name == "sqlite":
                # the sqlite3 module opens no transaction for reads: without one, each
                # statement would see the database as of its own start
                conn.exec_driver_sql("BEGIN")
            view = copy.copy(self)
            view.engine = _OneConnection(conn)  # type: ignore[assignment]
            yield view
        finally:
            conn.close()  # rolls the read transaction back

    def lock(self, name: str) -> StoreLock:
        """The store's lock called ``name`` (not yet taken), shared by every process that opens
        this store: e.g. ``with store.lock("ingest").hold(on_wait=say_waiting): ...``. A holder
        that dies releases it. See :mod:`digests.store._locks`."""
        return StoreLock(self.engine, name)
    @property
    def read_only(self) -> bool:
        """Opened read-only (an SQLite file that cannot be written, or ``?mode=ro``)."""
        return is_read_only(self.engine)

    def backup(self, target: Path | str) -> Path:
        """Write a consistent copy of this (live) SQLite store to ``target`` through SQLite's
        online backup API: writers may go on meanwhile, the copy is one moment of the store.
        It is written next to ``target`` first and renamed into place, so a failed backup
        leaves no half-written file. Returns the path written. Other databases raise
        :class:`StoreError` saying how to back them up with their own tools."""
        if self.engine.dialect.name != "sqlite":
            raise StoreError(
                f"this store is in {self.engine.dialect.name} ({safe_url(self.url)}): back it "
                "up with the database's own tool, e.g. for PostgreSQL: pg_dump --format=custom "
                "--file=BACKUP.dump DATABASE_URL (and pg_restore to bring it back)")
        source = sqlite_path(self.engine.url)
        target = Path(target).expanduser()
        if target.is_dir():
            raise StoreError(f"backup {target}: is a folder; give a file name")
        if source is not None and target.exists() and target.resolve() == source.resolve():
            raise StoreError(f"backup {target}: that is the store itself; give another file")
        partial = target.with_name(f".{target.name}.partial")
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            partial.unlink(missing_ok=True)
            _sqlite_backup(self.engine, partial)
            os.replace(partial, target)
        except sqlite3.Error as exc:
            partial.unlink(missing_ok=True)
            raise store_error(exc, where=str(target)) or StoreError(
                f"backup {target}: {exc}") from None
        except OSError as exc:
            partial.unlink(missing_ok=True)
            raise StoreError(f"backup {target}: {exc.strerror or exc}") from None
        return target

    def schema_version(self) -> int:
        with self.engine.connect() as conn:
            return int(conn.execute(sa.select(sa.func.max(schema_version_table.c.version)))
                       .scalar() or 0)

    def get_meta(self, key: str) -> str | None:
        with self.engine.connect() as conn:
            return conn.execute(sa.select(meta_t.c.value).where(meta_t.c.key == key)).scalar()

    def set_meta(self, key: str, value: str) -> None:
        with self.engine.begin() as conn:
            upsert(conn, meta_t, {"key": key, "value": value}, key=["key"])

    # -- health (``briefbot status``) ------------------------------------------------------------

    def health(self) -> StoreHealth:
        """The URL (password hidden), schema version, document and people counts, and the row
        count of every table the database has (including tables other features add)."""
        with self.engine.connect() as conn:
            names = sorted(sa.inspect(conn).get_table_names())
            tables = {name: int(conn.execute(sa.select(sa.func.count())
                                             .select_from(sa.table(name))).scalar() or 0)
                      for name in names}
        return StoreHealth(url=safe_url(self.url), schema_version=self.schema_version(),
                           documents=tables.get(documents_t.name, 0),
                           people=tables.get(people_t.name, 0), tables=tables)


class _OneConnection:
    """The engine of a :meth:`Store.snapshot` view: every ``connect()`` is the snapshot's one
    connection (left open), and ``begin()`` -- a write -- is refused."""

    def __init__(self, conn: Connection) -> None:
        self._conn = conn
        self.dialect = conn.dialect
        self.url = conn.engine.url

    @contextmanager
    def connect(self) -> Iterator[Connection]:
        yield self._conn

    def begin(self) -> None:
        raise StoreError("a store snapshot is read-only")

    def dispose(self) -> None:
        """Closing a view closes nothing: the snapshot's block does."""


def _sqlite_backup(engine: sa.engine.Engine, target: Path) -> None:
    """SQLite's online backup of ``engine``'s database into the new file ``target``."""
    raw = engine.raw_connection()
    try:
        dest = sqlite3.connect(target)
        try:
            raw.driver_connection.backup(dest)
        finally:
            dest.close()
    finally:
        raw.close()
