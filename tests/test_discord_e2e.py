"""Discord end to end: the real discord.py client against the local fake Discord
(``tests/discord_server.py``) on 127.0.0.1. Every wait is bounded; nothing sleeps for a
schedule (the clock is injected and jobs are fired directly)."""
from __future__ import annotations

import asyncio
import json
import logging
import re
from dataclasses import dataclass
from datetime import date

import discord
import pytest

from bot.commands import CommandCore
from bot.health import Backoff
from bot.discord_app import (
    START_FAILURES,
    BriefBot,
    DiscordSender,
    RedactToken,
    dm_notifier,
    run_bot,
)
from bot.posting import DigestPoster, Senders
from bot.scheduling import DigestScheduler
from digests.models import DocExtraction, Document, Event, Schedule
from digests.render import Renderer
from digests.settings import DiscordSettings, Settings
from digests.store import Store
from discord_server import (
    ADMIN_ID,
    ADMIN_ROLE_ID,
    CHANNEL_ID,
    GUILD_ID,
    MEMBER_ID,
    OTHER_CHANNEL_ID,
    FakeDiscord,
    point_discord_at,
    restore_discord,
)
from fakes import FakeClock, newsroom_db, utc

STEP = 5.0  # seconds: the bound on every single wait


@pytest.fixture
async def server():
    fake = FakeDiscord()
    await fake.start()
    previous = point_discord_at(fake)
    yield fake
    restore_discord(previous)
    await fake.stop()


@dataclass
class Running:
    bot: BriefBot
    store: Store
    clock: FakeClock
    task: asyncio.Task


async def start_bot(server: FakeDiscord, db, clock: FakeClock, **bot_options) -> Running:
    store = Store(f"sqlite:///{db}")
    renderer = Renderer()
    senders = Senders()
    poster = DigestPoster(store, renderer, senders, clock=clock)
    scheduler = DigestScheduler(store, poster.run_schedule, misfire_grace_seconds=3600,
                                clock=clock)
    core = CommandCore(store, renderer, Settings(), clock, poster=poster, scheduler=scheduler,
                       cooldown_seconds=0)
    bot = BriefBot(core, scheduler=scheduler, admin_roles=[str(ADMIN_ROLE_ID)],
                   guild_ready_timeout=0.05, **bot_options)
    senders.add(DiscordSender(bot))
    poster.notify = dm_notifier(bot)
    task = asyncio.create_task(bot.start(server.token))
    await asyncio.wait_for(bot.wait_until_ready(), STEP)
    if bot.catch_up_task is not None:
        await asyncio.wait_for(bot.catch_up_task, STEP)
    return Running(bot, store, clock, task)


async def stop_bot(running: Running) -> None:
    await asyncio.wait_for(running.bot.close(), STEP)
    await asyncio.wait_for(running.task, STEP)
    running.store.close()


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(utc(2026, 3, 5, 9, 0))


@pytest.fixture
async def running(server, tmp_path, clock):
    run = await start_bot(server, newsroom_db(tmp_path), clock)
    yield run
    await stop_bot(run)


async def settle() -> None:
    """Give the client a moment to do anything it should NOT do (a second post)."""
    await asyncio.sleep(0.2)


def message_posts(server: FakeDiscord) -> list:
    return [c for c in server.calls if c.method == "POST" and c.path.endswith("/messages")]


def shown(message: dict) -> str:
    """What a reader sees in a message payload: its text and its embeds' titles, descriptions,
    field names and values, and footers."""
    parts = [message.get("content") or ""]
    for embed in message.get("embeds") or ():
        parts += [embed.get("title", ""), embed.get("description", "")]
        parts += [f"{f['name']}\n{f['value']}" for f in embed.get("fields", ())]
        parts.append(embed.get("footer", {}).get("text", ""))
    return "\n".join(p for p in parts if p)


