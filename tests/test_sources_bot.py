"""Sources in the bot: interval jobs, a scheduled poll followed by a scheduled digest that has
the new article (fake clock), polls that never overlap, the once-only failure DM, and the chat
commands. Feeds come from a real HTTP server on 127.0.0.1; parsing uses the session model."""
from __future__ import annotations

import asyncio
import os
import signal
from concurrent.futures.process import BrokenProcessPool
from dataclasses import replace
from datetime import timedelta

import pytest
from apscheduler.triggers.interval import IntervalTrigger

from bot.commands import CommandCore, Invocation
from bot.polling import SourcePoller, jitter_for
from bot.posting import DigestPoster, Senders
from bot.scheduling import DigestScheduler
from digests.models import Schedule, Source
from digests.render import Renderer
from digests.settings import FetchSettings, Settings
from digests.sources import Fetcher, PollReport, ProcessPolls, ThreadPolls, new_source
from digests.store import Store
from conftest import write
from fakes import FakeClock, Notes, RecordingSender, newsroom_db, utc
from feedkit import item_for, rss, serve_site, story

ADMIN = Invocation("1", "Editor", is_admin=True, target="discord:500", surface="discord",
                   guild="9")
MEMBER = Invocation("2", "Reader", target="discord:500", surface="discord", guild="9")
CONSOLE = Invocation("console", "console", is_admin=True)


class Bot:
    """Store, poster, digest scheduler, source poller and command core on one fake clock."""

    def __init__(self, tmp_path, nlp, clock: FakeClock) -> None:
        db = newsroom_db(tmp_path)
        self.settings = Settings(database_url=f"sqlite:///{db}",
                                 curated_people=tmp_path / "none.toml",
                                 fetch=FetchSettings(delay_seconds=0, timeout_seconds=2,
                                                     backoff_base_seconds=60,
                                                     report_after_failures=2,
                                                     allow_private_addresses=True))
        self.clock = clock
        self.store = Store.from_settings(self.settings)
        self.sender = RecordingSender()
        self.notes = Notes()
        self.poster = DigestPoster(self.store, Renderer(), Senders([self.sender]), clock=clock,
                                   notify=self.notes)
        self.scheduler = DigestScheduler(self.store, self.poster.run_schedule, clock=clock)
        self.fetcher = Fetcher(self.settings.fetch)
        self.polls = ThreadPolls(self.store, self.settings, fetcher=self.fetcher, clock=clock,
                                 nlp=nlp)
        self.poller = SourcePoller(self.store, self.polls, self.scheduler.scheduler,
                                   notify=self.notes)
        self.scheduler.on_start(self.poller.sync)
        self.core = CommandCore(self.store, Renderer(), self.settings, clock, poster=self.poster,
                                scheduler=self.scheduler, poller=self.poller)

    def close(self) -> None:
        self.scheduler.shutdown()
        self.fetcher.close()
        self.store.close()


@pytest.fixture
def clock():
    return FakeClock(utc(2026, 3, 5, 6, 0))


@pytest.fixture
async def bot(tmp_path, nlp, clock):
    b = Bot(tmp_path, nlp, clock)
    yield b
    b.close()


def _feed(httpserver, stories, path="/feed.xml"):
    urls = serve_site(httpserver, stories)
    httpserver.expect_request(path).respond_with_data(
        rss([item_for(s, u) for s, u in zip(stories, urls)]), content_type="application/rss+xml")
    return httpserver.url_for(path)


