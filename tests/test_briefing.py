"""Briefings: ranking, de-duplication, citations, selection by window/topic/person, the daily
digest and the small builders the bot calls. The corpus below is invented for these tests;
:func:`fill_store` is also used by ``test_render.py`` and ``test_snapshots.py``."""
from __future__ import annotations

import hashlib
from datetime import date, datetime, timedelta, timezone

import pytest

from digests import briefing as b
from digests.models import (
    DocExtraction,
    Document,
    DocumentRecord,
    Event,
    EventRecord,
    PersonRecord,
    QuestionRecord,
    Quote,
    QuoteRecord,
    Role,
    StanceRecord,
)
from digests.store import Store

NOW = datetime(2031, 3, 12, 7, 30, tzinfo=timezone.utc)

# ----------------------------------------------------------------------------------------------
# An invented corpus: a port strike reported by two outlets, and an unrelated grain story.


def _doc(id: str, title: str | None, source: str | None, published: date | None, url: str | None = None) -> Document:
    body = f"Body of {id}."
    return Document(id=id, path=f"news/{id}.txt", title=title, body=body,
                    sha256=hashlib.sha256(body.encode()).hexdigest(), source=source, url=url,
                    published=published)


DOCS = [
    _doc("strike-a", "Dock workers walk out in Valmora", "Harbour Courier", date(2031, 3, 3),
         "https://example.org/strike-a"),
    _doc("strike-b", "Valmora port stands still", "Coastal Times", date(2031, 3, 4)),
    _doc("grain", "Grain prices climb", "Farm Ledger", date(2031, 2, 20)),
]
EXTRACTIONS = {
    "strike-a": DocExtraction(
        "strike-a",
        quotes=(Quote("We will not let the port close for weeks", 0, 1, "amara-okafor", "Okafor"),
                Quote("a fair offer", 0, 1, "amara-okafor", "Okafor", "partial")),
        events=(Event("2031-03-02", "day", "Sunday", "dock workers walked out at the port of Valmora", 0, 1),
                Event("2031-04", "month", "April", "talks on a new wage deal are due", 0, 1),
                Event("2031-03-06", "day", "Thursday", "Okafor met union leaders at the ministry", 0, 1)),
    ),
    "strike-b": DocExtraction(
        "strike-b",
        quotes=(Quote("We will not let the port close for weeks!", 0, 1, "amara-okafor", "the minister"),
                Quote("Our members have waited long enough", 0, 1, "tomasz-wielgosz", "Wielgosz")),
        events=(Event("2031-03-02", "day", "March 2", "Valmora port dock workers walked out over pay", 0, 1),
                Event("--03-10", "day", "March 10", "the union plans a rally in the capital", 0, 1)),
    ),
    "grain": DocExtraction(
        "grain",
        quotes=(Quote("prices will settle by summer", 0, 1, None, "a spokesperson"),),
        events=(Event("2031-02-18", "day", "Tuesday", "grain prices rose sharply at the exchange", 0, 1),),
    ),
}
PEOPLE = [
    PersonRecord("amara-okafor", "Amara Okafor", ("Okafor",),
                 (Role("Minister of Transport", "strike-a"), Role("transport minister", "strike-b")),
                 ("strike-a", "strike-b"), mentions=9),
    PersonRecord("tomasz-wielgosz", "Tomasz Wielgosz", ("Wielgosz",),
                 (Role("head of the dockers' union", "strike-b"),), ("strike-b",), mentions=4),
    PersonRecord("li-wenjun", "Li Wenjun", ("Li",), (Role("commodities analyst", "grain"),),
                 ("grain",), mentions=2),
]
QUESTIONS = [
    QuestionRecord(
        "q-strike-end", "Will the strike end before April?", "open", ("strike-a", "strike-b"),
        (StanceRecord("strike-a", "amara-okafor", "Okafor", "expects a deal within days", "for"),
         StanceRecord("strike-b", "tomasz-wielgosz", "Wielgosz", "says members will stay out", "against")),
    ),
    QuestionRecord("q-grain", "Will grain prices fall by summer?", "open", ("grain",),
                   (StanceRecord("grain", None, "a spokesperson", "prices will settle by summer", "for"),)),
    QuestionRecord("q-closed", "Will the old ferry line reopen?", "resolved", ("grain",)),
]


