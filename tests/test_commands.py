"""The command core, tested directly over a store filled with invented records."""
from __future__ import annotations

import asyncio
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
SERVER_9_CHANNELS = {500, 777}
ADMIN = Invocation("222", "editor", is_admin=True, target="discord:500", surface="discord",
                   guild="9", owns_channel=SERVER_9_CHANNELS.__contains__)
OTHER_ADMIN = Invocation("333", "rival", is_admin=True, target="discord:900", surface="discord",
                         guild="8", owns_channel={900}.__contains__)
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
    ("06:00 console", False, None, None, None),  # Discord cannot post to the console
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


async def test_the_console_has_no_cooldown(core):
    for _ in range(3):
        assert (await core.handle("!brief", CONSOLE)).ok


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


# ------------------------------------------------------------------------------------ embeds

SLASH = replace(MEMBER, surface="slash")


def within_discord_limits(embed: dict) -> bool:
    """Discord's documented embed limits, checked independently of bot.posting."""
    fields = embed.get("fields", [])
    total = len(embed.get("title", "")) + len(embed.get("description", ""))
    total += sum(len(f["name"]) + len(f["value"]) for f in fields)
    total += len(embed.get("footer", {}).get("text", ""))
    return (len(embed.get("title", "")) <= 256 and len(embed.get("description", "")) <= 4096
            and len(fields) <= 25 and total <= 6000
            and all(0 < len(f["name"]) <= 256 and 0 < len(f["value"]) <= 1024 for f in fields))


def embed_text(reply) -> str:
    return "\n".join([e.get("title", "") + "\n" + e.get("description", "") for e in reply.embeds]
                     + [f"{f['name']}\n{f['value']}" for e in reply.embeds
                        for f in e.get("fields", ())])


@pytest.mark.parametrize("invocation", [MEMBER, SLASH], ids=["prefix", "slash"])
@pytest.mark.parametrize(("line", "title", "present"), [
    ("!who Ana Duarte", "Ana Duarte", ["Harbour minister", "islands cannot afford"]),
    ("!brief", "Briefing — 5 March 2026", ["Island Herald", "Valley Post"]),
    ("!brief ferry", None, ["Island Herald"]),
    ("!brief 2026-03-04", None, ["Valley Post"]),
    ("!digest", "Daily digest — 5 March 2026", ["Island Herald"]),
])
async def test_who_brief_and_digest_answer_discord_with_embeds(core, invocation, line, title,
                                                               present):
    reply = await core.handle(line, invocation)
    assert reply.ok, reply.text
    assert reply.embeds, "expected embeds on Discord"
    assert all(within_discord_limits(e) for e in reply.embeds)
    if title is not None:
        assert reply.embeds[0]["title"] == title
    for text in present:
        assert text in embed_text(reply)
        assert text in reply.text  # the text pages stay, as Discord's fallback
    assert "##" in reply.text  # ...rendered for Discord


async def test_a_short_profile_is_one_embed_with_a_field_per_section(core):
    reply = await core.handle("!who Adaeze Okafor", MEMBER)
    [embed] = reply.embeds
    assert embed["title"] == "Adaeze Okafor"
    assert [f["name"] for f in embed["fields"]] == ["Roles", "Quotes", "Events", "Sources"]
    assert "Engineer" in embed["fields"][0]["value"]


@pytest.mark.parametrize("line", ["!who Ana Duarte", "!brief", "!brief ferry", "!digest"])
async def test_console_gets_text_not_embeds(core, line):
    reply = await core.handle(line, CONSOLE)
    assert reply.ok, reply.text
    assert reply.embeds == ()
    assert reply.text and "##" not in reply.text


@pytest.mark.parametrize(("line", "invocation"), [
    ("!help", MEMBER), ("!help who", MEMBER), ("!quotes Okafor", MEMBER), ("!timeline", MEMBER),
    ("!questions", MEMBER), ("!sources", MEMBER), ("!who", MEMBER), ("!who Ana Duartee", MEMBER),
    ("!schedule list", ADMIN), ("!schedule add 07:30", ADMIN), ("!frobnicate", MEMBER),
])
async def test_short_answers_and_errors_stay_plain_text(core, line, invocation):
    reply = await core.handle(line, invocation)
    assert reply.embeds == ()
    assert reply.text


