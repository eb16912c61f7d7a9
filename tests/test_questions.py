"""Open questions: what may happen, who leans which way, and grouping across documents."""
from __future__ import annotations

import pytest
from test_speakers import people_in

from digests.extract.mentions import index_mentions
from digests.extract.parsed import parse_document
from digests.extract.questions import extract_questions
from digests.extract.quotes import attribute_quotations
from digests.merge.questions import group_questions, question_id
from digests.models import QuestionCandidate, Stance


def questions_of(doc, *, people, published):
    """The open questions of a spaCy Doc, its quotations and mentions computed first, as the
    pipeline does."""
    parsed = parse_document(doc)
    mentions = index_mentions(parsed, people)
    quotes = attribute_quotations(parsed, people=people, mentions=mentions)
    return extract_questions(parsed, quotes=quotes, mentions=mentions, people=people,
                             published=published)

NAMES = {
    "elena-vasquez": ("Elena Vasquez", "Vasquez"),
    "hiroshi-tanaka": ("Hiroshi Tanaka", "Tanaka"),
    "amara-okafor": ("Amara Okafor", "Okafor"),
    "bjorn-lund": ("Bjorn Lund", "Lund"),
    "leila-haddad": ("Leila Haddad", "Haddad"),
}

# (text, [(words that must be in the candidate text, leaning, stance speaker key)])
CASES = [
    (
        "Governor Elena Vasquez said she hopes the new bridge could open before the spring floods.",
        [(("Will the new bridge open before the spring floods?", "hopes the new bridge"), "for",
          "elena-vasquez")],
    ),
    (
        "Hiroshi Tanaka said a deal before the end of the year would be difficult.",
        [(("deal", "end of the year"), "against", "hiroshi-tanaka")],
    ),
    # "hard" as what a clause is leans against; "work hard" does not
    (
        "\u201cFixing the tunnel before May will be hard,\u201d Bjorn Lund said.",
        [(("Fixing the tunnel before May will be hard",), "against", "bjorn-lund")],
    ),
    (
        "Bjorn Lund said the crews would work hard to reopen the line by May.",
        [(("Will the crews work hard to reopen the line by May?",), "for", "bjorn-lund")],
    ),
    ("The navy will resume patrols in the strait next week.", [(("navy", "patrols"), "for", None)]),
    # a judgement of an action names the action it judges
    (
        "Bjorn Lund said raising the toll in March would be difficult.",
        [(("Raising the toll in March \u2014 will it happen?",), "against", "bjorn-lund")],
    ),
    # "hard to reach": the subject is what would be reached; "it is hard to ...": the action
    (
        "Bjorn Lund said the new levy would be hard to defend in May.",
        [(("Defending the new levy in May \u2014 will it happen?",), "against", "bjorn-lund")],
    ),
    (
        "Bjorn Lund said it would be difficult to reach a deal before May.",
        [(("Reaching a deal before May \u2014 will it happen?",), "against", "bjorn-lund")],
    ),
    # "likely" takes no object from its subject
    (
        "Bjorn Lund said the vote was likely to pass.",
        [(("Will the vote pass?",), "for", "bjorn-lund")],
    ),
    # a past request denied is no request; a request made, or refused ahead, is
    ("\u201cI never bribed the mayor or asked his office for favours,\u201d Bjorn Lund said.", []),
    ("The union did not ask for a recount, Bjorn Lund said.", []),
    (
        "The union asked for a recount on Monday.",
        [(("Will there be a recount?",), "for", None)],
    ),
    # a joined clause with a modal of its own is not part of what is asked
    (
        "Rebuilding the port will cost millions and may take years, Bjorn Lund said.",
        [(("Will rebuilding the port cost millions?",), "for", "bjorn-lund")],
    ),
    # a pronoun object asked about is asked in the subject case
    (
        "The union wants them to return to work by Monday.",
        [(("Will they return to work by Monday?",), "for", None)],
    ),
    # an appointment "effective immediately" is made; a change ahead stays open
    ("Marta Quell will act as interim managing director, effective immediately, the firm "
     "said.", []),
    ("Ola Brennan stepped down with immediate effect and Marta Quell will take over as interim "
     "chief.", []),
    # ... but not a joined clause naming its own day
    (
        "Ola Brennan resigned with immediate effect, and the board will name a successor in May.",
        [(("Will the board name a successor in May?",), "for", None)],
    ),
    ("Bjorn Lund will step down from the board immediately.", []),
    (
        "Bjorn Lund will not step down immediately, the board said.",
        [(("step down",), "against", "bjorn-lund")],
    ),
    (
        "The new fares will apply from March, the company said.",
        [(("Will the new fares apply from March?",), "for", None)],
    ),
    # what could be seen or heard is a scene, not a possibility; "could see a new chair" is
    ("The cries of survivors could be heard from under the rubble.", []),
    ("\u201cYou could hear a loud, loud crash,\u201d said Bjorn Lund.", []),
    (
        "The board could see a new chair by May.",
        [(("Will the board see a new chair by May?",), "unsure", None)],
    ),
    # a speaker announcing what they do as they speak: done, not open; another day is open
    ("\u201cToday we will step aside to make way for a new council,\u201d Bjorn Lund said.", []),
    (
        "\u201cTomorrow we will step aside,\u201d Bjorn Lund said.",
        [(("step aside",), "for", "bjorn-lund")],
    ),
    # a decision still to take asks what it decides
    (
        "\u201cWe will decide today whether the ferry will run,\u201d Bjorn Lund said.",
        [(("Will the ferry run?",), "unsure", "bjorn-lund")],
    ),
    # the noun a participle clause describes is who is asked about, without that clause
    (
        "The crews face weeks of work, with a long operation predicted to try to haul the "
        "miners out through the flooded shaft.",
        [(("Will a long operation haul the miners out through the flooded shaft?",), "for",
          None)],
    ),
    (
        "The dockers' union plans to hold another strike in March.",
        [(("union", "strike", "March"), "for", None)],
    ),
    (
        "Bjorn Lund said the ferry company would not restore the night service.",
        [(("ferry", "night service"), "against", "bjorn-lund")],
    ),
    (
        "It is unclear whether the council will approve the new stadium.",
        [(("whether", "stadium"), "unsure", None)],
    ),
    (
        "Further rate cuts are possible if inflation keeps falling.",
        [(("rate cuts", "inflation"), "for", None)],
    ),
    (
        "But who will pay for the repairs? And when will the school reopen?",
        [(("who will pay", "school reopen"), "unsure", None)],
    ),
    (
        "Bjorn Lund, the harbour master, who has demanded that the channel be dredged, met the "
        "mayor.",
        [(("Will the channel be dredged?", "has demanded that"), "for", "bjorn-lund")],
    ),
    (
        "The ministry announced it would close three rural clinics.",
        [(("Will the ministry close three rural clinics?",), "for", None)],
    ),
    ("Nobody in the village wants a new quarry.", [(("quarry",), "against", None)]),
    (
        "Asked when the tunnel might open, Okafor said nothing.",
        [(("when the tunnel might open",), "unsure", "amara-okafor")],
    ),
    # the content of "made (it) clear that ...", "it was clear that ...": what is said
    (
        '"We have made it clear that no agreement is possible unless the council lowers the '
        'fees," Leila Haddad said.',
        [(("no agreement is possible", "unless the council lowers"), "against", "leila-haddad")],
    ),
    (
        '"We have already made clear that no ferry can run unless the port is dredged," '
        "Haddad said.",
        [(("no ferry can run", "unless the port is dredged"), "against", "leila-haddad")],
    ),
    (
        "Amara Okafor said it was clear that the bridge would not open before June.",
        [(("bridge would not open", "June"), "against", "amara-okafor")],
    ),
    # a judgement on something that lacks a condition: the speaker's red line
    (
        "Elena Vasquez said a budget without money for schools was \"not worth the paper it is "
        "printed on\".",
        [(("budget without money for schools", "not worth"), "against", "elena-vasquez")],
    ),
    (
        "A ceasefire without monitors is meaningless, Hiroshi Tanaka said.",
        [(("ceasefire without monitors",), "against", "hiroshi-tanaka")],
    ),
    # a modal statement with nothing that may happen is no open question, in or out of quotes;
    # its twin with content is
    ('"Nobody can tell us," Bjorn Lund said.', []),
    ("He could not say.", []),
    (
        '"Nobody can stop the new bridge now," Bjorn Lund said.',
        [(("stop the new bridge",), "against", "bjorn-lund")],
    ),
    # "know/say/decide + wh-clause" is open only when negated or looking ahead
    (
        "Insurers have not said what would bring them back to the strait.",
        [(("what would bring them back",), "unsure", None)],
    ),
    ("The mayor knows very well what we have done.", []),
    ("Leila Haddad said how the money was spent.", []),
    # negatives: the article's own voice, past events, plain reports, interview questions,
    # headlines, narrative "would", result clauses, "without" in plain reports and judgements
    ("Hiroshi Tanaka was so tired that he could barely stand.", []),
    ("It is clear that the ferry sank quickly.", []),
    ("A convoy without escorts was attacked on Monday.", []),
    ("Life without music is hard.", []),
    ("The bridge collapsed on Monday after days of rain.", []),
    ("Officials said the road had been closed since Friday.", []),
    ("She said the meeting had been productive.", []),
    ("Every summer the family would drive to the lake.", []),
    ("-- Will you run for office again?\n\nA: I have not decided yet, honestly.", []),
    ("Q: Can the club survive another season?\n\nA: Nobody knows.", []),
    ("Mayor Vows New Stadium Will Open Soon\n\nThe council met on Monday.", []),
    ("The crews worked where they could find shelter from the wind.", []),
    ("First, we will look at the numbers from the northern districts.", []),
    # a clause too short to stand alone is read in the clause it is joined to or reported by
    (
        '"We are disappointed, and we will appeal," Leila Haddad said after the verdict.',
        [(("disappointed", "we will appeal"), "for", "leila-haddad")],
    ),
    (
        "The defence lawyers said they would appeal.",
        [(("lawyers said they would appeal",), "for", None)],
    ),
    # ... but a short clause naming nothing that may happen stays out
    ("The defence lawyers said they would.", []),
    # a named interviewee's answer is that person's speech; an unnamed one's is not
    (
        "Bjorn Lund spoke to us at the depot.\n\nQ: What happens next?\n\n"
        "Lund: The drivers will strike again in March unless the board moves.",
        [(("drivers will strike again",), "for", "bjorn-lund")],
    ),
    (
        "We reached a driver at the depot.\n\nQ: What happens next?\n\n"
        "A: The drivers will strike again in March unless the board moves.",
        [],
    ),
    # the "that" clause of a noun of fear, hope or expectation is what may happen
    (
        "The river rose again on Friday, raising fears that the dam could burst before the "
        "weekend.",
        [(("Will the dam burst before the weekend?",), "unsure", None)],
    ),
    (
        "There are growing concerns that the vote may be delayed until May.",
        [(("Will the vote be delayed until May?",), "unsure", None)],
    ),
    # ... not a fear of what already happened
    ("Residents voiced fears that the dam had burst overnight.", []),
    # a yes/no question its speaker answers at once leans by the answer
    (
        "\u201cWill the owners be allowed to ignore the dockers? No,\u201d Hiroshi Tanaka said.",
        [(("Will the owners be allowed to ignore the dockers?",), "against", "hiroshi-tanaka")],
    ),
    (
        "\u201cCan the club still win the cup? Of course. The squad is ready,\u201d Hiroshi "
        "Tanaka said.",
        [(("Can the club still win the cup?",), "for", "hiroshi-tanaka")],
    ),
    (
        "\u201cWill the owners listen to the dockers? Nobody knows,\u201d Hiroshi Tanaka said.",
        [(("Will the owners listen to the dockers?",), "unsure", "hiroshi-tanaka")],
    ),
    # a clause of degree says how much, not whether ...
    ("\u201cOur county understands how devastating any flood can be,\u201d Elena Vasquez "
     "said.", []),
    # ... while "how long" still asks, whole
    (
        "Elena Vasquez did not say how long the strike would last.",
        [(("How long will the strike last?",), "for", "elena-vasquez")],
    ),
    # what a speaker does by saying it is done: thanks, apologies
    ("\u201cI want to thank the volunteers for their patience,\u201d Elena Vasquez said.", []),
    ("\u201cWe would like to apologise to the passengers,\u201d the ferry company said.", []),
    (
        "\u201cI want to rebuild the pier by May,\u201d Elena Vasquez said.",
        [(("Will Elena Vasquez rebuild the pier by May?",), "for", "elena-vasquez")],
    ),
    # readiness or confidence alone states a disposition; what it is for may happen
    ("The squad is ready, Hiroshi Tanaka said.", []),
    (
        "The divers are still training, Hiroshi Tanaka said. The boys are not ready yet, he "
        "said.",
        [(("not ready yet",), "against", "hiroshi-tanaka")],
    ),
    (
        "Hiroshi Tanaka said he was confident of a deal.",
        [(("Will there be a deal?",), "for", "hiroshi-tanaka")],
    ),
    # a negated belief passes its negation on; a negated implication leaves it open
    (
        "\u201cI don\u2019t think another inquiry will lead us anywhere,\u201d Elena Vasquez "
        "said.",
        [(("I don't think another inquiry",), "against", "elena-vasquez")],
    ),
    (
        "A ballot does not necessarily mean the drivers will walk out.",
        [(("Will the drivers walk out?",), "unsure", None)],
    ),
    # a request to the audience, and what anybody at all can do, are no open questions
    ("\u201cI'd ask you to be very careful with how you vote on this plan,\u201d said Elena "
     "Vasquez.", []),
    ("\u201cAnyone can list the reasons the side has lost,\u201d Elena Vasquez said.", []),
    # a name is not what may be; what it is ready for may
    (
        "After twenty years of one-party rule, Veloria seems ready for something new.",
        [(("Will there be something new?",), "for", None)],
    ),
    # what a court said in the past should happen, its ruling decided ...
    ("The highest court in May ordered the council to hold a vote by July, arguing that the "
     "vote should be linked to the budget.", []),
    ("The court said that the vote should be linked to the budget.", []),
    # ... while a party's argument, or a ruling still to come, is open
    (
        "Elena Vasquez argued that the vote should be linked to the budget.",
        [(("Should the vote be linked to the budget?",), "for", "elena-vasquez")],
    ),
    (
        "The judge will decide next week whether the vote should be delayed.",
        [(("Should the vote be delayed?",), "unsure", None)],
    ),
    # what a denial reports leans against, directly or through a claim it rejects
    (
        "Hiroshi Tanaka denied that he would quit the club.",
        [(("Will Hiroshi Tanaka quit the club?",), "against", "hiroshi-tanaka")],
    ),
    (
        "Elena Vasquez rejected the claim that the vote would be delayed.",
        [(("Will the vote be delayed?",), "against", "elena-vasquez")],
    ),
    (
        "Hiroshi Tanaka rejected claims that, before signing, he had told the coach he would "
        "only play in defence.",
        [(("only play in defence",), "against", "hiroshi-tanaka")],
    ),
    # ... while a claim repeated or a plain report stays for
    (
        "Hiroshi Tanaka said that he would quit the club.",
        [(("Will Hiroshi Tanaka quit the club?",), "for", "hiroshi-tanaka")],
    ),
    # a demand noun's "for" object is what may happen
    (
        "The government faces urgent calls for reform after the flood.",
        [(("Will there be reform?",), "for", None)],
    ),
    (
        "\u201cWe hear the fishermen's demand for a fair quota,\u201d Elena Vasquez said.",
        [(("Will there be a fair quota?",), "for", "elena-vasquez")],
    ),
    # ... not newsroom routine, nor a demand of the past
    ("The harbour board did not return calls for comment on Monday.", []),
    ("In 2019 there were calls for reform after the flood.", []),
    # something named said to be needed: whether it will be had is open
    (
        "Elena Vasquez said an inquiry into the harbour fire is necessary.",
        [(("Will there be an inquiry into the harbour fire?",), "for", "elena-vasquez")],
    ),
    (
        "An audit of the harbour board was also needed, Elena Vasquez said.",
        [(("Will an audit of the harbour board also be needed?",), "for", "elena-vasquez")],
    ),
    (
        "Elena Vasquez said an inquiry into the fire was not necessary.",
        [(("Will there be an inquiry into the fire?",), "against", "elena-vasquez")],
    ),
    # ... not a need in past narrative, nor one named by its purpose
    ("Food was needed in the camp last winter.", []),
    ("New pumps were needed to drain the tunnel last year.", []),
    # threats and vows of future action stay open when told in the past, also in an
    # adverbial clause with its own subject
    (
        "The striking pilots threatened to ground every flight over the holiday weekend.",
        [(("pilots threatened to ground every flight",), "for", None)],
    ),
    (
        "The mayor opened the new bridge on Sunday, as residents vowed to block the toll "
        "booths.",
        [(("residents vowed to block the toll",), "for", None)],
    ),
    # ... but a threat that is a plain past event, or a condition, is not
    ("The storm threatened homes along the coast last winter.", []),
    ("If the pilots ever threatened to strike, nobody at the airline noticed.", []),
    # a possibility not excluded stays open, whatever the tense
    (
        "Hiroshi Tanaka did not rule out a second referendum on the dam.",
        [(("not rule out a second referendum",), "unsure", "hiroshi-tanaka")],
    ),
    (
        "The central bank has not excluded further rate rises this year.",
        [(("not excluded further rate rises",), "unsure", None)],
    ),
    ("The judge ruled out a retrial last week.", []),
    # an unanswered wh-question with a wh-determiner ("what measures")
    (
        "Bjorn Lund did not say what changes were under review at the plant.",
        [(("what changes were under review",), "unsure", "bjorn-lund")],
    ),
    ("Lund explained which changes were made at the plant last year.", []),
    # an interviewer's yes/no question about what may happen, answered by a named interviewee
    (
        "Leila Haddad runs the seed bank in the valley.\n\n"
        "Q: Do you expect the ministry to renew the grant next year?\n\n"
        "Haddad: I hope so, but the budget is tight.",
        [(("expect the ministry to renew the grant",), "for", "leila-haddad")],
    ),
    (
        "Amara Okafor coaches the rowing club.\n\nQ: Will the club move to the lake?\n\n"
        "Okafor: I doubt it. The lease runs for ten more years.",
        [(("club move to the lake",), "against", "amara-okafor")],
    ),
    # ... but not a question about the past or a wh-question
    (
        "Leila Haddad runs the seed bank in the valley.\n\n"
        "Q: Is it true that you grew up on a farm?\n\nHaddad: Yes, a small one near the river.",
        [],
    ),
    (
        "Leila Haddad runs the seed bank in the valley.\n\n"
        "Q: What was the hardest part of the first winter?\n\nHaddad: The cold, mostly.",
        [],
    ),
]


