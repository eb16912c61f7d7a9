"""Interrupted ingests, with real processes: ``briefbot ingest`` on a small invented corpus,
killed (SIGINT = Ctrl-C, and SIGKILL) at random points -- while the model loads, after some
documents were saved, after the last one was saved but before people and questions were
resolved -- then a normal ingest; the store must then equal a clean reference, table by table.
And a reader during an ingest never sees a document without its people."""
from __future__ import annotations

import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import ROOT, write
from digests.store import Store

ARTICLES = {
    "ferry": "Ferry line reopens\n\nThe ferry between Oskarvik and Tallholm reopened on Monday, "
             "the harbour master, Ingrid Solheim, said. \"We are back in service,\" Solheim told "
             "reporters. The operator will add a night crossing in June.",
    "bridge": "Bridge tolls to rise\n\nTransport minister Tomas Ekdahl said on Tuesday that tolls "
              "on the Varnes bridge would rise in April. \"It is the only way to pay for the "
              "repairs,\" Ekdahl said. It is unclear whether drivers will accept the change.",
    "school": "School roof repaired\n\nMayor Liv Haraldsen opened the repaired school in Brekka "
              "on Friday. Haraldsen said the council had approved the money in March. Parents "
              "hope the gym will reopen before the winter.",
    "harbour": "Harbour strike ends\n\nDock workers in Oskarvik ended a three-day strike on "
               "Wednesday after Ingrid Solheim agreed to new shifts. \"Nobody wants another "
               "strike,\" said union leader Anders Moe. Talks on pay will resume in May.",
    "rail": "Rail link delayed\n\nThe rail link to Tallholm will open a year late, Tomas Ekdahl "
            "told parliament on Thursday. \"We underestimated the tunnel,\" the minister said. "
            "Whether the budget will hold remains an open question.",
    "library": "Library extends hours\n\nThe Brekka library will stay open until nine from "
               "September, Liv Haraldsen announced on Saturday. Librarian Nils Vatne said the "
               "change was long overdue.",
}

#: Columns that differ between two equal stores (times of ingestion, autoincrement ids; and
#: the ``people_version`` meta row, a cache token).
VOLATILE = {"ingested_at", "updated_at", "at", "id"}
KEYED_BY_ID = {"documents", "people", "questions", "schedules"}  # their ids are content


def corpus(folder: Path) -> Path:
    for name, text in ARTICLES.items():
        write(folder / f"{name}.txt", text)
    return folder


def config(tmp_path: Path, name: str, articles: Path) -> Path:
    db = tmp_path / f"{name}.sqlite3"
    return write(tmp_path / f"{name}.toml", f'database_url = "sqlite:///{db}"\n'
                 f'seeds = "{articles}"\ncurated_people = "{tmp_path / "people.toml"}"\n')


def ingest_process(cfg: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", "import sys; from bot.cli import main; sys.exit(main())",
         "--config", str(cfg), "ingest"],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def ingest(cfg: Path) -> str:
    proc = ingest_process(cfg)
    out, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, err
    return out


def db_of(cfg: Path) -> Path:
    return cfg.with_suffix(".sqlite3")


def saved_documents(db: Path) -> int:
    if not db.exists():
        return 0
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=0.05) as conn:
            return conn.execute("SELECT count(*) FROM documents").fetchone()[0]
    except sqlite3.Error:  # not created yet, or mid-migration
        return 0


def dump(db: Path) -> dict[str, list[tuple]]:
    """Every table's rows, without the volatile columns, sorted."""
    conn = sqlite3.connect(db)
    try:
        tables = [r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]
        out = {}
        for table in sorted(tables):
            columns = [r[1] for r in conn.execute(f"PRAGMA table_info({table})")]
            keep = [c for c in columns
                    if c not in VOLATILE or (c == "id" and table in KEYED_BY_ID)]
            rows = conn.execute(f"SELECT {', '.join(keep)} FROM {table}").fetchall()
            if table == "meta":  # the name matcher's cache token, new at every resolution
                rows = [r for r in rows if r[0] != "people_version"]
            out[table] = sorted(rows, key=repr)
        return out
    finally:
        conn.close()


@pytest.fixture(scope="module")
def reference(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("reference")
    articles = corpus(tmp / "articles")
    cfg = config(tmp, "reference", articles)
    out = ingest(cfg)
    assert out.strip() == f"{len(ARTICLES)} added, 0 updated, 0 unchanged, 0 failed"
    tables = dump(db_of(cfg))
    assert len(tables["documents"]) == len(ARTICLES) and tables["people"] and tables["mentions"]
    return articles, tables


#: (signal, kill point): "model" kills at a random moment before anything is saved; a number
#: k kills as soon as k documents are saved (k = all: before people and questions are merged).
KILLS = [
    (signal.SIGKILL, len(ARTICLES)),
    (signal.SIGINT, len(ARTICLES)),
    (signal.SIGKILL, "random"),
    (signal.SIGINT, "model"),
]


@pytest.mark.parametrize(("sig", "point"), KILLS,
                         ids=[f"{s.name}-{p}" for s, p in KILLS])
def test_an_interrupted_ingest_is_completed_by_the_next_one(tmp_path, reference, sig, point):
    articles, expected = reference
    rng = random.Random(f"{sig.name}-{point}")
    cfg = config(tmp_path, "store", articles)
    db = db_of(cfg)
    proc = ingest_process(cfg)
    target = rng.randint(1, len(ARTICLES)) if point == "random" else point
    deadline = time.monotonic() + 120
    if target == "model":
        time.sleep(rng.uniform(0.05, 0.8))
    else:
        while proc.poll() is None and saved_documents(db) < target and time.monotonic() < deadline:
            time.sleep(0.002)
    proc.send_signal(sig)
    proc.communicate(timeout=120)
    if target != "model":
        assert saved_documents(db) >= target
    after_kill = Store(f"sqlite:///{db}") if db.exists() else None
    if after_kill is not None:  # what readers saw in between: whole documents only
        with after_kill:
            for doc in after_kill.documents():
                assert after_kill.people(doc_ids=[doc.id]), doc.id
    ingest(cfg)  # the normal next run
    assert dump(db) == expected


def test_a_reader_during_an_ingest_never_sees_a_document_without_its_people(tmp_path, reference):
    articles, expected = reference
    people_of: dict[str, set[str]] = {}
    for person_id, doc_id, _key in expected["mentions"]:
        people_of.setdefault(doc_id, set()).add(person_id)
    cfg = config(tmp_path, "store", articles)
    db = db_of(cfg)
    proc = ingest_process(cfg)
    reads = seen = 0
    while proc.poll() is None or reads == 0:
        if db.exists():
            try:
                with Store(f"sqlite:///file:{db}?mode=ro&uri=true") as store:
                    for doc in store.documents():
                        seen += 1
                        people = {p.id for p in store.people(doc_ids=[doc.id])}
                        assert people == people_of[doc.id], f"{doc.id} shown without its people"
                    reads += 1
            except AssertionError:
                raise
            except Exception:  # the store may not exist yet, or be mid-migration
                pass
        time.sleep(0.005)
    assert proc.returncode == 0
    assert reads > 0 and seen > 0
    assert dump(db) == expected
