"""Open questions: what may or may not happen, and who leans which way, in one document.

:func:`extract_questions` reads one parsed document and keeps only clauses with a real signal:

* hopes, wishes and plans ("X hopes A could meet B", "Y plans to ...") -> leaning *for*;
  threats and vows stay open when told in the past ("threatened to quit the talks");
* possibilities not excluded ("did not rule out more closures") -> *unsure*;
* doubts and difficulties ("a deal would be hard to reach", "X doubts ...", "will not") ->
  *against*;
* future and modal statements ("the army will restart drills", "the two clubs can still ...")
  -> *for*; bare hedges (may, might, could + a hedge word) -> *unsure*;
* explicit questions ("But how do the villagers feel about ...?"), the article's own or quoted, and
  indirect ones ("nobody knows if ...", "asked when ..."); the interviewer's questions
  of a transcript ("-- ...", "Q: ...") and an unnamed interviewee's answers are not open
  questions of the article (a named interviewee's answers are that person's speech, like a
  quotation), except a yes/no question about what may happen that a named interviewee
  answers ("Q: Will the ferry run ...?" / "Novak: I hope so."): the answer is that person's stance;
* a clause too short to stand alone ("and we will try again") is read in the clause it is
  joined to or reported by;
* the article's own voice ("first, we will look at ...") and past narrative are skipped.

Each candidate's ``text`` is the clause itself (the words of the text, tidied into a sentence);
its ``topic`` the content lemmas used by :func:`digests.merge.questions.group_questions` to merge candidates about the
same thing from different documents (Jaccard overlap with a conservative threshold).
"""
from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from ..models import Person, QuestionCandidate, Stance
from . import lexicon
from . import _grouping
from ._framing import reframed
from ._headings import is_heading
from ._holder import holder_subject, own_subject, passive_agent
from ._tree import clause_subject, covering, for_object
from ._layout import containing, paragraph_index
from ._mood import (
    against_word, answers_pressure, background, counterfactual, deciding_clause,
    forward_trigger, given_up, actor_of, optative, pressure_noun, pressure_source, summing_up,
    until_clause, weighed_request, demanded,
)
from ._phrasing import (
    as_question, asked_parts, asked_word, for_to_clause, phrase_question, reason_start,
    risk_subject, risked_gerund, there_question,
)
from ._realised import carried_out, realised_events
from ._stance_text import stance_words
from ._transcripts import answer_start, transcript_turns
from .attribution import Speaker, lemma_in, sentence_speaker, speaker_of_subject
from .mentions import MentionIndex
from .parsed import SUBJECT_DEPS, ParsedDocument, as_parsed
from .quotes import Quotations

__all__ = ["extract_questions"]

_RANK = {"against": 3, "for": 2, "unsure": 1}
_MIN_CLAUSE_WORDS = 4
_QUOTE_MARKS = str.maketrans("", "", "\"“”„")
#: Hope verbs whose past tense still reports an open wish ("she hoped talks would resume").
_STILL_OPEN_WHEN_PAST = frozenset({
    "hope", "expect", "plan", "wish", "intend", "ask", "demand", "request", "seek", "call",
    "doubt", "fear", "question",
})
_PRONOUNS = frozenset({"he", "she", "it", "they", "we", "i", "you"})
#: Words that only tie a clause to its sentence; a candidate's text does not start with them.
_LEADING_MARKS = frozenset({"that", "because", "since", "as", "although", "though", "and", "but"})
#: Clauses that only add detail to something else (relative, adverbial, adjectival clauses).
_SUBORDINATE_DEPS = frozenset({"relcl", "acl", "advcl", "amod", "pcomp", "csubj", "prep"})
_NOT_TOPIC = lexicon.REPORTING_VERBS | lexicon.HOPE_VERBS | lexicon.DOUBT_VERBS
_CONTRACTED = {"wo": "will", "ca": "can", "sha": "shall"}


@dataclass(frozen=True, slots=True)
class _Trigger:
    """A word that makes a clause an open statement: the clause head and its leaning."""

    head: object  # spaCy Token heading the clause
    leaning: str
    strong: bool  # a hope/plan/doubt word: its leaning wins over the modals inside its clause
    by_subject: bool = False  # the clause's subject holds the stance ("X plans to ...")
    pressure: Any = None  # "is under pressure to ...": the noun; whoever presses holds it
    actor: Any = None  # "X did Y, a move that could ...": X, whose act aims at it
    answering: bool = False  # leaning read against the pressure clause it answers
    demand: Any = None  # "amid calls for a recount": the demand noun it was read from


# ----------------------------------------------------------------------------------------------
# Triggers


def _negated(token) -> bool:
    """ "will not", "cannot", or a negative subject ("nobody can", "neither side wants")."""
    if any(c.dep_ == "neg" for c in token.children) or any(
            c.dep_ == "neg" for c in token.head.children if token.dep_ == "aux"):
        return True
    for subject in (c for c in token.children if c.dep_ in SUBJECT_DEPS):
        if subject.lower_ in lexicon.NEGATIVE_SUBJECTS or any(
                c.lower_ in ("no", "neither") for c in subject.children if c.dep_ == "det"):
            return True
    return False


def _is_past_narrative(head) -> bool:
    """A plain past-tense clause without modal: a report of what happened, not an open one."""
    has_modal = any(c.tag_ == "MD" for c in head.children)
    past = head.tag_ == "VBD" or any(c.tag_ == "VBD" for c in head.children if c.dep_ == "aux")
    if head.tag_ == "VBN":
        past = past or any(c.tag_ == "VBD" for c in head.children if c.dep_ in ("aux", "auxpass"))
    return past and not has_modal


def _conditional(head) -> bool:
    """The clause carries a condition ("if rents keep climbing", "unless talks resume")."""
    return any(_condition_mark(t) for t in head.subtree)


def _condition_mark(token) -> bool:
    return token.lower_ in lexicon.CONDITION_MARKERS and token.dep_ == "mark"


def _content_clause(head) -> bool:
    """A clause that is the content of the adjective or verb before it, parsed as its clausal
    subject or as an adverbial "that" clause ("made plain that no deal is possible", "made it
    clear that ...", "assured lenders that it would ..."): what is said, not a detail of
    something else."""
    governor = head.head
    if governor.i >= head.i:
        return False
    if head.dep_ == "csubj":
        return True
    if _result_clause(head):
        return False
    return _said_that(head) or _feared_that(head) or (
        head.dep_ == "advcl" and governor.pos_ == "ADJ" and any(
            c.dep_ == "mark" and c.lower_ == "that" for c in head.children))


def _feared_that(head) -> bool:
    """ "fears that the dam could burst", "concerns that the vote may be delayed": the "that"
    clause of a noun of fear, hope or expectation (:data:`lexicon.ANTICIPATION_NOUNS`) is
    what may happen, not a detail of the noun; so is a denied claim's ("rejected claims that
    she would run")."""
    if head.dep_ != "acl" or head.head.pos_ != "NOUN" or not any(
            c.dep_ == "mark" and c.lower_ == "that" for c in head.children):
        return False
    noun = head.head
    lemma = noun.lemma_.lower()
    return lemma in lexicon.ANTICIPATION_NOUNS or (
        lemma in lexicon.CLAIM_NOUNS and lemma_in(noun.head, lexicon.DENIAL_VERBS))


def _said_that(head) -> bool:
    """ "assured traders that the ferry would run": a "that" clause the parser hangs from a
    reporting verb (or from its object) as an adverbial or adjectival clause, which is what
    the verb reports."""
    if head.dep_ not in ("advcl", "acl") or not any(
            c.dep_ == "mark" and c.lower_ == "that" for c in head.children):
        return False
    governor = head.head
    if head.dep_ == "acl" and governor.dep_ == "dobj":
        governor = governor.head
    return governor.i < head.i and governor.pos_ == "VERB" and lemma_in(
        governor, lexicon.REPORTING_VERBS)  # not a noun: "her claim that ..."


def _result_clause(head) -> bool:
    """ "so tired that he could barely stand": the result of a degree, not a statement."""
    governor = head.head
    return governor.i < head.i and governor.pos_ in ("ADJ", "ADV") and any(
        c.lower_ in ("so", "too", "such") for c in governor.children)


def _expletive_frame(verb) -> bool:
    """ "it is clear/likely/certain (that) ...": a frame around the clause it governs."""
    return verb.lemma_ == "be" and any(
        c.dep_ in SUBJECT_DEPS and c.lower_ == "it" for c in verb.children) and any(
        c.dep_ == "acomp" for c in verb.children)


def _subordinate(head) -> bool:
    """A clause that only adds detail (relative, adverbial, adjectival and result clauses)."""
    if head.dep_ in ("ccomp", "advcl") and _result_clause(head):
        return True
    return head.dep_ in _SUBORDINATE_DEPS and not _content_clause(head)


def _reported(head) -> bool:
    """The clause is what a reporting, hoping or announcing verb reports ("said it would ...");
    its past tense is the backshift of reported speech, not a past event."""
    for _ in range(4):  # "said it was clear that ...": what frames the clause is reported
        while head.dep_ == "conj" and head.head is not head:
            head = head.head
        if _said_that(head):
            return True
        if _content_clause(head):
            head = head.head.head if head.head.pos_ == "ADJ" else head.head
        elif head.dep_ == "ccomp" and _expletive_frame(head.head):
            head = head.head
        else:
            break
    if head.pos_ == "NOUN" and head.lemma_.lower() in lexicon.CLAIM_NOUNS and lemma_in(
            head.head, lexicon.DENIAL_VERBS):
        return True  # "rejected claims that she would run": the claim is reported
    return head.dep_ in ("ccomp", "xcomp") and (
        lemma_in(head.head, lexicon.REPORTING_VERBS) or lemma_in(head.head, lexicon.HOPE_VERBS)
        or lemma_in(head.head, lexicon.SIGNAL_VERBS)
    )


def _open_context(head) -> bool:
    """Present/future statements, reported speech and conditions can state open matters."""
    return not _is_past_narrative(head) or _reported(head) or _conditional(head)


class _Reach:
    """Which clause heads of one sentence hold, somewhere in their subtree, a word against,
    a hedge or "for" word, or a condition marker: worked out once per sentence
    (:func:`~digests.extract._tree.covering`), not by building every head's subtree, which
    was quadratic in a long sentence."""

    def __init__(self, sent) -> None:
        self.sent = sent
        self._sets: dict[str, set[int]] = {}

    def _holds(self, head, name: str, test: Callable[[Any], bool]) -> bool:
        if name not in self._sets:
            self._sets[name] = covering(self.sent.doc, [t.i for t in self.sent if test(t)])
        return head.i in self._sets[name]

    def against(self, head) -> bool:
        return self._holds(head, "against", against_word)

    def hedged(self, head) -> bool:
        return self._holds(head, "hedged", lambda t: t.lemma_.lower() in _HEDGE_OR_FOR)

    def conditional(self, head) -> bool:
        """:func:`_conditional`."""
        return self._holds(head, "conditional", _condition_mark)