@pytest.mark.parametrize(("text", "question"), [
    # an unnamed source put in the question loses the capital of the sentence it opened
    ("Former mayor Bjorn Lund's party said on Friday it would open merger talks.",
     "Will former mayor Bjorn Lund's party open merger talks?"),
    # a name keeps its own
    ("Harlow Tramways said it would raise fares in May.",
     "Will Harlow Tramways raise fares in May?"),
    # "is still" is asked "will still be"
    ("\u201cThe storm is still a threat to the coast,\u201d Bjorn Lund said.",
     "Will the storm still be a threat to the coast?"),
    # a call for a plural noun asks whether there will be such things, without "the" ...
    ("Elena Vasquez called for new elections.", "Will there be new elections?"),
    # ... a singular one keeps its article
    ("Elena Vasquez called for the inquiry into the fire that the mayor had promised.",
     "Will there be the inquiry into the fire that the mayor had promised?"),
    # ... a noun of something done to or by who its "of" names is asked as the verb
    ("Elena Vasquez called for the resignations of the harbour board members.",
     "Will the harbour board members resign?"),
    ("Elena Vasquez called for the closure of the harbour.", "Will the harbour close?"),
    ("Elena Vasquez called for the release of the crew.", "Will the crew be released?"),
    # "called for X to do Y": X is asked to act, also when told in the past ...
    ("Elena Vasquez called for the harbour board to resign.", "Will the harbour board resign?"),
    # ... and an infinitive after the noun asked for says what it is for
    ("Elena Vasquez called for an independent inquiry into the fire \u201cto stop rumours from "
     "spreading\u201d, she said.", "Will there be an independent inquiry into the fire?"),
    # negative: whoever is asked to act still acts
    ("Elena Vasquez called on the harbour board to resign.", "Will the harbour board resign?"),
    # a need named by its purpose keeps its words
    ("\u201cWe will see if foreign experts are necessary to complete it,\u201d Elena Vasquez "
     "said.", "Will foreign experts be necessary to complete it?"),
    # a quoted "I" is the speaker, a quoted "we" the speaker and those they speak for, or
    # the organisation that speaks
    ("\u201cI\u2019d never refuse to talk,\u201d Elena Vasquez said.",
     "Will Elena Vasquez refuse to talk?"),
    ("\u201cWe will build a footbridge by spring,\u201d said Mayor Elena Vasquez.",
     "Will Elena Vasquez and colleagues build a footbridge by spring?"),
    ("\u201cWe will strike again in March,\u201d the union said.",
     "Will the union strike again in March?"),
    # ... another's "he" stays as it is
    ("\u201cHe will resign in May,\u201d Elena Vasquez said.", "Will he resign in May?"),
    # a curly apostrophe in a contraction is read as the straight one ("that\u2019s" = "that is")
    ("\u201cWhether that\u2019s a new levy or a fee, we\u2019ll decide,\u201d Elena Vasquez "
     "said.", "Will that be a new levy or a fee?"),
    # what a striving verb works toward, also when its infinitive is parsed apart
    ("The council is working with local clinics to move patients to safety.",
     "Will the council move patients to safety?"),
    # an existential clause keeps its modal's question ("Should there be ...?")
    ("There should be a new vote on the harbour plan, Elena Vasquez said.",
     "Should there be a new vote on the harbour plan?"),
    ("Elena Vasquez said there could be delays at the port.", "Will there be delays at the port?"),
    # a bracket whose partner falls outside the question is dropped
    ("\u201cThe pier is not safe ... (they) cannot sail at this time,\u201d Elena Vasquez "
     "said.", "Can they sail at this time?"),
    # a percent sign is no punctuation to trim
    ("Elena Vasquez said she would cut the tax from 19% to 25%.",
     "Will Elena Vasquez cut the tax from 19% to 25%?"),
    # a capitalised word opening a sentence that the document also writes in lower case is
    # no name ...
    ("\u201cLandfall along the northern coast is still a possibility,\u201d Elena Vasquez "
     "said. The last landfall there was in 2019.",
     "Will landfall along the northern coast still be a possibility?"),
    # ... a name stays one, also where a hyphenated word holds it in lower case
    ("\u201cVasquez will still be a candidate in May,\u201d Hiroshi Tanaka said of the "
     "anti-vasquez slate.", "Will Vasquez still be a candidate in May?"),
    # what follows a colon lists or explains; the question ends before it (a clock time is
    # one word)
    ("Hiroshi Tanaka said two things will weigh on his decision: first, of course, his "
     "health.", "Will two things weigh on his decision?"),
    ("Elena Vasquez said the council would vote on the plan at 10:30 on Monday.",
     "Will the council vote on the plan at 10:30 on Monday?"),
    # a second reported clause ("but that ...") is a statement of its own
    ("Hiroshi Tanaka said a long strike would not be backed but that the union had other "
     "ways to press the board.", "Will a long strike be backed?"),
])
def test_question_wording(nlp, text, question):
    [cand] = questions_of(nlp(text), people=people_in(text, NAMES), published=None)
    assert cand.text == question


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_extract_questions(nlp, text, expected):
    people = people_in(text, NAMES)
    found = questions_of(nlp(text), people=people, published=None)
    assert len(found) == len(expected), [q.text for q in found]
    for cand, (words, leaning, key) in zip(found, expected, strict=True):
        said = " ".join([cand.text, *(s.text for s in cand.stances)]).lower()
        for word in words:
            assert word.lower() in said, (cand.text, cand.stances)
        assert cand.text.endswith("?"), cand.text
        [stance] = cand.stances
        assert stance.leaning == leaning
        assert stance.speaker == key
        assert cand.topic and all(w == w.lower() for w in cand.topic)
        assert text[cand.start : cand.end].strip()


