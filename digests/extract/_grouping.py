"""Which open-question candidates are one underlying question.

Statements about the same question come in several clauses of one sentence ("the unions can
still win concessions, but a deal before May would be hard to reach"), in sentences that point back
("This would delay the vote"), and in different words ("could meet again" / "another summit").
This module decides from small, parse-derived facts (:class:`GroupingFacts`) and merges:

* :func:`grouping_keys` -- the content keys of a clause: lemmas mapped to their event class
  (:data:`lexicon.EVENT_CLASSES`: meet/meeting/summit/talks -> "meet"), multi-word names kept
  whole ("new zealand", not "zealand"), generic words left out;
* :func:`linked` -- two candidates of one document are one question when they share their
  sentence; when the second comes in the next sentence and carries the first on (a shared
  key, a pronoun or demonstrative subject: "This would ...", "It could ...", or a fallback
  under a "not" condition: "If he does not, ..."; the same source alone is not enough, a
  source may go on to another question); when they ask about the
  same event class and one names nothing the other does not ("should the board resign?" ...
  "which members should quit?"); when they ask about the two opposite outcomes of one
  question (:data:`lexicon.OPPOSITE_OUTCOMES`: "can the coach stay on?" / "will he resign?")
  in the next sentence or sharing a key; when one is stated under a condition that is the
  other ("will the board resign?" ... "if the board does not resign, the minister could
  ..."); or when they share the event asked about and another key, or three keys; a pronoun
  subject may be the asked clause's own ("not sure they can walk"), and a condition may point
  back ("If that happens, ...");
* a subject a demonstrative points back ("This inquiry will be transparent") takes up the
  question that named its noun up to :data:`REFERS_BACK` sentences before;
* two demands of the same thing ("calls for a recount", "the union's demand for a recount";
  a call for change asks for reform, :data:`lexicon.DEMANDED_AS`) are one question anywhere
  in the document;
* two clauses that ask how to stop something happening again (:func:`recurrence`: "stop a
  repeat of the flood", "make sure this never happens again") are one question anywhere in
  the document;
* a judgement that names nothing of its own ("Doing that is difficult, she admitted.", asked as
  "Will it happen?": :func:`vague`) joins what its source said just before it, or else just
  after (:func:`_judged`);
* :func:`components` -- the resulting groups (union-find over the links), then groups joined
  when a question is taken up again later in other words: the two groups' keys together
  share three, and one candidate of each shares two with one of the other, the two not
  asking about two different events;
* :func:`merge` -- one :class:`QuestionCandidate` per group: the best-phrased question, every
  stance, the union of topics.

Pure functions over plain data; the caller computes the facts from the parse.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from ..models import QuestionCandidate
from . import lexicon

_CLASS_OF = {word: group[0] for group in lexicon.EVENT_CLASSES for word in group}
#: The keys that name an event class.
EVENT_KEYS = frozenset(_CLASS_OF.values())
#: Candidates sharing this many keys are about one question even without a shared event.
SHARED_KEYS = 3
#: ... or this many, the event asked about included.
SHARED_WITH_EVENT = 2
_CONTENT_POS = frozenset({"NOUN", "PROPN", "VERB", "ADJ", "NUM"})
#: Demonstratives: a subject or determiner that points back to what was just named.
POINTING_BACK = frozenset({"this", "that", "these", "those"})
_OPENERS = ("Will ", "Can ", "Could ", "Should ", "Must ", "When ", "Where ", "Who ", "What ",
            "Which ", "How ", "Why ")


@dataclass(frozen=True, slots=True)
class GroupingFacts:
    """What grouping needs of one candidate: its sentence (index in the document), its keys,
    the key of the event it asks about, whether its subject points back ("this will"),
    whether its subject is a pronoun ("it", "they"), ``apart``: the id of the clause it
    is one part of, when a clause asking two things was split (parts of one clause are never
    grouped, however they link), the outcome it asks about and the keys of its condition."""

    sentence: int
    keys: frozenset[str]
    event: str | None = None
    points_back: bool = False
    pronoun_subject: bool = False
    apart: int | None = None
    #: the side it asks of a question with two opposite outcomes (:func:`outcome`)
    outcome: tuple[int, int] | None = None
    #: the keys of the condition it is stated under ("if the board does not resign, ...")
    condition: frozenset[str] = frozenset()
    #: whether that condition is a "not" ("if he does not", "unless"): a fallback
    fallback: bool = False
    #: whether it names nothing it asks about: a judgement of what was said before ("It will
    #: be hard.", "Doing that is unlikely.", asked as "Will it happen?")
    vague: bool = False
    #: who states it (the stance's person key, else its words; None: nobody named)
    speaker: str | None = None
    #: its question, lower-cased without articles (:func:`same_words`): asked twice in these
    #: very words, it is one question ("Will there be change?" / "Will there be a change?")
    question: str = ""
    #: whether it is stated under a condition ("If that happens, we will need to ..."): what
    #: it says follows from another question, which is the one to show
    conditional: bool = False
    #: the key of its subject's noun when a demonstrative points it back ("This inquiry will
    #: be transparent": "investigate"): it takes up the question that named it just before
    refers: str | None = None
    #: the key of what it demands ("calls for a recount", "a demand for change": "reform"):
    #: the same thing demanded twice in one document is one question
    demand: str | None = None


_OUTCOME_OF = {word: (n, side) for n, pair in enumerate(lexicon.OPPOSITE_OUTCOMES)
               for side, words in enumerate(pair) for word in words}


def outcome(lemma: str) -> tuple[int, int] | None:
    """``(pair, side)`` of a lemma naming one of two opposite outcomes
    (:data:`lexicon.OPPOSITE_OUTCOMES`: "remain" and "resign" are the two sides of one pair),
    else None."""
    base = lemma.split("_", 1)[0]  # "stay_on" -> "stay", after "step_down" itself
    return _OUTCOME_OF.get(lemma) or _OUTCOME_OF.get(canonical(lemma)) or _OUTCOME_OF.get(base)


def canonical(lemma: str) -> str:
    """The grouping key of a lemma: its event class, else the lemma itself."""
    return _CLASS_OF.get(lemma, lemma)


def grouping_keys(tokens: Iterable) -> frozenset[str]:
    """Content keys of ``tokens`` (spaCy tokens of one clause): canonical lemmas of content
    words, a run of proper nouns as one key, generic and stop words left out."""
    keys: set[str] = set()
    name: list[str] = []

    def flush() -> None:
        if name:
            keys.add(" ".join(name))
            name.clear()

    for tok in tokens:
        if tok.pos_ == "PROPN" and tok.ent_iob_ != "O" or (
                tok.pos_ == "PROPN" and tok.text[:1].isupper()):
            if name and tok.ent_iob_ == "B":
                flush()
            name.append(tok.lower_.strip(".'’"))
            continue
        flush()
        if tok.pos_ not in _CONTENT_POS or tok.is_stop:
            continue
        lemma = tok.lemma_.lower().strip("'’.-")
        if tok.dep_ == "prt" or len(lemma) < 3 or not lemma.isalpha():
            continue
        particle = next((c.lower_ for c in tok.children if c.dep_ == "prt"), None)
        if particle and f"{lemma}_{particle}" in _CLASS_OF:
            lemma = f"{lemma}_{particle}"
        key = canonical(lemma)
        if (key in lexicon.GENERIC_GROUPING_WORDS or key in lexicon.TOPIC_STOPWORDS
                or lemma in lexicon.TITLE_WORDS):
            continue
        keys.add(key)
    flush()
    return frozenset(keys)


def named_in_full(facts: Sequence[GroupingFacts],
                  names: dict[str, str]) -> list[GroupingFacts]:
    """``facts`` with each key that is another form of a person's name (``names``: a
    lower-case alias -> the lower-case full name, "quill" -> "ada quill") read as the
    full name, in their keys and conditions alike: a person named in full and then by family
    name is one shared key."""
    def full(keys: frozenset[str]) -> frozenset[str]:
        return frozenset(names.get(k, k) for k in keys)

    return [replace(f, keys=full(f.keys), condition=full(f.condition))
            if any(k in names for k in f.keys | f.condition) else f for f in facts]


def points_back(subject) -> bool:
    """A demonstrative pronoun subject ("This would ...", "That could ...")."""
    return subject is not None and subject.lower_ in POINTING_BACK and subject.dep_ in (
        "nsubj", "nsubjpass") and not list(subject.children) and subject.tag_ != "WDT"
    # (not a relative "that": "a step that could ..." points to its own noun)


#: How many sentences back a demonstrative subject ("this inquiry") takes up a question.
REFERS_BACK = 3
#: The key of a clause that asks how to stop something happening again (:func:`recurrence`).
RECURRENCE = "@recurrence"


def recurrence(tokens: Iterable) -> frozenset[str]:
    """``{RECURRENCE}`` when ``tokens`` (one clause) name a way of preventing something and a
    repeat of it ("stop a repeat of the flood", "avoid a similar collapse", "make sure this
    never happens again"), else empty."""
    tokens = list(tokens)
    lemmas = {t.lemma_.lower() for t in tokens} | {t.lower_ for t in tokens}
    preventing = bool(lemmas & lexicon.PREVENTING_VERBS) or any(
        t.lower_ == "sure" and t.head.lemma_ == "make" for t in tokens) or bool(
        lemmas & {"never", "not", "n't"} and lemmas & {"happen", "occur"})  # "never again"
    repeat = bool(lemmas & lexicon.RECURRENCE_WORDS)
    return frozenset({RECURRENCE}) if preventing and repeat else frozenset()


def linked(a: GroupingFacts, b: GroupingFacts) -> bool:
    """Whether two candidates of one document are one question (see the module doc)."""
    if a.sentence == b.sentence or (a.question and a.question == b.question):
        return True
    first, second = (a, b) if a.sentence < b.sentence else (b, a)
    if _taken_up_by_name(first, second):
        return True
    if second.points_back and second.sentence == first.sentence + 1:
        return True
    shared = a.keys & b.keys
    if len(shared) >= SHARED_KEYS:
        return True
    if second.sentence - first.sentence == 1 and (
            shared  # the next sentence takes up a word of this one
            or second.pronoun_subject  # "It would ...", "They could ..." carry it on
            or second.fallback):  # "He can act. If he does not, the board could ..."
        return True
    if a.event in EVENT_KEYS and a.event == b.event and (a.keys <= b.keys or b.keys <= a.keys):
        return True  # the same kind of event asked about again, nothing new named with it
    if _opposite(a, b) and (second.sentence - first.sentence == 1 or shared):
        return True  # "can she stay on?" / "will she resign?": one question, two outcomes
    if _conditioned(a, b) or _conditioned(b, a):
        return True  # "if the board does not resign, the minister could sack it"
    return a.event is not None and a.event == b.event and len(shared) >= SHARED_WITH_EVENT


def _taken_up_by_name(first: GroupingFacts, second: GroupingFacts) -> bool:
    """What one question is, named again however far apart: how to stop it happening again
    (both), the same thing demanded (both), or the noun ``second``'s demonstrative subject
    points back to, named by ``first`` up to :data:`REFERS_BACK` sentences before."""
    if RECURRENCE in first.keys and RECURRENCE in second.keys:
        return True  # "stop a repeat of the flood" ... "make sure this never happens again"
    if first.demand is not None and first.demand == second.demand:
        return True  # "calls for a recount" ... "the union's demand for a recount"
    return second.refers is not None and second.refers in first.keys and (
        second.sentence - first.sentence <= REFERS_BACK)  # "... This inquiry will be ..."


def _opposite(a: GroupingFacts, b: GroupingFacts) -> bool:
    """The two ask about opposite outcomes of one pair ("remain" / "resign")."""
    return (a.outcome is not None and b.outcome is not None and a.outcome[0] == b.outcome[0]
            and a.outcome[1] != b.outcome[1])


def _conditioned(asked: GroupingFacts, other: GroupingFacts) -> bool:
    """``other`` is stated under a condition that is what ``asked`` asks ("if the board does
    not resign ..." after "will the board resign?"): the event asked about and another key
    in the condition."""
    return (asked.event is not None and asked.event in other.condition
            and len(asked.keys & other.condition) >= SHARED_WITH_EVENT)


def components(facts: Sequence[GroupingFacts]) -> list[list[int]]:
    """Groups of linked candidates (indices in order; groups by their first member)."""
    parent = list(range(len(facts)))
    #: root -> the split clauses (``apart`` ids) its group holds a part of
    parts = {i: {f.apart} - {None} for i, f in enumerate(facts)}

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i in range(len(facts)):
        for j in range(i + 1, len(facts)):
            if linked(facts[i], facts[j]):
                ri, rj = find(i), find(j)
                if ri != rj and not parts[ri] & parts[rj]:
                    root, other = min(ri, rj), max(ri, rj)
                    parent[other] = root
                    parts[root] |= parts[other]
    for i, j in _judged(facts):
        ri, rj = find(i), find(j)
        if ri != rj and not parts[ri] & parts[rj]:
            root, other = min(ri, rj), max(ri, rj)
            parent[other] = root
            parts[root] |= parts[other]
    groups: dict[int, list[int]] = {}
    for i in range(len(facts)):
        groups.setdefault(find(i), []).append(i)
    return _joined_on_keys(facts, sorted(groups.values()))


#: A vague candidate judges what was said up to this many sentences before it ...
JUDGED_BEFORE = 2
#: ... or, when nothing was, what is said this many sentences after it.
JUDGED_AFTER = 1


def _judged(facts: Sequence[GroupingFacts]) -> list[tuple[int, int]]:
    """``(vague candidate, the candidate it judges)``: the same speaker's nearest candidate
    before it within :data:`JUDGED_BEFORE` sentences, else the nearest after it within
    :data:`JUDGED_AFTER` (a judgement names nothing of its own: "The council may raise the
    toll, the mayor said. Doing it before May is hard, she admitted." -- one question; what
    another source said in between is not what she judges)."""
    pairs = []
    for i, fact in enumerate(facts):
        if not fact.vague or fact.speaker is None:
            continue
        own = [j for j, f in enumerate(facts)
               if j != i and not f.vague and f.speaker == fact.speaker]
        before = [j for j in own if 0 <= fact.sentence - facts[j].sentence <= JUDGED_BEFORE]
        after = [j for j in own if 0 < facts[j].sentence - fact.sentence <= JUDGED_AFTER]
        if before:
            pairs.append((i, max(before, key=lambda j: (facts[j].sentence, j))))
        elif after:
            pairs.append((i, min(after, key=lambda j: (facts[j].sentence, j))))
    return pairs


def _joined_on_keys(facts: Sequence[GroupingFacts],
                    groups: list[list[int]]) -> list[list[int]]:
    """Groups joined when the question is taken up again further on in other words: the
    keys of the two groups together share :data:`SHARED_KEYS`, and one candidate of each
    shares :data:`SHARED_WITH_EVENT` with one of the other."""
    joined = True
    while joined:
        joined = False
        for x in range(len(groups)):
            for y in range(x + 1, len(groups)):
                if _taken_up(facts, groups[x], groups[y]):
                    groups[x] = sorted(groups[x] + groups.pop(y))
                    joined = True
                    break
            if joined:
                break
    return groups


def _taken_up(facts: Sequence[GroupingFacts], one: list[int], other: list[int]) -> bool:
    if _apart(facts, one) & _apart(facts, other):
        return False  # two parts of one split clause
    keys_one = frozenset().union(*(facts[i].keys for i in one))
    keys_other = frozenset().union(*(facts[i].keys for i in other))
    return len(keys_one & keys_other) >= SHARED_KEYS and any(
        len(facts[i].keys & facts[j].keys) >= SHARED_WITH_EVENT
        and not _other_events(facts[i], facts[j]) for i in one for j in other)


def _apart(facts: Sequence[GroupingFacts], group: list[int]) -> set[int]:
    return {facts[i].apart for i in group} - {None}


def _other_events(a: GroupingFacts, b: GroupingFacts) -> bool:
    """Whether the two candidates ask about two different events."""
    return a.event is not None and b.event is not None and a.event != b.event


_PRONOUN_QUESTION = re.compile(r"^\w+ (it|they|we|I|you|he|she|this|that)\b")
#: "Will it rain ...?": the "it" of the weather names nothing else.
_WEATHER_QUESTION = re.compile(
    r"^\w+ it (?:" + "|".join(sorted(lexicon.WEATHER_VERBS)) + r")\b")
#: The question of a judgement that names nothing (:func:`._phrasing.phrase_question`).
_VAGUE_QUESTION = re.compile(r"^Will it happen\b|\u2014 will it happen\b")


_ARTICLES = frozenset({"a", "an", "the"})


def same_words(question: str) -> str:
    """A question's words, lower-cased, without articles or punctuation: what two wordings
    of one question share ("Will there be a change?" and "Will there be change?"). Empty
    for a question that names nothing of its own ("Will it happen?", "Will they return?"),
    which the same words may ask of different things."""
    if vague(question) or _PRONOUN_QUESTION.match(question):
        return ""
    words = re.findall(r"[\w'’-]+", question.lower())
    return " ".join(w for w in words if w not in _ARTICLES)


def vague(question: str) -> bool:
    """Whether a phrased question is a judgement of something said rather than a question of
    its own: "Will it happen?", "Raising the toll — will it happen?"."""
    return bool(_VAGUE_QUESTION.search(question))


def best_question(texts: Sequence[str], conditional: Sequence[bool] = ()) -> str:
    """The question to show for a group: the first one phrased as a real question (opening
    with a modal or wh-word) of a readable length, preferably not what follows if another
    happens (``conditional``, by text: "If that happens, we will shut the road" asks less than
    the question it depends on), preferably naming what it asks (not "Will it happen?") and
    about something named rather than a pronoun (weather's "it rains" names its own), else
    the first."""
    stated_if = dict(zip(range(len(texts)), conditional))

    def rank(n: int) -> tuple[bool, bool, bool, bool]:
        text = texts[n]
        return (not (text.startswith(_OPENERS) and len(text.split()) <= 24),
                stated_if.get(n, False), text.startswith("Will it happen"),
                bool(_PRONOUN_QUESTION.match(text)) and not _WEATHER_QUESTION.match(text))

    return texts[min(range(len(texts)), key=rank)]


def merge(cands: Sequence[QuestionCandidate],
          conditional: Sequence[bool] = ()) -> QuestionCandidate:
    """One candidate for a group of candidates of one document (``conditional``: whether
    each is stated under a condition, :func:`best_question`)."""
    if len(cands) == 1:
        return cands[0]
    topic = tuple(dict.fromkeys(w for c in cands for w in c.topic))
    return QuestionCandidate(
        best_question([c.text for c in cands], conditional), topic,
        tuple(s for c in cands for s in c.stances),
        min(c.start for c in cands), max(c.end for c in cands))
