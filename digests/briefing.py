"""Briefings: select, rank, de-duplicate and cite what the store knows.

Two layers:

* a pure layer over lists of store records (:class:`Knowledge`): :func:`compose` turns a
  selection into a :class:`Briefing` (headlines, timeline, quotes, open questions, who's who,
  numbered sources) and :func:`compose_profile` turns one person into a :class:`Profile`.
  Nothing in it does I/O, so it is tested with plain record lists;
* a thin store-reading layer (:func:`build_briefing`, :func:`build_daily`, :func:`build_profile`,
  :func:`suggest` and the small builders the chat bot calls: :func:`quotes_by`,
  :func:`timeline`, :func:`open_questions`, :func:`sources`) that reads only the store's read
  methods (see ``ARCHITECTURE.md``) and never loads spaCy.

Ranking (see :func:`_event_score`, :func:`_quote_score`) weighs how many sources report an item,
how recent it is, how central its people are and how concrete its date is. The same development
reported by several documents (same date, overlapping content words) becomes one item citing all
of them; the same quotation (same words, or one contained in the other) appears once.
"""
from __future__ import annotations

import functools
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta, timezone

from typing import TYPE_CHECKING

from .models import (
    LEANINGS,
    DocumentRecord,
    EventRecord,
    PersonRecord,
    QuestionRecord,
    QuoteRecord,
)

if TYPE_CHECKING:  # pragma: no cover
    from .store import RoleSummary, Store

__all__ = [
    "Briefing",
    "DateRangeError",
    "EventItem",
    "Headline",
    "Knowledge",
    "PersonItem",
    "Profile",
    "QuestionItem",
    "QuoteItem",
    "RoleItem",
    "Source",
    "StanceItem",
    "UnknownName",
    "build_briefing",
    "build_daily",
    "build_profile",
    "compose",
    "compose_profile",
    "open_questions",
    "parse_date_range",
    "partial_date_key",
    "quotes_by",
    "sources",
    "suggest",
    "timeline",
]

#: How many items each section shows at most.
LIMITS: Mapping[str, int] = {
    "headlines": 3,
    "events": 12,
    "quotes": 8,
    "questions": 6,
    "people": 10,
    "sources": 40,
}
ALL_SECTIONS = ("headlines", "events", "quotes", "questions", "people", "sources")

#: Weight of a date's precision in ranking: a day beats a month beats a year.
CONCRETENESS = {"day": 1.0, "month": 0.5, "year": 0.2, "none": 0.0}
#: A briefing quotes any one named speaker at most this many times.
QUOTES_PER_SPEAKER = 2
#: An item cites at most this many sources by number (the most recent); the rest are counted.
MAX_REFS = 3
#: Recency half-life in days, counted back from the newest document of the selection.
HALF_LIFE_DAYS = 30.0
#: A briefing ranks at most this many documents of its selection, the most recently published.
WINDOW = 400
#: A profile shows quotes and events from the person's most recent documents, at most this many.
PROFILE_WINDOW = 20
#: A profile lists at most this many of the person's distinct roles (the first given).
PROFILE_ROLES = 25
#: Autocomplete draws topics from the titles of this many recent documents.
SUGGEST_TITLES = 2000

# Function words ignored when comparing texts (general English only).
_STOPWORDS = frozenset(
    """a about above after again against all also am an and any are as at be because been before
    being below between both but by can could did do does doing down during each few for from
    further had has have having he her here hers herself him himself his how i if in into is it
    its itself just me more most my myself no nor not now of off on once only or other our ours
    out over own same she should so some such than that the their theirs them then there these
    they this those through to too under until up very was we were what when where which while
    who whom why will with would you your said says say told according reportedly reported
    report reports last next first week weeks month months year years day days monday tuesday
    wednesday thursday friday saturday sunday today yesterday tomorrow earlier later ago january
    february march april may june july august september october november december""".split()
)
_WORD = re.compile(r"[^\W\d_][\w'’-]*", re.UNICODE)
_TOKEN = re.compile(r"\w+")


# ----------------------------------------------------------------------------------------------
# What briefings are made of


@dataclass(frozen=True, slots=True)
class Source:
    """A numbered source: every item of a briefing cites sources by ``n``."""

    n: int
    doc_id: str
    title: str | None
    outlet: str | None
    published: date | None
    published_is_estimate: bool
    url: str | None


