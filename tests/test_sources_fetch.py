"""Fetching feeds and pages from a real HTTP server on 127.0.0.1 (no store, no spaCy):
RSS and Atom, conditional requests, robots.txt, politeness, and every kind of bad input."""
from __future__ import annotations

import time
from datetime import UTC, date, datetime

import pytest
from werkzeug import Response as WResponse

from digests.settings import FetchSettings
from digests.sources import (
    Fetcher,
    FetchError,
    HostGate,
    NearDuplicates,
    backoff_seconds,
    canonical_url,
    content_hash,
    document_id,
    parse_retry_after,
    poll_url,
    signature,
    similarity,
)
from feedkit import article_html, atom, item_for, rss, serve_site, story

SETTINGS = FetchSettings(contact="desk@example.invalid", delay_seconds=0, timeout_seconds=2,
                         max_bytes=200_000, max_redirects=3)


@pytest.fixture
def fetcher():
    with Fetcher(SETTINGS, version="9.9") as f:
        yield f


def test_rss_feed_brings_each_entrys_article_page(httpserver, fetcher):
    stories = [story(1), story(2)]
    urls = serve_site(httpserver, stories)
    httpserver.expect_request("/feed.xml").respond_with_data(
        rss([item_for(s, u) for s, u in zip(stories, urls)]), content_type="application/rss+xml")
    result = poll_url(httpserver.url_for("/feed.xml"), fetcher=fetcher)
    assert result.ok and result.kind == "RSS 2.0 feed" and result.title == "Tarnwick Courier"
    assert result.problems == ()
    assert [a.document.title for a in result.articles] == [s.title for s in stories]
    first = result.articles[0].document
    assert first.published == date(2026, 11, 20)
    assert first.url == canonical_url(urls[0]) and first.path == urls[0]
    assert "councillor Maren Adebayo said" not in first.body  # the quote stays a quote
    assert stories[0].paragraphs[1] in first.body and "Copyright" not in first.body
    assert first.source == "Tarnwick Courier"
    assert first.sha256 == content_hash(f"{first.title}\n{first.body}")
    assert first.id == document_id(canonical_url(urls[0]))
    # every request named Briefbot, its version and the contact
    agents = {req.headers.get("User-Agent") for req, _ in httpserver.log}
    assert agents == {"Briefbot/9.9 (+desk@example.invalid)"}


def test_atom_feed(httpserver, fetcher):
    s = story(3)
    [url] = serve_site(httpserver, [s])
    httpserver.expect_request("/atom").respond_with_data(
        atom([{"title": s.title, "link": url, "date": date(2026, 11, 2)}]),
        content_type="application/atom+xml")
    result = poll_url(httpserver.url_for("/atom"), fetcher=fetcher)
    assert result.ok and result.kind == "Atom 1.0 feed"
    [article] = result.articles
    assert article.document.title == s.title
    assert article.document.published == date(2026, 11, 2)  # the feed's date wins


def test_an_unchanged_feed_costs_a_304(httpserver, fetcher):
    s = story(4)
    [url] = serve_site(httpserver, [s])
    body = rss([item_for(s, url)])

    def handler(request):
        if request.headers.get("If-None-Match") == '"v1"' and \
                request.headers.get("If-Modified-Since") == "Fri, 20 Nov 2026 08:00:00 GMT":
            return WResponse(status=304)
        return WResponse(body, content_type="application/rss+xml",
                         headers={"ETag": '"v1"', "Last-Modified": "Fri, 20 Nov 2026 08:00:00 GMT"})

    httpserver.expect_request("/feed.xml").respond_with_handler(handler)
    first = poll_url(httpserver.url_for("/feed.xml"), fetcher=fetcher)
    assert (first.etag, first.last_modified) == ('"v1"', "Fri, 20 Nov 2026 08:00:00 GMT")
    second = poll_url(httpserver.url_for("/feed.xml"), fetcher=fetcher, etag=first.etag,
                      last_modified=first.last_modified)
    assert second.ok and second.not_modified and second.articles == ()
    assert second.etag == '"v1"'


