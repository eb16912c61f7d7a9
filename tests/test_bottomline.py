"""Bottom line and news period (invented items)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from digests.briefing import _bottomline as bl


@dataclass(frozen=True)
class Ev:
    date: str | None
    text: str
    doc_ids: tuple[str, ...]
    score: float = 0.0


@dataclass(frozen=True)
class St:
    speaker: str
    leaning: str


@dataclass(frozen=True)
class Q:
    text: str
    stances: tuple
    doc_ids: tuple[str, ...]


def test_period_runs_from_the_first_development_to_the_last_article():
    first, last = bl.news_period(
        [date(2031, 3, 4), date(2031, 3, 20)],
        ["2031-02-25", "2019-05", "2031-03-02", None, "2031"],
    )
    assert (first, last) == (date(2031, 2, 25), date(2031, 3, 20))  # 2019 is background


def test_period_of_undated_articles_comes_from_the_developments():
    assert bl.news_period([None], ["2031-03-02", "2031-03-09"]) == (date(2031, 3, 2), date(2031, 3, 9))
    assert bl.news_period([None], [None]) == (None, None)


def test_bottom_line_says_what_changed_then_what_is_open():
    events = [  # ranked, best first
        Ev("2031-03-09", "The ferry line reopened", ("b", "a"), 9.0),
        Ev("2031-03-02", "Dock workers walked out", ("a",), 8.0),
        Ev("2031-03-05", "Grain prices rose", ("c",), 2.0),
        Ev("2019-01", "The port was built", ("a",), 10.0),
    ]
    questions = [Q("Will the strike end before April?", (St("Ana Lind", "for"), St("Dan Roe", "against"),
                                                          St("Ana Lind", "for")), ("a", "b"))]
    lines = bl.compose_bottom_line(events, questions, period=(date(2031, 3, 1), date(2031, 3, 10)))
    assert [ln.kind for ln in lines] == ["changed", "changed", "open"]
    # the best two of the period, told oldest first; background outside the period left out
    assert [ln.text for ln in lines[:2]] == ["Dock workers walked out", "The ferry line reopened"]
    assert lines[1].doc_ids == ("b", "a") and lines[1].sources == 2
    assert lines[2].sides == (("for", ("Ana Lind",)), ("against", ("Dan Roe",)))


def test_without_open_questions_a_third_development_is_told():
    events = [Ev("2031-03-0%d" % i, f"Event {i}", ("a",), 10 - i) for i in range(1, 5)]
    lines = bl.compose_bottom_line(events, [])
    assert [ln.text for ln in lines] == ["Event 1", "Event 2", "Event 3"]


def test_each_speaker_is_told_once_under_the_leaning_most_of_their_words_take():
    stances = (St("Ana Lind", "for"), St("Dan Roe", "for"), St("Dan Roe", "against"),
               St("Dan Roe", "against"), St("Eli Ward", "for"), St("Eli Ward", "against"))
    [line] = bl.compose_bottom_line([], [Q("Will the bridge reopen in May?", stances, ("a",))])
    assert line.sides == (("for", ("Ana Lind",)), ("against", ("Dan Roe",)),
                          ("unsure", ("Eli Ward",)))