_HEDGE_OR_FOR = lexicon.HEDGE_ADVERBS | lexicon.FOR_WORDS


def _modal_trigger(tok, in_quote: Callable[[int], bool] | None, reach: _Reach) -> _Trigger | None:
    modal = _CONTRACTED.get(tok.lower_.replace("’", "'"), tok.lower_)
    if tok.tag_ != "MD" or modal not in lexicon.MODAL_LEANING:
        return None
    head = _modal_head(tok)
    act = summing_up(tok)
    if (_subordinate(head) and not reach.conditional(head) and act is None
            and not _existential_relative(head)):
        return None  # "shelters where we can house them": a detail, not a statement
    if _no_statement(tok, head):
        return None
    if head.dep_ in ("ccomp", "xcomp") and background(head.head) and _is_past_narrative(
            head.head):
        return None  # "chambers where it was hoped they would be found": past detail
    if in_quote is not None and not in_quote(tok.idx) and any(
            c.dep_ in SUBJECT_DEPS and c.lower_ in lexicon.FIRST_PERSON_PRONOUNS
            for c in head.children):
        return None  # the article's own voice: "first, we will look at ..."
    leaning = _modal_leaning(tok, modal, reach, act)
    if leaning is None:
        return None  # narrative "would" (habit, past purpose), an act done as it is said
    return _Trigger(head, leaning, until_clause(head) is not None
                    or deciding_clause(head) is not None,
                    actor=actor_of(act) if act is not None else None)


def _modal_head(modal):
    """The clause a modal belongs to: its verb's, or the modal's own when the parse took the
    verb after it for a noun object ("a step that could kick-start talks")."""
    if modal.dep_ not in ("aux", "auxpass") and any(c.dep_ == "dobj" for c in modal.children):
        return modal
    return modal.head


def _no_statement(modal, head) -> bool:
    """A modal that states nothing open: "should have been told", "May the year bring
    peace", "how bad it can be", "we would like to apologise", a past ruling's "should"."""
    return counterfactual(modal) or optative(modal) or _degree_clause(head) or (
        _performative(head)) or _ruled(modal, head) or _anyone_can(modal, head) or (
        _ongoing_work(head))


def _ongoing_work(head) -> bool:
    """ "will continue working with the council", "will keep monitoring the situation": a
    pledge to go on with routine work (:data:`lexicon.ONGOING_WORK_VERBS`), nothing new that
    may happen."""
    return head.lemma_.lower() in ("continue", "keep") and any(
        c.dep_ in ("xcomp", "ccomp") and c.lemma_.lower() in lexicon.ONGOING_WORK_VERBS
        for c in head.children)


def _anyone_can(modal, head) -> bool:
    """ "Anyone can list the reasons": what anybody at all can do is a truism."""
    return modal.lower_ in ("can", "could") and any(
        c.dep_ in SUBJECT_DEPS and c.lower_ in lexicon.GENERIC_SUBJECTS for c in head.children)


def _ruled(modal, head) -> bool:
    """What a court or judge said in the past should or must happen: its ruling decided it
    ("The court in May ordered a vote, arguing that it should be linked to the budget")."""
    if modal.lower_ not in ("should", "must", "ought"):
        return False
    holder = holder_subject(head)
    if holder is None or holder.lemma_.lower() not in lexicon.RULING_BODIES:
        return False
    frame = holder.head
    return frame.tag_ == "VBD" or any(a.tag_ == "VBD" for a in frame.children
                                      if a.dep_ in ("aux", "auxpass"))


def _degree_clause(head) -> bool:
    """ "knows how devastating a flood can be": a clause of degree ("how" + adjective after a
    copula), which says how much, not whether something will happen ("how long the strike
    will last" still asks)."""
    return head.lemma_ == "be" and any(
        c.dep_ == "acomp" and c.pos_ == "ADJ" and any(g.lower_ == "how" for g in c.children)
        for c in head.children)


#: Words that put a first-person "will" in the moment it is said.
_NOW_WORDS = frozenset({"today", "tonight", "now"})


def _done_as_said(head, modal: str) -> bool:
    """What is done as it is announced: a speaker's "Today we will step aside", "Now I will
    hand over" (first person, "will", today/now on the verb: the article reports it done the
    same day; not "we will decide today whether ...", still open), and an appointment or
    change "effective immediately" / "with immediate effect" ("X will serve as interim chief,
    effective immediately", the whole sentence)."""
    if modal not in ("will", "'ll") or deciding_clause(head) is not None:
        return False
    if not _negated(head) and (_immediate(head) or any(
            c.lower_ == "immediately" and c.dep_ == "advmod" for c in head.children)):
        return True  # "... effective immediately", "X will step down immediately"
    return (any(c.dep_ in SUBJECT_DEPS and c.lower_ in ("we", "i") for c in head.children)
            and any(c.lower_ in _NOW_WORDS and c.dep_ in ("npadvmod", "advmod")
                    for c in head.children))


def _immediate(head) -> bool:
    """ "effective immediately", "with immediate effect", "effective today" in the clause of
    ``head``, or in the clause it is joined to when it names no day of its own ("X stepped
    down with immediate effect and Y will take over"; not "... and the board will name a
    successor in May")."""
    if _takes_effect_now(list(head.subtree)):
        return True
    if head.dep_ != "conj" or any(t.ent_type_ in ("DATE", "TIME") for t in head.subtree):
        return False
    inside = {t.i for t in head.subtree}
    return _takes_effect_now([t for t in head.head.subtree if t.i not in inside])


def _takes_effect_now(tokens) -> bool:
    words = [t.lower_ for t in tokens]
    return any((a == "effective" and b in ("immediately", "today", "now"))
               or (a == "immediate" and b == "effect") for a, b in zip(words, words[1:]))


def _perceived(head, modal: str) -> bool:
    """ "The cries could be heard", "you could see the smoke": what could be seen or heard --
    in the passive, or by a generic "you" -- is a scene described, not something that may
    happen ("the board could see a new chair by May" is kept)."""
    if modal not in ("can", "could", "ca") or not lemma_in(head, lexicon.PERCEPTION_VERBS):
        return False
    return any(c.dep_ == "auxpass" for c in head.children) or any(
        c.dep_ in SUBJECT_DEPS and c.lower_ in ("you", "one") for c in head.children)


def _modal_leaning(tok, modal: str, reach: _Reach, act) -> str | None:
    """The leaning of the clause a modal heads (None: a narrative "would", or an act done as it
    is said, :func:`_done_as_said`: no statement)."""
    head = tok.head
    if _done_as_said(head, modal) or _perceived(head, modal):
        return None
    leaning = lexicon.MODAL_LEANING[modal]
    if reach.against(head):
        leaning = "against"
    elif modal == "would":
        hedged = reach.hedged(head)
        if not (hedged or _reported(head) or reach.conditional(head)):
            return None
        leaning = "for" if not hedged else leaning
    if _negated(head) or _negated(tok):
        leaning = "against"
    elif leaning == "unsure" and act is not None:
        leaning = "for"  # "X did Y, a move that could Z": what X's act is meant to bring
    if until_clause(head) is not None:
        leaning = "for"  # "will not rest until the culprits are found"
    elif deciding_clause(head) is not None or weighed_request(head) is not None \
            or _condition_child(head):
        leaning = "unsure"  # "we will see whether ...", "will weigh the petition", "if ..."
    return _negated_frame(head) or leaning


def _negated_frame(head) -> str | None:
    """The leaning a negated frame gives the clause it frames: a belief passes the negation
    on ("I don't think the inquiry will help": *against*), an implying verb leaves it open
    ("does not necessarily mean that they will strike": *unsure*); None otherwise."""
    if head.dep_ != "ccomp" or head.head.i == head.i or not _negated(head.head):
        return None
    frame = head.head
    if lemma_in(frame, lexicon.BELIEF_VERBS):
        return "against" if not _negated(head) else "for"
    if lemma_in(frame, lexicon.IMPLYING_VERBS):
        return "unsure"
    return None


def _existential_relative(head) -> bool:
    """ "there are two firms that could buy the mill": the relative clause of the noun an
    existential introduces is the statement itself ("two firms could buy the mill")."""
    if head.dep_ != "relcl":
        return False
    noun = head.head
    return noun.dep_ == "attr" and noun.head.lemma_ == "be" and any(
        c.dep_ == "expl" for c in noun.head.children)


def _condition_child(head) -> bool:
    """ "If the rain comes, the road will close": what a modal predicts under a condition of
    its own is as open as the condition (not "will strike unless the board moves", a threat,
    nor "no ferry can run unless ...", a red line)."""
    return not _negated(head) and any(
        c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ == "if" for m in c.children)
        for c in head.children)


def _still_open(tok) -> bool:
    """ "issues were still open", "the matter remains open": an unsettled question."""
    if tok.lower_ != "open" or tok.pos_ != "ADJ":
        return False
    return any(c.lower_ == "still" for c in tok.head.children) or tok.head.lemma_ == "remain"


def _relative_of_person(verb) -> bool:
    """ "X, who has insisted that ...": a relative clause about a person (relative "who")."""
    return verb.dep_ == "relcl" and any(
        c.lower_ in ("who", "whom") for c in verb.children if c.dep_ in SUBJECT_DEPS
    )


def _wh_clause(tok):
    """The word heading the clause a wh-word opens: its head, or for a wh-determiner ("what
    measures were considered", "which route they take") the head of its noun."""
    if tok.tag_ == "WDT" and tok.dep_ == "det":
        return tok.head.head
    return tok.head


#: Wh-words that also open a clause of time or place ("when asked, she said").
_TIME_WH = frozenset({"when", "where", "while", "whenever", "wherever"})


def _indirect_question(tok) -> _Trigger | None:
    """ "whether talks resume", "asked when the next ferry might sail", "did not say which
    routes were planned": an open question."""
    is_wh = tok.tag_ in ("WRB", "WP") or (tok.tag_ == "WDT" and tok.dep_ == "det")
    head = _wh_clause(tok)
    if head.dep_ == "advcl" and tok.lower_ in _TIME_WH and not any(
            c.tag_ in ("MD", "TO") for c in head.children):
        return None  # "When asked about it, she said ...": a clause of time, no question
        # (not "has yet to say when she will step aside", which the parse may hang the same way)
    if is_wh and head.pos_ in ("VERB", "AUX") and head.i > tok.i and _sought(head):
        return _Trigger(head, "unsure", True)  # "no explanation of why the pumps failed"
    if tok.lower_ != "whether" and not (
            is_wh and head.head is not head and lemma_in(head.head, lexicon.QUESTION_VERBS)):
        return None
    if head.pos_ not in ("VERB", "AUX") or head.i < tok.i:
        return None
    if tok.lower_ != "whether" and not _still_asked(head.head, head):
        return None  # "the mayor knows very well what we have done": nothing open
    return _Trigger(head, "unsure", True)


