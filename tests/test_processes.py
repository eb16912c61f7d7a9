"""Several processes on one store (SQLite and, with BRIEFBOT_TEST_DATABASE_URL, PostgreSQL):
store locks shared across processes and freed when the holder dies, two `briefbot ingest` runs
at once, and reads during an ingest. Real subprocesses throughout; the waits have generous
deadlines so that a broken lock fails the test instead of hanging it (nothing is timed)."""
from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.cli import main as cli_main
from bot.discord_app import STANDING_BY, stand_by_until_leader
from bot.leadership import LEADER_LOCK, Leadership
from conftest import ROOT, write
from digests.ingest import WAITING_FOR_INGEST, ingest_paths
from digests.models import Schedule
from digests.settings import Settings
from digests.store import Store

DEADLINE = 120  # seconds: only ever reached when something is broken

#: Invented articles (no seed, gold or real-news text).
ARTICLES = {
    "ferry": ("2031-04-02", "Ferry service returns to Lake Varno",
              'Harbour director Mirela Ostrander said on Monday that the ferry would sail again. '
              '"We have waited two winters for this," Ostrander told reporters.'),
    "orchard": ("2031-04-03", "Orchard cooperative votes on prices",
                'Farmer Tobiah Quell hopes the cooperative will raise apple prices. '
                '"Nobody can live on last year\'s prices," Quell said at the meeting on Tuesday.'),
    "bridge": ("2031-04-04", "Bridge repairs delayed",
               'Engineer Sanna Ilvesko said the bridge repairs would slip to June. '
               'Mayor Ruben Dask doubts the council will find the money.'),
    "library": ("2031-04-05", "Night library opens",
                'Librarian Oona Pelletier opened the night reading room on Friday. '
                '"Readers asked for it for years," Pelletier said.'),
    "market": ("2031-04-06", "Fish market moves indoors",
               'Trader Kasimir Voll said the fish market would move into the old depot. '
               'Will the depot be ready before the summer season?'),
    "school": ("2031-04-07", "School adds evening classes",
               'Headteacher Ilse Marangoni announced evening classes for adults on Wednesday. '
               '"Learning has no closing time," Marangoni said.'),
}


def write_articles(folder: Path) -> Path:
    for name, (published, title, body) in ARTICLES.items():
        write(folder / f"{name}.md",
              f"---\ntitle: {title}\npublished: {published}\n---\n{body}\n")
    return folder


def config_for(tmp_path: Path, db_url: str, articles: Path) -> Path:
    return write(tmp_path / "briefbot.toml",
                 f'database_url = "{db_url}"\nseeds = "{articles}"\n')


def briefbot(config: Path, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "bot", "--config", str(config), *args],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"})


HOLDER = """
import sys, time
from digests.store import Store
store = Store(sys.argv[1])
lock = store.lock(sys.argv[2])
lock.acquire()
print("held", flush=True)
time.sleep(600)
"""


def wait_until(predicate, what: str) -> None:
    deadline = time.monotonic() + DEADLINE
    while not predicate():
        if time.monotonic() > deadline:
            pytest.fail(f"gave up waiting: {what}")
        time.sleep(0.05)


# ----------------------------------------------------------------------------------------------
# Store locks


def test_a_store_lock_has_one_holder_across_processes_and_dies_with_it(db_url):
    with Store(db_url) as store:
        holder = subprocess.Popen([sys.executable, "-c", HOLDER, db_url, "ingest"], cwd=ROOT,
                                  stdout=subprocess.PIPE, text=True)
        try:
            assert holder.stdout.readline().strip() == "held"
            lock = store.lock("ingest")
            assert lock.acquire(blocking=False) is False
            assert store.lock("leader").acquire(blocking=False) is True  # names are separate
            holder.send_signal(signal.SIGKILL)
            holder.wait()
            wait_until(lambda: lock.acquire(blocking=False), "the dead holder's lock")
            assert lock.alive()
            assert store.lock("ingest").acquire(blocking=False) is False  # not re-entrant
            lock.release()
            assert store.lock("ingest").acquire(blocking=False) is True
        finally:
            holder.kill()
            holder.wait()


def test_hold_says_it_waits_only_when_the_lock_is_taken(db_url):
    said: list[str] = []
    with Store(db_url) as store:
        with store.lock("ingest").hold(on_wait=lambda: said.append("waiting")):
            pass
        assert said == []
        holder = subprocess.Popen([sys.executable, "-c", HOLDER, db_url, "ingest"], cwd=ROOT,
                                  stdout=subprocess.PIPE, text=True)
        try:
            assert holder.stdout.readline().strip() == "held"
            killer = subprocess.Popen([sys.executable, "-c", "import time, os, signal, sys; "
                                       "time.sleep(1); os.kill(int(sys.argv[1]), signal.SIGKILL)",
                                       str(holder.pid)])
            with store.lock("ingest").hold(on_wait=lambda: said.append("waiting")) as lock:
                assert lock.alive()
            killer.wait()
        finally:
            holder.kill()
            holder.wait()
    assert said == ["waiting"]


