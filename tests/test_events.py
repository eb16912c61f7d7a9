"""The events extractor (:mod:`digests.extract.events`) on invented news sentences."""
from __future__ import annotations

from datetime import date

import pytest

from digests.extract.events import MAX_WORDS, extract_events
from digests.models import Event

PUB = date(2022, 5, 11)  # a Wednesday


def events_of(nlp, text: str, published: date | None = PUB) -> list[Event]:
    return extract_events(nlp(text), published=published)


# (text, [(date, precision, words the event text must hold), ...])
CASES = [
    (
        "The ferry operator suspended all crossings on April 28.",
        [("2022-04-28", "day", ["ferry operator suspended", "crossings"])],
    ),
    (
        "The festival was first held in September 2009 in a village near Tartu.",
        [("2009-09", "month", ["festival", "first held"])],
    ),
    # a participle or gerund takes the tense of the clause above it ...
    (
        "The gale is expected to strengthen before making landfall on the coast on Friday.",
        [("2022-05-13", "day", ["gale is expected to strengthen", "landfall"])],
    ),
    (
        "The ferry sank after hitting rocks on Friday.",
        [("2022-05-06", "day", ["ferry sank after hitting rocks"])],
    ),
    # ... and a day given as an alternative ("or") is the same happening, dated by the first
    (
        "Gale Orla is forecast to reach the coast late Friday night or early Saturday morning.",
        [("2022-05-13", "day", ["Gale Orla is forecast to reach the coast"])],
    ),
    (
        "The council met on Monday and Tuesday.",
        [("2022-05-09", "day", ["council met"]), ("2022-05-10", "day", ["council met"])],
    ),
    # a relative clause kept with its noun reads as one clause; an opening subordinator goes
    (
        "Rellick, who completed his transfer on Friday after meeting the coach, said he was "
        "delighted.",
        [("2022-05-06", "day", ["Rellick completed his transfer on Friday"])],
    ),
    (
        "The alliance called for the mayor to quit, saying she had lost her mandate after "
        "Saturday's local election had a turnout of less than 9%.",
        [("2022-05-07", "day", ["Saturday's local election had a turnout"])],
    ),
    # ... negatives: a relative clause beside what its noun does, a preposition "after"
    (
        "His agents, who had talked for weeks, signed the deal on Friday.",
        [("2022-05-06", "day", ["who had talked for weeks"])],
    ),
    (
        "After the storm on Monday, crews cleared the road.",
        [("2022-05-09", "day", ["After the storm on Monday, crews cleared the road"])],
    ),
    # a day something is scheduled for lies ahead
    (
        "The hospital still hopes to reach a deal in talks scheduled for Sunday, said a "
        "spokeswoman.",
        [("2022-05-15", "day", ["talks scheduled for Sunday"])],
    ),
    # a day in the possessive is not looked for ahead by the words before its noun
    (
        "Results from Sunday's mayoral election put Tomas Verhelst in the lead.",
        [("2022-05-08", "day", ["Results from Sunday's mayoral election"])],
    ),
    # a year a start is counted from, and a date in the possessive on what the verb acts on,
    # date nothing of the clause
    (
        "The second round will take place on May 14, the first since its first free vote "
        "in 1990.",
        [("2022-05-14", "day", ["second round will take place"])],
    ),
    (
        "The high court on Monday dismissed the challenge to last month's election results.",
        [("2022-05-09", "day", ["high court", "dismissed the challenge"])],
    ),
    # "what happened" as a subject: the event is what it did
    (
        "What happened on Monday shocked the town.",
        [("2022-05-09", "day", ["What happened on Monday shocked the town"])],
    ),
    # ... a day still dates it, and a period after a plain count is the happening's
    (
        "Prices hit the highest level this year on Monday.",
        [("2022-05-09", "day", ["Prices hit the highest level"])],
    ),
    (
        "The ferry company cut 40 jobs this year.",
        [("2022", "year", ["ferry company cut 40 jobs"])],
    ),
    (
        "Parliament approved the pension reform in 2019 after months of protests.",
        [("2019", "year", ["Parliament approved", "pension reform"])],
    ),
    (
        "Mayor Ingrid Halvorsen said on Monday that the tram line would reopen.",
        [("2022-05-09", "day", ["Halvorsen said"])],
    ),
    (
        "The two ministers will meet in Accra on Friday to sign the accord.",
        [("2022-05-13", "day", ["ministers will meet", "accord"])],
    ),
    (
        "The central bank raised interest rates last month.",
        [("2022-04", "month", ["central bank raised", "interest rates"])],
    ),
    (
        "Voters will elect a new governor in November.",
        [("2022-11", "month", ["elect a new governor"])],
    ),
    (
        "The company posted its first loss in February.",
        [("2022-02", "month", ["first loss"])],
    ),
    (
        "Rescue teams reached the village yesterday.",
        [("2022-05-10", "day", ["Rescue teams reached the village"])],
    ),
    (
        "The treaty will come into force next year.",
        [("2023", "year", ["treaty will come into force"])],
    ),
    (
        "Over the last week, dock workers have staged walkouts at three ports.",
        [("2022-05", "month", ["dock workers", "walkouts"])],
    ),
    (
        "Lucía Benítez said the government hopes to finish the bridge before December.",
        [("2022-12", "month", ["finish the bridge"])],
    ),
    (
        "This photograph was taken during his tour of Mombasa in March 2017.",
        [("2017-03", "month", ["photograph was taken", "tour of Mombasa"])],
    ),
    (
        "Pradeep Raman, who founded the cooperative in 2004, died on Sunday.",
        [("2004", "year", ["founded the cooperative"]), ("2022-05-08", "day", ["died"])],
    ),
    (
        "The storm hit the coast on March 3, and the airport reopened on March 6.",
        [
            ("2022-03-03", "day", ["storm hit the coast"]),
            ("2022-03-06", "day", ["airport reopened"]),
        ],
    ),
    (
        "The dam burst on April 2. The day after the flood, soldiers evacuated the valley.",
        [
            ("2022-04-02", "day", ["dam burst"]),
            ("2022-04-03", "day", ["soldiers evacuated the valley"]),
        ],
    ),
    (
        "The strike began on January 14. Two days later, the union walked out of the talks.",
        [
            ("2022-01-14", "day", ["strike began"]),
            ("2022-01-16", "day", ["union walked out"]),
        ],
    ),
    (
        "Auditors filed their report on March 30. Just days earlier, the treasurer resigned.",
        [("2022-03-30", "day", ["Auditors filed"]), ("2022-03", "month", ["treasurer resigned"])],
    ),
    (
        "The inspectors visited the plant on April 19, the day after the explosion was reported.",
        [("2022-04-19", "day", ["inspectors visited the plant"])],
    ),
    (
        "The court ruled on June 2, 2020 that the contract was void.",
        [("2020-06-02", "day", ["court ruled"])],
    ),
    (
        "Ayesha Siddiqui announced on Tuesday that she will visit Lima next month.",
        [
            ("2022-05-10", "day", ["Siddiqui announced"]),
            ("2022-06", "month", ["visit Lima"]),
        ],
    ),
    (
        "The mine closed in 2015, and its owner went bankrupt in 2015.",
        [("2015", "year", ["mine closed"])],
    ),
    (
        "Dagny Berg signed the lease on April 20 and moved in on April 20.",
        [("2022-04-20", "day", ["signed the lease"])],
    ),
    (
        "Last year's harvest, in August 2021, was the smallest in a decade.",
        [("2021-08", "month", ["harvest"])],
    ),
    (
        "The inquiry opened on Thursday, May 5, in the capital.",
        [("2022-05-05", "day", ["inquiry opened"])],
    ),
    (
        "Firefighters contained the blaze on April 9. Later that day, the highway reopened.",
        [("2022-04-09", "day", ["contained the blaze"]), ("2022-04-09", "day", ["reopened"])],
    ),
    (
        "The 2019 season remains the worst on record, when the river burst its banks.",
        [("2019", "year", ["season remains the worst"])],
    ),
    (
        "The airline cancelled 300 flights on Thursday and Friday.",
        [
            ("2022-05-05", "day", ["airline cancelled 300 flights on Thursday"]),
            ("2022-05-06", "day", ["airline cancelled 300 flights on Friday"]),
        ],
    ),
    (
        "The council has scheduled a vote for Thursday.",
        [("2022-05-12", "day", ["scheduled a vote"])],
    ),
    (
        "Amara Diallo was elected mayor in 2014 and returned to office four years later.",
        [
            ("2014", "year", ["Diallo was elected mayor"]),
            ("2018", "year", ["Diallo", "returned to office"]),
        ],
    ),
    (
        "The judge adjourned the hearing until May 24.",
        [("2022-05-24", "day", ["judge adjourned the hearing"])],
    ),
    (
        "The border post remained closed until April 30.",
        [("2022-04-30", "day", ["border post remained closed"])],
    ),
    (
        "The rail union called off the strike today.",
        [("2022-05-11", "day", ["rail union called off the strike"])],
    ),
    (
        "Analysts expect the next rate cut in August.",
        [("2022-08", "month", ["next rate cut"])],
    ),
    (
        "Sales fell in the first quarter of 2021, the retailer said.",
        [("2021", "year", ["Sales fell"])],
    ),
    (
        '"We will not give up the harbour," Tomasz Wrona told reporters on Saturday.',
        [("2022-05-07", "day", ['"We will not give up the harbour," Tomasz Wrona told'])],
    ),
]


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[c[0][:40] for c in CASES])
def test_events_dates_and_texts(nlp, text, expected):
    events = events_of(nlp, text)
    got = [(e.date, e.precision) for e in events]
    assert got == [(d, p) for d, p, _ in expected]
    for event, (_, _, words) in zip(events, expected, strict=True):
        for word in words:
            assert word.casefold() in event.text.casefold(), (word, event.text)