def test_seen_entries_are_not_fetched_again(httpserver, fetcher):
    stories = [story(5), story(6)]
    urls = serve_site(httpserver, stories)
    httpserver.expect_request("/feed.xml").respond_with_data(
        rss([item_for(s, u) for s, u in zip(stories, urls)]), content_type="application/rss+xml")
    first = poll_url(httpserver.url_for("/feed.xml"), fetcher=fetcher)
    versions = {a.key: a.version for a in first.articles}
    httpserver.clear_log()
    again = poll_url(httpserver.url_for("/feed.xml"), fetcher=fetcher, seen=versions.get)
    assert again.articles == () and again.unchanged == 2
    assert [req.path for req, _ in httpserver.log] == ["/feed.xml"]


def test_a_single_article_page_is_a_source(httpserver, fetcher):
    s = story(7)
    httpserver.expect_request("/one").respond_with_data(
        article_html(s, canonical="http://Example.invalid:80/one?utm_source=x#top", site="Velmora Post"),
        content_type="text/html")
    result = poll_url(httpserver.url_for("/one"), fetcher=fetcher)
    assert result.ok and result.kind == "page"
    [article] = result.articles
    assert article.document.url == "http://example.invalid/one"
    assert article.document.source == "Velmora Post"


# ------------------------------------------------------------------ bad input, one line each


def _feed_with(httpserver, items):
    httpserver.expect_request("/feed.xml").respond_with_data(rss(items),
                                                             content_type="application/rss+xml")
    return httpserver.url_for("/feed.xml")


def test_a_feed_that_is_not_xml(httpserver, fetcher):
    httpserver.expect_request("/feed.xml").respond_with_data(
        "this is plainly { not a feed", content_type="application/rss+xml")
    result = poll_url(httpserver.url_for("/feed.xml"), fetcher=fetcher)
    assert not result.ok and result.error.startswith("not an RSS or Atom feed (")
    assert "\n" not in result.error


def test_plain_text_is_neither_feed_nor_page(httpserver, fetcher):
    httpserver.expect_request("/notes").respond_with_data("just words", content_type="text/plain")
    result = poll_url(httpserver.url_for("/notes"), fetcher=fetcher)
    assert not result.ok
    assert result.error == "neither an RSS/Atom feed nor an HTML article page (text/plain)"


def test_a_feed_with_broken_entries_keeps_the_good_ones(httpserver, fetcher):
    good = story(8)
    [url] = serve_site(httpserver, [good])
    text = rss([item_for(good, url), {"title": "Broken & unescaped <b>"}])
    text = text.replace("Broken &amp; unescaped &lt;b&gt;", "Broken & unescaped <b>")
    httpserver.expect_request("/feed.xml").respond_with_data(text, content_type="application/rss+xml")
    result = poll_url(httpserver.url_for("/feed.xml"), fetcher=fetcher)
    assert result.ok
    assert [a.document.title for a in result.articles] == [good.title]
    assert result.problems[0].startswith("the feed is not well-formed XML (")
    assert result.problems[1] == ('entry 2 "Broken & unescaped <b>": no link, and the feed gives '
                                  "no text; skipped")


@pytest.mark.parametrize(("path", "setup", "expected"), [
    ("/gone", lambda s: s.expect_request("/gone").respond_with_data("no", status=404),
     "HTTP 404 NOT FOUND"),
    ("/boom", lambda s: s.expect_request("/boom").respond_with_data("err", status=500),
     "HTTP 500 INTERNAL SERVER ERROR"),
    ("/loop", lambda s: s.expect_request("/loop").respond_with_data(
        "", status=302, headers={"Location": "/loop"}), "more than 3 redirects (a redirect loop?)"),
    ("/pic", lambda s: s.expect_request("/pic").respond_with_data(
        b"\x89PNG\r\n\x1a\n\0\0", content_type="image/png"),
     "binary content (image/png), not a feed or an article"),
])
def test_a_failing_source_is_one_line(httpserver, fetcher, path, setup, expected):
    setup(httpserver)
    result = poll_url(httpserver.url_for(path), fetcher=fetcher)
    assert not result.ok
    assert result.error.upper() == expected.upper()


