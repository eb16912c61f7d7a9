"""The command core, tested directly over a store filled with invented records."""
from __future__ import annotations

from dataclasses import replace

import pytest

from bot.commands import CommandCore, Invocation
from bot.posting import DigestPoster, Senders
from bot.scheduling import DigestScheduler
from digests.render import Renderer
from digests.settings import Settings
from fakes import FakeClock, RecordingSender, newsroom_store, utc

MEMBER = Invocation("111", "reporter", is_admin=False, target="discord:500", surface="discord",
                    guild="9")
ADMIN = Invocation("222", "editor", is_admin=True, target="discord:500", surface="discord",
                   guild="9")
CONSOLE = Invocation("console", "console", is_admin=True)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(utc(2026, 3, 5, 9, 0))


@pytest.fixture
def store(tmp_path):
    store = newsroom_store(tmp_path)
    yield store
    store.close()


@pytest.fixture
def sender() -> RecordingSender:
    return RecordingSender()


@pytest.fixture
def core(store, clock, sender) -> CommandCore:
    renderer = Renderer()
    poster = DigestPoster(store, renderer, Senders([sender]), clock=clock)
    scheduler = DigestScheduler(store, poster.run_schedule, clock=clock)
    return CommandCore(store, renderer, Settings(), clock, poster=poster, scheduler=scheduler,
                       cooldown_seconds=30, default_timezone="Europe/Lisbon")


@pytest.mark.parametrize(("line", "expected"), [
    ("!who Ana Duarte", ("who", "Ana Duarte")),
    ("who   Ana Duarte  ", ("who", "Ana Duarte")),
    ("/quotes Okafor", ("quotes", "Okafor")),
    ("!BRIEF ferry tender", ("brief", "ferry tender")),
    ("!", ("", "")),
    ("", ("", "")),
])
def test_parse(core, line, expected):
    assert core.parse(line) == expected


@pytest.mark.parametrize(("line", "present", "absent"), [
    ("!who Ana Duarte", ["Ana Duarte", "Harbour minister", "islands cannot afford"], ["Okafor"]),
    ("!who wielgosz", ["Tomasz Wielgosz", "Mayor"], ["Engineer"]),
    ("!quotes Okafor", ["deck passed every load test"], ["islands cannot afford"]),
    ("!brief ferry", ["ferry tender would reopen", "Island Herald"], ["Valley Post"]),
    ("!brief 2026-03-04", ["Valley Post"], ["Island Herald"]),
    ("!brief", ["Island Herald", "Valley Post"], []),
    ("!timeline", ["2 March 2026", "May 2026"], []),
    ("!timeline 2026-03-04", ["May 2026"], ["2 March 2026"]),
    ("!questions", ["Will the ferry tender reopen?"], []),
    ("!sources", ["Bridge passes load tests", "Ferry tender to reopen"], []),
    ("!digest", ["Daily digest"], []),
])
async def test_reader_commands_answer_from_the_store(core, line, present, absent):
    reply = await core.handle(line, MEMBER)
    assert reply.ok, reply.text
    for text in present:
        assert text in reply.text
    for text in absent:
        assert text not in reply.text


@pytest.mark.parametrize(("line", "expected"), [
    ("!who Ana Duartee", "Did you mean: Ana Duarte?"),
    ("!quotes Okafur", "Did you mean: Adaeze Okafor?"),
    ("!who Zbigniew Quarrington", "I don't know anyone called 'Zbigniew Quarrington'."),
    ("!who", "Usage: `!who NAME`"),
    ("!quotes", "Usage: `!quotes NAME`"),
    ("!brief 2026-13-01", "not a real date"),
    ("!brief 2026-03-09..2026-03-01", "after it ends"),
    ("!timeline someday", "Usage: `!timeline [SINCE]`"),
    ("!whois Ana", "Unknown command `whois`. Did you mean `!who`?"),
    ("!frobnicate", "Unknown command `frobnicate`."),
    ("!help nonsense", "Unknown command `nonsense`"),
])
async def test_bad_input_gets_a_helpful_reply(core, line, expected):
    reply = await core.handle(line, MEMBER)
    assert not reply.ok
    assert reply.ephemeral
    assert expected in reply.text


@pytest.mark.parametrize("line", [
    "!schedule add 07:30", "!schedule list", "!schedule remove abc", "!reingest", "!post",
])
async def test_admin_commands_refuse_non_admins(core, store, sender, line):
    reply = await core.handle(line, MEMBER)
    assert not reply.ok
    assert "is for admins" in reply.text
    assert store.schedules() == []
    assert sender.sent == []


async def test_help_lists_admin_commands_only_for_admins(core):
    member = (await core.handle("!help", MEMBER)).text
    admin = (await core.handle("!help", ADMIN)).text
    assert "!who NAME" in member and "!who NAME" in admin
    assert "schedule" not in member
    assert "!schedule add HH:MM" in admin