@pytest.mark.parametrize(
    ("text", "words", "key"),
    [
        (
            '"If the council keeps stalling, we will close the shelter in May," said Bjorn Lund.',
            ("close the shelter",),
            "bjorn-lund",
        ),
        (
            '"Will the roof hold through another winter?" Amara Okafor asked the inspectors.',
            ("roof hold",),
            "amara-okafor",
        ),
    ],
)
def test_stance_inside_a_quotation_belongs_to_its_speaker(nlp, text, words, key):
    [cand] = questions_of(nlp(text), people=people_in(text, NAMES), published=None)
    assert all(w in cand.text + cand.stances[0].text for w in words)
    assert cand.stances[0].speaker == key


def test_pronoun_subject_is_named_in_the_text(nlp):
    text = "Hiroshi Tanaka spoke on Friday. He hopes the museum will reopen in June."
    [cand] = questions_of(nlp(text), people=people_in(text, NAMES), published=None)
    assert cand.text == "Will the museum reopen in June?"
    assert cand.stances[0].speaker == "hiroshi-tanaka"
    assert cand.stances[0].text == "hopes the museum will reopen in June"
    text = "Hiroshi Tanaka spoke on Friday. He will reopen the museum in June, he said."
    [cand] = questions_of(nlp(text), people=people_in(text, NAMES), published=None)
    assert cand.text == "Will Hiroshi Tanaka reopen the museum in June?"