async def test_digest_without_a_poster_also_uses_embeds(store, clock):
    core = CommandCore(store, Renderer(), Settings(), clock)
    reply = await core.handle("!digest", MEMBER)
    assert reply.embeds and reply.embeds[0]["title"].startswith("Daily digest")
    assert (await core.handle("!digest", CONSOLE)).embeds == ()


class OversizeRenderer(Renderer):
    """Embeds over Discord's limits in several ways, one per case."""

    def __init__(self, embeds):
        super().__init__()
        self.bad = embeds

    def discord_embeds(self, obj):
        if isinstance(self.bad, Exception):
            raise self.bad
        return self.bad


@pytest.mark.parametrize("embeds", [
    [{"title": "T" * 300, "description": "d"}],
    [{"title": "T", "description": "d" * 5000}],
    [{"title": "T", "description": "d" * 4000,
      "fields": [{"name": "n", "value": "v" * 1000}] * 3}],
    [{"title": "T", "fields": [{"name": "n", "value": "v" * 1100}]}],
    [{"title": "T", "fields": [{"name": "n", "value": "v"}] * 26}],
    [],
    RuntimeError("template exploded"),
], ids=["title", "description", "total", "field", "fields", "none", "raises"])
async def test_embeds_over_the_limits_fall_back_to_text_pages(store, clock, embeds):
    # The core drops embeds it cannot make; limits are checked once, by the adapter right
    # before sending (``reply_embeds``), which then sends the text pages the reply carries.
    from bot.discord_app import reply_embeds

    core = CommandCore(store, OversizeRenderer(embeds), Settings(), clock)
    reply = await core.handle("!who Adaeze Okafor", MEMBER)
    assert reply.ok
    assert reply_embeds(reply) == []
    assert "Engineer" in reply.text
    if not isinstance(embeds, list) or not embeds:
        assert reply.embeds == ()


def test_pack_embeds_folds_sections_into_fields_and_relabels():
    from bot.posting import embed_problems, pack_embeds

    produced = [
        {"title": "Briefing", "description": "2 documents", "color": 1, "footer": {"text": "1/4"}},
        {"title": "Headlines", "description": "h" * 1000, "color": 1, "footer": {"text": "2/4"}},
        {"title": "Key events", "description": "e" * 3000, "color": 1, "footer": {"text": "3/4"}},
        {"title": "Sources", "description": "[1] Herald", "color": 1, "footer": {"text": "4/4"}},
    ]
    before = [dict(e) for e in produced]
    pages = pack_embeds(produced)
    assert produced == before  # not modified
    assert [p["title"] for p in pages] == ["Briefing", "Key events"]
    assert [f["name"] for f in pages[0]["fields"]] == ["Headlines"]
    assert [f["name"] for f in pages[1]["fields"]] == ["Sources"]
    assert [p["footer"]["text"] for p in pages] == ["1/2", "2/2"]
    assert all(embed_problems(p) == [] for p in pages)
    [single] = pack_embeds(produced[:2])
    assert "footer" not in single  # one page needs no "1/1"


def test_pack_embeds_respects_the_field_count_and_the_total():
    from bot.posting import embed_problems, pack_embeds

    many = [{"title": f"S{i}", "description": "x" * 10} for i in range(40)]
    pages = pack_embeds(many)
    assert [len(p.get("fields", ())) for p in pages] == [25, 13]
    heavy = [{"title": f"S{i}", "description": "x" * 1000} for i in range(8)]
    pages = pack_embeds(heavy)
    assert len(pages) == 2 and all(embed_problems(p) == [] for p in pages)
    kept = [{"title": "A", "description": "a"},
            {"title": "B", "description": "b", "image": {"url": "https://example.org/x.png"}}]
    assert len(pack_embeds(kept)) == 2  # only plain title+description sections become fields