def fill_store(store: Store, docs=DOCS, extractions=EXTRACTIONS, people=PEOPLE, questions=QUESTIONS) -> Store:
    """Save documents and extractions, then the resolution (local keys are the global ids)."""
    for doc in docs:
        store.save_document(doc, extractions.get(doc.id, DocExtraction(doc.id)))
    ids = {(d, p.id): p.id for p in people for d in p.documents}
    store.save_resolution(people, ids, questions)
    return store


@pytest.fixture
def store(tmp_path):
    with Store(f"sqlite:///{tmp_path / 'briefing.sqlite3'}") as s:
        yield fill_store(s)


# ----------------------------------------------------------------------------------------------
# Pure helpers


def _event(doc: str, when: str | None, text: str, precision: str = "day") -> EventRecord:
    return EventRecord(0, doc, when, precision, "", text)


@pytest.mark.parametrize(
    "events, expected",
    [
        # the same development on the same day in two documents: one item, both documents
        ([_event("a", "2031-03-02", "dock workers walked out at the port"),
          _event("b", "2031-03-02", "port dock workers walked out over pay")], [{"a", "b"}]),
        # a year-less date joins the full date with the same month and day
        ([_event("a", "2031-03-02", "dock workers walked out at the port"),
          _event("b", "--03-02", "dock workers walked out")], [{"a", "b"}]),
        # same words, different days: two items
        ([_event("a", "2031-03-02", "dock workers walked out"),
          _event("b", "2031-03-05", "dock workers walked out")], [{"a"}, {"b"}]),
        # same day, unrelated content: two items
        ([_event("a", "2031-03-02", "dock workers walked out at the port"),
          _event("b", "2031-03-02", "the central bank raised interest rates")], [{"a"}, {"b"}]),
        # month precision needs a larger overlap than an exact day
        ([_event("a", "2031-03", "ministers met union leaders to discuss wages and hours", "month"),
          _event("b", "2031-03", "union leaders announced new protests against closures", "month")],
         [{"a"}, {"b"}]),
        # no snowballing: a third report that shares nothing with the first stays apart
        ([_event("a", "2031-03-02", "ministers approved harbour dredging plans"),
          _event("b", "2031-03-02", "harbour dredging contracts went to foreign bidders"),
          _event("c", "2031-03-02", "foreign bidders protested contract terms")], [{"a", "b"}, {"c"}]),
        # undated events never reach the timeline
        ([_event("a", None, "dock workers walked out", "none")], []),
        # the same document repeating itself is one item citing it once
        ([_event("a", "2031-03-02", "dock workers walked out at the port"),
          _event("a", "2031-03-02", "the port's dock workers walked out")], [{"a"}]),
    ],
)
def test_cluster_events(events, expected):
    clusters = b.cluster_events(events)
    assert sorted(map(set, (c.doc_ids for c in clusters)), key=sorted) == sorted(expected, key=sorted)
    for cluster in clusters:
        assert len(cluster.doc_ids) == len(set(cluster.doc_ids))


def _quote(doc: str, text: str, speaker: str | None = "p1", kind: str = "direct") -> QuoteRecord:
    return QuoteRecord(0, doc, speaker, "someone", text, kind)


