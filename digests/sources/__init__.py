"""News sources: RSS/Atom feeds, single article pages and local folders, polled into the store.

Private modules, by concern:

* ``_fetch``: the polite HTTP client (:class:`Fetcher`): User-Agent with a contact, timeouts,
  size cap, redirect limit, conditional requests, robots.txt, per-host politeness, Retry-After;
  :func:`backoff_seconds`, the back-off rule for a failing source;
* ``_feeds``: feedparser -> :class:`Feed` / :class:`Entry`;
* ``_pages``: a fetched page or a feed entry -> :class:`~digests.models.Document` through
  :func:`digests.ingest.parse_raw` (the path files take), canonical URLs, document ids;
* ``_dedupe``: content hashes and near-duplicate sketches (:class:`NearDuplicates`);
* ``_poll``: one URL source -> :class:`UrlPoll` (articles plus one line per problem);
* ``_service``: sources in the store: :func:`new_source`, :func:`sync_config_sources`,
  :func:`poll_source` / :func:`poll_due` (dedupe, ingest through :mod:`digests.ingest`,
  status, back-off, the once-only failure report) -> :class:`PollReport`;
* ``_worker``: polling in a worker process, so the language model never runs on the bot's
  event loop or competes with it for the interpreter.
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
    private_address,
    user_agent,
)
from ._pages import canonical_url, document_id, entry_document, page_document
from ._poll import Fetched, UrlPoll, poll_url
from ._service import (
    PollReport,
    SourceError,
    config_source_id,
    new_source,
    poll_due,
    poll_source,
    sync_config_sources,
)
from ._worker import ProcessPolls, ThreadPolls

__all__ = [
    "Entry", "Feed", "FeedError", "FetchError", "Fetched", "Fetcher", "HostGate",
    "NearDuplicates", "PollReport", "ProcessPolls", "ThreadPolls", "Response", "SourceError", "UrlPoll", "config_source_id",
    "new_source", "poll_due", "poll_source", "sync_config_sources", "backoff_seconds", "canonical_url",
    "content_hash", "document_id", "entry_document", "looks_like_feed", "page_document",
    "parse_feed", "parse_retry_after", "poll_url", "private_address", "signature", "similarity", "user_agent",
]