def test_clauses_of_one_sentence_are_one_question_with_each_stance(nlp):
    text = ("Amara Okafor said both sides can still reach a compromise, but noted that a "
            "signing before Easter would be difficult because of the floods.")
    [cand] = questions_of(nlp(text), people=people_in(text, NAMES), published=None)
    assert cand.text == "Can both sides still reach a compromise?"
    assert [(s.speaker, s.leaning) for s in cand.stances] == [
        ("amara-okafor", "for"), ("amara-okafor", "against")]
    assert "signing before Easter would be difficult" in cand.stances[1].text


def _cand(text: str, topic: tuple[str, ...], speaker: str | None = None) -> QuestionCandidate:
    return QuestionCandidate(text, topic, (Stance(speaker, speaker, text, "for"),), 0, len(text))


def test_group_questions_merges_same_topic_across_documents():
    a = _cand("The ferry link to the island will reopen in May.",
              ("ferry", "link", "island", "reopen", "may"), "lund")
    b = _cand("Ferry link to the island could reopen by May, officials hope.",
              ("ferry", "link", "island", "reopen", "may", "official"))
    c = _cand("The airport will add night flights.", ("airport", "add", "night", "flight"))
    ids = {("doc-1", "lund"): "bjorn-lund"}
    records = group_questions(
        [("doc-1", a), ("doc-2", b), ("doc-2", c)],
        person_id=lambda doc, key: ids.get((doc, key)),
    )
    assert len(records) == 2
    ferry = next(r for r in records if "ferry" in r.text.lower())
    assert ferry.docs == ("doc-1", "doc-2")
    assert ferry.status == "open"
    assert [s.speaker_id for s in ferry.stances] == ["bjorn-lund", None]
    assert [s.doc_id for s in ferry.stances] == ["doc-1", "doc-2"]
    assert ferry.id.startswith("q-")


@pytest.mark.parametrize(
    ("topic_a", "topic_b"),
    [
        # three shared generic words are not enough: different stories
        (("appeal", "court", "supreme", "side"), ("appeal", "court", "supreme", "client", "city")),
        (("ferry", "island"), ("ferry", "island")),
    ],
)
def test_group_questions_is_conservative(topic_a, topic_b):
    records = group_questions(
        [("d1", _cand("a text", topic_a)), ("d2", _cand("b text", topic_b))],
        person_id=lambda doc, key: None,
    )
    assert len(records) == 2


def test_group_questions_never_merges_within_one_document():
    topic = ("ferry", "link", "island", "reopen", "may")
    records = group_questions(
        [("d1", _cand("first", topic)), ("d1", _cand("second", topic + ("june",)))],
        person_id=lambda doc, key: None,
    )
    assert len(records) == 2


def test_question_ids_are_stable_and_order_free():
    assert question_id(("island", "ferry")) == question_id(("ferry", "island"))
    assert question_id(("ferry",)) != question_id(("airport",))
    first = group_questions([("d1", _cand("x", ("ferry", "island")))], person_id=lambda d, k: None)
    again = group_questions([("d1", _cand("x", ("island", "ferry")))], person_id=lambda d, k: None)
    assert first[0].id == again[0].id


@pytest.mark.parametrize(
    ("text", "words"),
    [
        # a subject that "is a possibility / a risk" is an open matter
        ('Bjorn Lund said a merger of the two ferry lines was "a real possibility".',
         ("merger", "ferry lines")),
        ("A second strike at the smelter remains a serious risk, the union warned.",
         ("second strike", "smelter")),
        # negatives: nothing named ("it"), a denied possibility, past narrative
        ("Bjorn Lund said it was a possibility.", None),
        ("Amara Okafor said a merger of the two ferry lines was not a possibility.", None),
        ("In 1990 a merger of the two ferry lines was a possibility.", None),
    ],
)
def test_possibility_noun_makes_an_open_question(nlp, text, words):
    found = questions_of(nlp(text), people=people_in(text, NAMES), published=None)
    matching = [q for q in found if words and all(w in q.text for w in words)]
    if words is None:
        assert not any("possibility" in q.text for q in found), [q.text for q in found]
    else:
        assert matching, [q.text for q in found]
        assert any(s.leaning == "unsure" for q in matching for s in q.stances)


@pytest.mark.parametrize("text", ["", "   \n\n  ", '"unclosed quote will never end', "?"])
def test_odd_input_gives_no_candidates_and_no_error(nlp, text):
    assert questions_of(nlp(text), people=[], published=None) == []


def test_rejects_unparsed_text():
    with pytest.raises(TypeError, match="spaCy Doc"):
        extract_questions("Will it rain?", quotes=None, mentions=None, people=[],
                          published=None)


# ----------------------------------------------------------------------------------------------
# Grouping: the indexed version must give exactly what comparing every pair gives


def _reference_group_questions(items, *, person_id):
    """The straightforward all-pairs grouping, kept here as the reference the indexed
    ``group_questions`` must match exactly. Two candidates of different documents are linked
    when their topics are similar (the Jaccard rule of ``_similar``) or when their frames have
    the same non-empty predicates, the same time bound and at least two shared participants,
    or a shared person taking a side and the same written names."""
    from digests.merge.questions import (
        GROUP_MIN_SHARED, GROUP_THRESHOLD, MIN_SHARED_PARTICIPANTS, question_frame,
    )
    from digests.models import QuestionRecord, StanceRecord

    def similar(a, b):
        shared = len(a & b)
        return (bool(a and b) and shared >= GROUP_MIN_SHARED
                and shared / len(a | b) >= GROUP_THRESHOLD)

    frames = [question_frame(c.text, c.topic,
                             speakers=[person_id(d, s.speaker) or "" for s in c.stances
                                       if s.speaker],
                             statements=[s.text for s in c.stances])
              for d, c in items]

    def written(frame):
        return {p for p in frame.participants if not p.startswith("@")}

    def same_question(a, b):
        shared = a.participants & b.participants
        return (bool(a.predicates) and a.predicates == b.predicates and a.time == b.time
                and (len(shared) >= MIN_SHARED_PARTICIPANTS
                     or (any(p.startswith("@") for p in shared) and written(a) == written(b))))

    parent = list(range(len(items)))

    def find(i):
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    topics = [set(c.topic) for _, c in items]
    for i in range(len(items)):
        for j in range(i + 1, len(items)):
            if items[i][0] != items[j][0] and (similar(topics[i], topics[j])
                                               or same_question(frames[i], frames[j])):
                parent[find(j)] = find(i)
    groups = {}
    for i in range(len(items)):
        groups.setdefault(find(i), []).append(i)
    records = {}
    for group in groups.values():
        members = [items[i] for i in group]
        member_topics = [set(c.topic) for _, c in members]
        core = set.intersection(*member_topics) if len(member_topics) > 1 else member_topics[0]
        first_doc, first = members[0]
        qid = question_id(core or {first.text})
        if qid in records:
            qid = question_id((*sorted(core), first_doc, first.text))
        records[qid] = QuestionRecord(
            id=qid, text=first.text, status="open",
            docs=tuple(dict.fromkeys(doc_id for doc_id, _ in members)),
            stances=tuple(
                StanceRecord(doc_id, person_id(doc_id, s.speaker), s.speaker_text, s.text,
                             s.leaning)
                for doc_id, c in members for s in c.stances),
        )
    return list(records.values())


def _random_items(seed: int, count: int = 400, docs: int = 60):
    """Invented candidates: stories of 4-9 words, each told with words dropped, swapped or
    added, plus very common words (in far more than 5% of candidates), some topics made only
    of common words, short and empty topics, and repeats within one document."""
    import random

    rng = random.Random(seed)
    common = [f"common{k}" for k in range(6)]
    vocab = [f"w{k}" for k in range(300)]
    stories = [tuple(rng.sample(vocab, rng.randint(4, 9))) for _ in range(40)]
    items = []
    for n in range(count):
        roll = rng.random()
        if roll < 0.1:
            topic = tuple(rng.sample(common, rng.randint(0, 6)))
        elif roll < 0.15:
            topic = tuple(rng.sample(vocab, rng.randint(0, 3)))
        else:
            words = list(rng.choice(stories))
            for _ in range(rng.randint(0, 3)):
                action = rng.random()
                if action < 0.4 and len(words) > 1:
                    words.pop(rng.randrange(len(words)))
                elif action < 0.7:
                    words.append(rng.choice(vocab))
                else:
                    words[rng.randrange(len(words))] = rng.choice(vocab)
            words += rng.sample(common, rng.randint(0, 4))
            if rng.random() < 0.2:
                words.append(words[0])  # a repeated word
            rng.shuffle(words)
            topic = tuple(words)
        doc = f"doc-{rng.randrange(docs)}"
        speaker = rng.choice([None, "a", "b"])
        items.append((doc, _cand(f"candidate {n}", topic, speaker)))
    return items


