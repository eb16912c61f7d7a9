"""The store's own faults, end to end through the CLI and the Store: a read-only store opens
for reading and says "read-only" when a write is refused; a full disk says so, names the path
and that nothing was half-written; a damaged file says it is damaged and what to do; `briefbot
backup` copies a live store consistently. No message carries SQL or a library's link."""
from __future__ import annotations

import os
import sqlite3
import threading
import types

import pytest
import sqlalchemy as sa

from bot.cli import main
from conftest import write
from digests.models import DocExtraction, Document, Person
from digests.store import Store, StoreDamaged, StoreFull, StoreReadOnly

LEAKS = ("sqlalche.me", "SELECT", "INSERT", "OperationalError", "[SQL", "parameters")


def doc(i: int, body: str = "Noor Vasquez reopened the ferry terminal.") -> tuple:
    d = Document(id=f"d{i}", path=f"/news/d{i}.txt", title=f"Ferry {i}", body=body,
                 sha256=f"{i:064d}")
    return d, DocExtraction(d.id, people=(Person("p", "Noor Vasquez", mentions=((0, 12),)),))


def filled(path) -> None:
    with Store(f"sqlite:///{path}") as store:
        for i in range(3):
            store.save_document(*doc(i))


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert not any(leak in out + err for leak in LEAKS), out + err
    return code, out, err


def config(tmp_path, db) -> str:
    path = write(tmp_path / "briefbot.toml", f'database_url = "sqlite:///{db}"\n'
                 f'seeds = "{tmp_path / "seeds"}"\n')
    return str(path)


# ----------------------------------------------------------------------------------------------
# Read-only


def test_a_read_only_store_reads_and_refuses_writes_saying_so(tmp_path):
    db = tmp_path / "ro.sqlite3"
    filled(db)
    with Store(f"sqlite:///file:{db}?mode=ro&uri=true") as store:
        assert store.read_only
        assert [d.id for d in store.documents()] == ["d0", "d1", "d2"]
        with pytest.raises(StoreReadOnly, match=rf"the store {db} is read-only: nothing was written"):
            store.save_document(*doc(9))
    with Store(f"sqlite:///{db}") as store:
        assert not store.read_only
        assert store.count_documents() == 3  # nothing was written


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write whatever the permissions")
def test_a_store_without_write_permission_opens_read_only(tmp_path):
    db = tmp_path / "locked" / "store.sqlite3"
    filled(db)
    for suffix in ("-wal", "-shm"):
        (db.parent / (db.name + suffix)).unlink(missing_ok=True)
    db.chmod(0o444)
    db.parent.chmod(0o555)
    try:
        with Store(f"sqlite:///{db}") as store:
            assert store.read_only
            assert store.count_documents() == 3
            with pytest.raises(StoreReadOnly, match="read-only"):
                store.set_meta("k", "v")
    finally:
        db.parent.chmod(0o755)
        db.chmod(0o644)


