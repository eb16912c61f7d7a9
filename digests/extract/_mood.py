"""Mood and aspect of a clause, read from the parse: is what it says still open?

Open questions are about what may happen. These checks tell apart clauses that only look like
it (each from tags, dependencies and lemmas; word classes from :mod:`.lexicon`):

* :func:`counterfactual` -- "should have been told", "would have won", "must have known": a
  modal with a perfect speaks of a past that did not (or surely did) happen; "could/may/might
  have been caused by ..." stays an open guess about the past;
* :func:`optative` -- "May the new year bring peace": a wish with the modal before its
  subject, not a prediction;
* :func:`given_up` -- "had hoped to find them on the ledge": a hope or plan in the past
  perfect, overtaken by what happened since;
* :func:`background` -- a clause inside a relative clause ("the valleys where it was hoped the
  walkers would turn up"): detail of a noun, not a statement of the article;
* :func:`forward_trigger` -- forward-looking constructions beyond modal verbs: striving ("is
  vying to host"), willingness ("is open to talks", "is reluctant to intervene"), intention
  and pressure nouns ("is under pressure to resign", "faces calls to quit"), excluding
  ("ruled out a recount"), each with its leaning.
"""
from __future__ import annotations

from dataclasses import dataclass

from . import lexicon
from .attribution import lemma_in
from .parsed import SUBJECT_DEPS
from ._tree import clause_subject, for_object

_COUNTERFACTUAL_MODALS = frozenset({"should", "would", "must", "ought", "'d"})
_BACKGROUND_DEPS = frozenset({"relcl", "acl"})


@dataclass(frozen=True, slots=True)
class Forward:
    """A forward-looking construction: the clause ``head`` it stands in, its leaning, and
    whether the subject of ``head`` holds the stance."""

    head: object
    leaning: str
    by_subject: bool
    #: the intention noun when others press the subject ("is under pressure to resign"):
    #: whoever presses holds the stance, not the subject
    pressure: object = None


def _has_to_infinitive(token) -> bool:
    return any(c.dep_ in ("xcomp", "acl", "advcl") and any(a.tag_ == "TO" for a in c.children)
               for c in token.children)


def _negated(token) -> bool:
    return any(c.dep_ == "neg" for c in token.children)


def counterfactual(modal) -> bool:
    """A modal of obligation or prediction with a perfect ("should have been")."""
    if modal.lower_.replace("’", "'") not in _COUNTERFACTUAL_MODALS:
        return False
    head = modal.head
    return head.tag_ == "VBN" and any(
        a.lemma_ == "have" and a.i > modal.i for a in head.children if a.dep_ == "aux")


def optative(modal) -> bool:
    """ "May the bridge stand a hundred years": "may" before its subject, not in a question
    (no "?" before the sentence ends)."""
    if modal.lower_ != "may":
        return False
    subject = clause_subject(modal.head)
    if subject is None or subject.i < modal.i:
        return False
    doc = modal.doc
    for tok in doc[modal.i + 1:]:
        if tok.is_sent_start:
            break
        if tok.text == "?":
            return False
    return True


def given_up(verb) -> bool:
    """A hope or plan told in the past perfect ("had hoped", "had planned to"); a request so
    told ("had asked the ministry for funds") still awaits its answer."""
    return verb.tag_ == "VBN" and lemma_in(verb, lexicon.EXPECTING_VERBS) and any(
        a.dep_ == "aux" and a.lower_ in ("had", "'d") for a in verb.children)


def background(token) -> bool:
    """Whether ``token`` stands inside a relative or adjectival clause of a noun (not the
    to-infinitive of an intention noun, "calls to resign", nor a participle or infinitive of
    saying, "a message saying ...", "the first to say ...")."""
    node = token
    for _ in range(12):
        if node.dep_ in _BACKGROUND_DEPS and node.head.pos_ in ("NOUN", "PROPN", "PRON") and not (
                node.head.lemma_.lower() in lexicon.INTENTION_NOUNS
                or lemma_in(node, lexicon.REPORTING_VERBS)):
            return True
        if node.head.i == node.i:
            return False
        node = node.head
    return False


def forward_trigger(tok) -> Forward | None:
    """A forward-looking construction headed at ``tok`` (see the module doc), or None."""
    for find in (_striving, _willing, _intending, _ruling_out):
        found = find(tok)
        if found is not None:
            return found
    return None


def _striving(tok) -> Forward | None:
    """ "is vying to host the games": *for* what is strived for (not a past narrative)."""
    if tok.pos_ != "VERB" or not lemma_in(tok, lexicon.STRIVING_VERBS) or not (
            _has_to_infinitive(tok)):
        return None
    if tok.tag_ == "VBD" and not any(a.dep_ == "aux" for a in tok.children):
        return None  # "they worked to clear the road": narrative of what was done
    return Forward(tok, "against" if _negated(tok) else "for", True)


