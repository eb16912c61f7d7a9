"""Feed benchmark: poll local feeds while chat commands keep coming, through the real runtime.

Not collected by pytest (the file is ``bench_*.py``). Run it from the repository root::

    .venv/bin/python tests/benchmarks/bench_feeds.py                 # 20 feeds x 50 entries
    .venv/bin/python tests/benchmarks/bench_feeds.py --feeds 4 --entries 10

A local HTTP server (127.0.0.1, started here) serves ``--feeds`` RSS feeds of ``--entries``
entries each, every entry linking to its own article page; the articles are generated here
(invented names and words, seeded), so no two are near-duplicates. The store starts with the
small invented newsroom of ``tests/fakes.py``. :func:`bot.runtime.build_runtime` wires the same
command core, poller and worker process as ``briefbot run``.

Figures, all from this run: ``who`` latency through the command core while idle (the baseline)
and while every source is polled (fetch, trafilatura, spaCy, extraction and store writes in the
worker process); the p99 ratio (target under 2x); and the articles per second ingested (wall
time of the whole poll, worker start-up and model load included, and without them).
"""
from __future__ import annotations

import argparse
import asyncio
import logging
import multiprocessing
import random
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from pytest_httpserver import HTTPServer

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests"))

from bot.commands import Invocation  # noqa: E402
from bot.runtime import build_runtime  # noqa: E402
from digests.settings import FetchSettings, Settings, SourceSetting  # noqa: E402
from fakes import newsroom_db  # noqa: E402
from feedkit import rss  # noqa: E402

SYLLABLES = "ka lo mi ren tas vu da shi nor el ba ri zan ko pe lu ga tem ya os".split()
NOUNS = ("budget", "treaty", "bridge", "election", "strike", "tariff", "reform", "inquiry",
         "pipeline", "harbour", "railway", "census", "merger", "tender", "levy", "runway")
VERBS = ("announced", "rejected", "approved", "postponed", "criticised", "signed", "opened",
         "questioned", "defended", "proposed")
ROLES = ("finance minister", "union leader", "mayor", "ambassador", "port director",
         "opposition leader", "council chair", "chief negotiator")
CONSOLE = Invocation("bench", "bench", is_admin=True)


def _name(rng: random.Random) -> str:
    def word(parts: int) -> str:
        return "".join(rng.choice(SYLLABLES) for _ in range(parts)).capitalize()

    return f"{word(2)} {word(3)}"


def article(rng: random.Random, n: int) -> tuple[str, str]:
    """(title, HTML page) of an invented article, different in every sentence."""
    people = [(_name(rng), rng.choice(ROLES)) for _ in range(3)]
    place = _name(rng).split()[1]
    sentences = []
    for i in range(9):
        (who, role), noun, verb = rng.choice(people), rng.choice(NOUNS), rng.choice(VERBS)
        number = rng.randint(2, 9000)
        if i % 3 == 1:
            sentences.append(f'"The {noun} will cost {number} million and we {verb} it for a '
                             f'reason," said {who}, the {role} of {place}.')
        else:
            sentences.append(f"{role.capitalize()} {who} {verb} the {noun} plan in {place} on "
                             f"{rng.choice(['Monday', 'Tuesday', 'Friday'])}, item {n}-{i}-"
                             f"{number}.")
    title = f"{place} {rng.choice(NOUNS)} {rng.choice(VERBS)} ({n})"
    paragraphs = "".join(f"<p>{' '.join(sentences[i:i + 3])}</p>" for i in range(0, 9, 3))
    page = (f"<html><head><title>{title}</title><meta property='article:published_time' "
            f"content='2026-11-20'></head><body><article><h1>{title}</h1>{paragraphs}"
            "</article></body></html>")
    return title, page


def serve(server: HTTPServer, feeds: int, entries: int) -> list[str]:
    rng = random.Random(11)
    server.expect_request("/robots.txt").respond_with_data("", status=404)
    urls = []
    for f in range(feeds):
        items = []
        for e in range(entries):
            title, page = article(rng, f * entries + e)
            path = f"/f{f}/a{e}"
            server.expect_request(path).respond_with_data(page, content_type="text/html")
            items.append({"title": title, "link": server.url_for(path),
                          "date": date(2026, 11, 20)})
        server.expect_request(f"/f{f}.xml").respond_with_data(
            rss(items, title=f"Feed {f}"), content_type="application/rss+xml")
        urls.append(server.url_for(f"/f{f}.xml"))
    return urls


