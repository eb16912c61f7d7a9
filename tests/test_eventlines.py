"""Event lines: captions, bylines and newsroom lines are not developments; hedged future dates
are stances; kept sentences become clean clauses. Every sentence here is invented."""
from __future__ import annotations

from datetime import date

import pytest

from digests.briefing import _eventlines as el


@pytest.mark.parametrize("text", [
    "This picture was taken during his visit to the harbour in April 2029.",
    "The photo shows volunteers clearing the flooded square.",
    "These images were released by the ministry of the interior.",
    "Photograph released by the regional governor's office",
    "Photo: Lakeside Courier archive",
    "Image courtesy of the Ostrava museum.",
    "Farmers gather near the silo (Photo by Jana Novak).",
    "Pictured: the new ferry at its berth.",
])
def test_captions_and_credits_are_not_content(text):
    assert el.not_content(text) == "caption"


@pytest.mark.parametrize("text", [
    "By Jana Novak",
    "By Jana Novak and Piet Brouwer",
    "Reporting by Jana Novak; Editing by Piet Brouwer",
    "(Jana Novak/Piet Brouwer)",
])
def test_bylines_are_not_content(text):
    assert el.not_content(text) == "byline"


@pytest.mark.parametrize("text,outlet", [
    ("The Lakeside Courier spoke with the correspondent on May 4, the day after the bridge closed.", None),
    ("Harbour Daily contacted the ferry operator twice last week.", "Harbour Daily"),
    ("The ministry did not respond to a request for comment.", None),
    ("Our correspondents interviewed three farmers in the valley.", None),
    ("The mayor could not be reached for comment on Friday.", None),
])
def test_newsroom_process_lines_are_not_content(text, outlet):
    assert el.not_content(text, outlet=outlet) == "newsroom"


@pytest.mark.parametrize("text", [
    "The city council closed the old bridge over the river on May 3.",
    "Governor Lena Varga photographed the damage herself.",  # a verb, not a caption
    "Dock workers walked out at the port of Valmora.",
])
def test_developments_are_content(text):
    assert el.not_content(text) is None


@pytest.mark.parametrize("text,expected", [
    ("Back on March 3, the Harbour Daily News reported that a grain depot in Ostrava was set on fire.",
     "A grain depot in Ostrava was set on fire"),
    ("On May 3, the city council closed the old bridge over the river.",
     "The city council closed the old bridge over the river"),
    ("Meanwhile, the ferry operator cut its timetable by half.",
     "The ferry operator cut its timetable by half"),
    ("Just days earlier, the mayor's brother Tomas Ek warned of a strike at the depot.",
     "The mayor's brother Tomas Ek warned of a strike at the depot"),
    ("In a speech delivered on May 9, Varga announced that the tolls would be cut.",
     "In a speech, Varga announced that the tolls would be cut"),
    ("Rival parties agreed on a truce on Tuesday, reports Northern Wire Agency.",
     "Rival parties agreed on a truce on Tuesday"),
    ("The dam was opened in 2019 for irrigation, according to the state broadcaster.",
     "The dam was opened in 2019 for irrigation"),
    ("VALMORA, May 3 (Coast Wire) - Dock workers walked out on Sunday.",
     "Dock workers walked out on Sunday"),
    ("Volunteers rebuilt the school roof in two days. (Jana Novak/Piet Brouwer)",
     "Volunteers rebuilt the school roof in two days"),
])
def test_clean_event_line_strips_frames_and_keeps_the_subject(text, expected):
    assert el.clean_event_line(text) == expected


def test_a_persons_claim_keeps_its_speaker():
    # "said that" by a person is not a press frame: the subject stays
    assert el.clean_event_line("Officials said that the dam would hold.") == "Officials said that the dam would hold"


@pytest.mark.parametrize("text,when,published,expected", [
    ("Varga said she hopes the council could approve the budget before the vote in October.",
     "2031-10", date(2031, 6, 1), True),
    ("The minister expects to sign the deal by March.", "2032-03-01", date(2031, 12, 2), True),
    # the same words about a past date: it happened (or not), it is no hope any more
    ("Varga said she hopes the council could approve the budget before the vote in October.",
     "2030-10", date(2031, 6, 1), False),
    # a scheduled date stated flatly, or announced, stays an event
    ("Talks on the wage deal are due to open.", "2031-10", date(2031, 6, 1), False),
    ("The engineer told reporters the new pier would open.", "2031-10", date(2031, 6, 1), False),
    ("Varga hopes to meet them.", None, date(2031, 6, 1), False),
])
def test_hopes_about_future_dates_are_stances(text, when, published, expected):
    assert el.is_stance(text, when=when, published=published) is expected


@pytest.mark.parametrize("text,expected", [
    ("\"We will rebuild it,\" Varga said Monday.", True),
    ("“The bridge is safe,” the engineer told reporters.", True),
    ("\"Rebuild\" was the word on every banner in the square as crowds gathered all day.", False),
    ("Varga said the bridge was safe.", False),
])
def test_quotation_lines(text, expected):
    assert el.is_quote_line(text) is expected


def test_an_outlet_known_by_its_domain_is_recognised_as_the_newsroom():
    line = "Harbourwatch spoke with the skipper on Friday, the day after the walkout."
    assert el.not_content(line, outlet="harbourwatch.example") == "newsroom"
    assert el.not_content("Harbourwatch staff voted to strike on Friday.", outlet="harbourwatch.example") is None
