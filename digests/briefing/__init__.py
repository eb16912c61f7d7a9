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

Modules (private; everything public is re-exported here): ``_records`` (the view records and
section limits), ``_text`` (text and date helpers), ``_ranking`` (the people index, event
clusters, scores), ``_compose`` (composition and citing), ``_select`` (store reads, name
lookup, the builders) and ``_dates`` (the date-range grammar of ``brief``/``timeline``,
shared by the chat commands and the CLI).
"""
from __future__ import annotations

from ._compose import MAX_REFS, QUOTES_PER_SPEAKER, Refs, compose, compose_profile
from ._dates import (
    BriefRequest,
    DateRangeError,
    day_start,
    iso_day,
    looks_like_dates,
    parse_brief_request,
    parse_date_range,
    parse_since,
)
from ._ranking import (
    CONCRETENESS,
    HALF_LIFE_DAYS,
    PeopleIndex,
    cluster_events,
    rank_events,
    rank_questions,
    rank_quotes,
    select_people,
)
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
    StanceItem,
    UnknownName,
)
from ._select import (
    PROFILE_ROLES,
    PROFILE_WINDOW,
    SUGGEST_TITLES,
    WINDOW,
    build_briefing,
    build_daily,
    build_profile,
    load_knowledge,
    open_questions,
    quotes_by,
    sources,
    suggest,
    timeline,
)
from ._text import content_words, partial_date_key

__all__ = [
    "ALL_SECTIONS",
    "BriefRequest",
    "Briefing",
    "CONCRETENESS",
    "DateRangeError",
    "EventItem",
    "HALF_LIFE_DAYS",
    "Headline",
    "Knowledge",
    "LIMITS",
    "MAX_REFS",
    "PROFILE_ROLES",
    "PROFILE_WINDOW",
    "PeopleIndex",
    "PersonItem",
    "Profile",
    "QUOTES_PER_SPEAKER",
    "QuestionItem",
    "QuoteItem",
    "Refs",
    "RoleItem",
    "SUGGEST_TITLES",
    "Source",
    "StanceItem",
    "UnknownName",
    "WINDOW",
    "build_briefing",
    "build_daily",
    "build_profile",
    "cluster_events",
    "compose",
    "compose_profile",
    "content_words",
    "day_start",
    "iso_day",
    "load_knowledge",
    "looks_like_dates",
    "open_questions",
    "parse_brief_request",
    "parse_date_range",
    "parse_since",
    "partial_date_key",
    "quotes_by",
    "rank_events",
    "rank_questions",
    "rank_quotes",
    "select_people",
    "sources",
    "suggest",
    "timeline",
]
