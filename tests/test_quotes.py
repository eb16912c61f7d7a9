"""Quotation extraction: spans, filters (scare quotes, labels, headlines), speakers, kinds."""
from __future__ import annotations

import pytest
from test_speakers import people_in

from digests import pipeline
from digests.extract._layout import find_quoted_spans
from digests.extract.quotes import attribute_quotations, extract_quotes
from digests.models import Document

PEOPLE = {
    "ana-costa": ("Ana Costa", "Costa"),
    "tomasz-nowak": ("Tomasz Nowak", "Nowak"),
    "priya-raman": ("Priya Raman", "Raman"),
    "olusegun-bello": ("Olusegun Bello", "Bello"),
    "lars-eriksen": ("Lars Eriksen", "Eriksen"),
    "fatima-haddad": ("Fatima Haddad", "Haddad"),
    "jonas-berg": ("Jonas Berg", "Berg"),
    "mei-lin-chow": ("Mei-Lin Chow", "Chow"),
    "leila-mansour": ("Leila Mansour", "Mansour"),
    "tomas-ruiz": ("Tomás Ruiz", "Ruiz"),
    "amina-yusuf": ("Amina Yusuf", "Yusuf"),
}

# (text, [(snippet, speaker key or None, words expected in speaker_text or None, kind)])
CASES = [
    # a quotation of two sentences, its speaker named in the sentence after it
    (
        '"I would ask you to vote with care," said Ana Costa.\n\n"Anyone can list the '
        'reasons. But will that fix anything?" Amina Yusuf asked reporters.',
        [("I would ask you to vote with care", "ana-costa", "Costa", "direct"),
         ("But will that fix anything?", "amina-yusuf", "Yusuf", "direct")],
    ),
    # less common verbs of saying, and a name after the verb parsed as its object
    (
        "“Who will pay for the new roof?” wondered Councillor Amina Yusuf. “It is a "
        "scandal,” mused Ana Costa.",
        [("Who will pay for the new roof?", "amina-yusuf", "Yusuf", "direct"),
         ("It is a scandal", "ana-costa", "Costa", "direct")],
    ),
    (
        '"We will rebuild the bridge before winter," Mayor Ana Costa said on Tuesday.',
        [("We will rebuild the bridge before winter", "ana-costa", "Costa", "direct")],
    ),
    (
        "Costa told reporters: “The budget is simply not there this year.”",
        [("The budget is simply not there this year.", "ana-costa", "Costa", "direct")],
    ),
    (
        "“The river rose faster than anyone expected,” said Tomasz Nowak. "
        "“We had barely an hour to move the animals.”",
        [
            ("The river rose faster than anyone expected", "tomasz-nowak", "Nowak", "direct"),
            ("We had barely an hour to move the animals.", "tomasz-nowak", "Nowak", "direct"),
        ],
    ),
    (
        "Priya Raman described the morning at the clinic. \"We opened the doors at six and the "
        "line was already around the block.\n\n\"By noon we had run out of vaccines,\" she said.",
        [("We opened the doors at six", "priya-raman", "Raman", "direct")],
    ),
    (
        "Olusegun Bello arrived late. He said the delay was \"entirely the fault of the airline.\"",
        [("entirely the fault of the airline", "olusegun-bello", "Bello", "partial")],
    ),
    (
        'Minister Lars Eriksen said the plan was "dead on arrival in parliament," '
        "reports Nordic Wire.",
        [("dead on arrival in parliament", "lars-eriksen", "Eriksen", "partial")],
    ),
    (
        "According to Fatima Haddad, the shipment was “held up by paperwork for weeks.”",
        [("held up by paperwork for weeks", "fatima-haddad", "Haddad", "partial")],
    ),
    (
        "Jonas Berg said the result was 'a huge relief for everyone here'.",
        [("a huge relief for everyone here", "jonas-berg", "Berg", "partial")],
    ),
    (
        '"The talks are over for now," an official told reporters in the capital.',
        [("The talks are over for now", None, "official", "direct")],
    ),
    (
        '"The enemy will pay a heavy price," state media said on Friday.',
        [("The enemy will pay a heavy price", None, "state media", "direct")],
    ),
    (
        "Crowds in the square waved banners such as “Bread and water before bullets.”",
        [("Bread and water before bullets", None, "banners", "direct")],
    ),
    (
        "Mei-Lin Chow said both unions can still \"find a workable deal,\" but she warned of a "
        "\"grim outcome\" if the strike went on.",
        [
            ("find a workable deal", "mei-lin-chow", "Chow", "partial"),
            ("grim outcome", "mei-lin-chow", "Chow", "partial"),
        ],
    ),
    # a two-word phrase is a quotation only inside what a reporting verb reports
    (
        'Ana Costa told the radio station that the cuts had caused "deep anger" in the valley.',
        [("deep anger", "ana-costa", "Costa", "partial")],
    ),
    (
        "Mei-Lin Chow spoke at length. The budget, she said, had been \"cut to the bone by "
        "people who never visit the schools.\" Then she left.",
        [("cut to the bone", "mei-lin-chow", "Chow", "partial")],
    ),
    (
        'Costa called the leaflets "cheap, crude and insulting" in a radio interview.',
        [("cheap, crude and insulting", "ana-costa", "Costa", "partial")],
    ),
    # interview transcripts: the interviewer's question is not a quote; quotes inside an answer
    # belong to whoever the answer says said them
    (
        "We reached a farmer near the border, identified here as \"B\" for his safety.\n\n"
        "-- How was the harvest this autumn?\n\n"
        "B: Poor. The officials keep telling us, “Production has never been higher.” "
        "Nobody believes them.",
        [("Production has never been higher", None, "officials", "direct")],
    ),
    # "she said" after a paragraph whose subject is a woman and whose object is a man
    (
        "Leila Mansour said on Friday that a meeting between her brother and Governor Tomás "
        "Ruiz was unlikely this year.\n\n"
        '"It is my view that nothing will change before winter," she said.',
        [("nothing will change before winter", "leila-mansour", "Mansour", "direct")],
    ),
    (
        "Tomás Ruiz accused Amina Yusuf of stalling the talks.\n\n"
        '"We have waited long enough for an answer," he said.',
        [("waited long enough for an answer", "tomas-ruiz", "Ruiz", "direct")],
    ),
    # a hyphenated title before the name ("co-leader") is not the speaker
    (
        'Their co-leader, Amina Yusuf, said the budget was "not worth the ink it was signed '
        'with".',
        [("not worth the ink", "amina-yusuf", "Yusuf", "partial")],
    ),
    # a clause naming a person and ending in a colon introduces the quotation ...
    (
        'Ana Costa was defiant: "Let them try. Nobody will cross our picket line."',
        [("Nobody will cross our picket line", "ana-costa", "Costa", "direct")],
    ),
    (
        'Tomasz Nowak put it bluntly:\n\n"We will not move from this gate."',
        [("We will not move from this gate", "tomasz-nowak", "Nowak", "direct")],
    ),
    # ... a clause without a named person does not
    (
        'Ana Costa spoke first. The mood among the dockers was grim: "We have nothing left to '
        'lose."',
        [("We have nothing left to lose", None, None, "direct")],
    ),
    # a complete two-word sentence is spoken, not a label
    (
        '"We warned about this for years," Ana Costa said. "Nobody listened."',
        [
            ("We warned about this for years", "ana-costa", "Costa", "direct"),
            ("Nobody listened.", "ana-costa", "Costa", "direct"),
        ],
    ),
    # negatives: scare quotes, labels, one- and two-word quotes, headlines
    ('The "Stop Now" campaign ended in March.', []),
    ('Nowak said the "Blue Ribbon." panel would meet.', []),
    ('The council rejected the "temporary" measures on Monday.', []),
    ('The weather turned into a "grim outcome" for the harvest.', []),
    ('Economists say the economy is in what they call a "slow boil" of rising prices.', []),
    ('Villagers said the dykes, which they call "sand castles", gave way.', []),
    ('Nowak said the "Blue Ribbon" panel would meet again.', []),
    ('Nowak rejected what critics described as "a bridge to nowhere" in the debate.', []),
    ('The "fast track asylum process" was scrapped last year.', []),
    ("Mayor Slams 'Reckless Spending Plan Again' In Budget Row\n\nThe mayor spoke on Monday.", []),
    ('He said "no" and walked out of the room.', []),
    # "she" is the woman the paragraph is about, not the man named in her apposition, in the
    # paragraph and in the next one
    (
        "The letter came from Leila Mansour, the influential elder sister of party leader Tomás "
        "Ruiz, who threatened to quit the coalition. She called the plan reckless and said the "
        'cabinet should "think again before it is too late."\n\n'
        '"If they ignore us, they will regret it," she said.',
        [
            ("think again before it is too late", "leila-mansour", "Mansour", "partial"),
            ("If they ignore us, they will regret it", "leila-mansour", "Mansour", "direct"),
        ],
    ),
    # what a place or body urged, told by a named spokeswoman, is hers
    (
        "Spokeswoman Priya Raman spoke after the vote. She added that Lisbon urged "
        '"every partner to stay calm" over the weekend.',
        [("every partner to stay calm", "priya-raman", "Raman", "partial")],
    ),
    # a hard-wrapped paragraph: the reporting verb shares the subject of the clause before
    (
        "Amina Yusuf studies tides in the delta.\n\nFor Yusuf, the work is personal. She grew\n"
        "up in a fishing port and says she learned early that the sea is \"always somebody\n"
        'else\'s livelihood until it is yours."',
        [("somebody else's livelihood until it is yours", "amina-yusuf", "Yusuf", "partial")],
    ),
    ("The farmers' union met on Monday, and the growers' lawyers were there.", []),
    # a person's party speaks as the party, not as the person who owns it
    (
        "Jonas Berg lost his seat.\n\n\"We are ready to talk,\" Jonas Berg's party said on "
        "Monday.",
        [("We are ready to talk", None, "Jonas Berg's party", "direct")],
    ),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_extract_quotes(nlp, text, expected):
    people = people_in(text, PEOPLE)
    quotes = extract_quotes(nlp(text), people=people)
    assert len(quotes) == len(expected), [q.text for q in quotes]
    for quote, (snippet, key, who, kind) in zip(quotes, expected, strict=True):
        assert snippet in quote.text
        assert quote.speaker == key
        if who is not None:
            assert who.lower() in (quote.speaker_text or "").lower()
        assert quote.kind == kind
        assert text[quote.start : quote.end].startswith(quote.text[:10])


INTERVIEW = "{intro}\n\nQ: Is the crossing safe?\n\nA: \"Not in winter, not for years,\" I told them."


@pytest.mark.parametrize(
    ("intro", "key", "who"),
    [
        # the person the letter is said of, past an apposition
        ('We spoke to Ana Costa, a ferry pilot, whom we call "A" below.', "ana-costa", "Costa"),
        ('We spoke to Ana Costa, who asked us to call her "A" here.', "ana-costa", "Costa"),
        ('Our reporter met Ana Costa ("A") on the quay.', "ana-costa", "Costa"),
        # negatives: a person merely nearby, an owner, a person in another sentence, no
        # introduction at all
        ('Tomasz Nowak sat beside a deckhand we call "A" below.', None, "the interviewee"),
        ('We spoke to Ana Costa\'s deckhand, "A", on the quay.', None, "the interviewee"),
        ('Ana Costa runs the ferry. We spoke to a deckhand we call "A".', None,
         "the interviewee"),
        ("We spoke to a deckhand on the quay.", None, "the interviewee"),
    ],
)
def test_interviewee_is_the_person_introduced_by_the_letter(nlp, intro, key, who):
    text = INTERVIEW.format(intro=intro)
    quotes = extract_quotes(nlp(text), people=people_in(text, PEOPLE))
    [answer] = [q for q in quotes if q.text.startswith("Not in winter")]
    assert answer.speaker == key
    assert who.lower() in (answer.speaker_text or "").lower()


@pytest.mark.parametrize(
    ("intro", "label", "key", "who"),
    [
        ("Tomasz Nowak met us at the quay.", "NOWAK", "tomasz-nowak", "Nowak"),
        # a label is matched by whole words, never by the end of a longer name
        ("Tomasz Nowak met us at the quay.", "AK", None, "the interviewee"),
        ("Tomasz Nowak met us at the quay.", "BERG", None, "Berg"),
    ],
)
def test_named_answer_label(nlp, intro, label, key, who):
    text = f"{intro}\n\nQ: Is the crossing safe?\n\n{label}: \"Not in winter,\" I told them."
    quotes = extract_quotes(nlp(text), people=people_in(text, PEOPLE))
    [answer] = [q for q in quotes if q.text.startswith("Not in winter")]
    assert answer.speaker == key
    assert who.lower() in (answer.speaker_text or "").lower()


def test_outlet_credit_alone_gives_no_speaker(nlp):
    text = 'The ceasefire had "collapsed within hours of signing," reports Nordic Wire.'
    [quote] = extract_quotes(nlp(text), people=[])
    assert quote.speaker is None
    assert "Nordic Wire" not in (quote.speaker_text or "")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('a "b c d" e', ["b c d"]),
        ("a “b c d” e “f g h”", ["b c d", "f g h"]),
        ('"one two three\n\n"four five," six', ["one two three four five"]),
        ('"one two three\n\nfour five six', ["one two three"]),
        ("it's the farmers' day", []),
    ],
)
def test_find_quoted_spans(text, expected):
    assert [s.text(text) for s in find_quoted_spans(text)] == expected