# ----------------------------------------------------------------------------------------------
# Two ingests at once, and reads during an ingest


@pytest.fixture(scope="module")
def reference(tmp_path_factory, nlp):
    """The store contents of one ingest alone: {document id: (document, extraction)}."""
    folder = tmp_path_factory.mktemp("reference")
    articles = write_articles(folder / "articles")
    settings = Settings(database_url=f"sqlite:///{folder}/ref.sqlite3", seeds=articles)
    with Store(settings.database_url) as store:
        ingest_paths([articles], store=store, settings=settings, nlp=nlp)
        return _contents(store)


def _contents(store: Store) -> dict[str, tuple]:
    """Every stored document with its extraction, read from one snapshot of the store."""
    with store.snapshot() as view:
        return {doc.id: (doc.title, doc.body, doc.published, extraction)
                for doc, extraction in view.extractions()}


def _stderr_lines(process: subprocess.Popen[str]) -> list[str]:
    """The lines ``process`` writes to its standard error, as they come (read by a thread)."""
    lines: list[str] = []

    def read() -> None:
        for line in process.stderr:
            lines.append(line.rstrip("\n"))

    threading.Thread(target=read, daemon=True).start()
    return lines


def test_two_ingests_at_once_store_every_document_once(db_url, tmp_path, reference):
    """Both ingests start while the ingest lock is held, so both must wait (and say so) and then
    run one after the other, whatever the machine's speed: one adds every document, the other
    finds them unchanged, and the store holds each document once, whole."""
    articles = write_articles(tmp_path / "articles")
    config = config_for(tmp_path, db_url, articles)
    waiting = f"briefbot ingest: {WAITING_FOR_INGEST}"
    with Store(db_url) as store:
        held = store.lock("ingest")
        held.acquire()
        try:
            runs = [briefbot(config, "ingest") for _ in range(2)]
            errs = [_stderr_lines(run) for run in runs]
            wait_until(lambda: all(waiting in err for err in errs),
                       "both ingests to say they wait for the running one")
        finally:
            held.release()
        for run in runs:
            run.wait(timeout=DEADLINE)
        outs = [run.stdout.read() for run in runs]
        assert [run.returncode for run in runs] == [0, 0], errs
        assert sorted(f"{len(ARTICLES)} added" in out for out in outs) == [False, True], outs
        assert any(f"{len(ARTICLES)} unchanged" in out and "0 added" in out for out in outs), outs
        assert _contents(store) == reference  # each document once, whole
        assert store.count_documents() == len(ARTICLES)


def test_reads_during_an_ingest_see_whole_documents(db_url, tmp_path, reference):
    articles = write_articles(tmp_path / "articles")
    config = config_for(tmp_path, db_url, articles)
    with Store(db_url) as store:
        ingest = briefbot(config, "ingest")
        try:
            while ingest.poll() is None:
                for doc_id, contents in _contents(store).items():
                    assert contents == reference[doc_id]  # a document whole, or not at all
                time.sleep(0.01)
        finally:
            out, err = ingest.communicate(timeout=DEADLINE)
        assert ingest.returncode == 0, err
        assert _contents(store) == reference


# ----------------------------------------------------------------------------------------------
# Two schedulers on one store: one leader posts, a spare takes over


class Scheduler:
    """A ``tests/scheduler_process.py`` subprocess whose output lines are collected."""

    def __init__(self, db_url: str, out: Path, *extra: str) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, str(ROOT / "tests" / "scheduler_process.py"), db_url, str(out),
             *extra], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        self.lines: list[str] = []
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        for line in self.proc.stdout:
            self.lines.append(line.rstrip("\n"))

    def said(self, text: str) -> bool:
        return any(text in line for line in self.lines)

    def wait_for(self, text: str) -> None:
        wait_until(lambda: self.said(text) or self.proc.poll() is not None,
                   f"{text!r} from the scheduler")
        assert self.said(text), "\n".join(self.lines)

    def kill(self) -> None:
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait()
        self._reader.join(timeout=DEADLINE)


LEADER = "this process is now the scheduler leader"
SPARE = "stands by as a spare"


def _daily_just_passed(store: Store) -> None:
    """A daily schedule whose slot passed a minute or two ago (inside the catch-up grace)."""
    slot = (datetime.now(UTC) - timedelta(minutes=1)).strftime("%H:%M")
    store.add_schedule(Schedule(id="daily", target="console", time=slot, timezone="UTC",
                                created_by=None, format="text"))


def _posts(out: Path) -> list[dict]:
    return [json.loads(line) for line in out.read_text().splitlines()] if out.exists() else []


