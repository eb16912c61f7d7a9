"""The parsed-document record: built once from a spaCy Doc, frozen, nothing written back."""
from __future__ import annotations

import dataclasses

import pytest

from digests.extract.events import extract_events
from digests.extract.mentions import index_mentions
from digests.extract.parsed import ParsedDocument, parse_document
from digests.extract.people import extract_people
from digests.extract.quotes import attribute_quotations, extract_quotes

TEXT = ('Harbour master Odile Fenwick said the ferry would return "before the spring gales". '
        "Fenwick added that the pier was repaired on March 3.\n\n"
        '"We will not close the crossing," she said.')


def test_record_holds_the_shared_structures(nlp):
    doc = nlp(TEXT)
    parsed = parse_document(doc)
    assert parsed.text == TEXT
    assert len(parsed.paragraphs) == 2
    assert [TEXT[s.open + 1] for s in parsed.quoted_spans] == ["b", "W"]
    assert parsed.quoted_ranges == tuple((s.open, s.close + 1) for s in parsed.quoted_spans)
    assert parsed.sentence_starts == tuple(s.start_char for s in parsed.sentences)
    assert parsed[0].text == "Harbour" and len(parsed) == len(doc)


def test_record_is_frozen_and_the_doc_untouched(nlp):
    doc = nlp(TEXT)
    parsed = parse_document(doc)
    with pytest.raises(dataclasses.FrozenInstanceError):
        parsed.text = "other"  # type: ignore[misc]
    people = extract_people(parsed)
    quotes = attribute_quotations(parsed, people=people, mentions=index_mentions(parsed, people))
    extract_events(parsed, published=None)
    assert not doc.user_data
    assert quotes.all == tuple(sorted(quotes.quoted + quotes.answers,
                                      key=lambda q: (q.start, q.end)))


def test_passes_give_the_same_from_a_doc_or_its_record(nlp):
    doc = nlp(TEXT)
    parsed = parse_document(doc)
    people = extract_people(doc)
    assert people == extract_people(parsed)
    assert extract_quotes(doc, people=people) == extract_quotes(parsed, people=people)
    assert extract_events(doc, published=None) == extract_events(parsed, published=None)
    assert isinstance(parsed, ParsedDocument)


def test_rejects_text_that_is_not_parsed():
    with pytest.raises(TypeError, match="spaCy Doc"):
        parse_document("plain text")
    with pytest.raises(TypeError, match="spaCy Doc"):
        extract_people("plain text")


@pytest.mark.parametrize(
    ("text", "straight"),
    [
        ("that\u2019s it, we\u2019ll see, don\u2019t, I\u2019d, they\u2019re, Ana\u2019s boat",
         "that's it, we'll see, don't, I'd, they're, Ana's boat"),
        # negatives: a closing single quote, a quote after a digit, an opening mark stay
        ("the \u2018harbour\u2019 plan", "the \u2018harbour\u2019 plan"),
        ("the 1990\u2019s", "the 1990\u2019s"),
    ],
)
def test_curly_apostrophes_of_contractions_are_read_straight(nlp, text, straight):
    from digests.nlp import straight_apostrophes

    assert straight_apostrophes(text) == straight
    doc = nlp(text)
    assert doc.text == straight and len(doc.text) == len(text)
