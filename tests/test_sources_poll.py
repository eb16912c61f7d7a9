"""Polling sources into the store from a real HTTP server on 127.0.0.1: new, unchanged (304),
updated, copies of a story carried by two feeds, back-off, the once-only failure report, a
folder source, and bad sources next to good ones. Uses the session's spaCy model."""
from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest
from werkzeug import Response as WResponse

import digests.pipeline as pipeline
from conftest import write
from digests.briefing import build_briefing
from digests.render import Renderer
from digests.settings import FetchSettings, Settings, SourceSetting
from digests.sources import (
    Fetcher,
    SourceError,
    config_source_id,
    new_source,
    poll_due,
    poll_source,
    sync_config_sources,
)
from digests.store import Store
from fakes import utc
from feedkit import Story, article_html, item_for, rss, serve_site, story

NOW = utc(2026, 11, 21, 9, 0)


@pytest.fixture
def settings(tmp_path):
    return Settings(database_url=f"sqlite:///{tmp_path / 'db.sqlite3'}",
                    curated_people=tmp_path / "none.toml",
                    fetch=FetchSettings(delay_seconds=0, timeout_seconds=2,
                                        backoff_base_seconds=60, backoff_max_seconds=600,
                                        report_after_failures=3, allow_private_addresses=True))


@pytest.fixture
def store(settings):
    s = Store.from_settings(settings)
    yield s
    s.close()


@pytest.fixture
def fetcher(settings):
    with Fetcher(settings.fetch) as f:
        yield f


def _add(store, location, **options):
    source = new_source(location, taken={s.id for s in store.sources()}, **options)
    store.add_source(source)
    return source


def _poll(store, source_id, settings, fetcher, nlp, now=NOW, force=False):
    return poll_source(store, store.source(source_id), settings=settings, fetcher=fetcher,
                       now=now, nlp=nlp, force=force)


def test_a_feed_lands_then_costs_a_304(httpserver, store, settings, fetcher, nlp):
    stories = [story(1), story(2)]
    urls = serve_site(httpserver, stories)
    body = rss([item_for(s, u) for s, u in zip(stories, urls)])

    def feed(request):
        if request.headers.get("If-None-Match") == '"f1"':
            return WResponse(status=304)
        return WResponse(body, content_type="application/rss+xml", headers={"ETag": '"f1"'})

    httpserver.expect_request("/feed.xml").respond_with_handler(feed)
    source = _add(store, httpserver.url_for("/feed.xml"), every="15m", name="Courier")
    report = _poll(store, source.id, settings, fetcher, nlp)
    assert report.ok and report.status.startswith("RSS 2.0 feed: 2 new, 0 updated")
    assert len(report.added) == 2 and report.problems == ()
    docs = {d.title: d for d in store.documents()}
    assert set(docs) == {s.title for s in stories}
    assert {p.name for p in store.people()} >= {"Tomas Quirrel"}  # extracted like a file
    stored = store.source(source.id)
    assert (stored.last_ok, stored.articles, stored.etag, stored.every_seconds) == (True, 2, '"f1"', 900)
    assert stored.last_poll == NOW and stored.last_status == report.status

    again = _poll(store, source.id, settings, fetcher, nlp, now=NOW + timedelta(minutes=15))
    assert again.ok and again.status == "not modified since the last poll (HTTP 304)"
    assert len(store.documents()) == 2 and store.source(source.id).articles == 2
    assert [line.split(":")[0] for line in again.lines()] == [f"[{source.id}] Courier"]


