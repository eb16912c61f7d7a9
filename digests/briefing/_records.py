"""What briefings are made of: the frozen view records the templates render, the section
limits, and the error for an unknown name."""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from ..models import LEANINGS, DocumentRecord, EventRecord, PersonRecord, QuestionRecord, QuoteRecord

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
