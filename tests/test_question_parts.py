"""The parts of open-question extraction (issue 10, issue 9's question classes), each on its
own invented sentences: phrasing, stance words, headlines, mood, grouping, settled questions,
stance holders; then the whole extractor on short invented articles."""
from __future__ import annotations

import pytest
from test_questions import questions_of
from test_speakers import people_in

from digests.extract import _grouping
from digests.extract._grouping import GroupingFacts, components, grouping_keys, linked
from digests.extract._headings import is_heading
from digests.extract._layout import find_quoted_spans
from digests.extract._holder import holder_subject, own_subject
from digests.extract._mood import background, counterfactual, forward_trigger, given_up, optative
from digests.extract._phrasing import as_question, asked_parts, gerund, phrase_question
from digests.extract._realised import carried_out, realised_events
from digests.extract._stance_text import stance_words
from digests.models import QuestionCandidate, Stance

NAMES = {
    "elena-vasquez": ("Elena Vasquez", "Vasquez"),
    "hiroshi-tanaka": ("Hiroshi Tanaka", "Tanaka"),
    "amara-okafor": ("Amara Okafor", "Okafor"),
    "bjorn-lund": ("Bjorn Lund", "Lund"),
}


def _token(doc, word: str):
    return next(t for t in doc if t.text == word)


# ----------------------------------------------------------------------------------------------
# Phrasing: the clause a trigger heads, asked as a question


@pytest.mark.parametrize(
    ("text", "head", "question"),
    [
        ("The navy will resume patrols in the strait next week.", "resume",
         "Will the navy resume patrols in the strait next week?"),
        ("Lund said the ferry company would not restore the night service.", "restore",
         "Will the ferry company restore the night service?"),
        ("Okafor said both sides can still reach a compromise.", "reach",
         "Can both sides still reach a compromise?"),
        ("Vasquez hopes the new bridge could open before the spring floods.", "hopes",
         "Will the new bridge open before the spring floods?"),
        ("The dockers' union plans to hold another strike in March.", "plans",
         "Will the dockers' union hold another strike in March?"),
        ("Tanaka said a deal before the end of the year would be difficult.", "be",
         "Will there be a deal before the end of the year?"),
        ("The minister called for an independent inquiry into the fire.", "called",
         "Will there be an independent inquiry into the fire?"),
        ("It is unclear whether the council will approve the new stadium.", "is",
         "Will the council approve the new stadium?"),
        ("Reporters asked when the next rate cut might come.", "come",
         "When will the next rate cut come?"),
        ("The mayor did not say which roads would reopen first.", "reopen",
         "Which roads will reopen first?"),
        ("Officials said the landslide could have been caused by heavy rain.", "caused",
         "Could the landslide have been caused by heavy rain?"),
        ("The senator called on the governor to reverse the fees.", "called",
         "Will the governor reverse the fees?"),
        ("The chancellor is under pressure to sack her deputy.", "is",
         "Will the chancellor sack her deputy?"),
        ("The port authority is vying to host the regional trade fair.", "vying",
         "Will the port authority host the regional trade fair?"),
        ("The union is reluctant to call off the strike.", "is",
         "Will the union call off the strike?"),
        ("The ferry looks set to resume service in April.", "set",
         "Will the ferry resume service in April?"),
        ("The board will consider the request, and the director will stay on.", "consider",
         "Will the board consider the request?"),
        ("The treasurer left his post and will join a rival firm at the port.", "join",
         "Will the treasurer join a rival firm at the port?"),
        ("The senator on Friday called on the governor to lift the fees.", "called",
         "Will the governor lift the fees?"),
        ("The mayor will not rest until the culprits are found.", "rest",
         "Will the culprits be found?"),
        ("We will see whether more help is needed from the bank.", "see",
         "Will more help be needed from the bank?"),
    ],
)
def test_phrase_question(nlp, text, head, question):
    doc = nlp(text)
    assert phrase_question(_token(doc, head)) == question


def test_phrase_question_names_a_pronoun_subject(nlp):
    doc = nlp("She will close the shelter in May.")
    assert phrase_question(doc[2], names={0: "Elena Vasquez"}) == (
        "Will Elena Vasquez close the shelter in May?")


def test_phrase_question_without_a_subject_gives_none_and_the_fallback_still_asks(nlp):
    doc = nlp("Will close soon.")
    assert phrase_question(_token(doc, "close")) is None
    assert as_question("the roof may hold.") == "The roof may hold?"
    assert as_question("") == ""


def test_long_questions_are_cut_at_a_comma(nlp):
    text = ("The council will rebuild the harbour wall, the fish market, the ferry ramp, the "
            "old lighthouse, the lifeboat station, the customs house and the long pier "
            "that storms destroyed over three winters of the last decade.")
    question = phrase_question(_token(nlp(text), "rebuild"))
    assert question.endswith("?") and len(question.split()) <= 32


# ----------------------------------------------------------------------------------------------
# Stance words: the source's clause, quote marks kept