def _sought(clause) -> bool:
    """A wh-clause after a noun of asking or explaining that is still open: "questions about
    how the fire started", "no explanation of why the pumps failed", "want
    answers about who ordered it" (not "gave a full account of how it happened")."""
    prep = clause.head
    if clause.dep_ != "pcomp" or prep.dep_ != "prep" or prep.head.i == prep.i:
        return False
    noun = prep.head
    lemma = noun.lemma_.lower()
    if noun.pos_ != "NOUN" or lemma not in lexicon.QUESTION_NOUNS:
        return False
    return lemma == "question" or any(
        c.lower_ in lexicon.MISSING_WORDS for c in noun.children if c.dep_ in ("det", "amod")
    ) or (noun.dep_ == "dobj" and lemma_in(noun.head, lexicon.SEEKING_VERBS))


def _still_asked(verb, clause) -> bool:
    """Whether "know/say/decide + wh-clause" leaves the matter open: asking verbs always do;
    the others when negated ("has not said when", "nobody knows how") or looking ahead ("will
    decide where", "said when talks would resume")."""
    if lemma_in(verb, lexicon.ASKING_VERBS) or (
            verb.dep_ == "xcomp" and lemma_in(verb.head, lexicon.SEEKING_VERBS)):
        return True  # "asked why", "wanted to know why"
    if _negated(verb) or any(c.tag_ == "MD" for c in verb.children):
        return True
    return any(t.tag_ == "MD" or t.tag_ == "TO" for t in clause.subtree)


def _condition_judgement(tok) -> _Trigger | None:
    """ "a truce without a deadline for X is not worth signing", "any deal without
    guarantees would be unacceptable": a judgement on something lacking a condition, i.e. the
    speaker's red line. ``tok`` is the "without" inside the clause's subject; the judgement
    must be negated or a rejection word."""
    if tok.lower_ not in lexicon.CONDITION_PREPOSITIONS or tok.dep_ != "prep":
        return None
    subject = tok.head
    head = subject.head
    if subject.dep_ not in SUBJECT_DEPS or head.pos_ not in ("AUX", "VERB") or _subordinate(head):
        return None
    predicate = [c for c in head.children if c.dep_ in ("acomp", "attr", "oprd")]
    judged = [head, *predicate]
    rejects = any(lemma_in(t, lexicon.REJECTION_WORDS | lexicon.AGAINST_WORDS) for t in predicate)
    if not (rejects or any(_negated(t) for t in judged)):
        return None
    if not _open_context(head):
        return None
    return _Trigger(head, "against", True)


def _has_object(verb) -> bool:
    """A hope/plan verb with something hoped for: a clause, an object or "for ..."."""
    return any(
        c.dep_ in ("xcomp", "ccomp", "dobj") or (c.dep_ == "prep" and c.lower_ == "for")
        for c in verb.children
    ) or _asks_someone(verb)


def _commitment(verb) -> bool:
    """ "threatened to walk out", "vowed that they would appeal": a commitment or threat whose
    content has yet to happen (see ``lexicon.COMMITMENT_VERBS``)."""
    return lemma_in(verb, lexicon.COMMITMENT_VERBS) and any(
        c.dep_ == "ccomp" or (c.dep_ == "xcomp" and any(a.tag_ == "TO" for a in c.children))
        for c in verb.children)


def _stance_adverbial(verb) -> bool:
    """ "..., as the union threatened to quit the talks": an adverbial clause with its
    own subject that states someone's stance (not a condition: "if they want to ...")."""
    return verb.dep_ == "advcl" and any(
        c.dep_ in SUBJECT_DEPS and c.tag_ not in ("WP", "WDT") for c in verb.children
    ) and not any(c.dep_ == "mark" and c.lower_ in lexicon.CONDITION_MARKERS
                  for c in verb.children)


def _asks_someone(verb) -> bool:
    """ "called on the mayor to resign", "asked the board to reconsider", "called for the board
    to resign": someone is asked to do what the to-infinitive says."""
    if for_to_clause(verb) is not None:
        return True  # "called for the board to resign"
    asked = any(c.dep_ == "dobj" or (c.dep_ == "prep" and c.lower_ == "on")
                for c in verb.children)
    return asked and any(c.dep_ in ("xcomp", "ccomp", "advcl")
                         and any(a.tag_ == "TO" for a in c.children) for c in verb.children)


def _forward(tok) -> _Trigger | None:
    """Forward-looking constructions of :func:`._mood.forward_trigger` in an open context."""
    found = forward_trigger(tok)
    if found is None or _ongoing_work(tok.head) and tok.head.i != tok.i:
        return None  # "will continue working with them to ensure ...": the same pledge
    head = found.head
    if head.pos_ not in ("AUX", "VERB") or (_subordinate(head) and not _relative_of_person(head)):
        return None
    if background(head) and not _relative_of_person(head):
        return None  # "a nation which followed the effort to save them": a detail
    if not _open_context(head) and not found.by_subject:
        return None
    if _is_past_narrative(head) and not _reported(head) and tok.lemma_.lower() not in (
            lexicon.UNWILLING_WORDS | lexicon.WILLING_WORDS) and not any(
            c.dep_ == "prt" for c in tok.children):
        return None
    demand = tok if demanded(tok) is not None else None
    return _Trigger(head, found.leaning, True, found.by_subject, found.pressure,
                    actor=_demander(demand), demand=demand)


def _demander(noun):
    """Who a demand noun says makes the demand ("Vasquez's demand for a recount": Vasquez),
    or None (unsaid: the sentence's source holds the stance)."""
    if noun is None:
        return None
    return next((c for c in noun.children if c.dep_ == "poss" and c.pos_ in ("PROPN", "NOUN")),
                None)


def _excluding(verb) -> bool:
    """A verb of excluding a possibility ("rule out", "exclude"), with its particle."""
    lemma = verb.lemma_.lower()
    particles = [c.lower_ for c in verb.children if c.dep_ == "prt"]
    return lemma in lexicon.EXCLUDING_VERBS or any(
        f"{lemma} {p}" in lexicon.EXCLUDING_VERBS for p in particles)


def _word_trigger(tok) -> _Trigger | None:
    """A verb of hoping, excluding or doubting, or a word judging how likely something is."""
    if tok.pos_ == "VERB":
        if lemma_in(tok, lexicon.HOPE_VERBS):
            return _hope_trigger(tok)
        if _excluding(tok) and _negated(tok):
            return _not_excluded_trigger(tok)
        if lemma_in(tok, lexicon.DOUBT_VERBS):
            return _doubt_trigger(tok)
    if tok.pos_ in ("ADJ", "ADV", "VERB") and _likelihood_word(tok):
        return _likelihood_trigger(tok)
    return None


def _hope_trigger(verb) -> _Trigger | None:
    """ "she hopes the ferry will run again", "they plan to appeal": leaning *for* (*against*
    when negated); not a detail clause, an object-less verb or a past wish that is settled."""
    if (verb.dep_ in _SUBORDINATE_DEPS and not _relative_of_person(verb)
            and not _stance_adverbial(verb)) or not _has_object(verb):
        return None
    if lemma_in(verb, lexicon.REQUEST_VERBS) and not any(
            c.dep_ == "prep" and c.lower_ == "for" for c in verb.children) and not (
            _asks_someone(verb)):
        return None  # "asked for", "called for", "called on X to"; not "asked her name"
    if _nothing_hoped(verb):
        return None
    if _denied_request(verb):
        return None  # "I never bribed anyone or asked for favours": a denial, not a request
    if _is_past_narrative(verb) and not (lemma_in(verb, _STILL_OPEN_WHEN_PAST)
                                         or _commitment(verb) or _asks_someone(verb)
                                         or answers_pressure(verb) is not None):
        return None
    return _Trigger(verb, "against" if _negated(verb) else "for", True, True)


def _nothing_hoped(verb) -> bool:
    """A hoping or planning verb that leaves nothing open: "had hoped to find them"
    (overtaken), "I want to thank ..." (done as said), "no nurse wants to strike", "I'd ask
    you to be careful" (said of nobody in particular), "wasn't prepared for the snow" (how
    what came was met)."""
    return given_up(verb) or _performative(verb) or _said_to_anyone(verb) or _unready_for(
        verb, verb)


def _said_to_anyone(verb) -> bool:
    """A wish of nobody in particular or a request to the audience: a subject quantified by
    "no" ("no nurse ever wants to walk out"), or "you" asked to act ("I'd ask you to be
    careful")."""
    subject = clause_subject(verb)
    if subject is not None and any(c.dep_ == "det" and c.lower_ == "no"
                                   for c in subject.children):
        return True
    return any(c.dep_ == "dobj" and c.lower_ == "you" for c in verb.children)


def _performative(verb) -> bool:
    """A first-person wish to do what saying does ("I want to thank the volunteers", "we
    would like to apologise"): done as it is said (:data:`lexicon.PERFORMATIVE_VERBS`)."""
    subject = clause_subject(verb)
    act = next((c for c in verb.children if c.dep_ == "xcomp"
                and any(a.tag_ == "TO" for a in c.children)), None)
    return (subject is not None and subject.lower_ in lexicon.FIRST_PERSON_PRONOUNS
            and act is not None and lemma_in(act, lexicon.PERFORMATIVE_VERBS))


#: How many clause levels above a statement a denial is looked for.
_DENIAL_LEVELS = 4


def _denied(head) -> bool:
    """Whether a denial verb (:data:`lexicon.DENIAL_VERBS`, not negated) reports the clause
    headed by ``head``, directly ("denied that he would quit") or through a claim noun
    ("rejected claims that, before signing, he had told the coach he would only play")."""
    node = head
    for _ in range(_DENIAL_LEVELS):
        if node.dep_ not in ("ccomp", "acl", "conj", "advcl") or node.head.i == node.i:
            return False
        governor = node.head
        if governor.pos_ == "NOUN":
            if governor.lemma_.lower() not in lexicon.CLAIM_NOUNS:
                return False
            governor = governor.head
        if lemma_in(governor, lexicon.DENIAL_VERBS) and not _negated(governor):
            return True
        node = governor
    return False


def _denied_request(verb) -> bool:
    """A past request denied: "never asked for favours", "I did not ask his office for
    anything", also through the verb it is joined to ("never bribed anyone or asked ...")."""
    if not lemma_in(verb, lexicon.REQUEST_VERBS):
        return False
    node = verb
    while node.dep_ == "conj" and not _negated(node) and node.head.i != node.i:
        node = node.head
    if not _negated(node):
        return False
    return (node.tag_ in ("VBD", "VBN") or verb.tag_ in ("VBD", "VBN")
            or any(a.lower_ in ("did", "had", "has", "have") for a in node.children))


def _not_excluded_trigger(verb) -> _Trigger | None:
    """ "did not rule out more closures": the possibility stays open, whatever the tense."""
    if verb.dep_ in _SUBORDINATE_DEPS or not _has_object(verb):
        return None
    return _Trigger(verb, "unsure", True, True)