NEGATIVES = [
    "She has over 4 years of experience reporting for the agency.",
    "The reporter, a resident of the province in his 40's, spoke by phone.",
    "A 45-year-old farmer was among the injured.",
    "The talks lasted for 4 years without result.",
    "Each day, the station broadcasts the same warnings.",
    "It is a serious problem today.",
    "Prices have risen sharply in recent years.",
    "The officials may meet again if the weather improves.",
    "Residents march through the square every evening.",
    "The ceasefire is holding for now.",
    "The team trains at 6 a.m.",
    "Black Friday sales rose 3 percent.",
    '"Last week was the hardest of my life," said Keiko Mori.',
    "The firm, founded in the 1990s, now employs 4,000 people.",
    "The ministry publishes figures every Tuesday.",
    "2021 was the wettest year on record in the valley.",
    "The region has suffered droughts for decades.",
    # a judgement of "what happened" is no happening
    "\u201cWhat happened today is an earthquake,\u201d the union leader said.",
    # a clause cut where its date was, leaving nothing whole
    "The date Oda Renn had set for the vote was one day before she was due in court.",
    # a period right after a counted noun frames the count, not the happening
    "Mayor Elena Vasquez named Ana Ruiz the council's third treasurer this year.",
    "She named Ana Ruiz the second Keeper of the Harbour Rolls this year.",
]