@pytest.mark.parametrize(
    ("text", "clause", "want"),
    [
        # a clause inside a quotation keeps the quotation's marks
        ('"I think a deal is unlikely before May," Lund said.', "a deal is unlikely before May",
         "“a deal is unlikely before May”".replace("“", '"').replace("”", '"')),
        ("“We will appeal the ruling,” Okafor said.", "We will appeal the ruling",
         "“We will appeal the ruling”"),
        # a partial quotation inside the clause keeps its own marks
        ('the plan was "unworkable" and would fail', 'the plan was "unworkable" and would fail',
         'the plan was "unworkable" and would fail'),
        # outside quotations: the words as they are, without the final full stop
        ("The navy will resume patrols.", "The navy will resume patrols.",
         "The navy will resume patrols"),
    ],
)
def test_stance_words_keep_quote_marks(text, clause, want):
    quotes = [(q.open, q.close + 1) for q in find_quoted_spans(text)]
    start = text.index(clause)
    assert stance_words(text, start, start + len(clause), quotes) == want


def test_stance_words_drop_a_dangling_conjunction():
    text = 'Both sides can still "make progress," but the summit is off.'
    end = text.index(" the summit")
    assert stance_words(text, 0, end, [(text.index('"'), text.index('," ') + 2)]) == (
        'Both sides can still "make progress,"')


def test_stance_words_start_at_the_verb_of_a_named_holder():
    text = "Vasquez hopes the bridge could open in May."
    start = text.index("hopes")
    assert stance_words(text, 0, len(text), [], verb_start=start) == (
        "hopes the bridge could open in May")


# ----------------------------------------------------------------------------------------------
# Headlines and truncated paragraphs


@pytest.mark.parametrize(
    ("paragraph", "heading"),
    [
        ("Harbour town braces for second storm", True),
        ("Ferry strike: talks to resume on Monday", True),
        ("The ferry will run again. Crews said the ramp was repaired and the first boat", False),
        ("Crews worked through the night.The mayor said the road would reopen by", False),
        (" ".join(["word"] * 40), False),  # longer than any headline: cut-off text
        ("The ferry will run again on Monday.", False),
        ("", False),
    ],
)
def test_is_heading(paragraph, heading):
    assert is_heading(paragraph) is heading


def test_a_cut_off_last_paragraph_still_gives_its_questions(nlp):
    text = ("Storm hits the coast\n\nThe harbour was closed on Monday. The ferry company "
            "said it would resume the night service next week. Crews cleared the quay and "
            "the first boats were")
    found = questions_of(nlp(text), people=[], published=None)
    assert [q.text for q in found] == ["Will the ferry company resume the night service next week?"]


# ----------------------------------------------------------------------------------------------
# Mood: what only looks open


@pytest.mark.parametrize(
    ("text", "modal", "expected"),
    [
        ("They should have been warned much earlier.", "should", True),
        ("The club would have won with a full team.", "would", True),
        ("A faulty cable could have started the fire.", "could", False),
        ("The club will win the cup.", "will", False),
    ],
)
def test_counterfactual(nlp, text, modal, expected):
    assert counterfactual(_token(nlp(text), modal)) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("May the new year bring peace to the valley.", True),
        ("The council may close the pool in May.", False),
        ("May the council close the pool?", False),
    ],
)
def test_optative(nlp, text, expected):
    doc = nlp(text)
    modal = next(t for t in doc if t.lower_ == "may" and t.tag_ == "MD")
    assert optative(modal) is expected


@pytest.mark.parametrize(
    ("text", "verb", "expected"),
    [
        ("They had hoped to reach the hikers near the hut.", "hoped", True),
        ("They hope to reach the hikers near the hut.", "hope", False),
    ],
)
def test_given_up(nlp, text, verb, expected):
    assert given_up(_token(nlp(text), verb)) is expected


def test_background_is_a_relative_clause_of_a_noun(nlp):
    doc = nlp("Rescuers searched the valleys where it was hoped the hikers would be found.")
    assert background(_token(doc, "hoped"))
    assert not background(_token(doc, "searched"))


@pytest.mark.parametrize(
    ("text", "word", "leaning"),
    [
        ("The port authority is vying to host the trade fair.", "vying", "for"),
        ("The minister is open to a second referendum.", "open", "for"),
        ("The union is reluctant to call off the strike.", "reluctant", "against"),
        ("The mayor is under pressure to resign.", "pressure", "for"),
        ("The regulator ruled out a recount of the ballots.", "ruled", "against"),
    ],
)
def test_forward_trigger(nlp, text, word, leaning):
    found = forward_trigger(_token(nlp(text), word))
    assert found is not None and found.leaning == leaning


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("The shop is open on Sundays.", "open"),
        ("Volunteers worked to clear the road.", "worked"),
        ("The pressure in the pipe dropped.", "pressure"),
    ],
)
def test_forward_trigger_negatives(nlp, text, word):
    assert forward_trigger(_token(nlp(text), word)) is None


