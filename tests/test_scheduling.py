"""Schedules -> APScheduler jobs, window keys, start-up catch-up, restarts (fake clock only)."""
from __future__ import annotations

from datetime import datetime, time

import pytest
from apscheduler.jobstores.memory import MemoryJobStore

from bot.leadership import LEADER_LOCK, Leadership
from bot.posting import DigestPoster, Senders
from bot.scheduling import (
    DigestScheduler,
    ScheduleError,
    job_id,
    latest_slot,
    parse_hhmm,
    window_key,
    zone,
)
from digests.models import Schedule
from digests.render import Renderer
from digests.store import Store
from fakes import FakeClock, Notes, RecordingSender, newsroom_db, utc

LISBON_0730 = Schedule("s1", "discord:500", "07:30", "Europe/Lisbon", created_by="222")
TOKYO_2200 = Schedule("s2", "console", "22:00", "Asia/Tokyo", created_by="console")


@pytest.mark.parametrize(("text", "expected"), [
    ("07:30", time(7, 30)), ("7:30", time(7, 30)), ("00:00", time(0, 0)),
    ("23:59", time(23, 59)), (" 12:05 ", time(12, 5)),
])
def test_parse_hhmm(text, expected):
    assert parse_hhmm(text) == expected


@pytest.mark.parametrize("text", ["24:00", "12:60", "7.30", "0730", "noon", "", "12:5"])
def test_parse_hhmm_rejects(text):
    with pytest.raises(ScheduleError, match="HH:MM"):
        parse_hhmm(text)


@pytest.mark.parametrize("name", ["Mars/Olympus", "", "Europe/", "../etc/passwd"])
def test_unknown_zone(name):
    with pytest.raises(ScheduleError, match="unknown timezone"):
        zone(name)


@pytest.mark.parametrize(("schedule", "now", "slot", "key"), [
    # after today's slot: today's window
    (LISBON_0730, utc(2026, 3, 5, 8, 0), datetime(2026, 3, 5, 7, 30), "2026-03-05"),
    # exactly at the slot
    (LISBON_0730, utc(2026, 3, 5, 7, 30), datetime(2026, 3, 5, 7, 30), "2026-03-05"),
    # before today's slot: yesterday's window is the current one
    (LISBON_0730, utc(2026, 3, 5, 7, 29), datetime(2026, 3, 4, 7, 30), "2026-03-04"),
    # summer time in Lisbon (UTC+1): 07:30 local is 06:30 UTC
    (LISBON_0730, utc(2026, 7, 1, 6, 45), datetime(2026, 7, 1, 7, 30), "2026-07-01"),
    # Tokyo is ahead: 13:30 UTC on the 5th is 22:30 on the 5th in Tokyo
    (TOKYO_2200, utc(2026, 3, 5, 13, 30), datetime(2026, 3, 5, 22, 0), "2026-03-05"),
    # ...and 23:00 UTC on the 5th is 08:00 on the 6th, before the slot: the 5th's window
    (TOKYO_2200, utc(2026, 3, 5, 23, 0), datetime(2026, 3, 5, 22, 0), "2026-03-05"),
])
def test_latest_slot_and_window_key(schedule, now, slot, key):
    found = latest_slot(schedule, now)
    assert found.replace(tzinfo=None) == slot
    assert found.tzinfo.key == schedule.timezone
    assert window_key(schedule, now) == f"{schedule.id}:{key}"


class Harness:
    """A store on disk, a recording sender and a scheduler; ``restart()`` rebuilds the
    process-side objects over the same database file, as a real restart would."""

    def __init__(self, db, clock: FakeClock, grace: int = 3600) -> None:
        self.db, self.clock, self.grace = db, clock, grace
        self.sender = RecordingSender()
        self.notes = Notes()
        self.stores: list[Store] = []
        self.restart()

    def restart(self) -> None:
        if getattr(self, "scheduler", None) is not None:
            self.scheduler.shutdown()
        self.store = Store(f"sqlite:///{self.db}")
        self.stores.append(self.store)
        self.poster = DigestPoster(self.store, Renderer(), Senders([self.sender]),
                                   clock=self.clock, notify=self.notes)
        self.scheduler = DigestScheduler(self.store, self.poster.run_schedule,
                                         timezone_name="Europe/Lisbon",
                                         misfire_grace_seconds=self.grace, clock=self.clock)

    def close(self) -> None:
        self.scheduler.shutdown()
        for store in self.stores:
            store.close()


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(utc(2026, 3, 5, 6, 0))