def test_an_updated_article_replaces_its_old_version(httpserver, store, settings, fetcher, nlp):
    first = story(3)
    serve_site(httpserver, [])
    url = httpserver.url_for("/news/changing")
    pages = {"html": article_html(first)}
    httpserver.expect_request("/news/changing").respond_with_handler(
        lambda r: WResponse(pages["html"], content_type="text/html"))
    items = {"feed": rss([item_for(first, url)])}
    httpserver.expect_request("/feed.xml").respond_with_handler(
        lambda r: WResponse(items["feed"], content_type="application/rss+xml"))
    source = _add(store, httpserver.url_for("/feed.xml"))
    assert len(_poll(store, source.id, settings, fetcher, nlp).added) == 1
    [before] = store.documents()

    correction = Story(first.slug, first.title + " (corrected)",
                       first.paragraphs[:3] + ("Correction: an earlier version gave the "
                                               "wrong year for the first vote.",),
                       first.published)
    pages["html"] = article_html(correction)
    items["feed"] = rss([item_for(correction, url)])
    report = _poll(store, source.id, settings, fetcher, nlp)
    assert report.added == () and len(report.updated) == 1
    [after] = store.documents()
    assert after.id == before.id and after.title == correction.title
    assert "Correction:" in store.document_bodies([after.id])[after.id]
    assert after.sha256 != before.sha256


def test_the_same_wire_story_in_two_feeds_counts_once(httpserver, store, settings, fetcher, nlp):
    wire = story(4)
    serve_site(httpserver, [])
    edited = Story("b-" + wire.slug, "Council pauses project",
                   ("By our correspondent.",) + wire.paragraphs + ("Additional reporting by "
                                                                  "the evening desk.",),
                   wire.published)
    httpserver.expect_request("/a/story").respond_with_data(
        article_html(wire, site="Harbour Wire"), content_type="text/html")
    httpserver.expect_request("/b/story").respond_with_data(
        article_html(edited, site="Valley Daily"), content_type="text/html")
    other = story(5)
    httpserver.expect_request("/b/other").respond_with_data(
        article_html(other, site="Valley Daily"), content_type="text/html")
    httpserver.expect_request("/a.xml").respond_with_data(
        rss([item_for(wire, httpserver.url_for("/a/story"))]), content_type="application/rss+xml")
    httpserver.expect_request("/b.xml").respond_with_data(
        rss([item_for(edited, httpserver.url_for("/b/story")),
             item_for(other, httpserver.url_for("/b/other"))]),
        content_type="application/rss+xml")
    a = _add(store, httpserver.url_for("/a.xml"))
    b = _add(store, httpserver.url_for("/b.xml"))
    [ra, rb] = poll_due(store, settings=settings, fetcher=fetcher, now=NOW, nlp=nlp,
                        ids=sorted([a.id, b.id], key=lambda i: i != a.id))
    assert len(ra.added) == 1
    assert len(rb.added) == 1 and rb.added[0].endswith(other.title)
    [copy] = rb.copies
    wire_id = ra.added[0].split(":")[0]
    assert f"same story as {wire_id}" in copy and "reported by Harbour Wire, Valley Daily" in copy
    assert sorted(d.title for d in store.documents()) == sorted([wire.title, other.title])
    assert store.reported_by([wire_id]) == {wire_id: ["Harbour Wire", "Valley Daily"]}
    # the briefing has one development, reported by both outlets
    text = Renderer().text(build_briefing(store, now=NOW))
    assert text.count(wire.title) == 1 and "Council pauses project" not in text
    assert "Harbour Wire (also Valley Daily)" in text
    # polled again: nothing new, and the copy is not counted again
    again = poll_due(store, settings=settings, fetcher=fetcher, now=NOW, nlp=nlp)
    assert all(r.added == () and r.copies == () for r in again)
    assert store.reported_by([wire_id]) == {wire_id: ["Harbour Wire", "Valley Daily"]}