@pytest.mark.parametrize(
    ("text", "leaning"),
    [
        ("The finance minister does not foresee any change to the pension age.", "against"),
        ("The regulator ruled out a recount of the ballots.", "against"),
        ("The scheme is due to close on Friday.", "for"),
        ("The committee urged the board to publish the report.", "for"),
        ("The mayor faces calls to resign over the flooding.", "for"),
    ],
)
def test_forward_looking_language_gives_a_question(nlp, text, leaning):
    [cand] = questions_of(nlp(text), people=[], published=None)
    assert cand.text.endswith("?")
    assert cand.stances[0].leaning == leaning


@pytest.mark.parametrize(
    ("text", "words"),
    [
        # what follows the clause in the speaker's sentence stays ...
        ("Lund said he expected a deal, but not before the new year.", "not before the new year"),
        # ... but not an attribution or a reason after it
        ('"The ferry will run again in May," Okafor said on Monday.', "The ferry will run again"),
    ],
)
def test_stance_text_keeps_what_follows_in_the_speakers_sentence(nlp, text, words):
    [cand] = questions_of(nlp(text), people=people_in(text, NAMES), published=None)
    stance = cand.stances[0].text
    assert words in stance
    assert "Okafor said" not in stance and "Monday" not in stance


def test_a_request_in_the_past_perfect_still_waits_for_its_answer(nlp):
    text = "The province had asked the treasury for an emergency grant."
    [cand] = questions_of(nlp(text), people=[], published=None)
    assert cand.text == "Will there be an emergency grant?"


def test_a_present_hope_in_a_relative_clause_is_a_question(nlp):
    text = "It was a rare gesture that the mayor hopes could reopen talks with the union."
    [cand] = questions_of(nlp(text), people=[], published=None)
    assert "reopen talks" in cand.text


def test_a_quoted_he_is_not_the_speaker(nlp):
    text = '"He can still sign the order if he so chooses," Bjorn Lund said of the governor.'
    [cand] = questions_of(nlp(text), people=people_in(text, NAMES), published=None)
    assert cand.text.startswith("Can he still sign the order")
    assert cand.stances[0].speaker == "bjorn-lund"


def test_preparing_for_something_is_not_wanting_it(nlp):
    doc = nlp("The town said the grid was not prepared for the storm.")
    assert phrase_question(_token(doc, "prepared")) != "Will there be the storm?"


@pytest.mark.parametrize(
    ("text", "leaning"),
    [
        ("The mayor said she will not rest until the culprits are found.", "for"),
        ("The treasurer said they will see whether more help is needed.", "unsure"),
        ("The engineer said that if the rain comes, the coast road will close.", "unsure"),
        ("The doctor said she is not sure the patients can travel this week.", "unsure"),
        ("The drivers will strike again in March unless the board moves.", "for"),
    ],
)
def test_waiting_and_deciding_clauses_set_the_leaning(nlp, text, leaning):
    [cand] = questions_of(nlp(text), people=[], published=None)
    assert cand.stances[0].leaning == leaning


@pytest.mark.parametrize(
    "text",
    [
        "They should have been warned about the flooding much earlier.",
        "The crowd cheered a team which had followed every step of the effort to save them.",
        "May the new year bring peace to the valley.",
        "They had hoped to reach the hikers near the summit hut.",
        "Rescuers searched the valleys where it was hoped the hikers would be found.",
        "The shop is open on Sundays.",
    ],
)
def test_not_open_questions(nlp, text):
    assert questions_of(nlp(text), people=[], published=None) == []


# ----------------------------------------------------------------------------------------------
# Grouping