@pytest.mark.parametrize("text", NEGATIVES)
def test_no_event_without_a_point_in_time(nlp, text):
    assert events_of(nlp, text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The ferry operator suspended all crossings on April 28.", [("--04-28", "day")]),
        ("The festival was first held in September 2009.", [("2009-09", "month")]),
        ("Parliament approved the reform in 2019.", [("2019", "year")]),
        ("Mayor Ingrid Halvorsen said on Monday that the line would reopen.", [(None, "none")]),
        ("The central bank raised interest rates last month.", [(None, "none")]),
        ("Voters will elect a new governor in November.", [(None, "none")]),
    ],
)
def test_without_publication_date_nothing_is_invented(nlp, text, expected):
    got = [(e.date, e.precision) for e in events_of(nlp, text, published=None)]
    assert got == expected


def test_anchor_without_publication_date_keeps_month_and_day(nlp):
    text = ("The trawler sank on October 3. The day after the rescue ended, the navy "
            "opened an inquiry.")
    got = [(e.date, e.precision) for e in events_of(nlp, text, published=None)]
    assert got == [("--10-03", "day"), ("--10-04", "day")]


@pytest.mark.parametrize(
    ("published", "expected"),
    [
        (date(2023, 1, 4), "2022-12-29"),  # "December 29" early in January: last year
        (date(2022, 12, 30), "2022-12-29"),
        (date(2023, 7, 4), "2022-12-29"),
    ],
)
def test_year_of_a_day_follows_publication(nlp, published, expected):
    text = "The pipeline leak was discovered on December 29."
    assert [e.date for e in events_of(nlp, text, published=published)] == [expected]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The envoy arrived in Dakar on Friday.", "2022-05-06"),
        ("The envoy will arrive in Dakar on Friday.", "2022-05-13"),
        ("The envoy is expected to arrive in Dakar on Friday.", "2022-05-13"),
        ("The envoy plans to arrive in Dakar on Friday.", "2022-05-13"),
        ("The envoy arrived in Dakar on Wednesday.", "2022-05-11"),
    ],
)
def test_weekday_direction_follows_tense(nlp, text, expected):
    assert [e.date for e in events_of(nlp, text)] == [expected]


