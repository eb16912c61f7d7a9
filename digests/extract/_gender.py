"""Gender evidence from the text alone, only to keep "she" from resolving to a man and vice
versa: gendered words attached to a mention ("Mrs X", "her husband, X") and he/she pronouns
whose antecedent is sure. Nothing is known about particular names."""
from __future__ import annotations

import bisect
from collections.abc import Sequence

from . import lexicon
from ._layout import containing, paragraph_index
from .parsed import SUBJECT_DEPS as _SUBJECT_DEPS
from .parsed import Mention as _Mention

__all__ = ["gender_word", "infer_genders", "strong_gender_votes"]


def gender_word(word: str) -> str | None:
    word = word.lower()
    if word in lexicon.MALE_WORDS:
        return "m"
    if word in lexicon.FEMALE_WORDS:
        return "f"
    return None


def strong_gender_votes(doc, m: _Mention) -> dict[str, int]:
    """Gendered words attached to the mention: a title or relation noun right before it ("Mrs
    X", "her husband, X", "Y's sister X") or in apposition ("X, the sister of Y"). A noun
    separated from the name by a preposition, a possessive or a conjunction ("the sister of X",
    "her brother and X") is about someone else."""
    tally = {"m": 0, "f": 0}
    span = doc.char_span(m.start, m.end, alignment_mode="expand")
    if span is None:
        return tally
    root = span.root
    near = [root.head] if root.dep_ == "appos" else []
    near += [c for c in root.children if c.dep_ == "appos"]
    before = [doc[i] for i in range(max(span.start - 2, span.sent.start), span.start)]
    for k, tok in enumerate(before):
        between = before[k + 1 :]
        if not any(t.pos_ in ("ADP", "CCONJ") or t.tag_ == "POS" for t in between):
            near.append(tok)
    for tok in near:
        if tok.pos_ != "PRON":
            g = gender_word(tok.text)
            if g:
                tally[g] += 3
    return tally

#: Dependencies of a pronoun that is an object of its verb ("X accused her", "X gave him").
_OBJECT_DEPS = frozenset({"dobj", "dative", "iobj"})

#: An object pronoun inside a subject's own phrase names someone else ("who worked with her").
_OTHER_PERSON_DEPS = _OBJECT_DEPS | {"pobj"}


def _governing_subjects(pronoun):
    """The subject tokens before the pronoun of the clauses it stands in, innermost first,
    going up the parse ("X said on Monday that a meeting between her cousin and Y was ..." ->
    "summit", then X). An object pronoun never stands for the subject of its own verb ("X
    accused her": "her" is someone else; that would be "herself"), so that subject is
    skipped."""
    node = pronoun
    for _ in range(12):
        head = node.head
        if head.i == node.i:
            return
        own_object = node is pronoun and pronoun.dep_ in _OBJECT_DEPS
        node = head
        if own_object:
            continue
        for c in node.children:
            if c.dep_ in _SUBJECT_DEPS and c.i != pronoun.i and c.i < pronoun.i:
                yield c


def _weak_antecedent(doc, pronoun, mentions: Sequence[_Mention], starts: Sequence[int],
                     subjects: frozenset[int], strong: dict[str, str],
                     bounds: Sequence[tuple[int, int]],
                     quoted: Sequence[tuple[int, int]]) -> _Mention | None:
    """The person a gendered pronoun (outside quotations) most surely stands for, or None.

    * the person subject of a clause governing the pronoun ("X said her brother ...", "X said
      she ...") when no other person of unknown or matching gender is named in between, except
      inside that subject's own phrase ("X, the sister of Y, said her ...");
    * else the only person named (outside quotations) in the pronoun's and the previous
      paragraph before it."""
    wanted = gender_word(pronoun.text)
    decided, owner = _governing_antecedent(pronoun, mentions, starts, subjects, strong, wanted)
    if decided:
        return owner
    return _only_person_before(doc, pronoun, mentions, starts, bounds, quoted, wanted)


