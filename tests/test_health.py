"""Health: ``briefbot status``, the admin ``status`` command, and the Prometheus endpoint on
127.0.0.1 (scraped over HTTP here, as Prometheus would)."""
from __future__ import annotations

import asyncio
import json
import os
import socket
import threading
import urllib.request
from datetime import timedelta

import pytest
from prometheus_client.parser import text_string_to_metric_families

from bot.cli import main
from bot.commands import CommandCore, Invocation
from bot.console import CONSOLE_USER
from bot.health import (
    HEARTBEAT_KEY,
    Backoff,
    BotHealth,
    StatusContext,
    collect_status,
    keep_heartbeat,
    status_text,
    write_heartbeat,
)
from bot.leadership import LEADER_LOCK
from bot.metrics import Metrics, MetricsError
from bot.posting import DigestPoster, Senders
from bot.runtime import build_runtime
from bot.scheduling import DigestScheduler, next_slot
from digests.models import Schedule, Source
from digests.render import Renderer
from digests.settings import MetricsSettings, Settings, SettingsError, settings_from_dict
from fakes import FakeClock, RecordingSender, newsroom_db, newsroom_store, utc

NOW = utc(2026, 3, 5, 9, 0)
MEMBER = Invocation("111", "reporter", is_admin=False, target="discord:500", surface="discord",
                    guild="42")
ADMIN = Invocation("222", "editor", is_admin=True, target="discord:500", surface="discord",
                   guild="42")


@pytest.fixture
def store(tmp_path):
    store = newsroom_store(tmp_path)
    yield store
    store.close()


def sections(ctx: StatusContext) -> dict[str, tuple[str, ...]]:
    return {s.title: s.lines for s in collect_status(ctx)}


# ------------------------------------------------------------------------------------ status


def test_the_store_section_counts_and_hides_the_password(store):
    health = store.health()
    assert (health.documents, health.people) == (2, 3)
    assert health.schema_version == store.schema_version() >= 4
    assert health.tables["documents"] == 2 and "posts" in health.tables
    store.url = "postgresql://briefbot:hunter2-secret@db.internal/briefbot"
    text = status_text(StatusContext(store, Settings(), NOW))
    assert "hunter2-secret" not in text
    assert "postgresql://briefbot:***@db.internal/briefbot" in text
    assert "documents: 2, people: 3" in text


def test_schedules_show_their_next_run_and_last_outcome(store):
    store.add_schedule(Schedule("morning", "discord:500", "08:00", "Europe/Lisbon"))
    store.add_schedule(Schedule("evening", "console", "18:30", "UTC"))
    store.add_schedule(Schedule("quiet", "discord:501", "07:00", "UTC"))
    assert store.claim_post("discord:500", "morning:2026-03-04", schedule_id="morning")
    store.record_post("discord:500", "morning:2026-03-04", status="sent", message_ids=["1"])
    assert store.claim_post("console", "evening:2026-03-04", schedule_id="evening")
    store.record_post("console", "evening:2026-03-04", status="failed", error="printer on fire")
    lines = {line.split(":")[0]: line for line in sections(
        StatusContext(store, Settings(), NOW))["Schedules"]}
    assert "next 2026-03-06 08:00 WET (in 23 h 0 min)" in lines["morning"]
    assert "last: sent morning:2026-03-04" in lines["morning"]
    assert "next 2026-03-05 18:30 UTC (in 9 h 30 min)" in lines["evening"]
    assert "last: failed evening:2026-03-04" in lines["evening"]
    assert "printer on fire" in lines["evening"]
    assert lines["quiet"].endswith("last: never posted")


def test_schedules_say_whether_a_process_leads_and_posts_them(store):
    store.add_schedule(Schedule("evening", "console", "18:30", "UTC"))
    assert sections(StatusContext(store, Settings(), NOW))["Schedules"][-1] == \
        "posted by: nobody now (no `briefbot run` is leading on this store)"
    leader = store.lock(LEADER_LOCK)  # as a running bot's leadership holds it
    assert leader.acquire(blocking=False)
    try:
        assert sections(StatusContext(store, Settings(), NOW))["Schedules"][-1] == \
            "posted by: the scheduler leader, a running process on this store"
    finally:
        leader.release()


