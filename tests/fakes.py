"""Test doubles for the bot: a settable clock, a recording sender, and a store filled with
invented newsroom records through the real :class:`digests.store.Store` API (no spaCy)."""
from __future__ import annotations

import atexit
import shutil
import tempfile
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

from bot.posting import Content, PostError
from digests.models import (
    DocExtraction,
    Document,
    Event,
    Person,
    PersonRecord,
    QuestionRecord,
    Quote,
    Role,
    StanceRecord,
)
from digests.store import Store


class FakeClock:
    """A clock that only moves when told to."""

    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> datetime:
        self.now += timedelta(**delta)
        return self.now

    def set(self, moment: datetime) -> None:
        self.now = moment


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=timezone.utc)


@dataclass
class RecordingSender:
    """A :class:`bot.posting.Sender` that records what it was asked to send.

    ``fail_with`` (an HTTP-ish status) makes every send raise :class:`PostError`."""

    prefix: str = ""
    fail_with: int | None = None
    sent: list[tuple[str, Content]] = field(default_factory=list)

    def handles(self, target: str) -> bool:
        return target.startswith(self.prefix)

    async def send(self, target: str, content: Content) -> list[str]:
        if self.fail_with is not None:
            raise PostError(f"HTTP {self.fail_with} from the fake channel", status=self.fail_with)
        self.sent.append((target, content))
        return [f"m{len(self.sent)}-{i}" for i in range(len(content.pages))]


@dataclass
class Notes:
    """A :data:`bot.posting.Notifier` that remembers what it was told."""

    received: list[tuple[str | None, str]] = field(default_factory=list)

    async def __call__(self, admin_id: str | None, text: str) -> None:
        self.received.append((admin_id, text))


# ------------------------------------------------------------------------------------ store data

ALBA_BODY = (
    "Harbour minister Ana Duarte said on Monday that the ferry tender would reopen. "
    "\"We will not sign a contract that the islands cannot afford,\" Duarte said. "
    "Mayor Tomasz Wielgosz welcomed the delay."
)
REED_BODY = (
    "Engineer Adaeze Okafor told reporters the new bridge would open in May. "
    "\"The deck passed every load test,\" Okafor said. Duarte is expected to attend."
)

PEOPLE = (
    PersonRecord("ana-duarte", "Ana Duarte", aliases=("Duarte",),
                 roles=(Role("Harbour minister", "alba"),), documents=("alba", "reed"), mentions=4),
    PersonRecord("tomasz-wielgosz", "Tomasz Wielgosz", aliases=("Wielgosz",),
                 roles=(Role("Mayor", "alba"),), documents=("alba",), mentions=1),
    PersonRecord("adaeze-okafor", "Adaeze Okafor", aliases=("Okafor",),
                 roles=(Role("Engineer", "reed"),), documents=("reed",), mentions=2),
)


def _span(body: str, text: str) -> tuple[int, int]:
    start = body.index(text)
    return start, start + len(text)


def _documents() -> list[tuple[Document, DocExtraction]]:
    alba = Document("alba", "alba.txt", "Ferry tender to reopen", ALBA_BODY, "a" * 64,
                    source="Island Herald", published=date(2026, 3, 2))
    reed = Document("reed", "reed.txt", "Bridge passes load tests", REED_BODY, "b" * 64,
                    source="Valley Post", published=date(2026, 3, 4))
    quote_a = "We will not sign a contract that the islands cannot afford,"
    quote_r = "The deck passed every load test,"
    alba_x = DocExtraction(
        "alba",
        people=(Person("ana-duarte", "Ana Duarte", ("Duarte",), ("Harbour minister",),
                       (_span(ALBA_BODY, "Ana Duarte"),)),
                Person("tomasz-wielgosz", "Tomasz Wielgosz", ("Wielgosz",), ("Mayor",),
                       (_span(ALBA_BODY, "Tomasz Wielgosz"),))),
        quotes=(Quote(quote_a, *_span(ALBA_BODY, quote_a), "ana-duarte", "Duarte"),),
        events=(Event("2026-03-02", "day", "on Monday",
                      "Ana Duarte said the ferry tender would reopen", 0, 80),),
    )
    reed_x = DocExtraction(
        "reed",
        people=(Person("adaeze-okafor", "Adaeze Okafor", ("Okafor",), ("Engineer",),
                       (_span(REED_BODY, "Adaeze Okafor"),)),),
        quotes=(Quote(quote_r, *_span(REED_BODY, quote_r), "adaeze-okafor", "Okafor"),),
        events=(Event("2026-05", "month", "in May", "the new bridge would open", 0, 70),),
    )
    return [(alba, alba_x), (reed, reed_x)]


def fill_store(store: Store) -> Store:
    """Save two invented articles and their resolved people/questions into ``store``."""
    for doc, extraction in _documents():
        store.save_document(doc, extraction)
    ids = {("alba", "ana-duarte"): "ana-duarte", ("alba", "tomasz-wielgosz"): "tomasz-wielgosz",
           ("reed", "adaeze-okafor"): "adaeze-okafor"}
    question = QuestionRecord(
        "q-ferry", "Will the ferry tender reopen?", "open", docs=("alba",),
        stances=(StanceRecord("alba", "ana-duarte", "Ana Duarte", "the tender would reopen",
                              "for"),))
    store.save_resolution(PEOPLE, ids, [question])
    return store


_TEMPLATE: list[Path] = []


def newsroom_db(tmp_path: Path) -> Path:
    """A SQLite file under ``tmp_path`` filled by :func:`fill_store`. The filled database is
    built once per test session and copied, which keeps store-backed tests fast."""
    if not _TEMPLATE:
        folder = Path(tempfile.mkdtemp(prefix="briefbot-template-"))
        atexit.register(shutil.rmtree, folder, True)
        template = folder / "newsroom.sqlite3"
        fill_store(Store(f"sqlite:///{template}")).close()
        _TEMPLATE.append(template)
    target = tmp_path / "briefbot.sqlite3"
    shutil.copyfile(_TEMPLATE[0], target)
    return target


def newsroom_store(tmp_path: Path) -> Store:
    """A fresh store over a copy of the invented newsroom database."""
    return Store(f"sqlite:///{newsroom_db(tmp_path)}")