def test_grouping_keys_map_event_words_and_keep_names_whole(nlp):
    keys = grouping_keys(nlp("The two leaders could hold a summit in North Rivia."))
    assert "meet" in keys  # summit -> the meeting class
    assert "north rivia" in keys and "rivia" not in keys
    assert grouping_keys(nlp("They will meet again.")) & keys == {"meet"}


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        (GroupingFacts(3, frozenset({"bridge"})), GroupingFacts(3, frozenset({"toll"})), True),
        (GroupingFacts(3, frozenset({"bridge"})),
         GroupingFacts(4, frozenset({"ferry"}), points_back=True), True),
        (GroupingFacts(3, frozenset({"bridge"})),
         GroupingFacts(4, frozenset({"ferry"}), pronoun_subject=True), True),
        (GroupingFacts(3, frozenset({"bridge"})), GroupingFacts(4, frozenset({"ferry"})), False),
        (GroupingFacts(3, frozenset({"bridge", "toll"})), GroupingFacts(4, frozenset({"toll"})),
         True),
        (GroupingFacts(3, frozenset({"bridge"})),
         GroupingFacts(6, frozenset({"ferry"}), pronoun_subject=True), False),
        (GroupingFacts(3, frozenset({"bridge", "toll"})),
         GroupingFacts(9, frozenset({"toll", "ferry"})), False),
        (GroupingFacts(1, frozenset({"meet", "lund", "may"}), event="meet"),
         GroupingFacts(9, frozenset({"meet", "may", "pandemic"}), event="meet"), True),
        (GroupingFacts(1, frozenset({"a", "b", "c", "d"})),
         GroupingFacts(9, frozenset({"a", "b", "c", "e"})), True),
    ],
)
def test_linked(a, b, expected):
    assert linked(a, b) is expected
    assert linked(b, a) is expected


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        # the same event class asked about again further on, naming nothing new: one question
        (GroupingFacts(0, frozenset({"resign", "ferry", "board"}), event="resign"),
         GroupingFacts(7, frozenset({"resign"}), event="resign"), True),
        (GroupingFacts(2, frozenset({"investigate", "mill", "fire"}), event="investigate"),
         GroupingFacts(12, frozenset({"investigate", "fire"}), event="investigate"), True),
        # ... but naming something new on each side (another instance of the event): apart
        (GroupingFacts(2, frozenset({"investigate", "mill"}), event="investigate"),
         GroupingFacts(12, frozenset({"investigate", "harbour"}), event="investigate"), False),
        # the same plain verb (no event class) far apart is not enough
        (GroupingFacts(0, frozenset({"open", "mill"}), event="open"),
         GroupingFacts(7, frozenset({"open"}), event="open"), False),
        # different event classes stay apart
        (GroupingFacts(0, frozenset({"resign", "investigate", "board"}), event="resign"),
         GroupingFacts(7, frozenset({"investigate"}), event="investigate"), False),
        # a pronoun subject two sentences on is not enough
        (GroupingFacts(3, frozenset({"tunnel"})),
         GroupingFacts(5, frozenset({"dangerous"}), pronoun_subject=True), False),
    ],
)
def test_linked_across_the_document(a, b, expected):
    assert linked(a, b) is expected
    assert linked(b, a) is expected


@pytest.mark.parametrize(
    ("facts", "expected"),
    [
        # a later statement shares two keys with each of two adjacent earlier ones, three with
        # the pair together: the question taken up again
        ([GroupingFacts(0, frozenset({"loan", "farmer", "repay"})),
          GroupingFacts(1, frozenset({"farmer", "drought", "lender"})),
          GroupingFacts(9, frozenset({"farmer", "loan", "drought", "delay"}))],
         [[0, 1, 2]]),
        # two keys shared with the group but no candidate sharing two: apart
        ([GroupingFacts(0, frozenset({"loan", "farmer", "repay"})),
          GroupingFacts(1, frozenset({"farmer", "drought", "lender"})),
          GroupingFacts(9, frozenset({"loan", "drought", "stadium"}))],
         [[0, 1], [2]]),
        # three keys shared with the group, but each with a different candidate: apart
        ([GroupingFacts(0, frozenset({"loan", "repay"})),
          GroupingFacts(0, frozenset({"drought", "lender"})),
          GroupingFacts(0, frozenset({"tractor", "fee"})),
          GroupingFacts(9, frozenset({"loan", "drought", "tractor"}))],
         [[0, 1, 2], [3]]),
        # the two candidates sharing two keys ask about two different events: apart
        ([GroupingFacts(0, frozenset({"loan", "farmer", "repay"}), event="repay"),
          GroupingFacts(1, frozenset({"farmer", "drought", "borrow"}), event="borrow"),
          GroupingFacts(9, frozenset({"farmer", "loan", "drought", "sell"}), event="sell")],
         [[0, 1], [2]]),
        # one shared key only: apart
        ([GroupingFacts(0, frozenset({"loan", "farmer"})),
          GroupingFacts(1, frozenset({"farmer", "drought"})),
          GroupingFacts(9, frozenset({"farmer", "stadium", "mayor"}))],
         [[0, 1], [2]]),
    ],
)
def test_groups_joined_when_the_question_is_taken_up_again(facts, expected):
    assert components(facts) == expected


@pytest.mark.parametrize(("verb", "expected"), [
    ("reach", "reaching"), ("make", "making"), ("die", "dying"), ("see", "seeing"),
    ("agree", "agreeing"), ("stop", "stopping"), ("win", "winning"), ("begin", "beginning"),
    ("admit", "admitting"), ("open", "opening"), ("visit", "visiting"), ("fix", "fixing"),
    ("play", "playing"), ("offer", "offering"),
])
def test_gerund(verb, expected):
    assert gerund(verb) == expected


@pytest.mark.parametrize(("question", "expected"), [
    ("Will it happen?", True),
    ("Will it happen before May?", True),
    ("Raising the toll in March \u2014 will it happen?", True),
    ("Will the toll rise in March?", False),
    ("Will it rain on Sunday?", False),
])
def test_vague_questions_judge_something_said(question, expected):
    assert _grouping.vague(question) is expected


def _vague(sentence: int, speaker: str | None) -> GroupingFacts:
    return GroupingFacts(sentence, frozenset({"difficult"}), vague=True, speaker=speaker)