def test_next_slot_crosses_a_daylight_saving_change():
    schedule = Schedule("s", "console", "07:30", "Europe/Berlin")
    before = utc(2026, 3, 28, 12, 0)  # Berlin moves to summer time in the night of the 29th
    assert next_slot(schedule, before).isoformat() == "2026-03-29T07:30:00+02:00"


def test_the_sources_section_appears_only_with_news_sources(store):
    assert "Sources" not in sections(StatusContext(store, Settings(), NOW))
    store.add_source(Source("a1", "https://example.org/feed", name="Harbour desk",
                            every_seconds=1800, last_poll=NOW - timedelta(minutes=5),
                            last_status="RSS 2.0 feed: 2 new, 0 updated", articles=2))
    store.add_source(Source("b2", "https://example.org/b", every_seconds=3600, failures=2,
                            last_status="failed: HTTP 503 (failure 2)",
                            backoff_until=NOW + timedelta(minutes=10)))
    assert sections(StatusContext(store, Settings(), NOW))["Sources"] == (
        "a1: Harbour desk, every 30 min; last poll 2026-03-05 08:55 UTC (5 min ago); "
        "2 article(s); RSS 2.0 feed: 2 new, 0 updated",
        "b2: https://example.org/b, every 1 h 0 min; never polled; 0 article(s); failed: "
        "HTTP 503 (failure 2); backing off until 2026-03-05 09:10 UTC",
    )


def test_the_process_section_says_what_is_running(store):
    cli = sections(StatusContext(store, Settings(), NOW))["Bot"]
    assert cli[0].startswith("no bot has run on this store yet")
    console = BotHealth("console", clock=lambda: NOW - timedelta(minutes=7))
    lines = sections(StatusContext(store, Settings(), NOW, health=console))["Bot"]
    assert lines[:2] == ("this is the console (no Discord connection)",
                         "up 7 min (since 2026-03-05 08:53 UTC)")
    clock = FakeClock(NOW - timedelta(hours=2, minutes=5))
    bot = BotHealth("discord", clock=clock)
    assert "no gateway event received yet" in sections(
        StatusContext(store, Settings(), NOW, health=bot))["Bot"]
    clock.set(NOW - timedelta(seconds=12))
    bot.gateway_event("MESSAGE_CREATE")
    bot.gateway_failed("JSONDecodeError: Expecting value")
    bot.slash_sync = "synced globally"
    lines = sections(StatusContext(store, Settings(), NOW, health=bot,
                                   metrics_url="http://127.0.0.1:9108/metrics"))["Bot"]
    assert lines[0] == "Discord bot, up 2 h 5 min (since 2026-03-05 06:55 UTC)"
    assert "last gateway event: MESSAGE_CREATE 12 s ago (1 in all)" in lines
    assert "connection failures recovered from: 1 (last: JSONDecodeError: Expecting value)" in lines
    assert "slash commands: synced globally" in lines
    assert "metrics: http://127.0.0.1:9108/metrics" in lines


async def test_stopping_the_heartbeat_lets_the_write_under_way_finish_first():
    """A heartbeat is written in a thread, which cancelling the task would not stop: it could
    land after the bot's last ("stopped") heartbeat. Stopping waits for it instead."""
    started, release = threading.Event(), threading.Event()
    writes: list[bool] = []

    class SlowStore:
        def set_meta(self, key, value):
            started.set()
            release.wait(5)
            writes.append(json.loads(value)["stopped"])

    stop = asyncio.Event()
    task = asyncio.create_task(keep_heartbeat(SlowStore(), BotHealth("discord"), every=60,
                                              stop=stop))
    assert await asyncio.to_thread(started.wait, 5)
    stop.set()
    asyncio.get_running_loop().call_later(0.05, release.set)
    await asyncio.wait_for(task, 5)  # returns only once the write under way has landed
    assert writes == [False]