@pytest.mark.parametrize(("embed", "problem"), [
    ({"title": "t" * 257}, "title has 257 characters"),
    ({"description": "d" * 4097}, "description has 4097 characters"),
    ({"title": "t", "fields": [{"name": "n", "value": "v"}] * 26}, "26 fields"),
    ({"title": "t", "fields": [{"name": "n" * 257, "value": "v"}]}, "field 1 name"),
    ({"title": "t", "fields": [{"name": "n", "value": "v" * 1025}]}, "field 1 value"),
    ({"title": "t", "fields": [{"name": "n", "value": ""}]}, "field 1 value is empty"),
    ({"title": "t", "footer": {"text": "f" * 2049}}, "footer text"),
    ({"description": "d" * 4000, "fields": [{"name": "n", "value": "v" * 1000}] * 2},
     "in all (limit 6000)"),
    ({"title": "\U0001F4F0" * 129}, "title has 258 characters"),  # counted as UTF-16 units
    ({}, "nothing to show"),
    ("not an embed", "must be a dict"),
])
def test_embed_problems_names_each_broken_limit(embed, problem):
    from bot.posting import embed_problems

    problems = embed_problems(embed)
    assert any(problem in p for p in problems), problems


def test_embed_problems_accepts_an_embed_at_the_limits():
    from bot.posting import embed_problems

    assert embed_problems({"title": "t" * 256, "description": "d" * 4096,
                           "fields": [{"name": "n", "value": "v" * 1024}] * 1,
                           "footer": {"text": "1/2"}}) == []


async def test_schedule_add_refuses_a_channel_of_another_server(core, store):
    reply = await core.handle("!schedule add 07:00 <#500>", OTHER_ADMIN)
    assert not reply.ok and "not a channel of this server" in reply.text
    no_check = Invocation("222", "editor", is_admin=True, target="discord:500",
                          surface="discord", guild="9")
    assert not (await core.handle("!schedule add 07:00 <#777>", no_check)).ok
    assert store.schedules() == []


async def test_schedule_list_and_remove_see_only_the_invoking_server(core, store):
    await core.handle("!schedule add 08:15", ADMIN)
    await core.handle("!schedule add 09:00", OTHER_ADMIN)
    ours = next(s for s in store.schedules() if s.guild == "9")
    theirs = next(s for s in store.schedules() if s.guild == "8")
    listing = (await core.handle("!schedule list", OTHER_ADMIN)).text
    assert theirs.id in listing and ours.id not in listing
    refused = await core.handle(f"!schedule remove {ours.id}", OTHER_ADMIN)
    assert not refused.ok and "Known ids: `" + theirs.id in refused.text
    assert {s.id for s in store.schedules()} == {ours.id, theirs.id}
    everything = (await core.handle("!schedule list", CONSOLE)).text
    assert ours.id in everything and theirs.id in everything


@pytest.mark.parametrize(("line", "present"), [
    ("!brief to be or not", []),  # a topic, not "to <date>"
    ("!brief last week", ["Island Herald", "Valley Post"]),  # = the last 7 days
    ("!brief past month", ["Island Herald", "Valley Post"]),
    ("!brief yesterday", []),
    ("!timeline last week", ["2 March 2026"]),
])
async def test_words_that_start_like_dates_are_not_refused(core, line, present):
    reply = await core.handle(line, MEMBER)
    assert reply.ok, reply.text
    for text in present:
        assert text in reply.text


async def test_a_topic_that_starts_like_a_date_is_searched(core):
    reply = await core.handle("!brief to reopen the ferry", MEMBER)
    assert reply.ok and "cannot read the date range" not in reply.text


async def test_two_quick_calls_cannot_both_pass_the_cooldown(core):
    first, second = await asyncio.gather(core.handle("!brief ferry", MEMBER),
                                         core.handle("!brief ferry", MEMBER))
    assert first.ok
    assert not second.ok and "cooling down" in second.text