def _doubt_trigger(verb) -> _Trigger | None:
    """ "the council doubts the bridge will open": leaning *against*."""
    if verb.dep_ in _SUBORDINATE_DEPS or not _has_object(verb):
        return None
    if _is_past_narrative(verb) and not (lemma_in(verb, _STILL_OPEN_WHEN_PAST)
                                         or answers_pressure(verb) is not None):
        return None
    return _Trigger(verb, "against", True, True)


def _likelihood_word(tok) -> bool:
    lemma = tok.lemma_.lower()
    return (against_word(tok) or lemma in lexicon.FOR_WORDS
            or lemma in lexicon.UNSURE_WORDS or _still_open(tok) or _needed(tok))


def _needed(tok) -> bool:
    """ "an audit is necessary", "new pumps were needed": something named is said to be
    needed (an adjective after a copula, or a passive), so whether it will be had is open. Not
    an expletive ("it is necessary to ..."), nor a need with what it is needed for named
    after it ("needed to ...", "necessary for ...": the purpose, not the matter)."""
    if tok.lower_ not in lexicon.NECESSITY_WORDS:
        return False
    if tok.pos_ == "ADJ" and tok.dep_ == "acomp":
        verb = tok.head
    elif tok.tag_ == "VBN" and any(c.dep_ == "auxpass" for c in tok.children):
        verb = tok
    else:
        return False
    subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    return (subject is not None and subject.pos_ in ("NOUN", "PROPN")
            and not any(c.dep_ in ("xcomp", "prep", "ccomp") for c in tok.children))


def _likelihood_trigger(tok) -> _Trigger | None:
    """ "a deal is unlikely", "the vote is expected to pass", "the matter remains open": the
    clause the word judges, leaning by the word (turned round when negated)."""
    lemma = tok.lemma_.lower()
    head = tok.head if tok.dep_ in ("acomp", "advmod", "oprd", "xcomp", "ROOT") else None
    if tok.dep_ == "ROOT" or (tok.pos_ == "VERB" and tok.tag_ == "VBN"):
        head = tok  # "is expected to", "was not expected before"
    if head is None or head.pos_ not in ("AUX", "VERB") or _subordinate(head):
        return None
    if not _open_context(head):
        return None
    if _states_no_likelihood(tok, head):
        return None
    if lemma in lexicon.UNSURE_WORDS or _still_open(tok):
        return _Trigger(head, "unsure", True)
    leaning = "against" if against_word(tok) else "for"
    if (_negated(head) or _negated(tok)) and lemma in lexicon.CERTAINTY_WORDS:
        return _Trigger(head, "unsure", True)  # "we are not sure they can walk": not a no
    if _negated(head) or _negated(tok):
        leaning = "against" if leaning == "for" else "for"
    return _Trigger(head, leaning, False)


def _states_no_likelihood(tok, head) -> bool:
    """A likelihood word that judges nothing to come: a state ("the squad is ready"), a cause
    ("due to rigging"), a past unreadiness ("were not ready for the storm")."""
    return _bare_disposition(tok) or _cause(tok) or _unready_for(tok, head)


def _cause(tok) -> bool:
    """ "was due to bad weather": "due to" with a noun gives a cause, not a schedule; so does
    "due to vote rigging", which the parse may read as an infinitive with an "-ing" noun right
    after it as its object (the two words are one noun: "price fixing", "money laundering")."""
    if tok.lower_ != "due":
        return False
    if any(c.dep_ == "prep" and c.lower_ == "to" and any(o.dep_ == "pobj" for o in c.children)
           for c in tok.children):
        return True
    doc = tok.doc
    for verb in tok.children:
        if verb.dep_ == "xcomp" and verb.tag_ == "VB" and verb.i + 1 < len(doc):
            after = doc[verb.i + 1]
            if (after.dep_ == "dobj" and after.head.i == verb.i and after.tag_ == "NN"
                    and after.lower_.endswith("ing")):
                return True
    return False


def _bare_disposition(tok) -> bool:
    """A word of readiness or confidence with nothing it is ready or confident for ("the
    squad is ready"); not when negated ("not ready yet" judges what is still to come)."""
    return tok.lemma_.lower() in lexicon.DISPOSITION_WORDS and not any(
        c.dep_ in ("xcomp", "prep", "ccomp") for c in tok.children) and not (
        _negated(tok) or _negated(tok.head))  # "they are not ready yet": still to come


def _unready_for(tok, head) -> bool:
    """ "the crews were not ready for such a flood", "wasn't prepared for the snow": a
    past judgement of how something that came was met, not whether anything will happen (a
    word of readiness, negated, in the past, for a thing named rather than an act)."""
    verbs = (tok, head, tok.head)  # "wasn't prepared": the copula may head the word
    if not {tok.lemma_.lower(), tok.lower_} & lexicon.DISPOSITION_WORDS or not any(
            _negated(v) for v in verbs):
        return False
    past = any(v.tag_ == "VBD" and v.pos_ in ("AUX", "VERB") or any(
        a.tag_ == "VBD" for a in v.children if a.dep_ in ("aux", "auxpass")) for v in verbs)
    return past and any(c.dep_ == "prep" and c.lower_ == "for" for c in tok.children) and not (
        any(c.dep_ in ("xcomp", "ccomp") for c in tok.children))


def _possibility(tok) -> _Trigger | None:
    """ "X was a possibility", "a strike remains a risk": the subject of a copula whose
    complement is a possibility noun is an open matter (whatever the tense, when reported or
    present)."""
    if tok.pos_ != "NOUN" or tok.dep_ != "attr" or tok.lemma_.lower() not in (
            lexicon.POSSIBILITY_NOUNS):
        return None
    head = tok.head
    if head.pos_ not in ("AUX", "VERB") or _subordinate(head) or not _open_context(head):
        return None
    if not any(c.dep_ in SUBJECT_DEPS and c.pos_ in ("NOUN", "PROPN") for c in head.children):
        return None  # "it is a possibility", "that was the risk": nothing named
    if _negated(head):
        return None
    return _Trigger(head, "unsure", True)


def _risk_trigger(tok) -> _Trigger | None:
    """ "The strike risks delaying the vote": what is risked may happen, *unsure*
    (not a risk run in the past: "the crew risked sailing", nor in a detail clause)."""
    if risked_gerund(tok) is None or tok.tag_ in ("VBD", "VBN") or tok.dep_ not in (
            "ROOT", "ccomp", "conj"):
        return None
    if risk_subject(tok) is None or not _open_context(tok):
        return None
    return _Trigger(tok, "unsure", True)


def _holding_firm(tok) -> _Trigger | None:
    """ "She is under pressure to quit, but she defended her record": someone pressed to do
    something who holds their ground leans *against* it, whatever the tense."""
    if tok.pos_ != "VERB" or not lemma_in(tok, lexicon.HOLDING_VERBS) or _negated(tok):
        return None
    if answers_pressure(tok) is None:
        return None
    return _Trigger(tok, "against", True, True)


def _triggers(sent, in_quote: Callable[[int], bool] | None = None) -> list[_Trigger]:
    found = []
    reach = _Reach(sent)
    for tok in sent:
        trig = (_modal_trigger(tok, in_quote, reach) or _word_trigger(tok)
                or _indirect_question(tok) or _condition_judgement(tok) or _possibility(tok)
                or _forward(tok) or _holding_firm(tok) or _risk_trigger(tok))
        if trig is not None:
            if trig.leaning == "for" and answers_pressure(trig.head) is not None:
                trig = replace(trig, leaning="against", answering=True)  # holds firm
            elif trig.leaning == "for" and _denied(trig.head):
                trig = replace(trig, leaning="against")  # "denied that he would quit"
            found.append(trig)
    return found


# ----------------------------------------------------------------------------------------------
# Clauses and their wording


def _clause_bounds(head, sent) -> tuple[int, int]:
    """Character span of the clause a trigger heads (the whole sentence for a main clause),
    without a leading "that"/"because" that only ties it to the sentence around it, a reason
    clause, or trailing spaces and joining punctuation."""
    reason = reason_start(head)
    if head.dep_ == "ROOT":
        start, end, last = sent.start_char, sent.end_char, sent[-1]
        cut = _contrast_cut(head) if pressure_noun(head) is not None else None
        if cut is not None:  # "A is pressed to ..., but A insisted ...": A's own stance
            end, last = cut.idx, cut
    else:
        left, last = head.left_edge, head.right_edge
        while left.i < head.i and (left.lower_ in _LEADING_MARKS or left.is_punct):
            left = left.doc[left.i + 1]
        start = max(left.idx, sent.start_char)
        end = min(last.idx + len(last.text), sent.end_char)
        joined = _joined_statement(head)
        if joined is not None and joined.idx > start:
            end, last = joined.idx, joined  # "... would consider it, and X will ...": X's own
    if reason is not None and start < reason < end:
        end = reason  # "..., as heavy rain is expected": the reason is not what is asked
    return start, _trimmed_end(last, start, end)


def _joined_statement(head):
    """Where a clause conjoined to ``head`` with a subject and a modal of its own starts (its
    "and"/"but", else its first word): "the council would weigh the petition, and in the
    meantime the chief will stay on" states two things, each its own (a second reported
    clause, "and that ...", goes on with what the same source reports); None if none."""
    for child in head.rights:
        if child.dep_ == "conj" and any(c.dep_ in SUBJECT_DEPS for c in child.children) and any(
                c.tag_ == "MD" for c in child.children) and not any(
                c.dep_ == "mark" for c in child.children):  # not "... and that X should"
            cc = next((c for c in head.children if c.dep_ == "cc" and head.i < c.i < child.i),
                      None)
            return cc if cc is not None else child.left_edge
    return None


def _interim(clause) -> bool:
    """A clause of what holds in the meantime ("in the meantime, X will ...", "meanwhile")."""
    return any(t.lower_ in lexicon.INTERIM_WORDS and t.head.i in (clause.i, *(
        c.i for c in clause.children if c.dep_ == "prep")) for t in clause.subtree
        if t.i < clause.i)


def _contrast_cut(head):
    """The "but"/"yet" before a conjoined clause of ``head`` that has its own subject ("She
    is pressed to quit, but the minister insisted ..."), else None."""
    for child in head.rights:
        if child.dep_ == "conj" and any(c.dep_ in SUBJECT_DEPS for c in child.children):
            return next((c for c in (*head.children, *child.children) if c.dep_ == "cc"
                         and c.lower_ in lexicon.CONTRAST_CONJUNCTIONS
                         and head.i < c.i < child.i), None)
    return None


#: Characters a clause does not end on.
_TRAILING = frozenset(" \t\n,;:–—-")


