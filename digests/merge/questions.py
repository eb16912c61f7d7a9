"""Cross-document question grouping: candidates about the same topic become one question.

:func:`group_questions` merges ``(doc_id, candidate)`` items of different documents into
:class:`QuestionRecord` s with stable ids when either

* their topic words overlap (Jaccard, with a conservative threshold: :func:`_similar`), or
* they ask the same thing of the same participants (:func:`question_frame`): the same set of
  event predicates named in the question or its sources' statements (after the synonym classes
  of :data:`lexicon.EVENT_CLASSES`: "resignations" and "quit" are one predicate), the same time
  bound (the years and months the question names, if any), and either two shared participants
  (names written there, people taking a side; a name that is the name of a person taking a
  side is that person, counted once) or one person taking a side in both when neither names
  anyone else the other does not (the same source on the same event, nothing telling the two
  apart). Different predicates never merge this way, however many words and names the two
  share: articles on one story share many; nor does one shared source of two questions
  naming different parties ("meet the mayor" / "meet the unions").

No spaCy: it can be re-run on stored extractions.
"""
from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Container, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import combinations

from digests.extract import lexicon
from digests.models import QuestionCandidate, QuestionRecord, StanceRecord

__all__ = [
    "FRAME_KEYS_VERSION", "GROUP_MIN_SHARED", "GROUP_THRESHOLD", "MIN_SHARED_PARTICIPANTS",
    "QuestionFrame",
    "QuestionGroup", "candidate_frame", "frame_keys", "required_overlap", "group_questions", "group_questions_indexed",
    "question_frame", "question_id",
]

#: Two candidates are about the same topic when their topic sets overlap at least this much.
GROUP_THRESHOLD = 0.5
#: ... and share at least this many topic words.
GROUP_MIN_SHARED = 4
#: Questions with the same predicates merge when they share this many participants (one
#: shared place or person named across a story is not enough). :func:`_frame_keys` indexes
#: pairs, so this is fixed at two.
MIN_SHARED_PARTICIPANTS = 2
#: The version of the frame rule's index keys (:func:`frame_keys`): a store whose questions were
#: indexed under another version is resolved in full next time (its stored keys are stale).
FRAME_KEYS_VERSION = "3"

_CLASS_OF = {word: group[0] for group in lexicon.EVENT_CLASSES for word in group}
_WORD = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*")
#: A run of capitalised words ("Harlow Tramways", "Ola Brennan"); hyphens and apostrophes
#: split it ("Korea-Japan" is two names), so parts are matched as the topic words they are.
_NAME_RUN = re.compile(r"(?<![\w'’-])[A-Z][^\W_]*(?:\s+[A-Z][^\W_]*)*(?![\w])")
#: Offices held by a person (the words of both :data:`lexicon.TITLE_WORDS` and
#: :data:`lexicon.ROLE_NOUNS`): written inside a run of names, one ends a name.
_OFFICES = lexicon.TITLE_WORDS & lexicon.ROLE_NOUNS
_YEAR = re.compile(r"^(?:1[89]|2[01])\d\d$")
#: Inflection endings tried, longest first, to find a word's lemma among the topic words
#: ("resignations" -> "resignation", "meets" -> "meet", "reopened" -> "reopen").
_ENDINGS = ("ations", "ings", "ing", "ies", "es", "ed", "s", "d")


@dataclass(frozen=True, slots=True)
class QuestionFrame:
    """What a question asks, read from its text and topic: the event ``predicates`` it names
    (event-class keys), its ``participants`` (lower-cased names written in the question or its
    statements, a multi-word name as one, and ``"@" + person id`` of each person taking a
    side, which a name of that person written there also becomes) and its ``time`` bound (the
    years and months it names, sorted)."""

    predicates: frozenset[str]
    participants: frozenset[str]
    time: tuple[str, ...]


def _forms(word: str) -> list[str]:
    """``word`` and its candidate lemmas without an inflection ending."""
    forms = [word]
    for ending in _ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            forms.append(word[: -len(ending)])
            if ending == "ies":
                forms.append(word[: -len(ending)] + "y")
            if ending in ("ing", "ed", "es", "ations"):
                forms.append(word[: -len(ending)] + "e")
    return forms


@lru_cache(maxsize=65_536)
def _event_forms(word: str) -> tuple[tuple[str, str], ...]:
    """``(form, event key)`` for each lemma candidate of ``word`` (see :func:`_forms`) that
    is in an event class, in the order tried (cached: the same words recur across a corpus)."""
    return tuple((form, _CLASS_OF[form]) for form in _forms(word) if form in _CLASS_OF)


