"""The store: round trips, replace-in-one-transaction, derived tables, name lookup, schedules,
the posting ledger, SQLite settings, the schema upgrades from versions 1, 2 and 3, and the narrow
reads briefings use (publication windows, a person's documents and roles, name lookup tiers)."""
from __future__ import annotations

import importlib.util
import sqlite3
import types
from datetime import UTC, date, datetime, timedelta

import pytest
import sqlalchemy as sa

from digests import store as store_module
from digests.store import _documents as store_documents
from digests.store import _people as store_people
from digests.store import _questions as store_questions
from digests.store import _schedules as store_schedules
from digests.store import _schema as store_schema
from digests.models import (
    DocExtraction,
    Document,
    Event,
    Person,
    PersonRecord,
    QuestionCandidate,
    QuestionRecord,
    Quote,
    Role,
    Schedule,
    Stance,
    StanceRecord,
)
from digests.store import (
    SCHEMA_VERSION,
    RoleSummary,
    Store,
    StoreError,
    Topic,
    name_key,
    upgrade,
)

def patch_store(monkeypatch, name, value):
    """Set ``name`` (a clock or a limit) in every private store module that uses it."""
    for module in (store_documents, store_people, store_questions, store_schedules):
        if hasattr(module, name):
            monkeypatch.setattr(module, name, value)



def make_doc(id: str, body: str = "Farah Haddad opened the library.", *, published=None,
             title="Library opens", sha="0" * 64) -> Document:
    return Document(id=id, path=f"/news/{id}.txt", title=title, body=body, sha256=sha,
                    source="City Desk", url=f"https://example.org/{id}", published=published,
                    published_is_estimate=published is not None)


def make_extraction(doc_id: str) -> DocExtraction:
    return DocExtraction(
        doc_id=doc_id,
        people=(Person("farah-haddad", "Farah Haddad", ("Haddad",), ("head librarian",),
                       ((0, 12), (40, 46))),
                Person("olu", "Olu Bankole", (), (), ((50, 61),))),
        quotes=(Quote("Books are back", 13, 27, "farah-haddad", "Haddad"),
                Quote("a good day", 30, 40, None, "a visitor", "partial")),
        events=(Event("2024-03-01", "day", "March 1", "the library opened", 0, 33),
                Event(None, "none", "soon", "a café will open", 34, 50)),
        questions=(QuestionCandidate(
            "Will the library open on Sundays?", ("library", "sunday"),
            (Stance("farah-haddad", "Haddad", "hopes to open on Sundays", "for"),
             Stance(None, "the union", "doubts it", "against")), 60, 90),),
    )


@pytest.fixture
def sqlite_store(sqlite_url):
    with Store(sqlite_url) as s:
        yield s


def resolution(doc_ids=("d1",)):
    people = [
        PersonRecord("farah-haddad", "Farah Haddad", ("Haddad", "F. Haddad"),
                     tuple(Role("head librarian", d) for d in doc_ids), tuple(doc_ids), 4),
        PersonRecord("olu-bankole", "Olu Bankole", ("Bankole",), (), tuple(doc_ids), 1),
        PersonRecord("jose-haddadin", "José Haddadin", (), (), tuple(doc_ids), 2),
    ]
    ids = {(d, "farah-haddad"): "farah-haddad" for d in doc_ids}
    ids |= {(d, "olu"): "olu-bankole" for d in doc_ids}
    questions = [QuestionRecord(
        "q-library", "Will the library open on Sundays?", "open", tuple(doc_ids),
        (StanceRecord(doc_ids[0], "farah-haddad", "Haddad", "hopes so", "for"),))]
    return people, ids, questions


# ----------------------------------------------------------------------------------------------
# Opening


def test_new_database_is_at_the_current_version_with_every_table(store):
    assert store.schema_version() == SCHEMA_VERSION == 9
    with store.engine.connect() as conn:
        tables = set(sa.inspect(conn).get_table_names())
    assert {"documents", "people", "aliases", "roles", "mentions", "quotes", "events",
            "questions", "stances", "schedules", "posts", "schema_version", "meta", "person_keys",
            "question_words", "question_members", "question_frames"} <= tables


def test_new_sqlite_database_has_its_folder_wal_and_foreign_keys(sqlite_store, tmp_path):
    assert (tmp_path / "db" / "briefbot.sqlite3").exists()  # the folder was created
    with sqlite_store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def test_reopening_does_not_migrate_again(db_url):
    Store(db_url).close()
    with Store(db_url) as again:
        assert again.schema_version() == SCHEMA_VERSION
        with again.engine.connect() as conn:
            assert conn.execute(sa.text("SELECT count(*) FROM schema_version")).scalar() == 1


def test_in_memory_database_works():
    with Store("sqlite://") as s:
        s.save_document(make_doc("m"), DocExtraction("m"))
        assert [d.id for d in s.documents()] == ["m"]


def test_database_newer_than_the_code_is_refused(db_url):
    Store(db_url).close()
    engine = sa.create_engine(db_url)
    with engine.begin() as conn:
        conn.execute(sa.text("UPDATE schema_version SET version = 99"))
    engine.dispose()
    with pytest.raises(StoreError, match="schema version 99 is newer"):
        Store(db_url)


def test_unusable_database_is_a_store_error(tmp_path):
    path = tmp_path / "notadb.sqlite3"
    path.write_bytes(b"this is not a database file at all" * 100)
    with pytest.raises(StoreError, match=r"notadb.sqlite3 is damaged"):
        Store(f"sqlite:///{path}")


def test_invalid_url_is_a_store_error():
    with pytest.raises(StoreError, match="not a valid database URL"):
        Store("no url here")


# ----------------------------------------------------------------------------------------------
# Schema upgrade from version 1


def test_upgrade_from_version_1_keeps_the_data(db_url):
    engine = store_module.make_engine(db_url)
    assert upgrade(engine, target=1) == 1
    with engine.begin() as conn:
        columns = {c["name"] for c in sa.inspect(conn).get_columns("documents")}
        assert "published_is_estimate" not in columns
        assert not sa.inspect(conn).has_table("posts")
        conn.execute(sa.text(
            "INSERT INTO documents (id, path, title, body, words, sha256, ingested_at, published) "
            "VALUES ('old', '/news/old.txt', 'Old story', 'Three words here', 3, :sha, "
            "'2021-01-02 03:04:05', '2021-01-01')"), {"sha": "a" * 64})
    engine.dispose()

    with Store(db_url) as s:
        assert s.schema_version() == SCHEMA_VERSION
        record = s.document("old")
        assert record.title == "Old story" and record.published == date(2021, 1, 1)
        assert record.published_is_estimate is False
        assert record.ingested_at == datetime(2021, 1, 2, 3, 4, 5, tzinfo=UTC)
        assert s.claim_post("console", "2021-01-02")  # the v2 tables exist and work