async def test_briefbot_status_reads_the_running_bots_heartbeat(store):
    clock = FakeClock(NOW - timedelta(hours=3))
    bot = BotHealth("discord", clock=clock)
    clock.set(NOW - timedelta(seconds=40))
    bot.gateway_event("GUILD_CREATE")
    bot.slash_sync = "synced 1 server(s)"
    await write_heartbeat(store, bot)
    lines = sections(StatusContext(store, Settings(), NOW))["Bot"]
    host, pid = socket.gethostname(), os.getpid()
    assert lines[0] == (f"discord bot on {host} (pid {pid}), up 2 h 59 min at its last "
                        "heartbeat 40 s ago")
    assert "last gateway event: GUILD_CREATE 40 s ago" in lines
    assert "slash commands: synced 1 server(s)" in lines
    later = NOW + timedelta(minutes=10)  # no heartbeat for ten minutes
    stale = sections(StatusContext(store, Settings(), later))["Bot"]
    assert "that heartbeat is stale: the bot is probably not running" in stale
    await write_heartbeat(store, bot, stopped=True)
    stopped = sections(StatusContext(store, Settings(), NOW))["Bot"]
    assert stopped[0] == (f"discord bot on {host} (pid {pid}) stopped at 2026-03-05 08:59 UTC "
                          "(40 s ago)")
    store.set_meta(HEARTBEAT_KEY, "{not json")
    assert sections(StatusContext(store, Settings(), NOW))["Bot"][0].startswith("no bot has run")


def test_backoff_doubles_up_to_its_cap_and_resets():
    backoff = Backoff(base=1.0, cap=5.0)
    assert [backoff.next() for _ in range(5)] == [1.0, 2.0, 4.0, 5.0, 5.0]
    backoff.reset()
    assert backoff.next() == 1.0


def make_core(store, *, health=None, metrics=None) -> CommandCore:
    clock = FakeClock(NOW)
    renderer = Renderer()
    poster = DigestPoster(store, renderer, Senders([RecordingSender()]), clock=clock)
    scheduler = DigestScheduler(store, poster.run_schedule, clock=clock)
    return CommandCore(store, renderer, Settings(), clock, poster=poster, scheduler=scheduler,
                       health=health, metrics=metrics, cooldown_seconds=0)


async def test_status_is_for_admins(store):
    core = make_core(store, health=BotHealth("discord", clock=lambda: NOW))
    refused = await core.handle("!status", MEMBER)
    assert not refused.ok and "is for admins" in refused.text
    reply = await core.handle("!status", ADMIN)
    assert reply.ok and reply.ephemeral
    assert "Store:" in reply.text and "documents: 2, people: 3" in reply.text
    assert "Discord bot, up 0 s" in reply.text
    assert all(len(page) <= 2000 for page in reply.pages)
    store.url = "postgresql://briefbot:pw@db.internal/briefbot"
    masked = (await core.handle("!status", ADMIN)).text
    assert r"briefbot:\*\*\*@db.internal" in masked  # not bold text in Discord
    assert "pw@" not in masked


async def test_status_on_the_console_says_it_is_the_console(store):
    core = make_core(store, health=BotHealth("console", clock=lambda: NOW))
    reply = await core.handle("status", CONSOLE_USER)
    assert "this is the console (no Discord connection)" in reply.text


async def test_help_lists_status_for_admins_only(store):
    core = make_core(store)
    assert "`!status`" in (await core.handle("!help", ADMIN)).text
    assert "status" not in (await core.handle("!help", MEMBER)).text