def _time_bound(words: Sequence[str]) -> tuple[str, ...]:
    """The years and (capitalised, not sentence-initial if ambiguous) months in ``words``."""
    time: set[str] = set()
    for n, word in enumerate(words):
        lower = word.lower()
        if _YEAR.match(lower):
            time.add(lower)
        elif lower in lexicon.MONTHS and word[:1].isupper() and (
                lower not in lexicon.AMBIGUOUS_MONTHS or n > 0):
            time.add(str(lexicon.MONTHS[lower]))
    return tuple(sorted(time))


def _predicates(words: Sequence[str], topic: set[str]) -> set[str]:
    """Event-class keys named by ``words``: a word or its lemma in a class, and a topic word."""
    predicates: set[str] = set()
    for word in words:
        for form, key in _event_forms(word.lower()):
            if key in topic or form in topic:
                predicates.add(key)
                break
    return predicates


def _names(sentence: str, topic: set[str]) -> set[str]:
    """The names in ``sentence``, each a run of capitalised words kept whole ("new zealand"
    is one participant, not two) of the words that are topic words, titles and months left
    out; an office before more of the run splits it ("Port Authority Chair Ada Quill" names
    "port authority" and "ada quill"). A single capitalised word opening the sentence is no
    name."""
    names: set[str] = set()
    for run in _NAME_RUN.finditer(sentence):
        words = run.group().split()
        if run.start() == 0 and len(words) == 1:
            continue
        kept: list[str] = []
        for n, word in enumerate((*words, "")):
            lower = word.lower()
            if not word or lower in _OFFICES and n + 1 < len(words):
                if kept and (len(kept) > 1 or kept[0] not in lexicon.DEMONYMS):
                    names.add(" ".join(kept))  # an office ends a name: "Port Authority
                    # Chair Ada Quill"; a nationality only says whose office: "French President"
                kept = []
            elif (lower in topic and lower not in lexicon.TITLE_WORDS
                  and lower not in lexicon.MONTHS):
                kept.append(lower)
    return names


def _speaker_named(name: str, speakers: Sequence[str]) -> str | None:
    """``"@" + id`` of the speaker a written ``name`` names, else None: the name holds every
    word of the speaker's global id (ids are slugs of the display name, a collision's number
    left aside: "ola-brennan" is named by "ola brennan" and "harbour ola brennan"), or is the
    id's last word alone (the family name: "brennan"). Only one speaker may fit."""
    words = set(name.split())
    found = set()
    for speaker in speakers:
        parts = [w for w in speaker.split("-") if w and not w.isdigit()]
        if parts and (set(parts) <= words or name in (parts[-1], "".join(parts))):
            # (the whole name run together, as a typo writes it, names the speaker too)
            found.add(speaker)
    return "@" + found.pop() if len(found) == 1 else None


def question_frame(
    text: str, topic: Sequence[str], *, speakers: Sequence[str] = (),
    statements: Sequence[str] = (),
) -> QuestionFrame:
    """The :class:`QuestionFrame` of a question ``text`` with its ``topic`` words, the global
    ids of the ``speakers`` of its stances and the ``statements`` of its stances (the
    sources' own words on it).

    Predicates and names are read from the question and the statements, each counted only if
    it is a topic word (a lemma the parse kept as content); the time bound from the question
    alone (a statement may date other things in passing)."""
    topic_set = set(topic)
    predicates: set[str] = set()
    names: set[str] = set()
    for sentence in (text, *statements):
        predicates |= _predicates(_WORD.findall(sentence), topic_set)
        names |= _names(sentence, topic_set)
    people = [s for s in dict.fromkeys(speakers) if s]
    participants = {_speaker_named(name, people) or name for name in names}
    participants |= {"@" + s for s in people}
    return QuestionFrame(frozenset(predicates), frozenset(participants),
                         _time_bound(_WORD.findall(text)))


def _written(frame: QuestionFrame) -> tuple[str, ...]:
    """The frame's participants that are written names, not people taking a side (sorted)."""
    return tuple(sorted(p for p in frame.participants if not p.startswith("@")))


