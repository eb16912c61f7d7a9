"""Store benchmark at scale: synthetic stores of 20,000 and 100,000 documents, side by side.

Not collected by pytest. Run it from the repository root::

    .venv/bin/python tests/benchmarks/bench_store.py                      # 20,000 and 100,000
    .venv/bin/python tests/benchmarks/bench_store.py --sizes 2000,10000 --keep /tmp/bstores

Each store is filled in bulk (``Store.save_documents``, no spaCy: invented names and words,
seeded) and resolved once through the ingest's own path (``ingest.resolve_store``). Then, in
fresh processes (so that memory figures belong to the step measured), for each size:

* one new article ingested (``ingest_paths`` on a copy of the store, the model loaded first
  and not counted): seconds, the tracemalloc peak and the growth of the process's peak RSS;
* the daily digest of a fixed window (the last 200 documents ingested, generated alike at
  every size -- same seeds, people drawn from the same first 2,000 -- so that their content is
  the same and only the store around them grows: the same work at any size when the window and
  what it reads are found through indexes);
* a topic brief (``build_briefing(topic=...)``);
* a ``who`` miss with its "did you mean" suggestions.

Baseline measured in the same run: ``SELECT count(*) FROM documents`` on the same store.
Targets (issue #13) at 100,000 documents: one article under 2 s and 300 MiB; the daily digest
the same at 20k and 100k (within 20%); topic brief under 500 ms; "did you mean" under 30 ms.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import sqlalchemy as sa

from digests import briefing
from digests.ingest import curated_people_hash
from digests.models import (
    DocExtraction,
    Document,
    Event,
    Person,
    PersonRecord,
    QuestionCandidate,
    QuestionIndex,
    Quote,
    Role,
    Stance,
)
from digests.curated import Curated
from digests.merge.questions import group_questions_indexed
from digests.names import slug
from digests.settings import Settings
from digests.store import Store

SYLLABLES = "ka lo mi ren tas vu da shi nor el ba ri zan ko pe lu ga tem ya os".split()
ROLES = ("minister of finance", "union leader", "spokesperson", "mayor", "ambassador",
         "analyst", "police chief", "judge")
VERBS = ("announced", "rejected", "approved", "postponed", "criticised", "signed", "opened")
NOUNS = ("budget", "treaty", "bridge", "election", "strike", "tariff", "reform", "inquiry",
         "pipeline", "ceasefire", "harbour", "railway", "vaccine", "census", "merger")
TOPIC = "ceasefire"
WINDOW_DOCS = 200
#: The people the window's documents name are drawn from the first this many of the store's.
WINDOW_PEOPLE = 2000
BASE_TIME = datetime(2031, 1, 1)
MISS = "Qqqzz Xxyyv"

ARTICLE = """Harbour talks resume in Velmora

The port authority of Velmora said on Tuesday that talks on the new harbour toll would resume
next month, after {name} rejected the first offer.

"We will not sign a deal that doubles the fees," {name} told reporters on Monday. Ilse
Marrowby, the authority's spokesperson, said the offer could still change.