@pytest.mark.parametrize(("args", "ok", "target", "when", "zone"), [
    ("07:30", True, "discord:500", "07:30", "Europe/Lisbon"),
    ("7:05 Asia/Kolkata", True, "discord:500", "07:05", "Asia/Kolkata"),
    ("18:00 <#777> America/Bogota", True, "discord:777", "18:00", "America/Bogota"),
    ("06:00 console", True, "console", "06:00", "Europe/Lisbon"),
    ("24:00", False, None, None, None),
    ("7.30", False, None, None, None),
    ("07:30 Mars/Olympus", False, None, None, None),
    ("07:30 #desk", False, None, None, None),
    ("", False, None, None, None),
    ("07:30 UTC <#1> extra", False, None, None, None),
])
async def test_schedule_add(core, store, args, ok, target, when, zone):
    reply = await core.handle(f"!schedule add {args}", ADMIN)
    assert reply.ok is ok, reply.text
    schedules = store.schedules()
    if not ok:
        assert schedules == []
        assert "Usage" in reply.text
        return
    [schedule] = schedules
    assert (schedule.target, schedule.time, schedule.timezone) == (target, when, zone)
    assert schedule.created_by == ADMIN.author_id
    assert f"`{schedule.id}`" in reply.text
    assert core.scheduler.job_ids() == [f"digest:{schedule.id}"]


async def test_schedule_list_and_remove(core, store):
    await core.handle("!schedule add 08:15 Africa/Lagos", ADMIN)
    [schedule] = store.schedules()
    listing = await core.handle("!schedule list", ADMIN)
    assert f"`{schedule.id}` 08:15 Africa/Lagos" in listing.text
    missing = await core.handle("!schedule remove nosuch", ADMIN)
    assert not missing.ok and f"`{schedule.id}`" in missing.text
    removed = await core.handle(f"!schedule remove {schedule.id}", ADMIN)
    assert removed.ok
    assert store.schedules() == []
    assert core.scheduler.job_ids() == []
    assert "No schedules" in (await core.handle("!schedule list", ADMIN)).text


async def test_cooldown_per_user_on_the_injected_clock(core, clock):
    assert (await core.handle("!brief", MEMBER)).ok
    again = await core.handle("!brief", MEMBER)
    assert not again.ok and "cooling down; try again in 30 s" in again.text
    assert (await core.handle("!brief", ADMIN)).ok  # another user is not affected
    assert (await core.handle("!who Okafor", MEMBER)).ok  # cheap commands have no cooldown
    clock.advance(seconds=29)
    assert not (await core.handle("!brief", MEMBER)).ok
    clock.advance(seconds=1)
    assert (await core.handle("!brief", MEMBER)).ok


async def test_a_usage_error_does_not_start_the_cooldown(core):
    assert not (await core.handle("!brief 2026-02-30", MEMBER)).ok
    assert (await core.handle("!brief 2026-03-02", MEMBER)).ok


async def test_post_goes_through_the_ledger_once(core, store, sender, clock):
    first = await core.handle("!post", ADMIN)
    assert first.ok, first.text
    second = await core.handle("!post", replace(ADMIN, author_id="333"))
    assert not second.ok and "already posted" in second.text
    assert len(sender.sent) == 1
    assert sender.sent[0][0] == "discord:500"
    [row] = store.posts("discord:500")
    assert row.status == "sent" and row.window_key == "manual:2026-03-05T09:00"


async def test_a_crashing_command_becomes_a_short_reply(core, monkeypatch, caplog):
    def explode(*args, **kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr("digests.briefing.open_questions", explode)
    reply = await core.handle("!questions", MEMBER)
    assert not reply.ok
    assert reply.text == "Sorry, `questions` failed unexpectedly; the error has been logged."
    assert "disk on fire" in caplog.text


async def test_console_surface_gets_plain_text(core):
    reply = await core.handle("who Adaeze Okafor", CONSOLE)
    assert reply.ok
    assert "ADAEZE OKAFOR" in reply.text.upper()
    assert "##" not in reply.text  # no Discord markdown headings on the console


async def test_reingest_uses_the_injected_function(store, clock):
    calls = []

    async def fake_reingest() -> str:
        calls.append(1)
        return "Re-ingested articles: 1 added"

    core = CommandCore(store, Renderer(), Settings(), clock, reingest=fake_reingest)
    assert (await core.handle("!reingest", MEMBER)).ok is False
    reply = await core.handle("!reingest", ADMIN)
    assert reply.text == "Re-ingested articles: 1 added"
    assert calls == [1]


def test_invocation_rejects_an_unknown_surface():
    with pytest.raises(ValueError, match="surface 'telegram'"):
        Invocation("1", "someone", surface="telegram")