def test_two_schedulers_post_once_and_the_spare_takes_over(db_url, tmp_path):
    out = tmp_path / "posts.jsonl"
    with Store(db_url) as store:
        _daily_just_passed(store)
        first = Scheduler(db_url, out)
        second = None
        try:
            first.wait_for(LEADER)
            first.wait_for("started")
            second = Scheduler(db_url, out)
            second.wait_for(SPARE)
            second.wait_for("started")
            assert [(p.window_key.split(":")[0], p.status) for p in store.posts()] == \
                [("daily", "sent")]
            first.kill()  # SIGKILL: the leader's lock dies with it
            second.wait_for(LEADER)
            second.wait_for("already in the ledger; not posting again")  # the take-over catch-up
            assert [p.status for p in store.posts()] == ["sent"]
            posts = _posts(out)
            assert len(posts) == 1 and posts[0]["pid"] == first.proc.pid
            assert not second.said("sending")
        finally:
            for proc in (first, second):
                if proc is not None:
                    proc.kill()


def test_a_leader_killed_while_sending_is_replaced_and_the_window_posted_once(db_url, tmp_path):
    out = tmp_path / "posts.jsonl"
    with Store(db_url) as store:
        _daily_just_passed(store)
        first = Scheduler(db_url, out, "--hold-sends", "--claim-stale-seconds", "1")
        second = None
        try:
            first.wait_for(LEADER)
            first.wait_for("sending")  # claimed the window, now stuck in the send
            [claim] = store.posts()
            assert claim.status == "pending"
            second = Scheduler(db_url, out, "--claim-stale-seconds", "1")
            second.wait_for(SPARE)
            first.kill()  # SIGKILL mid-send: the claim stays 'pending'
            second.wait_for(LEADER)
            wait_until(lambda: [p.status for p in store.posts()] == ["sent"],
                       "the new leader to post the abandoned window")
            posts = _posts(out)
            assert len(posts) == 1 and posts[0]["pid"] == second.proc.pid
            assert [p.window_key for p in store.posts()] == [claim.window_key]
        finally:
            for proc in (first, second):
                if proc is not None:
                    proc.kill()


def test_a_second_unsharded_bot_stands_by_until_the_first_one_dies(db_url, capsys):
    """Without shards, ``briefbot run`` connects only while it leads (two connections with one
    token would both answer every command)."""
    with Store(db_url) as store:
        holder = subprocess.Popen([sys.executable, "-c", HOLDER, db_url, LEADER_LOCK], cwd=ROOT,
                                  stdout=subprocess.PIPE, text=True)
        leadership = Leadership(store, interval=0.05)
        try:
            assert holder.stdout.readline().strip() == "held"
            waiting = threading.Thread(target=stand_by_until_leader, args=(leadership,))
            waiting.start()
            wait_until(lambda: STANDING_BY in capsys.readouterr().err, "the standby line")
            assert waiting.is_alive() and not leadership.is_leader
            holder.send_signal(signal.SIGKILL)
            waiting.join(timeout=DEADLINE)
            assert not waiting.is_alive() and leadership.is_leader
        finally:
            holder.kill()
            holder.wait()
            leadership.stop()


# ----------------------------------------------------------------------------------------------
# The reader commands read the same from every database


READER_COMMANDS = (("docs",), ("digest",), ("who", "Ostrander"), ("brief", "ferry"),
                   ("brief", "2031-04-03..2031-04-05"), ("questions", "list", "--all"),
                   ("digest", "--format", "markdown"))


def _reader_outputs(url: str, articles: Path, nlp, tmp_path: Path, capsys) -> list[str]:
    settings = Settings(database_url=url, seeds=articles)
    with Store(url) as store:
        ingest_paths([articles], store=store, settings=settings, nlp=nlp)
    config = config_for(tmp_path, url, articles)
    outputs = []
    for command in READER_COMMANDS:
        assert cli_main(["--config", str(config), *command]) == 0
        outputs.append(_without_today(capsys.readouterr().out))
    return outputs


def _without_today(text: str) -> str:
    """The output without the moment it was made ("generated ..." and a title's date), which
    may differ between two runs a minute apart."""
    text = re.sub(r"generated [^\n·]*", "generated (now)", text, flags=re.I)
    return re.sub(r"^(#* *BRIEFING[^\n]*?)\s+[—-]\s+[^\n]*$", r"\1", text, flags=re.M | re.I)


def test_reader_commands_print_the_same_from_every_database(db_url, tmp_path, nlp, capsys):
    articles = write_articles(tmp_path / "articles")
    expected = _reader_outputs(f"sqlite:///{tmp_path}/ref.sqlite3", articles, nlp, tmp_path,
                               capsys)
    assert "Ostrander" in expected[2]
    assert _reader_outputs(db_url, articles, nlp, tmp_path, capsys) == expected