def test_event_fields_and_spans(nlp):
    text = ("Flooding closed the main road. The regional assembly voted on the budget on "
            "March 22, officials said.")
    doc = nlp(text)
    (event,) = extract_events(doc, published=PUB)
    assert event.date_text == "March 22"
    assert text[event.start:event.end].startswith("The regional assembly voted")
    assert event.end <= len(text)
    assert "assembly voted on the budget" in event.text


def test_long_sentences_are_trimmed_to_the_clause(nlp):
    text = (
        "On February 8, the provincial water authority, which has been criticised by farmers, "
        "environmental groups, opposition lawmakers and several neighbouring municipalities "
        "for years over its handling of the reservoir, finally opened the sluice gates of the "
        "northern dam, releasing water into the dry river bed for the first time since the "
        "drought began, while engineers from the national utility monitored the pressure."
    )
    (event,) = events_of(nlp, text)
    assert event.date == "2022-02-08"
    assert len(event.text.split()) <= MAX_WORDS
    assert "opened the sluice gates" in event.text
    assert "water authority" in event.text


def test_same_event_repeated_is_kept_once(nlp):
    text = "The pact was signed on March 1. The pact was signed on March 1."
    assert len(events_of(nlp, text)) == 1


def test_long_event_keeps_what_a_noun_is_and_its_percent_sign(nlp):
    # trimming a long sentence drops side clauses, never the infinitive that says what a
    # noun is ("a vote to move $12 million"), even when parsed apart from it
    [event] = events_of(nlp, "County commissioners voted on Monday morning to sue the town "
                             "of Harlow over a town board vote to divert $9 million the town "
                             "had been paying the county library service for years.")
    assert "vote to divert $9 million" in event.text
    [event] = events_of(nlp, "The alliance said turnout in Monday's election was less than 9%.")
    assert event.text.endswith("less than 9%")


def test_event_words_open_with_the_clause_not_its_subordinator(nlp):
    [event] = events_of(nlp, "The alliance called for the mayor to quit, saying she had lost "
                             "her mandate after Saturday's local election had a turnout of "
                             "less than 9%.")
    assert event.text.startswith("Saturday's local election")


@pytest.mark.parametrize(("text", "absent"), [
    # a bracket emptied by trimming, a conjunction stranded by a dropped clause
    ("At a July 10 hearing, councillors tabled a cut to the Harbour Dredging Board (HDB) of "
     "just $7 million against the more than $2 billion sought by Halvorsen.",
     "( )"),
    ("More than 20 new cases were reported since Monday, each quickly treated, but the risk "
     "remains, officials said.", "but,"),
])
def test_trimmed_event_words_leave_no_debris(nlp, text, absent):
    assert all(absent not in e.text for e in events_of(nlp, text))
    assert events_of(nlp, text)


def test_subject_hung_on_the_headline_before_is_put_back(nlp):
    # the parser runs the headline into the first sentence and hangs its subject there
    text = ("Pellham gets approval for new pier\n\n"
            "The town of Pellham said on Monday that it had received approval for its pier.")
    [event] = events_of(nlp, text)
    assert event.text.startswith("The town of Pellham said")
    # negative: a clause with its own subject is left as it is
    [event] = events_of(nlp, "Pellham gets a pier\n\nOfficials said on Monday that the pier "
                             "would open.")
    assert event.text.startswith("Officials said")