def test_upgrade_from_version_2_adds_the_publication_index_and_keeps_the_data(db_url):
    engine = store_module.make_engine(db_url)
    assert upgrade(engine, target=2) == 2
    with engine.begin() as conn:
        assert not any(ix["name"] == "ix_documents_published"
                       for ix in sa.inspect(conn).get_indexes("documents"))
        for id, published in (("old", "2021-01-01"), ("older", "2020-06-01"), ("undated", None)):
            conn.execute(sa.text(
                "INSERT INTO documents (id, path, title, body, words, sha256, ingested_at, "
                "published, published_is_estimate) VALUES (:id, '/news/x.txt', 'Story', 'Body', "
                "1, :sha, '2021-01-02 03:04:05', :published, FALSE)"),
                {"id": id, "sha": "a" * 64, "published": published})
        conn.execute(sa.text("INSERT INTO schedules (id, target, time, timezone, format) "
                             "VALUES ('s1', 'console', '08:00', 'UTC', 'text')"))
    engine.dispose()

    with Store(db_url) as s:
        assert s.schema_version() == SCHEMA_VERSION
        with s.engine.connect() as conn:
            indexes = {ix["name"]: ix for ix in sa.inspect(conn).get_indexes("documents")}
            assert indexes["ix_documents_published"]["column_names"] == ["published"]
            assert conn.execute(sa.text("SELECT count(*) FROM schema_version")).scalar() == 1
        assert [d.id for d in s.documents()] == ["old", "older", "undated"]
        assert [d.id for d in s.documents(published_since=date(2020, 12, 1))] == ["old", "undated"]
        assert [x.id for x in s.schedules()] == ["s1"]


def test_upgrade_from_version_3_adds_the_meta_table_and_keeps_the_data(db_url):
    engine = store_module.make_engine(db_url)
    assert upgrade(engine, target=3) == 3
    with engine.begin() as conn:
        assert not sa.inspect(conn).has_table("meta")
        conn.execute(sa.text(
            "INSERT INTO documents (id, path, title, body, words, sha256, ingested_at, "
            "published, published_is_estimate) VALUES ('old', '/news/old.txt', 'Story', "
            "'Body', 1, :sha, '2021-01-02 03:04:05', '2021-01-01', FALSE)"), {"sha": "a" * 64})
    engine.dispose()

    with Store(db_url) as s:
        assert s.schema_version() == SCHEMA_VERSION == 9
        assert [d.id for d in s.documents()] == ["old"]
        assert s.get_meta("curated_people_sha256") is None  # unknown: ingest re-extracts
        s.set_meta("curated_people_sha256", "abc")
        s.set_meta("curated_people_sha256", "def")  # replaced, not duplicated
        assert s.get_meta("curated_people_sha256") == "def"
        with s.engine.connect() as conn:
            assert conn.execute(sa.text("SELECT count(*) FROM meta")).scalar() == 1
            assert conn.execute(sa.text("SELECT count(*) FROM schema_version")).scalar() == 1


def test_save_extraction_replaces_only_the_extraction_rows(store, monkeypatch):
    patch_store(monkeypatch, "db_now", lambda: datetime(2024, 1, 1, 9, 0))
    store.save_document(make_doc("d1"), make_extraction("d1"))
    patch_store(monkeypatch, "db_now", lambda: datetime(2024, 2, 1, 9, 0))
    store.save_extraction(DocExtraction("d1", people=(Person("x", "Xu Lin"),)))
    [(doc, extraction)] = store.extractions()
    assert [p.name for p in extraction.people] == ["Xu Lin"]
    assert extraction.quotes == () and extraction.events == ()
    assert store.document("d1").ingested_at == datetime(2024, 1, 1, 9, 0, tzinfo=UTC)
    with pytest.raises(KeyError):
        store.save_extraction(DocExtraction("nope"))


def test_migrations_are_ordered_one_per_version():
    assert len(store_module.MIGRATIONS) == SCHEMA_VERSION


# ----------------------------------------------------------------------------------------------
# Documents


def test_document_round_trip(store):
    doc = make_doc("d1", published=date(2024, 3, 2))
    before = datetime.now(UTC)
    store.save_document(doc, make_extraction("d1"))
    record = store.document("d1")
    assert (record.id, record.path, record.title, record.source, record.url) == (
        "d1", doc.path, doc.title, doc.source, doc.url)
    assert record.published == date(2024, 3, 2) and record.published_is_estimate is True
    assert record.words == 5 and record.sha256 == doc.sha256
    assert before - timedelta(seconds=1) <= record.ingested_at <= datetime.now(UTC)
    assert store.document_hashes() == {"d1": (doc.sha256, doc.path)}
    assert store.document_bodies(["d1", "missing"]) == {"d1": doc.body}
    assert store.document("missing") is None


def test_extractions_round_trip_exactly(store):
    docs = [make_doc("d2"), make_doc("d1", published=date(2020, 5, 5))]
    for d in docs:
        store.save_document(d, make_extraction(d.id))
    assert store.extractions() == [(docs[1], make_extraction("d1")),
                                   (docs[0], make_extraction("d2"))]


def test_documents_are_ordered_by_publication_then_id(store):
    store.save_document(make_doc("b", published=date(2020, 1, 1)), DocExtraction("b"))
    store.save_document(make_doc("c"), DocExtraction("c"))
    store.save_document(make_doc("a", published=date(2020, 1, 1)), DocExtraction("a"))
    store.save_document(make_doc("z", published=date(2023, 1, 1)), DocExtraction("z"))
    assert [d.id for d in store.documents()] == ["z", "a", "b", "c"]


def test_documents_filter_on_ingest_time(store):
    store.save_document(make_doc("a"), DocExtraction("a"))
    after = datetime.now(UTC) + timedelta(seconds=1)
    assert [d.id for d in store.documents(since=after - timedelta(hours=1))] == ["a"]
    assert store.documents(since=after) == []
    assert store.documents(until=after - timedelta(hours=1)) == []
    assert [d.id for d in store.documents(until=after)] == ["a"]


def test_saving_again_replaces_the_old_version_and_its_rows(store):
    store.save_document(make_doc("d1"), make_extraction("d1"))
    new_doc = make_doc("d1", body="A shorter text.", sha="1" * 64)
    store.save_document(new_doc, DocExtraction("d1", quotes=(Quote("only", 0, 4, None, None),)))
    assert store.document("d1").sha256 == "1" * 64
    assert [q.text for q in store.quotes()] == ["only"]
    assert store.events() == []
    assert store.extractions()[0][1].people == ()


