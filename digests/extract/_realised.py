"""Questions already settled: what a statement says may happen, the text tells as done.

"She warned the depot would be torn down" is no open question once the article (or another
one) says "the depot was demolished on Friday". :func:`realised_events` collects, from the
parse, the events a document tells as done: a verb of an event class
(:data:`lexicon.EVENT_CLASSES`) in a past or perfect tense, not negated, without modal, not
under a condition, with the heads of its subject and object as participants; or an event done
by saying so, declared in the past ("announced his resignation": :func:`_declared`).
:func:`carried_out` tells whether a candidate's keys name one of them (the event and one of
its participants), unless the candidate asks about a further instance ("meet again", "a
third summit"), which a past one does not settle.
"""
from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from . import lexicon
from ._grouping import EVENT_KEYS, canonical

_PARTICIPANT_DEPS = frozenset({"nsubj", "nsubjpass", "dobj"})
_PAST_AUX = frozenset({"was", "were", "had", "has", "have", "been", "'d"})


@dataclass(frozen=True, slots=True)
class Realised:
    """An event told as done: its class key, a participant word, and where it is told."""

    event: str
    participant: str
    sentence_start: int


def _event_key(verb) -> str | None:
    lemma = verb.lemma_.lower()
    particle = next((c.lower_ for c in verb.children if c.dep_ == "prt"), None)
    for word in ((f"{lemma}_{particle}",) if particle else ()) + (lemma,):
        key = canonical(word)
        if key in EVENT_KEYS:
            return key
    return None


def _told_as_done(verb) -> bool:
    children = list(verb.children)
    if any(c.tag_ == "MD" or c.dep_ == "neg" for c in children):
        return False
    if any(c.dep_ == "mark" and c.lower_ in lexicon.CONDITION_MARKERS for c in children):
        return False
    if verb.tag_ == "VBD":
        return True
    return verb.tag_ == "VBN" and any(
        c.dep_ in ("aux", "auxpass") and c.lower_ in _PAST_AUX for c in children)


def realised_events(tokens: Iterable, sentence_starts: Sequence[int]) -> list[Realised]:
    """Events the text tells as done (see the module doc); ``sentence_starts`` are the
    character offsets where the document's sentences start, in order."""
    found = []
    for tok in tokens:
        if tok.pos_ != "VERB" or not _told_as_done(tok):
            continue
        event, participants = _event_key(tok), list(tok.children)
        if event is None:
            event, participants = _declared(tok)
        if event is None:
            continue
        for child in participants:
            if child.dep_ in _PARTICIPANT_DEPS | {"poss"} and child.pos_ in ("NOUN", "PROPN"):
                sentence = sentence_starts[max(bisect.bisect_right(sentence_starts, tok.idx) - 1,
                                               0)] if sentence_starts else 0
                found.append(Realised(event, canonical(child.lemma_.lower()), sentence))
    return found


def _declared(verb) -> tuple[str | None, list]:
    """An event done by saying so, told by a declaring verb with the event as its object
    ("Ruiz announced her cabinet's resignation": resign, by Ruiz and the cabinet), as
    ``(event key, participant tokens)``; ``(None, [])`` otherwise."""
    if verb.lemma_.lower() not in lexicon.DECLARING_VERBS:
        return None, []
    for obj in verb.children:
        if obj.dep_ == "dobj" and canonical(obj.lemma_.lower()) in lexicon.DONE_BY_SAYING:
            return canonical(obj.lemma_.lower()), [
                *(c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")),
                *(c for c in obj.children if c.dep_ == "poss")]
    return None, []


def carried_out(keys: frozenset[str], words: Iterable[str], sentence_start: int,
                realised: Iterable[Realised]) -> bool:
    """Whether a candidate (its grouping ``keys``, its lower-case ``words``, the start of its
    sentence) asks about an event that ``realised`` tells as done elsewhere."""
    if lexicon.REPETITION_WORDS & set(words):
        return False
    return any(r.event in keys and r.participant in keys and r.participant != r.event
               and r.sentence_start != sentence_start for r in realised)
