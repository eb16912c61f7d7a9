"""Selection: what each briefing reads from the store (through its public read methods only),
the name lookup behind ``who`` (with "did you mean"), autocomplete, and the small builders the
chat commands call."""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace
from datetime import date, datetime, timedelta, timezone

from ..merge.people import person_keys
from ..models import DocumentRecord, Person, PersonRecord
from ..names import same_person
from ..store import Topic
from . import _focus
from ._compose import Focus, compose, compose_profile
from ._dates import DateRangeError
from ._ranking import PeopleIndex, rank_questions
from ._records import BODY_WINDOW, LIMITS, AmbiguousName, Briefing, Knowledge, Profile, UnknownName
from ._text import STOPWORDS, as_date, date_of

#: A briefing ranks at most this many documents of its selection, the most recently published.
WINDOW = 400
#: A profile shows quotes and events from the person's most recent documents, at most this many.
PROFILE_WINDOW = 20
#: A profile lists at most this many of the person's distinct roles (the first given).
PROFILE_ROLES = 25
#: Autocomplete draws topics from the titles of this many recent documents.
SUGGEST_TITLES = 2000


# Briefings read the store only through its public read methods (see ``ARCHITECTURE.md``).


def load_knowledge(
    store, docs: Sequence[DocumentRecord], *, questions: bool = True, bodies: bool = True
) -> Knowledge:
    """The records attached to ``docs``: their quotes and events, the people they mention, the
    open questions they raise and the bodies of the :data:`BODY_WINDOW` most recent."""
    if not docs:
        return Knowledge()
    ids = [d.id for d in docs]  # callers pass at most WINDOW documents
    open_qs = tuple(store.questions(doc_ids=ids, status="open")) if questions else ()
    others = {d for q in open_qs for d in (*q.docs, *(s.doc_id for s in q.stances))} - set(ids)
    recent = sorted(docs, key=lambda d: (d.published or date.max, d.id), reverse=True)[:BODY_WINDOW]
    recent += [d for d in docs if not d.title and d not in recent]  # titled by their first sentence
    return Knowledge(
        documents=with_other_outlets(docs, store.reported_by(ids)),
        people=tuple(store.people(doc_ids=ids)),
        quotes=tuple(store.quotes(doc_ids=ids)),
        events=tuple(store.events(doc_ids=ids)),
        questions=open_qs,
        context=tuple(store.documents(ids=others)) if others else (),
        bodies=store.document_bodies([d.id for d in recent]) if bodies else {},
    )


def _untitled_bodies(store, docs: Sequence[DocumentRecord]) -> dict[str, str]:
    """The bodies of the untitled documents among ``docs`` (a source is titled by its first
    sentence, never its file name); no read when every document has a title."""
    untitled = [d.id for d in docs if not d.title]
    return store.document_bodies(untitled) if untitled else {}


def _first_day(value: str | None) -> date | None:
    return date_of(value)


