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
        # another body answering does not hold firm for the person pressed
        ("The mayor is under pressure to close the market, but the committee said it would "
         "meet next week.", [(None, "for"), (None, "for")]),
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


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "X did Y, a move that could Z": X's act aims at Z
        ("Mayor Ilse Varga closed the bridge to lorries, a move that could ease traffic in "
         "the old town.", [("ilse-varga", "Ilse Varga", "for")]),
        ("The council closed the bridge to lorries, a decision that may ease traffic in the "
         "old town.", [(None, "The council", "for")]),
        ("Dario Pelli sold the club's stadium, a step that may not cover its debts.",
         [("dario-pelli", "Dario Pelli", "against")]),
        # a plain possibility stays unsure
        ("Traffic could ease in the old town, a planner said.", [(None, "a planner", "unsure")]),
        # a relative clause of a thing, not of an act, is a detail
        ("The council closed the bridge, a road that could carry more lorries.", []),
    ],
)
def test_an_act_summed_up_by_a_noun_aims_at_what_it_could_bring(nlp, text, expected):
    assert [st for _, sts in stances(nlp, text) for st in sts] == expected


@pytest.mark.parametrize(
    ("text", "key"),
    [
        # a full name run together by a scraper still names its person
        ("Ilse Varga opened the session.\n\nLater, IlseVarga said the vote would be close.",
         "ilse-varga"),
        # ... but one word of it glued to another word names nobody
        ("Ilse Varga opened the session.\n\nLater, VargaSoft said the vote would be close.",
         None),
    ],
)
def test_a_name_run_together(nlp, text, key):
    from test_speakers import credit

    assert credit(nlp, text, NAMES)[0] == key


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a demand told in the passive is held by its agent ...
        ("A recount has been called for by Ilse Varga.",
         [("ilse-varga", "Ilse Varga", "for", "A recount has been called for")]),
        # ... or by nobody named, never by what is demanded
        ("A recount is hoped for by the end of the week.",
         [(None, None, "for", "A recount is hoped for")]),
        # an active hope keeps its subject as holder
        ("Ilse Varga hopes a recount will follow.",
         [("ilse-varga", "Ilse Varga", "for", "hopes a recount")]),
    ],
)
def test_a_passive_hope_is_held_by_its_agent(nlp, text, expected):
    found = questions_of(nlp(text), people=people_in(text, NAMES), published=None)
    got = [(s.speaker, s.speaker_text, s.leaning, s.text) for c in found for s in c.stances]
    assert [g[:3] for g in got] == [e[:3] for e in expected]
    assert all(e[3] in g[3] for g, e in zip(got, expected))


@pytest.mark.parametrize(
    ("text", "question", "expected"),
    [
        # a statement that the activity stops is against a question about it going on
        ("Dario Pelli said more support will be needed for the ferry after May, but Ilse "
         "Varga said the council will stop paying the ferry support in May.",
         "Will more support be needed for the ferry after May?",
         [("dario-pelli", "for"), ("ilse-varga", "against")]),
        # one side of an opposed pair under a question asking the other side
        ("Dario Pelli said Ilse Varga will resign in May, but Karel Brno said she would "
         "remain in office.", "Will Ilse Varga resign in May?",
         [("dario-pelli", "for"), ("karel-brno", "against")]),
        # ... of another subject: left as read
        ("Dario Pelli said Ilse Varga will win the vote, but Karel Brno said the mayor would "
         "lose the vote.", "Will Ilse Varga win the vote?",
         [("dario-pelli", "for"), ("karel-brno", "for")]),
        # a stopping that shares nothing with the question is left as read
        ("Dario Pelli said the strike will end soon, but Ilse Varga said the workers would "
         "not return.", "Will the strike end soon?",
         [("dario-pelli", "for"), ("ilse-varga", "against")]),
        # statements asking the same side keep their leanings
        ("Dario Pelli said the ferry will stop in May, and Ilse Varga said it could stop "
         "sooner.", "Will the ferry stop in May?", [("dario-pelli", "for"), ("ilse-varga", "unsure")]),
    ],
)
def test_leanings_are_read_against_the_question_asked(nlp, text, question, expected):
    [(asked, found)] = stances(nlp, text)
    assert asked == question
    assert [(key, leaning) for key, _, leaning in found] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # what someone assures others of is their stance, even when parsed as an adverbial
        ("The harbour board was quietly assuring traders that it was ready to extend the "
         "night ferry if demand held up.", [("for", "ready to extend the night ferry")]),
        ("Ilse Varga reassured residents that the clinic would stay open next year.",
         [("for", "the clinic would stay open")]),
        # a claim told as a noun is what it claimed, past: no stance
        ("The minister was confronted over her claim that no clinic would close.", []),
    ],
)
def test_what_is_assured_is_a_stance(nlp, text, expected):
    found = questions_of(nlp(text), people=people_in(text, NAMES), published=None)
    got = [(s.leaning, s.text) for c in found for s in c.stances]
    assert [g[0] for g in got] == [e[0] for e in expected]
    assert all(e[1] in g[1] for g, e in zip(got, expected))