def _frame_keys(frame: QuestionFrame) -> list[tuple]:
    """The buckets a frame is indexed under: two frames share one exactly when they have the
    same predicates (non-empty) and time bound and either share at least
    :data:`MIN_SHARED_PARTICIPANTS` (two) participants (one key per pair of participants) or
    share a person taking a side and have the same written names (one key per such person,
    with those names)."""
    if not frame.predicates:
        return []
    head = (tuple(sorted(frame.predicates)), frame.time)
    written = _written(frame)
    return [*((head, pair) for pair in combinations(sorted(frame.participants), 2)),
            *((head, "source", p, written) for p in sorted(frame.participants)
              if p.startswith("@"))]


def _same_question(a: QuestionFrame, b: QuestionFrame) -> bool:
    """The frame rule of the module doc, on two frames."""
    if not (a.predicates and a.predicates == b.predicates and a.time == b.time):
        return False
    shared = a.participants & b.participants
    return len(shared) >= MIN_SHARED_PARTICIPANTS or (
        any(p.startswith("@") for p in shared) and _written(a) == _written(b))


def _similar(a: set[str], b: set[str]) -> bool:
    shared = len(a & b)
    return bool(a and b) and shared >= GROUP_MIN_SHARED and shared / len(a | b) >= GROUP_THRESHOLD


def required_overlap(size: int) -> int | None:
    """The fewest words a topic of ``size`` words must share with another to be
    :func:`_similar`, or None if it never can be.

    A pair sharing ``o`` words has a union of at least ``size`` words, so its (float) ratio is
    at most ``o / size`` (division rounds monotonically): the smallest ``o`` with
    ``o / size >= GROUP_THRESHOLD`` and ``o >= GROUP_MIN_SHARED`` is a sound lower bound."""
    for shared in range(max(GROUP_MIN_SHARED, 1), size + 1):
        if shared / size >= GROUP_THRESHOLD:
            return shared
    return None


def _clusters(items: Sequence[tuple[str, QuestionCandidate]]) -> list[list[int]]:
    """Union-find over candidates of different documents with similar topics.

    Only pairs that can be similar are compared (prefix filtering over an inverted index):
    words are ranked rarest first (then alphabetically), and each topic is indexed under its
    first ``len(topic) - need + 1`` words, where ``need`` is :func:`required_overlap`. If two
    topics share at least ``need`` words of each, the rarest shared word ``w`` comes after
    only unshared words in both topics, so it lies in both prefixes: every similar pair meets
    in some bucket. Very common words thus drop out of the index for any topic with enough
    rarer words, and only then. The partition, and so the output, is that of all-pairs
    comparison (groups listed by their first index, members in index order)."""
    n = len(items)
    parent = list(range(n))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    topics = [set(c.topic) for _, c in items]
    freq: dict[str, int] = {}
    for topic in topics:
        for word in topic:
            freq[word] = freq.get(word, 0) + 1
    index: dict[str, list[int]] = {}
    for i, topic in enumerate(topics):
        need = required_overlap(len(topic))
        if need is None:
            continue
        prefix = sorted(topic, key=lambda w: (freq[w], w))[: len(topic) - need + 1]
        doc_i = items[i][0]
        seen: set[int] = set()
        for word in prefix:
            bucket = index.setdefault(word, [])
            for j in bucket:
                if j in seen:
                    continue
                seen.add(j)
                if items[j][0] == doc_i:
                    continue
                root_i, root_j = find(i), find(j)
                if root_i != root_j and _similar(topics[i], topics[j]):
                    # keep the smaller index as root, as the all-pairs loop did (not required
                    # for the partition, but cheap)
                    if root_i < root_j:
                        parent[root_j] = root_i
                    else:
                        parent[root_i] = root_j
            bucket.append(i)
    groups: dict[int, list[int]] = {}
    for i in range(n):
        groups.setdefault(find(i), []).append(i)
    return list(groups.values())