@pytest.mark.parametrize(
    "quotes, expected",
    [
        # same words (case and punctuation aside) in two documents: one item, two citations
        ([_quote("a", "We will not back down."), _quote("b", "we will NOT back down")],
         [("We will not back down.", {"a", "b"})]),
        # a partial quote inside a longer quote: the longer one, citing both
        ([_quote("a", "not back down", kind="partial"), _quote("b", "We will not back down, ever")],
         [("We will not back down, ever", {"a", "b"})]),
        # different words: two items
        ([_quote("a", "We will not back down"), _quote("b", "The talks failed")],
         [("We will not back down", {"a"}), ("The talks failed", {"b"})]),
        # the same short words from two different speakers are two quotes
        ([_quote("a", "not back down", "p1"), _quote("b", "We will not back down", "p2")],
         [("not back down", {"a"}), ("We will not back down", {"b"})]),
        # a fragment under three words is never merged by containment
        ([_quote("a", "back down", kind="partial"), _quote("b", "We will not back down")],
         [("back down", {"a"}), ("We will not back down", {"b"})]),
        # empty text is dropped
        ([_quote("a", "  ... ")], []),
    ],
)
def test_rank_quotes_dedupes(quotes, expected):
    kn = b.Knowledge(quotes=tuple(quotes))
    items = b.rank_quotes(kn, b.PeopleIndex([]), date(2031, 3, 1), limit=None)
    assert sorted((q.text, set(q.doc_ids)) for q in items) == sorted(expected, key=lambda x: x[0])


def _docrec(id: str, published: date | None) -> DocumentRecord:
    return DocumentRecord(id, f"{id}.txt", id, None, None, published, False, 10, "0", NOW)


def test_events_rank_by_sources_then_recency_and_concreteness():
    docs = tuple(_docrec(d, date(2031, 3, 10)) for d in "abc")
    events = (
        _event("a", "2031-03-01", "the bridge reopened to traffic"),
        _event("b", "2031-03-01", "traffic returned as the bridge reopened"),  # two sources
        _event("c", "2031-03-09", "the mayor resigned after the vote"),  # recent, one source
        _event("c", "2031-03", "the council will vote on the budget", "month"),  # vague date
        _event("a", "2029-03-09", "an old flood damaged the bridge"),  # old
    )
    ranked = b.rank_events(b.Knowledge(documents=docs, events=events), b.PeopleIndex([]), date(2031, 3, 10))
    texts = [e.text for e in ranked]
    assert set(ranked[0].doc_ids) == {"a", "b"}
    assert texts.index("the mayor resigned after the vote") < texts.index("the council will vote on the budget")
    assert texts[-1] == "an old flood damaged the bridge"


def test_items_cite_at_most_three_sources_and_count_the_rest():
    docs = tuple(_docrec(f"d{i}", date(2031, 3, i + 1)) for i in range(6))
    events = tuple(_event(d.id, "2031-03-01", "the bridge reopened to traffic") for d in docs)
    brief = b.compose(b.Knowledge(documents=docs, events=events), now=NOW)
    event = brief.headlines[0]
    assert len(event.doc_ids) == 6 and len(event.refs) == 3 and event.refs.more == 3
    # the most recent documents are the ones cited by number
    assert {s.doc_id for s in brief.sources if s.n in event.refs} == {"d5", "d4", "d3"}
    assert len(brief.sources) == 6  # the others are still listed as sources


def test_one_speaker_cannot_fill_the_quotes():
    quotes = tuple(_quote(f"d{i}", f"statement number {i} about the harbour", "p1") for i in range(5))
    quotes += (_quote("d9", "a quieter voice on the harbour", "p2"),)
    kn = b.Knowledge(quotes=quotes)
    items = b.rank_quotes(kn, b.PeopleIndex([]), date(2031, 3, 1), limit=4, per_speaker=2)
    assert [q.person_id for q in items].count("p1") == 2 and "p2" in [q.person_id for q in items]


def test_headlines_are_not_repeated_in_the_timeline(store):
    brief = b.build_briefing(store, now=NOW)
    assert brief.headlines and brief.events
    assert not {(h.date, h.text) for h in brief.headlines} & {(e.date, e.text) for e in brief.events}