@dataclass(frozen=True, slots=True)
class Headline:
    text: str
    date: str | None
    doc_ids: tuple[str, ...]
    refs: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class EventItem:
    """One development on the timeline (possibly reported by several documents)."""

    date: str | None
    precision: str
    text: str
    doc_ids: tuple[str, ...]
    score: float = 0.0
    refs: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class QuoteItem:
    speaker: str
    role: str | None
    person_id: str | None
    text: str
    kind: str
    doc_ids: tuple[str, ...]
    score: float = 0.0
    refs: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class StanceItem:
    speaker: str
    person_id: str | None
    leaning: str
    text: str
    doc_ids: tuple[str, ...]
    refs: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class QuestionItem:
    id: str
    text: str
    stances: tuple[StanceItem, ...]
    doc_ids: tuple[str, ...]
    score: float = 0.0
    refs: tuple[int, ...] = ()

    @property
    def sides(self) -> list[tuple[str, list[StanceItem]]]:
        """Stances grouped by leaning, in the order for / against / unsure (empty sides left out)."""
        return [
            (leaning, [s for s in self.stances if s.leaning == leaning])
            for leaning in LEANINGS
            if any(s.leaning == leaning for s in self.stances)
        ]


@dataclass(frozen=True, slots=True)
class RoleItem:
    text: str
    doc_ids: tuple[str, ...]
    refs: tuple[int, ...] = ()
    #: How many documents give the role when ``doc_ids`` lists only some of them (a profile
    #: reads only its recent documents' ids); 0: ``doc_ids`` is all of them.
    documents: int = 0


@dataclass(frozen=True, slots=True)
class PersonItem:
    id: str
    name: str
    aliases: tuple[str, ...]
    roles: tuple[RoleItem, ...]
    doc_ids: tuple[str, ...]
    mentions: int = 0
    refs: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class Briefing:
    """A rendered-ready briefing. ``sections`` says which sections the templates show (in order);
    ``note`` is a line shown under the title (e.g. "Nothing new since ...")."""

    kind: str
    title: str
    generated: datetime
    since: date | datetime | None = None
    until: date | datetime | None = None
    topic: str | None = None
    note: str | None = None
    documents: int = 0
    headlines: tuple[Headline, ...] = ()
    events: tuple[EventItem, ...] = ()
    quotes: tuple[QuoteItem, ...] = ()
    questions: tuple[QuestionItem, ...] = ()
    people: tuple[PersonItem, ...] = ()
    sources: tuple[Source, ...] = ()
    sections: tuple[str, ...] = ALL_SECTIONS
    ranked: int = 0  # how many of ``documents`` were ranked (the most recent); 0 = all


@dataclass(frozen=True, slots=True)
class Profile:
    """Everything known about one person, for ``who``."""

    person: PersonItem
    generated: datetime
    quotes: tuple[QuoteItem, ...] = ()
    events: tuple[EventItem, ...] = ()
    sources: tuple[Source, ...] = ()

    @property
    def title(self) -> str:
        return self.person.name


@dataclass(frozen=True, slots=True)
class Knowledge:
    """A selection of store records: the input of :func:`compose`."""

    documents: tuple[DocumentRecord, ...] = ()
    people: tuple[PersonRecord, ...] = ()
    quotes: tuple[QuoteRecord, ...] = ()
    events: tuple[EventRecord, ...] = ()
    questions: tuple[QuestionRecord, ...] = ()
    #: Documents outside the selection that its items may cite (e.g. an open question's other
    #: sources); they are listed as sources but never ranked.
    context: tuple[DocumentRecord, ...] = ()


class UnknownName(LookupError):
    """No person matches ``query``; ``suggestions`` are the closest known names."""

    def __init__(self, query: str, suggestions: Sequence[str] = ()) -> None:
        self.query = query
        self.suggestions = list(suggestions)
        hint = f" Did you mean: {', '.join(self.suggestions)}?" if self.suggestions else ""
        super().__init__(f"No one called {query!r} in the store.{hint}")


class DateRangeError(ValueError):
    """A date range the user typed could not be understood."""


# ----------------------------------------------------------------------------------------------
# Small text and date helpers


@functools.lru_cache(maxsize=65536)
def content_words(text: str) -> frozenset[str]:
    """Lower-cased content words of ``text`` (function words and short words dropped)."""
    return frozenset(
        w for w in (m.group().lower().strip("'’-") for m in _WORD.finditer(text))
        if len(w) > 2 and w not in _STOPWORDS
    )