@pytest.mark.parametrize("seed", [1, 2, 3, 4, 5])
def test_group_questions_matches_all_pairs_reference(seed):
    items = _random_items(seed)
    ids = {}

    def person_id(doc, key):
        return ids.setdefault((doc, key), f"p-{len(ids)}") if key else None

    got = group_questions(items, person_id=person_id)
    want = _reference_group_questions(items, person_id=person_id)
    assert got == want
    assert any(len(r.docs) > 2 for r in want)  # the set does exercise merging
    assert len(want) < len(items)


@pytest.mark.parametrize("seed", [11, 12])
def test_group_questions_matches_reference_with_only_common_words(seed):
    """Topics built only from a handful of words that each occur in most candidates: no word
    is rare, every bucket is large, yet the result is the all-pairs one."""
    import random

    rng = random.Random(seed)
    words = [f"c{k}" for k in range(8)]
    items = [(f"d{rng.randrange(50)}", _cand(f"t{n}", tuple(rng.sample(words, rng.randint(3, 8)))))
             for n in range(200)]
    got = group_questions(items, person_id=lambda d, k: None)
    assert got == _reference_group_questions(items, person_id=lambda d, k: None)


# ----------------------------------------------------------------------------------------------
# Cross-document grouping by question frame: the same predicate of the same participants


def _framed(text, topic, speakers=(), statement=None):
    stances = tuple(Stance(sp, sp, statement or text, "for") for sp in speakers or (None,))
    return QuestionCandidate(text, tuple(topic), stances, 0, len(text))


_PEOPLE = {"ola": "ola-brennan", "tam": "tamsin-vogel", "rui": "rui-okonkwo"}


def _people(doc, key):
    return _PEOPLE.get(key)


@pytest.mark.parametrize(
    ("a", "b", "merged"),
    [
        # same predicate (after synonyms: resign / resignation), a shared name and a shared
        # person taking a side
        (("Will the Harlow Tramways board resign?", ("harlow", "tramways", "board", "resign"),
          ("tam",)),
         ("Calls grow for resignations at Harlow Tramways.",
          ("call", "grow", "resign", "harlow", "tramways"), ("tam",)), True),
        # same predicate, two shared names
        (("Will Ostrava and Brno hold talks?", ("ostrava", "brno", "meet")),
         ("Could Brno meet Ostrava soon?", ("brno", "meet", "ostrava")), True),
        # a multi-word name is one participant: one shared name is not enough
        (("Will the Harlow Tramways board resign?", ("harlow", "tramways", "board", "resign")),
         ("Calls grow for resignations at Harlow Tramways.",
          ("call", "grow", "resign", "harlow", "tramways")), False),
        # same predicate, a shared name and a shared person taking a side
        (("Will Ostrava host talks?", ("ostrava", "host", "meet"), ("ola",)),
         ("Could a summit take place in Ostrava soon?", ("summit", "meet", "ostrava"), ("ola",)),
         True),
        # same participants, different predicates: never one question
        (("Will the Harlow Tramways board resign?", ("harlow", "tramways", "board", "resign")),
         ("Will the Harlow Tramways board approve the fare rise?",
          ("harlow", "tramways", "board", "approve", "fare", "rise")), False),
        (("Will Ostrava host talks?", ("ostrava", "host", "meet"), ("ola", "tam")),
         ("Will Ostrava hold an election?", ("ostrava", "election"), ("ola", "tam")), False),
        # same predicate, disjoint participants: different questions
        (("Will the Harlow Tramways board resign?", ("harlow", "tramways", "board", "resign")),
         ("Will the Pellworth Ferries board resign?", ("pellworth", "ferries", "board", "resign")),
         False),
        # same predicate, only one shared participant (a place a whole story shares)
        (("Will the Harlow mayor resign?", ("harlow", "resign"), ("tam",)),
         ("Will the Harlow harbour master resign?", ("harlow", "harbour", "master", "resign"),
          ("rui",)), False),
        # same predicate and participants, different time bounds
        (("Will Ostrava and Brno hold talks in 2031?", ("ostrava", "brno", "meet", "2031")),
         ("Will Ostrava and Brno hold talks in 2033?", ("ostrava", "brno", "meet", "2033")),
         False),
        # a predicate only in the topic (another clause's word) is not the question's own
        (("Will Ostrava and Brno agree?", ("ostrava", "brno", "agree", "resign")),
         ("Will Ostrava and Brno resign?", ("ostrava", "brno", "resign")), False),
    ],
)
def test_group_questions_by_predicate_and_participants(a, b, merged):
    items = [("doc-a", _framed(*a)), ("doc-b", _framed(*b))]
    records = group_questions(items, person_id=_people)
    assert (len(records) == 1) is merged, [r.text for r in records]
    if merged:
        assert records[0].docs == ("doc-a", "doc-b")


@pytest.mark.parametrize(
    ("a", "b", "merged"),
    [
        # the same source on the same event, neither naming anyone: one question
        (("Will the ferry crews walk out?", ("ferry", "crew", "strike"), ("ola",),
          "the crews could strike before the holiday"),
         ("Could a strike close the crossing?", ("strike", "close", "crossing"), ("ola",)), True),
        # ... and with the same written name besides
        (("Will the Calder Wharf dockers strike?", ("calder", "wharf", "docker", "strike"),
          ("ola",)),
         ("Could a walkout hit Calder Wharf?", ("walkout", "strike", "hit", "calder", "wharf"),
          ("ola",)), True),
        # the same source, the same event, but different parties named: two questions
        (("Will the talks with Brno go ahead?", ("meet", "brno", "ahead"), ("ola",)),
         ("Will the talks with Pellworth go ahead?", ("meet", "pellworth", "ahead"), ("ola",)),
         False),
        # one names a party the other does not: nothing says it is the same
        (("Will the Calder Wharf dockers strike?", ("calder", "wharf", "docker", "strike"),
          ("ola",)),
         ("Could a strike close the crossing?", ("strike", "close", "crossing"), ("ola",)), False),
        # two sources on the same event: not one question on that alone
        (("Will the ferry crews walk out?", ("ferry", "crew", "strike"), ("ola",),
          "the crews could strike before the holiday"),
         ("Could a strike close the crossing?", ("strike", "close", "crossing"), ("tam",)), False),
        # the same source on different events
        (("Will the ferry crews walk out?", ("ferry", "crew", "strike"), ("ola",),
          "the crews could strike before the holiday"),
         ("Will the crossing reopen?", ("crossing", "reopen"), ("ola",)), False),
        # the same source and event, other time bounds
        (("Will there be a strike in 2031?", ("strike", "2031"), ("ola",)),
         ("Will there be a strike in 2032?", ("strike", "2032"), ("ola",)), False),
        # a written name of the source is the source, counted once: the same person named and
        # speaking is no pair of participants, and the parties named differ
        (("Will Ola Brennan meet the Calder Wharf unions?",
          ("ola", "brennan", "meet", "calder", "wharf", "union"), ("ola",)),
         ("Will Ola Brennan hold talks with Pellworth Ferries?",
          ("ola", "brennan", "meet", "pellworth", "ferries"), ("ola",)), False),
        # ... and when nothing else is named, the same source on the same event is one question
        (("Will harbour master Ola Brennan resign?", ("harbour", "master", "ola", "brennan",
                                                      "resign"), ("ola",)),
         ("Could Brennan quit?", ("brennan", "quit", "resign"), ("ola",)), True),
    ],
)
def test_group_questions_by_one_source_on_one_event(a, b, merged):
    items = [("doc-a", _framed(*a)), ("doc-b", _framed(*b))]
    records = group_questions(items, person_id=_people)
    assert (len(records) == 1) is merged, [r.text for r in records]
    if merged:
        assert records[0].docs == ("doc-a", "doc-b")


@pytest.mark.parametrize(
    ("name", "speakers", "participant"),
    [
        ("Will harbour master Ola Brennan resign?", ["ola-brennan"], "@ola-brennan"),
        ("Will Brennan resign?", ["ola-brennan"], "@ola-brennan"),
        # a collision's number is no name word
        ("Will Ola Brennan resign?", ["ola-brennan-2"], "@ola-brennan-2"),
        # a given name alone is not the person
        ("Will Ola resign?", ["ola-brennan"], "ola"),
        # two sources of one family name: the surname alone names neither
        ("Will Brennan resign?", ["ola-brennan", "kit-brennan"], "brennan"),
        # another person's name stays a name
        ("Will Tamsin Vogel resign?", ["ola-brennan"], "tamsin vogel"),
    ],
)
def test_frame_counts_a_source_named_in_the_text_once(name, speakers, participant):
    from digests.merge.questions import question_frame

    topic = ("harbour", "master", "ola", "brennan", "tamsin", "vogel", "resign")
    frame = question_frame(name, topic, speakers=speakers)
    assert participant in frame.participants
    names = {p for p in frame.participants if not p.startswith("@")}
    assert names == ({participant} if not participant.startswith("@") else set())