def test_central_people_lift_events():
    people = [PersonRecord("p", "Ines Barrow", ("Barrow",), (), ("a", "b"), mentions=40),
              PersonRecord("q", "Ola Nnadi", (), (), ("a",), mentions=1)]
    docs = (_docrec("a", date(2031, 3, 10)), _docrec("b", date(2031, 3, 10)))
    events = (_event("a", "2031-03-08", "Ola Nnadi opened a clinic"),
              _event("b", "2031-03-08", "Barrow signed the decree"))
    ranked = b.rank_events(b.Knowledge(documents=docs, people=tuple(people), events=events),
                           b.PeopleIndex(people), date(2031, 3, 10))
    assert ranked[0].text == "Barrow signed the decree"


@pytest.mark.parametrize(
    "text, expected",
    [
        ("2031-06-01..2031-06-30", (date(2031, 6, 1), date(2031, 6, 30))),
        ("2031-06-01 .. ", (date(2031, 6, 1), None)),
        ("..2031-06-30", (None, date(2031, 6, 30))),
        ("since 2031-06-01", (date(2031, 6, 1), None)),
        ("Until 2031-06-30", (None, date(2031, 6, 30))),
        ("2031-06-05", (date(2031, 6, 5), date(2031, 6, 5))),
        ("last 7 days", (date(2031, 3, 6), date(2031, 3, 12))),
        ("past 2 weeks", (date(2031, 2, 27), date(2031, 3, 12))),
        ("yesterday", (date(2031, 3, 11), date(2031, 3, 11))),
    ],
)
def test_parse_date_range(text, expected):
    assert b.parse_date_range(text, today=date(2031, 3, 12)) == expected


@pytest.mark.parametrize(
    "text, message",
    [
        ("next tuesday", "cannot read the date range"),
        ("2031-02-30..2031-03-01", "not a real date"),
        ("2031-06-30..2031-06-01", "starts (2031-06-30) after it ends"),
        ("..", "at least one date"),
        ("last 0 days", "at least one day"),
        ("", "cannot read the date range"),
    ],
)
def test_parse_date_range_errors(text, message):
    with pytest.raises(b.DateRangeError, match=message.replace("(", r"\(").replace(")", r"\)")):
        b.parse_date_range(text, today=date(2031, 3, 12))


@pytest.mark.parametrize(
    "value, expected",
    [("2031-03-02", (2031, 3, 2)), ("2031-03", (2031, 3, 0)), ("2031", (2031, 0, 0)),
     ("--03-02", (2030, 3, 2)), (None, (9999, 99, 99))],
)
def test_partial_date_key(value, expected):
    assert b.partial_date_key(value, fallback_year=2030) == expected


# ----------------------------------------------------------------------------------------------
# From a filled store


def test_whole_store_briefing_has_every_section_and_cites(store):
    brief = b.build_briefing(store, now=NOW)
    assert brief.kind == "briefing" and brief.documents == 3
    assert brief.sections == b.ALL_SECTIONS
    walkout = [e for e in (*brief.headlines, *brief.events) if "walked out" in e.text]
    assert len(walkout) == 1 and len(walkout[0].refs) == 2  # one item, both citations
    minister = [q for q in brief.quotes if q.text.startswith("We will not let the port close")]
    assert len(minister) == 1 and len(minister[0].refs) == 2
    assert minister[0].speaker == "Amara Okafor" and minister[0].role
    assert [q.id for q in brief.questions] == ["q-strike-end", "q-grain"]  # resolved one left out
    sides = dict(brief.questions[0].sides)
    assert [s.speaker for s in sides["for"]] == ["Amara Okafor"]
    assert [s.speaker for s in sides["against"]] == ["Tomasz Wielgosz"]
    assert {p.name for p in brief.people} >= {"Amara Okafor", "Tomasz Wielgosz"}
    # every citation points at a listed source, and sources are numbered 1..n
    numbers = [s.n for s in brief.sources]
    assert numbers == list(range(1, len(numbers) + 1))
    cited = {n for item in (*brief.headlines, *brief.events, *brief.quotes, *brief.questions) for n in item.refs}
    assert cited and cited <= set(numbers)
    assert brief.headlines and len(brief.headlines) <= b.LIMITS["headlines"]
    assert set(brief.headlines[0].doc_ids) == {"strike-a", "strike-b"}