def test_a_failure_mid_save_changes_nothing(store, monkeypatch):
    store.save_document(make_doc("d1"), make_extraction("d1"))
    before = (store.documents(), store.extractions(), store.quotes(), store.events())

    def broken(conn, extractions):
        conn.execute(sa.insert(store_schema.quotes_t).values(
            doc_id=extractions[0].doc_id, seq=0, text="half", start=0, end=1, kind="direct"))
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(Store, "_insert_extractions", staticmethod(broken))
    with pytest.raises(RuntimeError, match="disk on fire"):
        store.save_document(make_doc("d1", body="Changed body.", sha="2" * 64),
                            make_extraction("d1"))
    assert (store.documents(), store.extractions(), store.quotes(), store.events()) == before


def test_a_batch_replaces_old_versions_and_keeps_the_last_of_a_repeated_id(store):
    store.save_document(make_doc("d1"), make_extraction("d1"))
    only_one = DocExtraction("d2", quotes=(Quote("only this", 0, 9, None, None),))
    written = store.save_documents(
        [(make_doc("d1", body="Changed body.", sha="2" * 64), DocExtraction("d1")),
         (make_doc("d2"), make_extraction("d2")),
         (make_doc("d2", body="Second take.", sha="3" * 64), only_one)],
        curated_sha="c" * 8)
    assert written == 2
    assert store.document_bodies(["d1", "d2"]) == {"d1": "Changed body.", "d2": "Second take."}
    assert [(q.doc_id, q.text) for q in store.quotes()] == [("d2", "only this")]
    assert store.extracted_without("c" * 8) == set()  # both made with these curated people
    assert store.extracted_without("other") == {"d1", "d2"}
    store.save_documents([(make_doc("d3"), DocExtraction("d3"))], hidden=True)
    assert store.unresolved() == ["d3"]
    assert [d.id for d in store.documents()] == ["d1", "d2"]  # d3 waits for its resolution


def test_a_failing_batch_saves_none_of_its_documents(store, monkeypatch):
    store.save_document(make_doc("d1"), make_extraction("d1"))
    before = (store.documents(), store.extractions(), store.quotes(), store.events())

    def broken(conn, extractions):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(Store, "_insert_extractions", staticmethod(broken))
    with pytest.raises(RuntimeError, match="disk on fire"):
        store.save_documents([(make_doc("d2"), make_extraction("d2")),
                              (make_doc("d1", body="Changed.", sha="2" * 64), DocExtraction("d1"))])
    assert (store.documents(), store.extractions(), store.quotes(), store.events()) == before


def test_delete_document_removes_its_rows(store):
    store.save_document(make_doc("d1"), make_extraction("d1"))
    store.save_document(make_doc("d2"), make_extraction("d2"))
    store.delete_document("d1")
    assert [d.id for d in store.documents()] == ["d2"]
    assert {q.doc_id for q in store.quotes()} == {"d2"}
    assert {e.doc_id for e in store.events()} == {"d2"}


def test_mismatched_extraction_is_refused(store):
    with pytest.raises(ValueError, match="extraction is for 'other'"):
        store.save_document(make_doc("d1"), DocExtraction("other"))


# ----------------------------------------------------------------------------------------------
# Resolution and reads


@pytest.fixture
def resolved(store):
    for d in ("d1", "d2"):
        store.save_document(make_doc(d), make_extraction(d))
    store.save_resolution(*resolution(("d1", "d2")))
    return store


def test_people_round_trip(resolved):
    farah = resolved.person("farah-haddad")
    assert farah == PersonRecord("farah-haddad", "Farah Haddad", ("Haddad", "F. Haddad"),
                                 (Role("head librarian", "d1"), Role("head librarian", "d2")),
                                 ("d1", "d2"), 4)
    assert [p.id for p in resolved.people()] == ["farah-haddad", "jose-haddadin", "olu-bankole"]
    assert resolved.person("nobody") is None


def test_quotes_carry_global_speaker_ids(resolved):
    quotes = resolved.quotes(doc_ids=["d1"])
    assert [(q.text, q.speaker_id, q.speaker_text, q.kind) for q in quotes] == [
        ("Books are back", "farah-haddad", "Haddad", "direct"),
        ("a good day", None, "a visitor", "partial")]
    assert [q.doc_id for q in resolved.quotes(speaker_id="farah-haddad")] == ["d1", "d2"]
    assert resolved.quotes(speaker_id="olu-bankole") == []
    assert len(resolved.quotes()) == 4


def test_events_filter_by_document(resolved):
    assert [(e.doc_id, e.date, e.precision) for e in resolved.events(doc_ids=["d2"])] == [
        ("d2", "2024-03-01", "day"), ("d2", None, "none")]
    assert resolved.events(doc_ids=[]) == []


def test_questions_and_user_status_survive_re_resolution(resolved):
    [question] = resolved.questions()
    assert question.stances == (StanceRecord("d1", "farah-haddad", "Haddad", "hopes so", "for"),)
    resolved.set_question_status("q-library", "resolved")
    assert resolved.questions(status="open") == []
    resolved.save_resolution(*resolution(("d1", "d2")))  # extractor says "open" again
    assert [q.status for q in resolved.questions()] == ["resolved"]
    resolved.set_question_status("q-library", "open")
    assert [q.id for q in resolved.questions(status="open", doc_ids=["d2"])] == ["q-library"]
    assert resolved.questions(doc_ids=["d9"]) == []


def test_set_question_status_errors(resolved):
    with pytest.raises(KeyError):
        resolved.set_question_status("q-nope", "resolved")
    with pytest.raises(ValueError, match="status = 'closed'"):
        resolved.set_question_status("q-library", "closed")


def test_save_resolution_replaces_everything_derived(resolved):
    resolved.save_resolution([PersonRecord("new", "Nadia Petrova")], {}, [])
    assert [p.id for p in resolved.people()] == ["new"]
    assert resolved.questions() == []
    assert all(q.speaker_id is None for q in resolved.quotes())


def test_save_resolution_is_one_transaction(resolved):
    people, ids, _ = resolution(("d1", "d2"))
    duplicate = [QuestionRecord("q-x", "One?", "open"), QuestionRecord("q-x", "Two?", "open")]
    with pytest.raises(sa.exc.IntegrityError):
        resolved.save_resolution(people, ids, duplicate)
    assert [q.id for q in resolved.questions()] == ["q-library"]
    assert len(resolved.people()) == 3


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Farah Haddad", ["farah-haddad"]),            # exact full name first ...
        ("farah-HADDAD", ["farah-haddad"]),            # case and hyphens ignored
        ("Haddad", ["farah-haddad", "jose-haddadin"]),  # exact alias, then prefix
        ("jose haddadin", ["jose-haddadin"]),          # accents ignored
        ("Josè", ["jose-haddadin"]),
        ("hadd", ["farah-haddad", "jose-haddadin"]),   # prefix: more mentions first
        ("bank", ["olu-bankole"]),                     # substring of a full name
        ("ankol", ["olu-bankole"]),
        ("Zanele", []),
        ("", []),
        ("%", []),
        ("  - ", []),
    ],
)
def test_find_people(resolved, query, expected):
    assert [p.id for p in resolved.find_people(query)] == expected