@pytest.fixture
async def harness(tmp_path, clock):
    h = Harness(newsroom_db(tmp_path), clock)
    yield h
    h.close()


async def test_jobs_have_fixed_ids_and_resync_is_idempotent(harness):
    harness.store.add_schedule(LISBON_0730)
    harness.store.add_schedule(TOKYO_2200)
    harness.scheduler.start()
    harness.scheduler.sync()
    assert harness.scheduler.job_ids() == ["digest:s1", "digest:s2"]
    harness.store.remove_schedule("s2")
    harness.scheduler.sync()
    assert harness.scheduler.job_ids() == ["digest:s1"]


async def test_scheduler_configuration(harness):
    harness.store.add_schedule(LISBON_0730)
    harness.scheduler.start()
    aps = harness.scheduler.scheduler
    assert str(aps.timezone) == "Europe/Lisbon"
    assert isinstance(aps._jobstores["default"], MemoryJobStore)
    job = aps.get_job(job_id("s1"))
    assert job.misfire_grace_time == 3600
    assert job.coalesce is True
    fire = job.trigger.get_next_fire_time(None, utc(2026, 3, 5, 6, 0))
    assert fire == utc(2026, 3, 5, 7, 30)  # Lisbon is on UTC in March


async def test_the_job_posts_its_window_once(harness, clock):
    harness.store.add_schedule(LISBON_0730)
    clock.set(utc(2026, 3, 5, 7, 30, 0))
    first = await harness.scheduler.fire("s1")
    clock.advance(seconds=2)
    second = await harness.scheduler.fire("s1")  # e.g. a second trigger in the same window
    assert (first.status, second.status) == ("sent", "skipped")
    assert [t for t, _ in harness.sender.sent] == ["discord:500"]
    assert [(r.window_key, r.schedule_id) for r in harness.store.posts()] == [("s1:2026-03-05", "s1")]
    clock.set(utc(2026, 3, 6, 7, 30))
    assert (await harness.scheduler.fire("s1")).status == "sent"  # the next day is a new window


async def test_a_job_for_a_removed_schedule_removes_itself(harness):
    harness.store.add_schedule(LISBON_0730)
    harness.scheduler.start()
    harness.store.remove_schedule("s1")
    assert await harness.scheduler.fire("s1") is None
    assert harness.scheduler.job_ids() == []
    assert harness.sender.sent == []


@pytest.mark.parametrize(("now", "posts"), [
    (utc(2026, 3, 5, 7, 29), 0),      # before the slot (yesterday's slot is > 1 h ago)
    (utc(2026, 3, 5, 7, 30), 1),      # at the slot
    (utc(2026, 3, 5, 8, 15), 1),      # missed 45 min ago: within the grace period
    (utc(2026, 3, 5, 8, 30), 1),      # exactly at the end of the grace period
    (utc(2026, 3, 5, 8, 31), 0),      # too late: skipped, not posted hours late
])
async def test_catch_up_posts_a_missed_slot_within_the_grace_period(harness, clock, now, posts):
    harness.store.add_schedule(LISBON_0730)
    clock.set(now)
    outcomes = await harness.scheduler.catch_up()
    assert len(harness.sender.sent) == posts
    assert [o.status for o in outcomes] == ["sent"] * posts


async def test_a_schedule_survives_a_restart_and_posts_exactly_once(harness, clock):
    harness.store.add_schedule(LISBON_0730)
    # the bot was down at 07:30 and comes back at 07:50
    clock.set(utc(2026, 3, 5, 7, 50))
    harness.restart()
    await harness.scheduler.start_and_catch_up()
    assert harness.scheduler.job_ids() == ["digest:s1"]
    assert len(harness.sender.sent) == 1
    # it restarts again (or reconnects) ten minutes later: nothing new is posted
    clock.advance(minutes=10)
    harness.restart()
    await harness.scheduler.start_and_catch_up()
    await harness.scheduler.fire("s1")  # even if the job fires late as a misfire
    assert len(harness.sender.sent) == 1
    assert [r.status for r in harness.store.posts("discord:500")] == ["sent"]


