"""What briefings are made of: the frozen view records the templates render, the section
limits, and the error for an unknown name."""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from ._bottomline import BottomLine
from ..models import LEANINGS, DocumentRecord, EventRecord, PersonRecord, QuestionRecord, QuoteRecord

#: How many items each section shows at most.
LIMITS: Mapping[str, int] = {
    "events": 12,
    "quotes": 8,
    "voices": 4,
    "questions": 6,
    "people": 10,
    "sources": 40,
}
ALL_SECTIONS = ("bottom_line", "events", "quotes", "voices", "questions", "people", "sources")
#: A briefing reads the bodies of at most this many of its documents (the most recent): for
#: the words around partial quotes, interviewees and the first sentence of untitled articles.
BODY_WINDOW = 20

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
class EventItem:
    """One development on the timeline (possibly reported by several documents)."""

    date: str | None
    precision: str
    text: str
    doc_ids: tuple[str, ...]  # the document whose words ``text`` shows first
    score: float = 0.0
    refs: tuple[int, ...] = ()

    @property
    def sources(self) -> int:
        """How many documents report the development."""
        return len(self.doc_ids)


@dataclass(frozen=True, slots=True)
class QuoteItem:
    """A quotation. ``context`` is the clause that carries a partial quote, quote marks kept
    (None: ``text`` stands alone); ``voice`` is "named", "unnamed", "crowd" or "interviewee"."""

    speaker: str
    role: str | None
    person_id: str | None
    text: str
    kind: str
    doc_ids: tuple[str, ...]
    score: float = 0.0
    refs: tuple[int, ...] = ()
    context: str | None = None
    voice: str = "named"


@dataclass(frozen=True, slots=True)
class StanceItem:
    """One side of an open question: the speaker, their leaning, their own words (quote marks
    kept) and when they took it (``date``: the publication day of its document)."""

    speaker: str
    person_id: str | None
    leaning: str
    text: str
    doc_ids: tuple[str, ...]
    refs: tuple[int, ...] = ()
    date: date | None = None
    new: bool = False


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
    #: The days the news covers (articles and the developments they report), see
    #: :func:`digests._bottomline.news_period`.
    period: tuple[date | None, date | None] = (None, None)
    bottom_line: tuple[BottomLine, ...] = ()
    voices: tuple[QuoteItem, ...] = ()
    until: date | datetime | None = None
    topic: str | None = None
    note: str | None = None
    documents: int = 0
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
    #: Bodies of some documents (at most :data:`BODY_WINDOW`): partial quotes are shown in
    #: their clause, Q&A interviewees found, untitled articles titled by their first sentence.
    bodies: Mapping[str, str] = field(default_factory=dict)


class UnknownName(LookupError):
    """No person matches ``query``; ``suggestions`` are the closest known names."""

    def __init__(self, query: str, suggestions: Sequence[str] = ()) -> None:
        self.query = query
        self.suggestions = list(suggestions)
        hint = f" Did you mean: {', '.join(self.suggestions)}?" if self.suggestions else ""
        super().__init__(f"No one called {query!r} in the store.{hint}")


class AmbiguousName(UnknownName):
    """Several people match a one-word ``query``; ``candidates`` are their names (most
    mentioned first), to be listed instead of silently picking one."""

    def __init__(self, query: str, candidates: Sequence[str]) -> None:
        LookupError.__init__(self, f"{query!r} could mean several people: {', '.join(candidates)}. "
                             "Which one? Give the full name.")
        self.query = query
        self.candidates = list(candidates)
        self.suggestions = list(candidates)