def utf16(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def assert_within_embed_limits(embeds: list) -> None:
    """Discord's documented limits, checked here independently of bot.posting."""
    total = 0
    for embed in embeds:
        assert utf16(embed.get("title", "")) <= 256
        assert utf16(embed.get("description", "")) <= 4096
        fields = embed.get("fields", [])
        assert len(fields) <= 25
        for field in fields:
            assert 0 < utf16(field["name"]) <= 256
            assert 0 < utf16(field["value"]) <= 1024
        assert utf16(embed.get("footer", {}).get("text", "")) <= 2048
        total += sum(utf16(embed.get(k, "")) for k in ("title", "description"))
        total += sum(utf16(f["name"]) + utf16(f["value"]) for f in fields)
        total += utf16(embed.get("footer", {}).get("text", ""))
    assert total <= 6000
    assert len(embeds) <= 10


# ------------------------------------------------------------------------------------ tests


async def test_login_and_ready(server, running):
    bot = running.bot
    assert server.identifies == 1 and server.resumes == 0
    assert bot.user is not None and bot.user.name == "briefbot"
    guild = bot.get_guild(GUILD_ID)
    assert guild is not None and guild.get_channel(CHANNEL_ID) is not None
    assert bot.intents.message_content
    assert bot.allowed_mentions.to_dict() == {"parse": []}
    assert [c.path for c in server.calls[:2]] == ["/users/@me", "/oauth2/applications/@me"]


async def test_prefix_who_is_answered_without_mentions(server, running):
    await server.send_message("!who Adaeze Okafor")
    [message] = await server.wait_for_messages(CHANNEL_ID, 1, timeout=STEP)
    assert "Adaeze Okafor" in shown(message)
    assert "Engineer" in shown(message)
    assert message["allowed_mentions"] == {"parse": []}
    await settle()
    assert len(server.messages[CHANNEL_ID]) == 1


async def test_unknown_name_gets_did_you_mean(server, running):
    await server.send_message("!who Adaeze Okafr")
    [message] = await server.wait_for_messages(CHANNEL_ID, 1, timeout=STEP)
    assert "Did you mean: Adaeze Okafor?" in message["content"]


async def test_slash_command_answers_through_the_interaction_callback(server, running):
    interaction_id = await server.send_slash(
        "who", [{"name": "name", "type": 3, "value": "Ana Duarte"}])
    await server.wait_for_interaction_response(1, timeout=STEP)
    [response] = server.interaction_responses
    assert response["interaction_id"] == interaction_id
    assert response["type"] == 4  # CHANNEL_MESSAGE_WITH_SOURCE
    assert "Harbour minister" in shown(response["data"])
    assert response["data"]["allowed_mentions"] == {"parse": []}


async def test_slash_autocomplete_suggests_known_names(server, running):
    await server.send_slash("who", [{"name": "name", "type": 3, "value": "ok", "focused": True}],
                            interaction_type=4)
    await server.wait_for_interaction_response(1, timeout=STEP)
    [response] = server.interaction_responses
    assert response["type"] == 8  # APPLICATION_COMMAND_AUTOCOMPLETE_RESULT
    assert response["data"]["choices"] == [{"name": "Adaeze Okafor", "value": "Adaeze Okafor"}]


@pytest.mark.parametrize(("roles", "expected"), [
    ((), "is for admins"),
    ((ADMIN_ROLE_ID,), "Scheduled the daily digest"),
])
async def test_admin_commands_need_the_admin_role(server, running, roles, expected):
    await server.send_message("!schedule add 07:30 Europe/Madrid", author_id=ADMIN_ID,
                              roles=roles)
    [message] = await server.wait_for_messages(CHANNEL_ID, 1, timeout=STEP)
    assert expected in message["content"]
    assert len(running.store.schedules()) == (1 if roles else 0)


async def test_slash_admin_command_honours_manage_server(server, running):
    manage = discord.Permissions(manage_guild=True).value
    await server.send_slash("post", author_id=MEMBER_ID, permissions=manage)
    await server.wait_for_interaction_response(2, timeout=STEP)  # defer, then the follow-up
    assert server.interaction_responses[0]["type"] == 5  # deferred
    await server.wait_for_messages(CHANNEL_ID, 1, timeout=STEP)  # the digest itself
    [row] = running.store.posts(f"discord:{CHANNEL_ID}")
    assert row.status == "sent"


async def test_scheduled_digest_is_posted_at_its_time_once(server, running):
    schedule = Schedule("daily", f"discord:{OTHER_CHANNEL_ID}", "08:00", "UTC", created_by=str(ADMIN_ID))
    running.store.add_schedule(schedule)
    running.bot.scheduler.add(schedule)
    running.clock.set(utc(2026, 3, 6, 8, 0))
    outcome = await asyncio.wait_for(running.bot.scheduler.fire("daily"), STEP)
    assert outcome.status == "sent"
    messages = await server.wait_for_messages(OTHER_CHANNEL_ID, 1, timeout=STEP)
    assert "Daily digest" in messages[0]["content"]
    again = await asyncio.wait_for(running.bot.scheduler.fire("daily"), STEP)
    assert again.status == "skipped"
    await settle()
    assert len(server.messages[OTHER_CHANNEL_ID]) == len(outcome.message_ids)


async def test_rate_limited_post_is_retried_and_lands_once(server, running):
    server.fail("POST", rf"^/channels/{CHANNEL_ID}/messages$", 429, retry_after=0.05)
    await server.send_message("!sources")
    [message] = await server.wait_for_messages(CHANNEL_ID, 1, timeout=STEP)
    assert "Ferry tender to reopen" in message["content"]
    await settle()
    assert len(server.messages[CHANNEL_ID]) == 1
    assert len(message_posts(server)) == 2  # the 429 and the retry


async def test_forbidden_channel_is_recorded_and_the_admin_is_told(server, running):
    schedule = Schedule("locked", f"discord:{OTHER_CHANNEL_ID}", "08:00", "UTC",
                        created_by=str(ADMIN_ID))
    running.store.add_schedule(schedule)
    server.fail("POST", rf"^/channels/{OTHER_CHANNEL_ID}/messages$", 403)
    running.clock.set(utc(2026, 3, 6, 8, 0))
    outcome = await asyncio.wait_for(running.bot.scheduler.fire("locked"), STEP)
    assert outcome.status == "failed" and "missing permission" in outcome.error
    [row] = running.store.posts(f"discord:{OTHER_CHANNEL_ID}")
    assert row.status == "failed"
    dms = [c for c in server.calls if c.path == "/users/@me/channels"]
    assert dms and dms[0].json["recipient_id"] in (ADMIN_ID, str(ADMIN_ID))
    dm_channel = [k for k in server.messages if k not in (CHANNEL_ID, OTHER_CHANNEL_ID)]
    [dm] = [m for k in dm_channel for m in server.messages[k]]
    assert "could not post the digest locked:2026-03-06" in dm["content"]


async def test_dropped_connection_resumes_without_a_second_post(server, tmp_path, clock):
    db = newsroom_db(tmp_path)
    with Store(f"sqlite:///{db}") as store:  # a schedule whose slot passed 10 minutes ago
        store.add_schedule(Schedule("morning", f"discord:{CHANNEL_ID}", "08:50", "UTC"))
    run = await start_bot(server, db, clock)
    try:
        first = await server.wait_for_messages(CHANNEL_ID, 1, timeout=STEP)  # the catch-up
        posted = len(first)
        assert "Daily digest" in first[0]["content"]
        resumed = asyncio.create_task(run.bot.wait_for("resumed", timeout=STEP))
        await asyncio.sleep(0)
        await server.drop_connection()
        await asyncio.wait_for(resumed, STEP)
        assert (server.identifies, server.resumes) == (1, 1)
        await server.send_message("!who Ana Duarte")  # still answering after the resume
        messages = await server.wait_for_messages(CHANNEL_ID, posted + 1, timeout=STEP)
        await settle()
        assert len(server.messages[CHANNEL_ID]) == posted + 1
        assert "Harbour minister" in shown(messages[-1])
        assert [r.status for r in run.store.posts(f"discord:{CHANNEL_ID}")] == ["sent"]
    finally:
        await stop_bot(run)


async def test_restart_does_not_post_the_same_window_again(server, tmp_path, clock):
    db = newsroom_db(tmp_path)
    with Store(f"sqlite:///{db}") as store:
        store.add_schedule(Schedule("morning", f"discord:{CHANNEL_ID}", "08:50", "UTC"))
    first = await start_bot(server, db, clock)
    await server.wait_for_messages(CHANNEL_ID, 1, timeout=STEP)
    posted = len(server.messages[CHANNEL_ID])
    await stop_bot(first)
    clock.advance(minutes=5)
    second = await start_bot(server, db, clock)
    try:
        await settle()
        assert len(server.messages[CHANNEL_ID]) == posted
        assert server.identifies == 2
    finally:
        await stop_bot(second)


# ------------------------------------------------------------------------------------ briefbot run


def settings_for(tmp_path) -> Settings:
    return Settings(database_url=f"sqlite:///{newsroom_db(tmp_path)}",
                    discord=DiscordSettings(misfire_grace_seconds=60))


@pytest.mark.parametrize(("env", "reason"), [
    ({}, "missing"),
    ({"DISCORD_TOKEN": "not.the.token"}, "login"),
])
async def test_run_explains_token_problems_in_one_line(server, tmp_path, capsys, env, reason):
    code = await asyncio.wait_for(asyncio.to_thread(run_bot, settings_for(tmp_path), env=env),
                                  STEP * 2)
    assert code == 2
    err = capsys.readouterr().err
    assert err.strip() == f"briefbot run: {START_FAILURES[reason]}"
    assert "not.the.token" not in err


async def test_run_explains_the_message_content_intent(server, tmp_path, capsys):
    server.refuse_message_content = True
    code = await asyncio.wait_for(
        asyncio.to_thread(run_bot, settings_for(tmp_path), env={"DISCORD_TOKEN": server.token}),
        STEP * 2)
    assert code == 2
    assert capsys.readouterr().err.strip() == f"briefbot run: {START_FAILURES['intents']}"


def test_the_token_is_redacted_from_logs(caplog):
    token = "MTIz.secret.token-value"
    logger = logging.getLogger("briefbot.test.redaction")
    handler_filter = RedactToken(token)
    logger.addFilter(handler_filter)
    try:
        with caplog.at_level(logging.INFO, logger="briefbot.test.redaction"):
            logger.info("connecting with %s", token)
            try:
                raise RuntimeError(f"bad header Bot {token}")
            except RuntimeError:
                logger.exception("failed")
    finally:
        logger.removeFilter(handler_filter)
    assert token not in caplog.text
    assert "[redacted token]" in caplog.text
    assert all(token not in (r.exc_text or "") for r in caplog.records)


def add_long_article(store: Store) -> None:
    """One more invented article with enough dated events to need several Discord pages."""
    events = tuple(
        Event(f"2026-02-{day:02d}", "day", f"on 2026-02-{day:02d}",
              f"The regional water board held hearing number {day} on the reservoir expansion "
              "and published a long statement about flow rates, costs and contractors", 0, 10)
        for day in range(1, 26))
    doc = Document("water", "water.txt", "Reservoir hearings", "Hearings were held.", "c" * 64,
                   source="Basin Daily", published=date(2026, 2, 27))
    store.save_document(doc, DocExtraction("water", events=events))


async def test_long_replies_are_paged_with_buttons(server, running):
    add_long_article(running.store)
    await server.send_message("!timeline")
    [message] = await server.wait_for_messages(CHANNEL_ID, 1, timeout=STEP)
    assert re.search(r"\n-# 1/[23]$", message["content"])
    assert len(message["content"]) <= 2000
    buttons = [c for row in message["components"] for c in row["components"]]
    previous, following = buttons
    assert previous.get("disabled") is True and not following.get("disabled")
    # someone else cannot turn the pages
    await server.press_button(message, following["custom_id"], author_id=ADMIN_ID)
    await server.wait_for_interaction_response(1, timeout=STEP)
    refused = server.interaction_responses[0]
    assert refused["type"] == 4 and refused["data"]["flags"] & 64  # ephemeral refusal
    # the person who asked can
    await server.press_button(message, following["custom_id"])
    await server.wait_for_interaction_response(2, timeout=STEP)
    turned = server.interaction_responses[1]
    assert turned["type"] == 7  # UPDATE_MESSAGE
    assert re.search(r"\n-# 2/[23]$", turned["data"]["content"])
    assert turned["data"]["content"] != message["content"]


async def test_a_missing_argument_gets_the_usage(server, running):
    await server.send_message("!who")
    [message] = await server.wait_for_messages(CHANNEL_ID, 1, timeout=STEP)
    assert "Usage: `!who NAME`" in message["content"]


async def test_run_explains_an_unreachable_discord(tmp_path, capsys):
    gone = FakeDiscord()
    await gone.start()
    await gone.stop()  # a port on 127.0.0.1 that no longer answers
    previous = point_discord_at(gone)
    try:
        code = await asyncio.wait_for(
            asyncio.to_thread(run_bot, settings_for(tmp_path), env={"DISCORD_TOKEN": "x.y.z"}),
            STEP * 2)
    finally:
        restore_discord(previous)
    assert code == 1
    err = capsys.readouterr().err.strip()
    assert err.startswith("briefbot run: cannot reach Discord")
    assert len(err.splitlines()) == 1


async def test_slash_schedule_add_with_a_channel_option(server, running):
    manage = discord.Permissions(manage_guild=True).value
    options = [{"name": "add", "type": 1, "options": [
        {"name": "time", "type": 3, "value": "06:45"},
        {"name": "timezone", "type": 3, "value": "America/Lima"},
        {"name": "channel", "type": 7, "value": str(OTHER_CHANNEL_ID)},
    ]}]
    await server.send_slash("schedule", options, permissions=manage,
                            resolved=server.resolved_channel(OTHER_CHANNEL_ID, "desk"))
    await server.wait_for_interaction_response(1, timeout=STEP)
    assert "06:45 America/Lima" in server.interaction_responses[0]["data"]["content"]
    [schedule] = running.store.schedules()
    assert (schedule.target, schedule.time, schedule.timezone) == (
        f"discord:{OTHER_CHANNEL_ID}", "06:45", "America/Lima")
    assert running.bot.scheduler.job_ids() == [f"digest:{schedule.id}"]


async def test_slash_refusal_is_ephemeral(server, running):
    await server.send_slash("post")  # an ordinary member
    await server.wait_for_interaction_response(1, timeout=STEP)
    [response] = server.interaction_responses
    assert response["type"] == 4
    assert response["data"]["flags"] & 64
    assert "is for admins" in response["data"]["content"]
    assert running.store.posts() == []


# ------------------------------------------------------------------------------------ embeds


async def test_who_is_answered_with_an_embed_within_limits(server, running):
    await server.send_message("!who Adaeze Okafor")
    [message] = await server.wait_for_messages(CHANNEL_ID, 1, timeout=STEP)
    [post] = [c.json for c in message_posts(server)]
    assert post["allowed_mentions"] == {"parse": []}  # embeds never ping either
    assert "content" not in post or not post["content"]
    [embed] = post["embeds"]  # a short profile fits one message: sections become fields
    assert_within_embed_limits(post["embeds"])
    assert embed["title"] == "Adaeze Okafor"
    fields = {f["name"]: f["value"] for f in embed["fields"]}
    assert "Engineer" in fields["Roles"]
    assert "deck passed every load test" in fields["Quotes"]
    assert "footer" not in embed  # no "1/1" label on a single page
    assert not message["components"]  # one page: no buttons
    await settle()
    assert len(server.messages[CHANNEL_ID]) == 1


async def test_slash_who_is_answered_with_an_embed(server, running):
    await server.send_slash("who", [{"name": "name", "type": 3, "value": "Ana Duarte"}])
    await server.wait_for_interaction_response(1, timeout=STEP)
    [response] = server.interaction_responses
    data = response["data"]
    assert data["allowed_mentions"] == {"parse": []}
    assert_within_embed_limits(data["embeds"])
    assert data["embeds"][0]["title"] == "Ana Duarte"
    assert "Harbour minister" in shown(data)


@pytest.mark.parametrize(("line", "title"), [
    ("!brief", "Briefing — 5 March 2026"),
    ("!digest", "Daily digest — 5 March 2026"),
])
async def test_brief_and_digest_are_answered_with_embeds(server, running, line, title):
    await server.send_message(line)
    [message] = await server.wait_for_messages(CHANNEL_ID, 1, timeout=STEP)
    assert message["allowed_mentions"] == {"parse": []}
    assert_within_embed_limits(message["embeds"])
    assert message["embeds"][0]["title"] == title
    assert "Island Herald" in shown(message) and "Valley Post" in shown(message)
    assert running.store.posts() == []  # a !digest reply is not a post: the ledger is untouched


@pytest.mark.parametrize(("line", "expected"), [
    ("!help", "Briefbot commands:"),
    ("!who Adaeze Okafr", "Did you mean: Adaeze Okafor?"),
    ("!sources", "Ferry tender to reopen"),
])
async def test_short_answers_stay_plain_text(server, running, line, expected):
    await server.send_message(line)
    [message] = await server.wait_for_messages(CHANNEL_ID, 1, timeout=STEP)
    assert expected in message["content"]
    assert message["embeds"] == []


async def test_several_embeds_are_paged_one_per_message(server, running):
    add_long_article(running.store)
    await server.send_message("!brief")
    [message] = await server.wait_for_messages(CHANNEL_ID, 1, timeout=STEP)
    [embed] = message["embeds"]
    assert_within_embed_limits([embed])
    assert re.fullmatch(r"1/[2-9]", embed["footer"]["text"])
    buttons = [c for row in message["components"] for c in row["components"]]
    previous, following = buttons
    assert previous.get("disabled") is True and not following.get("disabled")
    await server.press_button(message, following["custom_id"], author_id=ADMIN_ID)
    await server.wait_for_interaction_response(1, timeout=STEP)
    assert server.interaction_responses[0]["data"]["flags"] & 64  # only the asker turns pages
    await server.press_button(message, following["custom_id"])
    await server.wait_for_interaction_response(2, timeout=STEP)
    turned = server.interaction_responses[1]
    assert turned["type"] == 7  # UPDATE_MESSAGE
    [second] = turned["data"]["embeds"]
    assert_within_embed_limits([second])
    assert re.fullmatch(r"2/[2-9]", second["footer"]["text"])
    assert second != embed
    await settle()
    assert len(server.messages[CHANNEL_ID]) == 1


async def test_embeds_refused_by_discord_fall_back_to_text(server, running):
    server.fail("POST", rf"^/channels/{CHANNEL_ID}/messages$", 400)
    await server.send_message("!who Adaeze Okafor")
    [message] = await server.wait_for_messages(CHANNEL_ID, 1, timeout=STEP)
    refused, sent = [c.json for c in message_posts(server)]
    assert refused["embeds"] and not sent.get("embeds")
    assert "Adaeze Okafor" in message["content"] and "Engineer" in message["content"]
    assert message["allowed_mentions"] == {"parse": []}
    await settle()
    assert len(server.messages[CHANNEL_ID]) == 1


async def test_without_embed_links_the_reply_is_text(server, tmp_path, clock):
    server.bot_can_embed = False
    run = await start_bot(server, newsroom_db(tmp_path), clock)
    try:
        await server.send_message("!who Adaeze Okafor")
        [message] = await server.wait_for_messages(CHANNEL_ID, 1, timeout=STEP)
        assert message["embeds"] == []
        assert "Engineer" in message["content"]
        assert len(message_posts(server)) == 1
    finally:
        await stop_bot(run)


async def test_embeds_over_the_limits_are_not_sent(server, running, monkeypatch):
    huge = [{"title": "Adaeze Okafor", "description": "x" * 4000,
             "fields": [{"name": f"f{i}", "value": "y" * 1000} for i in range(3)]}]
    monkeypatch.setattr(running.bot.core.renderer, "discord_embeds", lambda obj: huge)
    await server.send_message("!who Adaeze Okafor")
    [message] = await server.wait_for_messages(CHANNEL_ID, 1, timeout=STEP)
    assert message["embeds"] == []
    assert "Engineer" in message["content"]


def test_the_adapter_checks_embeds_again_before_sending():
    from bot.commands import Reply
    from bot.discord_app import reply_embeds

    good = {"title": "Ana Duarte", "description": "Harbour minister"}
    assert [e.title for e in reply_embeds(Reply(("text",), (good,)))] == ["Ana Duarte"]
    assert reply_embeds(Reply(("text",))) == []
    for bad in ({"title": "t" * 257}, {"description": "d" * 4097},
                {"title": "x", "fields": [{"name": "n", "value": "v" * 1025}]},
                {"title": "x", "fields": [{"name": "n", "value": "v"}] * 26},
                {"title": "x", "fields": [{"name": "", "value": "v"}]},
                {"description": "d" * 4000, "fields": [{"name": "n", "value": "v" * 1000}] * 2},
                {}):
        assert reply_embeds(Reply(("text",), (good, bad))) == []


def test_the_adapter_counts_emoji_as_discord_does():
    # the adapter's check (the only one) and the renderer share digests.discord_limits: what the
    # renderer makes from emoji-heavy text is sent as embeds; an astral title over 256 UTF-16
    # units (129 emoji = 258) is not, though it has only 129 characters
    from bot.commands import Reply
    from bot.discord_app import reply_embeds
    from bot.posting import pack_embeds
    from digests.render import build_embeds

    emoji = "\U0001F4F0"
    made = pack_embeds(build_embeds(
        "\n\n".join(f"# {emoji * 100} {n}\n\n" + " ".join([emoji * 5] * 700) for n in range(2))))
    assert made and len(reply_embeds(Reply(("text",), tuple(made)))) == len(made)
    assert reply_embeds(Reply(("text",), ({"title": emoji * 129, "description": "d"},))) == []


async def test_slash_brief_is_deferred_then_answered_with_embeds(server, running):
    await server.send_slash("brief", [{"name": "query", "type": 3, "value": "ferry"}])
    await server.wait_for_interaction_response(2, timeout=STEP)  # defer, then the follow-up
    deferred, followup = server.interaction_responses
    assert deferred["type"] == 5
    data = followup["data"]
    assert data["allowed_mentions"] == {"parse": []}
    assert not data.get("content")
    [embed] = data["embeds"]  # one embed per message
    assert_within_embed_limits([embed])
    assert "Island Herald" in shown(data)


async def test_prefix_schedule_add_refuses_a_channel_of_another_server(server, running):
    foreign = 720000000000000009  # a channel id from some other server
    await server.send_message(f"!schedule add 07:00 <#{foreign}>", author_id=ADMIN_ID,
                              roles=(ADMIN_ROLE_ID,))
    [message] = await server.wait_for_messages(CHANNEL_ID, 1, timeout=STEP)
    assert "not a channel of this server" in message["content"]
    assert running.store.schedules() == []


async def test_a_failed_catch_up_task_is_logged(caplog):
    from bot.discord_app import log_task_failure

    async def boom():
        raise RuntimeError("catch-up exploded")

    task = asyncio.create_task(boom(), name="catch-up")
    task.add_done_callback(log_task_failure)
    with pytest.raises(RuntimeError):
        await task
    await asyncio.sleep(0)
    assert "catch-up exploded" in caplog.text or "background task catch-up failed" in caplog.text


async def test_discord_refuses_the_console_as_a_schedule_target(server, running):
    await server.send_message("!schedule add 07:00 console", author_id=ADMIN_ID,
                              roles=(ADMIN_ROLE_ID,))
    [message] = await server.wait_for_messages(CHANNEL_ID, 1, timeout=STEP)
    assert "cannot post to the console" in message["content"]
    assert running.store.schedules() == []


# ------------------------------------------------------------------------------------ faults
# Each scripted fault must leave the bot answering commands afterwards.

COMMANDS_ROUTE = r"^/applications/\d+/commands$"  # the bulk overwrite of global slash commands


async def assert_still_answering(server: FakeDiscord) -> None:
    before = len(server.messages.get(CHANNEL_ID, []))
    await server.send_message("!who Ana Duarte")
    messages = await server.wait_for_messages(CHANNEL_ID, before + 1, timeout=STEP)
    assert "Harbour minister" in shown(messages[-1])


async def wait_for_sync(run: Running) -> None:
    assert run.bot.sync_task is not None
    await asyncio.wait_for(run.bot.sync_task, STEP)


@pytest.mark.parametrize(("status", "options", "said"), [
    (400, {"errors": {"0": {"name": {"_errors": [{"code": "BASE_TYPE_BAD", "message": "bad"}]}}}},
     "refused Briefbot's slash command definitions"),
    (403, {"code": 50001}, "applications.commands scope"),
    (503, {}, "HTTP 503"),
])
async def test_a_refused_slash_sync_is_logged_and_prefix_commands_work(
        server, tmp_path, clock, caplog, status, options, said):
    server.fail("PUT", COMMANDS_ROUTE, status, **options)
    db = newsroom_db(tmp_path)
    run = await start_bot(server, db, clock, sync_commands=True)
    try:
        await wait_for_sync(run)
        assert run.bot.health.slash_sync.startswith("failed")
        assert said in run.bot.health.slash_sync
        [record] = [r for r in caplog.records if said in r.getMessage()]
        assert record.levelno == logging.ERROR
        assert "prefix commands still work, and the next start tries again" in record.getMessage()
        await assert_still_answering(server)
    finally:
        await stop_bot(run)
    again = await start_bot(server, db, clock, sync_commands=True)  # the next start tries again
    try:
        await wait_for_sync(again)
        assert again.bot.health.slash_sync == "synced globally"
        assert len([c for c in server.calls if c.method == "PUT"]) == 2
    finally:
        await stop_bot(again)


async def test_a_raising_event_handler_is_logged_and_the_bot_keeps_serving(server, running,
                                                                           caplog):
    async def broken_listener(message):
        raise RuntimeError("listener exploded")

    running.bot.add_listener(broken_listener, "on_message")
    await assert_still_answering(server)
    await assert_still_answering(server)
    assert "listener exploded" in caplog.text
    assert not running.task.done()


async def test_a_command_that_raises_is_answered_and_the_next_one_works(server, running,
                                                                        monkeypatch):
    real_handle = running.bot.core.handle
    calls = []

    async def fails_once(line, invocation):
        calls.append(line)
        if len(calls) == 1:
            raise RuntimeError("the core exploded")
        return await real_handle(line, invocation)

    monkeypatch.setattr(running.bot.core, "handle", fails_once)
    await server.send_message("!sources")
    [message] = await server.wait_for_messages(CHANNEL_ID, 1, timeout=STEP)
    assert "failed unexpectedly" in message["content"]
    await assert_still_answering(server)


async def test_an_unreadable_event_is_skipped_without_reconnecting(server, running, caplog):
    await server.dispatch("MESSAGE_CREATE", {"id": "not-a-snowflake", "content": "!who Ana"})
    await assert_still_answering(server)
    assert running.bot.health.skipped_events == 1
    assert (server.identifies, server.resumes) == (1, 0)
    assert "could not read a MESSAGE_CREATE event" in caplog.text


async def test_a_payload_that_is_not_json_costs_a_reconnect_not_the_process(
        server, tmp_path, clock, caplog):
    run = await start_bot(server, newsroom_db(tmp_path), clock,
                          reconnect_delay=Backoff(base=0.01, cap=0.05))
    try:
        await server.send_raw('{"op": 0, "t": "MESSAGE_CREATE", "d": {')  # cut off mid-frame
        while server.identifies + server.resumes < 2:
            await asyncio.wait_for(server.events.get(), STEP)
        await assert_still_answering(server)
        assert run.bot.health.gateway_failures == 1
        assert "reconnecting in" in caplog.text
        assert not run.task.done()
    finally:
        await stop_bot(run)


async def test_a_gateway_outage_is_followed_by_a_reconnect(server, running):
    server.refuse_gateway(503)  # the first reconnect attempt finds Discord down
    resumed = asyncio.create_task(running.bot.wait_for("resumed", timeout=STEP * 2))
    await asyncio.sleep(0)
    await server.drop_connection()
    await asyncio.wait_for(resumed, STEP * 2)
    assert server.gateway_refusals == []
    await assert_still_answering(server)


async def test_a_token_rejected_by_the_gateway_ends_run_with_one_line(server, tmp_path, capsys):
    server.close_on_identify = 4004  # Authentication failed
    code = await asyncio.wait_for(
        asyncio.to_thread(run_bot, settings_for(tmp_path), env={"DISCORD_TOKEN": server.token}),
        STEP * 2)
    assert code == 2
    assert capsys.readouterr().err.strip() == f"briefbot run: {START_FAILURES['login']}"


async def test_status_in_discord_shows_the_connection(server, running):
    await server.send_message("!status", author_id=ADMIN_ID, roles=(ADMIN_ROLE_ID,))
    [message] = await server.wait_for_messages(CHANNEL_ID, 1, timeout=STEP)
    text = message["content"]
    assert "documents: 2, people: 3" in text
    assert "Discord bot, up" in text
    assert "last gateway event: MESSAGE_CREATE" in text
    assert "slash commands: not attempted" in text


async def _heartbeat_with_an_event(store, key, *, attempts=400):
    """The first heartbeat written after a gateway event was seen. Polls instead of sleeping a
    fixed time, so a loaded machine only makes the test slower, never wrong; the attempt bound
    only keeps a broken heartbeat from hanging the suite."""
    beat = None
    for _ in range(attempts):
        raw = store.get_meta(key)
        beat = json.loads(raw) if raw else None
        if beat and beat.get("last_event") is not None:
            return beat
        await asyncio.sleep(0.025)
    return beat or {}


async def test_the_running_bot_leaves_a_heartbeat_for_briefbot_status(server, tmp_path, clock):
    from bot.health import HEARTBEAT_KEY, StatusContext, status_text

    run = await start_bot(server, newsroom_db(tmp_path), clock, heartbeat_every=0.05)
    try:
        await assert_still_answering(server)
        beat = await _heartbeat_with_an_event(run.store, HEARTBEAT_KEY)
        assert beat["stopped"] is False and beat["last_event"] is not None
    finally:
        await stop_bot(run)
    with Store(f"sqlite:///{tmp_path / 'briefbot.sqlite3'}") as store:
        assert json.loads(store.get_meta(HEARTBEAT_KEY))["stopped"] is True
        text = status_text(StatusContext(store, Settings(), utc(2026, 3, 5, 9, 0)))
    assert "discord bot on" in text and "stopped at" in text


async def test_briefbot_run_survives_a_refused_sync_and_a_garbled_frame(server, tmp_path,
                                                                        monkeypatch, caplog):
    """The whole of ``briefbot run`` (run_bot, as the CLI calls it) against scripted faults:
    the slash sync is refused and the gateway sends a frame that is not JSON; the process
    keeps answering, and ends with status 0 when it is closed."""
    from bot import discord_app

    started: dict = {}
    real_serve = discord_app.serve

    async def serve_and_expose(bot, token):
        started.update(bot=bot, loop=asyncio.get_running_loop())
        bot.reconnect_delay = Backoff(base=0.01, cap=0.05)
        await real_serve(bot, token)

    monkeypatch.setattr(discord_app, "serve", serve_and_expose)
    server.fail("PUT", COMMANDS_ROUTE, 400, errors={"0": {"description": {"_errors": [
        {"code": "BASE_TYPE_MAX_LENGTH", "message": "Must be 100 or fewer in length."}]}}})
    running = asyncio.create_task(asyncio.to_thread(
        run_bot, settings_for(tmp_path), env={"DISCORD_TOKEN": server.token}))
    try:
        assert await asyncio.wait_for(server.events.get(), STEP) == "identify"
        await assert_still_answering(server)
        bot = started["bot"]
        for _ in range(400):  # the sync runs in the background on the bot's own loop
            if bot.sync_task is not None and bot.sync_task.done():
                break
            await asyncio.sleep(0.05)
        assert bot.health.slash_sync.startswith("failed: Discord refused Briefbot's slash")
        await server.send_raw("<html>502 Bad Gateway</html>")
        assert await asyncio.wait_for(server.events.get(), STEP) in ("identify", "resume")
        await assert_still_answering(server)
        assert bot.health.gateway_failures == 1
        assert not running.done()
    finally:
        if "bot" in started:
            asyncio.run_coroutine_threadsafe(started["bot"].close(), started["loop"])
        code = await asyncio.wait_for(running, STEP)
    assert code == 0
    assert "prefix commands still work, and the next start tries again" in caplog.text
