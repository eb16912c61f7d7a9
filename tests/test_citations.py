"""Citation rules: outlet, title of an untitled article, own source first (invented data)."""
from __future__ import annotations

import pytest

from digests.briefing import _citations as c


@pytest.mark.parametrize("source,url,expected", [
    ("Harbour Courier", "https://www.example.org/a", "Harbour Courier"),
    (None, "https://www.lakeside-courier.example/news/1", "lakeside-courier.example"),
    ("  ", "http://News.Example.NET:8080/x", "news.example.net"),
    (None, None, None),
    (None, "not a url", None),
])
def test_outlet_from_front_matter_else_domain(source, url, expected):
    assert c.outlet_of(source, url) == expected


def test_untitled_article_is_titled_by_its_first_sentence():
    body = "Ferry crews in Ostrava stopped work at dawn. The strike spread by noon.\n\nMore text."
    assert c.title_of(None, body) == "Ferry crews in Ostrava stopped work at dawn"
    assert c.title_of("Ferries stop", body) == "Ferries stop"


@pytest.mark.parametrize(("body", "title"), [
    # a title's abbreviation, an initial or a dotted abbreviation does not end the sentence
    ("Harbour Gov. Tam Rellick declared an emergency. Crews left.",
     "Harbour Gov. Tam Rellick declared an emergency"),
    ("Dr. J. Okoro of the U.S. Navy left the port. Crews stayed.",
     "Dr. J. Okoro of the U.S. Navy left the port"),
    # negative: a plain word before a full stop ends it
    ("Crews thanked the brother. Then they left.", "Crews thanked the brother"),
])
def test_first_sentence_runs_past_abbreviations(body, title):
    assert c.first_sentence(body) == title


def test_long_first_sentence_is_trimmed_at_a_word():
    body = "The regional assembly of the northern valley voted late on Thursday night to extend " \
           "the emergency water rationing scheme for another six months despite protests."
    title = c.title_of("", body)
    assert title.endswith("…") and len(title) <= c.TITLE_CHARS
    assert body.startswith(title[:-1])


def test_short_heading_lines_are_skipped_for_the_first_sentence():
    assert c.first_sentence("◆ Intro\n\nVolunteers rebuilt the school roof in two days.") == \
        "Volunteers rebuilt the school roof in two days"


def test_own_source_comes_first():
    assert c.own_first(["a", "b", "c", "b"], "c") == ("c", "a", "b")
    assert c.own_first(["a", "b"], "z") == ("a", "b")