async def test_a_failed_scheduled_post_tells_the_admin_who_set_it(harness, clock):
    harness.store.add_schedule(LISBON_0730)
    harness.sender.fail_with = 403
    clock.set(utc(2026, 3, 5, 7, 30))
    outcome = await harness.scheduler.fire("s1")
    assert outcome.status == "failed"
    [(admin, text)] = harness.notes.received
    assert admin == "222" and "<#500>" in text
    # the job firing again for the same window later the same day does retry once (the store
    # allows re-claiming a failed row), and reports again if it still fails
    await harness.scheduler.fire("s1")
    assert len(harness.notes.received) == 2
    assert [r.status for r in harness.store.posts()] == ["failed"]


async def test_a_crashing_run_does_not_escape_the_job(harness, clock):
    harness.store.add_schedule(LISBON_0730)

    async def crash(schedule, key):
        raise RuntimeError("boom")

    harness.scheduler.run = crash
    assert await harness.scheduler.fire("s1") is None


async def test_config_file_schedules_are_upserted_with_stable_ids(tmp_path):
    from bot.runtime import build_runtime, config_schedule_id
    from digests.settings import ScheduleSetting, Settings

    settings = Settings(database_url=f"sqlite:///{newsroom_db(tmp_path)}",
                        schedules=(ScheduleSetting("console", "06:30", "Pacific/Auckland"),))
    for _ in range(2):  # two starts of the bot
        runtime = build_runtime(settings)
        try:
            [schedule] = runtime.store.schedules()
        finally:
            runtime.close()
    assert schedule.id == config_schedule_id("console", "06:30", "Pacific/Auckland")
    assert (schedule.target, schedule.time, schedule.timezone) == ("console", "06:30",
                                                                   "Pacific/Auckland")
    assert runtime.core.prefix == settings.discord.command_prefix
    assert runtime.core.cooldowns.seconds == settings.discord.cooldown_seconds


async def test_two_schedules_for_one_channel_each_post_once_a_day(harness, clock):
    morning = Schedule("am", "discord:500", "07:00", "UTC", created_by="222")
    evening = Schedule("pm", "discord:500", "18:00", "UTC", created_by="222")
    harness.store.add_schedule(morning)
    harness.store.add_schedule(evening)
    clock.set(utc(2026, 3, 5, 7, 0))
    assert (await harness.scheduler.fire("am")).status == "sent"
    clock.set(utc(2026, 3, 5, 18, 0))
    assert (await harness.scheduler.fire("pm")).status == "sent"
    assert (await harness.scheduler.fire("pm")).status == "skipped"
    assert len(harness.sender.sent) == 2
    assert sorted(r.window_key for r in harness.store.posts("discord:500")) == [
        "am:2026-03-05", "pm:2026-03-05"]


@pytest.mark.parametrize("fmt", ["text", "markdown", "discord"])
async def test_a_schedule_posts_in_its_format(harness, clock, fmt):
    harness.store.add_schedule(Schedule("f1", "discord:500", "07:00", "UTC", format=fmt))
    clock.set(utc(2026, 3, 5, 7, 0))
    renderer = Renderer()
    briefing = harness.poster.briefing_for("discord:500")  # before the post moves the window
    expected = {"text": renderer.text, "markdown": renderer.markdown,
                "discord": lambda b: "".join(renderer.discord_pages(b))}[fmt](briefing)
    assert (await harness.scheduler.fire("f1")).status == "sent"
    [(_, content)] = harness.sender.sent
    assert "".join(content.pages).replace("\n", "")[:200] == expected.replace("\n", "")[:200]
    assert all(len(page) <= 2000 for page in content.pages)