@pytest.mark.parametrize(
    ("facts", "expected"),
    [
        # the same source's nearest candidate before it, two sentences back: what it judges
        ([GroupingFacts(0, frozenset({"toll"}), speaker="lund"),
          GroupingFacts(1, frozenset({"vote"}), speaker="union"),
          GroupingFacts(2, frozenset({"tunnel"}), speaker="lund"),
          _vague(4, "lund")],
         [[0], [1], [2, 3]]),
        # another source's question in between is not what it judges
        ([GroupingFacts(2, frozenset({"toll"}), speaker="lund"),
          GroupingFacts(3, frozenset({"vote"}), speaker="union"),
          _vague(4, "lund")],
         [[0, 2], [1]]),
        # nothing of that source before it: the next sentence's
        ([_vague(0, "lund"), GroupingFacts(1, frozenset({"toll"}), speaker="lund")],
         [[0, 1]]),
        # too far, before and after; an unnamed judgement is not attached
        ([GroupingFacts(0, frozenset({"toll"}), speaker="lund"), _vague(3, "lund"),
          GroupingFacts(5, frozenset({"toll"}), speaker="lund"), _vague(9, None),
          GroupingFacts(10, frozenset({"ferry"}))],
         [[0], [1], [2], [3], [4]]),
    ],
)
def test_a_vague_judgement_joins_what_its_source_said_just_before(facts, expected):
    assert components(facts) == expected


def test_an_admission_that_names_nothing_joins_the_plans_it_judges(nlp):
    text = ("Elena Vasquez admitted that finishing the works is \u201cdifficult\u201d. She said "
            "her plans would bring the trams back to Osterby by the spring.")
    [cand] = questions_of(nlp(text), people=people_in(text, NAMES), published=None)
    assert cand.text == "Will her plans bring the trams back to Osterby by the spring?"
    assert [s.leaning for s in cand.stances] == ["against", "for"]
    other = ("Elena Vasquez admitted that finishing the works is \u201cdifficult\u201d. The union "
             "wants a vote on the night shifts.")
    found = questions_of(nlp(other), people=people_in(other, NAMES), published=None)
    assert len(found) == 2  # the union's question is not what she judged


def test_components_chain_links():
    facts = [GroupingFacts(0, frozenset({"x"})), GroupingFacts(5, frozenset({"y"})),
             GroupingFacts(1, frozenset({"x"})), GroupingFacts(5, frozenset({"z"}))]
    assert components(facts) == [[0, 2], [1, 3]]


def test_merge_keeps_every_stance_and_the_best_question():
    def cand(text, start, leaning):
        return QuestionCandidate(text, (text.split()[1],), (Stance(None, None, text, leaning),),
                                 start, start + 5)

    merged = _grouping.merge([cand("It would be hard?", 0, "against"),
                              cand("Will the two leaders meet again before May?", 10, "for")])
    assert merged.text == "Will the two leaders meet again before May?"
    assert [s.leaning for s in merged.stances] == ["against", "for"]
    assert (merged.start, merged.end) == (0, 15)


ONE_QUESTION = (
    "Minister Elena Vasquez said she hopes the two leaders could meet again before the vote "
    "in May.\n\n"
    "Hiroshi Tanaka said both sides can still make progress, but noted that a summit before "
    "May would be difficult because of the floods.\n\n"
    '"I think it is probably unlikely before the vote," Tanaka said on Monday.\n\n'
    "The harbour authority plans to dredge the channel next year."
)


def test_statements_about_one_question_are_one_question_with_their_sides(nlp):
    found = questions_of(nlp(ONE_QUESTION), people=people_in(ONE_QUESTION, NAMES),
                              published=None)
    assert [q.text for q in found] == [
        "Will the two leaders meet again before the vote in May?",
        "Will the harbour authority dredge the channel next year?",
    ]
    sides = [(s.speaker, s.leaning) for s in found[0].stances]
    assert sides == [("elena-vasquez", "for"), ("hiroshi-tanaka", "for"),
                     ("hiroshi-tanaka", "against"), ("hiroshi-tanaka", "against")]
    assert found[0].stances[-1].text.startswith('"') and found[0].stances[-1].text.endswith('"')


# ----------------------------------------------------------------------------------------------
# Settled questions


def test_realised_events_and_carried_out(nlp):
    doc = nlp("The old depot was demolished on Friday. Crews did not demolish the tower.")
    done = realised_events(doc, [s.start_char for s in doc.sents])
    assert [(r.event, r.participant) for r in done] == [("destroy", "depot")]
    assert carried_out(frozenset({"destroy", "depot"}), {"the", "depot"}, 999, done)
    assert not carried_out(frozenset({"destroy", "tower"}), {"tower"}, 999, done)
    # a further instance is not settled by a past one
    assert not carried_out(frozenset({"destroy", "depot"}), {"another", "depot"}, 999, done)
    # nor is a statement by the sentence that tells it
    assert not carried_out(frozenset({"destroy", "depot"}), {"depot"}, done[0].sentence_start,
                           done)