def _norm_quote(text: str) -> str:
    return " ".join(m.group().lower() for m in re.finditer(r"\w+", text))


def partial_date_key(value: str | None, *, fallback_year: int | None = None) -> tuple[int, int, int]:
    """A sort key for a stored date (``YYYY-MM-DD``, ``YYYY-MM``, ``YYYY``, ``--MM-DD``).

    Unknown parts sort first within their period; a year-less date borrows ``fallback_year``;
    undated items sort last."""
    if not value:
        return (9999, 99, 99)
    if value.startswith("--"):
        month, day = value[2:].split("-")[:2]
        return (fallback_year or 0, int(month), int(day))
    parts = [int(p) for p in value.split("-")]
    parts += [0] * (3 - len(parts))
    return (parts[0], parts[1], parts[2])


def _dates_compatible(a: str, b: str) -> bool:
    """Same date, where a year-less ``--MM-DD`` matches any year with that month and day."""
    if a == b:
        return True
    if a.startswith("--") != b.startswith("--"):
        full, partial = (b, a) if a.startswith("--") else (a, b)
        return len(full) == 10 and full[4:] == partial[1:]
    return False


def _date_of(value: str | None) -> date | None:
    """The first day a stored date can mean (None when the year is unknown)."""
    if not value or value.startswith("--"):
        return None
    y, m, d = partial_date_key(value)
    return date(y, max(m, 1), max(d, 1))


def _recency(when: date | None, reference: date) -> float:
    if when is None:
        return 0.0
    age = max((reference - when).days, 0)
    return 0.5 ** (age / HALF_LIFE_DAYS)


def _as_date(value: date | datetime | None) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    return value


# ----------------------------------------------------------------------------------------------
# People index (centrality, display names, who is mentioned where)


class _People:
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
                tokens for tokens in (tuple(_TOKEN.findall(n.lower())) for n in (person.name, *person.aliases))
                if tokens and (len(tokens) > 1 or len(tokens[0]) > 2)
            ]
        top = max((p.mentions for p in self.by_id.values()), default=0)
        self._log_top = math.log1p(top) or 1.0

    def centrality(self, person_id: str | None) -> float:
        person = self.by_id.get(person_id or "")
        return math.log1p(person.mentions) / self._log_top if person else 0.0

    def mentioned_in(self, text: str, doc_ids: Iterable[str]) -> list[PersonRecord]:
        """People of ``doc_ids`` whose name or an alias (as whole words) occurs in ``text``."""
        words = set(_TOKEN.findall(text.lower()))
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
            if _dates_compatible(cluster.date or "", event.date) and _overlaps(cluster.words, words, exact_day=exact_day):
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


def _event_score(cluster: _Cluster, people: _People, reference: date, doc_dates: Mapping[str, date | None]) -> float:
    when = _date_of(cluster.date) or max((d for d in map(doc_dates.get, cluster.doc_ids) if d), default=None)
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


def rank_events(kn: Knowledge, people: _People, reference: date) -> list[EventItem]:
    """Every dated development of ``kn``, de-duplicated, best first."""
    doc_dates = {d.id: d.published for d in kn.documents}
    items = [
        EventItem(c.date, c.precision, c.text, tuple(c.doc_ids), _event_score(c, people, reference, doc_dates))
        for c in cluster_events(kn.events)
    ]
    items.sort(key=lambda e: (-e.score, partial_date_key(e.date), e.text))
    return items


def _quote_score(q: QuoteRecord, n_docs: int, people: _People, recency: float) -> float:
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
    kn: Knowledge, people: _People, reference: date, limit: int | None, *, per_speaker: int | None = None
) -> list[QuoteItem]:
    """Quotes de-duplicated (same words = one; a quote of three words or more inside a longer one
    by the same speaker is merged into it), best first, at most ``limit``, at most
    ``per_speaker`` from any one named speaker (so one voice cannot fill the section)."""
    doc_dates = {d.id: d.published for d in kn.documents}
    groups: dict[str, list[QuoteRecord]] = {}
    for quote in kn.quotes:
        key = _norm_quote(quote.text)
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


def _quote_item(group: list[QuoteRecord], people: _People, score: float) -> QuoteItem:
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