def test_a_timeout_is_one_line(httpserver):
    def slow(request):
        time.sleep(1.0)
        return WResponse("late", content_type="application/rss+xml")

    httpserver.expect_request("/slow").respond_with_handler(slow)
    settings = FetchSettings(delay_seconds=0, timeout_seconds=0.3)
    with Fetcher(settings) as f:
        result = poll_url(httpserver.url_for("/slow"), fetcher=f)
    assert not result.ok and result.error == "timed out after 0.3 s"


def _huge(request):
    def chunks():
        block = b"<p>" + b"x" * 65_533 + b"</p>"
        for _ in range(800):  # 50 MB if anyone read it all
            yield block

    return WResponse(chunks(), content_type="text/html")


def test_entry_problems_fall_back_to_the_feeds_own_text(httpserver, fetcher):
    """404, 500, a 50 MB page, a binary file, a page with no main text: each entry still lands
    from the feed's own text, with one line saying why."""
    serve_site(httpserver, [])
    httpserver.expect_request("/p/404").respond_with_data("missing", status=404)
    httpserver.expect_request("/p/500").respond_with_data("oops", status=500)
    httpserver.expect_request("/p/huge").respond_with_handler(_huge)
    httpserver.expect_request("/p/bin").respond_with_data(b"%PDF-1.7\0\0\0",
                                                          content_type="application/pdf")
    httpserver.expect_request("/p/empty").respond_with_data(
        "<html><head><title>x</title></head><body><nav>Home</nav></body></html>",
        content_type="text/html")
    names = ["404", "500", "huge", "bin", "empty"]
    items = []
    for i, name in enumerate(names):
        s = story(20 + i)
        items.append({"title": s.title, "link": httpserver.url_for(f"/p/{name}"),
                      "date": s.published, "description": " ".join(s.paragraphs)})
    result = poll_url(_feed_with(httpserver, items), fetcher=fetcher)
    assert result.ok and len(result.articles) == 5
    assert all(a.document.body.startswith("The council of") for a in result.articles)
    lines = dict(zip(names, result.problems, strict=True))
    assert lines["404"].endswith("page: HTTP 404 NOT FOUND; used the feed's own text")
    assert lines["500"].endswith("page: HTTP 500 INTERNAL SERVER ERROR; used the feed's own text")
    assert "over the limit of 200,000 bytes" in lines["huge"]
    assert "binary content (application/pdf)" in lines["bin"]
    assert lines["empty"].endswith("page: no main text found in the HTML page (only 1 word); "
                                   "used the feed's own text")
    assert all("\n" not in line for line in result.problems)


def test_a_declared_oversize_page_is_not_downloaded(httpserver, fetcher):
    httpserver.expect_request("/big").respond_with_data(b"<p>" + b"y" * 300_000 + b"</p>",
                                                        content_type="text/html")
    with pytest.raises(FetchError, match=r"300,007 bytes, over the limit of 200,000"):
        fetcher.get(httpserver.url_for("/big"))


def test_entries_without_link_or_date(httpserver, fetcher):
    s = story(30)
    serve_site(httpserver, [])
    items = [{"title": s.title, "description": " ".join(s.paragraphs)},  # no link, no date
             {"title": "Nothing at all"}]
    result = poll_url(_feed_with(httpserver, items), fetcher=fetcher)
    [article] = result.articles
    assert article.document.title == s.title and article.document.published is None
    assert result.problems == (
        f'entry 1 "{s.title}": no link; used the feed\'s own text',
        f'entry 1 "{s.title}": no publication date in the feed or the page; relative dates in '
        "it stay unresolved",
        'entry 2 "Nothing at all": no link, and the feed gives no text; skipped',
    )


def test_robots_txt_is_honoured_for_article_pages(httpserver, fetcher):
    s = story(31)
    serve_site(httpserver, [s], robots="User-agent: Briefbot\nDisallow: /news/\n")
    item = item_for(s, httpserver.url_for(f"/news/{s.slug}"))
    item["description"] = " ".join(s.paragraphs)
    result = poll_url(_feed_with(httpserver, [item]), fetcher=fetcher)
    [article] = result.articles
    assert "robots.txt does not allow Briefbot to fetch the page" in result.problems[0]
    assert f"/news/{s.slug}" not in [req.path for req, _ in httpserver.log]
    assert article.document.title == s.title


