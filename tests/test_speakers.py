"""Speaker attribution shared by quotes and open questions: who a sentence credits."""
from __future__ import annotations

import re

import pytest

from digests.extract.speakers import (
    MentionIndex,
    lemma_in,
    paragraph_bounds,
    sentence_speaker,
    sentences,
)
from digests.models import Person


def people_in(text: str, names: dict[str, tuple[str, ...]]) -> list[Person]:
    """Person records with every non-overlapping occurrence of each surface form as a mention."""
    taken: list[tuple[int, int]] = []
    people = []
    for key, forms in names.items():
        spans = []
        for form in sorted(forms, key=len, reverse=True):
            for m in re.finditer(rf"\b{re.escape(form)}\b", text):
                if not any(s < m.end() and m.start() < e for s, e in taken):
                    spans.append((m.start(), m.end()))
                    taken.append((m.start(), m.end()))
        people.append(
            Person(key=key, name=forms[0], aliases=forms[1:], mentions=tuple(sorted(spans)))
        )
    return people


NAMES = {
    "rosa-mendez": ("Rosa Mendez", "Mendez"),
    "kwame-asante": ("Kwame Asante", "Asante"),
    "ingrid-holm": ("Ingrid Holm", "Holm"),
}


def credit(nlp, text: str, names=NAMES):
    """The speaker credited by the last sentence of ``text``, as (key, speaker_text)."""
    doc = nlp(text)
    people = people_in(text, names)
    index = MentionIndex(people, doc)
    bounds = paragraph_bounds(text)
    last = sentences(doc, bounds)[-1]
    found = sentence_speaker(doc, list(last), index, bounds)
    return None if found is None else (found.key, found.text)


@pytest.mark.parametrize(
    ("text", "key", "who"),
    [
        ("Rosa Mendez said the harbour would reopen.", "rosa-mendez", "Rosa Mendez"),
        ("The harbour will reopen in May, Mendez told reporters.", "rosa-mendez", "Mendez"),
        ("According to Kwame Asante, the vote was close.", "kwame-asante", "Kwame Asante"),
        # appositions: the title is the head, the name is the speaker
        ("The port director, Kwame Asante, warned that fees would rise.", "kwame-asante", None),
        # a possessive names someone else: the spokesman is unnamed
        ("Asante's spokesman said the trip was cancelled.", None, "spokesman"),
        # pronouns: the most recent compatible person before them
        ("Rosa Mendez arrived first. She said the talks had stalled.", "rosa-mendez", None),
        (
            "Rosa Mendez met Kwame Asante, her husband, at noon. He said the ferry was late.",
            "kwame-asante",
            None,
        ),
        (
            "Her husband, Kwame Asante, stayed home with Rosa Mendez. She said the roof leaked.",
            "rosa-mendez",
            None,
        ),
        # unnamed and collective speakers
        ("An official said the border would stay closed.", None, "An official"),
        ("State media said the exercise was a success.", None, "State media"),
        # ", reports X" is the outlet, never the speaker
        ("Holm said the plant was safe, reports Radio Nord.", "ingrid-holm", "Holm"),
        ("The plant was safe, reports Radio Nord.", None, None),
        # a surname the people extractor did not mark still maps to the one matching person
        ("The bill passed. Holm said it was overdue.", "ingrid-holm", "Holm"),
    ],
)
def test_sentence_speaker(nlp, text, key, who):
    names = NAMES
    if text.startswith("The bill passed"):
        # only the full name is a known mention elsewhere: "Holm" here is not in the mentions
        names = {"ingrid-holm": ("Ingrid Holm",)}
    found = credit(nlp, text, names)
    if key is None and who is None:
        assert found is None
        return
    assert found is not None
    assert found[0] == key
    if who is not None:
        assert who.lower() in found[1].lower()


def test_pronoun_reaches_a_surname_the_people_extractor_missed(nlp):
    text = "Mendez, a former nurse, arrived at noon. She said the ward was full."
    assert credit(nlp, text, {"rosa-mendez": ("Rosa Mendez",)}) == ("rosa-mendez", "Mendez")


def test_no_reporting_verb_credits_nobody(nlp):
    assert credit(nlp, "The ferry left at dawn with forty passengers.") is None


def test_pronoun_does_not_reach_far_back(nlp):
    text = "Rosa Mendez spoke.\n\nThe rain.\n\nThe wind.\n\nThe sea rose.\n\nShe said it was cold."
    found = credit(nlp, text)
    assert found is not None and found[0] is None


@pytest.mark.parametrize(
    ("word", "words", "expected"),
    [("hopes", {"hope"}, True), ("warned", {"warn"}, True), ("tries", {"try"}, True),
     ("walked", {"say"}, False), ("hoping", {"hope"}, True), ("hopping", {"hope"}, False)],
)
def test_lemma_in_tolerates_mislemmatised_verbs(nlp, word, words, expected):
    token = nlp(f"They {word} often.")[1]
    assert lemma_in(token, frozenset(words)) is expected


def test_paragraph_bounds_and_sentence_clipping(nlp):
    text = "First line without stop\n\nSecond paragraph here. And more."
    bounds = paragraph_bounds(text)
    assert [text[s:e] for s, e in bounds] == [
        "First line without stop", "Second paragraph here. And more."]
    spans = [s.text for s in sentences(nlp(text), bounds)]
    assert all("\n" not in s for s in spans)
    assert spans[0] == "First line without stop"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # blank lines separate paragraphs; single line breaks are hard wrapping
        ("One two\nthree four.\n\nFive six.", ["One two\nthree four.", "Five six."]),
        ("He said: we\nwill see.\n\nEnd.", ["He said: we\nwill see.", "End."]),
        # an interview turn starts a paragraph even without a blank line
        ("-- Why?\nA: Because.\nQ: Sure?\n\nYes.", ["-- Why?", "A: Because.", "Q: Sure?", "Yes."]),
        # without any blank line, a line that ends a sentence ends a paragraph ...
        ("Line one.\nLine two.", ["Line one.", "Line two."]),
        ('He said: "Go."\nThen rain.', ['He said: "Go."', "Then rain."]),
        # ... but a sentence wrapped over lines stays one paragraph
        (
            "A long sentence that\nwraps here. And\nmore.",
            ["A long sentence that\nwraps here. And\nmore."],
        ),
    ],
)
def test_paragraph_bounds(text, expected):
    assert [text[s:e] for s, e in paragraph_bounds(text)] == expected