Whether the toll will rise before the summer remains unclear. Marrowby said a vote was
planned for 14 March.
"""


def _word(rng: random.Random, parts: int) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(parts))


def make_corpus(n_docs: int, seed: int = 7) -> list[tuple[Document, DocExtraction]]:
    """Documents with per-document extractions (people with local keys, quotes, events,
    question candidates), as ingest would store them before resolution. A person's local key
    is ``p<k>:<full name>``, so that the generator's truth travels with the corpus."""
    rng = random.Random(seed)
    places = [_word(rng, 3).title() for _ in range(300)]
    people = [f"{_word(rng, 2).title()} {_word(rng, 3).title()}" for _ in range(max(n_docs // 10, 20))]
    weights = [1 / (i + 1) for i in range(len(people))]  # a few central people, a long tail
    start = date(2029, 1, 1)
    out = []
    first_in_window = n_docs - WINDOW_DOCS
    for i in range(n_docs):
        doc_id = f"doc{i:06d}"
        # the window the daily digest reads is the same at every size: its own seed per
        # document and the same people to draw from (their histories grow with the store)
        r, pool, pool_weights = ((rng, people, weights) if i < first_in_window else
                                 (random.Random(f"{seed}-window-{i - first_in_window}"),
                                  people[:WINDOW_PEOPLE], weights[:WINDOW_PEOPLE]))
        published = start + timedelta(days=i * 730 // n_docs)
        place, noun = r.choice(places), r.choice(NOUNS)
        cast = list(dict.fromkeys(r.choices(pool, pool_weights, k=r.randint(2, 4))))
        body = " ".join(f"{name} {r.choice(VERBS)} the {noun} in {place} on a {_word(r, 2)} day."
                        for name in cast)
        persons = tuple(
            Person(key=f"p{k}:{name}", name=name if r.random() < 0.85 else name.split()[-1],
                   aliases=(name.split()[-1],), mentions=((0, 5),) * r.randint(1, 4),
                   roles=(r.choice(ROLES),) if r.random() < 0.3 else ())
            for k, name in enumerate(cast))
        persons_keys = [p.key for p in persons]
        quotes = tuple(
            Quote(f"We {r.choice(VERBS)} the {r.choice(NOUNS)} because {place} matters",
                  0, 1, persons_keys[r.randrange(len(cast))], None, "direct")
            for _ in range(r.randint(1, 3)))
        events = tuple(
            Event((published - timedelta(days=r.randint(0, 20))).isoformat(), "day",
                  "on that day", f"{cast[0]} {r.choice(VERBS)} the {noun} in {place}", 0, 1)
            for _ in range(r.randint(1, 4)))
        questions = ()
        if r.random() < 0.4:
            topic = (noun, place.lower(), r.choice(NOUNS))
            questions = (QuestionCandidate(
                f"Will the {noun} in {place} be settled?", topic,
                (Stance(persons_keys[0], None, f"{cast[0]} expects a settlement", r.choice(("for", "against"))),),
                0, 1),)
        doc = Document(doc_id, f"bench/{doc_id}.txt", f"{place} {noun} talks continue", body,
                       hashlib.sha256(body.encode()).hexdigest(), "Wire", None, published)
        out.append((doc, DocExtraction(doc_id, people=persons, quotes=quotes, events=events,
                                       questions=questions)))
    return out


def ground_truth(corpus: list[tuple[Document, DocExtraction]]):
    """The resolution the generator knows to be right (one person per invented name; a bare
    surname belongs to the person it was cut from), and the questions grouped by the pipeline's
    own grouping: written directly, so that a large store is built in seconds whatever the
    cost of merging people across the whole store."""

    ids: dict[tuple[str, str], str] = {}
    groups: dict[str, dict] = {}
    for doc, x in corpus:
        for p in x.people:
            full = p.key.partition(":")[2]
            group = groups.setdefault(full, {"docs": [], "roles": [], "mentions": 0, "forms": set()})
            group["docs"].append(doc.id)
            group["roles"] += [Role(r, doc.id) for r in p.roles]
            group["mentions"] += len(p.mentions)
            ids[(doc.id, p.key)] = slug(full)
    people = [PersonRecord(slug(name), name, (name.split()[-1],), tuple(g["roles"]),
                           tuple(dict.fromkeys(g["docs"])), g["mentions"])
              for name, g in groups.items()]
    places = [(x.doc_id, seq) for _, x in corpus for seq in range(len(x.questions))]
    groups = group_questions_indexed([(x.doc_id, q) for _, x in corpus for q in x.questions],
                                     person_id=lambda d, k: ids.get((d, k)) if k else None)
    index = {g.record.id: QuestionIndex(tuple(places[i] for i in g.members), g.frame_keys)
             for g in groups}
    return people, ids, [g.record for g in groups], index


def build(db: Path, n_docs: int) -> dict:
    """Fill a store at ``db`` and write its resolution; returns build figures."""
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    corpus = make_corpus(n_docs)
    t0 = time.perf_counter()
    with Store(f"sqlite:///{db}") as store:
        for i in range(0, len(corpus), 5000):
            store.save_documents(corpus[i:i + 5000])
        with store.engine.begin() as conn:  # one document a second: fixed ingest windows
            ids = [doc.id for doc, _ in corpus]
            conn.execute(sa.text("UPDATE documents SET ingested_at = :t WHERE id = :id"),
                         [{"t": BASE_TIME + timedelta(seconds=k), "id": d} for k, d in enumerate(ids)])
            # extracted with the (empty) curated people an ingest will use: not re-extracted
            conn.execute(sa.text("UPDATE documents SET curated_sha = :sha"),
                         {"sha": curated_people_hash(Curated())})
        people, ids, questions, index = ground_truth(corpus)
        # with the indexes a resolution records: a new article is then resolved incrementally
        store.save_resolution(people, ids, questions, question_index=index)
    return {"filled_s": time.perf_counter() - t0}


def _central(store: Store) -> list[str]:
    with store.engine.connect() as conn:
        return list(conn.execute(sa.text("SELECT id FROM people ORDER BY mentions DESC LIMIT 1")).scalars())


def _settings(db: Path) -> Settings:
    return Settings(database_url=f"sqlite:///{db}", curated_people=db.parent / "no-people.toml")


def _median_s(fn, runs: int) -> float:
    times = []
    for _ in range(runs):
        briefing.content_words.cache_clear()
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def measure_reads(db: Path, n_docs: int) -> dict:
    with Store(f"sqlite:///{db}") as store:
        def count() -> None:
            with store.engine.connect() as conn:
                conn.execute(sa.text("SELECT count(*) FROM documents")).scalar()

        def miss() -> None:
            try:
                briefing.build_profile(store, MISS)
            except briefing.UnknownName:
                pass

        since = (BASE_TIME + timedelta(seconds=n_docs - WINDOW_DOCS - 0.5)).replace(tzinfo=timezone.utc)
        now = BASE_TIME.replace(tzinfo=timezone.utc) + timedelta(seconds=n_docs + 60)
        daily = briefing.build_daily(store, since=since, now=now)
        return {
            "count_ms": _median_s(count, 20) * 1e3,
            "daily_ms": _median_s(lambda: briefing.build_daily(store, since=since, now=now), 11) * 1e3,
            "daily_docs": daily.documents,
            "topic_ms": _median_s(lambda: briefing.build_briefing(store, topic=TOPIC, now=now), 3) * 1e3,
            "miss_ms": _median_s(miss, 5) * 1e3,
        }


def _peak_rss_mib() -> float:
    """This process's peak resident memory: Linux's VmHWM (``ru_maxrss`` survives ``exec``
    and would report the parent's peak when it was larger), else ``ru_maxrss``."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure_ingest(db: Path, folder: Path) -> dict:
    from digests.ingest import ingest_paths
    from digests.nlp import load_model

    nlp = load_model()
    nlp("Warm the pipeline up once.")
    rss_before = _peak_rss_mib()
    with Store(f"sqlite:///{db}") as store:
        central = store.people(ids=_central(store))[0].name
        article = folder / "velmora-harbour.txt"
        article.write_text(ARTICLE.format(name=central), encoding="utf-8")
        tracemalloc.start()
        t0 = time.perf_counter()
        report = ingest_paths([article], store=store, settings=_settings(db), nlp=nlp)
        seconds = time.perf_counter() - t0
        peak = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
        merged = central in {p.name for p in store.people(doc_ids=["velmora-harbour"])}
    rss_after = _peak_rss_mib()
    return {"ingest_s": seconds, "ingest_tracemalloc_mib": peak, "summary": report.summary(),
            "resolution": report.resolution,
            "rss_after_model_mib": rss_before, "rss_peak_mib": rss_after,
            "rss_growth_mib": rss_after - rss_before, "merged_with_stored_person": merged}


def _child(mode: str, db: Path, n_docs: int, timeout: float) -> dict:
    try:
        out = subprocess.run([sys.executable, __file__, "--child", mode, "--db", str(db),
                              "--sizes", str(n_docs)], capture_output=True, text=True, check=True,
                             timeout=timeout)
    except subprocess.TimeoutExpired:
        return {"summary": f"{mode}: stopped after {timeout:.0f} s"}
    return json.loads(out.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="20000,100000")
    parser.add_argument("--keep", type=Path, default=None,
                        help="folder for the stores; existing ones of the right size are reused")
    parser.add_argument("--timeout", type=float, default=600,
                        help="seconds before a measuring process is stopped (its figures: '-')")
    parser.add_argument("--ingest-timeout", type=float, default=None,
                        help="seconds before the one-article ingest is stopped (default: --timeout)")
    parser.add_argument("--child", choices=("reads", "ingest"), help=argparse.SUPPRESS)
    parser.add_argument("--db", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]
    if args.child == "reads":
        print(json.dumps(measure_reads(args.db, sizes[0])))
        return 0
    if args.child == "ingest":
        with tempfile.TemporaryDirectory() as tmp:
            print(json.dumps(measure_ingest(args.db, Path(tmp))))
        return 0

    folder = args.keep or Path(tempfile.mkdtemp(prefix="briefbot-bench-store-"))
    folder.mkdir(parents=True, exist_ok=True)
    results: dict[int, dict] = {}
    for n in sizes:
        db = folder / f"store-{n}.sqlite3"
        marker = folder / f"store-{n}.json"
        if marker.exists() and db.exists():
            figures = json.loads(marker.read_text())
        else:
            print(f"building {n:,} documents ...", file=sys.stderr, flush=True)
            figures = build(db, n)
            marker.write_text(json.dumps(figures))
        figures |= _child("reads", db, n, args.timeout)
        copy = folder / f"copy-{n}.sqlite3"
        shutil.copyfile(db, copy)
        try:
            figures |= _child("ingest", copy, n, args.ingest_timeout or args.timeout)
        finally:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{copy}{suffix}").unlink(missing_ok=True)
        results[n] = figures
    _print(results)
    if args.keep is None:
        shutil.rmtree(folder, ignore_errors=True)
    return 0


ROWS = [
    ("store filled (bulk), s", "filled_s", "{:.1f}"),
    ("baseline SELECT count(*), ms", "count_ms", "{:.2f}"),
    ("one new article ingested, s", "ingest_s", "{:.2f}"),
    ("  tracemalloc peak, MiB", "ingest_tracemalloc_mib", "{:.0f}"),
    ("  peak RSS growth over model, MiB", "rss_growth_mib", "{:.0f}"),
    ("  peak RSS of the process, MiB", "rss_peak_mib", "{:.0f}"),
    ("  merged with the stored person", "merged_with_stored_person", "{}"),
    (f"daily digest, last {WINDOW_DOCS} docs, ms", "daily_ms", "{:.1f}"),
    ("  documents in the window", "daily_docs", "{}"),
    (f"topic brief ({TOPIC!r}), ms", "topic_ms", "{:.1f}"),
    ("who miss + did you mean, ms", "miss_ms", "{:.1f}"),
]


def _print(results: dict[int, dict]) -> None:
    sizes = sorted(results)
    print(f"\n{'':40}" + "".join(f"{n:>14,}" for n in sizes)
          + (f"{'ratio':>9}" if len(sizes) == 2 else ""))
    for label, key, fmt in ROWS:
        values = [results[n].get(key) for n in sizes]
        cells = "".join(f"{fmt.format(v) if v is not None else '-':>14}" for v in values)
        ratio = ""
        if len(sizes) == 2 and all(isinstance(v, float) for v in values) and values[0]:
            ratio = f"{values[1] / values[0]:9.2f}"
        print(f"{label:40}{cells}{ratio}")
    print("\n" + "\n".join(f"{n:,}: {results[n].get('summary', '')}" for n in sizes))


if __name__ == "__main__":
    raise SystemExit(main())
