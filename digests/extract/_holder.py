"""Who holds a stance when no quotation or reporting clause names them directly.

Walked up the parse from the clause that states the stance (pure; spaCy tokens in):

* :func:`holder_subject` -- the subject of the verb of saying, thinking or hoping that frames
  the clause ("The governor thinks the board should resign" -> "The governor"), through a
  participle or infinitive of saying without its own subject ("delivered a message saying it
  will stop ..." -> the subject of "delivered"; "became the first MP to say she could not
  stay" -> the subject of "became");
* :func:`passive_agent` -- who does what a passive verb tells ("was called for by the
  union" -> "union"): the holder of a hope or demand told in the passive;
* :func:`own_subject` -- the named subject of a statement about what its subject will do
  ("The treasurer will defend the rate"), including one shared by conjoined verbs ("wanted to
  cut the tax and will now defend the rate").
"""
from __future__ import annotations

from . import lexicon
from .attribution import lemma_in
from ._tree import clause_subject

_FRAMES = (lexicon.REPORTING_VERBS | lexicon.SIGNAL_VERBS | lexicon.HOPE_VERBS
           | lexicon.DOUBT_VERBS)
_MAX_STEPS = 6



def holder_subject(head):
    """The subject token of the saying/thinking verb framing ``head``'s clause, or None."""
    node = head
    for _ in range(_MAX_STEPS):
        while node.dep_ == "conj" and node.head.i != node.i and clause_subject(node) is None:
            node = node.head
        if node.dep_ == "acl" and node.head.lemma_.lower() in lexicon.CLAIM_NOUNS and (
                lemma_in(node.head.head, lexicon.DENIAL_VERBS)):
            return _carrier_subject(node.head.head)  # "X rejected claims that ...": X
        if node.dep_ not in ("ccomp", "xcomp") or node.head.i == node.i:
            return None
        frame = node.head
        if frame.pos_ not in ("VERB", "AUX") or not lemma_in(frame, _FRAMES):
            return None
        return _carrier_subject(frame)
    return None


def _carrier_subject(frame):
    """The subject of ``frame``, or of the clause a subjectless participle or infinitive of
    saying hangs from ("a message saying ...", "the first MP to say ...")."""
    node = frame
    for _ in range(_MAX_STEPS):
        subject = clause_subject(node)
        if subject is not None:
            return subject if subject.tag_ not in ("WP", "WDT") else None
        if node.dep_ in ("advcl", "xcomp", "conj") and node.head.i != node.i:
            node = node.head
            continue
        if node.dep_ in ("acl", "relcl") and node.head.dep_ in ("attr", "dobj", "pobj"):
            node = node.head.head  # "became the first MP to say": up to "became"
            if node.dep_ == "prep":
                node = node.head
            continue
        return None
    return None


def own_subject(head):
    """The subject of ``head``, or the one its conjoined verbs share, if it is a proper name."""
    node = head
    for _ in range(_MAX_STEPS):
        subject = clause_subject(node)
        if subject is not None:
            return subject if subject.pos_ == "PROPN" else None
        if node.dep_ == "conj" and node.head.i != node.i:
            node = node.head
            continue
        return None
    return None


def passive_agent(verb):
    """The agent of a passive verb ("was called for by the union" -> "union"), or None."""
    for child in verb.children:
        if child.dep_ == "agent":
            agent = next((c for c in child.children if c.dep_ == "pobj"), None)
            if agent is not None and agent.ent_type_ not in ("DATE", "TIME"):
                return agent  # not "by the end of the week"
    return None
