"""Focus rules: topic items, agents of event lines, ambiguous names (invented names)."""
from __future__ import annotations

import pytest

from digests.briefing import _focus as f
from digests.models import PersonRecord


@pytest.mark.parametrize("text,topic,expected", [
    ("The two towns may hold a second regatta in May", "regatta", True),
    ("Clubs agreed on regattas twice a year", "regatta", True),
    ("Crews repaired the regatta road", "harbour regatta", False),
    ("The harbour regatta opened", "the harbour regatta", True),
    ("Prices rose", "regatta", False),
])
def test_about(text, topic, expected):
    assert f.about(text, f.topic_words(topic)) is expected


NAMES = ("Dorn Vale", "Dorn", "Vale")
OTHERS = ("Dorn Mira",)


@pytest.mark.parametrize("text,expected", [
    ("Dorn Vale announced a new ferry line", True),
    ("The ferry line was opened by Vale", True),
    ("Vale's sister Dorn Mira warned of a strike", False),   # a relative's statement
    ("Dorn Mira warned of a strike", False),                 # another person sharing the word
    ("Officials met with Vale in the capital", False),       # object, not agent
    ("Trade talks with Dorn Vale collapsed", False),
    ("After the talks, Vale offered to resign", True),
])
def test_is_agent(text, expected):
    assert f.is_agent(text, NAMES, others=OTHERS) is expected


def _p(name, aliases=(), mentions=1):
    return PersonRecord(name.lower().replace(" ", "-"), name, aliases, (), (), mentions)


def test_ambiguous_word_lists_the_candidates_most_mentioned_first():
    people = [_p("Dorn Vale", ("Vale",), 9), _p("Dorn Mira", (), 4), _p("Ika Dorn", ("Dorn",), 6)]
    assert [p.name for p in f.ambiguous("dorn", people)] == ["Dorn Vale", "Ika Dorn", "Dorn Mira"]


@pytest.mark.parametrize("query", ["vale", "Dorn Vale", "mira"])
def test_unambiguous_queries(query):
    people = [_p("Dorn Vale", ("Vale",), 9), _p("Dorn Mira", (), 4)]
    assert f.ambiguous(query, people) == []


def test_a_title_before_the_name_keeps_the_agent():
    assert f.is_agent("Governor Dorn Vale froze the port budget", NAMES, others=OTHERS)
