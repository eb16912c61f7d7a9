"""Selection: what each briefing reads from the store (through its public read methods only),
the name lookup behind ``who`` (with "did you mean"), autocomplete, and the small builders the
chat commands call."""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace
from datetime import date, datetime, timezone

from ..models import DocumentRecord, PersonRecord
from ..names import same_person
from ..store import Store
from ._compose import compose, compose_profile
from ._dates import DateRangeError
from ._ranking import PeopleIndex, rank_questions
from ._records import LIMITS, Briefing, Knowledge, Profile, UnknownName
from ._text import STOPWORDS, as_date

#: A briefing ranks at most this many documents of its selection, the most recently published.
WINDOW = 400
#: A profile shows quotes and events from the person's most recent documents, at most this many.
PROFILE_WINDOW = 20
#: A profile lists at most this many of the person's distinct roles (the first given).
PROFILE_ROLES = 25
#: Autocomplete draws topics from the titles of this many recent documents.
SUGGEST_TITLES = 2000


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
        documents=with_other_outlets(docs, store.reported_by(ids)),
        people=tuple(store.people(doc_ids=ids)),
        quotes=tuple(store.quotes(doc_ids=ids)),
        events=tuple(store.events(doc_ids=ids)),
        questions=open_qs,
        context=tuple(store.documents(ids=others)) if others else (),
    )


def with_other_outlets(docs: Sequence[DocumentRecord],
                       outlets: dict[str, list[str]]) -> tuple[DocumentRecord, ...]:
    """One story carried by several outlets (a wire copy, noticed when a news source brought it)
    is one document whose outlet reads "Harbour Wire (also Valley Daily)"."""
    out = []
    for doc in docs:
        others = [o for o in outlets.get(doc.id, ()) if o != doc.source]
        if others and doc.source:
            doc = replace(doc, source=f"{doc.source} (also {', '.join(others)})")
        out.append(doc)
    return tuple(out)


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
    since, until = as_date(since), as_date(until)
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
    ingest (:func:`digests.names.same_person`). Only full names (two words or more) are
    tried, and only a single unambiguous person is returned: a miss path, so a scan is fine."""
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
        if word.lower().startswith(needle) and word.lower() not in STOPWORDS
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
    docs = store.documents(published_since=as_date(since), limit=WINDOW)
    limits = {**LIMITS, "events": 25}
    return compose(load_knowledge(store, docs, questions=False), kind="timeline", title="Timeline",
                   now=now, since=since, sections=("events", "sources"), limits=limits)


def open_questions(store, *, now: datetime | None = None) -> Briefing:
    """The questions still open, with each side's stances."""
    questions = tuple(store.questions(status="open"))
    limits = {**LIMITS, "questions": 15}
    ranked = rank_questions(Knowledge(questions=questions), PeopleIndex(()), limits["questions"])
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