def test_wire_dateline_is_not_part_of_the_event(nlp):
    text = ("OSLO, Norway — The High Court of the Northern Region sentenced a former harbour "
            "master to three years in prison on Tuesday for taking bribes from shipping firms.")
    (event,) = events_of(nlp, text)
    assert event.date == "2022-05-10"
    assert not event.text.startswith("OSLO")
    assert "sentenced a former harbour master" in event.text


def test_wire_dateline_with_its_date_and_agency_is_no_event(nlp):
    text = ("DUNMORE, Harlow, May 11, 2022, HPA -- The prime minister said Tuesday that he "
            "would not agree to an early vote.")
    (event,) = events_of(nlp, text)
    assert event.date == "2022-05-10"
    assert event.text.startswith("The prime minister said")


def test_date_parsed_as_a_second_subject_still_dates(nlp):
    # the parser may take "The week of May 2" for the subject of a clause that has its own
    text = ("She said the board would consider it, and \"Mr. Ruiz will keep working with the "
            "council.\"\n\nThe week of May 2, freezing rain and snow caused mass power cuts and "
            "left dozens of people stranded.")
    (event,) = events_of(nlp, text)
    assert event.date == "2022-05-02" and "power cuts" in event.text


def test_relative_clause_keeps_to_its_paragraph(nlp):
    # a caption without a full stop runs into the next paragraph's relative clause
    text = ("HAPPY DAY ... Ana Ruiz opens the new pier in Dunmore\n\n"
            "Ruiz, who became mayor in the spring of 2019, is looking forward to the festival.")
    (event,) = events_of(nlp, text)
    assert event.date == "2019" and "pier" not in event.text


def test_duration_glued_to_a_date_is_not_in_the_date_text(nlp):
    text = "The bank made its first rate cut in 12 years last March."
    (event,) = events_of(nlp, text)
    assert (event.date, event.date_text) == ("2022-03", "last March")


def test_cut_leaves_no_doubled_punctuation(nlp):
    text = "Last year's harvest, in August 2021, was the smallest in a decade."
    events = events_of(nlp, text, published=None)
    assert events and all(",," not in e.text and ", ," not in e.text for e in events)


def test_empty_document(nlp):
    assert events_of(nlp, "") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the vague restatement of a happening dated precisely elsewhere is dropped
        (
            "Rebels seized the radio station last month. The radio station was seized by "
            "rebels on April 12, witnesses said.",
            [("2022-04-12", "day")],
        ),
        # a different happening around the same thing is kept
        (
            "Rebels seized the radio station on April 12. Just days earlier, the army had "
            "warned that the radio station was a target.",
            [("2022-04-12", "day"), ("2022-04", "month")],
        ),
        # an unrelated happening in the same month is kept
        (
            "Fuel prices rose sharply last month. The radio station was seized by rebels on "
            "April 12, witnesses said.",
            [("2022-04", "month"), ("2022-04-12", "day")],
        ),
    ],
)
def test_vague_restatement_of_a_dated_happening(nlp, text, expected):
    assert [(e.date, e.precision) for e in events_of(nlp, text)] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Okafor noted a deal before June would be difficult.", []),
        ("Okafor said a deal before June could be possible.", []),
        ("Okafor signed the deal before June.", ["2022-06"]),  # the coming June
        ("The bridge will be ready in June.", ["2022-06"]),
    ],
)
def test_hypothetical_judgements_are_not_events(nlp, text, expected):
    assert [e.date for e in events_of(nlp, text)] == expected


@pytest.mark.parametrize(
    ("text", "quotation"),
    [
        ("Over the last week, farm workers, students, and retirees have been mobilized across "
         "the region for mass protests with angry slogans such as \u201cRise up against and "
         "expel the greedy landlords.\u201d",
         "Rise up against and expel the greedy landlords."),
        ("On Tuesday the minister, who was speaking in the capital after a long cabinet meeting "
         "that ran late into the night, said the plan would \u201cbring the trains back to every "
         "village that lost them in the cuts\u201d within five years.",
         "bring the trains back to every village that lost them in the cuts"),
    ],
)
def test_trimming_never_cuts_inside_a_quotation(nlp, text, quotation):
    events = events_of(nlp, text)
    assert events, "expected a dated event"
    assert any(quotation in event.text for event in events), [e.text for e in events]


