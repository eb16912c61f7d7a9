"""Leanings read against the question as it is asked, not against each statement's own clause.

Each statement's leaning is first read from its own clause ("the board will stop the
subsidy" leans *for* the board stopping it). When statements of one document are told as one
question (see :mod:`._grouping`), the question shown is one of their clauses; a statement
whose clause asks the opposite of that question then leans the other way:

* a statement that an activity stops ("will stop paying the subsidy", "the scheme is due to
  end") under a question about that activity going on or being needed ("Will more support be
  paid?"): *for* the stopping is *against* the question, and vice versa. The stopped activity
  must share a content word with the question (else the two are not about one activity: "the
  strike will end" says nothing against "Will the workers return?" by itself);
* a statement asking one side of an opposed pair (:data:`lexicon.OPPOSED_EVENTS`: "resign" /
  "stay", "close" / "reopen") of the same subject (or a pronoun) under a question asking the
  other side ("Roe will win" says nothing against "Will Lee lose?").

Pure: spaCy tokens in, candidates out; the merged candidates keep their member stances as the
same objects, which is how a stance is traced back to the clause it was read from.
"""
from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, replace

from ..models import QuestionCandidate
from . import lexicon
from ._phrasing import asked_word

_CONTENT_POS = frozenset({"NOUN", "PROPN", "VERB", "ADJ"})
_TURNED = {"for": "against", "against": "for"}
_SIDE = {word: (n, side) for n, pair in enumerate(lexicon.OPPOSED_EVENTS)
         for side, words in enumerate(pair) for word in words}


@dataclass(frozen=True, slots=True)
class _Frame:
    ceasing: bool  # the clause asks whether something stops
    side: tuple[int, int] | None  # (pair, side) of an opposed pair, else None
    activity: frozenset[str]  # content lemmas of what the clause's verb is about
    words: frozenset[str]  # content lemmas of the whole clause
    subject: str | None  # the asked verb's subject: its lemma, "" for a pronoun


def _lemmas(tokens) -> frozenset[str]:
    return frozenset(t.lemma_.lower() for t in tokens
                     if t.pos_ in _CONTENT_POS and not t.is_stop and t.is_alpha)


def _frame(doc, cand: QuestionCandidate) -> _Frame | None:
    span = doc.char_span(cand.start, cand.end, alignment_mode="expand")
    if span is None or not len(span):
        return None
    root = span.root
    asked = asked_word(root) if root.pos_ in ("VERB", "AUX") else None
    if asked is None:
        return None
    lemma = asked.lemma_.lower()
    particle = next((c.lower_ for c in asked.children if c.dep_ == "prt"), None)
    key = f"{lemma}_{particle}" if particle and f"{lemma}_{particle}" in _SIDE else lemma
    activity = _lemmas(t for t in asked.subtree if t.i != asked.i) - {lemma}
    subject = next((c for c in asked.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    named = None if subject is None else "" if subject.pos_ == "PRON" else subject.lemma_.lower()
    return _Frame(lemma in lexicon.CESSATION_VERBS, _SIDE.get(key), activity, _lemmas(span),
                  named)


def _opposite(asked: _Frame, member: _Frame) -> bool:
    """Whether ``member``'s clause asks the opposite of the question ``asked``."""
    if member.ceasing != asked.ceasing:
        stopped, other = (member, asked) if member.ceasing else (asked, member)
        return bool(stopped.activity & other.words)
    if member.side is not None and asked.side is not None:
        return (member.side[0] == asked.side[0] and member.side[1] != asked.side[1]
                and _same_subject(member.subject, asked.subject))
    return False


def _same_subject(a: str | None, b: str | None) -> bool:
    """One subject for both sides of a pair ("she will stay" / "Will she resign?"; not "Roe
    will win" / "Will Lee lose?"): the same word, or a pronoun on either side."""
    return a is not None and b is not None and (a == b or a == "" or b == "")


def reframed(doc, before: Sequence[QuestionCandidate], merged: Sequence[QuestionCandidate],
             *, keep: Collection[int] = ()) -> list[QuestionCandidate]:
    """``merged`` (candidates made of the ``before`` ones) with each stance's leaning read
    against the question shown, when its own clause asks the opposite (see the module doc).
    ``keep``: ids of stances whose leaning is already read against another clause ("pressed
    to resign, but insisted she would stay": *against* resigning)."""
    owner = {id(stance): cand for cand in before for stance in cand.stances}
    out = []
    for cand in merged:
        members = list({id(owner[id(s)]): owner[id(s)] for s in cand.stances
                        if id(s) in owner}.values())
        turned = _turned(doc, cand, members, keep) if len(members) > 1 else set()
        if not turned:
            out.append(cand)
            continue
        stances = tuple(replace(s, leaning=_TURNED.get(s.leaning, s.leaning))
                        if id(s) in turned else s for s in cand.stances)
        out.append(replace(cand, stances=stances))
    return out


def _turned(doc, cand: QuestionCandidate, members: Sequence[QuestionCandidate],
            keep: Collection[int]) -> set[int]:
    """The ids of the stances of ``members`` whose clause asks the opposite of ``cand``'s
    question (the text of one of them)."""
    shown = next((m for m in members if m.text == cand.text), None)
    asked = _frame(doc, shown) if shown is not None else None
    if asked is None:
        return set()
    turned: set[int] = set()
    for m in members:
        if m is shown:
            continue
        frame = _frame(doc, m)
        if frame is not None and _opposite(asked, frame):
            turned.update(id(s) for s in m.stances if id(s) not in keep)
    return turned