@pytest.mark.parametrize(
    ("text", "names"),
    [
        # an office inside a run of capitalised words ends a name: the body, then its holder
        ("Will Harbour Authority Chair Ola Brennan resign?", {"harbour authority", "ola brennan"}),
        ("Will the Calder Wharf Trust CEO Tamsin Vogel quit?", {"calder wharf trust", "tamsin vogel"}),
        # negatives: a title before a name is left out as before; a name without an office
        # stays whole
        ("Will Mayor Ola Brennan resign?", {"ola brennan"}),
        ("Will Harbour Authority staff resign?", {"harbour authority"}),
    ],
)
def test_frame_splits_a_name_run_at_an_office(text, names):
    from digests.merge.questions import question_frame

    topic = ("harbour", "authority", "ola", "brennan", "calder", "wharf", "trust", "tamsin",
             "vogel", "resign", "staff")
    frame = question_frame(text, topic)
    assert {p for p in frame.participants if not p.startswith("@")} == names


def test_question_never_runs_in_from_an_earlier_paragraph(nlp):
    # the parser may hang a headline (and the byline after it) on the first sentence's verb
    text = ("With power and water recovery slow, Dunmore leaders look for answers\n\n"
            "Thursday, March 6, 2031 by Petra Holloway\n\n"
            "With the town\u2019s pumps and sewers far beyond their limits, councillors are "
            "pressing for quick repairs to keep homes dry and asking how the county can stop "
            "such a breakdown from recurring.")
    [cand] = questions_of(nlp(text), people={}, published=None)
    assert "Holloway" not in cand.text and "answers" not in cand.text
    assert cand.text.endswith("?") and "quick repairs" in cand.text


def test_subject_never_runs_in_from_an_earlier_paragraph(nlp):
    # the parser may take a headline and a dateline for the subject's first words
    text = ("Minister to visit Dalmar\n\n28 May 2031 [14:49] - DAILY.VL\n\n"
            "Veloria's Foreign Minister Ivo Marek will visit Dalmar in coming weeks, the "
            "spokesperson Lena Brandt said.")
    [cand] = questions_of(nlp(text), people={}, published=None)
    assert cand.text == "Will Veloria's Foreign Minister Ivo Marek visit Dalmar in coming weeks?"


def test_calls_for_two_things_in_two_sentences_are_two_questions(nlp):
    # the frame verb ("called for") they share is how each is told, not what it is about
    text = ("Elena Vasquez called for the resignations of the harbour board after the flood. "
            "Hiroshi Tanaka called for an inquiry into the fire.")
    found = questions_of(nlp(text), people=people_in(text, NAMES), published=None)
    assert [c.text for c in found] == ["Will the harbour board resign?",
                                       "Will there be an inquiry into the fire?"]


def test_frame_rule_never_merges_within_one_document():
    a = _framed("Will the Harlow Tramways board resign?", ("harlow", "tramways", "board", "resign"))
    b = _framed("Will Harlow Tramways see resignations?", ("harlow", "tramways", "resign"))
    assert len(group_questions([("d1", a), ("d1", b)], person_id=_people)) == 2


def test_frame_reads_predicates_names_and_time_from_the_question_and_its_statements():
    from digests.merge.questions import question_frame

    frame = question_frame(
        "Will Harlow Tramways hold talks with the unions before March 2031?",
        ("harlow", "tramways", "meet", "union", "2031", "calder", "wharf"),
        speakers=["ola-brennan"],
        statements=["Managers at Calder Wharf said negotiations would follow."])
    assert frame.predicates == {"meet"}
    assert frame.participants == {"harlow tramways", "calder wharf", "@ola-brennan"}
    assert frame.time == ("2031", "3")


def _framed_items(seed: int, count: int = 300, docs: int = 40):
    """Invented framed candidates: a question naming an event word (or its synonym or
    inflection) about two to four of a few names, sometimes a year, stances by a few people,
    statements that name more; plus unframed noise. Many pairs share some but not all."""
    import random

    rng = random.Random(seed)
    events = ["resign", "resignations", "talks", "summit", "election", "reopen", "strike",
              "approve", "reform", "rescue"]
    names = ["Harlow", "Brno", "Ostrava", "Calder", "Pellworth", "Tamsin", "Vogel", "Rui"]
    items = []
    for n in range(count):
        event = rng.choice(events)
        who = rng.sample(names, rng.randint(1, 3))
        year = rng.choice(["", "", " in 2031", " in 2032"])
        text = f"Will {' and '.join(who)} see {event}{year}?"
        also = rng.sample(names, rng.randint(0, 2))
        statement = f"Officials in {' and '.join(also)} were asked." if also else "Asked."
        topic = [w.lower() for w in who + also] + [
            {"resignations": "resign", "talks": "meet", "summit": "meet"}.get(event, event)]
        if year:
            topic.append(year.split()[-1])
        if rng.random() < 0.2:
            topic += [f"w{rng.randrange(30)}" for _ in range(5)]
        speakers = tuple(rng.sample(["ola", "tam", "rui", None], rng.randint(1, 2)))
        items.append((f"doc-{rng.randrange(docs)}", _framed(text, topic, speakers, statement)))
    return items


@pytest.mark.parametrize("seed", [21, 22, 23])
def test_group_questions_by_frame_matches_all_pairs_reference(seed):
    items = _framed_items(seed)
    got = group_questions(items, person_id=_people)
    want = _reference_group_questions(items, person_id=_people)
    assert got == want
    assert any(len(r.docs) > 2 for r in want)
    assert len(want) < len(items)


# ----------------------------------------------------------------------------------------------
# A text cut off in mid-sentence (an excerpt, a paywall)


@pytest.mark.parametrize(
    ("text", "questions", "stance_end"),
    [
        # the clause running into the cut is asked up to its last whole part, and the
        # source's words mark the cut
        ("Elena Vasquez said the ferries would sail on Monday. \u201cThe inquiry will be "
         "completely open, our town\u2019s name and our futu",
         ["Will the ferries sail on Monday?", "Will the inquiry be completely open?"],
         "our \u2026\u201d"),
        # nothing whole before the cut: no question from it
        ("Elena Vasquez said the ferries would sail on Monday. \u201cI want the ferry to be "
         "back in the water by a", ["Will the ferries sail on Monday?"], "on Monday"),
        # negative: a text that ends its last sentence is not cut
        ("Elena Vasquez said the ferries would sail on Monday. \u201cThe inquiry will be "
         "completely open, our town\u2019s name and our future.\u201d",
         ["Will the ferries sail on Monday?",
          "Will the inquiry be completely open, our town's name and our future?"],
         "our future.\u201d"),
    ],
)
def test_clause_cut_off_by_a_truncated_text(nlp, text, questions, stance_end):
    found = questions_of(nlp(text), people=people_in(text, NAMES), published=None)
    assert [c.text for c in found] == questions
    assert found[-1].stances[-1].text.endswith(stance_end)


@pytest.mark.parametrize(
    ("text", "cut"),
    [
        ("The ferries sail on Monday. The inquiry will be open and our futu", 65),
        ("The ferries sail on Monday. The inquiry will be open.", None),
        ("The ferries sail on Monday. \u201cThe inquiry will be open,\u201d she said", 64),
        ("The ferries sail on Monday. \u201cThe inquiry will be open.\u201d", None),
        # a closing credit line is no cut sentence
        ("The ferries sail on Monday.\n\nReporting by Ana Ruiz; Editing by Ito Ken", None),
        ("The ferries sail on Monday.\n\n(Additional reporting by Ana Ruiz)", None),
        ("", None),
    ],
)
def test_truncated_at(text, cut):
    from digests.extract.questions import truncated_at

    assert truncated_at(text) == cut


# ---- past and sought wh-clauses, modal-headed clauses --------------------------------------