def test_a_failing_source_backs_off_and_is_reported_once(httpserver, store, settings, fetcher, nlp):
    state = {"status": 500}
    s = story(6)
    [url] = serve_site(httpserver, [s])
    httpserver.expect_request("/feed.xml").respond_with_handler(
        lambda r: WResponse("down", status=state["status"]) if state["status"] != 200
        else WResponse(rss([item_for(s, url)]), content_type="application/rss+xml"))
    source = _add(store, httpserver.url_for("/feed.xml"), added_by="4242")
    now = NOW
    first = _poll(store, source.id, settings, fetcher, nlp, now=now)
    assert not first.ok and first.notify is None
    assert first.status == ("failed: HTTP 500 INTERNAL SERVER ERROR (failure 1; next try after "
                            "2026-11-21 09:01 UTC)")
    assert store.source(source.id).backoff_until == now + timedelta(seconds=60)
    # during the back-off the scheduled poll does not ask the site
    httpserver.clear_log()
    skipped = _poll(store, source.id, settings, fetcher, nlp, now=now + timedelta(seconds=30))
    assert skipped.skipped and httpserver.log == []
    waits = []
    for _ in range(4):
        now = store.source(source.id).backoff_until
        report = _poll(store, source.id, settings, fetcher, nlp, now=now)
        waits.append((store.source(source.id).backoff_until - now).total_seconds())
        if report.notify:
            assert report.added_by == "4242" and f"`{source.id}`" in report.notify
            assert "HTTP 500" in report.notify
        waits[-1] = (waits[-1], report.notify is not None)
    assert waits == [(120, False), (240, True), (480, False), (600, False)]
    # it works again: the failures, the back-off and the reported flag are reset
    state["status"] = 200
    ok = _poll(store, source.id, settings, fetcher, nlp, now=now + timedelta(hours=1))
    assert ok.ok and len(ok.added) == 1
    stored = store.source(source.id)
    assert (stored.failures, stored.backoff_until, stored.failure_reported) == (0, None, False)


def test_retry_after_sets_a_longer_back_off(httpserver, store, settings, fetcher, nlp):
    httpserver.expect_request("/feed.xml").respond_with_data(
        "busy", status=503, headers={"Retry-After": "3600"})
    source = _add(store, httpserver.url_for("/feed.xml"))
    report = _poll(store, source.id, settings, fetcher, nlp)
    assert "the site asks to retry after 3600 s" in report.status
    assert store.source(source.id).backoff_until == NOW + timedelta(hours=1)


def test_bad_sources_do_not_stop_good_ones(httpserver, store, settings, fetcher, nlp, tmp_path):
    good = story(7)
    [url] = serve_site(httpserver, [good])
    httpserver.expect_request("/good.xml").respond_with_data(
        rss([item_for(good, url), {"title": "Link only", "link": httpserver.url_for("/gone")}]),
        content_type="application/rss+xml")
    httpserver.expect_request("/gone").respond_with_data("no", status=404)
    httpserver.expect_request("/bad.xml").respond_with_data("<<<not xml",
                                                            content_type="application/rss+xml")
    bad = _add(store, httpserver.url_for("/bad.xml"))
    good_source = _add(store, httpserver.url_for("/good.xml"))
    reports = {r.source_id: r for r in poll_due(store, settings=settings, fetcher=fetcher,
                                                  now=NOW, nlp=nlp)}
    assert not reports[bad.id].ok and "not an RSS or Atom feed" in reports[bad.id].status
    assert reports[good_source.id].ok and len(reports[good_source.id].added) == 1
    assert reports[good_source.id].problems == (
        'entry 2 "Link only": page: HTTP 404 NOT FOUND, and the feed gives no text; skipped',)
    assert [d.title for d in store.documents()] == [good.title]
    assert store.source(bad.id).last_status.startswith("failed: not an RSS or Atom feed")
    assert store.source(good_source.id).last_status.endswith(
        ', 1 problem(s), first: entry 2 "Link only": page: HTTP 404 NOT FOUND, and the feed '
        "gives no text; skipped")


def test_a_folder_source(tmp_path, store, settings, fetcher, nlp):
    inbox = tmp_path / "inbox"
    s = story(8)
    write(inbox / "council.txt", s.title + "\n\n" + "\n\n".join(s.paragraphs))
    write(inbox / "broken.json", "[1, 2]")
    source = _add(store, str(inbox), name="Inbox")
    report = _poll(store, source.id, settings, fetcher, nlp)
    assert report.ok and report.added == (f"council: {s.title}",)
    assert report.status == "folder: 1 added, 0 updated, 0 unchanged, 1 failed"
    assert "JSON list found" in report.problems[0]
    again = _poll(store, source.id, settings, fetcher, nlp)
    assert again.added == () and again.status.startswith("folder: 0 added, 0 updated, 1 unchanged")