def rank_questions(kn: Knowledge, people: _People, limit: int | None) -> list[QuestionItem]:
    """Open questions, the most reported and most argued first."""
    items = []
    for q in kn.questions:
        if q.status != "open":
            continue
        doc_ids = tuple(q.docs)
        stances = tuple(
            StanceItem(
                people.display(s.speaker_id, s.speaker_text), s.speaker_id, s.leaning,
                "" if _norm_quote(s.text) == _norm_quote(q.text) else s.text.strip(),  # no echo
                (s.doc_id,),
            )
            for s in q.stances
        )
        score = 3.0 * math.log2(1 + len(doc_ids)) + len(stances) + len({s.leaning for s in stances})
        items.append(QuestionItem(q.id, q.text.strip(), stances, doc_ids, round(score, 4)))
    items.sort(key=lambda q: (-q.score, q.text))
    return items[:limit] if limit is not None else items


def _person_item(person: PersonRecord, doc_ids: Iterable[str] | None = None) -> PersonItem:
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
    people: _People, featured: Iterable[str], doc_ids: set[str], limit: int
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
    return [_person_item(p, doc_ids) for p in chosen.values()]


# ----------------------------------------------------------------------------------------------
# Citations


def _number_sources(
    cited: Iterable[str], documents: Mapping[str, DocumentRecord], extra: Iterable[str], limit: int
) -> tuple[dict[str, int], tuple[Source, ...]]:
    """Number sources in order of first citation, then add uncited ``extra`` documents while
    room remains. Returns the doc id -> number map and the sources."""
    order = [d for d in dict.fromkeys(cited) if d in documents]
    taken = set(order)
    for doc_id in extra:
        if len(order) >= limit:
            break
        if doc_id in documents and doc_id not in taken:
            order.append(doc_id)
            taken.add(doc_id)
    numbers = {doc_id: i for i, doc_id in enumerate(order, 1)}
    return numbers, tuple(_source(numbers[d], documents[d]) for d in order)


def _source(n: int, doc: DocumentRecord) -> Source:
    return Source(n, doc.id, doc.title, doc.source, doc.published, doc.published_is_estimate, doc.url)


class Refs(tuple):
    """Citation numbers of one item; ``more`` counts further sources not cited by number."""

    more: int = 0


class _Citer:
    """Chooses which documents an item cites by number: at most :data:`MAX_REFS`, the most
    recent first (an item reported by 200 documents cites 3 and says "+197")."""

    def __init__(self, documents: Iterable[DocumentRecord]) -> None:
        ordered = sorted(documents, key=lambda d: (d.published or date.min, d.id), reverse=True)
        self.rank = {d.id: i for i, d in enumerate(ordered)}

    def shown(self, doc_ids: Iterable[str]) -> list[str]:
        return self._shown(set(doc_ids))

    def _shown(self, unique: set[str]) -> list[str]:
        # walk the smaller side: a central person's thousands of documents vs a small selection
        if len(unique) > len(self.rank):
            known = [d for d in self.rank if d in unique]
        else:
            known = [d for d in unique if d in self.rank]
        return sorted(known, key=self.rank.__getitem__)[:MAX_REFS]

    def cited(self, items: Iterable) -> Iterable[str]:
        """Every document the items cite by number, in order of first citation."""
        for item in items:
            if not isinstance(item, PersonItem):  # a person is cited through their roles
                yield from self.shown(item.doc_ids)
            for part in getattr(item, "stances", ()) or getattr(item, "roles", ()):
                yield from self.shown(part.doc_ids)

    def refs(self, doc_ids: Iterable[str], numbers: Mapping[str, int], total: int = 0) -> Refs:
        """``total``: how many documents the item has when ``doc_ids`` are only some of them."""
        unique = set(doc_ids)
        shown = {numbers[d] for d in self._shown(unique) if d in numbers}
        out = Refs(sorted(shown))
        out.more = max(max(total, len(unique)) - len(shown), 0)
        return out

    def apply(self, item, numbers: Mapping[str, int]):
        """``item`` with its ``refs`` (and its stances' or roles') filled in."""
        if isinstance(item, QuestionItem):
            stances = tuple(replace(s, refs=self.refs(s.doc_ids, numbers)) for s in item.stances)
            return replace(item, stances=stances, refs=self.refs(item.doc_ids, numbers))
        if isinstance(item, PersonItem):
            roles = tuple(replace(r, refs=self.refs(r.doc_ids, numbers, r.documents)) for r in item.roles)
            return replace(item, roles=roles, refs=self.refs(item.doc_ids, numbers))
        return replace(item, refs=self.refs(item.doc_ids, numbers))