def test_find_people_limit(resolved):
    assert len(resolved.find_people("a", limit=2)) == 2
    assert resolved.find_people("a", limit=0) == []


@pytest.mark.parametrize(("name", "key"), [
    ("Kwame Mensah-Bonsu", "kwamemensahbonsu"), ("Zoë O'Neill", "zoeoneill"),
    ("  ", ""), ("ŁUKASZ", "lukasz"),
])
def test_name_key(name, key):
    assert name_key(name) == key


def test_alias_key_column_is_indexed(store):
    with store.engine.connect() as conn:
        indexes = sa.inspect(conn).get_indexes("aliases")
    assert any(ix["column_names"] == ["key"] for ix in indexes)



def test_documents_published_column_is_indexed(store):
    with store.engine.connect() as conn:
        indexes = sa.inspect(conn).get_indexes("documents")
    assert any(ix["column_names"] == ["published"] for ix in indexes)


def test_sqlite_uses_the_publication_index(sqlite_store):
    with sqlite_store.engine.connect() as conn:
        plan = " ".join(row[3] for row in conn.execute(sa.text(
            "EXPLAIN QUERY PLAN SELECT id FROM documents ORDER BY published DESC NULLS LAST, id "
            "LIMIT 5")))
    assert "ix_documents_published" in plan


# ----------------------------------------------------------------------------------------------
# Narrow reads for briefings


@pytest.fixture
def dated(store):
    """Five documents: four published on different days, one undated (ingested today)."""
    for id, published in (("jan1", date(2024, 1, 1)), ("jan5", date(2024, 1, 5)),
                          ("feb1", date(2024, 2, 1)), ("feb1b", date(2024, 2, 1)), ("none", None)):
        store.save_document(make_doc(id, published=published), DocExtraction(id))
    return store


@pytest.mark.parametrize("small_in_lists", [False, True])
def test_documents_by_publication_window_ids_and_limit(dated, monkeypatch, small_in_lists):
    if small_in_lists:  # the large-selection path: read in order, filter ids while reading
        patch_store(monkeypatch, "MAX_IN_IDS", 1)
    today = datetime.now(UTC).date()
    ids = lambda **kw: [d.id for d in dated.documents(**kw)]  # noqa: E731
    assert ids() == ["feb1", "feb1b", "jan5", "jan1", "none"]
    assert ids(published_since=date(2024, 1, 5)) == ["feb1", "feb1b", "jan5", "none"]
    assert ids(published_until=date(2024, 1, 5)) == ["jan5", "jan1"]
    assert ids(published_since=date(2024, 1, 2), published_until=date(2024, 2, 1)) == [
        "feb1", "feb1b", "jan5"]
    assert ids(published_since=today, published_until=today) == ["none"]  # by ingestion day
    assert ids(ids=["jan1", "none", "missing"]) == ["jan1", "none"]
    assert ids(ids=[]) == [] and ids(limit=0) == []
    assert ids(limit=2) == ["feb1", "feb1b"]
    assert ids(ids={"jan1", "jan5", "feb1b"}, limit=2) == ["feb1b", "jan5"]
    assert dated.count_documents() == 5
    assert dated.count_documents(published_until=date(2024, 1, 31)) == 2
    assert dated.count_documents(ids={"jan1", "feb1", "missing"},
                                 published_since=date(2024, 1, 2)) == 1
    assert dated.count_documents(ids=()) == 0


def test_documents_never_read_bodies(dated):
    statements: list[str] = []
    sa.event.listen(dated.engine, "before_cursor_execute",
                    lambda conn, cursor, statement, *a: statements.append(statement))
    assert dated.documents(limit=1) and dated.documents(published_since=date(2024, 1, 1))
    assert dated.documents_mentioning("nobody", limit=3) == [] and dated.document("jan1")
    assert statements and not any("body" in s for s in statements)


@pytest.mark.parametrize("limit", [None, 1, 2, 5])
def test_documents_mentioning_is_newest_first_whatever_the_plan(store, limit):
    # "many" documents for farah (the walk over the publication index when limit is small),
    # one for olu (read through the mention map)
    days = [date(2024, 1, d) for d in (3, 1, 7, 2, 5)]
    for i, day in enumerate(days):
        store.save_document(make_doc(f"d{i}", published=day), make_extraction(f"d{i}"))
    people, ids, questions = resolution(tuple(f"d{i}" for i in range(5)))
    ids = {k: v for k, v in ids.items() if v != "olu-bankole" or k[0] == "d1"}
    store.save_resolution(people, ids, questions)
    farah = [d.id for d in store.documents_mentioning("farah-haddad", limit=limit)]
    assert farah == ["d2", "d4", "d0", "d3", "d1"][:limit]
    assert [d.id for d in store.documents_mentioning("olu-bankole", limit=limit)] == ["d1"]
    assert store.documents_mentioning("nobody", limit=limit) == []
    assert store.documents_mentioning("farah-haddad", limit=0) == []


def test_reads_by_an_empty_id_list_find_nothing(resolved):
    assert resolved.quotes(doc_ids=[]) == [] and resolved.events(doc_ids=[]) == []
    assert resolved.quotes(doc_ids=[], speaker_id="farah-haddad") == []
    assert len(resolved.quotes(speaker_id="farah-haddad")) == 2
    assert resolved.person_roles("farah-haddad", doc_ids=[]) == [RoleSummary("head librarian", 2)]


def test_document_ids_matching_titles_events_and_quotes(resolved):
    resolved.save_document(make_doc("d3", title="Harbour 100% rebuilt"), DocExtraction("d3"))
    assert resolved.document_ids_matching("LIBRARY OPENED") == {"d1", "d2"}  # an event
    assert resolved.document_ids_matching("books are") == {"d1", "d2"}  # a quote
    assert resolved.document_ids_matching("harbour") == {"d3"}  # a title
    assert resolved.document_ids_matching("100%") == {"d3"}  # LIKE wildcards are literal
    assert resolved.document_ids_matching("0%") == {"d3"}
    assert resolved.document_ids_matching("_") == set()
    assert resolved.document_ids_matching("") == set()


