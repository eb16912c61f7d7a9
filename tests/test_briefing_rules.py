"""The briefing rules of issue 10, end to end on the invented corpus of ``briefing_corpus.py``:
bottom line first, the news period in the heading, one clean line per development, officials
apart from other voices, open questions with dated sides in their own words ordered by weight,
citations with a line's own source first, topic and person briefs that select items, ambiguous
names listed, date filters by when things happened -- in every output format."""
from __future__ import annotations

import asyncio
import json
from datetime import date, datetime, timezone

import pytest
import sqlalchemy as sa

import briefing_corpus as corpus
from bot.commands import CommandCore, Invocation
from digests import briefing as b
from digests.models import DocumentRecord, EventRecord, PersonRecord
from digests.render import Renderer
from digests.settings import Settings
from digests.store import Store
from fakes import FakeClock

NOW = datetime(2031, 5, 20, 7, 0, tzinfo=timezone.utc)


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    path = tmp_path_factory.mktemp("rules") / "rules.sqlite3"
    with Store(f"sqlite:///{path}") as s:
        yield corpus.fill(s)


@pytest.fixture(scope="module")
def brief(store):
    return b.build_briefing(store, now=NOW)


def _outputs(obj) -> dict[str, str]:
    r = Renderer()
    return {
        "text": r.text(obj),
        "markdown": r.markdown(obj),
        "html": r.html(obj),
        "discord": "\n".join(r.discord_pages(obj)),
        "embeds": json.dumps(r.discord_embeds(obj), ensure_ascii=False),
    }


def _events(brief) -> list[str]:
    return [e.text for e in brief.events]


# ----------------------------------------------------------------------------------------------
# Bottom line and heading


def test_bottom_line_first_what_changed_then_what_is_open(brief):
    assert brief.sections[0] == "bottom_line"
    kinds = [line.kind for line in brief.bottom_line]
    assert kinds == ["changed", "changed", "open"]
    walkout = brief.bottom_line[0]
    assert walkout.date == "2031-05-10" and "walked off the job" in walkout.text and walkout.sources == 2
    still_open = brief.bottom_line[-1]
    assert still_open.text == "Will the ferry crews return before the regatta?"
    assert dict(still_open.sides) == {"for": ("Dorn Vale",), "against": ("a skipper from Port Sable",)}
    assert all(line.refs for line in brief.bottom_line)


@pytest.mark.parametrize("fmt", ["text", "markdown", "html", "discord", "embeds"])
def test_heading_says_the_news_period_then_when_generated(brief, fmt):
    out = _outputs(brief)[fmt]
    assert "10–13 May 2031".lower() in out.lower()
    assert "generated 20 May 2031" in out
    # the first lines are the bottom line, before the key events
    assert out.index("Bottom line" if fmt != "text" else "BOTTOM LINE") < out.index(
        "Key events" if fmt != "text" else "KEY EVENTS")
    assert out.index("walked off the job") < out.index("Still open")


# ----------------------------------------------------------------------------------------------
# Key events


def test_one_line_per_development_merged_across_articles(brief):
    walkouts = [e for e in brief.events if "off the job" in e.text]
    assert len(walkouts) == 1 and walkouts[0].sources == 2
    assert walkouts[0].doc_ids[0] == "ferry-a"  # the article whose words are shown, cited first


def test_reporting_frames_are_stripped_and_the_subject_kept(brief):
    assert "The ferry terminal was closed by the port authority" in _events(brief)
    assert not any("reported that" in t or t.startswith(("Back on", "On May", "Meanwhile")) for t in _events(brief))


@pytest.mark.parametrize("fmt", ["text", "markdown", "html", "discord", "embeds"])
def test_no_caption_credit_newsroom_line_byline_or_slogan_appears(brief, fmt):
    out = _outputs(brief)[fmt]
    for furniture in ("This photo was taken", "Photograph released", "spoke with the skipper",
                      "Ilse Marr", "Sink the budget", "feeds/", "ferry-b"):
        assert furniture not in out, (fmt, furniture)


def test_hopes_about_a_future_date_are_not_events(brief):
    assert not any("hopes" in t for t in _events(brief))
    assert not any(e.date == "2031-07" for e in brief.events)
    assert not any(t.startswith('"We will not pay') for t in _events(brief))  # a quotation line


def test_undated_article_contributes_its_undated_items(brief):
    undated = [e for e in brief.events if e.date is None]
    assert [e.text for e in undated] == ["The terminal cafe closed for renovation"]
    assert "undated" in Renderer().text(brief)


# ----------------------------------------------------------------------------------------------
# Quoted officials and other voices


def test_partial_quote_is_shown_inside_its_clause(brief):
    varga = next(q for q in brief.quotes if q.speaker == "Lena Varga")
    assert varga.role == "Harbour Master"
    assert varga.context == ('According to Harbour Master Lena Varga, the strike was '
                             '"a reckless gamble, aimed at" the new port budget')
    out = Renderer().text(brief)
    assert '"a reckless gamble, aimed at" the new port budget' in out


def test_officials_are_named_and_voices_apart(brief):
    assert all(q.person_id and q.voice == "named" for q in brief.quotes)
    assert [q.voice for q in brief.voices] == ["interviewee"]
    voice = brief.voices[0]
    assert voice.speaker == "a skipper from Port Sable, interviewed by tidewatch.example"
    assert voice.text.startswith("I think the port budget cuts our wages")


# ----------------------------------------------------------------------------------------------
# Open questions


def test_questions_ordered_by_weight_not_alphabetically(brief):
    # "Will the terminal cafe ..." sorts first alphabetically, but has one source and one voice
    assert [q.id for q in brief.questions] == ["q-return", "q-cafe"]


