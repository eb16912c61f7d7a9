"""Ranking and de-duplication: the people index of a selection (centrality, names), event
clusters, and the scores that order events, quotes, questions and who's who."""
from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date

from ..models import DocumentRecord, EventRecord, PersonRecord, QuoteRecord
from . import _citations, _eventlines, _voices
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


def _overlaps(a: set[str] | frozenset[str], b: set[str] | frozenset[str], *, exact_day: bool = False,
              ratio: float = 0.4) -> bool:
    """Whether two texts share enough content words to be the same development. On the same
    exact day two shared content words suffice; vaguer dates need a larger overlap (``ratio``
    of the smaller text's words)."""
    if not a or not b:
        return False
    shared = len(a & b)
    smaller = min(len(a), len(b))
    if shared < (1 if smaller <= 2 else 2):
        return False
    return exact_day or shared / smaller >= ratio


def developments(events: Iterable[EventRecord], documents: Mapping[str, DocumentRecord]) -> list[EventRecord]:
    """The events that are developments (:mod:`digests.briefing._eventlines`): captions,
    bylines, newsroom lines, quotations with their attribution and hopes about a future date
    are left out; an undated event counts only when its article is undated too (it is then
    shown as undated). Their wording is cleaned later, for the items shown (:func:`cleaned`)."""
    out = []
    outlets: dict[str, str | None] = {}
    for event in events:
        doc = documents.get(event.doc_id)
        published = doc.published if doc else None
        if not event.text.strip() or (not event.date and (doc is None or published is not None)):
            continue
        if doc is not None and doc.id not in outlets:
            outlets[doc.id] = _citations.outlet_of(doc.source, doc.url)
        outlet = outlets.get(event.doc_id)
        if _eventlines.not_content(event.text, outlet=outlet) or _eventlines.is_quote_line(event.text):
            continue
        if _eventlines.is_stance(event.text, when=event.date, published=published):
            continue
        out.append(event)
    return _drop_repeats(out)


def cleaned(item: EventItem) -> EventItem:
    """``item`` said as a clean clause (:func:`digests.briefing._eventlines.clean_event_line`);
    done for the items a briefing shows only, after ranking."""
    return replace(item, text=_eventlines.clean_event_line(item.text))


def _drop_repeats(events: list[EventRecord]) -> list[EventRecord]:
    """An event whose words another event of the same document already says (the same
    sentence extracted twice with two date guesses) is left out; the fuller one stays."""
    words = [content_words(e.text) for e in events]
    by_doc: dict[str, list[int]] = defaultdict(list)
    for i, e in enumerate(events):
        by_doc[e.doc_id].append(i)
    dropped: set[int] = set()
    for members in by_doc.values():
        for i in members:
            for j in members:
                if i != j and j not in dropped and words[i] and len(words[i]) < len(words[j]) \
                        and len(words[i] & words[j]) >= 0.8 * len(words[i]):
                    dropped.add(i)
                    break
    return [e for i, e in enumerate(events) if i not in dropped]


