"""Cross-document question grouping: candidates about the same topic become one question.

:func:`group_questions` merges ``(doc_id, candidate)`` items of different documents whose topic
words overlap (Jaccard, with a conservative threshold) into :class:`QuestionRecord` s with
stable ids. No spaCy: it can be re-run on stored extractions.
"""
from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence

from digests.models import QuestionCandidate, QuestionRecord, StanceRecord

__all__ = ["GROUP_MIN_SHARED", "GROUP_THRESHOLD", "group_questions", "question_id"]

#: Two candidates are about the same topic when their topic sets overlap at least this much.
GROUP_THRESHOLD = 0.5
#: ... and share at least this many topic words.
GROUP_MIN_SHARED = 4




def _similar(a: set[str], b: set[str]) -> bool:
    shared = len(a & b)
    return bool(a and b) and shared >= GROUP_MIN_SHARED and shared / len(a | b) >= GROUP_THRESHOLD


def _required_overlap(size: int) -> int | None:
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
    first ``len(topic) - need + 1`` words, where ``need`` is :func:`_required_overlap`. If two
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
        need = _required_overlap(len(topic))
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


def question_id(topic: Sequence[str]) -> str:
    """A stable id for a topic: "q-" + a short hash of its sorted words."""
    words = " ".join(sorted(set(topic)))
    return "q-" + hashlib.sha1(words.encode("utf-8")).hexdigest()[:10]


def group_questions(
    items: Sequence[tuple[str, QuestionCandidate]],
    *,
    person_id: Callable[[str, str | None], str | None],
) -> list[QuestionRecord]:
    """Merge ``(doc_id, candidate)`` items about the same topic into :class:`QuestionRecord`s.

    Only candidates of different documents merge. Stances keep their document and get global
    person ids through ``person_id``. The record's text is its first candidate's; its id hashes
    the topic words the group shares (all of the first candidate's words for a single
    candidate), so it is stable across runs for the same input."""
    records: dict[str, QuestionRecord] = {}
    for group in _clusters(items):
        members = [items[i] for i in group]
        topics = [set(c.topic) for _, c in members]
        core = set.intersection(*topics) if len(topics) > 1 else topics[0]
        first_doc, first = members[0]
        qid = question_id(core or {first.text})
        if qid in records:  # same words, yet not similar enough to merge: keep both, apart
            qid = question_id((*sorted(core), first_doc, first.text))
        records[qid] = QuestionRecord(
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
    return list(records.values())