def _trimmed_end(token, start: int, end: int) -> int:
    """``end`` moved back over :data:`_TRAILING` characters, read from the tokens around the end
    (starting at ``token``, at or after the end): ``sent.text`` would build the whole sentence's
    text for every clause, which makes long sentences quadratic."""
    while end > start:
        while token.idx > end - 1:
            token = token.doc[token.i - 1]
        if token.text_with_ws[end - 1 - token.idx] not in _TRAILING:
            break
        end -= 1
    return end

def _tidy(text: str, *, question: bool = False) -> str:
    text = " ".join(text.translate(_QUOTE_MARKS).split()).strip(" ,;:-—")
    if not text:
        return text
    text = text[0].upper() + text[1:]
    if text[-1] not in ".?!":
        text += "?" if question else "."
    return text


def _shared_subject(head):
    """The subject a conjoined clause shares with the clause before it ("X said it had ... and
    would review ..." -> "it")."""
    while head.dep_ == "conj" and not any(c.dep_ in SUBJECT_DEPS for c in head.children):
        head = head.head
        subject = clause_subject(head)
        if subject is not None:
            return subject
    return None


def _clause_text(doc, head, start: int, end: int, speaker: Speaker | None) -> str:
    """The clause's words; a pronoun subject is replaced by the name it stands for, and a
    conjoined clause without a subject borrows the one it shares."""
    text = doc.text[start:end]
    shared = _shared_subject(head)
    if shared is not None and shared.idx < start:
        left, right = shared.left_edge, shared
        text = doc.text[left.idx : right.idx + len(right.text)] + " " + text
    subject = clause_subject(head)
    if subject is not None and subject.idx == start and _stands_for(subject, head, speaker):
        text = speaker.text + text[len(subject.text):]
    return _tidy(text)


def _stance_span(ctx: _Context, trig: _Trigger, sent, start: int, end: int) -> tuple[int, int]:
    """What the stance quotes: the clause, widened to the clause it shares its subject with
    ("wanted to cut the tax and will now defend the rate") and to the whole sentence when the
    clause only describes a noun of it ("added X to the agenda, a move that could ...")."""
    head = trig.head
    if trig.by_subject and _relative_of_person(head):
        return start, end  # "X, who has demanded that ...": the relative clause is X's stance
    while head.dep_ == "conj" and head.head.i != head.i and not any(
            c.dep_ in SUBJECT_DEPS for c in head.children):
        head = head.head
    if head.dep_ in ("relcl", "acl", "appos") and head.head.pos_ in ("NOUN", "PROPN"):
        return ctx.unlabelled(sent.start_char), sent.end_char
    if head.i != trig.head.i:
        o_start, o_end = _clause_bounds(head, sent)
        start, end = min(ctx.unlabelled(o_start), start), max(o_end, end)
    if _negated_frame(trig.head) is not None:  # "I don't think ...": the negation is said
        frame = trig.head.head
        start = min(start, ctx.unlabelled(frame.left_edge.idx))
    return start, _trailing_end(sent, end, trig.head, ctx.doc.text)


def _trailing_end(sent, end: int, head, text: str) -> int:
    """``end``, or the end of the sentence when what follows the clause still belongs to what
    was said ("said he expected a deal, but not before the new year"), not to an attribution
    after it ('"...," she said on Monday', "..., reports the radio", "according to ...")."""
    root = sent.root
    if root.idx >= end:
        return end  # the reporting clause comes after: the stance ends with its clause
    stop = sent.end_char
    for child in root.children:
        if child.idx < end:
            continue
        if child.dep_ == "parataxis" or (child.dep_ == "prep" and child.lower_ == "according") \
                or lemma_in(child, lexicon.REPORTING_VERBS | lexicon.OUTLET_VERBS):
            stop = min(stop, child.left_edge.idx)
    joined = _joined_statement(head)
    if joined is not None and joined.idx >= end:
        stop = min(stop, joined.idx)  # "... would consider it, and X will ...": X's own
    cut = _contrast_cut(root)
    if cut is not None and cut.idx >= end and not any(c.dep_ == "neg" for c in root.children):
        stop = min(stop, cut.idx)  # "..., but the owner said ...": the owner's own words
        # (not "is not whether ..., but how ...": one thought)
    for reason in (reason_start(root), reason_start(head)):
        if reason is not None and reason >= end:
            stop = min(stop, reason)
    while stop > end and text[stop - 1] in " \t\n,;:–—-.":
        stop -= 1
    return max(stop, end)


def _verb_start(trig: _Trigger) -> int | None:
    """Where the stance verb's words start ("did not rule out", "hopes"): its auxiliaries and
    negation after its subject, else the verb itself; None for a passive, whose subject is
    what is asked about ("a recount was demanded by X"), and for a negative subject
    ("nobody wants ...")."""
    head = trig.head
    subject = clause_subject(head)
    if subject is not None and (subject.dep_ == "nsubjpass"
                                or subject.lower_ in lexicon.NEGATIVE_SUBJECTS
                                or subject.lower_ in lexicon.FIRST_PERSON_PRONOUNS):
        return None  # "nobody wants ...", "I'd never ...": the subject is half of what is said
    after = subject.right_edge.i if subject is not None else -1
    words = [c for c in head.children
             if c.dep_ in ("aux", "auxpass", "neg") and after < c.i < head.i]
    return min([head.idx, *(w.idx for w in words)])


def _asked(doc, head, start: int, end: int, speaker: Speaker | None, *,
           quoted: bool = False, part=None) -> str:
    """The question the clause leaves open (see :mod:`._phrasing`); a pronoun subject that
    stands for the speaker is named, unless the clause is quoted (a speaker says "I", so a
    quoted "he" is someone else). Falls back to the clause with a question mark."""
    names = {}
    for verb in (head, *(c for c in head.children if c.dep_ in ("ccomp", "xcomp"))):
        subject = clause_subject(verb)
        if subject is None:
            continue
        if quoted:
            said = _first_person(subject, speaker)
            if said is not None:
                names[subject.i] = said
        elif _stands_for(subject, head, speaker):
            names[subject.i] = _mid_sentence(speaker)
    if part is not None:  # one part of a clause that asks two things (no fallback)
        return phrase_question(head, text=doc.text, end=end, names=names, part=part) or ""
    return phrase_question(head, text=doc.text, end=end, names=names) or as_question(
        _clause_text(doc, head, start, end, speaker))


def _first_person(subject, speaker: Speaker | None) -> str | None:
    """Who a quoted "I" or "we" is, for the question: "I" the named speaker; "we" an
    organisation that speaks ("the union": "we will strike"), or a named speaker and those
    they speak for ("Ana Ruiz and colleagues"). None for anyone else or an unnamed speaker."""
    if speaker is None or not speaker.text or subject.lower_ not in ("i", "we"):
        return None
    if speaker.key is None:
        return _mid_sentence(speaker) if subject.lower_ == "we" and speaker.text.split()[
            0].lower() == "the" else None
    return speaker.text if subject.lower_ == "i" else f"{speaker.text} and colleagues"


def _mid_sentence(speaker: Speaker) -> str:
    """The words naming a speaker, put inside a question: an unnamed source's words lose the
    capital of the sentence they opened ("The union said it would ..." -> "Will the union
    ..."), a name keeps its own ("Harlow Tramways")."""
    text = speaker.text or ""
    words = text.split()
    if speaker.key is None and len(words) > 1 and words[1][:1].islower():
        return text[:1].lower() + text[1:]
    return text


def _stands_for(subject, head, speaker: Speaker | None) -> bool:
    """Whether a pronoun subject is the speaker itself: "he hopes" (a person), or "it would"
    reported by an organisation ("the ministry announced it would ...")."""
    if speaker is None or not speaker.text or speaker.text.lower() in _PRONOUNS:
        return False
    if subject.lower_ in lexicon.SINGULAR_PRONOUNS or subject.tag_ == "WP":
        return speaker.key is not None
    if subject.lower_ == "it" and speaker.key is None and head.dep_ == "ccomp":
        return any(c.dep_ in SUBJECT_DEPS and c.lower_ != "it" for c in head.head.children)
    return False


def topic_words(tokens) -> tuple[str, ...]:
    """Normalised content lemmas of ``tokens`` (in order, no repeats), used for grouping."""
    seen: dict[str, None] = {}
    for tok in tokens:
        if tok.pos_ not in ("NOUN", "PROPN", "VERB", "ADJ", "NUM") or tok.is_stop:
            continue
        lemma = tok.lemma_.lower().strip("'’.-")
        if (not lemma or not any(c.isalnum() for c in lemma) or len(lemma) < 2
                or lemma in lexicon.TOPIC_STOPWORDS or lemma_in(tok, _NOT_TOPIC)):
            continue
        seen.setdefault(_grouping.canonical(lemma), None)
    return tuple(seen)


# ----------------------------------------------------------------------------------------------
# Extraction


