"""Shared fixtures. The spaCy model is loaded once per test session.

Store fixtures: ``db_url`` (and ``store``, opened on it) is parametrised over the databases
Briefbot supports: SQLite always, and PostgreSQL when ``BRIEFBOT_TEST_DATABASE_URL`` names a
server (e.g. ``postgresql://briefbot:briefbot@127.0.0.1:5432/briefbot_test``; the role needs to
create schemas in that database). Each PostgreSQL test gets a fresh schema of its own (the URL's
``search_path``), dropped afterwards. The PostgreSQL parameters carry the ``postgres`` marker
(``pytest -m postgres`` runs only them) and are skipped, saying so, without the variable.
``sqlite_url`` is for the tests of SQLite's own behaviour (files, pragmas, query plans).
"""
from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from digests.store import Store
from digests.store._engine import parse_url

ROOT = Path(__file__).resolve().parent.parent

#: The PostgreSQL server the ``postgres`` tests use (unset: those tests are skipped).
TEST_DATABASE_URL = os.environ.get("BRIEFBOT_TEST_DATABASE_URL", "").strip()
POSTGRES_SKIPPED = ("PostgreSQL tests skipped: set BRIEFBOT_TEST_DATABASE_URL "
                    "(e.g. postgresql://user:password@127.0.0.1:5432/db) to run them")


def write(path: Path, text: str | bytes) -> Path:
    """Write ``text`` (str as UTF-8, or raw bytes) to ``path``, creating folders; return it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def nlp():
    from digests.nlp import load_model

    return load_model()


@pytest.fixture(scope="session")
def parse(nlp):
    """``parse(text) -> Doc`` with the project's pinned model."""
    return nlp


@pytest.fixture
def seeds_dir() -> Path:
    return ROOT / "seeds"


# ----------------------------------------------------------------------------------------------
# Databases


def pytest_collection_modifyitems(config, items):
    """Without a test server, skip the ``postgres`` tests up front (one summary line per file)."""
    if TEST_DATABASE_URL:
        return
    skip = pytest.mark.skip(reason=POSTGRES_SKIPPED)
    for item in items:
        if item.get_closest_marker("postgres") is not None:
            item.add_marker(skip)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """Report every PostgreSQL skip at one place, so the summary says it once with the count."""
    outcome = yield
    report = outcome.get_result()
    if report.skipped and isinstance(report.longrepr, tuple) \
            and report.longrepr[2].endswith(POSTGRES_SKIPPED):
        report.longrepr = (__file__, None, POSTGRES_SKIPPED)


@pytest.fixture
def sqlite_url(tmp_path) -> str:
    return f"sqlite:///{tmp_path}/db/briefbot.sqlite3"


@pytest.fixture(scope="session")
def _postgres_admin() -> Iterator[sa.Engine]:
    if not TEST_DATABASE_URL:
        pytest.skip(POSTGRES_SKIPPED)
    engine = sa.create_engine(parse_url(TEST_DATABASE_URL), isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            conn.execute(sa.text("SELECT 1"))
    except sa.exc.OperationalError as exc:
        pytest.fail(f"BRIEFBOT_TEST_DATABASE_URL is set but the server cannot be reached: "
                    f"{exc.orig}", pytrace=False)
    yield engine
    engine.dispose()


@pytest.fixture
def postgres_url(_postgres_admin) -> Iterator[str]:
    """A URL on the test server whose tables live in a fresh schema of their own."""
    schema = f"briefbot_test_{uuid.uuid4().hex[:12]}"
    with _postgres_admin.connect() as conn:
        conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    url = parse_url(TEST_DATABASE_URL).update_query_dict(
        {"options": f"-csearch_path={schema}"})
    try:
        yield url.render_as_string(hide_password=False)
    finally:
        with _postgres_admin.connect() as conn:
            conn.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request) -> str:
    """A fresh, empty database of each kind Briefbot supports (see the module docstring)."""
    return request.getfixturevalue(f"{request.param}_url")


@pytest.fixture
def store(db_url) -> Iterator[Store]:
    with Store(db_url) as s:
        yield s
