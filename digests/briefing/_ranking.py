"""Ranking and de-duplication: the people index of a selection (centrality, names), event
clusters, and the scores that order events, quotes, questions and who's who."""
from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from ..models import EventRecord, PersonRecord, QuoteRecord
from ._records import EventItem, Knowledge, PersonItem, QuestionItem, QuoteItem, RoleItem, StanceItem
from ._text import TOKEN, content_words, date_of, dates_compatible, norm_quote, partial_date_key

#: Weight of a date's precision in ranking: a day beats a month beats a year.
CONCRETENESS = {"day": 1.0, "month": 0.5, "year": 0.2, "none": 0.0}
#: Recency half-life in days, counted back from the newest document of the selection.
HALF_LIFE_DAYS = 30.0


def _recency(when: date | None, reference: date) -> float:
    if when is None:
        return 0.0
    age = max((reference - when).days, 0)
    return 0.5 ** (age / HALF_LIFE_DAYS)


class PeopleIndex:
    """Lookups over the people of a selection."""

    def __init__(self, people: Iterable[PersonRecord], doc_ids: Iterable[str] | None = None) -> None:
        """Index ``people``; only documents in ``doc_ids`` (default: all) are indexed."""
        self.by_id: dict[str, PersonRecord] = {p.id: p for p in people}
        self.by_doc: dict[str, list[PersonRecord]] = defaultdict(list)
        self._names: dict[str, list[tuple[str, ...]]] = {}
        only = set(doc_ids) if doc_ids is not None else None
        for person in self.by_id.values():
            docs = person.documents if only is None else only.intersection(person.documents)
            for doc_id in docs:
                self.by_doc[doc_id].append(person)
            self._names[person.id] = [
                tokens for tokens in (tuple(TOKEN.findall(n.lower())) for n in (person.name, *person.aliases))
                if tokens and (len(tokens) > 1 or len(tokens[0]) > 2)
            ]
        top = max((p.mentions for p in self.by_id.values()), default=0)
        self._log_top = math.log1p(top) or 1.0

    def centrality(self, person_id: str | None) -> float:
        person = self.by_id.get(person_id or "")
        return math.log1p(person.mentions) / self._log_top if person else 0.0

    def mentioned_in(self, text: str, doc_ids: Iterable[str]) -> list[PersonRecord]:
        """People of ``doc_ids`` whose name or an alias (as whole words) occurs in ``text``."""
        words = set(TOKEN.findall(text.lower()))
        found: dict[str, PersonRecord] = {}
        for doc_id in doc_ids:
            for person in self.by_doc.get(doc_id, ()):
                if person.id not in found and any(
                    all(t in words for t in tokens) for tokens in self._names[person.id]
                ):
                    found[person.id] = person
        return list(found.values())

    def display(self, person_id: str | None, fallback: str | None) -> str:
        person = self.by_id.get(person_id or "")
        return person.name if person else (fallback or "unnamed source")

    def role(self, person_id: str | None, doc_ids: Sequence[str] = ()) -> str | None:
        """The person's role as one of ``doc_ids`` gives it, else their first role."""
        person = self.by_id.get(person_id or "")
        if not person or not person.roles:
            return None
        for role in person.roles:
            if role.doc_id in doc_ids:
                return role.text
        return person.roles[0].text


# ----------------------------------------------------------------------------------------------
# Ranking and de-duplication


@dataclass(slots=True)
class _Cluster:
    date: str | None
    precision: str
    text: str
    words: set[str]
    doc_ids: list[str] = field(default_factory=list)


def _overlaps(a: set[str] | frozenset[str], b: set[str] | frozenset[str], *, exact_day: bool = False) -> bool:
    """Whether two texts share enough content words to be the same development. On the same
    exact day two shared content words suffice; vaguer dates need a larger overlap."""
    if not a or not b:
        return False
    shared = len(a & b)
    smaller = min(len(a), len(b))
    if shared < (1 if smaller <= 2 else 2):
        return False
    return exact_day or shared / smaller >= 0.4