async def test_a_bad_stored_schedule_is_skipped_not_fatal(harness, clock, caplog):
    harness.store.add_schedule(Schedule("bad-zone", "discord:500", "07:00", "Mars/Olympus"))
    harness.store.add_schedule(Schedule("bad-time", "discord:500", "25:99", "UTC"))
    harness.store.add_schedule(Schedule("good", "discord:500", "05:30", "UTC"))
    harness.scheduler.start()  # must not raise
    assert harness.scheduler.job_ids() == ["digest:good"]
    assert "bad-zone" in caplog.text and "bad-time" in caplog.text
    outcomes = await harness.scheduler.catch_up()  # 06:00 UTC: "good" is 30 minutes late
    assert [o.window_key for o in outcomes] == ["good:2026-03-05"]
    assert await harness.scheduler.fire("bad-zone") is None


def test_config_schedules_removed_from_the_config_are_deleted(tmp_path):
    from dataclasses import replace as dc_replace

    from bot.runtime import config_schedule_id, sync_config_schedules
    from digests.settings import ScheduleSetting, Settings

    store = Store(f"sqlite:///{tmp_path / 'cfg.sqlite3'}")
    try:
        morning = ScheduleSetting("discord:500", "07:00", "UTC")
        evening = ScheduleSetting("discord:500", "19:00", "UTC")
        store.add_schedule(Schedule("abc123", "discord:500", "12:00", "UTC", created_by="9"))
        sync_config_schedules(store, dc_replace(Settings(), schedules=(morning, evening)))
        assert len(store.schedules()) == 3
        sync_config_schedules(store, dc_replace(Settings(), schedules=(morning,)))
        assert sorted(s.id for s in store.schedules()) == sorted(
            ["abc123", config_schedule_id("discord:500", "07:00", "UTC")])
    finally:
        store.close()


def test_build_runtime_closes_the_store_when_set_up_fails(monkeypatch):
    import bot.runtime as runtime_module
    from digests.settings import Settings
    from digests.store import Store as RealStore

    class TrackedStore:
        closed = False

        def close(self):
            TrackedStore.closed = True

    def broken(store, settings):
        raise RuntimeError("config schedule rejected")

    monkeypatch.setattr(RealStore, "from_settings", classmethod(lambda cls, s: TrackedStore()))
    monkeypatch.setattr(runtime_module, "sync_config_schedules", broken)
    with pytest.raises(RuntimeError, match="config schedule rejected"):
        runtime_module.build_runtime(Settings())
    assert TrackedStore.closed


# ----------------------------------------------------------------------------------------------
# Several processes: only the leader posts; it picks up schedules other processes add


def _with_leadership(harness: Harness) -> Leadership:
    leadership = Leadership(harness.store, interval=3600)
    harness.scheduler = DigestScheduler(harness.store, harness.poster.run_schedule,
                                        timezone_name="Europe/Lisbon", clock=harness.clock,
                                        leadership=leadership)
    return leadership


async def test_a_spare_neither_fires_nor_catches_up_until_it_leads(harness, clock):
    harness.store.add_schedule(LISBON_0730)
    other = Store(f"sqlite:///{harness.db}")  # "another process" holding the leadership
    harness.stores.append(other)
    held = other.lock(LEADER_LOCK)
    assert held.acquire(blocking=False)
    _with_leadership(harness)
    harness.scheduler.start()
    clock.now = utc(2026, 3, 5, 7, 40)
    assert not harness.scheduler.leads()
    assert await harness.scheduler.fire("s1") is None
    assert await harness.scheduler.catch_up() == []
    assert harness.sender.sent == [] and harness.store.posts() == []
    held.release()  # the leader stops
    assert harness.scheduler.leadership.try_lead()
    [outcome] = await harness.scheduler.take_over()
    assert (outcome.window_key, outcome.status) == ("s1:2026-03-05", "sent")


async def test_the_leader_picks_up_schedules_added_by_other_processes(harness):
    harness.store.add_schedule(LISBON_0730)
    _with_leadership(harness)
    harness.scheduler.start()
    first_job = harness.scheduler.scheduler.get_job("digest:s1")
    harness.store.add_schedule(TOKYO_2200)  # as another process's !schedule add would
    harness.scheduler.refresh()
    assert harness.scheduler.job_ids() == ["digest:s1", "digest:s2"]
    assert harness.scheduler.scheduler.get_job("digest:s1") is first_job  # unchanged: kept
    harness.store.remove_schedule("s1")
    harness.scheduler.refresh()
    assert harness.scheduler.job_ids() == ["digest:s2"]