class _Context:
    """Per-document helpers: mentions, paragraphs, quotations, transcript paragraphs."""

    def __init__(self, doc: ParsedDocument, people: Sequence[Person], index: MentionIndex,
                 quotes: Quotations) -> None:
        self.doc = doc
        self.index = index
        #: each other form of a person's name -> the full name, as grouping keys
        self.full_names = _full_names(people)
        #: stances whose leaning is already read against another clause (ids)
        self.answering: set[int] = set()
        self.bounds = doc.paragraphs
        self.sents = doc.sentences
        self.quotes = doc.quoted_ranges
        quotes, answers = quotes.quoted, quotes.answers
        turns = transcript_turns(doc.text, self.bounds, people)
        self.said = [
            (q.start, q.end, Speaker(q.speaker, q.speaker_text)) for q in quotes if q.speaker_text
        ]
        #: the answers of a named interviewee: that person's words, like a quotation
        self.answers = [(q.start, q.end, Speaker(q.speaker, q.speaker_text)) for q in answers]
        answered = {paragraph_index(self.bounds, q.start) for q in answers}
        self.transcript = {i for i in turns if i not in answered}
        self.label_ends = {i: answer_start(doc.text, *self.bounds[i]) for i in answered}
        self.turns = turns
        #: (start, end) of each part of a clause split in two questions -> the split's id:
        #: the grouping never joins two parts of one split
        self.apart: dict[tuple[int, int], int] = {}
        #: where a text cut off mid-sentence stops (an excerpt, a paywall): None when its
        #: last sentence ends
        self.cut = truncated_at(doc.text)
        #: paragraph index -> the first answer of a named interviewee there
        self.first_answer: dict[int, tuple[int, int, Speaker]] = {}
        for found in self.answers:
            self.first_answer.setdefault(paragraph_index(self.bounds, found[0]), found)

    def unlabelled(self, start: int) -> int:
        """``start``, or past the speaker label when it falls on one ("Novak: ...")."""
        end = self.label_ends.get(paragraph_index(self.bounds, start)) if self.bounds else None
        return max(start, end) if end is not None else start

    def skipped(self, sent) -> bool:
        """Interview questions, answers of an unnamed interviewee and headlines (no final
        punctuation) hold no open questions."""
        if not self.bounds:
            return True
        para = paragraph_index(self.bounds, sent.start_char)
        if para in self.transcript:
            return True
        p_start, p_end = self.bounds[para]
        return is_heading(self.doc.text[p_start:p_end])

    def in_quote(self, pos: int) -> bool:
        return (containing(self.quotes, pos) is not None
                or containing(self.answers, pos) is not None)

    def quoted_by(self, pos: int) -> Speaker | None:
        """The speaker of the quotation (or interview answer) holding ``pos``, if any."""
        found = containing(self.said, pos) or containing(self.answers, pos)
        return found[2] if found is not None else None

    def pressed(self, trig: _Trigger) -> Speaker | None:
        """Who is pressed to act ("she is under pressure to ..."), to name in the question."""
        subject = clause_subject(trig.head)
        return (speaker_of_subject(self.doc, subject, self.index, self.bounds)
                if subject is not None else None)

    def _holder(self, trig: _Trigger) -> Speaker | None:
        """The holder the trigger itself names: the actor of an act summed up ("X did Y, a
        move that could ..."), those who press ("is under pressure to ...": unnamed unless
        named with the pressure), the subject of a hope or plan (the agent of a passive one,
        else unnamed); None when it names none."""
        if trig.actor is not None:
            return speaker_of_subject(self.doc, trig.actor, self.index, self.bounds)
        if trig.pressure is not None:  # those who press, not the one pressed
            source = pressure_source(trig.pressure)
            holder = source if source is not None else holder_subject(trig.head)
            found = (speaker_of_subject(self.doc, holder, self.index, self.bounds)
                     if holder is not None else None)
            return found if found is not None else Speaker(None, None)
        subject = clause_subject(trig.head)
        if subject is not None and subject.dep_ == "nsubjpass":
            subject = passive_agent(trig.head)  # "was called for by X": X, or unnamed
            if subject is None:
                return Speaker(None, None)
        if subject is not None:
            return speaker_of_subject(self.doc, subject, self.index, self.bounds)
        return None

    def stance_speaker(self, trig: _Trigger, sent) -> Speaker | None:
        """Whoever says it: the speaker of the quotation it stands in, the hoper/planner of
        hope and plan verbs, else whoever the sentence credits."""
        quoted = self.quoted_by(trig.head.idx)
        if quoted is not None:
            return quoted
        if trig.actor is not None or trig.pressure is not None or trig.by_subject:
            found = self._holder(trig)
            if found is not None:
                return found
        holder = holder_subject(trig.head)
        if holder is not None:
            found = speaker_of_subject(self.doc, holder, self.index, self.bounds)
            if found.key is not None:
                return found
        found = sentence_speaker(self.doc, list(sent), self.index, self.bounds,
                                 exclude=self.quotes, near=trig.head.idx)
        if found is None or found.key is None:
            subject = own_subject(trig.head)
            named = (speaker_of_subject(self.doc, subject, self.index, self.bounds)
                     if subject is not None else None)
            if named is not None and named.key is not None:
                return named  # "The treasurer will defend the rate": their own plan
        return found


def _explicit_questions(ctx: _Context) -> list[QuestionCandidate]:
    """Runs of consecutive question sentences of one paragraph, one candidate per run: the
    article's own questions and quoted ones ("Will our roof hold?" a resident asked), but not
    an interview transcript's questions or answers, nor headlines."""
    out: list[QuestionCandidate] = []
    run: list = []

    def flush() -> None:
        if run:
            start = ctx.unlabelled(run[0].start_char)
            text = _tidy(" ".join(ctx.doc.text[max(start, s.start_char) : s.end_char]
                                  for s in run), question=True)
            if len(text.split()) >= _MIN_CLAUSE_WORDS:
                who = ctx.quoted_by(run[0].start_char + 1) or Speaker(None, None)
                stance = Stance(who.key, who.text, text,
                                _answered(text, ctx.doc.text, run[-1].end_char) or "unsure")
                topic = topic_words([t for s in run for t in s])
                out.append(QuestionCandidate(text, topic, (stance,), run[0].start_char,
                                             run[-1].end_char))
            run.clear()

    for sent in ctx.sents:
        asks = sent.text.rstrip().rstrip("\"”’'").endswith("?")
        if asks and not ctx.skipped(sent):
            if run and paragraph_index(ctx.bounds, run[-1].start_char) != paragraph_index(
                    ctx.bounds, sent.start_char):
                flush()
            run.append(sent)
        else:
            flush()
    flush()
    return out


#: A bare answer right after a yes/no question, by its speaker ("Will they listen? No.").
_BARE_ANSWER = re.compile(
    r"^[\s\"”’']*(?:(?P<no>no|nope|never|of course not|absolutely not|certainly not)"
    r"|(?P<yes>yes|of course|absolutely|certainly))\b\s*[.!,;”\"]", re.IGNORECASE)


def _answered(question: str, text: str, end: int) -> str | None:
    """The leaning of a bare "No." / "Yes." that answers a yes/no ``question`` ending at
    ``end``: a rhetorical question answered by its speaker, else None."""
    first = question.split(None, 1)[0].lower() if question.split() else ""
    if first not in lexicon.YES_NO_OPENERS:
        return None
    m = _BARE_ANSWER.match(text[end : end + 40])
    if m is None:
        return None
    return "against" if m.group("no") else "for"


def _reply_leaning(tok) -> str | None:
    """The leaning of a short reply to a yes/no question: "I hope so" / "I expect so" (for),
    "I doubt it" / "I fear not" (against)."""
    nxt = tok.nbor(1) if tok.i + 1 < len(tok.doc) else None
    if nxt is None or tok.pos_ != "VERB":
        return None
    if lemma_in(tok, lexicon.HOPE_VERBS | lexicon.SIGNAL_VERBS) and nxt.lower_ == "so":
        return "against" if _negated(tok) else "for"
    if lemma_in(tok, lexicon.DOUBT_VERBS) and nxt.lower_ in ("it", "so", "that"):
        return "against"
    if (lemma_in(tok, lexicon.HOPE_VERBS | lexicon.SIGNAL_VERBS | lexicon.DOUBT_VERBS)
            and nxt.lower_ == "not"):
        return "against"
    return None


def _interview_questions(ctx: _Context) -> list[QuestionCandidate]:
    """An interviewer's yes/no question about what may happen ("Q: Will the council approve
    the plan?", "-- Will the mine reopen?") that a named interviewee answers in the next
    turn: the question stays open, and the first sentence of the answer is the interviewee's
    stance on it (leaning as its own wording does, else unsure). Other interview questions
    ("What was the hardest part?") are not open questions of the article."""
    out: list[QuestionCandidate] = []
    for para, label in ctx.turns.items():
        answer = ctx.first_answer.get(para + 1)
        if label != "question" or answer is None:
            continue
        asked = _asked_about_what_may_happen(ctx, para)
        if not asked:
            continue
        question = _tidy(" ".join(ctx.doc.text[max(asked[0], s.start_char) : s.end_char]
                                  for s in asked[1]), question=True)
        topic = topic_words([t for s in asked[1] for t in s])
        if len(question.split()) < _MIN_CLAUSE_WORDS or not topic:
            continue
        stance = _answer_stance(ctx, answer)
        if stance is not None:
            out.append(QuestionCandidate(question, topic, (stance,), asked[1][0].start_char,
                                         asked[1][-1].end_char))
    return out


def _asked_about_what_may_happen(ctx: _Context, para: int) -> tuple[int, list] | None:
    """Where the words of question turn ``para`` start and its sentences ending in "?", when
    it is a yes/no question about what may happen ("Will ...", "Should we expect ..."), else
    None ("Is it true that you grew up here?": nothing that may happen)."""
    starts = ctx.doc.sentence_starts
    p_start, p_end = ctx.bounds[para]
    start = answer_start(ctx.doc.text, p_start, p_end)
    first = bisect.bisect_right(starts, start) - 1
    asked = [s for s in ctx.sents[max(first, 0):bisect.bisect_left(starts, p_end)]
             if s.end_char > start and s.text.rstrip().rstrip("\"”’'").endswith("?")]
    if not asked:
        return None
    opener = next((t for t in asked[0] if t.idx >= start and not t.is_punct
                   and not t.is_space), None)
    if opener is None or opener.lower_ not in lexicon.YES_NO_OPENERS:
        return None
    if not (opener.tag_ == "MD" or any(_triggers(s) for s in asked)):
        return None
    return start, asked


def _answer_stance(ctx: _Context, answer: tuple[int, int, Speaker]) -> Stance | None:
    """The interviewee's stance in the first sentence of their answer (leaning as its own
    wording does, else unsure), or None when the answer holds no sentence."""
    a_start, a_end, who = answer
    starts = ctx.doc.sentence_starts
    reply = next((s for s in ctx.sents[bisect.bisect_right(starts, a_start) - 1:]
                  if s.end_char > a_start), None)
    if reply is None or reply.start_char >= a_end:
        return None
    leanings = [t.leaning for t in _triggers(reply, ctx.in_quote)]
    leanings += [_reply_leaning(t) for t in reply if _reply_leaning(t)]
    leaning = max(leanings, key=_RANK.__getitem__) if leanings else "unsure"
    said = _tidy(ctx.doc.text[max(a_start, reply.start_char) : min(a_end, reply.end_char)])
    return Stance(who.key, who.text, said, leaning)


def _merge_nested(spans: list[tuple[int, int, _Trigger]]) -> list[tuple[int, int, _Trigger]]:
    """Keep the outermost clause of nested triggers; the strongest leaning wins."""
    spans.sort(key=lambda x: (x[0], -x[1]))
    kept: list[tuple[int, int, _Trigger]] = []
    for start, end, trig in spans:
        outer = next((k for k in kept if k[0] <= start and end <= k[1]), None)
        if outer is None:
            kept.append((start, end, trig))
            continue
        o_trig = outer[2]
        if not o_trig.strong and _RANK[trig.leaning] > _RANK[o_trig.leaning]:
            merged = replace(o_trig, leaning=trig.leaning, strong=False)
            kept[kept.index(outer)] = (outer[0], outer[1], merged)
    return kept


def _widened(ctx: _Context, head, sent, start: int, end: int) -> tuple[int, int]:
    """A clause too short to stand alone ("we will return", "they would resign") that still
    names what may happen stands in the clause it is joined to or reported by: "We are
    sad, and we will return", "Lawyers said they would return"."""
    if len(ctx.doc.text[start:end].split()) >= _MIN_CLAUSE_WORDS:
        return start, end
    clause = ctx.doc.char_span(start, end, alignment_mode="expand")
    if clause is None or not topic_words(clause):
        return start, end
    outer = head
    while outer.dep_ == "conj" and outer.head is not outer:
        outer = outer.head
    if outer is head and head.dep_ == "ccomp":
        outer = head.head
    if outer is head:
        return start, end
    o_start, o_end = _clause_bounds(outer, sent)
    o_end = max(o_end, end)  # the joined clause itself kept ("..., and we will return")
    return min(ctx.unlabelled(o_start), o_end), o_end