# ----------------------------------------------------------------------------------------------
# The pure composer


def _headlines(events: Sequence[EventItem], kn: Knowledge, limit: int) -> list[Headline]:
    """The few most important developments: the best-ranked events; document titles when the
    selection has no dated events."""
    heads = [Headline(e.text, e.date, e.doc_ids) for e in events[:limit]]
    if len(heads) < limit:
        docs = sorted(kn.documents, key=lambda d: (d.published or date.min, d.id), reverse=True)
        for doc in docs:
            if doc.title and len(heads) < limit and not any(doc.id in h.doc_ids for h in heads):
                heads.append(Headline(doc.title.strip(), None, (doc.id,)))
    return heads


def compose(
    kn: Knowledge,
    *,
    kind: str = "briefing",
    title: str = "Briefing",
    now: datetime | None = None,
    since: date | datetime | None = None,
    until: date | datetime | None = None,
    topic: str | None = None,
    note: str | None = None,
    sections: Sequence[str] = ALL_SECTIONS,
    limits: Mapping[str, int] = LIMITS,
) -> Briefing:
    """Select, rank, de-duplicate and cite the records of ``kn`` into a :class:`Briefing`."""
    now = now or datetime.now(timezone.utc)
    people = _People(kn.people, (d.id for d in kn.documents) if kn.documents else None)
    reference = max((d.published for d in kn.documents if d.published), default=now.date())
    want = set(sections)
    ranked_events = rank_events(kn, people, reference) if want & {"events", "headlines"} else []
    headlines = _headlines(ranked_events, kn, limits["headlines"]) if "headlines" in want else []
    # never repeat: the timeline holds the next developments after those in the headlines
    headlined = {(h.date, h.text) for h in headlines}
    events = [e for e in ranked_events if (e.date, e.text) not in headlined][: limits["events"]]
    events = events if "events" in want else []
    events.sort(key=lambda e: partial_date_key(e.date, fallback_year=reference.year))
    quotes = (
        rank_quotes(kn, people, reference, limits["quotes"], per_speaker=QUOTES_PER_SPEAKER)
        if "quotes" in want else []
    )
    questions = rank_questions(kn, people, limits["questions"]) if "questions" in want else []
    doc_ids = {d.id for d in kn.documents}
    who: list[PersonItem] = []
    if "people" in want:
        featured = [q.person_id for q in quotes if q.person_id]
        featured += [s.person_id for q in questions for s in q.stances if s.person_id]
        for event in [*events, *(Headline(h.text, h.date, h.doc_ids) for h in headlines)]:
            featured += [p.id for p in people.mentioned_in(event.text, event.doc_ids)]
        who = select_people(people, dict.fromkeys(featured), doc_ids, limits["people"])
    docs = {d.id: d for d in (*kn.context, *kn.documents)}
    citer = _Citer(docs.values())
    cited = list(citer.cited([*headlines, *events, *quotes, *questions, *who]))
    extra = sorted(kn.documents, key=lambda d: (d.published or date.min, d.id), reverse=True)
    numbers, srcs = _number_sources(
        cited, docs, (d.id for d in extra) if "sources" in want else (), limits["sources"]
    )
    return Briefing(
        kind=kind,
        title=title,
        generated=now,
        since=since,
        until=until,
        topic=topic,
        note=note,
        documents=len(kn.documents),
        headlines=tuple(citer.apply(h, numbers) for h in headlines),
        events=tuple(citer.apply(e, numbers) for e in events),
        quotes=tuple(citer.apply(q, numbers) for q in quotes),
        questions=tuple(citer.apply(q, numbers) for q in questions),
        people=tuple(citer.apply(p, numbers) for p in who),
        sources=srcs,
        sections=tuple(s for s in ALL_SECTIONS if s in want),
    )