@pytest.mark.parametrize(("text", "question"), [
    # a wh-clause after a noun of asking that is missing or wanted is open, asked in its tense
    ("Elena Vasquez said the ferry company has given no explanation of why the harbour lights "
     "weren\u2019t working during the storm.",
     "Why weren't the harbour lights working during the storm?"),
    ("Residents still have questions about how the fire started, Elena Vasquez said.",
     "How did the fire start?"),
    # an asked past clause keeps its tense: a wh-subject, a negation, a whether-clause
    ("Elena Vasquez asked who ordered the closure of the bridge.",
     "Who ordered the closure of the bridge?"),
    ("Elena Vasquez asked why the firm did not warn its staff about the risk.",
     "Why didn't the firm warn its staff about the risk?"),
    ("Elena Vasquez asked whether the firm had warned its staff about the risk.",
     "Had the firm warned its staff about the risk?"),
    # ... a look ahead is still asked ahead, also inside a past whether-clause
    ("Elena Vasquez asked when the next ferry might sail.", "When will the next ferry sail?"),
    ("When asked at a press breakfast whether she had decided when to retire, Elena Vasquez "
     "said simply, \"No.\"", "When will Elena Vasquez retire?"),
    # a present one too, its joined verbs in the base form with it
    ("Elena Vasquez asked why the council ignores the rules and closes the pool.",
     "Why does the council ignore the rules and close the pool?"),
    ("Elena Vasquez asked why the pool is not open.", "Why isn't the pool open?"),
    ("Elena Vasquez wants to know whether the council has approved the budget.",
     "Has the council approved the budget?"),
    # ... but alternatives still to be chosen, and what a look ahead decides, are asked ahead
    ("\u201cWe have to find the money, whether that's a levy or a fee,\u201d Elena Vasquez "
     "said.", "Will that be a levy or a fee?"),
    # a past existential wh-clause, also when someone wanted to know it
    ("Elena Vasquez asked why there were no lifeguards at the pool.",
     "Why were there no lifeguards at the pool?"),
    ("\u201cWe are checking the dates,\u201d Elena Vasquez said when a journalist wanted to "
     "know why the lease was signed in such a rush.", "Why was the lease signed in such a rush?"),
    # a wh-clause the parse hangs as an adverbial one still asks when it looks ahead
    ("Hiroshi Tanaka has yet to decide when he will hand over the club, he told a radio "
     "station.", "When will Hiroshi Tanaka hand over the club?"),
    # a modal the parse makes the head of its clause (the verb after it read as a noun)
    ("Mayor Elena Vasquez put the pier repairs on the council agenda, a step that could "
     "fast-track plans for the new pier.", "Will a step fast-track plans for the new pier?"),
])
def test_past_and_sought_clauses_are_asked_in_their_own_words(nlp, text, question):
    [cand] = questions_of(nlp(text), people=people_in(text, NAMES), published=None)
    assert cand.text == question
    assert cand.stances[0].leaning in ("unsure", "for")


@pytest.mark.parametrize("text", [
    # an account given is no open question
    "Elena Vasquez gave a full account of how the fire started.",
    # a past unreadiness for what came judges how it was met
    "Elena Vasquez said the crews were not ready for a flood that deep.",
    "The lifeboat station wasn't prepared for the gale, Elena Vasquez said.",
])
def test_answered_or_past_readiness_is_no_question(nlp, text):
    assert questions_of(nlp(text), people=people_in(text, NAMES), published=None) == []


def test_readiness_still_to_come_stays_open(nlp):
    text = "Elena Vasquez said the unions are not ready for a deal yet."
    [cand] = questions_of(nlp(text), people=people_in(text, NAMES), published=None)
    assert cand.stances[0].leaning == "against"


_REQUEST_STORY = (
    "Councillor Elena Vasquez on Monday called for the resignation of library trustee "
    "Hiroshi Tanaka over the lost rare books.\n\n"
    "Vasquez said the trustees had failed the town.\n\n"
    "Library spokesperson Amara Okafor said the trustees had received Vasquez's demand for "
    "Tanaka's resignation. She said the trustees would weigh the request at their next "
    "meeting, and in the meantime, \u201cMr. Tanaka will lead the stock check of the "
    "archive.\u201d"
)


def test_a_request_weighed_is_a_stance_on_what_was_requested(nlp):
    found = questions_of(nlp(_REQUEST_STORY), people=people_in(_REQUEST_STORY, NAMES),
                         published=None)
    assert [c.text for c in found] == [
        "Will library trustee Hiroshi Tanaka resign over the lost rare books?",
        "Will Mr. Tanaka lead the stock check of the archive?",
    ]
    resign, interim = found
    # the demand is its maker's (named with it), the request weighed the spokesperson's
    assert [(s.speaker, s.leaning) for s in resign.stances] == [
        ("elena-vasquez", "for"), ("elena-vasquez", "for"), ("amara-okafor", "unsure")]
    # the weighed request's words end where the interim clause begins
    assert resign.stances[2].text == "the trustees would weigh the request at their next meeting"
    assert [(s.speaker, s.leaning) for s in interim.stances] == [("amara-okafor", "for")]


def test_a_bare_request_with_nothing_requested_before_stays_its_own_question(nlp):
    text = ("Elena Vasquez said the ferry service would be cut in May.\n\n"
            "Amara Okafor said the trustees would weigh the request on Friday.")
    found = questions_of(nlp(text), people=people_in(text, NAMES), published=None)
    assert len(found) == 2
    assert found[1].stances[0].leaning == "unsure"


@pytest.mark.parametrize(("text", "question", "speakers"), [
    # a modal with a verb of its own, joined to another clause, does not head a question
    ("\u201cThe guild is committed to keep talking, but we cannot, and we will not let the "
     "studios stall for months,\u201d Bjorn Lund said.",
     "Will the guild be committed to keep talking?", ["bjorn-lund"]),
    # a second reported clause ("and that ...") goes on with the same source
    ("Judge Leila Haddad indicated she would \"go below the usual term\" and that \"the "
     "fine should match the damage done.\"", "Will she go below the usual term?",
     ["leila-haddad"]),
])
def test_joined_clauses_that_stay_one_statement(nlp, text, question, speakers):
    [cand] = questions_of(nlp(text), people=people_in(text, NAMES), published=None)
    assert cand.text == question
    assert {s.speaker for s in cand.stances} == set(speakers)


def test_a_relative_that_does_not_point_back_to_the_sentence_before(nlp):
    text = ("Elena Vasquez said the ferry might not sail on Sunday. She added a new pier to the "
            "budget, a move that could speed up repairs of the harbour wall.")
    found = questions_of(nlp(text), people=people_in(text, NAMES), published=None)
    assert len(found) == 2, [c.text for c in found]


@pytest.mark.parametrize("text", [
    # a pledge to go on with routine work is a statement's boilerplate, with what it is for
    "\u201cShe will continue working with the council to make sure the new rules shield "
    "tenants from surprise fees,\u201d Elena Vasquez said.",
    "Elena Vasquez said the city will keep working with the county on repairs of the ferry "
    "network.",
    "The ministry said it would keep monitoring the situation.",
])
def test_a_pledge_of_ongoing_work_is_no_question(nlp, text):
    assert questions_of(nlp(text), people=people_in(text, NAMES), published=None) == []


@pytest.mark.parametrize(("text", "question"), [
    # what goes on may still stop: a strike, an office held under pressure
    ("Elena Vasquez said the strike will continue into next week.",
     "Will the strike continue into next week?"),
    ("Elena Vasquez said she will continue to serve as chair despite the calls to resign.",
     "Will Elena Vasquez continue to serve as chair despite the calls to resign?"),
    # striving that is not a pledge to carry on still asks what it works toward
    ("The union is working to secure a deal before May, Elena Vasquez said.",
     "Will the union secure a deal before May?"),
])
def test_what_continues_beyond_routine_work_stays_open(nlp, text, question):
    [cand] = questions_of(nlp(text), people=people_in(text, NAMES), published=None)
    assert cand.text == question


_FLOOD_STORY = (
    "Mayor Elena Vasquez said the council would look for ways to stop {prevented}.\n\n"
    "The river burst its banks on Tuesday. Hundreds of homes were damaged. Volunteers cleared "
    "the mud.\n\nShops reopened on Friday morning.\n\n"
    "\u201c{later},\u201d Vasquez said."
)


@pytest.mark.parametrize(("prevented", "later", "count"), [
    # how to stop it happening again: one question wherever the article comes back to it
    ("a repeat of the flood", "We will make sure this never happens again", 1),
    # negatives: a prevention with no repeat, a repeat with no prevention
    ("the closure of the library", "We will meet the unions again next week", 2),
    ("the closure of the library", "We will make sure this never happens again", 2),
])
def test_preventing_a_repeat_is_one_question(nlp, prevented, later, count):
    text = _FLOOD_STORY.format(prevented=prevented, later=later)
    found = questions_of(nlp(text), people=people_in(text, NAMES), published=None)
    assert len(found) == count, [c.text for c in found]


