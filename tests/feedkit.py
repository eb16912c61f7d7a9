"""Feeds and article pages composed for the source tests: invented outlets, people and events.

:func:`story` writes a short news article from a few invented facts; :func:`article_html`,
:func:`rss` and :func:`atom` wrap stories the way news sites serve them. :func:`serve_site`
registers a robots.txt and pages on a ``pytest_httpserver.HTTPServer``.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timezone
from email.utils import format_datetime
from html import escape

PLACES = ("Velmora", "Ostrakan", "Lindqvist Bay", "Port Arrio", "Tarnwick", "Quellan Heights",
          "Sorrenby", "Marivale", "Ebbingford", "Kestrel Point")
PEOPLE = ("Ilse Varnholt", "Tomas Quirrel", "Nadia Okonkwo-Reyes", "Bram Eddelston",
          "Sunniva Halvorsen", "Dario Pellacani", "Maren Adebayo", "Jorin Castellane")
THINGS = ("desalination plant", "ferry terminal", "rail tunnel", "grain silo", "wind farm",
          "flood barrier", "fishing cooperative", "teachers' contract", "water tariff",
          "harbour dredging")


@dataclass(frozen=True)
class Story:
    slug: str
    title: str
    paragraphs: tuple[str, ...]
    published: date


def story(n: int, *, published: date = date(2026, 11, 20)) -> Story:
    """Article number ``n``: invented but grammatical news, different for every ``n``."""
    place, person = PLACES[n % len(PLACES)], PEOPLE[n % len(PEOPLE)]
    other = PEOPLE[(n + 3) % len(PEOPLE)]
    thing = THINGS[(n // len(PLACES)) % len(THINGS)]
    paragraphs = (
        f"The council of {place} voted on Tuesday to delay the {thing} project number {n} "
        f"until the spring, after a review found costs had risen by {10 + n % 40} percent.",
        f"\"We cannot ask families in {place} to pay for a plan nobody has checked,\" "
        f"councillor {person} said after the vote.",
        f"{other}, who chairs the regional budget committee, said the review would be "
        f"published next month and that talks with contractors would resume in January.",
        f"Residents of {place} have waited {3 + n % 9} years for the {thing}. Local traders "
        f"said the delay would cost them another season of lost business.",
    )
    return Story(f"story-{n}", f"{place} delays {thing} plan {n}", paragraphs, published)


def article_html(s: Story, *, canonical: str | None = None, site: str | None = None) -> str:
    body = "\n".join(f"<p>{escape(p)}</p>" for p in s.paragraphs)
    meta = [f'<meta property="article:published_time" content="{s.published.isoformat()}">']
    if canonical:
        meta.append(f'<link rel="canonical" href="{escape(canonical)}">')
    if site:
        meta.append(f'<meta property="og:site_name" content="{escape(site)}">')
    return (f"<!doctype html><html><head><title>{escape(s.title)}</title>{''.join(meta)}"
            f"</head><body><nav><a href='/'>Home</a> <a href='/world'>World</a></nav>"
            f"<article><h1>{escape(s.title)}</h1>{body}</article>"
            f"<footer>Copyright the publisher</footer></body></html>")


def _rfc822(day: date) -> str:
    return format_datetime(datetime(day.year, day.month, day.day, 8, 0, tzinfo=timezone.utc))


def rss(items: list[dict], *, title: str = "Tarnwick Courier") -> str:
    """``items``: dicts with optional ``title``, ``link``, ``date`` (a date), ``description``,
    ``guid``; a missing key leaves the element out."""
    out = [f'<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel>'
           f"<title>{escape(title)}</title><link>http://example.invalid/</link>"
           "<description>Invented news</description>"]
    for item in items:
        parts = ["<item>"]
        if "title" in item:
            parts.append(f"<title>{escape(item['title'])}</title>")
        if "link" in item:
            parts.append(f"<link>{escape(item['link'])}</link>")
        if "guid" in item:
            parts.append(f"<guid>{escape(item['guid'])}</guid>")
        if "date" in item:
            parts.append(f"<pubDate>{_rfc822(item['date'])}</pubDate>")
        if "description" in item:
            parts.append(f"<description>{escape(item['description'])}</description>")
        parts.append("</item>")
        out.append("".join(parts))
    out.append("</channel></rss>")
    return "\n".join(out)


def atom(entries: list[dict], *, title: str = "Quellan Ledger") -> str:
    out = ['<?xml version="1.0" encoding="utf-8"?>',
           '<feed xmlns="http://www.w3.org/2005/Atom">',
           f"<title>{escape(title)}</title><id>urn:ledger</id>"
           "<updated>2026-11-20T08:00:00Z</updated>"]
    for i, entry in enumerate(entries):
        parts = [f"<entry><id>urn:ledger:{i}</id>"]
        if "title" in entry:
            parts.append(f"<title>{escape(entry['title'])}</title>")
        if "link" in entry:
            parts.append(f'<link rel="alternate" href="{escape(entry["link"])}"/>')
        if "date" in entry:
            parts.append(f"<updated>{entry['date'].isoformat()}T08:00:00Z</updated>"
                         f"<published>{entry['date'].isoformat()}T08:00:00Z</published>")
        if "content" in entry:
            parts.append(f'<content type="html">{escape(entry["content"])}</content>')
        parts.append("</entry>")
        out.append("".join(parts))
    out.append("</feed>")
    return "\n".join(out)


def item_for(s: Story, link: str) -> dict:
    return {"title": s.title, "link": link, "date": s.published,
            "description": s.paragraphs[0], "guid": link}


def serve_site(server, stories: list[Story], *, prefix: str = "/news",
               robots: str | None = None) -> list[str]:
    """Serve each story at ``<prefix>/<slug>`` and a robots.txt (404 when ``robots`` is None);
    returns the page URLs."""
    if robots is None:
        server.expect_request("/robots.txt").respond_with_data("", status=404)
    else:
        server.expect_request("/robots.txt").respond_with_data(robots, content_type="text/plain")
    urls = []
    for s in stories:
        path = f"{prefix}/{s.slug}"
        server.expect_request(path).respond_with_data(article_html(s),
                                                      content_type="text/html; charset=utf-8")
        urls.append(server.url_for(path))
    return urls