@pytest.mark.parametrize(
    ("text", "dated"),
    [
        # doubt: an open question, not a happening
        ("The envoy said a treaty signing was unlikely to happen this year.", False),
        ("Farrow said she doubted the rebels would return to the talks before October.", False),
        # a deadline under a modal of obligation or possibility bounds a wish
        ("The speaker said the chamber should vote on the bill before the August recess.", False),
        ("Analysts said the central bank might cut rates by December.", False),
        # negatives: plans and past happenings with a bound keep their date
        ("The minister said 80 engineers would arrive by Friday.", True),
        ("The convoy reached the border crossing before June 1.", True),
        ("The two leaders will meet in Geneva in October.", True),
    ],
)
def test_doubts_and_modal_deadlines_are_not_events(nlp, text, dated):
    assert bool([e for e in events_of(nlp, text) if e.date]) is dated


SEPT = date(2022, 9, 20)  # March and the next March are six months away either side
OCT = date(2022, 10, 5)


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        # cues inside the noun phrase of the happening
        ("Officials printed ballots for the upcoming March referendum.", SEPT, "2023-03"),
        ("The inquiry into the recent June ballot continues.", PUB, "2021-06"),
        ("Delegates are preparing for the next March summit.", PUB, "2023-03"),
        ("Farmers are still angry about the previous March ballot.", SEPT, "2022-03"),
        # negatives: without a cue the verb's own argument takes the verb's tense
        ("Officials printed ballots for the March referendum.", SEPT, "2022-03"),
        ("The party won the March ballot by a wide margin.", SEPT, "2022-03"),
        # words that put the date after the verb's time: nearest in a past clause
        ("Ahead of the regional ballot on Oct. 12, the mayor toured the harbour.", PUB,
         "2022-10-12"),
        ("The mayor resigned before the Oct. 12 ballot.", PUB, "2022-10-12"),
        ("The mayor stayed in the capital until the regional ballot on Oct. 12.", PUB,
         "2022-10-12"),
        ("After the regional ballot on Oct. 12, the mayor toured the harbour.", PUB,
         "2021-10-12"),
        # the "for"/"to" date of a scheduling verb is when the scheduled thing happens
        ("The magistrate remanded the pair and fixed the retrial for Jan. 23.", OCT,
         "2023-01-23"),
        ("The hearing, set for Jan. 23, was moved to a larger courtroom.", PUB, "2023-01-23"),
        ("The court has postponed the trial to March 14.", PUB, "2023-03-14"),
        ("The retrial is due on Jan. 23.", PUB, "2023-01-23"),
        ("The magistrate remanded the pair on Jan. 23.", OCT, "2022-01-23"),  # negative: past
        # a to-infinitive on a person looks ahead, unless "the first ... to"
        ("Okoro, the favourite to win the party's nomination in March, toured the port.",
         SEPT, "2023-03"),
        ("Okoro was the first candidate to win a nomination in March.", SEPT, "2022-03"),
        ("Efforts to reopen the border crossing in March failed.", SEPT, "2022-03"),
        # a happening named as a modifier of a person: not dated by the person's verb
        ("Okoro, the challenger in the March mayoral race, said he would visit the port.",
         SEPT, "2023-03"),
        ("Okoro, a candidate in the March ballot, toured the port.", SEPT, "2023-03"),
        ("Voter turnout in the March ballot was low.", SEPT, "2022-03"),  # negative
        ("In March, the minister said the port would stay open.", SEPT, "2022-03"),  # negative
        # a simple present with a calendar date announces a scheduled happening
        ("The mayor, whose mandate expires in April, opened the bridge.", SEPT, "2023-04"),
        ("He faces a retrial on Jan. 23.", PUB, "2023-01-23"),
        ("The mayor, whose mandate expired in April, opened the bridge.", SEPT, "2022-04"),
        ("He faced a retrial on Jan. 23.", PUB, "2022-01-23"),
        ("The mayor says she met the envoy in April.", SEPT, "2022-04"),
        ("The inquiry into the June ballot continues.", SEPT, "2022-06"),  # not on the verb
        # "next April" is the first April after publication
        ("The governor will step down next April.", date(2020, 9, 3), "2021-04"),
        ("The governor will step down next April.", date(2022, 2, 10), "2022-04"),
    ],
)
def test_year_of_a_yearless_date_from_its_phrase(nlp, text, published, expected):
    assert [e.date for e in events_of(nlp, text, published=published)] == [expected]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # an expected completion ("should be finished before") is dated; a wish or duty is not
        ("Engineers said the survey of the dam should be wrapped up by the end of the week.",
         ["2022-05"]),
        ("Officials said repairs to the pier should be finished before the end of the month.",
         ["2022-05"]),
        ("The firm said the audit would be finished by the end of the year.", ["2022-12"]),
        ("Officials said the pier must be repaired before the end of the month.", []),
        ("The speaker said the chamber should vote on the bill before the end of the week.", []),
        # a bare "the month" in a past clause follows the date just named
        ("The strike began on March 3. By the end of the month, most of the mines had closed.",
         ["2022-03-03", "2022-03"]),
    ],
)
def test_parts_of_a_period_and_expected_completions(nlp, text, expected):
    assert [e.date for e in events_of(nlp, text)] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the dateline's date is the filing date when the sentence dates its happening
        ("LAGOS, May 9 (Wire) -- Officials said on Tuesday that the port would reopen.",
         [("2022-05-10", "Officials said")]),
        ("By Ana Ruiz\n\nLAGOS, May 9 (Wire) --\n\nFlooding closed the main port on Tuesday.",
         [("2022-05-10", "Flooding closed")]),
        # negative: a date after the dateline, in the lead, is kept
        ("LAGOS (Wire) -- Flooding closed the main port on May 9.",
         [("2022-05-09", "Flooding closed")]),
    ],
)
def test_dateline_date_is_the_filing_date(nlp, text, expected):
    got = events_of(nlp, text)
    assert [e.date for e in got] == [d for d, _ in expected]
    for event, (_, words) in zip(got, expected, strict=True):
        assert words in event.text and "LAGOS" not in event.text


