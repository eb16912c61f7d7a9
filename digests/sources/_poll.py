"""Poll one URL source (a feed or a single article page) into documents, without the store.

:func:`poll_url` fetches the source (conditionally), tells a feed from a page, and for a feed
fetches each new or edited entry's page (robots.txt permitting), falling back to the entry's own
text when the page cannot be had. What it could not use becomes one line each in
:attr:`UrlPoll.problems`; the other entries still come back. Whether an article is new, updated,
unchanged or a copy of another is decided by the caller against the store
(:mod:`digests.sources._service`).
"""
from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass

from ..reading import IngestError
from ..models import Document
from ._dedupe import signature
from ._feeds import Entry, FeedError, looks_like_feed, parse_feed
from ._fetch import Fetcher, FetchError
from ._pages import canonical_url, document_id, entry_document, finish, page_document

FEED_ACCEPT = ("application/rss+xml, application/atom+xml, application/xml;q=0.9, "
               "text/xml;q=0.9, text/html;q=0.5, */*;q=0.1")
PAGE_ACCEPT = "text/html, application/xhtml+xml;q=0.9, */*;q=0.1"


@dataclass(frozen=True, slots=True)
class Fetched:
    """An article ready for ingest. ``key`` identifies it among seen items (the canonical URL
    of its link); ``version`` is the feed entry's version ("" for a page source)."""

    document: Document
    key: str
    version: str
    signature: tuple[int, ...]
    note: str | None = None  # e.g. "used the feed's own text: HTTP 404 Not Found"


@dataclass(frozen=True, slots=True)
class UrlPoll:
    """What polling one URL source gave. ``ok`` is False when the source itself failed (it
    could not be fetched or is neither a feed nor an article page): ``error`` says why."""

    ok: bool
    kind: str = ""  # "RSS 2.0 feed", "Atom 1.0 feed", "page"
    title: str | None = None
    articles: tuple[Fetched, ...] = ()
    problems: tuple[str, ...] = ()
    unchanged: int = 0
    entries: int = 0
    not_modified: bool = False
    etag: str | None = None
    last_modified: str | None = None
    error: str | None = None
    retry_after: float | None = None


#: ``seen(key) -> version``: the stored version of a seen item (None: never seen).
SeenVersion = Callable[[str], str | None]


def poll_url(url: str, *, fetcher: Fetcher, etag: str | None = None,
             last_modified: str | None = None, seen: SeenVersion = lambda key: None,
             outlet: str | None = None) -> UrlPoll:
    """Poll one feed or article URL. Never raises for bad input: see :class:`UrlPoll`."""
    try:
        reply = fetcher.get(url, etag=etag, last_modified=last_modified, accept=FEED_ACCEPT)
    except FetchError as exc:
        return UrlPoll(ok=False, error=exc.problem, retry_after=exc.retry_after)
    if reply.not_modified:
        return UrlPoll(ok=True, not_modified=True, etag=reply.etag or etag,
                       last_modified=reply.last_modified or last_modified)
    if looks_like_feed(reply.content, reply.content_type):
        try:
            feed = parse_feed(reply.content, url=reply.url, content_type=reply.content_type)
        except FeedError as exc:
            return UrlPoll(ok=False, error=str(exc))
        result = _poll_feed(feed, fetcher=fetcher, seen=seen, outlet=outlet or feed.title,
                            feed_url=reply.url)
        return _with_validators(result, reply.etag, reply.last_modified,
                                kind=f"{feed.kind} feed", title=feed.title)
    if reply.content_type in ("text/html", "application/xhtml+xml") or (
            not reply.content_type and b"<html" in reply.content[:4096].lower()):
        return _poll_page(reply.url, reply.content, reply.etag, reply.last_modified, outlet)
    shown = reply.content_type or "unknown content type"
    return UrlPoll(ok=False, error=f"neither an RSS/Atom feed nor an HTML article page ({shown})")