# MAX_IN_IDS 0: many documents (the mention map is scanned); 1: few documents mentioning many
# people (everyone is read, then filtered)
@pytest.mark.parametrize("max_in_ids", [None, 0, 1])
def test_people_in_documents_carry_only_those_documents_roles(resolved, monkeypatch, max_in_ids):
    if max_in_ids is not None:
        patch_store(monkeypatch, "MAX_IN_IDS", max_in_ids)
    resolved.save_document(make_doc("d3"), DocExtraction("d3"))
    in_d2 = resolved.people(doc_ids=["d2"])
    assert [p.id for p in in_d2] == ["farah-haddad", "olu-bankole"]  # by the mention map
    assert in_d2[0].roles == (Role("head librarian", "d2"),)
    # only the asked documents (a central person's list of every document is not read)
    assert in_d2[0].documents == ("d2",) and in_d2[0].aliases == ("Haddad", "F. Haddad")
    assert resolved.people(doc_ids=["d3"]) == [] and resolved.people(doc_ids=[]) == []
    assert len(resolved.people()[0].roles) == 2


def test_roles_are_indexed_by_document_and_a_window_reads_them_through_it(resolved):
    with resolved.engine.connect() as conn:
        indexes = sa.inspect(conn).get_indexes("roles")
    assert any(ix["column_names"] == ["doc_id"] for ix in indexes)
    if resolved.engine.dialect.name != "sqlite":
        return  # (PostgreSQL plans tiny tables as scans whatever the indexes)
    statements: list[tuple[str, tuple]] = []
    sa.event.listen(resolved.engine, "before_cursor_execute",
                    lambda conn, cursor, statement, params, *a: statements.append((statement, params)))
    assert [p.id for p in resolved.people(doc_ids=["d2"])] == ["farah-haddad", "olu-bankole"]
    statement, params = next((st, pa) for st, pa in statements if "FROM roles" in st)
    with resolved.engine.connect() as conn:
        plan = " ".join(row[3] for row in conn.exec_driver_sql(
            "EXPLAIN QUERY PLAN " + statement, params))
    # by the window's documents, not every role of each person they name
    assert "ix_roles_doc_id" in plan


def test_find_people_limits_the_roles_it_reads(resolved):
    assert resolved.find_people("haddad", max_roles=0)[0].roles == ()
    assert resolved.find_people("haddad", max_roles=1)[0].roles == (Role("head librarian", "d1"),)
    full = resolved.find_people("haddad")[0]
    assert full == resolved.person("farah-haddad") and len(full.roles) == 2


def test_find_people_tiers(store):
    people = [
        PersonRecord("ali", "Ali Ahmed", ("Ali",), (), ("d1",), 1),
        PersonRecord("alina", "Alina Łukasz", (), (), ("d1",), 5),
        PersonRecord("khalil", "Khalil Ali", (), (), ("d1",), 9),
        PersonRecord("lukas", "Łukasz Nowak", (), (), ("d1",), 3),
    ]
    store.save_document(make_doc("d1"), DocExtraction("d1"))
    store.save_resolution(people, {}, [])
    ids = lambda q, **kw: [p.id for p in store.find_people(q, **kw)]  # noqa: E731
    # exact alias first, then prefix (most mentioned first), then substring while room remains
    assert ids("ali") == ["ali", "alina", "khalil"]
    assert ids("ali", limit=1) == ["ali"]
    assert ids("ali", limit=2) == ["ali", "alina"]
    assert ids("łuk") == ["lukas", "alina"]  # a non-ASCII prefix, then a substring
    assert ids("ŁUKASZ NOWAK") == ["lukas"]
    assert ids("kasz") == ["alina", "lukas"]  # only substrings: most mentioned first


def test_find_people_exact_and_prefix_hits_use_the_alias_key_index(resolved, monkeypatch):
    statements: list[str] = []
    sa.event.listen(resolved.engine, "before_cursor_execute",
                    lambda conn, cursor, statement, *a: statements.append(statement))
    assert [p.id for p in resolved.find_people("haddad", limit=1, max_roles=0)] == ["farah-haddad"]
    assert [p.id for p in resolved.find_people("hadd", limit=1, max_roles=0)] == ["farah-haddad"]
    assert not any("LIKE" in s.upper() for s in statements)  # no scan when the index answered
    assert not any("FROM roles" in s for s in statements)  # max_roles=0: roles not read
    if resolved.engine.dialect.name != "sqlite":
        return  # (PostgreSQL plans tiny tables as scans whatever the indexes)
    with resolved.engine.connect() as conn:
        plan = " ".join(row[3] for row in conn.execute(sa.text(
            "EXPLAIN QUERY PLAN SELECT person_id FROM aliases WHERE key > 'hadd' AND key < :end"),
            {"end": "hadd\U0010ffff"}))
    assert "ix_aliases_key" in plan


def test_person_roles_are_distinct_counted_and_cite_the_asked_documents(store):
    roles = (Role("mayor", "d1"), Role("Mayor", "d2"), Role("mayor ", "d3"), Role("mayor", "d3"),
             Role("poet", "d2"))
    store.save_resolution([PersonRecord("p", "Pat Lee", (), roles, ("d1", "d2", "d3"), 3)], {}, [])
    assert store.person_roles("p") == [RoleSummary("mayor", 2), RoleSummary("Mayor", 1),
                                       RoleSummary("poet", 1)]
    assert store.person_roles("p", doc_ids=["d3", "d2"]) == [
        RoleSummary("mayor", 2, ("d3",)), RoleSummary("Mayor", 1, ("d2",)),
        RoleSummary("poet", 1, ("d2",))]
    assert store.person_roles("p", limit=1) == [RoleSummary("mayor", 2)]
    assert store.person_roles("nobody", doc_ids=["d1"]) == []


def test_names_and_word_prefixes(resolved):
    assert sorted(resolved.names()) == sorted([
        ("Farah Haddad", "Farah Haddad"), ("Haddad", "Farah Haddad"),
        ("F. Haddad", "Farah Haddad"), ("Olu Bankole", "Olu Bankole"),
        ("Bankole", "Olu Bankole"), ("José Haddadin", "José Haddadin")])
    assert resolved.people_by_word_prefix("hadd") == ["Farah Haddad", "José Haddadin"]
    assert resolved.people_by_word_prefix("  OLU   b") == ["Olu Bankole"]
    assert resolved.people_by_word_prefix("hadd", limit=1) == ["Farah Haddad"]
    assert resolved.people_by_word_prefix("%") == [] and resolved.people_by_word_prefix("_") == []


# ----------------------------------------------------------------------------------------------
# Schedules and the posting ledger


def test_schedules(store):
    daily = Schedule("s1", "discord:42", "07:30", "Europe/Madrid", "editor#1", "9", "discord")
    store.add_schedule(daily)
    store.add_schedule(Schedule("s2", "console", "18:00", "UTC"))
    assert store.schedules()[0] == daily and store.schedule("s2").format == "discord"
    store.add_schedule(Schedule("s1", "discord:42", "08:00", "Europe/Madrid"))  # replace by id
    assert store.schedule("s1").time == "08:00" and len(store.schedules()) == 2
    assert store.remove_schedule("s1") is True
    assert store.remove_schedule("s1") is False
    assert store.schedule("s1") is None


