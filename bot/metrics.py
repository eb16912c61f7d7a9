"""Prometheus metrics of a running bot or console, served on 127.0.0.1 when configured.

``[metrics] port = 9108`` in the config starts an HTTP endpoint at
``http://127.0.0.1:9108/metrics`` (``port = 0``, the default: no endpoint; the counters are
still kept, they cost nothing). It binds to the loopback interface only: put a reverse proxy or
the Prometheus agent on the same host in front of it.

Exported (each :class:`Metrics` has its own registry, so tests and processes never mix):

* ``briefbot_posts_total{status}`` -- digest posts through the posting path: sent, failed,
  skipped (already posted by someone else);
* ``briefbot_commands_total{command,surface,outcome}`` and the latency histogram
  ``briefbot_command_seconds{command,surface}``;
* ``briefbot_ingest_documents_total{outcome}`` -- what re-ingests did: added, updated,
  unchanged, failed;
* ``briefbot_errors_total{where}`` -- exceptions logged and survived (event handlers,
  commands, unreadable gateway events);
* ``briefbot_gateway_reconnects_total`` -- reconnects after a connection failure;
* ``briefbot_documents`` -- documents in the store, read at scrape time.
"""
from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, start_http_server

log = logging.getLogger(__name__)

LOOPBACK = "127.0.0.1"
#: Command latency buckets, seconds: lookups are milliseconds, digests of a big store seconds.
LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)
INGEST_OUTCOMES = ("added", "updated", "unchanged", "failed")


class MetricsError(RuntimeError):
    """The endpoint could not be started (e.g. the port is taken); one line for the user."""


class Metrics:
    """The bot's counters in a private registry; :meth:`serve` exposes them."""

    def __init__(self, *, documents: Callable[[], int] | None = None) -> None:
        self.registry = CollectorRegistry()
        r = self.registry
        self.posts = Counter("briefbot_posts", "Digest posts by outcome", ["status"], registry=r)
        self.commands = Counter("briefbot_commands", "Chat commands answered",
                                ["command", "surface", "outcome"], registry=r)
        self.latency = Histogram("briefbot_command_seconds", "Time to answer a chat command",
                                 ["command", "surface"], buckets=LATENCY_BUCKETS, registry=r)
        self.ingested = Counter("briefbot_ingest_documents", "Documents seen by re-ingests",
                                ["outcome"], registry=r)
        self.errors = Counter("briefbot_errors", "Exceptions logged and survived", ["where"],
                              registry=r)
        self.reconnects = Counter("briefbot_gateway_reconnects",
                                  "Gateway reconnects after a connection failure", registry=r)
        if documents is not None:
            gauge = Gauge("briefbot_documents", "Documents in the store", registry=r)
            gauge.set_function(lambda: _safely(documents))
        self._server: Any = None
        self._thread: Any = None
        self.url: str | None = None

    # ------------------------------------------------------------------ recording

    def post(self, status: str) -> None:
        self.posts.labels(status=status).inc()

    def command(self, command: str, surface: str, seconds: float, *, ok: bool) -> None:
        self.commands.labels(command=command, surface=surface,
                             outcome="ok" if ok else "refused").inc()
        self.latency.labels(command=command, surface=surface).observe(seconds)

    def ingest(self, report: Any) -> None:
        """Count an :class:`digests.ingest.IngestReport`."""
        for outcome, count in (("added", len(report.added)), ("updated", len(report.updated)),
                               ("unchanged", len(report.unchanged)), ("failed", report.failed)):
            self.ingested.labels(outcome=outcome).inc(count)

    def handler_error(self, where: str) -> None:
        self.errors.labels(where=where).inc()

    def reconnect(self) -> None:
        self.reconnects.inc()

    # ------------------------------------------------------------------ the endpoint

    def serve(self, port: int) -> str:
        """Start the endpoint on 127.0.0.1:``port`` (0 picks a free port: tests) in a daemon
        thread; returns its URL. Raises :class:`MetricsError` when the port cannot be bound."""
        try:
            self._server, self._thread = start_http_server(port, addr=LOOPBACK,
                                                           registry=self.registry)
        except OSError as exc:
            raise MetricsError(f"cannot serve metrics on {LOOPBACK}:{port}: "
                               f"{exc.strerror or exc}; pick another [metrics] port") from None
        bound = self._server.server_address[1]
        self.url = f"http://{LOOPBACK}:{bound}/metrics"
        log.info("metrics at %s", self.url)
        return self.url

    def close(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None
            self.url = None


def _safely(read: Callable[[], int]) -> float:
    try:
        return float(read())
    except Exception:  # noqa: BLE001 - a failed read must not break the scrape
        log.warning("could not read the document count for metrics", exc_info=True)
        return float("nan")
