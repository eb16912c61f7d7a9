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