def _frame_groups(
    items: Sequence[tuple[str, QuestionCandidate]], frames: Sequence[QuestionFrame],
    groups: list[list[int]],
) -> list[list[int]]:
    """``groups`` (a partition of ``items``) with groups joined wherever two candidates of
    different documents have frames that :func:`_same_question` holds for.

    Linear in the frames' participants: each frame is indexed under :func:`_frame_keys`, and
    within one bucket every pair of the same predicates, time bound and participant is such a
    pair, so joining each member to the bucket's first member of another document (and that
    one to the bucket's first member) links exactly what comparing every pair would link. Groups
    are listed by their first index, members in index order."""
    parent = list(range(len(items)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(i: int, j: int) -> None:
        ri, rj = find(i), find(j)
        if ri != rj:
            parent[max(ri, rj)] = min(ri, rj)

    for group in groups:
        for i in group[1:]:
            union(group[0], i)
    buckets: dict[tuple, list[int]] = {}
    for i, frame in enumerate(frames):
        for key in _frame_keys(frame):
            buckets.setdefault(key, []).append(i)
    for members in buckets.values():
        first = members[0]
        other = next((j for j in members if items[j][0] != items[first][0]), None)
        if other is None:  # one document only: no cross-document pair here
            continue
        for j in members:
            # j pairs with first (another document) or, in first's document, with other
            union(j, other if items[j][0] == items[first][0] else first)
    out: dict[int, list[int]] = {}
    for i in range(len(items)):
        out.setdefault(find(i), []).append(i)
    return list(out.values())


def question_id(topic: Sequence[str]) -> str:
    """A stable id for a topic: "q-" + a short hash of its sorted words."""
    words = " ".join(sorted(set(topic)))
    return "q-" + hashlib.sha1(words.encode("utf-8")).hexdigest()[:10]


@dataclass(frozen=True, slots=True)
class QuestionGroup:
    """A grouped question with what incremental resolution keeps of it: its ``members``
    (indexes into the items grouped) and the :func:`frame_keys` of their frames."""

    record: QuestionRecord
    members: tuple[int, ...]
    frame_keys: frozenset[str]


def frame_keys(frame: QuestionFrame) -> frozenset[str]:
    """The frame's index buckets (:func:`_frame_keys`) as short stable strings: two frames
    share one exactly when :func:`_same_question` holds for them."""
    return frozenset(hashlib.sha1(repr(key).encode("utf-8")).hexdigest()[:20]
                     for key in _frame_keys(frame))


def candidate_frame(
    doc_id: str, candidate: QuestionCandidate, *,
    person_id: Callable[[str, str | None], str | None],
) -> QuestionFrame:
    """The :func:`question_frame` of one document's candidate, its speakers as global ids."""
    return question_frame(
        candidate.text, candidate.topic,
        speakers=[person_id(doc_id, s.speaker) or "" for s in candidate.stances if s.speaker],
        statements=[s.text for s in candidate.stances])


def group_questions(
    items: Sequence[tuple[str, QuestionCandidate]],
    *,
    person_id: Callable[[str, str | None], str | None],
) -> list[QuestionRecord]:
    """Merge ``(doc_id, candidate)`` items about the same question into
    :class:`QuestionRecord`s: similar topics, or the same frame (see the module doc).

    Only candidates of different documents merge. Stances keep their document and get global
    person ids through ``person_id``. The record's text is its first candidate's; its id hashes
    the topic words the group shares (all of the first candidate's words for a single
    candidate), so it is stable across runs for the same input."""
    return [g.record for g in group_questions_indexed(items, person_id=person_id)]


def group_questions_indexed(
    items: Sequence[tuple[str, QuestionCandidate]],
    *,
    person_id: Callable[[str, str | None], str | None],
    taken: Container[str] = frozenset(),
) -> list[QuestionGroup]:
    """:func:`group_questions` with each record's members and frame keys. ``taken``: ids of
    questions outside ``items`` (a part of the store re-grouped), which a record whose words
    give the same id does not take: it gets the longer id of a collision."""
    frames = [candidate_frame(doc_id, c, person_id=person_id) for doc_id, c in items]
    out: dict[str, QuestionGroup] = {}
    for group in _frame_groups(items, frames, _clusters(items)):
        members = [items[i] for i in group]
        topics = [set(c.topic) for _, c in members]
        core = set.intersection(*topics) if len(topics) > 1 else topics[0]
        first_doc, first = members[0]
        qid = question_id(core or {first.text})
        if qid in out or qid in taken:  # same words, yet not similar enough to merge
            qid = question_id((*sorted(core), first_doc, first.text))
        record = QuestionRecord(
            id=qid,
            text=first.text,
            status="open",
            docs=tuple(dict.fromkeys(doc_id for doc_id, _ in members)),
            stances=tuple(
                StanceRecord(doc_id, person_id(doc_id, s.speaker), s.speaker_text, s.text,
                             s.leaning)
                for doc_id, c in members
                for s in c.stances
            ),
        )
        out[qid] = QuestionGroup(record, tuple(group),
                                 frozenset().union(*(frame_keys(frames[i]) for i in group)))
    return list(out.values())
