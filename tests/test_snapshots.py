"""Snapshot tests: whole digests of the invented corpora of ``test_briefing.py`` and
``briefing_corpus.py`` (a newsroom story with captions, frames, a Q&A piece and an untitled
article: the ``newsroom-*`` files), in every format, compared with the committed files under
``tests/snapshots/`` (read them to review the output).

Regenerate after an intended change with ``UPDATE_SNAPSHOTS=1 pytest tests/test_snapshots.py``
and review the diff before committing.
"""
from __future__ import annotations

import json
import os
from datetime import date, datetime, timezone
from pathlib import Path

import pytest

from digests import briefing as b
from digests.render import Renderer
from digests.store import Store
import briefing_corpus
from test_briefing import NOW, fill_store

SNAPSHOTS = Path(__file__).parent / "snapshots"
UPDATE = os.environ.get("UPDATE_SNAPSHOTS") == "1"

BUILDERS = {
    "briefing": lambda store: b.build_briefing(store, now=NOW),
    "daily-nothing-new": lambda store: b.build_daily(store, since=b.day_start(date(2999, 1, 1)), now=NOW),
    "topic": lambda store: b.build_briefing(store, topic="Valmora", now=NOW),
    "profile": lambda store: b.build_profile(store, "Amara Okafor", now=NOW),
}
NEWSROOM_NOW = datetime(2031, 5, 20, 7, 0, tzinfo=timezone.utc)
NEWSROOM = {
    "newsroom-briefing": lambda store: b.build_briefing(store, now=NEWSROOM_NOW),
    "newsroom-daily-nothing-new": lambda store: b.build_daily(store, since=b.day_start(date(2999, 1, 1)),
                                                              now=NEWSROOM_NOW),
    "newsroom-daily-new": lambda store: b.build_daily(store, since=b.day_start(date(2000, 1, 1)), now=NEWSROOM_NOW),
    "newsroom-topic": lambda store: b.build_briefing(store, topic="regatta", now=NEWSROOM_NOW),
    "newsroom-profile": lambda store: b.build_profile(store, "Dorn Vale", now=NEWSROOM_NOW),
}
FORMATS = {
    "txt": lambda r, obj: r.text(obj),
    "md": lambda r, obj: r.markdown(obj),
    "html": lambda r, obj: r.html(obj),
    "discord.txt": lambda r, obj: "\n\n=== next message ===\n\n".join(r.discord_pages(obj)) + "\n",
    "embeds.json": lambda r, obj: json.dumps(r.discord_embeds(obj), ensure_ascii=False, indent=2) + "\n",
}


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    path = tmp_path_factory.mktemp("snapshots") / "snap.sqlite3"
    with Store(f"sqlite:///{path}") as s:
        yield fill_store(s)


@pytest.fixture(scope="module")
def newsroom(tmp_path_factory):
    path = tmp_path_factory.mktemp("snapshots") / "newsroom.sqlite3"
    with Store(f"sqlite:///{path}") as s:
        yield briefing_corpus.fill(s)


@pytest.mark.parametrize("fmt", list(FORMATS))
@pytest.mark.parametrize("name", list(BUILDERS))
def test_snapshot(store, name, fmt):
    _check(name, fmt, FORMATS[fmt](Renderer(timezone="Europe/Berlin"), BUILDERS[name](store)))


@pytest.mark.parametrize("fmt", list(FORMATS))
@pytest.mark.parametrize("name", list(NEWSROOM))
def test_newsroom_snapshot(newsroom, name, fmt):
    _check(name, fmt, FORMATS[fmt](Renderer(timezone="UTC"), NEWSROOM[name](newsroom)))


def _check(name: str, fmt: str, rendered: str) -> None:
    path = SNAPSHOTS / f"{name}.{fmt}"
    if UPDATE:
        SNAPSHOTS.mkdir(exist_ok=True)
        path.write_text(rendered, encoding="utf-8")
    assert path.exists(), f"missing snapshot {path.name}: run UPDATE_SNAPSHOTS=1 pytest {__file__}"
    assert rendered == path.read_text(encoding="utf-8"), (
        f"{path.name} changed; if intended, regenerate with UPDATE_SNAPSHOTS=1 and review the diff"
    )