def test_new_source_validation(tmp_path):
    assert new_source("https://x.example.invalid/rss", taken=set()).kind == "url"
    folder = new_source(str(tmp_path), taken=set(), every="2h", name=" Desk ")
    assert (folder.kind, folder.every_seconds, folder.name) == ("folder", 7200, "Desk")
    for bad, message in (("ftp://x/y", "only http:// and https://"),
                         (str(tmp_path / "nope"), r"neither an http\(s\) URL nor an existing folder"),
                         ):
        with pytest.raises(SourceError, match=message):
            new_source(bad, taken=set())
    with pytest.raises(SourceError, match="too often"):
        new_source("http://x.example.invalid/", taken=set(), every="5s")


def test_config_sources_are_kept_in_step(store, settings):
    wire = SourceSetting("https://wire.example.invalid/rss", "Wire", 900)
    desk = SourceSetting("https://desk.example.invalid/atom", None, 1800)
    mine = _add(store, "https://mine.example.invalid/feed")
    sync_config_sources(store, replace(settings, sources=(wire, desk)))
    store.record_poll(replace(store.source(config_source_id(wire.location)), articles=7))
    sync_config_sources(store, replace(settings, sources=(replace(wire, every_seconds=600),)))
    ids = sorted(s.id for s in store.sources())
    assert ids == sorted([mine.id, config_source_id(wire.location)])
    kept = store.source(config_source_id(wire.location))
    assert (kept.every_seconds, kept.articles) == (600, 7)  # status survives a config change


def test_an_article_that_fails_extraction_is_retried_next_poll(httpserver, store, settings,
                                                                fetcher, nlp, monkeypatch):
    """Nothing half-written: the article whose extraction fails is neither stored nor marked
    seen, the other lands, and the next poll brings the failed one."""
    good, unlucky = story(9), story(10)
    url = _feed_with_pages(httpserver, [good, unlucky])
    real = pipeline.extract_documents

    def flaky(docs, **options):
        if any("project number 10 " in d.body for d in docs):
            raise RuntimeError("extractor tripped")
        return real(docs, **options)

    monkeypatch.setattr(pipeline, "extract_documents", flaky)
    source = _add(store, url)
    report = _poll(store, source.id, settings, fetcher, nlp)
    assert [a.split(": ", 1)[1] for a in report.added] == [good.title]
    [problem] = report.problems
    assert "extraction failed (RuntimeError: extractor tripped)" in problem
    assert [d.title for d in store.documents()] == [good.title]
    assert store.source(source.id).articles == 1
    monkeypatch.setattr(pipeline, "extract_documents", real)
    again = _poll(store, source.id, settings, fetcher, nlp)
    assert [a.split(": ", 1)[1] for a in again.added] == [unlucky.title]
    assert "1 unchanged" in again.status
    assert store.source(source.id).articles == 2


def _feed_with_pages(httpserver, stories):
    urls = serve_site(httpserver, stories)
    httpserver.expect_request("/feed.xml").respond_with_data(
        rss([item_for(s, u) for s, u in zip(stories, urls)]), content_type="application/rss+xml")
    return httpserver.url_for("/feed.xml")


def test_a_source_added_from_chat_never_reaches_a_private_address(httpserver, store, settings,
                                                                 fetcher, nlp):
    """Every request of a source a chat admin added (and every redirect it follows) must go to
    a public address; the test server is on 127.0.0.1, so each is refused."""
    s = story(16)
    [url] = serve_site(httpserver, [s])
    httpserver.expect_request("/feed.xml").respond_with_data(
        rss([item_for(s, url)]), content_type="application/rss+xml")
    strict = replace(settings, fetch=replace(settings.fetch, allow_private_addresses=False))
    from_chat = _add(store, httpserver.url_for("/feed.xml"), added_by="4242")
    httpserver.clear_log()
    report = _poll(store, from_chat.id, strict, fetcher, nlp)
    assert not report.ok and "is on a private or local address (127.0.0.1)" in report.status
    assert httpserver.log == []  # not even asked
    operators = _add(store, httpserver.url_for("/feed.xml"))  # the CLI or the config file
    assert _poll(store, operators.id, strict, fetcher, nlp).ok