def test_timeline_is_chronological(store):
    events = b.build_briefing(store, now=NOW).events
    keys = [b.partial_date_key(e.date, fallback_year=2031) for e in events]
    assert keys == sorted(keys)
    assert events[0].text.startswith("grain prices")


@pytest.mark.parametrize(
    "since, until, expected",
    [
        (date(2031, 3, 1), None, {"strike-a", "strike-b"}),
        (None, date(2031, 3, 3), {"strike-a", "grain"}),
        (date(2031, 3, 4), date(2031, 3, 4), {"strike-b"}),
        (date(2032, 1, 1), None, set()),
    ],
)
def test_date_window_selects_by_publication(store, since, until, expected):
    brief = b.build_briefing(store, since=since, until=until, now=NOW)
    assert brief.kind == "range" and brief.documents == len(expected)
    ranked = {d for item in (*brief.headlines, *brief.events, *brief.quotes) for d in item.doc_ids}
    assert ranked <= expected and (ranked or not expected)
    # open questions may also cite their other sources, outside the window
    assert expected <= {s.doc_id for s in brief.sources}
    assert (brief.note is None) == bool(expected)


@pytest.mark.parametrize(
    "topic, expected",
    [
        ("Tomasz Wielgosz", {"strike-b"}),  # a person: the documents mentioning them
        ("okafor", {"strike-a", "strike-b"}),
        ("grain", {"grain"}),  # words of titles, events, quotes, questions
        ("wage deal", {"strike-a"}),
        ("volcano", set()),
    ],
)
def test_topic_briefing(store, topic, expected):
    brief = b.build_briefing(store, topic=topic, now=NOW)
    assert brief.kind == "topic" and brief.topic == topic and brief.documents == len(expected)
    ranked = {d for item in (*brief.headlines, *brief.events, *brief.quotes) for d in item.doc_ids}
    assert ranked == expected
    assert expected <= {s.doc_id for s in brief.sources}
    if not expected:
        assert "No documents about" in brief.note


def test_daily_with_new_documents(store):
    brief = b.build_daily(store, since=datetime.now(timezone.utc) - timedelta(hours=1), now=NOW)
    assert brief.kind == "daily" and brief.documents == 3 and brief.events


def test_daily_with_nothing_new_keeps_open_questions(store):
    since = datetime.now(timezone.utc) + timedelta(minutes=1)
    brief = b.build_daily(store, since=since, now=NOW)
    assert brief.documents == 0 and brief.since == since
    assert brief.sections == ("questions", "sources")
    assert [q.id for q in brief.questions] == ["q-strike-end", "q-grain"]
    assert {s.doc_id for s in brief.sources} == {"strike-a", "strike-b", "grain"}


def test_profile(store):
    profile = b.build_profile(store, "okafor", now=NOW)
    assert profile.person.name == "Amara Okafor"
    assert [r.text for r in profile.person.roles] == ["Minister of Transport", "transport minister"]
    assert all(r.refs for r in profile.person.roles)
    assert [q.text for q in profile.quotes][0].startswith("We will not let the port close")
    assert len(profile.quotes) == 2  # the repeated quote appears once
    assert {s.doc_id for s in profile.sources} == {"strike-a", "strike-b"}


@pytest.mark.parametrize(
    "query, suggestions",
    [("Amara Okafro", ["Amara Okafor"]), ("Wielgos", ["Tomasz Wielgosz"]), ("Zebedee Quill", [])],
)
def test_unknown_name_suggests(store, query, suggestions):
    if query == "Wielgos":  # a prefix of an alias is found, not an error
        assert b.build_profile(store, query).person.name == "Tomasz Wielgosz"
        return
    with pytest.raises(b.UnknownName) as info:
        b.build_profile(store, query)
    assert info.value.query == query and info.value.suggestions == suggestions
    assert query in str(info.value)