@pytest.mark.parametrize("text", ["", "\n\n", '"', "“ ”", 'He said "', "'''", "A: -- Q:"])
def test_odd_input_gives_no_quotes_and_no_error(nlp, text):
    assert extract_quotes(nlp(text), people=[]) == []


def test_rejects_unparsed_text():
    with pytest.raises(TypeError, match="spaCy Doc"):
        extract_quotes('"We will win this race," she said.', people=[])


# Interviews whose answers are labelled with the interviewee's name: each answer (the words after
# the label) is a direct quotation of that person. (text, [(answer snippet, speaker key)])
NAMED_INTERVIEWS = [
    (
        "Our reporter met Priya Raman, the harbour master, on the pier.\n\n"
        "Q: Will the port reopen this year?\n\n"
        "Raman: We expect ships back by spring. The dredging is almost done.\n\n"
        "Q: And the fees?\n\n"
        "Raman: They will stay where they are for now.",
        [("We expect ships back by spring. The dredging is almost done", "priya-raman"),
         ("They will stay where they are for now", "priya-raman")],
    ),
    # an honorific before the name; a dash for the questions
    (
        "Olusegun Bello has run the district clinic since it opened.\n\n"
        "-- How many patients do you see?\n\n"
        "Dr Bello: Around two hundred on a good day, more in the rainy season.",
        [("Around two hundred on a good day", "olusegun-bello")],
    ),
    # a letter label for a person the article introduces as that letter
    (
        'We spoke to Leila Mansour, a ferry pilot, whom we call "A" below.\n\n'
        "Q: Is the crossing safe?\n\nA: Not in winter, and not for the small boats.",
        [("Not in winter, and not for the small boats", "leila-mansour")],
    ),
    # a named interviewer's questions are not quotations
    (
        "Fatima Haddad interviewed Lars Eriksen for the station.\n\n"
        "Haddad: Why did you resign?\n\n"
        "Eriksen: I had lost the confidence of the board.\n\n"
        "Haddad: Do you regret it?\n\n"
        "Eriksen: Not for a moment, and I would do it again.",
        [("I had lost the confidence of the board", "lars-eriksen"),
         ("Not for a moment, and I would do it again", "lars-eriksen")],
    ),
    # a quotation inside the answer keeps its own speaker; the answer is cut around it
    (
        "Jonas Berg spoke to us at the bus depot.\n\n"
        "Q: What did the drivers say?\n\n"
        "Berg: It was tense all week. The union told us, “Nobody drives until the contract is "
        "signed.” We meet them again on Friday.",
        [("It was tense all week", "jonas-berg"),
         ("Nobody drives until the contract is signed", None),
         ("We meet them again on Friday", "jonas-berg")],
    ),
    # two people of one family name: the interviewee is the one the article introduces first
    (
        "We sat down with Mayor Ana Costa in her office. Her brother, Rui Costa, runs her "
        "campaign.\n\nQ: Will you stand again?\n\nCosta: Yes, if the party still wants me.",
        [("Yes, if the party still wants me", "ana-costa")],
    ),
    # negatives: an unnamed interviewee's answers are not quotations ...
    (
        "We reached a nurse at the clinic by telephone.\n\n"
        "Q: How busy is it?\n\nA: We see two hundred patients a day, sometimes more.",
        [],
    ),
    # ... nor a one-word reply, a label naming nobody in the text, or a name before a colon
    # in a text that is no interview
    (
        "Priya Raman met us on the pier.\n\nQ: Is it safe?\n\nRaman: No.\n\n"
        "Note: The port authority did not reply to our questions before publication.",
        [],
    ),
    (
        "Raman: the harbour master who refused to leave.\n\n"
        "Priya Raman has run the port for ten years and plans to retire next spring.",
        [],
    ),
]


