"""Composition: turns a :class:`Knowledge` selection into a :class:`Briefing` or a
:class:`Profile` (pure, no I/O), numbering the sources every item cites."""
from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timezone

from ..models import DocumentRecord, PersonRecord
from ..store import RoleSummary
from ._records import (
    ALL_SECTIONS,
    LIMITS,
    Briefing,
    EventItem,
    Headline,
    Knowledge,
    PersonItem,
    Profile,
    QuestionItem,
    QuoteItem,
    RoleItem,
    Source,
)
from ._ranking import PeopleIndex, person_item, rank_events, rank_questions, rank_quotes, select_people
from ._text import partial_date_key

#: A briefing quotes any one named speaker at most this many times.
QUOTES_PER_SPEAKER = 2
#: An item cites at most this many sources by number (the most recent); the rest are counted.
MAX_REFS = 3


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


@dataclass(frozen=True, slots=True)
class _Sections:
    """The ranked items of each section of a briefing, before citing (empty: not shown)."""

    headlines: list[Headline]
    events: list[EventItem]
    quotes: list[QuoteItem]
    questions: list[QuestionItem]
    people: list[PersonItem]

    def items(self) -> list:
        return [*self.headlines, *self.events, *self.quotes, *self.questions, *self.people]


def _rank_sections(kn: Knowledge, people: PeopleIndex, reference: date, want: set[str],
                   limits: Mapping[str, int]) -> _Sections:
    ranked_events = rank_events(kn, people, reference) if want & {"events", "headlines"} else []
    headlines = _headlines(ranked_events, kn, limits["headlines"]) if "headlines" in want else []
    events = _timeline(ranked_events, headlines, limits["events"], reference) if "events" in want else []
    quotes = (
        rank_quotes(kn, people, reference, limits["quotes"], per_speaker=QUOTES_PER_SPEAKER)
        if "quotes" in want else []
    )
    questions = rank_questions(kn, people, limits["questions"]) if "questions" in want else []
    sections = _Sections(headlines, events, quotes, questions, [])
    if "people" in want:
        featured = _featured(sections, people)
        doc_ids = {d.id for d in kn.documents}
        sections.people.extend(select_people(people, featured, doc_ids, limits["people"]))
    return sections


def _timeline(ranked: Sequence[EventItem], headlines: Sequence[Headline], limit: int,
              reference: date) -> list[EventItem]:
    """The next developments after those in the headlines (never repeated), oldest first."""
    headlined = {(h.date, h.text) for h in headlines}
    events = [e for e in ranked if (e.date, e.text) not in headlined][:limit]
    events.sort(key=lambda e: partial_date_key(e.date, fallback_year=reference.year))
    return events


def _featured(sections: _Sections, people: PeopleIndex) -> dict[str, None]:
    """The people the briefing's items feature, in order: speakers, stance holders, then the
    people the events and headlines mention."""
    featured = [q.person_id for q in sections.quotes if q.person_id]
    featured += [s.person_id for q in sections.questions for s in q.stances if s.person_id]
    for event in [*sections.events, *(Headline(h.text, h.date, h.doc_ids) for h in sections.headlines)]:
        featured += [p.id for p in people.mentioned_in(event.text, event.doc_ids)]
    return dict.fromkeys(featured)


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
    people = PeopleIndex(kn.people, (d.id for d in kn.documents) if kn.documents else None)
    reference = max((d.published for d in kn.documents if d.published), default=now.date())
    want = set(sections)
    ranked = _rank_sections(kn, people, reference, want, limits)
    docs = {d.id: d for d in (*kn.context, *kn.documents)}
    citer = _Citer(docs.values())
    cited = list(citer.cited(ranked.items()))
    extra = sorted(kn.documents, key=lambda d: (d.published or date.min, d.id), reverse=True)
    numbers, srcs = _number_sources(
        cited, docs, (d.id for d in extra) if "sources" in want else (), limits["sources"]
    )

    def cite(items: Sequence) -> tuple:
        return tuple(citer.apply(item, numbers) for item in items)

    return Briefing(
        kind=kind, title=title, generated=now, since=since, until=until, topic=topic, note=note,
        documents=len(kn.documents), headlines=cite(ranked.headlines), events=cite(ranked.events),
        quotes=cite(ranked.quotes), questions=cite(ranked.questions), people=cite(ranked.people),
        sources=srcs, sections=tuple(s for s in ALL_SECTIONS if s in want),
    )


def compose_profile(
    person: PersonRecord, kn: Knowledge, *, now: datetime | None = None, roles: Sequence[RoleSummary] | None = None
) -> Profile:
    """A person profile: roles with sources, aliases, their quotes, events that mention them.

    ``roles`` (from :meth:`Store.person_roles`): the person's distinct roles with document
    counts, used instead of ``person.roles`` so that a central person's thousands of role rows
    need not be read; each role cites its documents among ``kn.documents`` and counts the rest."""
    now = now or datetime.now(timezone.utc)
    people = PeopleIndex([person, *(p for p in kn.people if p.id != person.id)], (d.id for d in kn.documents))
    reference = max((d.published for d in kn.documents if d.published), default=now.date())
    own = Knowledge(kn.documents, kn.people, tuple(q for q in kn.quotes if q.speaker_id == person.id))
    quotes = rank_quotes(own, people, reference, None)
    about = tuple(
        e for e in kn.events
        if e.date and any(p.id == person.id for p in people.mentioned_in(e.text, (e.doc_id,)))
    )
    mentioned = rank_events(replace(kn, events=about), people, reference)
    mentioned.sort(key=lambda e: partial_date_key(e.date, fallback_year=reference.year))
    item = person_item(person)
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