def cluster_events(events: Iterable[EventRecord]) -> list[_Cluster]:
    """Group dated events: same (compatible) date and overlapping content words, any document.

    Undated events are left out: the timeline shows dated developments only."""
    buckets: dict[str, list[_Cluster]] = defaultdict(list)
    for event in events:
        if not event.date or not event.text.strip():
            continue
        words = set(content_words(event.text))
        bucket = buckets[event.date[-5:] if len(event.date) == 10 or event.date.startswith("--") else event.date]
        for cluster in bucket:
            exact_day = event.precision == "day"
            if dates_compatible(cluster.date or "", event.date) and _overlaps(cluster.words, words, exact_day=exact_day):
                _absorb(cluster, event, words)
                break
        else:
            bucket.append(_Cluster(event.date, event.precision, event.text.strip(), words, [event.doc_id]))
    return [c for bucket in buckets.values() for c in bucket]


def _absorb(cluster: _Cluster, event: EventRecord, words: set[str]) -> None:
    if event.doc_id not in cluster.doc_ids:
        cluster.doc_ids.append(event.doc_id)
    if cluster.date and cluster.date.startswith("--") and not event.date.startswith("--"):
        cluster.date, cluster.precision = event.date, event.precision  # the more complete date
    text = event.text.strip()
    if len(words) > len(cluster.words & words) and len(text) <= 240 and len(text) > len(cluster.text):
        cluster.text = text  # the more informative wording
    # cluster.words stays the first report's words: growing it would let unrelated reports of
    # the same day snowball into one item


def _event_score(cluster: _Cluster, people: PeopleIndex, reference: date, doc_dates: Mapping[str, date | None]) -> float:
    when = date_of(cluster.date) or max((d for d in map(doc_dates.get, cluster.doc_ids) if d), default=None)
    central = max((people.centrality(p.id) for p in people.mentioned_in(cluster.text, cluster.doc_ids)), default=0.0)
    precision = "day" if cluster.date and cluster.date.startswith("--") else cluster.precision
    concrete = CONCRETENESS.get(precision, 0.0) * (0.8 if cluster.date and cluster.date.startswith("--") else 1.0)
    return round(
        3.0 * math.log2(1 + len(cluster.doc_ids))
        + 1.5 * _recency(when, reference)
        + 1.5 * central
        + 1.0 * concrete,
        4,
    )


def rank_events(kn: Knowledge, people: PeopleIndex, reference: date) -> list[EventItem]:
    """Every dated development of ``kn``, de-duplicated, best first."""
    doc_dates = {d.id: d.published for d in kn.documents}
    items = [
        EventItem(c.date, c.precision, c.text, tuple(c.doc_ids), _event_score(c, people, reference, doc_dates))
        for c in cluster_events(kn.events)
    ]
    items.sort(key=lambda e: (-e.score, partial_date_key(e.date), e.text))
    return items


def _quote_score(q: QuoteRecord, n_docs: int, people: PeopleIndex, recency: float) -> float:
    words = len(q.text.split())
    substance = 1.0 if 6 <= words <= 60 else 0.5 if words >= 3 else 0.1
    named = 1.0 if q.speaker_id else 0.0
    direct = 0.5 if q.kind == "direct" else 0.0
    return round(
        3.0 * math.log2(1 + n_docs)
        + 1.5 * recency
        + 1.5 * people.centrality(q.speaker_id)
        + named + direct + substance,
        4,
    )


def rank_quotes(
    kn: Knowledge, people: PeopleIndex, reference: date, limit: int | None, *, per_speaker: int | None = None
) -> list[QuoteItem]:
    """Quotes de-duplicated (same words = one; a quote of three words or more inside a longer one
    by the same speaker is merged into it), best first, at most ``limit``, at most
    ``per_speaker`` from any one named speaker (so one voice cannot fill the section)."""
    doc_dates = {d.id: d.published for d in kn.documents}
    groups: dict[str, list[QuoteRecord]] = {}
    for quote in kn.quotes:
        key = norm_quote(quote.text)
        if key:
            groups.setdefault(key, []).append(quote)

    def score(group: list[QuoteRecord]) -> float:
        best = max(group, key=lambda q: (q.speaker_id is not None, q.kind == "direct"))
        recent = max(_recency(doc_dates.get(q.doc_id), reference) for q in group)
        return _quote_score(best, len({q.doc_id for q in group}), people, recent)

    def speaker(group: list[QuoteRecord]) -> str | None:
        return next((q.speaker_id for q in group if q.speaker_id), None)

    ranked = sorted(groups.items(), key=lambda kv: (-score(kv[1]), kv[0]))
    chosen: list[tuple[str, list[QuoteRecord]]] = []
    voices: Counter[str] = Counter()
    for key, group in ranked:
        who = speaker(group)
        for i, (other, members) in enumerate(chosen):
            theirs = speaker(members)
            if _same_quote(key, other) and (who is None or theirs is None or who == theirs):
                if len(key) > len(other):
                    chosen[i] = (key, group + members)
                else:
                    members.extend(group)
                break
        else:
            if (limit is None or len(chosen) < limit) and (
                per_speaker is None or who is None or voices[who] < per_speaker
            ):
                chosen.append((key, group))
                voices[who or ""] += 1
    return [_quote_item(group, people, score(group)) for _, group in chosen]