def test_claim_post_is_idempotent(store):
    assert store.claim_post("discord:42", "2024-05-01", schedule_id="s1") is True
    assert store.claim_post("discord:42", "2024-05-01") is False  # pending
    assert store.claim_post("discord:43", "2024-05-01") is True   # other target
    store.record_post("discord:42", "2024-05-01", status="sent", message_ids=[111, "112"])
    assert store.claim_post("discord:42", "2024-05-01") is False  # sent
    post = store.last_post("discord:42")
    assert (post.status, post.message_ids, post.schedule_id) == ("sent", ("111", "112"), "s1")


def test_a_failed_post_may_be_claimed_again(store):
    assert store.claim_post("console", "w1")
    store.record_post("console", "w1", status="failed", error="channel not found")
    assert store.last_post("console", status="failed").error == "channel not found"
    assert store.last_post("console") is None
    assert store.claim_post("console", "w1") is True
    assert store.claim_post("console", "w1") is False
    assert [p.status for p in store.posts("console")] == ["pending"]


def test_claims_race_only_one_wins(db_url):
    first, second = Store(db_url), Store(db_url)
    try:
        results = [first.claim_post("console", "w"), second.claim_post("console", "w")]
    finally:
        first.close()
        second.close()
    assert sorted(results) == [False, True]


def test_record_post_without_a_claim_inserts(store):
    store.record_post("console", "w2", status="sent")
    assert [(p.target, p.window_key, p.status) for p in store.posts()] == [("console", "w2", "sent")]
    with pytest.raises(ValueError, match="status = 'done'"):
        store.record_post("console", "w2", status="done")


def test_last_post_is_the_latest(store, monkeypatch):
    times = iter([datetime(2024, 1, d) for d in (1, 2, 3, 4)])
    patch_store(monkeypatch, "db_now", lambda: next(times))
    store.record_post("console", "a", status="sent")
    store.record_post("console", "b", status="sent")
    assert store.last_post("console").window_key == "b"
    assert store.last_post("console").at == datetime(2024, 1, 2, tzinfo=UTC)
    assert store.posts(target="elsewhere") == []


def test_database_file_is_plain_sqlite(sqlite_store, tmp_path):
    sqlite_store.save_document(make_doc("d1"), DocExtraction("d1"))
    with sqlite3.connect(tmp_path / "db" / "briefbot.sqlite3") as raw:
        assert raw.execute("SELECT id, words FROM documents").fetchall() == [("d1", 5)]


def test_a_stale_pending_claim_may_be_taken_over(store, monkeypatch):
    clock = [datetime(2024, 5, 1, 7, 0)]
    patch_store(monkeypatch, "db_now", lambda: clock[0])
    assert store.claim_post("discord:42", "2024-05-01", schedule_id="s1") is True
    clock[0] += timedelta(minutes=9)  # still fresh: the first claimer may be sending
    assert store.claim_post("discord:42", "2024-05-01") is False
    clock[0] += timedelta(minutes=2)  # 11 minutes: the claimer crashed
    assert store.claim_post("discord:42", "2024-05-01", schedule_id="s2") is True
    assert store.claim_post("discord:42", "2024-05-01") is False  # the new claim is fresh
    [post] = store.posts("discord:42")
    assert (post.status, post.schedule_id) == ("pending", "s2")
    assert post.at == clock[0].replace(tzinfo=UTC)
    store.record_post("discord:42", "2024-05-01", status="sent")
    clock[0] += timedelta(hours=1)
    assert store.claim_post("discord:42", "2024-05-01") is False  # sent is never taken over


def test_the_stale_age_is_configurable(db_url, monkeypatch):
    clock = [datetime(2024, 5, 1, 7, 0)]
    patch_store(monkeypatch, "db_now", lambda: clock[0])
    with Store(db_url, claim_stale_after=timedelta(minutes=1)) as s:
        assert s.claim_post("console", "w") is True
        clock[0] += timedelta(seconds=90)
        assert s.claim_post("console", "w", stale_after=timedelta(minutes=5)) is False
        assert s.claim_post("console", "w") is True


def test_stale_claims_race_only_one_wins(db_url, monkeypatch):
    clock = [datetime(2024, 5, 1, 7, 0)]
    patch_store(monkeypatch, "db_now", lambda: clock[0])
    first, second = Store(db_url), Store(db_url)
    try:
        assert first.claim_post("console", "w")
        clock[0] += timedelta(minutes=30)
        results = [first.claim_post("console", "w"), second.claim_post("console", "w")]
    finally:
        first.close()
        second.close()
    assert sorted(results) == [False, True]