@pytest.mark.parametrize(("text", "done"), [
    # a resignation is done by announcing it: whoever announced it, and whose it is
    ("Mayor Elena Vasquez on Monday announced her cabinet's resignation.",
     [("resign", "vasquez"), ("resign", "cabinet")]),
    ("The chairman tendered his resignation on Friday.", [("resign", "chairman")]),
    # negatives: an announced meeting is still to be held; a resignation only demanded
    ("The palace announced a summit for June.", []),
    ("The unions demanded the resignation of the board.", []),
])
def test_an_event_done_by_announcing_it(nlp, text, done):
    doc = nlp(text)
    found = realised_events(doc, [s.start_char for s in doc.sents])
    assert [(r.event, r.participant) for r in found] == done


def test_a_resignation_announced_settles_whether_she_will_leave(nlp):
    text = ("Mayor Elena Vasquez on Monday announced her resignation after the ferry inquiry."
            "\n\nHer resignation had long seemed likely, but Vasquez appeared reluctant to "
            "quit her post.")
    people = people_in(text, {"elena-vasquez": ("Elena Vasquez", "Vasquez")})
    assert questions_of(nlp(text), people=people, published=None) == []


def test_a_threat_carried_out_is_not_an_open_question(nlp):
    text = ("The militia warned on Monday that it would blow up the old bridge. "
            "On Wednesday the militia blew up the bridge. "
            "The governor hopes the ferry could run again by June.")
    found = questions_of(nlp(text), people=[], published=None)
    assert [q.text for q in found] == ["Will the ferry run again by June?"]


# ----------------------------------------------------------------------------------------------
# Stance holders


@pytest.mark.parametrize(
    ("text", "head", "holder"),
    [
        ("The governor thinks the board should resign.", "resign", "governor"),
        ("The bank delivered a message saying it will stop the purchases.", "stop", "bank"),
        ("Lund became the first deputy to say the mayor could not stay.", "stay", "Lund"),
        ("The board should resign.", "resign", None),
    ],
)
def test_holder_subject(nlp, text, head, holder):
    found = holder_subject(_token(nlp(text), head))
    assert (found.text if found is not None else None) == holder


def test_own_subject_is_a_named_subject_shared_by_conjoined_verbs(nlp):
    doc = nlp("Tanaka wanted to cut the tax and will now defend the rate.")
    assert own_subject(_token(doc, "defend")).text == "Tanaka"
    assert own_subject(_token(nlp("The tax will rise."), "rise")) is None


def test_a_named_subjects_own_plan_is_their_stance(nlp):
    text = "Hiroshi Tanaka wanted to cut the ferry fares and will now defend the old rate."
    [cand] = questions_of(nlp(text), people=people_in(text, NAMES), published=None)
    assert [s.speaker for s in cand.stances] == ["hiroshi-tanaka"]


# ----------------------------------------------------------------------------------------------
# One clause asking two things: split into one question per thing asked


@pytest.mark.parametrize(
    ("text", "head", "parts"),
    [
        ("The mayor is under pressure to scrap the toll and fire his transport adviser.", "is",
         ["scrap", "fire"]),
        ("The union hopes to win a pay rise and cut the working week.", "hopes", ["win", "cut"]),
        ("Residents urged the board to repair the pier and reopen the ferry office.", "urged",
         ["repair", "reopen"]),
        ("Tenants called on the landlord to fix the lifts and lower the rents.", "called",
         ["fix", "lower"]),
        # one thing asked (no second object, the same verb, a modal statement): not split
        ("The two leaders plan to meet in Oslo and sign a trade pact.", "plan", []),
        ("The council could raise fares and close two depots next year.", "raise", []),
        ("The mayor is under pressure to resign.", "is", []),
        ("The board wants to buy the mill and buy the barn.", "wants", []),
    ],
)
def test_asked_parts(nlp, text, head, parts):
    doc = nlp(text)
    assert [t.text for t in asked_parts(_token(doc, head))] == parts


@pytest.mark.parametrize(
    ("text", "head", "questions"),
    [
        ("The mayor is under pressure to scrap the toll and fire his transport adviser.", "is",
         ["Will the mayor scrap the toll?", "Will the mayor fire his transport adviser?"]),
        ("Tenants called on the landlord to fix the lifts and lower the rents.", "called",
         ["Will the landlord fix the lifts?", "Will the landlord lower the rents?"]),
    ],
)
def test_phrase_question_asks_one_part(nlp, text, head, questions):
    doc = nlp(text)
    head = _token(doc, head)
    assert [phrase_question(head, part=p) for p in asked_parts(head)] == questions


SPLIT = (
    "Harbour master Bjorn Lund is under pressure to close the old quay and sack his deputy, "
    "but he insisted he had done nothing wrong.\n\n"
    "Amara Okafor said the ferry would run again in May."
)


