"""Stances on open questions: who holds them and which way they lean (invented sentences)."""
from __future__ import annotations

import pytest
from test_questions import questions_of
from test_speakers import people_in

NAMES = {
    "ilse-varga": ("Ilse Varga", "Varga"),
    "dario-pelli": ("Dario Pelli", "Pelli"),
    "karel-brno": ("Karel Brno", "Brno"),
    "nadia-sorel": ("Nadia Sorel", "Sorel"),
}


def stances(nlp, text: str, names=NAMES):
    """(question text, [(speaker key, speaker text, leaning)]) of each candidate of ``text``."""
    found = questions_of(nlp(text), people=people_in(text, names), published=None)
    return [(c.text, [(s.speaker, s.speaker_text, s.leaning) for s in c.stances])
            for c in found]


@pytest.mark.parametrize(
    ("text", "question", "expected"),
    [
        # pressure from unnamed others: the stance is theirs, not the pressed person's
        ("Ilse Varga is under pressure to scrap the tram project.",
         "Will Ilse Varga scrap the tram project?", [(None, None, "for")]),
        # ... or from those the text names with the pressure
        ("The council is under pressure from shop owners to scrap the tram project.",
         "Will the council scrap the tram project?", [(None, "shop owners", "for")]),
        # pressed, but holding firm: the pressed person leans against
        ("The mayor, Ilse Varga, is under pressure to scrap the tram project, but she "
         "defended the plan on Tuesday.", "Will the mayor, Ilse Varga, scrap the tram project?",
         [(None, None, "for"), ("ilse-varga", "Ilse Varga", "against")]),
        ("Coach Dario Pelli faces calls from supporters to resign, yet he insisted he would "
         "stay until the end of the season.", "Will Coach Dario Pelli resign?",
         [(None, "supporters", "for"), ("dario-pelli", "Dario Pelli", "against")]),
        # a pronoun subject of the pressure is named in the question
        ("Nadia Sorel took questions on the radio. She is under pressure to cancel the "
         "festival, but she insisted it was safe.", "Will Nadia Sorel cancel the festival?",
         [(None, None, "for"), ("nadia-sorel", "Nadia Sorel", "against")]),
    ],
)
def test_pressure_is_held_by_those_who_press(nlp, text, question, expected):
    [(asked, found)] = stances(nlp, text)
    assert asked == question
    assert found == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # an intention of one's own ("a plan") is the subject's stance, as before
        ("Ilse Varga is making a bid to scrap the tram project next spring.",
         [("ilse-varga", "for")]),
        # a contrast without pressure does not turn a stance round
        ("Dario Pelli hopes the stadium will reopen, but the council has not decided.",
         [("dario-pelli", "for")]),
    ],
)
def test_no_pressure_no_change(nlp, text, expected):
    found = [(key, leaning) for _, st in stances(nlp, text) for key, _, leaning in st]
    assert found == expected


@pytest.mark.parametrize(
    ("text", "key"),
    [
        # a paragraph naming her only as a possessor still names who "she" is
        ("Dario Pelli, the host, asked about the budget.\n\n"
         "Ilse Varga's answers were brief, and she thanked her staff.\n\n"
         "She said the bridge would open in May.", "ilse-varga"),
        # not a possessor known to be a man: the woman named before
        ("Ilse Varga, the host, asked about the budget.\n\n"
         "Mr Pelli's answers were brief.\n\n"
         "She said the bridge would open in May.", "ilse-varga"),
    ],
)
def test_a_possessor_known_to_fit_the_pronoun(nlp, text, key):
    from test_speakers import credit

    assert credit(nlp, text, NAMES)[0] == key


def _quotes(nlp, text: str):
    from digests.extract.mentions import index_mentions
    from digests.extract.parsed import parse_document
    from digests.extract.quotes import attribute_quotations

    parsed = parse_document(nlp(text))
    people = people_in(text, NAMES)
    found = attribute_quotations(parsed, people=people,
                                 mentions=index_mentions(parsed, people))
    return [(q.text, q.speaker) for q in found.all]


@pytest.mark.parametrize(
    ("text", "key"),
    [
        # "<office> for <place> <name>": the name is who speaks ...
        ("MP for Lakeside Nadia Sorel said the bridge was unsafe.", "nadia-sorel"),
        ("Councillor for North Vale Dario Pelli told reporters the depot would close.",
         "dario-pelli"),
        # ... but not a name behind another "for"
        ("The letter for Nadia Sorel said the bridge was unsafe.", None),
    ],
)
def test_office_for_a_place_before_a_name(nlp, text, key):
    from test_speakers import credit

    assert credit(nlp, text, NAMES)[0] == key


@pytest.mark.parametrize(
    ("text", "key"),
    [
        # a pronoun that speaks goes on with the person speaking, not with the person
        # they spoke about
        ("Nadia Sorel said it was time for Ilse Varga to step aside.\n\n"
         "She told the radio a vote was due.", "nadia-sorel"),
        ("Dario Pelli said he thought Karel Brno would resign, he told the radio.",
         "dario-pelli"),
        ("MP for Lakeside Nadia Sorel said it was time for Ilse Varga to go.\n\n"
         "She said a new vote would not be needed.", "nadia-sorel"),
        # a person reported doing something, then "she said": she is that person
        ("Ilse Varga will step aside in May.\n\nShe said a vote was due.", "ilse-varga"),
    ],
)
def test_a_speaking_pronoun_is_the_speaker_not_who_they_spoke_about(nlp, text, key):
    from test_speakers import credit

    assert credit(nlp, text, NAMES)[0] == key


def test_a_non_speaking_pronoun_keeps_the_most_recent_subject(nlp):
    from digests.extract._layout import paragraph_bounds
    from digests.extract.attribution import resolve_pronoun
    from digests.extract.mentions import MentionIndex

    text = "Nadia Sorel said it was time for Ilse Varga to step aside. She is due to go in May."
    doc = nlp(text)
    index = MentionIndex(people_in(text, NAMES), doc)
    she = next(t for t in doc if t.text == "She")
    assert resolve_pronoun(doc, she, index, paragraph_bounds(text)).key == "ilse-varga"


@pytest.mark.parametrize(
    ("text", "key"),
    [
        # an unattributed quotation opening a paragraph goes on with the previous paragraph's
        # speaker, past a bracketed credit line
        ("Nadia Sorel said the bridge was unsafe. (Photo: Harbour Office)\n\n"
         "\u201cWe cannot wait another winter for the repairs.\u201d", "nadia-sorel"),
        ("Nadia Sorel said the bridge was unsafe.\n\n"
         "\u201cWe cannot wait another winter for the repairs.\u201d", "nadia-sorel"),
        # a bracketed line is no speaker of its own
        ("The bridge was closed on Monday. (Photo: Nadia Sorel)\n\n"
         "\u201cWe cannot wait another winter for the repairs.\u201d", None),
    ],
)
def test_a_quotation_after_a_credit_line(nlp, text, key):
    [(_, speaker)] = _quotes(nlp, text)
    assert speaker == key