@pytest.mark.parametrize("url, message", [
    ("postgresql+psycopg2://editor:s3cret@db.example/briefbot",
     "cannot open database postgresql+psycopg2://editor:***@db.example/briefbot: its driver is "
     "not installed (no module 'psycopg2'); install it: pip install 'psycopg2-binary'"),
    ("nosuchdb://editor:s3cret@db.example/briefbot",
     "database_url = nosuchdb://editor:***@db.example/briefbot: Can't load plugin"),
    ("sqlite:///briefbot.sqlite3?check_same_thread=perhaps",
     "database_url = sqlite:///briefbot.sqlite3?check_same_thread=perhaps: String is not"),
])
def test_bad_database_urls_are_store_errors(url, message, monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    if "psycopg2" in url and importlib.util.find_spec("psycopg2") is not None:
        pytest.skip("psycopg2 is installed here")
    with pytest.raises(StoreError) as info:
        Store(url)
    assert str(info.value).startswith(message)
    assert "s3cret" not in str(info.value)


def test_databases_other_than_sqlite_and_postgresql_are_refused(monkeypatch):
    # (no MySQL driver is installed here: an engine that only knows its dialect stands in)
    engine = types.SimpleNamespace(dialect=types.SimpleNamespace(name="mysql"),
                                   dispose=lambda: None)
    monkeypatch.setattr(sa, "create_engine", lambda url, **kw: engine)
    with pytest.raises(StoreError, match=r"^database_url = mysql://editor:\*\*\*@db/briefbot: "
                                         r"Briefbot's store runs on SQLite .* not mysql$"):
        Store("mysql://editor:s3cret@db/briefbot")


def test_plain_postgresql_urls_use_psycopg():
    assert str(store_module.make_engine("postgresql://u@db.example/b").url) == \
        "postgresql+psycopg://u@db.example/b"
    assert str(store_module.make_engine("postgres://u@db.example/b").url) == \
        "postgresql+psycopg://u@db.example/b"


def test_a_sqlite_folder_that_cannot_be_made_is_a_store_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.raises(StoreError, match=r"cannot open database sqlite:///.*file/db/x\.sqlite3: "
                                         r"Not a directory"):
        Store(f"sqlite:///{blocker}/db/x.sqlite3")


def test_an_unparsable_url_hides_its_password():
    with pytest.raises(StoreError, match="not a valid database URL") as info:
        Store("postgres ql://editor:s3cret@db.example/briefbot")
    assert "s3cret" not in str(info.value) and "editor:***@" in str(info.value)


@pytest.fixture
def many_questions(store):
    """Six questions on d0..d5 (q2 also on d3), every other one resolved, one stance each."""
    for d in range(6):
        store.save_document(make_doc(f"d{d}"), DocExtraction(f"d{d}"))
    questions = [
        QuestionRecord(f"q{i}", f"Question {i}?", "resolved" if i % 2 else "open",
                       (f"d{i}", "d3") if i == 2 else (f"d{i}",),
                       (StanceRecord(f"d{i}", None, f"speaker {i}", f"stance {i}", "for"),))
        for i in range(6)]
    store.save_resolution([], {}, questions)
    return store


def _statements(store):
    seen: list[str] = []
    sa.event.listen(store.engine, "before_cursor_execute",
                    lambda conn, cursor, statement, *a: seen.append(statement))
    return seen


@pytest.mark.parametrize("max_in_ids", [2000, 1])
def test_questions_filter_by_status_and_documents(many_questions, monkeypatch, max_in_ids):
    patch_store(monkeypatch, "MAX_IN_IDS", max_in_ids)
    s = many_questions
    assert [q.id for q in s.questions(status="open")] == ["q0", "q2", "q4"]
    assert [q.id for q in s.questions(doc_ids=["d3", "d5"])] == ["q2", "q3", "q5"]
    found = s.questions(doc_ids=["d3", "d4", "d9"], status="open")
    assert [(q.id, q.docs, [x.text for x in q.stances]) for q in found] == [
        ("q2", ("d2", "d3"), ["stance 2"]), ("q4", ("d4",), ["stance 4"])]
    assert s.questions(doc_ids=[]) == [] and s.questions(doc_ids=["d9"]) == []


def test_questions_are_filtered_in_sql(many_questions):
    seen = _statements(many_questions)
    many_questions.questions(doc_ids=["d4"], status="open")
    reads = [q for q in seen if "FROM questions" in q or "FROM stances" in q]
    assert reads and all("WHERE" in q for q in reads), reads


def test_upgrade_from_version_3_maps_questions_to_documents(db_url):
    engine = store_module.make_engine(db_url)
    assert upgrade(engine, target=3) == 3
    with engine.begin() as conn:
        conn.execute(sa.text("INSERT INTO questions (id, seq, text, status, docs) VALUES "
                             "('q-old', 0, 'Will it open?', 'open', '[\"a\", \"b\", \"a\"]')"))
    engine.dispose()
    with Store(db_url) as s:
        assert [q.id for q in s.questions(doc_ids=["b"])] == ["q-old"]
        assert s.questions(doc_ids=["c"]) == []


def test_people_by_ids_reads_only_those(resolved):
    seen = _statements(resolved)
    found = resolved.people(ids=["olu-bankole", "farah-haddad", "nobody"])
    assert [p.id for p in found] == ["farah-haddad", "olu-bankole"]  # most mentioned first
    assert found[0] == resolved.person("farah-haddad")  # all roles
    assert all("WHERE" in q for q in seen if "FROM people" in q)
    assert resolved.people(ids=[]) == []
    with pytest.raises(ValueError, match="ids or doc_ids"):
        resolved.people(ids=["x"], doc_ids=["d1"])


def test_people_by_many_ids_are_read_in_chunks(resolved, monkeypatch):
    patch_store(monkeypatch, "MAX_IN_IDS", 1)
    found = resolved.people(ids=["olu-bankole", "jose-haddadin", "farah-haddad"])
    assert [p.id for p in found] == [p.id for p in resolved.people()]


def test_a_recorded_post_keeps_its_claim_time(store, monkeypatch):
    """The next digest's window starts at the last post's ``at``: the claim time, before the
    digest was built, so nothing ingested while it was being built and sent is skipped."""
    patch_store(monkeypatch, "db_now", lambda: datetime(2024, 5, 1, 7, 0))
    assert store.claim_post("discord:9", "s1:2024-05-01")
    patch_store(monkeypatch, "db_now", lambda: datetime(2024, 5, 1, 7, 3))
    store.record_post("discord:9", "s1:2024-05-01", status="sent", message_ids=["42"])
    last = store.last_post("discord:9")
    assert last.status == "sent" and last.message_ids == ("42",)
    assert last.at.replace(tzinfo=None) == datetime(2024, 5, 1, 7, 0)


# ----------------------------------------------------------------------------------------------
# Snapshots: one consistent state for a whole briefing


def test_a_snapshot_sees_one_state_while_others_write(db_url):
    with Store(db_url) as store, Store(db_url) as other:
        store.save_document(make_doc("d1"), make_extraction("d1"))
        with store.snapshot() as view:
            assert [d.id for d in view.documents()] == ["d1"]
            other.save_document(make_doc("d2"), make_extraction("d2"))
            other.save_document(make_doc("d1", title="Library closes"), DocExtraction("d1"))
            assert [d.id for d in view.documents()] == ["d1"]  # d2 is not there yet
            assert view.document("d1").title == "Library opens"  # nor d1's new version
            assert len(view.quotes(doc_ids=["d1"])) == 2  # with its old rows
            with pytest.raises(StoreError, match="read-only"):
                view.set_meta("k", "v")
        assert sorted(d.id for d in store.documents()) == ["d1", "d2"]
        assert store.document("d1").title == "Library closes" and store.quotes(doc_ids=["d1"]) == []
def test_close_names_follow_each_resolution(store):
    def person(pid, name, *aliases):
        return PersonRecord(id=pid, name=name, aliases=aliases, roles=(), documents=(),
                            mentions=1)

    store.save_resolution([person("a", "Oksana Velichko", "Velichko"),
                           person("b", "Tiago Branquinho")], {}, [])
    assert store.close_names("Oksanna Velicko") == ["Oksana Velichko"]
    assert store.close_names("Velichkko") == ["Oksana Velichko"]  # through an alias
    assert store.close_names("Zzyzx Qwerty") == []
    assert store.close_names("Tiago Branquino", limit=0) == []
    # a new resolution is seen at once, by this store object and by another one
    store.save_resolution([person("c", "Tiago Brancquinho")], {}, [])
    assert store.close_names("Tiago Branquinho") == ["Tiago Brancquinho"]
    assert store.close_names("Oksanna Velicko") == []
    with Store(store.url) as other:
        assert other.close_names("Tiago Branquinho") == ["Tiago Brancquinho"]


@pytest.mark.parametrize("indexed", [True, "no-materialized", False],
                         ids=["fts5", "fts5-sqlite-before-3.35", "scan"])
def test_documents_about_a_topic_index_and_scan_agree(store, monkeypatch, indexed):
    from digests.store import _search as _store_search

    if indexed == "no-materialized":  # the CTE's hint is SQLite 3.35's; the query runs without
        monkeypatch.setattr(_store_search, "_MATERIALIZED", "")
    if indexed:
        if store.engine.dialect.name != "sqlite":
            pytest.skip("the FTS5 topic index is SQLite's; other databases scan (the scan case)")
        with store.engine.connect() as conn:
            assert _store_search.installed(conn)  # SQLite here has FTS5 with trigrams
    else:
        monkeypatch.setattr(_store_search, "installed", lambda conn: False)
    store.save_document(make_doc("d1", title="Harbour Dredging resumes"), make_extraction("d1"))
    store.save_document(make_doc("d2", title="Council budget"), DocExtraction(
        "d2", quotes=(Quote("The ferry fares stay frozen", 0, 10, None, "a clerk"),)))
    store.save_document(make_doc("d3", title="Quiet week"), DocExtraction("d3"))
    store.save_resolution([], {}, [QuestionRecord(
        "q1", "Will the Sunday opening last?", "open", ("d3",),
        (StanceRecord("d3", None, "the union", "doubts the NIGHT shift", "against"),))])
    about = _about(store)
    assert about("dredging") == {"d1"}  # a title, any case
    assert about("library opened") == {"d1"}  # an event
    assert about("FERRY FARE") == {"d2"}  # a quote, inside a word
    assert about("night shift") == {"d3"}  # a stance of an open question
    assert about("sunday opening") == {"d3"}  # an open question's text
    assert about("ay") == {"d1", "d2", "d3"}  # too short for trigrams: scanned
    assert about("nothing like it") == set()
    assert about('"quoted" 100%_') == set()
    store.set_question_status("q1", "resolved")  # resolved questions no longer count
    assert about("night shift") == set()
    store.delete_document("d2")  # the index follows deletes
    assert about("ferry") == set()
    store.save_document(make_doc("d1", title="Harbour closed"), DocExtraction("d1"))
    assert about("dredging") == set()  # ... and replacements
    assert about("harbour closed") == {"d1"}


def _about(store):
    """``document_ids_about``, checked against ``topic_documents`` (the same selection in SQL,
    ordered and counted there)."""
    def about(topic: str) -> set[str]:
        found = store.document_ids_about(topic)
        window, total = store.topic_documents(Topic(topic), limit=50)
        assert {d.id for d in window} == found and total == len(found)
        return found
    return about


def test_a_topic_window_is_the_newest_of_its_documents_and_people_counted_in_full(store):
    for i, day in enumerate((3, 9, 1, 7)):
        store.save_document(make_doc(f"d{i}", title=f"Tram depot, part {i}",
                                     published=date(2024, 5, day)), DocExtraction(f"d{i}"))
    store.save_document(make_doc("other", title="Ferry news", published=date(2024, 5, 30)),
                        make_extraction("other"))
    people, ids, questions = resolution(("other",))
    store.save_resolution(people, ids, questions)
    store.save_document(make_doc("late", title="Tram depot closes", published=date(2024, 6, 1)),
                        DocExtraction("late"), hidden=True)  # not resolved yet: unseen
    window, total = store.topic_documents(Topic("tram depot"), limit=2)
    assert [d.id for d in window] == ["d1", "d3"] and total == 4
    window, total = store.topic_documents(Topic("tram depot", ("farah-haddad",)), limit=3)
    assert [d.id for d in window] == ["other", "d1", "d3"] and total == 5  # her document too
    window, total = store.topic_documents(Topic("tram depot"), limit=10,
                                          published_until=date(2024, 5, 5))
    assert [d.id for d in window] == ["d0", "d2"] and total == 2
    assert store.topic_documents(Topic("no such thing"), limit=5) == ([], 0)
    assert store.topic_documents(Topic("  "), limit=5) == ([], 0)
    with pytest.raises(ValueError, match="limit"):
        store.topic_documents(Topic("tram"), limit=0)


@pytest.mark.postgres
def test_postgres_topic_search_has_trigram_indexes_the_planner_uses(postgres_url):
    """On PostgreSQL the substring search of topic briefs is served by pg_trgm GIN indexes
    on the searched columns (created by the migration to schema 8)."""
    with Store(postgres_url) as store:
        with store.engine.connect() as conn:
            names = set(conn.execute(sa.text("SELECT indexname FROM pg_indexes")).scalars())
            assert {"ix_documents_title_trgm", "ix_events_text_trgm", "ix_quotes_text_trgm",
                    "ix_questions_text_trgm", "ix_stances_text_trgm"} <= names
            conn.exec_driver_sql("SET enable_seqscan = off")  # tiny table: ask for the index
            plan = "\n".join(conn.execute(sa.text(
                "EXPLAIN SELECT id FROM documents WHERE lower(title) LIKE :like"),
                {"like": "%harbour%"}).scalars())
        assert "ix_documents_title_trgm" in plan
        store.save_document(make_doc("d1", title="Harbour Dredging resumes"),
                            make_extraction("d1"))
        assert store.document_ids_about("DREDGING") == {"d1"}


def test_topic_index_rows_follow_every_replacement_one_for_one(tmp_path):
    """SQLite: the full-text table holds exactly one row per indexed text, whatever was
    replaced (its triggers delete through the ``search_rows`` map, not by scanning)."""
    store = Store(f"sqlite:///{tmp_path / 'fts.sqlite3'}")

    def counts():
        with store.engine.connect() as conn:
            texts = sum(conn.exec_driver_sql(
                f"SELECT count(*) FROM {t} WHERE {c} IS NOT NULL").scalar()
                for t, c in (("documents", "title"), ("events", "text"), ("quotes", "text"),
                             ("questions", "text"), ("stances", "text")))
            return (texts, conn.exec_driver_sql("SELECT count(*) FROM search_text").scalar(),
                    conn.exec_driver_sql("SELECT count(*) FROM search_rows").scalar())

    for round_ in range(3):
        for d in ("d1", "d2"):
            store.save_document(make_doc(d, title=f"Tram depot {round_}"), make_extraction(d))
        store.save_resolution([], {}, [QuestionRecord(
            f"q{round_}", f"Will the depot reopen in round {round_}?", "open", ("d1",),
            (StanceRecord("d1", None, "a driver", f"hopes so, round {round_}", "for"),))])
        texts, indexed, mapped = counts()
        assert texts == indexed == mapped
    assert store.document_ids_about("round 2") == {"d1"}
    assert store.document_ids_about("round 1") == set()
