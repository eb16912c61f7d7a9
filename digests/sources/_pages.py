"""Fetched article pages and feed entries -> :class:`~digests.models.Document`.

Both go through :func:`digests.ingest.parse_raw`, the path every file takes: a page is read as
an ``.html`` file (trafilatura finds the main text, title, site name, date and canonical URL),
an entry's own text as a ``.txt`` file. So normalisation, headline and teaser rules are the
same for a fetched article as for a file on disk.

A fetched document's id comes from its canonical URL (:func:`document_id`): the same article
seen again -- through another feed, with tracking parameters, or updated -- keeps its id, and an
updated version replaces the old one as a changed file does. ``Document.sha256`` is the
:func:`~digests.sources._dedupe.content_hash` of the title and text, so markup changes alone
do not count as an update.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import replace
from datetime import date
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import lxml.etree
import lxml.html

from ..reading import IngestError, RawFile, parse_raw
from ..models import Document
from ._dedupe import content_hash

#: Query parameters that only track the reader; dropped from canonical URLs.
_TRACKING = re.compile(r"^(utm_\w+|fbclid|gclid|dclid|mc_cid|mc_eid|igshid|ref|ref_src|cmpid)$",
                       re.I)
#: A fetched page with fewer words than this has no article on it (a menu, a login wall).
MIN_PAGE_WORDS = 25
_SLUG = re.compile(r"[^a-z0-9]+")
_BLOCK_END = re.compile(r"(?i)<\s*(?:br\s*/?|/p|/div|/li|/h[1-6]|/blockquote)\s*>")


def canonical_url(url: str) -> str:
    """Lower-case scheme and host, no default port, no fragment, no tracking parameters,
    remaining query parameters kept in their order."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    port = parts.port
    netloc = host if port is None or (scheme, port) in (("http", 80), ("https", 443)) \
        else f"{host}:{port}"
    query = urlencode([(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
                       if not _TRACKING.match(k)])
    return urlunsplit((scheme, netloc, parts.path or "/", query, ""))


def document_id(url: str) -> str:
    """A stable, readable document id for a canonical URL: ``<host>-<last path part>-<hash>``."""
    parts = urlsplit(url)
    host = _SLUG.sub("-", (parts.hostname or "web").lower()).strip("-")
    tail = [p for p in parts.path.split("/") if p]
    stem = _SLUG.sub("-", re.sub(r"\.[a-z0-9]{2,5}$", "", tail[-1].lower()) if tail else "")
    digest = hashlib.sha256(url.encode("utf-8")).hexdigest()[:8]
    return "-".join(p for p in (host[:40], stem.strip("-")[:48], digest) if p)


def page_document(html: bytes, *, doc_id: str, url: str) -> Document:
    """Read a fetched article page as :func:`parse_raw` reads an ``.html`` file. Raises
    :class:`IngestError` naming the URL ("no main text found in the HTML page", ...)."""
    try:
        doc = parse_raw(RawFile(path=Path(f"{doc_id}.html"), data=html))
    except IngestError as exc:
        raise IngestError(url, exc.problem) from None
    if doc.words < MIN_PAGE_WORDS:
        # menus, cookie walls and teasers: trafilatura returns what little there is
        raise IngestError(url, f"no main text found in the HTML page (only {doc.words} "
                          f"word{'' if doc.words == 1 else 's'})")
    canonical = _absolute(doc.url) or url
    return replace(doc, path=url, url=canonical_url(canonical))


def entry_document(content: str, *, doc_id: str, url: str | None, title: str | None) -> Document:
    """Read a feed entry's own text (HTML or plain) as :func:`parse_raw` reads a ``.txt``
    file. Raises :class:`IngestError` when there is no text."""
    text = html_to_text(content)
    where = url or doc_id
    try:
        doc = parse_raw(RawFile(path=Path(f"{doc_id}.txt"), data=text.encode("utf-8")))
    except IngestError as exc:
        raise IngestError(where, f"the feed's own text: {exc.problem}") from None
    return replace(doc, path=where, url=url, title=title or doc.title)


def html_to_text(content: str) -> str:
    """The text of an HTML fragment, one paragraph per block element; plain text unchanged."""
    if "<" not in content:
        return content
    marked = _BLOCK_END.sub("\n\n", content)
    try:
        return lxml.html.fromstring(f"<div>{marked}</div>").text_content()
    except (ValueError, lxml.etree.ParserError):
        return re.sub(r"<[^>]+>", " ", marked)


def finish(doc: Document, *, title: str | None, published: date | None,
           outlet: str | None) -> Document:
    """Fill in what the feed knows (its title and date win over the page's guesses; the page's
    site name wins over the feed's name as the outlet) and set the content hash."""
    title = title or doc.title
    return replace(doc, title=title, published=published or doc.published,
                   source=doc.source or outlet,
                   sha256=content_hash(f"{title or ''}\n{doc.body}"))


def _absolute(url: str | None) -> str | None:
    if url and url.lower().startswith(("http://", "https://")):
        return url
    return None