def test_a_clause_asking_two_things_gives_two_questions_each_with_its_own_words(nlp):
    found = questions_of(nlp(SPLIT), people=people_in(SPLIT, NAMES), published=None)
    texts = [q.text for q in found]
    assert texts[:2] == ["Will harbour master Bjorn Lund close the old quay?",
                         "Will harbour master Bjorn Lund sack his deputy?"]
    quay, deputy = found[0], found[1]
    assert "deputy" not in quay.stances[0].text and "quay" in quay.stances[0].text
    assert "close the old quay" not in deputy.stances[0].text
    assert "sack his deputy" in deputy.stances[0].text and "…" in deputy.stances[0].text
    assert "deputy" not in quay.topic and "quay" not in deputy.topic
    assert len(found) == 3  # the two parts are never grouped into one again


def test_parts_of_one_split_clause_are_never_grouped():
    facts = [GroupingFacts(2, frozenset({"quay", "close"}), apart=7),
             GroupingFacts(2, frozenset({"deputy", "sack"}), apart=7),
             GroupingFacts(2, frozenset({"harbour"}))]
    assert components(facts) == [[0, 2], [1]]
    # shared keys do not join them either
    facts = [GroupingFacts(2, frozenset({"a", "b", "c"}), apart=7),
             GroupingFacts(2, frozenset({"a", "b", "c"}), apart=7)]
    assert components(facts) == [[0], [1]]


# ----------------------------------------------------------------------------------------------
# Grouping: opposite outcomes, conditions, pronouns inside the asked clause

STAY, GO = _grouping.outcome("remain"), _grouping.outcome("resign")


@pytest.mark.parametrize(
    ("lemma", "same_pair_as", "other_side"),
    [("stay", "resign", True), ("quit", "remain", True), ("step_down", "survive", True),
     ("extend", "expire", True), ("reopen", "close", True), ("win", "lose", True),
     ("remain", "survive", False)],
)
def test_outcome_pairs(lemma, same_pair_as, other_side):
    mine, theirs = _grouping.outcome(lemma), _grouping.outcome(same_pair_as)
    assert mine is not None and theirs is not None and mine[0] == theirs[0]
    assert (mine[1] != theirs[1]) is other_side


@pytest.mark.parametrize("lemma", ["go", "continue", "stop", "meet", "publish", "build"])
def test_words_of_no_outcome_pair(lemma):
    assert _grouping.outcome(lemma) is None


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        # "can the coach stay on?" / "will he resign?": one question, the next sentence
        (GroupingFacts(1, frozenset({"coach", "club"}), outcome=STAY),
         GroupingFacts(2, frozenset({"board"}), event="resign", outcome=GO), True),
        # ... or further on when they share a key
        (GroupingFacts(1, frozenset({"coach", "club"}), outcome=STAY),
         GroupingFacts(8, frozenset({"coach"}), event="resign", outcome=GO), True),
        # further on with nothing shared: apart
        (GroupingFacts(1, frozenset({"coach", "club"}), outcome=STAY),
         GroupingFacts(8, frozenset({"mayor"}), event="resign", outcome=GO), False),
        # the same side of the pair (no event class) further on: not this rule
        (GroupingFacts(1, frozenset({"coach", "club"}), outcome=STAY),
         GroupingFacts(8, frozenset({"coach"}), outcome=STAY), False),
        # outcomes of two different pairs (stay / close) in the next sentence: apart
        (GroupingFacts(1, frozenset({"coach"}), outcome=STAY),
         GroupingFacts(2, frozenset({"stadium"}), outcome=_grouping.outcome("close")), False),
        # stated under a condition that is the other question ("if the board does not
        # resign, the minister could dissolve it"), however far on
        (GroupingFacts(0, frozenset({"board", "resign", "harbour"}), event="resign"),
         GroupingFacts(9, frozenset({"minister", "dissolve"}), event="dissolve",
                       condition=frozenset({"board", "resign"})), True),
        # a condition naming the event only, or another event: apart
        (GroupingFacts(0, frozenset({"board", "resign", "harbour"}), event="resign"),
         GroupingFacts(9, frozenset({"minister", "dissolve"}), event="dissolve",
                       condition=frozenset({"resign"})), False),
        (GroupingFacts(0, frozenset({"board", "resign", "harbour"}), event="resign"),
         GroupingFacts(9, frozenset({"minister", "dissolve"}), event="dissolve",
                       condition=frozenset({"board", "strike"})), False),
    ],
)
def test_linked_by_outcome_or_condition(a, b, expected):
    assert linked(a, b) is expected
    assert linked(b, a) is expected


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        # "He can lower the fees. If he does not, the council could ...": a fallback of the
        # question just asked
        (GroupingFacts(4, frozenset({"fee", "lower"})),
         GroupingFacts(5, frozenset({"council", "port"}), fallback=True), True),
        # a fallback two sentences on, or a plain condition in the next sentence: apart
        (GroupingFacts(4, frozenset({"fee", "lower"})),
         GroupingFacts(6, frozenset({"council", "port"}), fallback=True), False),
        (GroupingFacts(4, frozenset({"fee", "lower"})),
         GroupingFacts(5, frozenset({"council", "port"}), condition=frozenset({"strike"})),
         False),
    ],
)
def test_linked_by_a_fallback(a, b, expected):
    assert linked(a, b) is expected
    assert linked(b, a) is expected