@pytest.mark.parametrize(("text", "expected"), NAMED_INTERVIEWS)
def test_named_interviewee_answers_are_quotations(nlp, text, expected):
    people = people_in(text, {**PEOPLE, "rui-costa": ("Rui Costa",)})
    quotes = extract_quotes(nlp(text), people=people)
    assert [(q.speaker, q.kind) for q in quotes] == [(key, "direct") for _, key in expected], [
        (q.text, q.speaker) for q in quotes]
    for quote, (snippet, _) in zip(quotes, expected, strict=True):
        assert snippet in quote.text
        assert "?" not in quote.text and ":" not in quote.text[:12]
        assert text[quote.start : quote.end].startswith(quote.text[:10])


# "the 27-year-old" stands for the person of that age named before, else (like a pronoun) the
# most salient person named before, never one the text gives another age
AGED = {"ana-costa": ("Ana Costa", "Costa"), "tomas-ruiz": ("Tomás Ruiz", "Ruiz")}


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ('Ana Costa, 31, joined Tomás Ruiz, 27, at the club. "It felt like coming home," '
         "said the 27-year-old.", "tomas-ruiz"),
        ('The 31-year-old Ana Costa met Tomás Ruiz at the club. "It felt like coming home," '
         "the 31-year-old said.", "ana-costa"),
        ('Ana Costa, 31, joined Tomás Ruiz, 27, at the club. "It felt like coming home," '
         "the 27-year-old defender said.", "tomas-ruiz"),
        ('Tomás Ruiz signed for the club on Friday. "It felt like coming home," said the '
         "27-year-old.", "tomas-ruiz"),
        # negatives: the only person named has another age; nobody is named before
        ('Tomás Ruiz, 35, signed for the club on Friday. "It felt like coming home," said the '
         "27-year-old.", None),
        ('"It felt like coming home," said the 27-year-old.', None),
    ],
)
def test_age_phrase_speaker(nlp, text, key):
    [quote] = extract_quotes(nlp(text), people=people_in(text, AGED))
    assert quote.speaker == key
    assert "year-old" in (quote.speaker_text or "")