def _with_validators(result: UrlPoll, etag: str | None, last_modified: str | None, *,
                     kind: str, title: str | None) -> UrlPoll:
    return UrlPoll(ok=True, kind=kind, title=title, articles=result.articles,
                   problems=result.problems, unchanged=result.unchanged, entries=result.entries,
                   etag=etag, last_modified=last_modified)


def _poll_page(url: str, content: bytes, etag: str | None, last_modified: str | None,
               outlet: str | None) -> UrlPoll:
    key = canonical_url(url)
    try:
        doc = page_document(content, doc_id=document_id(key), url=url)
    except IngestError as exc:
        return UrlPoll(ok=False, kind="page", error=exc.problem)
    doc = finish(doc, title=None, published=None, outlet=outlet)
    problems = () if doc.published else (f"{url}: no publication date on the page; "
                                         "relative dates in it stay unresolved",)
    article = Fetched(doc, canonical_url(doc.url or key), "", signature(doc.body))
    return UrlPoll(ok=True, kind="page", title=doc.title, articles=(article,),
                   problems=problems, entries=1, etag=etag, last_modified=last_modified)


def _poll_feed(feed, *, fetcher: Fetcher, seen: SeenVersion, outlet: str | None,
               feed_url: str) -> UrlPoll:
    articles: list[Fetched] = []
    problems = list(feed.problems)
    unchanged = 0
    for entry in feed.entries:
        key = _entry_key(entry, feed_url)
        if seen(key) == entry.version:
            unchanged += 1
            continue
        try:
            article, notes = _read_entry(entry, key=key, fetcher=fetcher, outlet=outlet)
        except IngestError as exc:
            problems.append(f"{entry.label()}: {exc.problem}; skipped")
            continue
        problems.extend(notes)
        articles.append(article)
    return UrlPoll(ok=True, articles=tuple(articles), problems=tuple(problems),
                   unchanged=unchanged, entries=len(feed.entries))


def _entry_key(entry: Entry, feed_url: str) -> str:
    if entry.link:
        return canonical_url(entry.link)
    ident = hashlib.sha256((entry.title or entry.content or str(entry.index)).encode()).hexdigest()
    return f"{canonical_url(feed_url)}#entry-{ident[:12]}"


def _read_entry(entry: Entry, *, key: str, fetcher: Fetcher,
                outlet: str | None) -> tuple[Fetched, list[str]]:
    """The entry's article: its page when it can be had, else the entry's own text. Raises
    :class:`IngestError` when neither gives any text."""
    notes: list[str] = []
    doc: Document | None = None
    why_not = "no link"
    if entry.link:
        doc, why_not = _fetch_page(entry.link, key=key, fetcher=fetcher)
    if doc is None:
        if not entry.content:
            raise IngestError(entry.link or key, f"{why_not}, and the feed gives no text")
        doc = entry_document(entry.content, doc_id=document_id(key), url=entry.link,
                             title=entry.title)
        notes.append(f"{entry.label()}: {why_not}; used the feed's own text")
    doc = finish(doc, title=entry.title, published=entry.published, outlet=outlet)
    if doc.published is None:
        notes.append(f"{entry.label()}: no publication date in the feed or the page; "
                     "relative dates in it stay unresolved")
    return Fetched(doc, key, entry.version, signature(doc.body)), notes


def _fetch_page(link: str, *, key: str, fetcher: Fetcher) -> tuple[Document | None, str]:
    """(document, "") or (None, why the page could not be used)."""
    if not fetcher.allowed(link):
        return None, "robots.txt does not allow Briefbot to fetch the page"
    try:
        reply = fetcher.get(link, accept=PAGE_ACCEPT)
        return page_document(reply.content, doc_id=document_id(key), url=reply.url), ""
    except FetchError as exc:
        return None, f"page: {exc.problem}"
    except IngestError as exc:
        return None, f"page: {exc.problem}"