@pytest.mark.parametrize(
    "prefix, expected",
    [("ok", ["Amara Okafor"]), ("wiel", ["Tomasz Wielgosz"]), ("val", ["Valmora"]),
     ("gra", ["Grain"]), ("zz", []), ("%", []), ("_", []), ("li w", ["Li Wenjun"])],
)
def test_suggest(store, prefix, expected):
    assert b.suggest(store, prefix) == expected


def test_small_builders(store):
    said = b.quotes_by(store, "Tomasz Wielgosz", now=NOW)
    assert said.sections == ("quotes", "sources")
    assert [q.text for q in said.quotes] == ["Our members have waited long enough"]
    line = b.timeline(store, since=date(2031, 3, 1), now=NOW)
    assert line.sections == ("events", "sources") and all(e.date >= "2031" or e.date.startswith("--") for e in line.events)
    assert "grain prices rose sharply at the exchange" not in [e.text for e in line.events]
    assert [q.id for q in b.open_questions(store, now=NOW).questions] == ["q-strike-end", "q-grain"]
    assert [s.doc_id for s in b.sources(store, now=NOW).sources] == ["strike-b", "strike-a", "grain"]
    with pytest.raises(b.UnknownName):
        b.quotes_by(store, "Nobody Atall")


def test_empty_store(tmp_path):
    with Store(f"sqlite:///{tmp_path / 'empty.sqlite3'}") as empty:
        brief = b.build_briefing(empty, now=NOW)
        assert brief.documents == 0 and brief.note == "No documents in the store yet."
        assert not brief.events and not brief.sources
        daily = b.build_daily(empty, since=None, now=NOW)
        assert daily.documents == 0 and not daily.questions


# ----------------------------------------------------------------------------------------------
# Reading only what is shown, through the store's public methods


@pytest.mark.parametrize("window", [1, 2, 20])
@pytest.mark.parametrize("name", ["Amara Okafor", "Tomasz Wielgosz", "Li Wenjun"])
def test_profile_renders_as_from_the_full_person_record(store, monkeypatch, window, name):
    """The profile reads counted roles and the window's items only; it shows exactly what the
    pure composer shows from the person's full record (all roles, all documents)."""
    from digests.render import Renderer

    monkeypatch.setattr(b._select, "PROFILE_WINDOW", window)
    fast = b.build_profile(store, name, now=NOW)
    person = store.person(fast.person.id)
    docs = store.documents_mentioning(person.id, limit=window)
    ids = [d.id for d in docs]
    full = b.compose_profile(person, b.Knowledge(
        documents=tuple(docs), people=(person,),
        quotes=tuple(store.quotes(doc_ids=ids, speaker_id=person.id)),
        events=tuple(store.events(doc_ids=ids))), now=NOW)
    renderer = Renderer()
    assert renderer.text(fast) == renderer.text(full)
    assert renderer.discord_pages(fast) == renderer.discord_pages(full)
    assert [(r.text, tuple(r.refs), r.refs.more) for r in fast.person.roles] == [
        (r.text, tuple(r.refs), r.refs.more) for r in full.person.roles]


def test_profile_role_outside_the_window_counts_as_more(store, monkeypatch):
    monkeypatch.setattr(b._select, "PROFILE_WINDOW", 1)  # only strike-b, the newest
    roles = b.build_profile(store, "okafor", now=NOW).person.roles
    assert [(r.text, len(r.refs), r.refs.more) for r in roles] == [
        ("Minister of Transport", 0, 1), ("transport minister", 1, 0)]


def test_profile_lists_at_most_profile_roles(store, monkeypatch):
    monkeypatch.setattr(b._select, "PROFILE_ROLES", 1)
    assert [r.text for r in b.build_profile(store, "okafor", now=NOW).person.roles] == [
        "Minister of Transport"]