TWO_OUTCOMES = (
    "Club captain Bjorn Lund said the coach could not stay on after the cup defeat.\n\n"
    "Under league rules a coach cannot resign before the season ends, but several directors "
    "said the rules could be set aside.\n\n"
    "The council will vote on the stadium lease in June."
)

CONDITIONED = (
    "Elena Vasquez called on the port board to lower the harbour fees before the summer.\n\n"
    "The fees have risen three times in two years. Fishing crews have protested twice. "
    "Vasquez met the board on Friday.\n\n"
    "If the board does not lower the fees, Vasquez said the council could take the port "
    "into public hands.\n\n"
    "Amara Okafor said the new ferry would sail in May."
)

POINTING_CONDITION = (
    "Hiroshi Tanaka said the river could burst its banks on Sunday. "
    '"If that happens, we will need to close the bridge," he added.\n\n'
    "The school will reopen on Monday."
)

PRONOUN_INSIDE = (
    '"We will send blankets and a nurse who can ride," Amara Okafor said. "I am not sure '
    'they can walk as they have been hurt."\n\n'
    "The council plans to repave the market square in spring."
)


FALLBACK = (
    '"The mayor can cut the parking charges whenever he wants," Bjorn Lund said. "If he does '
    'not, the traders could close their shops for a day in protest."\n\n'
    "The new tram line will open in April."
)


@pytest.mark.parametrize(
    ("text", "questions"),
    [(TWO_OUTCOMES, 2), (CONDITIONED, 2), (POINTING_CONDITION, 2), (PRONOUN_INSIDE, 2),
     (FALLBACK, 2)],
)
def test_statements_about_one_question_in_other_words_are_one_question(nlp, text, questions):
    found = questions_of(nlp(text), people=people_in(text, NAMES), published=None)
    assert len(found) == questions, [q.text for q in found]
    assert len(found[0].stances) >= 2


def test_opposite_outcomes_of_two_different_things_stay_apart(nlp):
    text = ("Club captain Bjorn Lund said the coach could not stay on after the cup defeat.\n\n"
            "The old stand will close next month for repairs.")
    found = questions_of(nlp(text), people=people_in(text, NAMES), published=None)
    assert len(found) == 2, [q.text for q in found]


@pytest.mark.parametrize(
    "text",
    [
        # a condition about something else
        "Elena Vasquez called on the port board to lower the harbour fees before the summer.\n\n"
        "The fees have risen three times in two years. Fishing crews have protested twice.\n\n"
        "If the ferry strike goes on, Vasquez said the council could hire private boats.",
        # a plain condition (not a fallback) in the next sentence
        '"The mayor can cut the parking charges whenever he wants," Bjorn Lund said. "If the '
        'snow comes early, the ski lifts could open in November."',
        # a named subject inside the asked clause, in the next sentence
        '"We will send blankets to the valley," Amara Okafor said. "I am not sure the '
        'bakery can reopen before winter."',
    ],
)
def test_statements_about_two_things_stay_two_questions(nlp, text):
    found = questions_of(nlp(text), people=people_in(text, NAMES), published=None)
    assert len(found) == 2, [q.text for q in found]


# ----------------------------------------------------------------------------------------------
# "There are X who could ...": the relative clause of an existential's noun is the statement


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("There are two firms that could buy the old mill next year.",
         ("two firms", "buy the old mill")),
        ('"I think there are several candidates who could replace the harbour master," Amara '
         'Okafor said.', ("several candidates", "replace the harbour master")),
    ],
)
def test_a_relative_clause_of_an_existential_is_a_question(nlp, text, words):
    found = questions_of(nlp(text), people=people_in(text, NAMES), published=None)
    assert len(found) == 1, [q.text for q in found]
    assert all(w in found[0].text for w in words), found[0].text


@pytest.mark.parametrize(
    "text",
    [
        "The mill, which could close next year, employs forty people.",
        "The council met two firms that could buy the old mill.",
        "Residents found shelters where they can stay the night.",
    ],
)
def test_other_relative_clauses_are_still_details(nlp, text):
    found = questions_of(nlp(text), people=people_in(text, NAMES), published=None)
    assert not any("buy" in q.text or "close" in q.text or "stay" in q.text for q in found), [
        q.text for q in found]


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        # one question asked twice in the same words, articles aside
        ("Will there be a change?", "Will there be change?", True),
        ("Will the ferry run again in May?", "Will the ferry run again in May?", True),
        # negatives: a question naming nothing of its own, or other words
        ("Will it happen?", "Will it happen?", False),
        ("Will they resign?", "Will they resign?", False),
        ("Will there be a change?", "Will there be a recount?", False),
    ],
)
def test_a_question_asked_twice_in_the_same_words_is_one(a, b, same):
    from digests.extract._grouping import GroupingFacts, linked, same_words

    first = GroupingFacts(1, frozenset({"x"}), question=same_words(a))
    second = GroupingFacts(9, frozenset({"y"}), question=same_words(b))
    assert linked(first, second) == same
