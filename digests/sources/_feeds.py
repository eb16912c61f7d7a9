"""RSS 2.0 and Atom feeds -> :class:`Entry` records (feedparser does the reading).

:func:`parse_feed` never raises for a broken *entry*: an entry it cannot use becomes one line
in :attr:`Feed.problems` and the others are kept. A document that is not a feed at all raises
:class:`FeedError` with one line. :func:`looks_like_feed` tells a feed from an article page
before parsing (content type first, then the first tag).
"""
from __future__ import annotations

import calendar
import hashlib
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

import feedparser

_FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/rdf+xml",
               "application/xml", "text/xml")
_FIRST_TAG = re.compile(rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(rss|feed|rdf:RDF)\b",
                        re.S | re.I)
_VERSIONS = {"rss20": "RSS 2.0", "rss10": "RSS 1.0", "rss090": "RSS 0.90", "rss091u": "RSS 0.91",
             "rss091n": "RSS 0.91", "rss092": "RSS 0.92", "rss093": "RSS 0.93",
             "rss094": "RSS 0.94", "atom10": "Atom 1.0", "atom03": "Atom 0.3"}


#: feedparser's complaints that do not mean a broken feed (a content type or encoding label
#: that disagrees with the document, which it then reads correctly anyway).
_BENIGN = (feedparser.NonXMLContentType, feedparser.CharacterEncodingOverride)


class FeedError(ValueError):
    """The document is not a usable RSS or Atom feed; the message is one line."""


@dataclass(frozen=True, slots=True)
class Entry:
    """One feed entry. ``version`` changes when the entry is edited (its id, dates or title),
    so an unchanged entry is skipped without fetching its page again."""

    index: int  # 1-based position in the feed, for messages
    link: str | None
    title: str | None
    published: date | None
    content: str | None  # the entry's own text or HTML (content, else summary)
    author: str | None
    version: str

    def label(self) -> str:
        """How messages name the entry: ``entry 3 "Title"``."""
        return f'entry {self.index} "{_short(self.title)}"' if self.title else f"entry {self.index}"


@dataclass(frozen=True, slots=True)
class Feed:
    title: str | None
    kind: str  # "RSS 2.0", "Atom 1.0", ...
    entries: tuple[Entry, ...]
    problems: tuple[str, ...] = ()


def looks_like_feed(content: bytes, content_type: str) -> bool:
    """A feed by its content type (RSS/Atom/XML) or, failing that, by its first tag."""
    if content_type.startswith(("application/rss", "application/atom", "application/rdf")):
        return True
    return bool(_FIRST_TAG.match(content[:2048])) or (
        content_type in _FEED_TYPES and not content.lstrip()[:15].lower().startswith(
            (b"<!doctype html", b"<html")))


def parse_feed(content: bytes, *, url: str = "", content_type: str = "application/xml") -> Feed:
    """Parse an RSS 2.0 / Atom feed. Raises :class:`FeedError` when it is not one."""
    headers = {"content-type": content_type or "application/xml"}
    if url:
        headers["content-location"] = url
    parsed = feedparser.parse(content, response_headers=headers)
    version = parsed.get("version") or ""
    problems: list[str] = []
    if not version:
        reason = _bozo_reason(parsed) or "no <rss> or <feed> element"
        raise FeedError(f"not an RSS or Atom feed ({reason})")
    broken = parsed.get("bozo") and not isinstance(parsed.get("bozo_exception"), _BENIGN)
    if broken and parsed.get("entries"):
        problems.append(f"the feed is not well-formed XML ({_bozo_reason(parsed)}); "
                        f"read {len(parsed.entries)} entries leniently")
    elif broken and not parsed.get("entries"):
        raise FeedError(f"the feed is not well-formed XML ({_bozo_reason(parsed)}) and no entry "
                        "could be read")
    entries = []
    for index, raw in enumerate(parsed.get("entries", []), 1):
        entries.append(_entry(index, raw))
    feed_info = parsed.get("feed", {})
    return Feed(title=_clean(feed_info.get("title")), kind=_VERSIONS.get(version, version),
                entries=tuple(entries), problems=tuple(problems))


def _entry(index: int, raw: Any) -> Entry:
    link = _clean(raw.get("link"))
    if link and not link.lower().startswith(("http://", "https://")):
        link = None
    # dict.get: FeedParserDict maps a missing "updated" to "published" with a warning
    published = _date(dict.get(raw, "published_parsed")) or _date(dict.get(raw, "updated_parsed"))
    content = None
    for item in raw.get("content") or ():
        if _clean(item.get("value")):
            content = item["value"]
            break
    if content is None and _clean(raw.get("summary")):
        content = raw["summary"]
    stamp = "|".join(str(dict.get(raw, k) or "") for k in ("id", "link", "title", "published",
                                                       "updated"))
    stamp += "|" + hashlib.sha256((content or "").encode("utf-8")).hexdigest()
    return Entry(index=index, link=link, title=_clean(raw.get("title")), published=published,
                 content=content, author=_clean(raw.get("author")),
                 version=hashlib.sha256(stamp.encode("utf-8")).hexdigest()[:32])


def _date(value: Any) -> date | None:
    if not value:
        return None
    try:
        return datetime.fromtimestamp(calendar.timegm(value), tz=UTC).date()
    except (TypeError, ValueError, OverflowError):
        return None


def _bozo_reason(parsed: Any) -> str:
    exc = parsed.get("bozo_exception")
    if exc is None:
        return ""
    text = str(getattr(exc, "getMessage", lambda: exc)()) or exc.__class__.__name__
    line = getattr(exc, "getLineNumber", lambda: None)()
    text = " ".join(text.split())
    return f"{text} on line {line}" if line else text


def _clean(value: Any) -> str | None:
    if value is None:
        return None
    text = " ".join(str(value).split())
    return text or None


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