async def test_a_scheduled_poll_then_a_scheduled_digest_with_the_new_article(
        httpserver, bot, clock):
    bot.store.add_schedule(Schedule("am", "discord:500", "07:30", "UTC", created_by="1"))
    clock.set(utc(2026, 3, 5, 7, 30))
    assert (await bot.scheduler.fire("am")).status == "sent"  # yesterday's news
    fresh = story(11)
    reply = await bot.core.handle(f"!source add {_feed(httpserver, [fresh])} 30m Courier", ADMIN)
    assert reply.ok, reply.text
    [source] = bot.store.sources()
    bot.scheduler.start()
    assert bot.scheduler.job_ids() == ["digest:am", f"source:{source.id}"]
    job = bot.scheduler.scheduler.get_job(f"source:{source.id}")
    assert isinstance(job.trigger, IntervalTrigger) and job.trigger.interval.total_seconds() == 1800
    assert job.trigger.jitter == jitter_for(1800) == 180
    assert (job.max_instances, job.coalesce) == (1, True)
    never = bot.store.source(source.id)
    at = utc(2026, 12, 1, 8, 0)
    bot.poller.now = lambda: at
    assert bot.poller.first_run(never) == at + timedelta(seconds=60)  # a new source: soon
    polled = replace(never, last_poll=at - timedelta(minutes=10))
    assert bot.poller.first_run(polled) == at + timedelta(minutes=20)  # its interval goes on

    clock.set(utc(2026, 3, 5, 12, 0))
    report = await bot.poller.fire(source.id)  # what the interval job runs
    assert report.ok and len(report.added) == 1
    clock.set(utc(2026, 3, 6, 7, 30))
    assert (await bot.scheduler.fire("am")).status == "sent"
    digest = "".join(bot.sender.sent[-1][1].pages)
    assert fresh.title in digest


async def test_polls_of_one_source_never_overlap(bot):
    calls = []
    gate = asyncio.Event()

    async def slow(ids, *, force=False):
        calls.append(ids)
        await gate.wait()
        return [PollReport(i, i, ok=True, status="ok") for i in ids]

    bot.store.add_source(replace(_source("s1"), location="https://x.example.invalid/rss"))
    bot.poller.polls = slow
    first = asyncio.create_task(bot.poller.fire("s1"))
    await asyncio.sleep(0)
    assert bot.poller.busy("s1")
    assert await bot.poller.fire("s1") is None  # the job fired again while the poll runs
    gate.set()
    assert (await first).ok and calls == [["s1"]]


def _source(source_id):
    return Source(id=source_id, location="https://x.example.invalid/rss", added_by="77")


async def test_a_failing_source_is_reported_once_to_the_admin_who_added_it(
        httpserver, bot, clock):
    httpserver.expect_request("/down.xml").respond_with_data("no", status=500)
    reply = await bot.core.handle(f"!source add {httpserver.url_for('/down.xml')}", ADMIN)
    [source] = bot.store.sources()
    assert source.added_by == "1" and reply.ok
    for _ in range(5):
        await bot.poller.fire(source.id)
        clock.set(bot.store.source(source.id).backoff_until)
    [(admin, text)] = bot.notes.received
    assert admin == "1" and f"`{source.id}`" in text and "HTTP 500" in text
    assert bot.store.source(source.id).failures == 5


async def test_source_commands(httpserver, bot, tmp_path):
    url = _feed(httpserver, [story(12)])
    refused = await bot.core.handle(f"!source add {url}", MEMBER)
    assert not refused.ok and "admins" in refused.text
    folder = await bot.core.handle(f"!source add {tmp_path}", ADMIN)
    assert not folder.ok and "http:// or https://" in folder.text
    bad = await bot.core.handle("!source add https://x.example.invalid/rss every-day", ADMIN)
    assert bad.ok  # "every-day" is not an interval: it is the name
    assert bot.store.sources()[0].name == "every-day"
    tiny = await bot.core.handle("!source add https://y.example.invalid/rss 10s", ADMIN)
    assert not tiny.ok and "too often" in tiny.text
    added = await bot.core.handle(f"!source add {url} 1h Tarnwick desk", ADMIN)
    new_id = added.text.split("`")[1]
    assert bot.store.source(new_id).every_seconds == 3600
    polled = await bot.core.handle(f"!source poll {new_id}", CONSOLE)
    assert polled.ok and "1 new" in polled.text and story(12).title in polled.text
    status = await bot.core.handle("!sources", MEMBER)
    first = status.pages[0]
    assert first.startswith("News sources:") and f"`{new_id}` Tarnwick desk" in first
    assert "1 article(s); RSS 2.0 feed: 1 new" in first
    assert "never polled; 0 article(s); not polled yet" in first
    assert any("Ferry tender to reopen" in page for page in status.pages[1:])  # the articles
    listed = await bot.core.handle("!source list", ADMIN)
    assert new_id in listed.text
    removed = await bot.core.handle(f"!source remove {new_id}", ADMIN)
    assert removed.ok and bot.store.source(new_id) is None
    missing = await bot.core.handle("!source remove nope", ADMIN)
    assert not missing.ok and "No source `nope`" in missing.text
    assert not (await bot.core.handle("!source", ADMIN)).ok


