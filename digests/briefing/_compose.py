"""Composition: turns a :class:`Knowledge` selection into a :class:`Briefing` or a
:class:`Profile` (pure, no I/O), numbering the sources every item cites."""
from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timezone

from ..models import DocumentRecord, PersonRecord, QuoteRecord
from ..store import RoleSummary
from . import _bottomline, _citations, _eventlines, _focus, _voices
from ._bottomline import BottomLine
from ._records import (
    ALL_SECTIONS,
    LIMITS,
    Briefing,
    EventItem,
    Knowledge,
    PersonItem,
    Profile,
    QuestionItem,
    QuoteItem,
    RoleItem,
    Source,
)
from ._ranking import PeopleIndex, cleaned, person_item, rank_events, rank_questions, rank_quotes, select_people
from ._text import partial_date_key

#: A briefing quotes any one named speaker at most this many times.
QUOTES_PER_SPEAKER = 2
#: An item cites at most this many sources by number (the most recent); the rest are counted.
MAX_REFS = 3


def _number_sources(
    cited: Iterable[str], documents: Mapping[str, DocumentRecord], extra: Iterable[str], limit: int,
    bodies: Mapping[str, str] = {},
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
    return numbers, tuple(_source(numbers[d], documents[d], bodies) for d in order)


def _source(n: int, doc: DocumentRecord, bodies: Mapping[str, str] = {}) -> Source:
    """A numbered source: titled by its title or its first sentence (never its file name), its
    outlet from the front matter or the URL's domain."""
    title = _citations.title_of(doc.title, bodies.get(doc.id))
    outlet = _citations.outlet_of(doc.source, doc.url)
    return Source(n, doc.id, title, outlet, doc.published, doc.published_is_estimate, doc.url)


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
        """The documents an item cites by number: its own (first of ``doc_ids``) first, then
        the most recent others, at most :data:`MAX_REFS`."""
        ids = tuple(doc_ids)
        own = ids[0] if ids and ids[0] in self.rank else None
        rest = self._shown(set(ids) - {own}) if own else self._shown(set(ids))
        return ([own] + rest)[:MAX_REFS] if own else rest

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
        ids = tuple(doc_ids)
        unique = set(ids)
        picked = [numbers[d] for d in self.shown(ids) if d in numbers]
        shown = set(picked)
        out = Refs(picked[:1] + sorted(picked[1:]))
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

    def apply_all(self, items: Iterable, numbers: Mapping[str, int]) -> tuple:
        return tuple(self.apply(item, numbers) for item in items)


# ----------------------------------------------------------------------------------------------
# The pure composer


@dataclass(frozen=True, slots=True)
class Focus:
    """What a topic or person brief is about: ``words`` (every one must occur in an item's
    text) or the people ``person_ids`` (whose ``names`` and aliases make them an item's agent).
    Items about neither are left out of the brief."""

    words: tuple[str, ...] = ()
    person_ids: frozenset[str] = frozenset()
    names: tuple[str, ...] = ()

    def event(self, text: str) -> bool:
        return _focus.about(text, self.words) or (bool(self.names) and _focus.is_agent(text, self.names))

    def may_quote(self, q: QuoteRecord) -> bool:
        """Whether a stored quote can be about the focus (a partial quote's clause may be)."""
        return q.speaker_id in self.person_ids or q.kind == "partial" or _focus.about(q.text, self.words)

    def quote(self, q: QuoteItem) -> bool:
        return q.person_id in self.person_ids or _focus.about(q.context or q.text, self.words)

    def question(self, q: QuestionItem) -> bool:
        texts = (q.text, *(s.text for s in q.stances))
        return any(s.person_id in self.person_ids for s in q.stances) or any(
            _focus.about(t, self.words) for t in texts
        )


def _voices_of(kn: Knowledge, ranked: Sequence[QuoteItem], limit: int) -> list[QuoteItem]:
    """Other voices: interviewees of Q&A pieces first, then unnamed speakers and crowds (never
    slogans), at most ``limit``."""
    docs = {d.id: d for d in kn.documents}
    found = []
    for doc_id, body in kn.bodies.items():
        doc = docs.get(doc_id)
        if doc is None:
            continue
        interview = _voices.interviewee(body, outlet=_citations.outlet_of(doc.source, doc.url))
        if interview:
            found.append(QuoteItem(interview.description, None, None, interview.answer, "direct",
                                   (doc_id,), 0.0, voice="interviewee"))
    found += [q for q in ranked if q.voice in ("unnamed", "crowd")]
    return found[:limit]


def _one_per_clause(quotes: Iterable[QuoteItem]) -> list[QuoteItem]:
    """Partial quotes carried by the same clause are one item (the clause shows them all)."""
    seen: set[tuple[str, str]] = set()
    out = []
    for q in quotes:
        key = (q.doc_ids[0], q.context) if q.context else None
        if key and key in seen:
            continue
        if key:
            seen.add(key)
        out.append(q)
    return out


@dataclass(frozen=True, slots=True)
class _Context:
    """What every section of one briefing is ranked against."""

    kn: Knowledge
    people: PeopleIndex
    reference: date
    want: frozenset[str]
    limits: Mapping[str, int]
    focus: Focus | None


def _focused(kn: Knowledge, focus: Focus | None) -> Knowledge:
    """A brief ranks only the events and quotes that can be about its topic or person."""
    if focus is None:
        return kn
    return replace(kn, events=tuple(e for e in kn.events if focus.event(e.text)),
                   quotes=tuple(q for q in kn.quotes if focus.may_quote(q)))


def _quote_sections(ctx: _Context) -> tuple[list[QuoteItem], list[QuoteItem]]:
    """Quoted officials (named speakers, those with a role first) and other voices."""
    if not ctx.want & {"quotes", "voices"}:
        return [], []
    kn, focus, limits = ctx.kn, ctx.focus, ctx.limits
    spoken = tuple(q for q in kn.quotes if q.speaker_id or _voices.voice_kind(q.speaker_text) != "slogan")
    # enough candidates for both sections after clauses merge (a bounded list keeps the
    # de-duplication linear in the number of quotes)
    pool = limits["quotes"] + 2 * limits.get("voices", 4)
    ranked = _one_per_clause(rank_quotes(replace(kn, quotes=spoken), ctx.people, ctx.reference, pool,
                                         per_speaker=QUOTES_PER_SPEAKER))
    if focus:
        ranked = [q for q in ranked if focus.quote(q)]
    named = sorted((q for q in ranked if q.voice == "named"), key=lambda q: q.role is None)
    quotes = named[: limits["quotes"]] if "quotes" in ctx.want else []
    voices = _voices_of(kn, ranked, limits.get("voices", 4)) if "voices" in ctx.want else []
    return quotes, [q for q in voices if focus is None or focus.quote(q)]


def _question_section(ctx: _Context, new: Iterable[str]) -> list[QuestionItem]:
    """The open questions by weight (about the focus, when there is one)."""
    if not ctx.want & {"questions", "bottom_line"}:
        return []
    questions = rank_questions(ctx.kn, ctx.people, None, reference=ctx.reference, new=new)
    if ctx.focus:
        questions = [q for q in questions if ctx.focus.question(q)]
    return questions[: ctx.limits["questions"]]


def _event_sections(
    ctx: _Context, questions: Sequence[QuestionItem]
) -> tuple[tuple[date | None, date | None], tuple[BottomLine, ...], list[EventItem]]:
    """The news period, the bottom line and the key events (oldest first), cleaned for show."""
    ranked = rank_events(ctx.kn, ctx.people, ctx.reference) if ctx.want & {"events", "bottom_line"} else []
    period = _bottomline.news_period(
        (d.published for d in ctx.kn.documents), (e.date for e in ranked)
    ) if ctx.kn.documents else (None, None)
    bottom: tuple[BottomLine, ...] = ()
    if "bottom_line" in ctx.want:
        bottom = tuple(
            replace(line, text=_eventlines.clean_event_line(line.text)) if line.kind == "changed" else line
            for line in _bottomline.compose_bottom_line(ranked, questions, period=period)
        )
    events = [cleaned(e) for e in ranked[: ctx.limits["events"]]] if "events" in ctx.want else []
    events.sort(key=lambda e: partial_date_key(e.date, fallback_year=ctx.reference.year))
    return period, bottom, events


def _people_section(ctx: _Context, events: Sequence[EventItem], quotes: Sequence[QuoteItem],
                    questions: Sequence[QuestionItem]) -> list[PersonItem]:
    """Who's who: the people the items feature (a brief: only those), then central people."""
    if "people" not in ctx.want:
        return []
    people = ctx.people
    featured = [q.person_id for q in quotes if q.person_id]
    featured += [s.person_id for q in questions for s in q.stances if s.person_id]
    for event in events:
        featured += [p.id for p in people.mentioned_in(event.text, event.doc_ids)]
    doc_ids = {d.id for d in ctx.kn.documents}
    if ctx.focus:
        return [person_item(people.by_id[p], doc_ids) for p in dict.fromkeys(featured)
                if p in people.by_id][: ctx.limits["people"]]
    return select_people(people, dict.fromkeys(featured), doc_ids, ctx.limits["people"])


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
    focus: Focus | None = None,
    new: Iterable[str] = (),
) -> Briefing:
    """Select, rank, de-duplicate and cite the records of ``kn`` into a :class:`Briefing`:
    the bottom line (built from the ranked items), key events (one line per development,
    oldest first), quoted officials, other voices, open questions, who's who and sources.
    ``focus``: keep only the items about a topic or person; ``new``: documents whose stances
    are new (the daily digest)."""
    now = now or datetime.now(timezone.utc)
    people = PeopleIndex(kn.people, (d.id for d in kn.documents) if kn.documents else None)
    reference = max((d.published for d in kn.documents if d.published), default=now.date())
    want = frozenset(sections)
    ctx = _Context(_focused(kn, focus), people, reference, want, limits, focus)
    quotes, voices = _quote_sections(ctx)
    questions = _question_section(ctx, new)
    period, bottom, events = _event_sections(ctx, questions)
    questions = questions if "questions" in want else []
    who = _people_section(ctx, events, quotes, questions)
    docs = {d.id: d for d in (*kn.context, *kn.documents)}
    citer = _Citer(docs.values())
    cited = list(citer.cited([*bottom, *events, *quotes, *voices, *questions, *who]))
    extra = sorted(kn.documents, key=lambda d: (d.published or date.min, d.id), reverse=True)
    numbers, srcs = _number_sources(
        cited, docs, (d.id for d in extra) if "sources" in want and not focus else (), limits["sources"],
        kn.bodies,
    )
    return Briefing(
        kind=kind, title=title, generated=now, since=since, until=until, period=period, topic=topic,
        note=note, documents=len(kn.documents),
        bottom_line=citer.apply_all(bottom, numbers), events=citer.apply_all(events, numbers),
        quotes=citer.apply_all(quotes, numbers), voices=citer.apply_all(voices, numbers),
        questions=citer.apply_all(questions, numbers), people=citer.apply_all(who, numbers),
        sources=srcs, sections=tuple(x for x in ALL_SECTIONS if x in want),
    )


