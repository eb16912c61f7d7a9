"""HTTP fetching as a good citizen: one client, clear failures, polite to every host.

:class:`Fetcher` wraps one ``httpx.Client`` with

* a User-Agent naming Briefbot, its version and the operator's contact (``[fetch] contact``);
* timeouts (connect/read, plus a whole-response deadline of three times that), a size cap
  enforced while streaming (``Content-Length`` is checked first when the server sends it), and
  a redirect limit, so a loop is an error and not a hang;
* conditional requests: ``If-None-Match`` / ``If-Modified-Since`` from a previous answer's
  ``ETag`` / ``Last-Modified``, and a 304 comes back as :attr:`Response.not_modified`;
* robots.txt (RFC 9309) for article pages (:meth:`Fetcher.allowed`): a missing robots.txt
  (4xx) allows everything, an unreachable one (5xx, network error) allows nothing for now;
* per-host politeness (:class:`HostGate`): one request at a time per host and at least
  ``delay_seconds`` between two of them; a ``Retry-After`` answer keeps the whole host waiting.

Every failure is a :class:`FetchError` whose ``problem`` is one line ("HTTP 404 Not Found",
"timed out after 20 s", "more than 5 redirects (a redirect loop?)", ...). Nothing here touches
the store; :func:`backoff_seconds` is the pure back-off rule the poller applies to a failing
source.
"""
from __future__ import annotations

import copy
import email.utils
import importlib.metadata
import ipaddress
import socket
import threading
import time
import urllib.robotparser
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import urlsplit

import httpx

from ..settings import FetchSettings

#: The product token robots.txt rules are matched against.
ROBOTS_AGENT = "Briefbot"
ROBOTS_TTL_SECONDS = 3600.0
#: A server's Retry-After is honoured up to this long.
MAX_RETRY_AFTER = 86400.0
#: Content types read as text (feeds, pages); anything else is binary and refused.
_TEXT_TYPES = ("text/", "application/xml", "application/rss+xml", "application/atom+xml",
               "application/rdf+xml", "application/xhtml+xml", "application/json",
               "application/feed+json")


def briefbot_version() -> str:
    try:
        return importlib.metadata.version("briefbot")
    except importlib.metadata.PackageNotFoundError:  # running from a source tree
        return "0"


def user_agent(contact: str | None, *, version: str | None = None) -> str:
    """``"Briefbot/0.1.0 (+newsdesk@example.org)"``; without a contact just the product."""
    product = f"{ROBOTS_AGENT}/{version or briefbot_version()}"
    return f"{product} (+{contact})" if contact else product


class FetchError(Exception):
    """One URL could not be had. ``str()`` is one line: the URL and the problem."""

    def __init__(self, url: str, problem: str, *, status: int | None = None,
                 retry_after: float | None = None) -> None:
        super().__init__(f"{url}: {problem}")
        self.url = url
        self.problem = problem
        self.status = status
        self.retry_after = retry_after


@dataclass(frozen=True, slots=True)
class Response:
    """A successful answer (2xx) or a 304 (``not_modified``: ``content`` is empty)."""

    url: str  # after redirects
    status: int
    content: bytes = b""
    content_type: str = ""
    etag: str | None = None
    last_modified: str | None = None

    @property
    def not_modified(self) -> bool:
        return self.status == 304


def backoff_seconds(failures: int, *, base: float, cap: float,
                    retry_after: float | None = None) -> float:
    """How long a source waits after ``failures`` failed polls in a row: ``base * 2**(n-1)``,
    at most ``cap``; a server's ``Retry-After`` wins when it asks for longer (up to a day)."""
    if failures <= 0:
        return 0.0
    wait = min(float(cap), float(base) * 2 ** min(failures - 1, 30))
    if retry_after is not None:
        wait = max(wait, min(retry_after, MAX_RETRY_AFTER))
    return wait


def parse_retry_after(value: str | None, *, now: datetime | None = None) -> float | None:
    """``Retry-After`` as seconds (delta-seconds or an HTTP date); None when absent or bad."""
    if not value:
        return None
    text = value.strip()
    if text.isdigit():
        return float(text)
    try:
        when = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


def private_address(url: str) -> str | None:
    """The private, loopback, link-local or reserved address ``url``'s host is or resolves to
    (None when every address is public). Resolving blocks: call it off the event loop."""
    host = urlsplit(url).hostname or ""
    try:
        infos = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError):
        return None  # unknown host: the first poll will say so
    for info in infos:
        address = ipaddress.ip_address(info[4][0].split("%")[0])
        if (address.is_private or address.is_loopback or address.is_link_local
                or address.is_reserved or address.is_multicast or address.is_unspecified):
            return str(address)
    return None


