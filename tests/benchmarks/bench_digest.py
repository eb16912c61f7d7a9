"""Digest benchmark: fill a store with a synthetic corpus, then time digests and ``who`` lookups.

Not collected by pytest (the file is ``bench_*.py``). Run it from the repository root::

    .venv/bin/python tests/benchmarks/bench_digest.py            # 20,000 documents
    .venv/bin/python tests/benchmarks/bench_digest.py --docs 2000 --db /tmp/bench.sqlite3

The corpus is generated here (invented names and words, seeded), and written through the Store
API (``save_document`` + ``save_resolution``); no spaCy. Figures printed: the build time of the
whole-store briefing, a daily digest, a date-range briefing and a topic briefing; ``who``
lookup latency (median and p99); rendering; memory (tracemalloc peak per build, ru_maxrss) and
every figure as a ratio to two baselines measured on the same store in the same run: a bare
``SELECT count(*)`` and a plain full read of the documents, events and quotes tables.

``who`` is also broken down, each step against the query it replaced, both timed in this run
(the "before" is the old statement run as raw SQL on the same database): the name match
(indexed exact/prefix key lookup vs the old ``LIKE '%key%'`` scan of every alias), the most
central person's newest documents (``Store.documents_mentioning`` vs the old "all their
documents, then sort" plan) and their roles (``Store.person_roles`` vs reading every role row).
Targets (issue #4): a digest under 1 s and ``who`` p99 under 10 ms at 20,000 documents.
"""
from __future__ import annotations

import argparse
import hashlib
import random
import resource
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import sqlalchemy as sa

from digests import briefing
from digests.models import (
    DocExtraction,
    Document,
    Event,
    PersonRecord,
    QuestionRecord,
    Quote,
    Role,
    StanceRecord,
)
from digests.render import Renderer
from digests.store import Store

SYLLABLES = "ka lo mi ren tas vu da shi nor el ba ri zan ko pe lu ga tem ya os".split()
ROLES = ("minister of finance", "union leader", "spokesperson", "mayor", "ambassador", "analyst",
         "central bank governor", "opposition leader", "police chief", "judge")
VERBS = ("announced", "rejected", "approved", "postponed", "criticised", "signed", "opened",
         "closed", "investigated", "proposed")
NOUNS = ("budget", "treaty", "bridge", "election", "strike", "tariff", "reform", "inquiry",
         "pipeline", "ceasefire", "harbour", "railway", "vaccine", "census", "merger")


def _word(rng: random.Random, parts: int) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(parts))