def _statements(ctx: _Context, sent) -> list[QuestionCandidate]:
    spans = []
    for trig in _triggers(sent, ctx.in_quote):
        start, end = _clause_bounds(trig.head, sent)
        start = min(ctx.unlabelled(start), end)
        start, end = _widened(ctx, trig.head, sent, start, end)
        spans.append((start, end, trig))
    out, apart = _circumstance_demands(ctx, sent, spans)
    heads = {trig.head.i for _, _, trig in spans}
    for start, end, trig in _merge_nested(spans):
        if ctx.cut is not None and end >= ctx.cut:
            end = before_cut(ctx.doc.text, start, end)  # what the cut words left whole
        if end is None or len(ctx.doc.text[start:end].split()) < _MIN_CLAUSE_WORDS:
            continue
        clause = ctx.doc.char_span(start, end, alignment_mode="expand")
        topic = topic_words(clause if clause is not None else sent)
        if not topic and not trig.strong:
            continue  # "Nobody can say.": a modal with nothing that may happen
        speaker = ctx.stance_speaker(trig, sent)
        text = _asked(ctx.doc, trig.head, start, end,
                      ctx.pressed(trig) if trig.pressure is not None else speaker,
                      quoted=ctx.in_quote(trig.head.idx))
        stance = _stance(ctx, trig, sent, (start, end), speaker,
                         stop=ctx.doc[apart[(start, end)]] if (start, end) in apart else None)
        cand = QuestionCandidate(text, topic, (stance,), start, end)
        parts = _split_parts(ctx, trig, cand, speaker) or [cand]
        _keep_interim_apart(ctx, trig.head, parts, heads)
        for c in parts if (start, end) in apart else ():
            ctx.apart.setdefault((c.start, c.end), apart[(start, end)])
        if trig.answering:
            ctx.answering.update(id(s) for part in parts for s in part.stances)
        out.extend(parts)
    return out


def _circumstance_demands(ctx: _Context, sent, spans: list) -> tuple[
        list[QuestionCandidate], dict[tuple[int, int], int]]:
    """Demands told as the circumstance of another open clause ("the council will vote on
    the budget amid calls for a recount", "the strike risks delaying the vote despite calls
    for a ballot"): each its own question ("Will there be a recount?", *for*, held
    by whoever calls, unnamed unless named with the call), the clause cut before it, the two
    kept apart. ``spans`` (``(start, end, trigger)``) are cut in place and lose the triggers
    read from such a demand; gives the demands' candidates and the cut spans -> split id."""
    out: list[QuestionCandidate] = []
    apart: dict[tuple[int, int], int] = {}
    text = ctx.doc.text
    for noun in sent:
        prep = noun.head
        wanted = demanded(noun) if noun.dep_ == "pobj" else None
        if wanted is None or prep.lower_ not in lexicon.CIRCUMSTANCE_PREPS:
            continue
        holders = [k for k, (s, e, t) in enumerate(spans)
                   if s < prep.idx < e and (t.demand is None or t.demand.i != noun.i)]
        if not holders:
            continue  # said alone: the clause it is told in asks it
        for k in holders:
            s, _, t = spans[k]
            spans[k] = (s, _trimmed_end(prep, s, prep.idx), t)
            apart[spans[k][:2]] = prep.i
        spans[:] = [x for x in spans if x[2].demand is None or x[2].demand.i != noun.i]
        start, end = prep.idx, _trimmed_end(noun.right_edge, prep.idx,
                                            noun.right_edge.idx + len(noun.right_edge.text))
        source = pressure_source(noun) or _demander(noun)  # "calls from X", "X's calls"
        found = (speaker_of_subject(ctx.doc, source, ctx.index, ctx.bounds)
                 if source is not None else Speaker(None, None))
        stance = Stance(found.key, found.text, text[start:end], "for")
        span = ctx.doc.char_span(start, end, alignment_mode="expand")
        out.append(QuestionCandidate(there_question(wanted, text=text),
                                     topic_words(span if span is not None else [noun]),
                                     (stance,), start, end))
        ctx.apart[(start, end)] = prep.i
    return out, apart


def _keep_interim_apart(ctx: _Context, head, parts: Sequence[QuestionCandidate],
                       heads: set[int]) -> None:
    """A clause and the interim clause joined to it ("the council would weigh the petition,
    and in the meantime the chief will stay on") are two questions: both marked one split
    (:attr:`_Context.apart`), which the grouping never joins, whatever else links them."""
    interim = next((c for c in head.children if c.dep_ == "conj" and c.i in heads
                    and _interim(c)), None)
    if interim is None and head.dep_ == "conj" and head.head.i in heads and _interim(head):
        interim = head
    if interim is not None:
        for c in parts:
            ctx.apart.setdefault((c.start, c.end), interim.i)


def _stance(ctx: _Context, trig: _Trigger, sent, bounds: tuple[int, int],
            speaker: Speaker | None, *, stop=None) -> Stance:
    """The stance a statement takes on the question it leaves open: its speaker, the words
    it says it in (a text's cut marked; ending before the token ``stop``, where a question of
    its own begins), its leaning."""
    start, end = _stance_span(ctx, trig, sent, *bounds)
    if stop is not None and start < stop.idx < end:
        end = _trimmed_end(stop, start, stop.idx)
    words = stance_words(ctx.doc.text, start, end, ctx.quotes,
                         verb_start=_verb_start(trig) if trig.by_subject and speaker
                         and speaker.key is not None else None)
    return Stance(speaker.key if speaker else None, speaker.text if speaker else None,
                  marked_cut(words, ctx.doc.text, ctx.cut), trig.leaning)


#: How a text's last sentence may end: a full stop, question or exclamation mark, an
#: ellipsis, closing quote marks and brackets.
_ENDED = re.compile(r"[.!?\u2026][\"'\u201d\u2019)\]]*$|[\"\u201d)\]]$")
#: A closing credit line, which ends without a full stop: "Reporting by Ana Ruiz; Editing
#: by Ito Ken", "(Additional reporting by ...)".
_CREDIT_LINE = re.compile(r"^\W*(?:additional\s+)?(?:reporting|editing|writing|compiled|"
                          r"edited|written|photos?)\s+by\b", re.IGNORECASE)
#: Marks after which the words before a cut still make a whole clause.
_CLAUSE_BREAK = re.compile(r"[,;:]\s|\s[\u2014\u2013-]\s")


def truncated_at(text: str) -> int | None:
    """Where ``text`` stops if it is cut off in mid-sentence (no final punctuation after
    its last word: an excerpt, a paywall), else None."""
    stripped = text.rstrip()
    last_line = stripped.rsplit("\n", 1)[-1]
    if not stripped or _ENDED.search(stripped) or _CREDIT_LINE.match(last_line):
        return None
    return len(stripped)


def before_cut(text: str, start: int, end: int) -> int | None:
    """The end of the clause ``[start, end)`` that runs into a text's cut: before its last
    comma, semicolon, colon or dash (the words after it are cut short), or None when no
    such break leaves a clause of its own."""
    breaks = [m.start() for m in _CLAUSE_BREAK.finditer(text, start, end)]
    for pos in reversed(breaks):
        if len(text[start:pos].split()) >= _MIN_CLAUSE_WORDS:
            return pos
    return None


def marked_cut(words: str, text: str, cut: int | None) -> str:
    """A source's ``words`` that run into the cut of a truncated ``text``: the cut-off word
    dropped and an ellipsis put in its place ("... and our futu" -> "... and our …")."""
    if cut is None:
        return words
    closing = words[len(words.rstrip("\"\u201d\u2019' ")):]
    body = words[: len(words) - len(closing)]
    if not body or not text[:cut].endswith(body[-min(len(body), 40):]):
        return words
    kept = body.rsplit(None, 1)[0] if len(body.split()) > 1 else body
    return kept.rstrip(" ,;:") + " \u2026" + closing.strip()


def _split_parts(ctx: _Context, trig: _Trigger, cand: QuestionCandidate,
                 speaker: Speaker | None) -> list[QuestionCandidate]:
    """A clause that asks two things at once ("is under pressure to scrap the toll and fire
    the adviser", :func:`._phrasing.asked_parts`) as one candidate per thing asked: each its
    own question, topic and span, its stance the same words with the other parts left out
    ("..."). The parts are kept apart by the grouping (:attr:`_Context.apart`). Empty when
    the clause asks one thing."""
    parts = asked_parts(trig.head)
    if not parts:
        return []
    doc, text = ctx.doc, ctx.doc.text
    spans = _part_spans(parts, cand.start, cand.end)
    if spans is None:
        return []
    out = []
    for n, part in enumerate(parts):
        asked = _asked(doc, trig.head, cand.start, cand.end, speaker,
                       quoted=ctx.in_quote(trig.head.idx), part=part)
        p_start, p_end = spans[n]
        cuts = _other_parts(spans, n, parts[0].idx)
        clause = doc.char_span(cand.start, cand.end, alignment_mode="expand")
        topic = topic_words([t for t in clause if not any(a <= t.idx < b for a, b in cuts)]
                            if clause is not None else [])
        if not asked or not topic:
            return []
        stances = tuple(Stance(s.speaker, s.speaker_text, _without_parts(s.text, text, cuts),
                               s.leaning)
                        for s in cand.stances)
        out.append(QuestionCandidate(asked, topic, stances, p_start, p_end))
    if len({c.text for c in out}) < len(out):
        return []
    for c in out:
        ctx.apart[(c.start, c.end)] = trig.head.i
    return out


def _part_spans(parts, start: int, end: int) -> list[tuple[int, int]] | None:
    """The character span of each part of a split clause: the first from the clause's start
    to the word joining the next part on ("She is under pressure to scrap the toll"), each
    later one its own verb phrase ("fire the adviser")."""
    doc = parts[0].doc
    spans = []
    for n, part in enumerate(parts):
        if n == 0:
            p_start = start
            last = parts[1].left_edge.i - 1
            while last > part.i and (doc[last].is_punct or doc[last].dep_ == "cc"):
                last -= 1
        else:
            p_start, last = part.left_edge.idx, part.right_edge.i
            if n + 1 < len(parts):
                last = min(last, parts[n + 1].left_edge.i - 1)
        p_end = min(doc[last].idx + len(doc[last].text), end)
        if p_end <= p_start:
            return None
        spans.append((p_start, p_end))
    return spans


def _other_parts(spans: Sequence[tuple[int, int]], keep: int,
                 first_verb: int) -> list[list[int]]:
    """The character ranges of the parts of a split clause other than ``keep``: the first
    part from its verb (``first_verb``) to the next part, a later one with the word joining it
    on; ranges that touch merged."""
    cuts: list[list[int]] = []
    for n in range(len(spans)):
        if n == keep:
            continue
        cut = [first_verb, spans[1][0]] if n == 0 else [spans[n - 1][1], spans[n][1]]
        if cuts and cut[0] <= cuts[-1][1]:
            cuts[-1][1] = max(cuts[-1][1], cut[1])
        else:
            cuts.append(cut)
    return cuts