def host_of(url: str) -> str:
    """The politeness key of a URL: scheme, host and port."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc.lower()}"


class HostGate:
    """One request at a time per host, ``delay`` seconds apart; a host that answered with
    ``Retry-After`` is not asked again before that time (thread-safe)."""

    def __init__(self, delay: float, *, sleep: Callable[[float], None] = time.sleep,
                 monotonic: Callable[[], float] = time.monotonic) -> None:
        self.delay = delay
        self.sleep = sleep
        self.monotonic = monotonic
        self._guard = threading.Lock()
        self._locks: dict[str, threading.Lock] = {}
        self._last: dict[str, float] = {}
        self._not_before: dict[str, float] = {}

    @contextmanager
    def slot(self, host: str) -> Iterator[None]:
        with self._guard:
            lock = self._locks.setdefault(host, threading.Lock())
        with lock:
            last = self._last.get(host)
            if last is not None:
                wait = last + self.delay - self.monotonic()
                if wait > 0:
                    self.sleep(wait)
            try:
                yield
            finally:
                self._last[host] = self.monotonic()

    def defer(self, host: str, seconds: float) -> None:
        """The host asked us to wait ``seconds`` (Retry-After)."""
        until = self.monotonic() + min(seconds, MAX_RETRY_AFTER)
        with self._guard:
            self._not_before[host] = max(until, self._not_before.get(host, 0.0))

    def waiting(self, host: str) -> float:
        """Seconds the host still asked us to wait (0: go ahead)."""
        with self._guard:
            until = self._not_before.get(host)
        return 0.0 if until is None else max(0.0, until - self.monotonic())


#: The request extension that marks a request (and the redirects it leads to) as public-only.
_PUBLIC_ONLY = "briefbot_public_only"


class _PrivateAddress(Exception):
    """A public-only request reached a private or local address (raised by the request hook)."""

    def __init__(self, url: str, address: str) -> None:
        super().__init__(url)
        self.url = url
        self.address = address


def _check_public(request: httpx.Request) -> None:
    """httpx request hook: every hop of a public-only request (redirects included) must go to a
    public address."""
    if request.extensions.get(_PUBLIC_ONLY):
        address = private_address(str(request.url))
        if address is not None:
            raise _PrivateAddress(str(request.url), address)


class Fetcher:
    """Polite HTTP GETs. Use as a context manager or call :meth:`close`.

    :meth:`public_only` gives a view of the same fetcher (same client, politeness and robots.txt
    cache) whose requests, and every redirect they follow, may only reach public addresses: for
    sources that a chat admin added."""

    #: Requests may only reach public addresses (see :meth:`public_only`).
    public: bool = False

    def __init__(self, settings: FetchSettings, *, version: str | None = None,
                 transport: httpx.BaseTransport | None = None,
                 sleep: Callable[[float], None] = time.sleep,
                 monotonic: Callable[[], float] = time.monotonic) -> None:
        self.settings = settings
        self.user_agent = user_agent(settings.contact, version=version)
        self.monotonic = monotonic
        self.gate = HostGate(settings.delay_seconds, sleep=sleep, monotonic=monotonic)
        self._client = httpx.Client(
            headers={"User-Agent": self.user_agent},
            timeout=httpx.Timeout(settings.timeout_seconds),
            follow_redirects=True,
            max_redirects=settings.max_redirects,
            transport=transport,
            event_hooks={"request": [_check_public]},
        )
        self._robots: dict[str, tuple[float, urllib.robotparser.RobotFileParser | bool]] = {}
        self._robots_lock = threading.Lock()

    def close(self) -> None:
        self._client.close()

    def public_only(self) -> Fetcher:
        """This fetcher, restricted to public addresses (it shares the client: close this one)."""
        view = copy.copy(self)
        view.public = True
        return view

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------------ requests

    def get(self, url: str, *, etag: str | None = None, last_modified: str | None = None,
            accept: str = "*/*") -> Response:
        """GET ``url`` (conditionally when ``etag``/``last_modified`` are given). Raises
        :class:`FetchError` for every failure, including non-text content."""
        if not url.lower().startswith(("http://", "https://")):
            raise FetchError(url, "not an http:// or https:// URL")
        host = host_of(url)
        waiting = self.gate.waiting(host)
        if waiting > 0:
            raise FetchError(url, f"the site asked Briefbot to wait (Retry-After); "
                             f"not asked again for {waiting:.0f} s", retry_after=waiting)
        headers = {"Accept": accept}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        with self.gate.slot(host):
            return self._get(url, headers, host)

    def _get(self, url: str, headers: dict[str, str], host: str) -> Response:
        timeout = self.settings.timeout_seconds
        try:
            with self._client.stream("GET", url, headers=headers,
                                     extensions={_PUBLIC_ONLY: True} if self.public else None
                                     ) as reply:
                self._check_status(url, reply, host)
                if reply.status_code == 304:
                    return Response(str(reply.url), 304, etag=reply.headers.get("etag"),
                                    last_modified=reply.headers.get("last-modified"))
                content_type = reply.headers.get("content-type", "").split(";")[0].strip().lower()
                if content_type and not content_type.startswith(_TEXT_TYPES):
                    raise FetchError(url, f"binary content ({content_type}), not a feed or an "
                                     "article")
                content = self._read_capped(url, reply)
        except _PrivateAddress as exc:
            raise FetchError(url, f"{exc.url} is on a private or local address ({exc.address}); "
                             "not fetched for a source added from chat") from None
        except httpx.TooManyRedirects:
            raise FetchError(url, f"more than {self.settings.max_redirects} redirects "
                             "(a redirect loop?)") from None
        except httpx.TimeoutException:
            raise FetchError(url, f"timed out after {timeout:g} s") from None
        except httpx.HTTPError as exc:
            raise FetchError(url, _network_problem(exc)) from None
        if not content_type and b"\0" in content[:4096]:
            raise FetchError(url, "binary content, not a feed or an article")
        return Response(str(reply.url), reply.status_code, content, content_type,
                        etag=reply.headers.get("etag"),
                        last_modified=reply.headers.get("last-modified"))

    def _check_status(self, url: str, reply: httpx.Response, host: str) -> None:
        status = reply.status_code
        if status == 304 or 200 <= status < 300:
            return
        retry_after = parse_retry_after(reply.headers.get("retry-after"))
        if retry_after is not None and status in (429, 503):
            self.gate.defer(host, retry_after)
        reason = reply.reason_phrase or httpx.codes.get_reason_phrase(status)
        hint = f"; the site asks to retry after {retry_after:.0f} s" if retry_after else ""
        raise FetchError(url, f"HTTP {status} {reason}{hint}".rstrip(), status=status,
                         retry_after=retry_after)

    def _read_capped(self, url: str, reply: httpx.Response) -> bytes:
        cap = self.settings.max_bytes
        declared = reply.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > cap:
            raise FetchError(url, f"response is {int(declared):,} bytes, over the limit of "
                             f"{cap:,} ([fetch] max_bytes); not downloaded")
        deadline = self.monotonic() + 3 * self.settings.timeout_seconds
        chunks: list[bytes] = []
        size = 0
        for chunk in reply.iter_bytes():
            size += len(chunk)
            if size > cap:
                raise FetchError(url, f"response is over the limit of {cap:,} bytes "
                                 "([fetch] max_bytes); download abandoned")
            if self.monotonic() > deadline:
                raise FetchError(url, "timed out: the response took longer than "
                                 f"{3 * self.settings.timeout_seconds:g} s")
            chunks.append(chunk)
        return b"".join(chunks)

    # ------------------------------------------------------------------ robots.txt

    def allowed(self, url: str) -> bool:
        """May Briefbot fetch this article page, by the site's robots.txt (cached an hour)?"""
        host = host_of(url)
        now = self.monotonic()
        with self._robots_lock:
            cached = self._robots.get(host)
        if cached is None or now - cached[0] > ROBOTS_TTL_SECONDS:
            cached = (now, self._load_robots(host))
            with self._robots_lock:
                self._robots[host] = cached
        rules = cached[1]
        if isinstance(rules, bool):
            return rules
        return rules.can_fetch(ROBOTS_AGENT, url)

    def _load_robots(self, host: str) -> urllib.robotparser.RobotFileParser | bool:
        """The parsed robots.txt; True (allow all) when there is none (4xx); False (allow
        nothing, for now) when it cannot be had (5xx, network error), as RFC 9309 asks."""
        try:
            reply = self.get(f"{host}/robots.txt", accept="text/plain")
        except FetchError as exc:
            return exc.status is not None and 400 <= exc.status < 500
        parser = urllib.robotparser.RobotFileParser()
        parser.parse(reply.content.decode("utf-8", "replace").splitlines())
        return parser


def _network_problem(exc: httpx.HTTPError) -> str:
    if isinstance(exc, httpx.ConnectError):
        return "cannot connect (the site is down or the address is wrong)"
    if isinstance(exc, httpx.RemoteProtocolError):
        return "the server broke the connection mid-answer"
    if isinstance(exc, httpx.UnsupportedProtocol):
        return "not an http:// or https:// URL"
    return f"network error ({exc.__class__.__name__})"