@pytest.mark.parametrize(
    ("text", "speakers"),
    [
        # a quotation right after a sentence about a named person: that person speaks
        ("Ilse Varga, whose son is among the crew, reacted with relief. "
         "\u201cI can finally sleep again.\u201d", ["ilse-varga"]),
        ("\u201cThe crew is safe,\u201d Dario Pelli told reporters. Ilse Varga, whose son is "
         "among the crew, wept. \u201cI can finally sleep again.\u201d",
         ["dario-pelli", "ilse-varga"]),
        # not after a sentence about no named person: the last speaker goes on
        ("\u201cThe crew is safe,\u201d Dario Pelli told reporters. The crowd cheered. "
         "\u201cWe will bring them home tonight.\u201d", ["dario-pelli", "dario-pelli"]),
        # a quotation credited in its own sentence keeps that speaker
        ("Ilse Varga wept on the quay. \u201cThey are all safe,\u201d said Dario Pelli.",
         ["dario-pelli"]),
    ],
)
def test_a_quotation_after_a_sentence_about_a_named_person(nlp, text, speakers):
    assert [speaker for _, speaker in _quotes(nlp, text)] == speakers


@pytest.mark.parametrize(
    ("text", "speakers"),
    [
        # a paragraph of quotation after one ending on a sentence about the speaker
        ("Ilse Varga said the crossings would reopen next month. She spoke after a long "
         "meeting with the envoy.\n\n\u201cWe are ready to move quickly.\u201d", ["ilse-varga"]),
        # ... not about a thing
        ("Ilse Varga said the crossings would reopen. The meeting lasted four hours.\n\n"
         "\u201cWe are ready to move quickly.\u201d", [None]),
    ],
)
def test_a_quotation_paragraph_after_a_sentence_about_its_speaker(nlp, text, speakers):
    assert [speaker for _, speaker in _quotes(nlp, text)] == speakers


def test_a_negative_subject_stays_in_the_stance(nlp):
    text = "\u201cNobody wants another closed winter,\u201d Ilse Varga said."
    found = questions_of(nlp(text), people=people_in(text, NAMES), published=None)
    [stance] = [s for c in found for s in c.stances]
    assert stance.speaker == "ilse-varga" and stance.leaning == "against"
    assert "Nobody wants another closed winter" in stance.text


@pytest.mark.parametrize(
    ("text", "words", "absent"),
    [
        # a "but" clause with its own subject is someone's own statement: the stance stops
        ("Ilse Varga said a deal could come before the summer, but several members said "
         "they would rather wait.", "a deal could come before the summer", "several members"),
        # "not X, but Y" is one thought
        ("The real question is not whether the ferry will run again, but how often we can "
         "afford it.", "but how often we can afford it", None),
    ],
)
def test_a_stance_ends_before_a_contrasted_clause_of_its_own(nlp, text, words, absent):
    found = questions_of(nlp(text), people=people_in(text, NAMES), published=None)
    first = found[0].stances[0].text
    assert words in first
    assert absent is None or absent not in first


@pytest.mark.parametrize(
    ("text", "who"),
    [
        # a dateline before the subject is not who speaks
        ("KOH TAL, Norvia (AP) \u2014 A senior official said Tuesday that the harbour "
         "would reopen.", "A senior official"),
        ("PORT ELLIS, Norvia \u2014 Ilse Varga said Tuesday that the harbour would reopen.",
         "Ilse Varga"),
        # no dash: the subject as written
        ("A senior Norvian official said Tuesday that the harbour would reopen.",
         "A senior Norvian official"),
    ],
)
def test_a_dateline_is_not_the_speaker(nlp, text, who):
    from test_speakers import credit

    assert credit(nlp, text, NAMES)[1] == who


@pytest.mark.parametrize(
    ("text", "key"),
    [
        # a broader office word for the holder of a narrower one named before
        ("Norvian Prime Minister Ilse Varga met union leaders on Monday.\n\n"
         "The Norvian leader said a new offer would come next week.", "ilse-varga"),
        ("Prime Minister Ilse Varga met union leaders on Monday.\n\n"
         "The premier said a new offer would come next week.", "ilse-varga"),
        # ... never the other way round, nor with a modifier the role lacks
        ("Union leader Dario Pelli met the cabinet on Monday.\n\n"
         "The president said a new offer would come next week.", None),
        ("Norvian Prime Minister Ilse Varga met union leaders on Monday.\n\n"
         "The opposition leader said a new offer would come next week.", None),
    ],
)
def test_a_broader_office_word_names_the_holder(nlp, text, key):
    from dataclasses import replace

    from digests.extract._layout import paragraph_bounds, sentences
    from digests.extract.attribution import sentence_speaker
    from digests.extract.mentions import MentionIndex

    roles = {"ilse-varga": (text.split(" Ilse")[0],), "dario-pelli": ("Union leader",)}
    people = [replace(p, roles=roles.get(p.key, ())) for p in people_in(text, NAMES)]
    doc = nlp(text)
    bounds = paragraph_bounds(text)
    found = sentence_speaker(doc, list(sentences(doc, bounds)[-1]), MentionIndex(people, doc),
                             bounds)
    assert found.key == key