def compose_profile(
    person: PersonRecord, kn: Knowledge, *, now: datetime | None = None, roles: Sequence[RoleSummary] | None = None
) -> Profile:
    """A person profile: roles with sources, aliases, their quotes, and the events whose
    subject or agent they are (:func:`digests._focus.is_agent`: not a relative's statement, not
    "talks with" them).

    ``roles`` (from :meth:`Store.person_roles`): the person's distinct roles with document
    counts, used instead of ``person.roles`` so that a central person's thousands of role rows
    need not be read; each role cites its documents among ``kn.documents`` and counts the rest."""
    now = now or datetime.now(timezone.utc)
    people = PeopleIndex([person, *(p for p in kn.people if p.id != person.id)], (d.id for d in kn.documents))
    reference = max((d.published for d in kn.documents if d.published), default=now.date())
    own = Knowledge(kn.documents, kn.people, tuple(q for q in kn.quotes if q.speaker_id == person.id),
                    bodies=kn.bodies)
    quotes = _one_per_clause(rank_quotes(own, people, reference, None))
    names = (person.name, *person.aliases)
    others = [n for p in kn.people if p.id != person.id for n in (p.name, *p.aliases)]
    # the person's own doings: the reports in which they are the agent (another report of the
    # same development that does not name them as its agent does not hide it)
    done = tuple(e for e in kn.events if _focus.is_agent(e.text, names, others=others))
    mentioned = [cleaned(e) for e in rank_events(replace(kn, events=done), people, reference)]
    mentioned.sort(key=lambda e: partial_date_key(e.date, fallback_year=reference.year))
    item = person_item(person)
    if roles is not None:
        item = replace(item, roles=tuple(RoleItem(r.text, tuple(r.doc_ids), documents=r.documents) for r in roles))
    docs = {d.id: d for d in kn.documents}
    citer = _Citer(kn.documents)
    cited = list(citer.cited([item, *quotes, *mentioned]))
    # uncited sources follow in the person's document order (only the window's are listed)
    numbers, srcs = _number_sources(cited, docs, [d for d in person.documents if d in docs], len(docs), kn.bodies)
    return Profile(
        person=citer.apply(item, numbers),
        generated=now,
        quotes=tuple(citer.apply(q, numbers) for q in quotes),
        events=tuple(citer.apply(e, numbers) for e in mentioned),
        sources=srcs,
    )