def test_cli_ingest_into_a_read_only_store_says_read_only(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr("digests.pipeline.extract_documents",
                        lambda docs, **_: [doc(0)[1].__class__(d.id) for d in docs])
    monkeypatch.setattr("digests.nlp.load_model", lambda *a, **k: object())
    db = tmp_path / "ro.sqlite3"
    filled(db)
    write(tmp_path / "seeds" / "new.txt", "Ilka Brandvold opened the bridge on Monday.")
    cfg = write(tmp_path / "briefbot.toml",
                f'database_url = "sqlite:///file:{db}?mode=ro&uri=true"\nseeds = "{tmp_path / "seeds"}"\n')
    code, out, err = run(capsys, "--config", str(cfg), "ingest")
    assert code == 1
    assert "read-only" in err and str(db) in err and "nothing was written" in err
    code, out, _ = run(capsys, "--config", str(cfg), "docs")
    assert code == 0 and "d0" in out


# ----------------------------------------------------------------------------------------------
# Full disk


def test_a_full_disk_says_so_names_the_path_and_writes_nothing(tmp_path):
    db = tmp_path / "full.sqlite3"
    filled(db)
    with Store(f"sqlite:///{db}") as store:
        with store.engine.connect() as conn:
            pages = conn.execute(sa.text("PRAGMA page_count")).scalar()

        def cap(dbapi_conn, _record):  # a disk with no room for one more page
            dbapi_conn.execute(f"PRAGMA max_page_count = {pages}")

        sa.event.listen(store.engine, "connect", cap)
        store.engine.dispose()
        big = "Ferry services resumed across the estuary on Monday. " * 4000
        with pytest.raises(StoreFull) as info:
            store.save_document(*doc(7, big))
        message = str(info.value)
        assert str(db) in message and "full" in message and "nothing was half-written" in message
        assert not any(leak in message for leak in LEAKS)
    with Store(f"sqlite:///{db}") as store:
        assert [d.id for d in store.documents()] == ["d0", "d1", "d2"]
        assert store.quotes(doc_ids=["d7"]) == [] and store.document("d7") is None


# ----------------------------------------------------------------------------------------------
# Damaged file


def test_a_damaged_file_says_it_is_damaged_and_what_to_do(tmp_path, capsys):
    db = tmp_path / "broken.sqlite3"
    db.write_bytes(b"\x00garbage, not a database\x00" * 500)
    with pytest.raises(StoreDamaged, match=rf"the store {db} is damaged .*briefbot backup.*briefbot ingest"):
        Store(f"sqlite:///{db}")
    code, _, err = run(capsys, "--config", config(tmp_path, db), "who", "Noor Vasquez")
    assert code == 1
    assert f"the store {db} is damaged" in err and "Restore it from a backup" in err


def test_a_store_damaged_after_opening_says_so_on_read(tmp_path, capsys):
    db = tmp_path / "store.sqlite3"
    filled(db)
    with Store(f"sqlite:///{db}") as store:
        store.engine.dispose()
        for suffix in ("-wal", "-shm"):
            (tmp_path / (db.name + suffix)).unlink(missing_ok=True)
        db.write_bytes(b"garbage over the whole file " * 800)
        with pytest.raises(StoreDamaged, match="damaged"):
            store.documents()


# ----------------------------------------------------------------------------------------------
# Backup


def test_backup_of_a_live_store_is_a_consistent_copy(tmp_path, capsys):
    db = tmp_path / "live.sqlite3"
    filled(db)
    stop = threading.Event()
    written: list[int] = []

    def writer() -> None:  # another process's ingest, going on during the backup
        with Store(f"sqlite:///{db}") as store:
            i = 100
            while not stop.is_set() and i < 400:
                store.save_document(*doc(i))
                written.append(i)
                i += 1

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        code, out, err = run(capsys, "--config", config(tmp_path, db), "backup",
                             str(tmp_path / "copies" / "store.bak"))
    finally:
        stop.set()
        thread.join()
    assert (code, err) == (0, "")
    assert out == f"backed up the store to {tmp_path / 'copies' / 'store.bak'}\n"
    copy = sqlite3.connect(tmp_path / "copies" / "store.bak")
    assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    ids = {r[0] for r in copy.execute("SELECT id FROM documents")}
    people = {r[0] for r in copy.execute("SELECT doc_id FROM doc_people")}
    assert {"d0", "d1", "d2"} <= ids and people == ids  # each document whole, with its rows
    copy.close()
    assert not list((tmp_path / "copies").glob(".*partial"))
    with Store(f"sqlite:///{tmp_path / 'copies' / 'store.bak'}") as restored:
        assert restored.count_documents() == len(ids)


def test_backup_refuses_the_store_itself_and_folders(tmp_path, capsys):
    db = tmp_path / "store.sqlite3"
    filled(db)
    code, _, err = run(capsys, "--config", config(tmp_path, db), "backup", str(db))
    assert code == 1 and "that is the store itself" in err
    code, _, err = run(capsys, "--config", config(tmp_path, db), "backup", str(tmp_path))
    assert code == 1 and "is a folder" in err


def test_backup_of_a_postgresql_store_gives_pg_dump_advice():
    store = Store.__new__(Store)  # no server here: only the dialect matters for the advice
    store.url = "postgresql+psycopg://briefbot:secret@db.example/briefbot"
    store.engine = types.SimpleNamespace(dialect=types.SimpleNamespace(name="postgresql"))
    with pytest.raises(Exception, match=r"pg_dump --format=custom") as info:
        store.backup("/tmp/x.dump")
    assert "secret" not in str(info.value)