def _willing(tok) -> Forward | None:
    """ "is open to talks" (*for*), "is reluctant to intervene" (*against*)."""
    lemma = tok.lemma_.lower()
    if tok.pos_ != "ADJ" or tok.dep_ not in ("acomp", "oprd") or lemma not in (
            lexicon.WILLING_WORDS | lexicon.UNWILLING_WORDS):
        return None
    if not (any(c.lower_ == "to" for c in tok.children) or _has_to_infinitive(tok)):
        return None
    leaning = "against" if lemma in lexicon.UNWILLING_WORDS else "for"
    if _negated(tok.head):
        leaning = "against" if leaning == "for" else "for"
    return Forward(tok.head, leaning, True)


def _intending(tok) -> Forward | None:
    """ "is under pressure to resign", "faces calls to quit": *for* the infinitive; "amid
    calls for reform": *for* what is demanded."""
    if tok.pos_ != "NOUN" or tok.lemma_.lower() not in lexicon.INTENTION_NOUNS:
        return None
    governor = _noun_governor(tok)
    if governor.pos_ not in ("VERB", "AUX"):
        return None
    if not any(c.dep_ in ("acl", "relcl") and c.pos_ in ("VERB", "AUX") and any(
            a.tag_ == "TO" for a in c.children) for c in tok.children):
        return Forward(governor, "for", False) if demanded(tok) is not None else None
    pressed = (tok.lemma_.lower() in lexicon.PRESSURE_NOUNS
               and not any(c.dep_ == "poss" for c in tok.children)
               and not lemma_in(governor, lexicon.DOUBT_VERBS | lexicon.HOLDING_VERBS))
    return Forward(governor, "for", False, tok if pressed else None)


def summing_up(modal):
    """ "The council closed the road, a move that could ease traffic": the noun of an act
    (:data:`lexicon.ACT_NOUNS`) in apposition, whose relative clause holds ``modal``, else
    None. What the act could bring is what its actor aims at, not a mere possibility."""
    clause = modal if modal.dep_ == "relcl" else modal.head
    if clause.dep_ != "relcl" or not any(c.tag_ in ("WDT", "WP") and c.dep_ in SUBJECT_DEPS
                                         for c in clause.children):
        return None
    noun = clause.head
    if noun.lemma_.lower() not in lexicon.ACT_NOUNS or noun.dep_ not in ("appos", "npadvmod"):
        return None
    before = noun.left_edge.i - 1
    return noun if before >= 0 and noun.doc[before].text in (",", "—", "–", "-") else None


def actor_of(noun):
    """The subject of the act an act noun sums up: of the nearest verb above it with one."""
    node = noun
    for _ in range(12):
        if node.head.i == node.i:
            return None
        node = node.head
        if node.pos_ in ("VERB", "AUX"):
            subject = clause_subject(node)
            if subject is not None:
                return subject
    return None


def pressure_source(noun):
    """Who presses, as the text names them with the pressure noun ("calls from the union to
    quit", "pressure by donors"): the token naming them, else None (unnamed others)."""
    for prep in noun.children:
        if prep.dep_ == "prep" and prep.lower_ in ("from", "by"):
            found = next((c for c in prep.children if c.dep_ == "pobj"), None)
            if found is not None:
                return found
    return None


def answers_pressure(head):
    """ "She is under pressure to quit, but she insisted the plan is right": the clause
    headed at (or reporting) ``head`` is set against ("but", "yet") a clause that puts
    pressure on its subject to do something. Gives that pressure clause's head, else None."""
    node = head
    for _ in range(8):
        if node.dep_ in ("ccomp", "xcomp") and node.head.i != node.i:
            node = node.head
            continue
        if node.dep_ != "conj" or node.head.i == node.i:
            return None
        parent = node.head
        contrast = any(c.dep_ == "cc" and c.lower_ in lexicon.CONTRAST_CONJUNCTIONS
                       and parent.i < c.i < node.i for c in (*parent.children, *node.children))
        if contrast and pressure_noun(parent) is not None:
            return parent if _may_be_pressed(node) else None
        node = parent
    return None


def _may_be_pressed(clause) -> bool:
    """Whether the subject of a clause answering pressure may be the person pressed: a
    pronoun, a name or an office ("she", "Roe", "the embattled PM"), not another body ("the
    committee said ...")."""
    subject = clause_subject(clause)
    if subject is None:
        return True  # "..., but insisted ...": the same subject
    lemma = subject.lemma_.lower()
    return (subject.lower_ in lexicon.SINGULAR_PRONOUNS or subject.pos_ == "PROPN"
            or lemma in lexicon.ROLE_NOUNS or lemma in lexicon.ROLE_ABBREVIATIONS)


def pressure_noun(head):
    """The pressure noun whose to-infinitive ``head`` governs ("is under pressure to ..."), or
    None."""
    infinitive = intention_infinitive(head)
    if infinitive is None or infinitive.head.lemma_.lower() not in lexicon.PRESSURE_NOUNS:
        return None
    return infinitive.head


def _ruling_out(tok) -> Forward | None:
    """ "ruled out a recount": *against* what is excluded."""
    if tok.pos_ != "VERB" or _negated(tok) or not _excluding(tok):
        return None
    if not any(c.dep_ in ("dobj", "ccomp", "xcomp") for c in tok.children):
        return None
    return Forward(tok, "against", True)