def _last_day(value: str | None) -> date | None:
    """The last day a stored date can mean (None when the year is unknown)."""
    first = date_of(value)
    if first is None:
        return None
    if len(value) == 4:
        return date(first.year, 12, 31)
    if len(value) == 7:
        following = date(first.year + first.month // 12, first.month % 12 + 1, 1)
        return following - timedelta(days=1)
    return first


def happened_within(value: str | None, since: date | None, until: date | None) -> bool:
    """Whether a stored event date can fall in [since, until] (days, inclusive): a month or a
    year overlapping the range counts; an undated or year-less event does not."""
    first, last = _first_day(value), _last_day(value)
    if first is None or last is None:
        return False
    return (since is None or last >= since) and (until is None or first <= until)


def _within(kn: Knowledge, since: date | None, until: date | None) -> Knowledge:
    """``kn`` restricted to what happened in [since, until]: events by when they happened;
    quotes and questions (dated by their articles) from the articles published in the range."""
    if since is None and until is None:
        return kn
    inside = {d.id for d in kn.documents
              if d.published is None or ((since is None or d.published >= since) and (until is None or d.published <= until))}
    events = tuple(e for e in kn.events if happened_within(e.date, since, until))
    quotes = tuple(q for q in kn.quotes if q.doc_id in inside)
    questions = tuple(q for q in kn.questions if inside.intersection(q.docs))
    # the documents of the period: those published in it, and those that tell something of it
    telling = {e.doc_id for e in events} | {q.doc_id for q in quotes} | {d for q in questions for d in q.docs}
    telling |= {d.id for d in kn.documents if d.published is not None and d.id in inside}
    return replace(
        kn, events=events, quotes=quotes, questions=questions,
        documents=tuple(d for d in kn.documents if d.id in telling),
        context=(*kn.context, *(d for d in kn.documents if d.id not in telling)),
    )


def _focus_for(topic: str, people: Sequence[PersonRecord]) -> Focus:
    """The focus of a brief on ``topic``: its words, and those of ``people`` (the best matches
    of the topic as a name) whose names hold its words (their names and aliases)."""
    wanted = _focus.topic_words(topic)
    named = [p for p in people if _focus.about(" ".join((p.name, *p.aliases)), wanted)]
    return Focus(
        words=wanted,
        person_ids=frozenset(p.id for p in named),
        names=tuple(n for p in named for n in (p.name, *p.aliases)),
    )


#: An article reports what happened up to this many days before it was published (and what
#: is due as long after): a period reads the articles published this many days around it.
REPORTING_LAG_DAYS = 31


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
    """The whole-store briefing, or one for a period and/or a topic/person.

    The period (``since``/``until``) applies to when things happened: events by their date,
    quotes and questions by their article's publication. A topic or person brief keeps only
    the items about it (:class:`Focus`). Each ranks at most :data:`WINDOW` documents, the most
    recently published of the selection (``Briefing.documents`` counts the whole selection)."""
    now = now or datetime.now(timezone.utc)
    since, until = as_date(since), as_date(until)
    if since and until and since > until:
        raise DateRangeError(f"the range starts ({since}) after it ends ({until})")
    topic = " ".join(topic.split()) if topic else None
    named = store.find_people(topic, limit=3, max_roles=0) if topic else []
    about = Topic(topic, tuple(p.id for p in named)) if topic else None
    # articles published up to a month after the period report what happened in it, and
    # articles published before it announce what was due in it
    lag = timedelta(days=REPORTING_LAG_DAYS)
    window = {"published_since": since - lag if since else None,
              "published_until": until + lag if until else None}
    if about is not None:
        docs, total = store.topic_documents(about, **window, limit=WINDOW)
    else:
        docs = store.documents(**window, limit=WINDOW)
        total = len(docs) if len(docs) < WINDOW else store.count_documents(**window)
    kind = "topic" if topic else "range" if since or until else "briefing"
    kn = _within(load_knowledge(store, docs), since, until)
    if since or until:
        total = len(kn.documents) if len(docs) < WINDOW else total
    note = None
    if not kn.documents:
        what = f"about {topic!r}" if topic else "in this period" if since or until else "in the store yet"
        note = f"No documents {what}."
    brief = compose(kn, kind=kind, title=f"Briefing: {topic}" if topic else "Briefing",
                    now=now, since=since, until=until, topic=topic, note=note,
                    focus=_focus_for(topic, named) if topic else None)
    return replace(brief, documents=total, ranked=len(docs) if total > len(docs) else 0)


def build_daily(store, *, since: datetime | None, now: datetime | None = None) -> Briefing:
    """What was ingested after ``since`` (the last digest posted to a channel; None: everything),
    with the still-open questions those articles touch and their new sides marked. When nothing
    arrived, the briefing says so and lists the questions that are still open."""
    now = now or datetime.now(timezone.utc)
    if since is None:
        return replace(build_briefing(store, now=now), kind="daily", title="Daily digest")
    new = [d for d in store.documents(since=since) if _aware(d.ingested_at) > _aware(since)]
    if new:
        new.sort(key=lambda d: (d.published or date.min, d.id), reverse=True)
        window = new[:WINDOW]
        brief = compose(load_knowledge(store, window), kind="daily", title="Daily digest", now=now, since=since,
                        new=(d.id for d in window))
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
    # a one-word query may name several people ("!who <family name>"): they are listed. The
    # candidates come from the index lookups only (exact name or alias, key prefix), so the
    # check costs no scan; a query they miss falls back to the one best match.
    matches = store.find_people(query, limit=6, max_roles=0, substring=False) if len(query.split()) == 1 else []
    matches = matches or store.find_people(query, limit=1, max_roles=0) or _spelling_variant(store, query)
    if not matches:
        raise UnknownName(query, _close_names(store, query))
    if candidates := _focus.ambiguous(query, matches):
        raise AmbiguousName(query, [p.name for p in candidates])
    person = matches[0]
    docs = store.documents_mentioning(person.id, limit=PROFILE_WINDOW)
    ids = [d.id for d in docs]
    kn = Knowledge(
        documents=tuple(docs),
        people=(person,),
        quotes=tuple(store.quotes(doc_ids=ids, speaker_id=person.id)) if ids else (),
        events=tuple(store.events(doc_ids=ids)) if ids else (),
        bodies=_untitled_bodies(store, docs),
    )
    roles = store.person_roles(person.id, doc_ids=ids, limit=PROFILE_ROLES)
    return compose_profile(person, kn, now=now, roles=roles)


def _spelling_variant(store, query: str) -> list[PersonRecord]:
    """The one known person whose name or alias is another romanisation of ``query``
    ("Park Chol Su" for a stored "Pak Chol-su"), by the same name rules that merge people at
    ingest (:func:`digests.names.same_person`). Only full names (two words or more) are
    tried, and only a single unambiguous person is returned. The candidates are read through
    the index of family classes the ingest keeps (a store whose people were not resolved from
    its documents has none: every alias is read), not by reading every alias."""
    if len(query.split()) < 2:
        return []
    if not store.resolution_indexed():  # people not resolved from documents: read them all
        names = {name for alias, name in store.names() if same_person(query, alias)}
        return store.find_people(names.pop(), limit=1, max_roles=0) if len(names) == 1 else []
    # only people filed under a family class the query's name could have can match it
    keys = {k for k in person_keys(Person(key="query", name=query)) if k.startswith("f:")}
    found = {pid: name for pid, name, aliases in store.spellings(keys)
             if any(same_person(query, form) for form in (name, *aliases))}
    if len(found) != 1:
        return []
    [(pid, name)] = found.items()
    return [p for p in store.find_people(name, limit=6, max_roles=0) if p.id == pid][:1]


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
    """The timeline of what happened on or after ``since`` (by event date), from the most
    recent documents published since then."""
    since = as_date(since)
    # articles published a little before ``since`` may announce what happened after it
    early = since - timedelta(days=REPORTING_LAG_DAYS) if since else None
    docs = store.documents(published_since=early, limit=WINDOW)
    limits = {**LIMITS, "events": 25}
    kn = _within(load_knowledge(store, docs, questions=False, bodies=False), since, None)
    kn = replace(kn, bodies=_untitled_bodies(store, kn.documents))
    return compose(kn, kind="timeline", title="Timeline",
                   now=now, since=since, sections=("events", "sources"), limits=limits)


def open_questions(store, *, now: datetime | None = None) -> Briefing:
    """The questions still open, with each side's stances."""
    questions = tuple(store.questions(status="open"))
    limits = {**LIMITS, "questions": 15}
    ranked = rank_questions(Knowledge(questions=questions), PeopleIndex(()), limits["questions"], reference=None)
    wanted = {d for q in ranked for d in q.doc_ids} | {d for q in ranked for s in q.stances for d in s.doc_ids}
    speakers = {s.speaker_id for q in questions for s in q.stances if s.speaker_id}
    docs = tuple(store.documents(ids=wanted)) if wanted else ()
    kn = Knowledge(
        documents=docs,
        people=tuple(store.people(ids=sorted(speakers))) if speakers else (),
        questions=questions,
        bodies=_untitled_bodies(store, docs),
    )
    return compose(kn, kind="questions", title="Open questions", now=now,
                   sections=("questions", "sources"), limits=limits)


def sources(store, *, now: datetime | None = None, limit: int = 40) -> Briefing:
    """The most recently published documents in the store."""
    docs = tuple(store.documents(limit=limit))
    kn = Knowledge(documents=docs, bodies=_untitled_bodies(store, docs))
    brief = compose(kn, kind="sources", title="Sources", now=now, sections=("sources",),
                    limits={**LIMITS, "sources": limit})
    return replace(brief, documents=store.count_documents())