def _site(feeds: int, entries: int, urls: multiprocessing.Queue, stop: multiprocessing.Event) -> None:
    """The news sites, in their own process (as remote sites would be): the server's threads
    must not compete with the bot for its interpreter."""
    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    server = HTTPServer(host="127.0.0.1", port=0, threaded=True)
    server.start()
    try:
        urls.put(serve(server, feeds, entries))
        stop.wait()
    finally:
        server.stop()


def p99(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(0.99 * (len(ordered) - 1))))]


async def who_once(core, names: list[str], i: int) -> float:
    t0 = time.perf_counter()
    reply = await core.handle(f"!who {names[i % len(names)]}", CONSOLE)
    elapsed = time.perf_counter() - t0
    assert reply.ok, reply.text
    return elapsed


async def run(args: argparse.Namespace, tmp: Path) -> int:
    ctx = multiprocessing.get_context("spawn")
    queue, stop = ctx.Queue(), ctx.Event()
    site = ctx.Process(target=_site, args=(args.feeds, args.entries, queue, stop), daemon=True)
    site.start()
    try:
        urls = queue.get(timeout=120)
        db = newsroom_db(tmp)
        settings = Settings(database_url=f"sqlite:///{db}", curated_people=tmp / "none.toml",
                            sources=tuple(SourceSetting(u, None, 1800) for u in urls),
                            fetch=FetchSettings(delay_seconds=0, timeout_seconds=10))
        runtime = build_runtime(settings)
        core, store = runtime.core, runtime.store
        names = ["Ana Duarte", "Adaeze Okafor", "Tomasz Wielgosz"]
        before = store.count_documents()
        try:
            for i in range(20):  # warm-up
                await who_once(core, names, i)
            idle = []  # paced like the commands during the poll, so only the poll differs
            for i in range(args.lookups):
                idle.append(await who_once(core, names, i))
                await asyncio.sleep(args.gap)
            t0 = time.perf_counter()
            poll = asyncio.create_task(runtime.poller.poll(None))
            busy: list[float] = []
            i = 0
            while not poll.done():
                busy.append(await who_once(core, names, i))
                i += 1
                await asyncio.sleep(args.gap)
            reports = poll.result()
            wall = time.perf_counter() - t0
        finally:
            runtime.close()
        with runtime.store.__class__.from_settings(settings) as check:
            after = check.count_documents()
    finally:
        stop.set()
        site.join(10)
    arrived = after - before
    failed = [r for r in reports if not r.ok]
    problems = sum(len(r.problems) for r in reports)
    print(f"feeds {args.feeds} x {args.entries} entries: {arrived} articles ingested, "
          f"{len(failed)} source(s) failed, {problems} problem line(s)")
    print(f"poll wall time {wall:.1f} s (worker start-up and model load included): "
          f"{arrived / wall:.1f} articles/s")
    print(f"who idle:        n={len(idle):4d}  median {statistics.median(idle) * 1e3:7.2f} ms  "
          f"p99 {p99(idle) * 1e3:7.2f} ms")
    print(f"who during poll: n={len(busy):4d}  median {statistics.median(busy) * 1e3:7.2f} ms  "
          f"p99 {p99(busy) * 1e3:7.2f} ms")
    ratio = p99(busy) / p99(idle)
    print(f"p99 during poll / idle p99: {ratio:.2f}x (target < 2x: "
          f"{'met' if ratio < 2 else 'MISSED'})")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--feeds", type=int, default=20)
    parser.add_argument("--entries", type=int, default=50)
    parser.add_argument("--lookups", type=int, default=1000,
                        help="idle who lookups (the baseline)")
    parser.add_argument("--gap", type=float, default=0.02,
                        help="seconds between who commands during the poll")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        return asyncio.run(run(args, Path(tmp)))


if __name__ == "__main__":
    sys.exit(main())
