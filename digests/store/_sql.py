"""Small helpers shared by the store's concerns: times as stored, choices, grouped reads."""
from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection

#: Above this many ids a filter reads rows whole and keeps the wanted ones in Python: one scan
#: beats a huge ``IN (...)`` list (and stays under SQLite's bound-parameter limit).
MAX_IN_IDS = 2000

bp = sa.bindparam


def expanding(name: str) -> Any:
    return sa.bindparam(name, expanding=True)


def db_now() -> datetime:
    """Now, as stored: naive UTC."""
    return datetime.now(UTC).replace(tzinfo=None)


def to_db_time(value: datetime) -> datetime:
    """Naive UTC, as stored (portable across SQLite and PostgreSQL ``timestamp``)."""
    if value.tzinfo is not None:
        value = value.astimezone(UTC).replace(tzinfo=None)
    return value


def from_db_time(value: datetime | None) -> datetime | None:
    return value.replace(tzinfo=UTC) if value is not None else None


def _dialect_insert(conn: Connection, table: sa.Table) -> Any:
    """``INSERT`` with the ``ON CONFLICT`` clauses of the connection's database (SQLite and
    PostgreSQL spell them alike; SQLAlchemy has one construct per dialect)."""
    name = conn.dialect.name
    if name == "postgresql":
        return postgresql.insert(table)
    if name == "sqlite":
        return sqlite.insert(table)
    raise NotImplementedError(f"the store supports SQLite and PostgreSQL, not {name}")


def insert_new(conn: Connection, table: sa.Table, values: dict[str, Any], *,
               key: Sequence[str]) -> bool:
    """Insert the row unless one with the same ``key`` columns exists: True when inserted.
    One statement, so of racing writers exactly one inserts (no failed transaction for the
    others, which PostgreSQL would otherwise have to roll back)."""
    statement = (_dialect_insert(conn, table).values(**values)
                 .on_conflict_do_nothing(index_elements=list(key))
                 .execution_options(preserve_rowcount=True))  # an INSERT's count is kept only so
    return conn.execute(statement).rowcount == 1


def upsert(conn: Connection, table: sa.Table, values: dict[str, Any], *,
           key: Sequence[str], update: Sequence[str] | None = None) -> None:
    """Insert the row, or update the ``update`` columns (default: all but the key) of the row
    with the same ``key`` columns (one atomic statement: concurrent writers never see a missing
    row in between)."""
    statement = _dialect_insert(conn, table).values(**values)
    columns = [name for name in values if name not in key] if update is None else update
    changed = {name: statement.excluded[name] for name in columns}
    if changed:
        statement = statement.on_conflict_do_update(index_elements=list(key), set_=changed)
    else:
        statement = statement.on_conflict_do_nothing(index_elements=list(key))
    conn.execute(statement)


def check_choice(name: str, value: str, allowed: Sequence[str]) -> None:
    if value not in allowed:
        raise ValueError(f"{name} = {value!r}: expected one of {', '.join(allowed)}")


def group_rows(
    conn: Connection, table: sa.Table, *, key: str = "doc_id", where: Any = None
) -> dict[str, list[Any]]:
    query = sa.select(table).order_by(table.c[key], table.c.seq)
    if where is not None:
        query = query.where(where)
    grouped: dict[str, list[Any]] = {}
    for row in conn.execute(query):
        grouped.setdefault(getattr(row, key), []).append(row)
    return grouped