def test_sides_keep_their_own_words_leaning_and_date(brief):
    q = brief.questions[0]
    sides = {s.leaning: s for s in q.stances}
    assert sides["for"].speaker == "Dorn Vale" and sides["for"].date == date(2031, 5, 12)
    assert sides["for"].text == 'hopes the crews "could return" before the regatta'
    assert sides["against"].text == '"Not before the regatta, I believe"'
    out = Renderer().markdown(brief)
    assert "Dorn Vale (for), 12 May 2031" in out and "(against), 13 May 2031" in out


# ----------------------------------------------------------------------------------------------
# Citations


def test_untitled_article_is_titled_by_its_first_sentence_and_its_domain(brief):
    untitled = next(s for s in brief.sources if s.doc_id == "ferry-b")
    assert untitled.title == "Ferry crews in Port Sable stayed off the job for a third day on Tuesday"
    assert untitled.outlet == "tidewatch.example"


def test_each_line_cites_its_own_source_first(brief):
    numbers = {s.doc_id: s.n for s in brief.sources}
    for item in (*brief.events, *brief.quotes, *brief.voices):
        assert item.refs[0] == numbers[item.doc_ids[0]]


# ----------------------------------------------------------------------------------------------
# Topic and person briefs


def test_topic_brief_selects_items_not_documents(store):
    brief = b.build_briefing(store, topic="regatta", now=NOW)
    assert [q.id for q in brief.questions] == ["q-return"]
    assert brief.events == () and brief.quotes == ()  # the articles' other items are left out
    assert [p.name for p in brief.people] == ["Dorn Vale"]


def test_ambiguous_name_lists_the_candidates(store):
    with pytest.raises(b.AmbiguousName) as caught:
        b.build_profile(store, "dorn", now=NOW)
    assert caught.value.candidates == ["Dorn Vale", "Dorn Mira"]
    assert "Dorn Vale, Dorn Mira" in str(caught.value)


def test_profile_lists_only_events_the_person_did(store):
    profile = b.build_profile(store, "Dorn Vale", now=NOW)
    texts = [e.text for e in profile.events]
    assert texts == ["Governor Dorn Vale froze the port budget on May 11"]  # not the sister's warning


# ----------------------------------------------------------------------------------------------
# Date filters apply to when things happened


def test_since_filters_by_event_date_not_publication(store):
    brief = b.build_briefing(store, since=date(2031, 5, 11), now=NOW)
    texts = _events(brief)
    assert "Governor Dorn Vale froze the port budget on May 11" in texts
    # reported by articles of 12 and 13 May, but it happened on 10 May
    assert not any("off the job" in t for t in texts)


def test_timeline_since_filters_by_event_date(store):
    timeline = b.timeline(store, since=date(2031, 5, 11), now=NOW)
    assert timeline.events and all(e.date >= "2031-05-11" for e in timeline.events)


def test_daily_digest_marks_new_sides(store):
    daily = b.build_daily(store, since=datetime(2000, 1, 1, tzinfo=timezone.utc), now=NOW)
    assert daily.bottom_line and daily.questions
    assert all(s.new for q in daily.questions for s in q.stances)
    assert "(for, new)" in Renderer().text(daily)


@pytest.mark.parametrize("build", [
    lambda store: b.open_questions(store, now=NOW),
    lambda store: b.sources(store, now=NOW),
    lambda store: b.timeline(store, now=NOW),
    lambda store: b.build_daily(store, since=datetime(2999, 1, 1, tzinfo=timezone.utc), now=NOW),
])
def test_every_builder_titles_an_untitled_article_by_its_first_sentence(store, build):
    listed = {s.doc_id: s.title for s in build(store).sources}
    assert listed["ferry-b"] == "Ferry crews in Port Sable stayed off the job for a third day on Tuesday"


# ----------------------------------------------------------------------------------------------
# The chat commands list an ambiguous name's candidates


def test_who_with_an_ambiguous_name_lists_the_candidates(store):
    core = CommandCore(store, Renderer(), Settings(), FakeClock(NOW))
    reply = asyncio.run(core.handle("!who dorn", Invocation("1", "reader", target="console")))
    assert not reply.ok
    assert "'dorn' could mean several people: Dorn Vale, Dorn Mira" in reply.text
    full = asyncio.run(core.handle("!who Dorn Vale", Invocation("1", "reader", target="console")))
    assert full.ok and "Governor" in full.text


def test_the_ambiguity_check_scans_no_alias(store):
    statements: list[str] = []
    listen = lambda conn, cursor, statement, *a: statements.append(statement)  # noqa: E731
    sa.event.listen(store.engine, "before_cursor_execute", listen)
    try:
        with pytest.raises(b.AmbiguousName):
            b.build_profile(store, "dorn", now=NOW)
    finally:
        sa.event.remove(store.engine, "before_cursor_execute", listen)
    assert not any("LIKE" in s.upper() for s in statements)


def test_a_profile_shows_the_report_in_which_the_person_acts():
    vale = PersonRecord("dorn-vale", "Dorn Vale", ("Vale",), (), ("a", "b"), mentions=3)
    docs = tuple(DocumentRecord(d, f"{d}.txt", d, None, None, date(2031, 5, 12), False, 10, "0", NOW) for d in "ab")
    events = (EventRecord(1, "a", "2031-05-09", "day", "Friday", "Governor Dorn Vale closed the old bridge"),
              EventRecord(2, "b", "2031-05-09", "day", "Friday",
                          "The old bridge was closed on Friday after a long and bitter debate among councillors"))
    profile = b.compose_profile(vale, b.Knowledge(documents=docs, people=(vale,), events=events), now=NOW)
    assert [e.text for e in profile.events] == ["Governor Dorn Vale closed the old bridge"]