def _governing_antecedent(pronoun, mentions: Sequence[_Mention], starts: Sequence[int],
                          subjects: frozenset[int], strong: dict[str, str],
                          wanted: str | None) -> tuple[bool, _Mention | None]:
    """``(True, person)`` or ``(True, None)`` when a clause governing the pronoun decides (see
    :func:`_weak_antecedent`), ``(False, None)`` when none does."""
    for subject in _governing_subjects(pronoun):
        if subject.pos_ == "PRON":
            return True, None  # "she said her ...": no name to learn about
        lo, hi = subject.left_edge.idx, subject.right_edge.idx + len(subject.right_edge.text)
        owner = next((m for m in mentions if m.start in subjects and lo <= m.start < hi
                      and m.end <= pronoun.idx), None)
        if owner is None:
            continue  # a thing ("a meeting between her cousin and Y"): look further up
        if _points_elsewhere(subject, wanted):
            return True, None
        i = bisect.bisect_left(starts, owner.end)
        j = bisect.bisect_left(starts, pronoun.idx)
        blocked = any(
            not (lo <= m.start < hi) and m.key != owner.key
            and strong.get(m.key, wanted) == wanted
            for m in mentions[i:j]
        )
        return True, (None if blocked else owner)
    return False, None


def _only_person_before(doc, pronoun, mentions: Sequence[_Mention], starts: Sequence[int],
                        bounds: Sequence[tuple[int, int]], quoted: Sequence[tuple[int, int]],
                        wanted: str | None) -> _Mention | None:
    """The only person named (outside quotations, and never the subject of an object
    pronoun's own verb) in the pronoun's and the previous paragraph before it."""
    para = paragraph_index(bounds, pronoun.idx)
    floor = bounds[max(0, para - 1)][0] if bounds else 0
    i = bisect.bisect_left(starts, floor)
    j = bisect.bisect_left(starts, pronoun.idx)
    named = [m for m in mentions[i:j] if containing(quoted, m.start) is None]
    if pronoun.dep_ in _OBJECT_DEPS:  # "X accused her": not X
        for c in pronoun.head.children:
            if c.dep_ in _SUBJECT_DEPS:
                lo, hi = c.left_edge.idx, c.right_edge.idx + len(c.right_edge.text)
                named = [m for m in named if not lo <= m.start < hi]
    if len({m.key for m in named}) == 1:
        span = doc.char_span(named[-1].start, named[-1].end, alignment_mode="expand")
        if span is not None and _points_elsewhere(span.root, wanted):
            return None
        return named[-1]
    return None


def _points_elsewhere(head, wanted: str | None) -> bool:
    """True when the phrase of a person's name holds an object pronoun of gender ``wanted``
    ("X, a neighbour who farmed beside her, ..."): the text is about another person of
    that gender, whom a later he/she may just as well stand for."""
    return any(t.pos_ == "PRON" and t.dep_ in _OTHER_PERSON_DEPS and t.i != head.i
               and gender_word(t.text) == wanted for t in head.subtree)


def infer_genders(doc, mentions: Sequence[_Mention], subjects: frozenset[int] = frozenset(),
                  quoted: Sequence[tuple[int, int]] | None = None) -> dict[str, str]:
    """Guess "m"/"f" per person key from the text alone.

    Strong evidence: a gendered word attached to a mention ("Mrs X", "her husband, X", "X, the
    sister of Y"). Weak evidence: a he/she/his/her outside quotations whose antecedent is sure
    (see :func:`_weak_antecedent`). Unknown persons are left out."""
    if quoted is None:
        quoted = doc.quoted_ranges
    votes: dict[str, dict[str, int]] = {}
    for m in mentions:
        tally = votes.setdefault(m.key, {"m": 0, "f": 0})
        for g, n in strong_gender_votes(doc, m).items():
            tally[g] += n
    strong = {k: ("m" if v["m"] > v["f"] else "f") for k, v in votes.items() if v["m"] != v["f"]}
    if mentions:
        starts = [m.start for m in mentions]
        bounds = doc.paragraphs
        for tok in doc:
            if tok.pos_ != "PRON" or not gender_word(tok.text) or tok.idx < mentions[0].end:
                continue
            if containing(quoted, tok.idx) is not None:
                continue
            owner = _weak_antecedent(doc, tok, mentions, starts, subjects, strong, bounds,
                                     quoted)
            if owner is not None:
                votes[owner.key][gender_word(tok.text)] += 1
    return {k: ("m" if v["m"] > v["f"] else "f") for k, v in votes.items() if v["m"] != v["f"]}