def test_briefbot_status_on_the_command_line(tmp_path, monkeypatch, capsys):
    db = newsroom_db(tmp_path)
    config = tmp_path / "briefbot.toml"
    config.write_text(f'database_url = "sqlite:///{db}"\n[metrics]\nport = 9309\n'
                      '[[schedules]]\ntarget = "console"\ntime = "06:15"\n', encoding="utf-8")
    monkeypatch.delenv("BRIEFBOT_CONFIG", raising=False)
    assert main(["--config", str(config), "status"]) == 0
    out = capsys.readouterr().out
    assert "Store:\n  database: sqlite:///" in out
    assert "documents: 2, people: 3" in out
    assert "Schedules:\n  none" in out  # config schedules reach the store when a bot starts
    assert "metrics: http://127.0.0.1:9309/metrics (served while a bot runs)" in out
    assert "no bot has run on this store yet" in out


# ------------------------------------------------------------------------------------ settings


def test_metrics_port_is_validated():
    assert settings_from_dict({}).metrics == MetricsSettings(port=0)
    assert settings_from_dict({"metrics": {"port": 9108}}).metrics.port == 9108
    for bad in (-1, 70000, "9108", True):
        with pytest.raises(SettingsError, match=r"metrics.port = .*TCP port 1-65535"):
            settings_from_dict({"metrics": {"port": bad}})
    with pytest.raises(SettingsError, match=r"unknown setting \[metrics\] 'host'"):
        settings_from_dict({"metrics": {"host": "0.0.0.0"}})


# ------------------------------------------------------------------------------------ metrics


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def scrape(url: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    with urllib.request.urlopen(url, timeout=5) as response:
        text = response.read().decode()
    return {(sample.name, tuple(sorted(sample.labels.items()))): sample.value
            for family in text_string_to_metric_families(text) for sample in family.samples}


async def test_the_metrics_endpoint_serves_posts_commands_and_ingests(tmp_path):
    settings = Settings(database_url=f"sqlite:///{newsroom_db(tmp_path)}")
    runtime = build_runtime(settings, clock=FakeClock(NOW))
    try:
        runtime.senders.add(RecordingSender(prefix="console"))
        assert runtime.serve_metrics(0) is None  # port 0: no endpoint
        port = free_port()
        url = runtime.serve_metrics(port)
        assert url == f"http://127.0.0.1:{port}/metrics"
        assert runtime.core.metrics_url == url
        await runtime.core.handle("who Ana Duarte", CONSOLE_USER)
        await runtime.core.handle("who Nobody Known", CONSOLE_USER)
        await runtime.poster.post("console", "manual:1")
        await runtime.poster.post("console", "manual:1")  # already posted: skipped
        runtime.senders.senders[0].fail_with = 403
        await runtime.poster.post("console", "manual:2")
        runtime.metrics.ingest(type("Report", (), {"added": ["a", "b"], "updated": [],
                                                   "unchanged": ["c"], "failed": 1})())
        samples = scrape(url)
    finally:
        runtime.close()
    assert samples[("briefbot_posts_total", (("status", "sent"),))] == 1
    assert samples[("briefbot_posts_total", (("status", "skipped"),))] == 1
    assert samples[("briefbot_posts_total", (("status", "failed"),))] == 1
    who = (("command", "who"), ("surface", "console"))
    assert samples[("briefbot_command_seconds_count", who)] == 2
    assert samples[("briefbot_commands_total", (*who[:1], ("outcome", "ok"), who[1]))] == 1
    assert samples[("briefbot_commands_total", (*who[:1], ("outcome", "refused"), who[1]))] == 1
    assert samples[("briefbot_ingest_documents_total", (("outcome", "added"),))] == 2
    assert samples[("briefbot_ingest_documents_total", (("outcome", "failed"),))] == 1
    assert samples[("briefbot_documents", ())] == 2


def test_the_endpoint_listens_on_loopback_only_and_reports_a_taken_port():
    first = Metrics()
    url = first.serve(0)
    try:
        assert first._server.server_address[0] == "127.0.0.1"
        port = int(url.rsplit(":", 1)[1].split("/")[0])
        with pytest.raises(MetricsError, match=rf"cannot serve metrics on 127.0.0.1:{port}"):
            Metrics().serve(port)
    finally:
        first.close()