@pytest.mark.parametrize(("text", "expected"), [
    # a risk run with a gerund may come about, unsure (the parse may read "risks" as a noun)
    ("The strike risks delaying the vote on the budget.",
     [("Will the strike delay the vote on the budget?", "unsure", None)]),
    # a demand told as the circumstance of another open clause is a question of its own ...
    ("The council will vote on the budget on Friday amid calls for a recount.",
     [("Will the council vote on the budget on Friday?", "for", None),
      ("Will there be a recount?", "for", None)]),
    ("The strike risks delaying the harbour vote amid growing calls for a ballot.",
     [("Will the strike delay the harbour vote?", "unsure", None),
      ("Will there be a ballot?", "for", None)]),
    # ... held by whoever the call is from, when named with it
    ("The council will vote on the budget despite calls from Elena Vasquez for a delay.",
     [("Will the council vote on the budget?", "for", None),
      ("Will there be a delay?", "for", "elena-vasquez")]),
    ("The council will vote on the budget on Friday despite Elena Vasquez's calls for a "
     "delay.",
     [("Will the council vote on the budget on Friday?", "for", None),
      ("Will there be a delay?", "for", "elena-vasquez")]),
    # alone, the clause it is told in asks it
    ("The council faces a long summer amid growing calls for a ballot.",
     [("Will there be a ballot?", "for", None)]),
    # determination is a stance; a quoted "I" reads as the reported speaker's pronoun
    ("Elena Vasquez said she was \u201cdetermined to finish the work I have begun\u201d.",
     [("Will Elena Vasquez finish the work she has begun?", "for", "elena-vasquez")]),
    ("Elena Vasquez said she was determined to do what I'm told and what my party wants.",
     [("Will Elena Vasquez do what she is told and what her party wants?", "for",
       "elena-vasquez")]),
])
def test_risks_circumstances_and_determination(nlp, text, expected):
    found = questions_of(nlp(text), people=people_in(text, NAMES), published=None)
    assert [(c.text, c.stances[0].leaning, c.stances[0].speaker) for c in found] == expected
    if len(found) == 2:  # the demand is not in the words of the clause it was cut from
        assert "calls" not in found[0].stances[0].text
        assert found[1].stances[0].text.startswith(("amid", "despite"))


def test_a_run_risked_in_the_past_is_no_question(nlp):
    assert questions_of(nlp("The crew risked sailing into the storm."), people=[],
                        published=None) == []


def test_plans_carried_out_in_other_words_are_one_question(nlp):
    text = ("Elena Vasquez said she was determined to finish the new bridge. "
            "She admitted that achieving it by spring is hard. "
            "She insisted the works would deliver jobs and trade.")
    found = questions_of(nlp(text), people=people_in(text, NAMES), published=None)
    assert len(found) == 1, [c.text for c in found]
    assert len(found[0].stances) == 3


_TOWN = (
    "{first}\n\n"
    "The river burst its banks on Tuesday. Hundreds of homes were damaged. Volunteers cleared "
    "the mud.\n\nShops reopened on Friday morning.\n\n"
    "{second}"
)


@pytest.mark.parametrize(("first", "second", "count"), [
    # the same thing demanded twice is one question, a call for change one for reform
    ("The council faces a long summer amid calls for change at the port.",
     "\u201cWe hear the fishermen's demand for reform,\u201d Elena Vasquez said.", 1),
    ("Elena Vasquez called for an inquiry into the flood.",
     "Hiroshi Tanaka also called for an inquiry into the flood response.", 1),
    # negative: two different things demanded
    ("Elena Vasquez called for an inquiry into the flood.",
     "Hiroshi Tanaka called for a new levy on the port.", 2),
])
def test_the_same_thing_demanded_is_one_question(nlp, first, second, count):
    text = _TOWN.format(first=first, second=second)
    found = questions_of(nlp(text), people=people_in(text, NAMES), published=None)
    assert len(found) == count, [c.text for c in found]


@pytest.mark.parametrize(("later", "count"), [
    # a demonstrative subject takes up the question that named its noun just before
    ("\u201cThis inquiry will be open to the public,\u201d he said.", 1),
    # negatives: a noun not named before; a demonstrative too far back is another matter
    ("\u201cThis festival will be free to the public,\u201d he said.", 2),
])
def test_a_demonstrative_subject_takes_up_the_question_before(nlp, later, count):
    text = ("Hiroshi Tanaka said the inquiry would report by Saturday. "
            "The harbour stayed closed. Ferries were cancelled. " + later)
    found = questions_of(nlp(text), people=people_in(text, NAMES), published=None)
    assert len(found) == count, [c.text for c in found]


def test_a_demonstrative_subject_does_not_reach_far_back(nlp):
    text = ("Hiroshi Tanaka said the inquiry would report by Saturday. "
            "The harbour stayed closed. Ferries were cancelled. The market shut early. "
            "Schools sent pupils home. \u201cThis inquiry will be open to the "
            "public,\u201d he said.")
    found = questions_of(nlp(text), people=people_in(text, NAMES), published=None)
    assert len(found) == 2, [c.text for c in found]


@pytest.mark.parametrize(("text", "names"), [
    # a nationality alone names no participant, before an office or anywhere
    ("Will the Italian President Ola Brennan resign?", {"ola brennan"}),
    ("Ola Brennan told Italian reporters she will resign.", {"ola brennan"}),
    # negative: a place before an office, and a name holding a nationality, are kept
    ("Will Calder Gov. Ola Brennan resign?", {"calder", "ola brennan"}),
    ("Will the Italian Open go ahead?", {"italian open"}),
])
def test_frame_leaves_a_nationality_out(text, names):
    from digests.merge.questions import question_frame

    topic = ("italian", "ola", "brennan", "calder", "open", "resign")
    assert {p for p in question_frame(text, topic).participants if not p.startswith("@")} \
        == names


def test_a_name_run_together_names_its_speaker():
    from digests.merge.questions import question_frame

    frame = question_frame("Will OlaBrennan resign?", ("olabrennan", "resign"),
                           speakers=["ola-brennan"])
    assert frame.participants == frozenset({"@ola-brennan"})


def test_the_question_shown_is_not_the_one_that_follows_from_it(nlp):
    # "If that happens, we will need to ..." follows from the question before it; the
    # weather's "it" names what is asked
    text = ("Elena Vasquez said it could snow hard on Sunday and block the pass. \u201cIf "
            "that happens, we will need to close the road,\u201d she said.")
    found = questions_of(nlp(text), people=people_in(text, NAMES), published=None)
    assert [c.text for c in found] == ["Will it snow hard on Sunday and block the pass?"]
    assert len(found[0].stances) == 2


def test_best_question_ranks_what_a_condition_follows_from_first():
    from digests.extract._grouping import best_question

    texts = ["Will the crews need to reassess?", "Will the river flood the road?"]
    assert best_question(texts, [True, False]) == "Will the river flood the road?"
    assert best_question(texts, [False, False]) == "Will the crews need to reassess?"
    # a referring pronoun ranks below a name; the weather's "it" does not
    assert best_question(["Will it close?", "Will the pool close?"]) == "Will the pool close?"
    assert best_question(["Will it snow on Sunday?", "Will the pool close?"]) == \
        "Will it snow on Sunday?"


@pytest.mark.parametrize(("text", "word", "expected"), [
    # an article before a common noun is lower case in a question, wherever the parse put
    # the sentence's start
    ("Officials said The state will reverse lanes.", "The", "the state will reverse lanes"),
    # negatives: an article of a name
    ("Officials said The Hague will host the talks.", "The", "The Hague will host the talks"),
])
def test_an_article_is_lower_case_unless_it_opens_a_name(nlp, text, word, expected):
    from digests.extract._phrasing import _lower_start

    doc = nlp(text)
    first = next(t for t in doc if t.text == word)
    assert _lower_start(doc.text[first.idx:].rstrip("."), first) == expected


def test_best_question_ranks_a_bare_judgement_last():
    from digests.extract._grouping import best_question

    assert best_question(["Will it happen yet?", "Can they dive at this time?"]) == \
        "Can they dive at this time?"
    # negative: with nothing better, the judgement is shown
    assert best_question(["Will it happen yet?"]) == "Will it happen yet?"


@pytest.mark.parametrize(("text", "questions"), [
    # "due to" a compound noun the parse read as an infinitive is a cause, not a schedule
    ("Observers said the landslide was due to vote rigging in the northern provinces.", []),
    ("Rivals said her narrow win was due to vote rigging.", []),
    # negatives: a schedule with an infinitive and its own object
    ("The council is due to vote on the plan in May.",
     ["Will the council vote on the plan in May?"]),
    ("The firm is due to start building in May.", ["Will the firm start building in May?"]),
])
def test_due_to_a_noun_read_as_a_verb_is_a_cause(nlp, text, questions):
    found = questions_of(nlp(text), people=people_in(text, NAMES), published=None)
    assert [c.text for c in found] == questions


@pytest.mark.parametrize("text", [
    "The board shelved its plan to cap ticket prices. It will now take effect in June.",
    "The Bank has been privately telling lenders that it was prepared to extend its loan "
    "scheme beyond Friday if markets demanded it, the paper reported, quoting people close to "
    "the board.",
])
def test_an_impersonal_subject_names_no_source(nlp, text):
    found = questions_of(nlp(text), people=people_in(text, NAMES), published=None)
    assert found, text
    for cand in found:
        for stance in cand.stances:
            assert (stance.speaker_text or "").lower() not in ("it", "this", "that")