async def test_a_failed_call_clears_the_cooldown_it_set(core):
    async def broken(args, ctx):
        raise RuntimeError("store gone")

    core.commands["brief"] = replace(core.commands["brief"], handler=broken)
    assert "failed unexpectedly" in (await core.handle("!brief ferry", MEMBER)).text
    assert core.cooldowns.remaining(MEMBER.author_id, "brief") == 0


async def test_a_second_reingest_is_refused_while_one_runs(store, clock):
    started, release, runs = asyncio.Event(), asyncio.Event(), []

    async def slow_reingest() -> str:
        runs.append(1)
        started.set()
        await release.wait()
        return "Re-ingested seeds: 2 added."

    core = CommandCore(store, Renderer(), Settings(), clock, reingest=slow_reingest)
    first = asyncio.create_task(core.handle("!reingest", CONSOLE))
    await started.wait()
    try:
        second = await asyncio.wait_for(core.handle("!reingest", ADMIN), 2)
    finally:
        release.set()  # never leave the first call hanging, even when the check fails
    assert not second.ok and "already running" in second.text.lower()
    assert (await first).ok
    assert runs == [1]
    assert (await core.handle("!reingest", CONSOLE)).ok  # free again afterwards


def _nothing_new_digest(questions: int) -> str:
    """Embed Markdown shaped like the daily digest with nothing new and many open questions."""
    items = "\n\n".join(
        f"**Will the canal board approve lock number {n} before the autumn floods?** [{n}]\n"
        f" - *For*: Ilse Varga — the board would approve it [{n}]"
        for n in range(1, questions + 1))
    return ("# Daily digest — 6 March 2026\n\n"
            "Nothing new since 5 March 2026, 09:00 UTC. Still open:\n\n"
            f"# Open questions\n\n{items}\n\n# Sources\n\n`[1]` Canal hearing — Dock Gazette")


@pytest.mark.parametrize("questions", [12, 60])
def test_a_digest_with_nothing_new_shows_its_items_on_page_one(questions):
    from bot.posting import embed_problems, pack_embeds
    from digests.render import build_embeds

    pages = pack_embeds(build_embeds(_nothing_new_digest(questions)))
    first = pages[0]
    assert first["title"] == "Daily digest — 6 March 2026"
    assert first["description"].startswith("Nothing new since 5 March 2026, 09:00 UTC. Still open:")
    assert "**Open questions**" in first["description"]
    assert "lock number 1 before" in first["description"]
    assert all(embed_problems(p) == [] for p in pages)
    shown = "\n".join(p["description"] + "".join(f["value"] for f in p.get("fields", ()))
                      for p in pages)
    for n in range(1, questions + 1):  # nothing lost or repeated on the way
        assert shown.count(f"lock number {n} before") == 1
    if len(pages) > 1:
        assert pages[1]["title"].startswith("Open questions (cont.)")
        assert [p["footer"]["text"] for p in pages] == [f"{i}/{len(pages)}"
                                                        for i in range(1, len(pages) + 1)]


@pytest.mark.parametrize("prefix", ["!", "?b"])
async def test_help_puts_the_prefix_on_every_alternative(store, clock, prefix):
    core = CommandCore(store, Renderer(), Settings(), clock, prefix=prefix)
    text = (await core.handle(f"{prefix}help", ADMIN)).text
    line = next(line for line in text.splitlines() if "schedule add" in line)
    assert line.startswith(f"`{prefix}schedule add HH:MM [TZ] [#channel]` | "
                           f"`{prefix}schedule list` | `{prefix}schedule remove ID` — ")
    usage = (await core.handle(f"{prefix}schedule frobnicate", ADMIN)).text
    assert usage.count(f"`{prefix}schedule") == 3
    brief = next(line for line in text.splitlines() if "brief" in line)
    assert brief.startswith(f"`{prefix}brief [TOPIC | NAME | DATE RANGE]` — ")