def compose_profile(
    person: PersonRecord, kn: Knowledge, *, now: datetime | None = None, roles: Sequence[RoleSummary] | None = None
) -> Profile:
    """A person profile: roles with sources, aliases, their quotes, events that mention them.

    ``roles`` (from :meth:`Store.person_roles`): the person's distinct roles with document
    counts, used instead of ``person.roles`` so that a central person's thousands of role rows
    need not be read; each role cites its documents among ``kn.documents`` and counts the rest."""
    now = now or datetime.now(timezone.utc)
    people = _People([person, *(p for p in kn.people if p.id != person.id)], (d.id for d in kn.documents))
    reference = max((d.published for d in kn.documents if d.published), default=now.date())
    own = Knowledge(kn.documents, kn.people, tuple(q for q in kn.quotes if q.speaker_id == person.id))
    quotes = rank_quotes(own, people, reference, None)
    about = tuple(
        e for e in kn.events
        if e.date and any(p.id == person.id for p in people.mentioned_in(e.text, (e.doc_id,)))
    )
    mentioned = rank_events(replace(kn, events=about), people, reference)
    mentioned.sort(key=lambda e: partial_date_key(e.date, fallback_year=reference.year))
    item = _person_item(person)
    if roles is not None:
        item = replace(item, roles=tuple(RoleItem(r.text, tuple(r.doc_ids), documents=r.documents) for r in roles))
    docs = {d.id: d for d in kn.documents}
    citer = _Citer(kn.documents)
    cited = list(citer.cited([item, *quotes, *mentioned]))
    # uncited sources follow in the person's document order (only the window's are listed)
    numbers, srcs = _number_sources(cited, docs, [d for d in person.documents if d in docs], len(docs))
    return Profile(
        person=citer.apply(item, numbers),
        generated=now,
        quotes=tuple(citer.apply(q, numbers) for q in quotes),
        events=tuple(citer.apply(e, numbers) for e in mentioned),
        sources=srcs,
    )


# ----------------------------------------------------------------------------------------------
# Reading the store


# Briefings read the store only through its public read methods (see ``ARCHITECTURE.md``).


def _topic_doc_ids(store: Store, topic: str) -> set[str]:
    """Documents about ``topic``: those of a person it names, or whose title, events, quotes or
    open questions contain it (case-insensitive)."""
    found: set[str] = set()
    for person in store.find_people(topic, limit=3, max_roles=0):
        found.update(person.documents)
    return found | store.document_ids_about(topic)


def load_knowledge(store, docs: Sequence[DocumentRecord], *, questions: bool = True) -> Knowledge:
    """The records attached to ``docs``: their quotes and events, the people they mention and
    the open questions they raise."""
    if not docs:
        return Knowledge()
    ids = [d.id for d in docs]  # callers pass at most WINDOW documents
    open_qs = tuple(store.questions(doc_ids=ids, status="open")) if questions else ()
    others = {d for q in open_qs for d in (*q.docs, *(s.doc_id for s in q.stances))} - set(ids)
    return Knowledge(
        documents=tuple(docs),
        people=tuple(store.people(doc_ids=ids)),
        quotes=tuple(store.quotes(doc_ids=ids)),
        events=tuple(store.events(doc_ids=ids)),
        questions=open_qs,
        context=tuple(store.documents(ids=others)) if others else (),
    )


def build_briefing(
    store,
    *,
    since: date | None = None,
    until: date | None = None,
    topic: str | None = None,
    now: datetime | None = None,
) -> Briefing:
    """The whole-store briefing, or one for a publication-date window and/or a topic/person.

    Each ranks at most :data:`WINDOW` documents, the most recently published of the selection
    (``Briefing.documents`` counts the whole selection)."""
    now = now or datetime.now(timezone.utc)
    since, until = _as_date(since), _as_date(until)
    if since and until and since > until:
        raise DateRangeError(f"the range starts ({since}) after it ends ({until})")
    topic = " ".join(topic.split()) if topic else None
    ids = _topic_doc_ids(store, topic) if topic else None
    window = {"published_since": since, "published_until": until, "ids": ids}
    docs = store.documents(**window, limit=WINDOW) if ids != set() else []
    total = len(docs) if len(docs) < WINDOW else store.count_documents(**window)
    kind = "topic" if topic else "range" if since or until else "briefing"
    note = None
    if not docs:
        what = f"about {topic!r}" if topic else "in this period" if since or until else "in the store yet"
        note = f"No documents {what}."
    brief = compose(load_knowledge(store, docs), kind=kind, title=f"Briefing: {topic}" if topic else "Briefing",
                    now=now, since=since, until=until, topic=topic, note=note)
    return replace(brief, documents=total, ranked=len(docs) if total > len(docs) else 0)