def cluster_events(events: Iterable[EventRecord]) -> list[_Cluster]:
    """Group events: same (compatible) date and overlapping content words, any document; the
    first document of a group is the one whose words it shows.

    Undated events are grouped only with undated events of the same words."""
    buckets: dict[str, list[_Cluster]] = defaultdict(list)
    for event in events:
        if not event.text.strip():
            continue
        if not event.date:
            words = set(content_words(event.text))
            bucket = buckets["undated"]
            for cluster in bucket:
                if cluster.words == words:
                    _absorb(cluster, event, words)
                    break
            else:
                bucket.append(_Cluster(None, "none", event.text.strip(), words, [event.doc_id]))
            continue
        words = set(content_words(event.text))
        bucket = buckets[event.date[-5:] if len(event.date) == 10 or event.date.startswith("--") else event.date]
        for cluster in bucket:
            exact_day = event.precision == "day"
            if not dates_compatible(cluster.date or "", event.date):
                continue
            # one article telling two things of the same day: two developments, unless it
            # repeats itself nearly word for word
            same_article = cluster.doc_ids == [event.doc_id]
            if _overlaps(cluster.words, words, exact_day=exact_day and not same_article,
                         ratio=0.75 if same_article else 0.4):
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
    # the more informative wording once reporting frames are set aside ("<outlet> reported
    # that ..." is longer, not more informative)
    said = len(_eventlines.clean_event_line(text))
    if len(words) > len(cluster.words & words) and said <= 240 and said > len(_eventlines.clean_event_line(cluster.text)):
        cluster.text = text  # the more informative wording, cited first
        cluster.doc_ids.remove(event.doc_id)
        cluster.doc_ids.insert(0, event.doc_id)
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
    docs = {d.id: d for d in kn.documents}
    items = [
        EventItem(c.date, c.precision, c.text, tuple(c.doc_ids), _event_score(c, people, reference, doc_dates))
        for c in cluster_events(developments(kn.events, docs))
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
    # each chosen entry: its key, its members and their speaker (kept, not recomputed per pair)
    chosen: list[tuple[str, list[QuoteRecord], str | None]] = []
    voices: Counter[str] = Counter()
    for key, group in ranked:
        who = speaker(group)
        for i, (other, members, theirs) in enumerate(chosen):
            if _same_quote(key, other) and (who is None or theirs is None or who == theirs):
                merged = group + members if len(key) > len(other) else members + group
                chosen[i] = (max(key, other, key=len), merged, theirs or who)
                break
        else:
            if (limit is None or len(chosen) < limit) and (
                per_speaker is None or who is None or voices[who] < per_speaker
            ):
                chosen.append((key, group, who))
                voices[who or ""] += 1
    return [_quote_item(group, people, score(group), kn.bodies) for _, group, _who in chosen]


def _same_quote(a: str, b: str) -> bool:
    """Whether two normalised quotes are one: equal, or the shorter (three words or more)
    inside the longer."""
    short, long = (a, b) if len(a) <= len(b) else (b, a)
    if short not in long:  # the common case, decided by one substring search
        return False
    return short == long or (short.count(" ") >= 2 and f" {short} " in f" {long} ")


def _quote_item(
    group: list[QuoteRecord], people: PeopleIndex, score: float, bodies: Mapping[str, str] = {}
) -> QuoteItem:
    head = max(group, key=lambda q: (len(q.text), q.speaker_id is not None))
    speaker_id = head.speaker_id or next((q.speaker_id for q in group if q.speaker_id), None)
    doc_ids = _citations.own_first((q.doc_id for q in group), head.doc_id)
    body = bodies.get(head.doc_id)
    context = None
    if body is not None and head.kind == "partial" and _same_span(body[head.start:head.end], head.text):
        context = _voices.carrying_clause(body, head.start, head.end)
    text = head.text.strip()
    if context is None and _voices.ends_mid_phrase(text):
        text = text.rstrip(" ,") + "…"  # no clause to complete it: say that it goes on
    return QuoteItem(
        context=context,
        voice="named" if speaker_id else _voices.voice_kind(head.speaker_text),
        speaker=people.display(speaker_id, head.speaker_text),
        role=people.role(speaker_id, doc_ids),
        person_id=speaker_id,
        text=text,
        kind=head.kind,
        doc_ids=doc_ids,
        score=score,
    )


def _same_span(span: str, text: str) -> bool:
    """Whether a body span holds a quote's words (the span may carry a trailing comma)."""
    return span.strip(" ,.;:") == text.strip(" ,.;:")


def rank_questions(
    kn: Knowledge, people: PeopleIndex, limit: int | None, *, reference: date | None = None,
    new: Iterable[str] = (),
) -> list[QuestionItem]:
    """Open questions by weight: how many sources raise them, how recent the latest is and how
    many people take sides (then how many sides there are). Each stance is dated by its
    document; ``new``: documents whose stances are marked new (the daily digest)."""
    published = {d.id: d.published for d in (*kn.context, *kn.documents)}
    fresh = set(new)
    items = []
    for q in kn.questions:
        if q.status != "open":
            continue
        doc_ids = tuple(q.docs)
        stances = tuple(
            StanceItem(
                people.display(s.speaker_id, s.speaker_text), s.speaker_id, s.leaning,
                "" if norm_quote(s.text) == norm_quote(q.text) else s.text.strip(),  # no echo
                (s.doc_id,), date=published.get(s.doc_id), new=s.doc_id in fresh,
            )
            for s in q.stances
        )
        latest = max((published.get(d) for d in (*doc_ids, *(s.doc_id for s in q.stances)) if published.get(d)),
                     default=None)
        recency = _recency(latest, reference) if reference else 0.0
        speakers = {s.person_id or s.speaker for s in stances}
        central = max((people.centrality(s.person_id) for s in stances), default=0.0)
        score = (3.0 * math.log2(1 + len(doc_ids)) + 1.5 * recency + 1.0 * len(speakers)
                 + 0.5 * len({s.leaning for s in stances}) + 1.0 * central)
        items.append(QuestionItem(q.id, q.text.strip(), stances, doc_ids, round(score, 4)))
    items.sort(key=lambda q: (-q.score, -len(q.stances), q.id))
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
        # people not featured by any item fill the list only when an article gives their role
        # (a name from a byline or a passing mention identifies no one)
        others = sorted(
            (p for p in people.by_id.values()
             if p.id not in chosen and p.roles and doc_ids.intersection(p.documents)),
            key=lambda p: (-p.mentions, -len(p.documents), p.name),
        )
        for person in others[: limit - len(chosen)]:
            chosen[person.id] = person
    return [person_item(p, doc_ids) for p in chosen.values()]
