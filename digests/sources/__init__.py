"""News sources: RSS/Atom feeds, single article pages and local folders, polled into the store.

Private modules, by concern:

* ``_fetch``: the polite HTTP client (:class:`Fetcher`): User-Agent with a contact, timeouts,
  size cap, redirect limit, conditional requests, robots.txt, per-host politeness, Retry-After;
  :func:`backoff_seconds`, the back-off rule for a failing source;
* ``_feeds``: feedparser -> :class:`Feed` / :class:`Entry`;
* ``_pages``: a fetched page or a feed entry -> :class:`~digests.models.Document` through
  :func:`digests.ingest.parse_raw` (the path files take), canonical URLs, document ids;
* ``_dedupe``: content hashes and near-duplicate sketches (:class:`NearDuplicates`);
* ``_poll``: one URL source -> :class:`UrlPoll` (articles plus one line per problem).
"""
from ._dedupe import NearDuplicates, content_hash, signature, similarity
from ._feeds import Entry, Feed, FeedError, looks_like_feed, parse_feed
from ._fetch import (
    Fetcher,
    FetchError,
    HostGate,
    Response,
    backoff_seconds,
    parse_retry_after,
    user_agent,
)
from ._pages import canonical_url, document_id, entry_document, page_document
from ._poll import Fetched, UrlPoll, poll_url

__all__ = [
    "Entry", "Feed", "FeedError", "FetchError", "Fetched", "Fetcher", "HostGate",
    "NearDuplicates", "Response", "UrlPoll", "backoff_seconds", "canonical_url",
    "content_hash", "document_id", "entry_document", "looks_like_feed", "page_document",
    "parse_feed", "parse_retry_after", "poll_url", "signature", "similarity", "user_agent",
]
