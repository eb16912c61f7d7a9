"""Small helpers shared by the store's concerns: times as stored, choices, grouped reads."""
from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
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
