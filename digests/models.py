"""The records that flow through Briefbot.

Two layers:

* per-document extraction records (``Person``, ``Quote``, ``Event``, ``QuestionCandidate``),
  produced by the pure extractors in :mod:`digests.extract` from one parsed document. Person
  references inside a document are *local keys* (``Person.key``), unique within that document;
* store records (``PersonRecord``, ``QuoteRecord``, ...), produced after cross-document
  resolution (:mod:`digests.merge`) and read back from the store by briefings and lookups.
  Person references there are *global ids* (``PersonRecord.id``).

Every record is a small frozen dataclass; character offsets always refer to ``Document.body``.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime

# ----------------------------------------------------------------------------------------------
# Documents


@dataclass(frozen=True, slots=True)
class Document:
    """One ingested article. ``id`` is the file stem; ``body`` is the normalised text that the
    NLP pipeline parses (the title is kept apart)."""

    id: str
    path: str
    title: str | None
    body: str
    sha256: str
    source: str | None = None
    url: str | None = None
    published: date | None = None
    published_is_estimate: bool = False

    @property
    def words(self) -> int:
        return len(self.body.split())


# ----------------------------------------------------------------------------------------------
# Per-document extraction records (local person keys)


@dataclass(frozen=True, slots=True)
class Person:
    """A person as one document names them.

    ``key`` is unique within the document (a slug of ``name`` is fine). ``name`` is the fullest
    form the document uses; ``aliases`` every other surface form seen for the same person
    (surname alone, other spellings). ``roles`` are titles and roles as the text gives them
    ("Chilean Finance Minister", "Kenya's ambassador to Japan", "sister of Amara Diallo").
    ``mentions`` are (start, end) character spans of every name mention in the body.
    """

    key: str
    name: str
    aliases: tuple[str, ...] = ()
    roles: tuple[str, ...] = ()
    mentions: tuple[tuple[int, int], ...] = ()


@dataclass(frozen=True, slots=True)
class Quote:
    """A direct or partial quotation. ``text`` is the quoted words without the marks;
    ``start``/``end`` its span in the body. ``speaker`` is the local ``Person.key`` of the named
    person who said it, or None (organisations, slogans, unnamed officials, unknown);
    ``speaker_text`` says who, as the text names them ("Okafor", "an official", "state media")."""

    text: str
    start: int
    end: int
    speaker: str | None
    speaker_text: str | None
    kind: str = "direct"  # "direct" | "partial"


@dataclass(frozen=True, slots=True)
class Event:
    """A dated happening. ``date`` is normalised: ``YYYY-MM-DD``, ``YYYY-MM``, ``YYYY``,
    ``--MM-DD`` (year unknown) or None; ``precision`` is "day", "month", "year" or "none".
    ``text`` is a short clause saying what happened; ``start``/``end`` span the sentence."""

    date: str | None
    precision: str
    date_text: str
    text: str
    start: int
    end: int


LEANINGS = ("for", "against", "unsure")


@dataclass(frozen=True, slots=True)
class Stance:
    """Who leans which way on an open question: ``leaning`` is one of :data:`LEANINGS`."""

    speaker: str | None  # local Person.key (per document) or global id (in store records)
    speaker_text: str | None
    text: str
    leaning: str


@dataclass(frozen=True, slots=True)
class QuestionCandidate:
    """An open question found in one document: a statement of what may or may not happen
    (hope, plan, expectation, doubt, condition) or an explicit question. ``text`` phrases it;
    ``topic`` holds normalised content keywords used to group candidates across documents."""

    text: str
    topic: tuple[str, ...]
    stances: tuple[Stance, ...]
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class DocExtraction:
    """Everything the extractors found in one document."""

    doc_id: str
    people: tuple[Person, ...] = ()
    quotes: tuple[Quote, ...] = ()
    events: tuple[Event, ...] = ()
    questions: tuple[QuestionCandidate, ...] = ()


# ----------------------------------------------------------------------------------------------
# Store records (global ids), what briefings and lookups read


@dataclass(frozen=True, slots=True)
class DocumentRecord:
    id: str
    path: str
    title: str | None
    source: str | None
    url: str | None
    published: date | None
    published_is_estimate: bool
    words: int
    sha256: str
    ingested_at: datetime


@dataclass(frozen=True, slots=True)
class Role:
    text: str
    doc_id: str


@dataclass(frozen=True, slots=True)
class PersonRecord:
    id: str
    name: str
    aliases: tuple[str, ...] = ()
    roles: tuple[Role, ...] = ()
    documents: tuple[str, ...] = ()
    mentions: int = 0  # how many name mentions across all documents (centrality)


@dataclass(frozen=True, slots=True)
class QuoteRecord:
    id: int
    doc_id: str
    speaker_id: str | None
    speaker_text: str | None
    text: str
    kind: str
    start: int = 0
    end: int = 0


@dataclass(frozen=True, slots=True)
class EventRecord:
    id: int
    doc_id: str
    date: str | None
    precision: str
    date_text: str
    text: str
    start: int = 0


@dataclass(frozen=True, slots=True)
class StanceRecord:
    doc_id: str
    speaker_id: str | None
    speaker_text: str | None
    text: str
    leaning: str


@dataclass(frozen=True, slots=True)
class QuestionRecord:
    id: str
    text: str
    status: str  # "open" | "resolved"
    docs: tuple[str, ...] = ()
    stances: tuple[StanceRecord, ...] = field(default_factory=tuple)


@dataclass(frozen=True, slots=True)
class QuestionIndex:
    """What a resolution records of one question beside its record, so that a later one can
    reach it incrementally: the candidates it groups (``(doc_id, seq)``, seq the candidate's
    position in its document's extraction) and its frame keys
    (:func:`digests.merge.questions.frame_keys`)."""

    members: tuple[tuple[str, int], ...]
    frames: frozenset[str] = frozenset()


# ----------------------------------------------------------------------------------------------
# Scheduling and the posting ledger (written by the bot, kept in the store)


@dataclass(frozen=True, slots=True)
class Schedule:
    """A channel's daily digest. ``target`` names where to post ("discord:<channel id>" or
    "console"); ``time`` is "HH:MM" in ``timezone`` (an IANA name)."""

    id: str
    target: str
    time: str
    timezone: str
    created_by: str | None = None
    guild: str | None = None
    format: str = "discord"


@dataclass(frozen=True, slots=True)
class PostRecord:
    """One ledger row: which digest window was posted to which target, and how it went.
    ``status`` is "pending", "sent" or "failed"; unique on (target, window_key)."""

    target: str
    window_key: str
    status: str
    schedule_id: str | None = None
    message_ids: tuple[str, ...] = ()
    error: str | None = None
    at: datetime | None = None


# ----------------------------------------------------------------------------------------------
# News sources


SOURCE_KINDS = ("url", "folder")


@dataclass(frozen=True, slots=True)
class Source:
    """A news source polled on an interval: a feed or article URL (``kind`` "url") or a local
    folder ("folder"), with its polling status. ``added_by`` is the chat user who added it
    (told once when it keeps failing); None for the config file and the command line."""

    id: str
    location: str
    kind: str = "url"
    name: str | None = None
    every_seconds: int = 1800
    added_by: str | None = None
    last_poll: datetime | None = None
    #: One line: what the last poll brought, or why it failed.
    last_status: str | None = None
    last_ok: bool | None = None
    etag: str | None = None
    last_modified: str | None = None
    failures: int = 0
    backoff_until: datetime | None = None
    articles: int = 0
    #: The current run of failures has been reported to ``added_by``.
    failure_reported: bool = False

    @property
    def label(self) -> str:
        return self.name or self.location


@dataclass(frozen=True, slots=True)
class SeenItem:
    """An article a source brought: ``key`` is its canonical URL (or the feed entry's id);
    ``version`` the feed entry's version; ``doc_id`` the stored document it became, or, for a
    near-duplicate (``duplicate_of`` set), the document it copies."""

    key: str
    source_id: str | None
    doc_id: str
    version: str = ""
    content_hash: str = ""
    sketch: str = ""
    outlet: str | None = None
    url: str | None = None
    duplicate_of: str | None = None
    seen_at: datetime | None = None
@dataclass(frozen=True, slots=True)
class StoreHealth:
    """What ``briefbot status`` says about the store: its URL with any password hidden, the
    schema version, the main counts, and the row count of every table in the database (so a
    status section can tell whether an optional table such as ``sources`` exists)."""

    url: str
    schema_version: int
    documents: int
    people: int
    tables: Mapping[str, int]