def _without_parts(said: str, text: str, cuts: Sequence[Sequence[int]]) -> str:
    """The stance words ``said`` with the words of the other parts of a split clause
    (``cuts``, :func:`_other_parts`) left out ("..."); ``said`` itself when those words are
    not found in it (a quotation mark within them, say)."""
    for c_start, c_end in cuts:
        words = " ".join(text[c_start:c_end].split())
        if not words or words not in said:
            return said
        said = said.replace(words, "…", 1)
    return said


def extract_questions(
    doc, *, quotes: Quotations, mentions: MentionIndex, people: Sequence[Person],
    published: date | None,
) -> list[QuestionCandidate]:
    """Open questions and statements of what may happen in ``doc``, in text order.

    ``doc`` is the :class:`ParsedDocument` (or a spaCy Doc); ``quotes`` its quotations and
    interview answers (:func:`digests.extract.quotes.attribute_quotations`), ``mentions`` its
    mention index and ``people`` its people, which map stance speakers to local person keys.
    ``published`` is accepted for the contract (resolving "before November" needs no date to
    be an open question) and unused."""
    del published
    doc = as_parsed(doc, "extract_questions")
    ctx = _Context(doc, tuple(people), mentions, quotes)
    found = _explicit_questions(ctx) + _interview_questions(ctx)
    for sent in ctx.sents:
        if ctx.skipped(sent) or sent.text.rstrip().rstrip("\"”’'").endswith("?"):
            continue
        found.extend(_statements(ctx, sent))
    found.sort(key=lambda q: q.start)
    return reframed(ctx.doc, found, _merged_within(ctx, found), keep=ctx.answering)


def _merged_within(ctx: _Context, found: list[QuestionCandidate]) -> list[QuestionCandidate]:
    """Candidates of this document about one question merged into one (see
    :mod:`._grouping`)."""
    if not found:
        return found
    starts = [s.start_char for s in ctx.sents]
    facts = [_grouping_facts(ctx, cand, starts) for cand in found]
    done = realised_events(ctx.doc, starts)  # participants as the parse writes them
    kept = [i for i, cand in enumerate(found) if not carried_out(
        facts[i].keys, _words(ctx.doc, cand), ctx.sents[facts[i].sentence].start_char, done)]
    found = [found[i] for i in kept]
    facts = _grouping.named_in_full([facts[i] for i in kept], ctx.full_names)
    merged = [_grouping.merge([found[i] for i in group], [facts[i].conditional for i in group])
              for group in _grouping.components(facts)]
    return sorted(merged, key=lambda q: q.start)


def _full_names(people: Sequence[Person]) -> dict[str, str]:
    """Each other form of a person's name, lower-cased, -> the full name as the grouping
    writes it ("quill" -> "ada quill")."""
    def key(name: str) -> str:
        return " ".join(w.strip(".'’") for w in name.lower().split())

    return {key(alias): key(p.name) for p in people for alias in p.aliases
            if key(alias) != key(p.name)}


def _words(doc, cand: QuestionCandidate) -> set[str]:
    """The lower-case words of a candidate's span."""
    return set(doc.text[cand.start : cand.end].lower().split())


def _grouping_facts(ctx: _Context, cand: QuestionCandidate,
                    starts: Sequence[int]) -> _grouping.GroupingFacts:
    sentence = max(bisect.bisect_right(starts, cand.start) - 1, 0)
    span = ctx.doc.char_span(cand.start, cand.end, alignment_mode="expand")
    if span is None or not len(span):
        return _grouping.GroupingFacts(sentence, frozenset(),
                                       apart=ctx.apart.get((cand.start, cand.end)))
    root = span.root
    asked = asked_word(root) if root.pos_ in ("VERB", "AUX") else None
    lemma = _phrasal_lemma(asked) if asked is not None else None
    event = _asked_event(lemma)
    subject = clause_subject(root)
    pronoun = _carrying_pronoun(subject)
    if not pronoun and asked is not None and asked.i != root.i:  # "not sure they can eat"
        pronoun = _carrying_pronoun(clause_subject(asked))
    condition = _condition_clause(root, ctx.sents[sentence])
    pointing = _grouping.points_back(subject) or (condition is not None and any(
        _grouping.points_back(c) for c in condition.children))  # "if that happens, ..."
    keys = _clause_keys(span, root, asked) | _grouping.recurrence(span)
    requested = _requested(ctx, asked if asked is not None else root, sentence)
    if requested is not None:  # "will weigh the petition": what was petitioned for is asked
        keys |= _grouping.grouping_keys(requested.subtree)
        event = _asked_event(_grouping.canonical(requested.lemma_.lower())) or event
    return _grouping.GroupingFacts(
        sentence, keys, event, pointing, pronoun,
        apart=ctx.apart.get((cand.start, cand.end)),
        outcome=_grouping.outcome(lemma) if lemma is not None else None,
        condition=_grouping.grouping_keys(condition.subtree) if condition is not None
        else frozenset(),
        fallback=condition is not None and _negative_condition(condition),
        vague=_grouping.vague(cand.text), speaker=_speaker_of(cand),
        question=_grouping.same_words(cand.text), demand=_demand_key(span),
        conditional=condition is not None,
        refers=_demonstrative_key(subject))


def _demonstrative_key(subject) -> str | None:
    """The grouping key of a subject noun a demonstrative points back ("this investigation"
    -> "investigate"), else None."""
    if subject is None or subject.pos_ != "NOUN" or not any(
            c.dep_ == "det" and c.lower_ in _grouping.POINTING_BACK
            for c in subject.children):
        return None
    key = _grouping.canonical(subject.lemma_.lower())
    return None if key in lexicon.GENERIC_GROUPING_WORDS else key


def _demand_key(span) -> str | None:
    """The grouping key of what a clause demands: the "for" object of a demand noun or verb
    ("amid calls for a recount", "called for an inquiry"), the object of an urging verb ("urging
    change"), read through :data:`lexicon.DEMANDED_AS`; None if it demands nothing."""
    for tok in span:
        wanted = demanded(tok)
        if wanted is None and tok.pos_ == "VERB":
            lemma = tok.lemma_.lower()
            if lemma in lexicon.WANTING_FOR_VERBS:
                wanted = for_object(tok)
                wanted = wanted if wanted is not None and wanted.pos_ == "NOUN" else None
            if wanted is None and lemma in lexicon.URGING_VERBS:
                wanted = next((c for c in tok.children if c.dep_ == "dobj"
                               and c.pos_ == "NOUN"), None)
        if wanted is not None:
            lemma = wanted.lemma_.lower()
            return _grouping.canonical(lexicon.DEMANDED_AS.get(lemma, lemma))
    return None


#: How many sentences back a bare "the request" looks for the request it names.
_REQUEST_REACH = 3


def _requested(ctx: _Context, verb, sentence: int):
    """What a bare definite request a clause is about asks for ("would weigh the petition"
    after "her call for the chief's resignation" -> "resignation"): the complement of the
    nearest request noun before it, within :data:`_REQUEST_REACH` sentences, that has one;
    None when the clause names no bare request or none is found."""
    bare = next((c for c in verb.children if c.dep_ == "dobj"
                 and c.lemma_.lower() in lexicon.REQUEST_NOUNS
                 and any(d.dep_ in ("det", "poss") for d in c.children)
                 and not any(d.dep_ in ("prep", "acl", "relcl", "ccomp") for d in c.children)),
                None)
    if bare is None:
        return None
    first = ctx.sents[max(sentence - _REQUEST_REACH, 0)].start
    for tok in reversed(ctx.doc[first : bare.i]):
        if tok.pos_ == "NOUN" and tok.lemma_.lower() in lexicon.REQUEST_NOUNS:
            wanted = _request_complement(tok)
            if wanted is not None:
                return wanted
    return None


def _request_complement(noun):
    """What a request noun asks for: the object of its "for" ("call for a vote"), or its
    infinitive ("a request to resign"); None if it names none."""
    return for_object(noun) or next(
        (c for c in noun.children if c.dep_ in ("acl", "xcomp") and c.pos_ == "VERB"), None)


def _asked_event(lemma: str | None) -> str | None:
    """The grouping key of the event a clause asks about (None: none, or a generic word)."""
    event = _grouping.canonical(lemma) if lemma is not None else None
    if event in lexicon.GENERIC_GROUPING_WORDS or event in lexicon.TOPIC_STOPWORDS:
        return None
    return event


def _clause_keys(span, root, asked) -> frozenset[str]:
    """The grouping keys of a candidate's clause; the frame verb governing what is asked
    ("called for", "hopes", "said") is how it is told, not what it is about."""
    framed = asked is not None and asked.i != root.i
    return _grouping.grouping_keys(t for t in span if not (framed and t.i == root.i))


def _speaker_of(cand: QuestionCandidate) -> str | None:
    """Who states a candidate: its first stance's person key, else the words naming them."""
    stance = cand.stances[0] if cand.stances else None
    return None if stance is None else stance.speaker or stance.speaker_text


def _negative_condition(clause) -> bool:
    """ "if he does not (act)", "if they don't", "unless ...": a condition that something
    does not happen (the parse may hang an elliptical clause's "not" on the main verb)."""
    doc = clause.doc
    after = doc[clause.i + 1] if clause.i + 1 < len(doc) else None
    return _negated(clause) or (after is not None and after.lower_ in ("not", "n't")) or any(
        m.dep_ == "mark" and m.lower_ == "unless" for m in clause.children)


#: Pronouns that carry a question on as a subject.
_CARRYING = frozenset({"it", "they"}) | _grouping.POINTING_BACK


def _carrying_pronoun(subject) -> bool:
    """A pronoun subject that carries a question on ("it", "they", "this")."""
    return subject is not None and subject.pos_ == "PRON" and subject.tag_ != "WDT" and (
        subject.lower_ in _CARRYING)


def _phrasal_lemma(verb) -> str:
    """The lemma of ``verb`` with its particle, as the lexicon writes it ("step_down")."""
    lemma = verb.lemma_.lower()
    particle = next((c.lower_ for c in verb.children if c.dep_ == "prt"), None)
    return f"{lemma}_{particle}" if particle else lemma


def _condition_clause(head, sent):
    """The condition ("if ...", "unless ...") a clause is stated under: a conditional clause
    of ``head`` or of a clause above it in its sentence, or None."""
    node = head
    for _ in range(6):
        for child in node.children:
            if child.dep_ == "advcl" and any(
                    m.dep_ == "mark" and m.lower_ in ("if", "unless") for m in child.children):
                return child
        if node.head.i == node.i or node.head.i < sent.start or node.head.i >= sent.end:
            break
        node = node.head
    return None