def test_profile_reads_one_match_and_no_role_rows(store):
    import sqlalchemy as sa

    statements: list[str] = []
    sa.event.listen(store.engine, "before_cursor_execute",
                    lambda conn, cursor, statement, *a: statements.append(" ".join(statement.split())))
    b.build_profile(store, "Amara Okafor", now=NOW)
    assert not any(s.startswith("SELECT roles.person_id, roles.text, roles.doc_id") for s in statements)
    assert not any("LIKE" in s.upper() for s in statements)  # an exact name: no alias scan
    assert not any("body" in s for s in statements)
    assert len(statements) <= 10


def test_briefing_reads_the_store_only_through_its_public_methods():
    import ast
    import inspect

    tree = ast.parse(inspect.getsource(b))
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module in ("store", "sqlalchemy"):
            names = {a.name for a in node.names}
            assert names <= {"RoleSummary", "Store"}, names  # type hints only
        if isinstance(node, ast.Import):
            assert not any(a.name.startswith("sqlalchemy") for a in node.names)
        if isinstance(node, ast.Attribute):
            assert node.attr != "engine" and not (node.attr.startswith("_") and node.attr.endswith("_t"))


@pytest.mark.parametrize(
    "query, expected",
    [
        ("Park Chol Su", "Pak Chol-su"),      # surname variant + spacing: the same person
        ("pak cholsu", "Pak Chol-su"),        # case and joined syllables
        ("Pak Chol Min", "Pak Chol-min"),     # the other Pak, never confused with the first
        ("Park Chol Ho", None),               # shares surname and a syllable only: unknown
        ("Park", None),                       # a surname alone is never resolved this way
    ],
)
def test_profile_finds_other_romanisations_of_a_name(tmp_path, query, expected):
    people = [
        PersonRecord("pak-chol-su", "Pak Chol-su", (), (Role("vice minister", "grain"),), ("grain",), 3),
        PersonRecord("pak-chol-min", "Pak Chol-min", (), (), ("grain",), 1),
    ]
    with Store(f"sqlite:///{tmp_path / 'variants.sqlite3'}") as s:
        fill_store(s, people=people)
        if expected is None:
            with pytest.raises(b.UnknownName):
                b.build_profile(s, query)
        else:
            assert b.build_profile(s, query).person.name == expected


class _Spy:
    """Wraps a store and records the calls made to it (name, keyword arguments)."""

    def __init__(self, store):
        self._store, self.calls = store, []

    def __getattr__(self, name):
        method = getattr(self._store, name)

        def call(*args, **kwargs):
            self.calls.append((name, kwargs))
            return method(*args, **kwargs)

        return call


def test_open_questions_reads_only_the_stance_speakers(store):
    spy = _Spy(store)
    brief = b.open_questions(spy, now=NOW)
    assert [q.id for q in brief.questions] == ["q-strike-end", "q-grain"]
    people_calls = [kw for name, kw in spy.calls if name == "people"]
    assert people_calls == [{"ids": ["amara-okafor", "tomasz-wielgosz"]}]  # not li-wenjun
    sides = dict(brief.questions[0].sides)
    assert [s.speaker for s in sides["against"]] == ["Tomasz Wielgosz"]  # names still resolved


def test_load_knowledge_filters_quotes_and_events_by_document_in_the_store(store):
    spy = _Spy(store)
    kn = b.load_knowledge(spy, store.documents(ids=["grain"]))
    assert {q.doc_id for q in kn.quotes} == {"grain"} and {e.doc_id for e in kn.events} == {"grain"}
    assert ("quotes", {"doc_ids": ["grain"]}) in spy.calls
    assert ("events", {"doc_ids": ["grain"]}) in spy.calls


def test_briefing_keeps_no_copy_of_the_stores_id_limit():
    assert not hasattr(b, "MAX_IN_IDS")