async def test_sources_without_any_source_is_the_article_list(bot):
    reply = await bot.core.handle("!sources", MEMBER)
    assert not reply.pages[0].startswith("News sources:")
    assert "Ferry tender to reopen" in reply.text


async def test_source_poll_from_discord_answers_at_once_and_polls_in_the_background(
        httpserver, bot):
    url = _feed(httpserver, [story(13)])
    await bot.core.handle(f"!source add {url}", ADMIN)
    [source] = bot.store.sources()
    reply = await bot.core.handle("!source poll", ADMIN)
    assert reply.ok and reply.text.startswith("Polling every source now")
    await asyncio.gather(*bot.core._background)  # the poll the command started
    assert bot.store.source(source.id).articles == 1


async def test_the_worker_process_polls_and_writes_the_status(tmp_path):
    """The runner the bot uses: a spawned worker process with its own store connection. (The
    folder holds no readable article, so no language model is loaded.)"""
    write(tmp_path / "inbox" / "list.json", "[1, 2]")
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'w.sqlite3'}",
                        curated_people=tmp_path / "none.toml")
    with Store.from_settings(settings) as store:
        source = new_source(str(tmp_path / "inbox"), taken=set())
        store.add_source(source)
        polls = ProcessPolls(settings, clock=lambda: utc(2026, 3, 5, 6, 0))
        try:
            [report] = await polls([source.id])
        finally:
            polls.close()
        assert report.ok and "JSON list found" in report.problems[0]
        stored = store.source(source.id)
        assert stored.last_poll == utc(2026, 3, 5, 6, 0)
        assert stored.last_status == "folder: 0 added, 0 updated, 0 unchanged, 1 failed"


async def test_a_dead_worker_is_replaced_at_the_next_poll(tmp_path):
    """A worker process that dies (killed, out of memory) fails that poll only."""
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'w.sqlite3'}",
                        curated_people=tmp_path / "none.toml")
    with Store.from_settings(settings):  # the schema exists before the worker opens it
        polls = ProcessPolls(settings, clock=lambda: utc(2026, 3, 5, 6, 0))
        try:
            assert await polls([]) == []  # the worker is up
            [pid] = list(polls._pool._processes)
            os.kill(pid, signal.SIGKILL)
            with pytest.raises(BrokenProcessPool):
                await polls([])
            assert await polls([]) == []
            assert list(polls._pool._processes) != [pid]  # a new worker
        finally:
            polls.close()


async def test_chat_admins_cannot_point_the_bot_at_its_own_network(httpserver, bot):
    url = _feed(httpserver, [story(15)])
    bot.core.settings = replace(bot.settings, fetch=replace(bot.settings.fetch,
                                                            allow_private_addresses=False))
    for location in (url, "http://localhost:9/feed", "http://169.254.169.254/latest/"):
        refused = await bot.core.handle(f"!source add {location}", ADMIN)
        assert not refused.ok and "private or local address" in refused.text, location
    assert bot.store.sources() == []
    assert (await bot.core.handle(f"!source add {url}", CONSOLE)).ok  # the operator may