def test_an_unreachable_robots_txt_allows_nothing_a_missing_one_everything(httpserver, fetcher):
    httpserver.expect_request("/robots.txt").respond_with_data("down", status=503)
    assert not fetcher.allowed(httpserver.url_for("/news/a"))
    with Fetcher(SETTINGS) as other:
        httpserver.clear()
        httpserver.expect_request("/robots.txt").respond_with_data("", status=404)
        assert other.allowed(httpserver.url_for("/news/a"))


def test_retry_after_keeps_the_whole_host_waiting(httpserver, fetcher):
    httpserver.expect_request("/busy").respond_with_data("slow down", status=429,
                                                         headers={"Retry-After": "120"})
    with pytest.raises(FetchError) as first:
        fetcher.get(httpserver.url_for("/busy"))
    assert first.value.retry_after == 120
    assert "retry after 120 s" in first.value.problem
    httpserver.clear_log()
    with pytest.raises(FetchError, match="asked Briefbot to wait"):
        fetcher.get(httpserver.url_for("/other"))
    assert httpserver.log == []  # not even asked


# ------------------------------------------------------------------ pure rules


def test_backoff_doubles_up_to_the_cap_and_honours_retry_after():
    waits = [backoff_seconds(n, base=60, cap=600) for n in range(0, 7)]
    assert waits == [0, 60, 120, 240, 480, 600, 600]
    assert backoff_seconds(1, base=60, cap=600, retry_after=900) == 900
    assert backoff_seconds(3, base=60, cap=600, retry_after=5) == 240


def test_parse_retry_after():
    assert parse_retry_after("30") == 30
    now = datetime(2026, 11, 20, 8, 0, tzinfo=UTC)
    assert parse_retry_after("Fri, 20 Nov 2026 08:02:00 GMT", now=now) == 120
    assert parse_retry_after("soon") is None and parse_retry_after(None) is None


def test_host_gate_spaces_requests_to_one_host():
    clock = [0.0]
    slept = []

    def sleep(seconds):
        slept.append(seconds)
        clock[0] += seconds

    gate = HostGate(2.0, sleep=sleep, monotonic=lambda: clock[0])
    for host in ("http://a", "http://a", "http://b", "http://a"):
        with gate.slot(host):
            clock[0] += 0.5
    assert slept == [2.0, 1.5]  # a waits 2 s after its own request; b is another host


@pytest.mark.parametrize(("url", "expected"), [
    ("HTTP://News.Example.invalid:80/a/b?utm_source=x&id=4#frag", "http://news.example.invalid/a/b?id=4"),
    ("https://example.invalid:443", "https://example.invalid/"),
    ("https://example.invalid:8443/x?fbclid=1", "https://example.invalid:8443/x"),
])
def test_canonical_url(url, expected):
    assert canonical_url(url) == expected


def test_near_duplicates_find_the_same_wire_story_not_another():
    wire = story(40)
    copy_b = (f"By Staff. {' '.join(wire.paragraphs)} Reporting by the regional desk; "
              "editing by the night team.")
    copy_a = " ".join(wire.paragraphs[:3]) + " " + wire.paragraphs[3].replace("Residents", "People")
    other = ("The fishing cooperative of a northern island elected a new board on Saturday. "
             "Members said prices for cod had fallen for the third year running and asked the "
             "regional government for a loan to repair the cold store. The outgoing chair "
             "thanked the crews and promised to stay on as an adviser until the summer.")
    assert similarity(signature(copy_a), signature(copy_b)) >= 0.7
    assert similarity(signature(copy_a), signature(other)) < 0.3
    index = NearDuplicates()
    index.add("a", signature(copy_a))
    index.add("o", signature(other))
    assert index.match(signature(copy_b))[0] == "a"
    assert index.match(signature(" ".join(story(77).paragraphs))) is None  # same template
    assert signature("too short to say") == ()
    assert content_hash("Hello,  World!") == content_hash("hello world")