def _same_quote(a: str, b: str) -> bool:
    """Whether two normalised quotes are one: equal, or the shorter (three words or more)
    inside the longer."""
    short, long = sorted((a, b), key=len)
    return short == long or (short.count(" ") >= 2 and f" {short} " in f" {long} ")


def _quote_item(group: list[QuoteRecord], people: PeopleIndex, score: float) -> QuoteItem:
    head = max(group, key=lambda q: (len(q.text), q.speaker_id is not None))
    speaker_id = head.speaker_id or next((q.speaker_id for q in group if q.speaker_id), None)
    doc_ids = tuple(dict.fromkeys(q.doc_id for q in group))
    return QuoteItem(
        speaker=people.display(speaker_id, head.speaker_text),
        role=people.role(speaker_id, doc_ids),
        person_id=speaker_id,
        text=head.text.strip(),
        kind=head.kind,
        doc_ids=doc_ids,
        score=score,
    )


def rank_questions(kn: Knowledge, people: PeopleIndex, limit: int | None) -> list[QuestionItem]:
    """Open questions, the most reported and most argued first."""
    items = []
    for q in kn.questions:
        if q.status != "open":
            continue
        doc_ids = tuple(q.docs)
        stances = tuple(
            StanceItem(
                people.display(s.speaker_id, s.speaker_text), s.speaker_id, s.leaning,
                "" if norm_quote(s.text) == norm_quote(q.text) else s.text.strip(),  # no echo
                (s.doc_id,),
            )
            for s in q.stances
        )
        score = 3.0 * math.log2(1 + len(doc_ids)) + len(stances) + len({s.leaning for s in stances})
        items.append(QuestionItem(q.id, q.text.strip(), stances, doc_ids, round(score, 4)))
    items.sort(key=lambda q: (-q.score, q.text))
    return items[:limit] if limit is not None else items


def person_item(person: PersonRecord, doc_ids: Iterable[str] | None = None) -> PersonItem:
    allowed = set(doc_ids) if doc_ids is not None else None
    roles: dict[str, list[str]] = {}
    for role in person.roles:
        if allowed is None or role.doc_id in allowed:
            roles.setdefault(role.text.strip(), []).append(role.doc_id)
    docs = tuple(person.documents) if allowed is None else tuple(d for d in person.documents if d in allowed)
    return PersonItem(
        id=person.id,
        name=person.name,
        aliases=tuple(a for a in person.aliases if a != person.name),
        roles=tuple(RoleItem(text, tuple(dict.fromkeys(ids))) for text, ids in roles.items()),
        doc_ids=docs,
        mentions=person.mentions,
    )


def select_people(
    people: PeopleIndex, featured: Iterable[str], doc_ids: set[str], limit: int
) -> list[PersonItem]:
    """Who's who: people featured in the briefing's items first, then the most central people of
    the selection, at most ``limit``."""
    chosen: dict[str, PersonRecord] = {}
    for person_id in featured:
        if person_id in people.by_id and len(chosen) < limit:
            chosen.setdefault(person_id, people.by_id[person_id])
    if len(chosen) < limit:
        others = sorted(
            (p for p in people.by_id.values() if p.id not in chosen and doc_ids.intersection(p.documents)),
            key=lambda p: (-p.mentions, -len(p.documents), p.name),
        )
        for person in others[: limit - len(chosen)]:
            chosen[person.id] = person
    return [person_item(p, doc_ids) for p in chosen.values()]