def make_corpus(n_docs: int, seed: int = 7):
    """Documents with extractions, the resolved people and grouped questions."""
    rng = random.Random(seed)
    places = [_word(rng, 3).title() for _ in range(300)]
    people = [(f"p{i}", f"{_word(rng, 2).title()} {_word(rng, 3).title()}") for i in range(max(n_docs // 10, 20))]
    weights = [1 / (i + 1) for i in range(len(people))]  # a few central people, a long tail
    start = date(2029, 1, 1)
    docs, extractions = [], []
    person_docs: dict[str, list[str]] = {}
    person_roles: dict[str, list[Role]] = {}
    mentions: dict[str, int] = {}
    question_docs: dict[int, list[tuple[str, str]]] = {}
    for i in range(n_docs):
        doc_id = f"doc{i:06d}"
        published = start + timedelta(days=i * 730 // n_docs)
        place, noun = rng.choice(places), rng.choice(NOUNS)
        cast = list(dict.fromkeys(rng.choices(people, weights, k=rng.randint(2, 5))))
        body = f"Synthetic article {i} about the {noun} in {place}."
        docs.append(Document(doc_id, f"bench/{doc_id}.txt", f"{place} {noun} talks continue", body,
                             hashlib.sha256(body.encode()).hexdigest(), rng.choice(("Wire A", "Daily B", "Gazette C")),
                             f"https://example.org/{doc_id}", published))
        quotes, events = [], []
        for key, name in cast:
            person_docs.setdefault(key, []).append(doc_id)
            mentions[key] = mentions.get(key, 0) + rng.randint(1, 6)
            if rng.random() < 0.3:
                person_roles.setdefault(key, []).append(Role(rng.choice(ROLES), doc_id))
        for _ in range(rng.randint(1, 4)):
            key, name = rng.choice(cast)
            quotes.append(Quote(f"We {rng.choice(VERBS)} the {rng.choice(NOUNS)} because {place} {_word(rng, 4)} matters",
                                0, 1, key, name.split()[-1]))
        for _ in range(rng.randint(2, 5)):
            key, name = rng.choice(cast)
            when = published - timedelta(days=rng.randint(0, 20))
            precision = rng.choice(("day", "day", "day", "month"))
            stamp = when.isoformat() if precision == "day" else when.isoformat()[:7]
            events.append(Event(stamp, precision, "on that day",
                                f"{name} {rng.choice(VERBS)} the {noun} in {place}", 0, 1))
        if rng.random() < 0.4:
            question_docs.setdefault(rng.randrange(max(n_docs // 40, 5)), []).append((doc_id, cast[0][0]))
        extractions.append(DocExtraction(doc_id, quotes=tuple(quotes), events=tuple(events)))
    records = [
        PersonRecord(key, name, (name.split()[-1],), tuple(person_roles.get(key, ())),
                     tuple(person_docs[key]), mentions[key])
        for key, name in people if key in person_docs
    ]
    questions = [
        QuestionRecord(f"q{q}", f"Will the {NOUNS[q % len(NOUNS)]} dispute number {q} be settled?", "open",
                       tuple(dict.fromkeys(d for d, _ in members)),
                       tuple(StanceRecord(d, k, None, "expects a settlement", rng.choice(("for", "against", "unsure")))
                             for d, k in members[:6]))
        for q, members in question_docs.items()
    ]
    ids = {(d, p.id): p.id for p in records for d in p.documents}
    return docs, extractions, records, ids, questions


def fill(store: Store, n_docs: int) -> tuple[datetime, list[str]]:
    """Write the corpus; returns the time before the last 1% of documents and some names."""
    docs, extractions, people, ids, questions = make_corpus(n_docs)
    cut = len(docs) - max(len(docs) // 100, 1)
    daily_since = datetime.now(timezone.utc)
    for i, (doc, extraction) in enumerate(zip(docs, extractions)):
        if i == cut:
            time.sleep(0.01)
            daily_since = datetime.now(timezone.utc)
        store.save_document(doc, extraction)
        if i % 2000 == 0:
            print(f"  ... {i}/{len(docs)} documents", file=sys.stderr)
    store.save_resolution(people, ids, questions)
    return daily_since, [p.name for p in people]


def timed(fn: Callable[[], object], runs: int) -> list[float]:
    """Wall times of ``runs`` calls, each from a cold text cache (no help from earlier runs)."""
    out = []
    for _ in range(runs):
        briefing.content_words.cache_clear()
        t0 = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t0)
    return out


def peak_mib(fn: Callable[[], object]) -> float:
    tracemalloc.start()
    try:
        fn()
        return tracemalloc.get_traced_memory()[1] / 2**20
    finally:
        tracemalloc.stop()


def p99(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=20_000)
    parser.add_argument("--db", type=Path, default=None, help="SQLite file (default: a temp file)")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--lookups", type=int, default=300)
    args = parser.parse_args(argv)
    if args.docs < 10:
        parser.error("--docs must be at least 10")
    db = args.db or Path(f"/tmp/briefbot-bench-{args.docs}.sqlite3")
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)

    with Store(f"sqlite:///{db}") as store:
        t0 = time.perf_counter()
        daily_since, names = fill(store, args.docs)
        fill_s = time.perf_counter() - t0
        rng = random.Random(11)

        def count() -> None:
            with store.engine.connect() as conn:
                conn.execute(sa.text("SELECT count(*) FROM documents")).scalar()

        def full_read() -> None:
            with store.engine.connect() as conn:
                for table in ("documents", "events", "quotes"):
                    conn.execute(sa.text(f"SELECT * FROM {table}")).all()

        base_count = statistics.median(timed(count, 50))
        base_read = statistics.median(timed(full_read, args.runs))
        latest = max(d.published for d in store.documents() if d.published)
        digests = {
            "whole-store briefing": lambda: briefing.build_briefing(store),
            "daily digest (last 1%)": lambda: briefing.build_daily(store, since=daily_since),
            "range briefing (30 days)": lambda: briefing.build_briefing(store, since=latest - timedelta(days=29), until=latest),
            "topic briefing (a person)": lambda: briefing.build_briefing(store, topic=names[0]),
        }
        print(f"\nstore: {args.docs} documents, {len(names)} people, filled in {fill_s:.1f} s ({db}), "
              f"schema version {store.schema_version()}")
        print(f"baseline SELECT count(*): {base_count * 1e3:.3f} ms; full read of documents+events+quotes: {base_read * 1e3:.1f} ms\n")
        print(f"{'digest':30} {'median':>9} {'max':>9} {'x count(*)':>11} {'x full read':>12} {'peak MiB':>9}")
        for label, build in digests.items():
            times = timed(build, args.runs)
            med = statistics.median(times)
            print(f"{label:30} {med * 1e3:7.1f}ms {max(times) * 1e3:7.1f}ms {med / base_count:11.0f} "
                  f"{med / base_read:12.2f} {peak_mib(build):9.1f}")

        brief = briefing.build_briefing(store)
        renderer = Renderer()
        render_times = timed(lambda: renderer.discord_pages(brief), args.runs)
        html_times = timed(lambda: renderer.html(brief), args.runs)
        print(f"{'render discord pages':30} {statistics.median(render_times) * 1e3:7.1f}ms")
        print(f"{'render html':30} {statistics.median(html_times) * 1e3:7.1f}ms")

        queries = [rng.choice(names) if i % 3 else rng.choice(names).split()[-1] for i in range(args.lookups)]
        who = []
        for query in queries:
            briefing.content_words.cache_clear()
            t0 = time.perf_counter()
            try:
                briefing.build_profile(store, query)
            except briefing.AmbiguousName:
                pass  # a family name shared by several people: the answer lists them
            who.append(time.perf_counter() - t0)
        misses = timed(lambda: _miss(store), 5)
        print(f"\nwho ({args.lookups} lookups): median {statistics.median(who) * 1e3:.2f} ms, "
              f"p99 {p99(who) * 1e3:.2f} ms (x{p99(who) / base_count:.0f} count(*)); "
              f"peak {peak_mib(lambda: briefing.build_profile(store, names[0])):.1f} MiB for the most central person")
        print(f"who miss with 'did you mean' (difflib over all names): median {statistics.median(misses) * 1e3:.1f} ms")
        central_who = timed(lambda: briefing.build_profile(store, names[0]), 20)
        print(f"who for the most central person ({names[0]}): median {statistics.median(central_who) * 1e3:.2f} ms, "
              f"max {max(central_who) * 1e3:.2f} ms")
        _who_steps(store, names, queries, base_count)
        print(f"process max RSS: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")
        target = statistics.median(timed(lambda: briefing.build_briefing(store), 3))
        print(f"\ntargets: digest < 1 s: {'met' if target < 1 else 'MISSED'} ({target:.3f} s); "
              f"who p99 < 10 ms: {'met' if p99(who) < 0.010 else 'MISSED'} ({p99(who) * 1e3:.2f} ms)")
    return 0


def _who_steps(store: Store, names: list[str], queries: list[str], base_count: float) -> None:
    """Each step of ``who``: its statement now vs the statement it replaced, both as raw SQL on
    the same database in this run, and the Store method that runs it (Python overhead included)."""
    from digests.store import name_key

    central = store.find_people(names[0], limit=1, max_roles=0)[0].id
    columns = "id, path, title, source, url, published, words, sha256, ingested_at, published_is_estimate"
    match = ("SELECT a.person_id FROM aliases a JOIN people p ON p.id = a.person_id WHERE {where} "
             "GROUP BY a.person_id, p.mentions, p.name ORDER BY min({rank}), p.mentions DESC, p.name LIMIT {limit}")
    now_match = sa.text(match.format(where="a.key = :k", rank="CASE WHEN a.seq = 0 THEN 0 ELSE 1 END", limit=1))
    old_match = sa.text(match.format(
        where="a.key LIKE '%' || :k || '%'", limit=5,
        rank="CASE WHEN a.key = :k AND a.seq = 0 THEN 0 WHEN a.key = :k THEN 1 "
             "WHEN a.key LIKE :k || '%' THEN 2 ELSE 3 END"))
    now_docs = sa.text(
        f"SELECT {columns} FROM documents WHERE EXISTS (SELECT 1 FROM mentions m WHERE m.doc_id = documents.id "
        "AND (m.person_id || '') = :p) ORDER BY published DESC, id LIMIT 20")
    old_docs = sa.text(
        f"SELECT {columns} FROM documents WHERE id IN (SELECT id FROM documents WHERE id IN "
        "(SELECT doc_id FROM mentions WHERE person_id = :p) ORDER BY published DESC, id LIMIT 20) "
        "ORDER BY published DESC, id")
    window = [d.id for d in store.documents_mentioning(central, limit=briefing.PROFILE_WINDOW)]
    now_roles = sa.text(
        "SELECT t, cited, count(DISTINCT doc_id), min(seq) FROM (SELECT trim(text) AS t, CASE WHEN doc_id IN :w "
        "THEN doc_id END AS cited, doc_id, seq FROM roles WHERE person_id = :p) AS r GROUP BY t, cited"
    ).bindparams(sa.bindparam("w", expanding=True))
    old_roles = sa.text("SELECT person_id, seq, text, doc_id FROM roles WHERE person_id = :p ORDER BY seq")
    keys = [name_key(q) for q in queries[:100]]

    def raw(statement, params: list[dict]) -> Callable[[], None]:
        def run() -> None:
            with store.engine.connect() as conn:
                for p in params:
                    conn.execute(statement, p).all()
        return run

    steps = [
        ("name match (100 names)", raw(now_match, [{"k": k} for k in keys]), raw(old_match, [{"k": k} for k in keys]),
         lambda: [store.find_people(q, limit=1, max_roles=0) for q in queries[:100]]),
        ("central person's 20 newest documents", raw(now_docs, [{"p": central}]), raw(old_docs, [{"p": central}]),
         lambda: store.documents_mentioning(central, limit=briefing.PROFILE_WINDOW)),
        ("central person's roles", raw(now_roles, [{"p": central, "w": window}]), raw(old_roles, [{"p": central}]),
         lambda: store.person_roles(central, doc_ids=window, limit=briefing.PROFILE_ROLES)),
    ]
    print(f"\n{'who step (same run, raw SQL)':38} {'now':>9} {'before':>9} {'now/before':>11} "
          f"{'Store method':>13} {'x count(*)':>11}")
    for label, now_fn, before_fn, method in steps:
        now = statistics.median(timed(now_fn, 15))
        before = statistics.median(timed(before_fn, 15))
        full = statistics.median(timed(method, 15))
        print(f"{label:38} {now * 1e3:7.2f}ms {before * 1e3:7.2f}ms {now / before:11.2f} "
              f"{full * 1e3:11.2f}ms {full / base_count:11.0f}")


def _miss(store: Store) -> None:
    try:
        briefing.build_profile(store, "Qqqzz Xxyyv")
    except briefing.UnknownName:
        pass


if __name__ == "__main__":
    sys.exit(main())