@pytest.mark.parametrize(
    ("text", "date_text", "kept"),
    [
        # a span the parser ran across a blank line keeps the date's paragraph only
        ('"We will rebuild it, and quickly."\n\nThe mayor said on Monday that it would reopen.',
         "Monday", "The mayor said on Monday that it would reopen."),
        ("The mayor said on Monday that it would reopen.\n\nIt was not clear why.",
         "Monday", "The mayor said on Monday that it would reopen."),
        ("Quays flooded.\n\nThe mayor said on Monday that it would reopen.\n\nNobody knew.",
         "Monday", "The mayor said on Monday that it would reopen."),
        # negative: one paragraph, nothing left out
        ("Quays flooded. The mayor said on Monday that it would reopen.", "Monday",
         "Quays flooded. The mayor said on Monday that it would reopen."),
    ],
)
def test_event_text_stays_in_the_date_paragraph(nlp, text, date_text, kept):
    from digests.extract.dates import parse_expression
    from digests.extract.events import Mention, _other_paragraphs

    doc = nlp(text)
    whole = doc[0:len(doc)]  # as if the parser had made one sentence of it all
    span = next(doc[t.i:t.i + 1] for t in doc if t.text == date_text)
    mention = Mention(span.start, span.end, span.text, parse_expression(span.text))
    dropped = _other_paragraphs(whole, mention)
    left = "".join(t.text_with_ws for t in doc if t.i not in dropped).strip()
    assert left == kept


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a date between a verb and the subject of its complement belongs to that verb
        ("The agency said on Tuesday it would close two branches.", "2022-05-10"),
        ("The regulator announced on Monday it would fine the lender.", "2022-05-09"),
        ("The agency said on Tuesday that it would close two branches.", "2022-05-10"),
        # negative: a date inside the complement takes the complement's tense
        ("The agency said it would close two branches on Tuesday.", "2022-05-17"),
    ],
)
def test_date_before_a_reported_clause_dates_the_report(nlp, text, expected):
    assert [e.date for e in events_of(nlp, text)] == [expected]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a happening named as a reference point is certain even when the clause is in doubt
        ("It is unclear whether the two sides will meet again before the regional election "
         "in November.", [("2022-11", "election in November")]),
        ("It remains uncertain whether the mayor will resign ahead of the June referendum.",
         [("2022-06", "June referendum")]),
        # negatives: the doubted happening itself
        ("It is unclear whether the two sides will meet again in November.", []),
        ("The envoy said a summit in November was unlikely.", []),
    ],
)
def test_reference_happening_survives_a_doubt(nlp, text, expected):
    got = [(e.date, e.text) for e in events_of(nlp, text) if e.date]
    assert [d for d, _ in got] == [d for d, _ in expected]
    for (_, event_text), (_, words) in zip(got, expected, strict=True):
        assert words in event_text and "unclear" not in event_text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # what nobody can tell, or will not say, is an open question
        ("Nobody can say what fuel prices will look like next year.", []),
        ("No one knows whether the ferry will run next month.", []),
        ("The ministry would not say whether the talks will resume next week.", []),
        # negatives: a past happening, and a plain report
        ("No one knows who set the fire on Monday.", ["2022-05-09"]),
        ("Police did not say how many people died in the blast on Monday.", ["2022-05-09"]),
        ("The ministry said the talks will resume next month.", ["2022-06"]),
    ],
)
def test_what_nobody_can_tell_is_not_an_event(nlp, text, expected):
    assert [e.date for e in events_of(nlp, text) if e.date] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the baseline of a comparison says when a figure stood, not what happened
        ("Net profit rose 8% in March from February.", ["2022-03"]),
        ("Unemployment fell to 5.1% in April, lower than in 2019.", ["2022-04"]),
        ("Exports were flat compared with last year.", []),
        ("Revenue reached 4.1 million euros, up from 3.2 million euros in 2020.", []),
        # negatives: "from" without a change
        ("The minister returned from Lagos on Monday.", ["2022-05-09"]),
        ("The ferry service was suspended from May 3.", ["2022-05-03"]),
    ],
)
def test_comparison_baselines_are_not_events(nlp, text, expected):
    assert [e.date for e in events_of(nlp, text) if e.date] == expected


