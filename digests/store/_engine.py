"""Opening a database: the SQLAlchemy engine (SQLite pragmas; PostgreSQL through psycopg 3),
clear errors for bad URLs and missing drivers, and the store's faults (read-only, disk full,
damaged, locked) translated into :class:`StoreError` subclasses (see ``_faults``)."""
from __future__ import annotations

import re
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from . import _faults as faults
from ._schema import StoreError


def _enable_sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cursor = dbapi_conn.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")  # safe with WAL: consistent, fewer fsyncs
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


def _enable_read_only_pragmas(dbapi_conn: Any, _record: Any) -> None:
    """A read-only store keeps its journal mode (changing it would be a write)."""
    cursor = dbapi_conn.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


#: URL schemes that name PostgreSQL without a driver (``postgres://`` is what many hosting
#: services hand out): Briefbot's PostgreSQL driver is psycopg 3 (the ``postgres`` extra).
_POSTGRES_SCHEMES = ("postgresql", "postgres")
POSTGRES_DRIVER = "postgresql+psycopg"


def parse_url(url: str) -> sa.engine.URL:
    """``url`` parsed; a plain ``postgresql://`` (or ``postgres://``) URL names the psycopg 3
    driver. Raises :class:`StoreError` for text that is not a database URL."""
    scheme, sep, rest = url.partition("://")
    if sep and scheme in _POSTGRES_SCHEMES:
        url = f"{POSTGRES_DRIVER}://{rest}"
    try:
        return sa.engine.make_url(url)
    except sa.exc.ArgumentError:
        raise StoreError(f"database_url = {_mask_password(url)!r}: not a valid database URL "
                         "(e.g. sqlite:///data/briefbot.sqlite3 or "
                         "postgresql://user:password@host/database)") from None


def make_engine(url: str) -> Engine:
    """An engine for ``url``; SQLite files get their folder created, WAL and foreign keys;
    PostgreSQL connections are checked before use (a restarted server is reconnected to). An
    existing SQLite file that cannot be written opens read-only (reads work; a write raises
    ``StoreReadOnly``). The store's faults (read-only, disk full, damaged file, locked) raise
    :class:`StoreError` subclasses with one clear line instead of a database error."""
    parsed = parse_url(url)
    if parsed.get_backend_name() == "postgresql":
        engine = sa.create_engine(parsed, pool_pre_ping=True)
        _translate_faults(engine, safe_url(url))
        return engine
    if parsed.get_backend_name() != "sqlite":
        engine = sa.create_engine(parsed)  # (raises for an unknown scheme or missing driver)
        engine.dispose()
        raise StoreError(f"database_url = {safe_url(url)}: Briefbot's store runs on SQLite "
                         f"(sqlite:///PATH) or PostgreSQL (postgresql://...), not "
                         f"{engine.dialect.name}")
    path = faults.sqlite_path(parsed)
    parsed = faults.read_only_sqlite_url(parsed) or parsed
    read_only = faults.is_read_only_url(parsed)
    if path is not None:
        if not read_only:
            path.parent.mkdir(parents=True, exist_ok=True)
        engine = sa.create_engine(parsed)
    else:  # in-memory: one shared connection, or every connection sees an empty database
        engine = sa.create_engine(parsed, poolclass=sa.pool.StaticPool,
                                  connect_args={"check_same_thread": False})
    pragmas = _enable_read_only_pragmas if read_only else _enable_sqlite_pragmas
    sa.event.listen(engine, "connect", pragmas)
    _translate_faults(engine, str(path) if path is not None else "in memory")
    return engine


def _translate_faults(engine: Engine, where: str) -> None:
    """Raise the store's own errors for the faults users can act on (see ``_faults``)."""

    def on_error(context: Any) -> None:
        error = faults.store_error(context.original_exception, where=where)
        if error is not None:
            raise error from None

    sa.event.listen(engine, "handle_error", on_error)


def is_read_only(engine: Engine) -> bool:
    """Whether the engine opened its store read-only."""
    return faults.is_read_only_url(engine.url)


def safe_url(url: str) -> str:
    """``url`` as the user wrote it (``postgresql://`` stays so), its password hidden."""
    try:
        parsed = parse_url(url)
    except StoreError:
        return "(invalid URL)"
    scheme = url.partition("://")[0]
    if scheme in _POSTGRES_SCHEMES:
        parsed = parsed.set(drivername=scheme)
    return parsed.render_as_string(hide_password=True)


def _mask_password(text: str) -> str:
    """``text`` with a ``user:password@`` part's password hidden (for URLs that do not parse)."""
    return re.sub(r"(//[^/:@\s]*:)[^@/\s]*@", r"\1***@", text)


#: Python module -> the package to install for it (database drivers SQLAlchemy imports).
_DRIVER_PACKAGES = {
    "psycopg": "psycopg[binary]' (or the extra: pip install 'briefbot[postgres]", "psycopg2": "psycopg2-binary", "MySQLdb": "mysqlclient",
    "pymysql": "PyMySQL", "asyncpg": "asyncpg", "oracledb": "oracledb", "cx_Oracle": "cx_Oracle",
    "pyodbc": "pyodbc", "pymssql": "pymssql", "pysqlcipher3": "sqlcipher3", "pg8000": "pg8000",
}


def missing_driver(url: str, exc: ImportError) -> str:
    module = (exc.name or "").split(".")[0]
    if not module:
        return f"cannot open database {safe_url(url)}: {exc}"
    package = _DRIVER_PACKAGES.get(module, module)
    return (f"cannot open database {safe_url(url)}: its driver is not installed "
            f"(no module {module!r}); install it: pip install '{package}'")
