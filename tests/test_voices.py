"""Voices: carrying clauses of partial quotes, slogans and crowds, Q&A interviewees (invented)."""
from __future__ import annotations

import pytest

from digests.briefing import _voices as v


def _span(body: str, fragment: str) -> tuple[int, int]:
    start = body.index(fragment)
    return start, start + len(fragment)


def test_partial_quote_is_shown_inside_the_words_that_carry_it():
    body = 'The port reopened on Monday. Meanwhile, Officer Dana Reyes said the plan was "a costly, ' \
           'reckless gamble" for the city. Talks resume next week.'
    clause = v.carrying_clause(body, *_span(body, "a costly, reckless gamble"))
    assert clause == 'Officer Dana Reyes said the plan was "a costly, reckless gamble" for the city'


def test_fragment_ending_mid_phrase_is_completed_by_its_clause():
    body = 'According to Reyes, the posters were "a cheap stunt, aimed at" the new mayor, Ana Lind. Then it rained.'
    clause = v.carrying_clause(body, *_span(body, "a cheap stunt, aimed at"))
    assert clause.endswith('"a cheap stunt, aimed at" the new mayor, Ana Lind')


def test_long_sentence_is_cut_to_the_clauses_around_the_quote():
    filler = ", ".join(f"the {n} district council met" for n in ("north", "south", "east", "west", "upper", "lower"))
    body = f'After weeks of talks, {filler}, and the chair called the deal "a fair bargain" before the vote, ' \
           f'{filler}, and everyone went home.'
    clause = v.carrying_clause(body, *_span(body, "a fair bargain"), limit=120)
    assert '"a fair bargain"' in clause and "chair called the deal" in clause
    assert len(clause) < len(body) // 2


def test_bad_offsets_give_no_clause():
    assert v.carrying_clause("short", 3, 99) is None


@pytest.mark.parametrize("speaker,kind", [
    ("harsh slogans", "slogan"),
    ("a banner at the rally", "slogan"),
    ("the crowd", "crowd"),
    ("protesters outside the hall", "crowd"),
    ("a spokesperson", "unnamed"),
    ("the officials there", "unnamed"),
    (None, "unnamed"),
])
def test_voice_kinds(speaker, kind):
    assert v.voice_kind(speaker) == kind


QA = """Floods cut the valley road for a week.

First, the views of partner "B", a farmer from Upper Dorn County in her 50s. The Valley Post spoke with her on May 4.

-- Did the water reach your house?

A: Yes, it did.  The whole ground floor was under water for three days and nobody from the county came to help us at all.

-- What do people say?

A: They are angry at the county and they say so openly now. I think the council will lose the next vote because of it. Nobody trusts them.
"""


def test_interviewee_of_a_qa_piece_is_a_voice():
    found = v.interviewee(QA, outlet="The Valley Post")
    assert found.description == "a farmer from Upper Dorn County, interviewed by The Valley Post"
    # the answer that gives a view is preferred to the first long one
    assert found.answer == "I think the council will lose the next vote because of it. Nobody trusts them."
    assert QA[found.start:found.end].startswith("They are angry")


def test_without_a_view_the_first_long_answer_speaks():
    found = v.interviewee(QA.replace("I think", "Perhaps"), outlet=None)
    assert found.description == "a farmer from Upper Dorn County"
    assert found.answer.startswith("The whole ground floor was under water")


def test_plain_article_has_no_interviewee():
    assert v.interviewee("A resident of Upper Dorn County said the road was shut. A: nothing.") is None


def test_abbreviations_do_not_end_the_carrying_sentence():
    body = 'Talks stalled. U.N. envoy Dr. Ana Lind said the deal could still "hold firm," officials added.'
    assert v.carrying_clause(body, *_span(body, "hold firm")).startswith("U.N. envoy Dr. Ana Lind said")


def test_an_agent_noun_describes_the_interviewee():
    qa = QA.replace("a farmer from Upper Dorn County", "a ferry skipper from Upper Dorn County")
    assert v.interviewee(qa).description == "a ferry skipper from Upper Dorn County"


@pytest.mark.parametrize("text,expected", [
    ("a cheap stunt, aimed at", True),
    ("the future of", True),
    ("a fair bargain,", True),
    ("a fair bargain", False),
    ("we will rebuild it", False),
])
def test_fragments_that_stop_mid_phrase(text, expected):
    assert v.ends_mid_phrase(text) is expected