def test_shared_reporting_verb_is_not_one_happening(nlp):
    text = ("Officials said on May 3 that the port would reopen. Earlier this month, the "
            "harbour master said the port had flooded.")
    assert [e.date for e in events_of(nlp, text)] == ["2022-05-03", "2022-05"]


def test_nested_reported_speech_gives_each_date_a_short_event_of_its_own(nlp):
    """A chain of reported speech ("A said on 3 March that B said on 4 March that ...") makes
    each date's clause the whole rest of the chain; each event still keeps only its own date,
    in at most MAX_WORDS words, and the chain's far end never enters an early event's text."""
    names = ("Mira Talvik", "Oren Basko", "Lusa Ferndale", "Teodor Vance")
    days = range(1, 29)
    chain = " ".join(f"{names[k % 4]} said on {d} March that" for k, d in enumerate(days))
    events = events_of(nlp, f"{chain} the toll would rise.")
    dated = {e.date for e in events}
    assert {f"2022-03-{d:02d}" for d in days} <= dated
    for event in events:
        words = event.text.split()
        assert len(words) <= MAX_WORDS
        assert sum(w.isdigit() for w in words) == 1, event.text  # its own day only
    first = next(e for e in events if e.date == "2022-03-01")
    assert "toll" not in first.text  # 28 clauses away: not part of the first event


def test_an_event_kept_from_a_reported_clause_does_not_open_with_that(nlp):
    # the complementizer of the clause kept goes with the words that reported it
    events = events_of(nlp, "But in a sign of a split at the bank, the Daily Ledger reported "
                            "that the bank was privately reassuring lenders that it was prepared "
                            "to extend its bond scheme beyond Friday's deadline if markets "
                            "demanded it, quoting two insiders.")
    assert events and all(not e.text.lower().startswith("that ") for e in events)