# ----------------------------------------------------------------------------------------------
# One quoted sentence split by its attribution is one quotation


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('"The ferry will run again," Priya Raman said on Friday, "but only in daylight."',
         [("The ferry will run again, but only in daylight.", "priya-raman")]),
        ("“We have the parts,” said Olusegun Bello, “and the crews start at dawn.”",
         [("We have the parts, and the crews start at dawn.", "olusegun-bello")]),
        ('"Prices rose," Lars Eriksen told the board, "because the harvest failed twice."',
         [("Prices rose, because the harvest failed twice.", "lars-eriksen")]),
        # negatives: a new sentence, no comma after the first half, a long gap between halves
        ('"The ferry will run again," Priya Raman said. "But only in daylight."',
         [("The ferry will run again", "priya-raman"), ("But only in daylight.", "priya-raman")]),
        ('"The ferry will run again" is what Priya Raman said, "but only in daylight."',
         None),
        ('"The ferry will run again," Priya Raman said on Friday, "Nothing else matters."',
         [("The ferry will run again", "priya-raman"), ("Nothing else matters.", "priya-raman")]),
    ],
)
def test_split_quotation_is_joined(nlp, text, expected):
    quotes = extract_quotes(nlp(text), people=people_in(text, PEOPLE))
    if expected is None:  # not joined: the halves stay apart
        assert len(quotes) != 1 or ", but" not in quotes[0].text
        return
    assert [(q.text, q.speaker) for q in quotes] == expected


def test_quotations_are_computed_once_per_document(nlp, monkeypatch):
    """The pipeline attributes quotations once; the open-questions pass reads them as given
    and never recomputes them, and nothing is memoised on the spaCy Doc."""
    calls = []
    real = attribute_quotations
    monkeypatch.setattr(pipeline, "attribute_quotations",
                        lambda *a, **k: calls.append(1) or real(*a, **k))
    text = ('"We will reopen the bridge by spring," said Mayor Ilse Brandt. '
            "Brandt said the repairs could still slip.")
    doc = nlp(text)
    document = Document(id="d", path="d.txt", title="t", body=text, sha256="0" * 64,
                        source=None, url=None, published=None, published_is_estimate=False)
    first = pipeline.extract_one(document, doc)
    again = pipeline.extract_one(document, doc)
    assert len(calls) == 2  # once per document and run
    assert first == again and first.quotes[0].text.startswith("We will reopen the bridge")
    assert first.questions  # the questions pass saw the quotations it was given
    assert not doc.user_data  # nothing written to the Doc