def build_daily(store, *, since: datetime | None, now: datetime | None = None) -> Briefing:
    """What was ingested after ``since`` (the last digest posted to a channel; None: everything).
    When nothing arrived, the briefing says so and lists the questions that are still open."""
    now = now or datetime.now(timezone.utc)
    if since is None:
        return replace(build_briefing(store, now=now), kind="daily", title="Daily digest")
    new = [d for d in store.documents(since=since) if _aware(d.ingested_at) > _aware(since)]
    if new:
        new.sort(key=lambda d: (d.published or date.min, d.id), reverse=True)
        brief = compose(load_knowledge(store, new[:WINDOW]), kind="daily", title="Daily digest", now=now, since=since)
        return replace(brief, documents=len(new), ranked=min(len(new), WINDOW) if len(new) > WINDOW else 0)
    brief = replace(open_questions(store, now=now), kind="daily", title="Daily digest", since=since)
    return replace(brief, documents=0)  # the templates say "Nothing new since ..."


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def build_profile(store, name: str, *, now: datetime | None = None) -> Profile:
    """The profile of the person best matching ``name``, from their :data:`PROFILE_WINDOW` most
    recent documents; :class:`UnknownName` (with suggestions) when nobody matches."""
    query = " ".join((name or "").split())
    if not query:
        raise UnknownName(name or "", [])
    # the best match only, without its roles: the profile reads what it shows -- the person's
    # distinct roles (counted, at most PROFILE_ROLES) and their most recent documents' items
    matches = store.find_people(query, limit=1, max_roles=0) or _spelling_variant(store, query)
    if not matches:
        raise UnknownName(query, _close_names(store, query))
    person = matches[0]
    docs = store.documents_mentioning(person.id, limit=PROFILE_WINDOW)
    ids = [d.id for d in docs]
    kn = Knowledge(
        documents=tuple(docs),
        people=(person,),
        quotes=tuple(store.quotes(doc_ids=ids, speaker_id=person.id)) if ids else (),
        events=tuple(store.events(doc_ids=ids)) if ids else (),
    )
    roles = store.person_roles(person.id, doc_ids=ids, limit=PROFILE_ROLES)
    return compose_profile(person, kn, now=now, roles=roles)


def _spelling_variant(store, query: str) -> list[PersonRecord]:
    """The one known person whose name or alias is another romanisation of ``query``
    ("Park Chol Su" for a stored "Pak Chol-su"), by the same name rules that merge people at
    ingest (:func:`digests.resolve.same_person`). Only full names (two words or more) are
    tried, and only a single unambiguous person is returned: a miss path, so a scan is fine."""
    from .resolve import same_person

    if len(query.split()) < 2:
        return []
    names = {name for alias, name in store.names() if same_person(query, alias)}
    if len(names) != 1:
        return []
    return store.find_people(names.pop(), limit=1, max_roles=0)


def _close_names(store, query: str, limit: int = 5) -> list[str]:
    """Known names and aliases closest to ``query``, for "did you mean" (the store keeps a
    fuzzy matcher over them)."""
    return store.close_names(query, limit=limit)


def suggest(store, prefix: str, *, limit: int = 25) -> list[str]:
    """Autocomplete: people whose name or alias has a word starting with ``prefix`` (most
    mentioned first), then topics: capitalised words of recent document titles, most frequent
    first."""
    needle = " ".join(prefix.lower().split())
    out = dict.fromkeys(name[:100] for name in store.people_by_word_prefix(needle, limit=limit))
    topics: Counter[str] = Counter(
        word
        for doc in store.documents(limit=SUGGEST_TITLES)
        for word in re.findall(r"\b[A-Z][\w'-]{3,}", doc.title or "")
        if word.lower().startswith(needle) and word.lower() not in _STOPWORDS
    )
    for word, _ in topics.most_common():
        if len(out) >= limit:
            break
        out.setdefault(word)
    return list(out)[:limit]


# ----------------------------------------------------------------------------------------------
# Small builders for the chat bot (each a Briefing with some sections)