def _excluding(verb) -> bool:
    lemma = verb.lemma_.lower()
    particles = [c.lower_ for c in verb.children if c.dep_ == "prt"]
    return lemma in lexicon.EXCLUDING_VERBS or any(
        f"{lemma} {p}" in lexicon.EXCLUDING_VERBS for p in particles)


def demanded(noun):
    """What a demand noun asks "for" ("calls for reform" -> "reform"), or None: a thing, not a
    person ("calls for Vasquez to go" is a clause) nor newsroom routine ("calls for comment")."""
    if noun.lemma_.lower() not in lexicon.DEMAND_NOUNS:
        return None
    obj = for_object(noun)
    if obj is not None and obj.pos_ == "NOUN" and obj.ent_type_ != "PERSON" and (
            obj.lemma_.lower() not in lexicon.ROUTINE_DEMANDS):
        return obj
    return None


def _noun_governor(noun):
    """The word a noun hangs from, through a preposition ("faces calls", "amid calls" ->
    the verb "amid" hangs from)."""
    return noun.head.head if noun.dep_ == "pobj" else noun.head


def _nouns_governed(head, words):
    """The nouns of ``words`` (lemmas) that ``head`` governs (:func:`_noun_governor`)."""
    return [noun for noun in head.subtree if noun.pos_ == "NOUN"
            and noun.lemma_.lower() in words and _noun_governor(noun).i == head.i]


def demanded_thing(head):
    """What a demand noun governed by ``head`` asks for ("faces calls for reform" ->
    "reform"), or None."""
    return next((found for noun in _nouns_governed(head, lexicon.DEMAND_NOUNS)
                 if (found := demanded(noun)) is not None), None)


def intention_infinitive(head):
    """The to-infinitive of an intention noun governed by ``head`` ("is under pressure to
    resign" -> "resign"), or None."""
    for noun in _nouns_governed(head, lexicon.INTENTION_NOUNS):
        for child in noun.children:
            if child.dep_ in ("acl", "relcl") and any(a.tag_ == "TO" for a in child.children):
                return child
    return None


def mark_of(clause) -> str | None:
    """The subordinator marking ``clause`` ("if", "whether", "that"), lower-cased, else None."""
    return next((c.lower_ for c in clause.children if c.dep_ == "mark"), None)


def until_clause(head):
    """ "will not rest until the culprits are found": the clause a negated statement waits
    for, which is what the speaker commits to (or None)."""
    if not _negated(head) and not any(_negated(a) for a in head.children if a.dep_ == "aux"):
        return None
    for child in head.children:
        if child.dep_ == "advcl" and mark_of(child) in lexicon.UNTIL_MARKERS:
            return child
        if child.dep_ == "prep" and child.lower_ in lexicon.UNTIL_MARKERS:
            clause = next((c for c in child.children if c.dep_ in ("pcomp", "pobj")
                           and c.pos_ in ("VERB", "AUX")), None)
            if clause is not None:
                return clause
    return None


def deciding_clause(head):
    """ "we will see whether more help is needed", "the board will decide if ...": the
    if/whether clause a verb of deciding leaves open (or None)."""
    if not lemma_in(head, lexicon.DECIDING_VERBS):
        return None
    return next((c for c in head.children if c.dep_ in ("ccomp", "advcl")
                 and mark_of(c) in ("if", "whether")), None)


def weighed_request(head):
    """ "the council will weigh the petition", "is studying the offer": the request a verb of
    deciding has as its object, left open (or None)."""
    if not lemma_in(head, lexicon.DECIDING_VERBS):
        return None
    return next((c for c in head.children if c.dep_ == "dobj"
                 and c.lemma_.lower() in lexicon.REQUEST_NOUNS), None)


def against_word(tok) -> bool:
    """A word that makes a statement lean against: one of :data:`lexicon.AGAINST_WORDS`, or of
    :data:`lexicon.AGAINST_PREDICATES` said of doing something ("it will be hard", "getting a
    deal is hard", "hard to defend"; not "work hard", nor "the winter will be hard")."""
    lemma = tok.lemma_.lower()
    if lemma in lexicon.AGAINST_WORDS:
        return True
    if lemma not in lexicon.AGAINST_PREDICATES or tok.dep_ not in ("acomp", "oprd"):
        return False
    if any(c.dep_ == "xcomp" and c.tag_ == "VB" for c in tok.children):
        return True  # "hard to defend"
    subject = next((c for c in tok.head.children if c.dep_ in _JUDGED_SUBJECT_DEPS), None)
    return subject is not None and (subject.tag_ == "VBG" or subject.dep_ == "csubj"
                                    or subject.lower_ in _ACTION_PRONOUNS)


_JUDGED_SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "csubj"})
#: Subjects that stand for something done ("it will be hard", "that would be hard").
_ACTION_PRONOUNS = frozenset({"it", "that", "this"})