def quotes_by(store, name: str, *, now: datetime | None = None) -> Briefing:
    """The quotes of the person best matching ``name`` in their :data:`PROFILE_WINDOW` most
    recent documents (as :func:`build_profile` reads them: duplicates merged, best first);
    raises :class:`UnknownName`."""
    profile = build_profile(store, name, now=now)
    return Briefing(
        kind="quotes", title=f"Quotes: {profile.person.name}", generated=profile.generated,
        topic=profile.person.name, documents=len(profile.sources), quotes=profile.quotes,
        sources=profile.sources, sections=("quotes", "sources"),
        note=None if profile.quotes else f"No quotes from {profile.person.name} yet.",
    )


def timeline(store, *, since: date | None = None, now: datetime | None = None) -> Briefing:
    """The dated timeline of the most recent documents (published on or after ``since``)."""
    docs = store.documents(published_since=_as_date(since), limit=WINDOW)
    limits = {**LIMITS, "events": 25}
    return compose(load_knowledge(store, docs, questions=False), kind="timeline", title="Timeline",
                   now=now, since=since, sections=("events", "sources"), limits=limits)


def open_questions(store, *, now: datetime | None = None) -> Briefing:
    """The questions still open, with each side's stances."""
    questions = tuple(store.questions(status="open"))
    limits = {**LIMITS, "questions": 15}
    ranked = rank_questions(Knowledge(questions=questions), _People(()), limits["questions"])
    wanted = {d for q in ranked for d in q.doc_ids} | {d for q in ranked for s in q.stances for d in s.doc_ids}
    speakers = {s.speaker_id for q in questions for s in q.stances if s.speaker_id}
    kn = Knowledge(
        documents=tuple(store.documents(ids=wanted)) if wanted else (),
        people=tuple(store.people(ids=sorted(speakers))) if speakers else (),
        questions=questions,
    )
    return compose(kn, kind="questions", title="Open questions", now=now,
                   sections=("questions", "sources"), limits=limits)


def sources(store, *, now: datetime | None = None, limit: int = 40) -> Briefing:
    """The most recently published documents in the store."""
    kn = Knowledge(documents=tuple(store.documents(limit=limit)))
    brief = compose(kn, kind="sources", title="Sources", now=now, sections=("sources",),
                    limits={**LIMITS, "sources": limit})
    return replace(brief, documents=store.count_documents())


# ----------------------------------------------------------------------------------------------
# Date ranges typed by users


_ISO = r"\d{4}-\d{2}-\d{2}"


def parse_date_range(text: str, *, today: date | None = None) -> tuple[date | None, date | None]:
    """Parse ``2020-06-01..2020-06-30``, ``since 2020-06-01``, ``until 2020-06-30``,
    ``2020-06-01`` (one day), ``last 7 days``, ``today`` or ``yesterday`` into (since, until).

    Raises :class:`DateRangeError` with the accepted forms when the text is none of them."""
    today = today or date.today()
    s = " ".join((text or "").lower().split())
    if m := re.fullmatch(rf"({_ISO})?\s*\.\.\s*({_ISO})?", s):
        since, until = _iso(m.group(1)), _iso(m.group(2))
    elif m := re.fullmatch(rf"(since|from|after) ({_ISO})", s):
        since, until = _iso(m.group(2)), None
    elif m := re.fullmatch(rf"(until|before|to) ({_ISO})", s):
        since, until = None, _iso(m.group(2))
    elif re.fullmatch(_ISO, s):
        since = until = _iso(s)
    elif m := re.fullmatch(r"(?:last|past) (\d{1,4}) (day|week|month)s?", s):
        span = int(m.group(1)) * {"day": 1, "week": 7, "month": 30}[m.group(2)]
        if span < 1:
            raise DateRangeError("the period must be at least one day")
        since, until = today - timedelta(days=span - 1), today
    elif s in ("today", "yesterday"):
        since = until = today - timedelta(days=0 if s == "today" else 1)
    else:
        raise DateRangeError(
            f"cannot read the date range {text!r}; use 2020-06-01..2020-06-30, "
            "since 2020-06-01, until 2020-06-30, 2020-06-01 or last 7 days"
        )
    if since is None and until is None:
        raise DateRangeError("a date range needs at least one date")
    if since and until and since > until:
        raise DateRangeError(f"the range starts ({since}) after it ends ({until})")
    return since, until


def _iso(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise DateRangeError(f"{value!r} is not a real date (expected YYYY-MM-DD)") from None


def day_start(day: date) -> datetime:
    """Midnight UTC at the start of ``day``."""
    return datetime.combine(day, time.min, tzinfo=timezone.utc)
