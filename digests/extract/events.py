"""What happened when: dated happenings in one parsed document.

:func:`extract_events` finds date expressions (spaCy DATE/TIME entities, plus calendar and
"the day after" phrases the tagger missed), keeps those that name a point in time, resolves
them with :mod:`digests.extract.dates` against the publication date, and says what happened in
a short clause: the clause of the verb that governs the date, trimmed of side clauses (other
coordinated clauses, relative clauses, appositions ...) to at most :data:`MAX_WORDS` words.

Rules worth knowing:

* the tense of the governing verb picks the year of "June 16" / "November" and the direction
  of a weekday ("said Monday" is the latest Monday, "will meet Friday" the next Friday);
* a calendar date without a year (:func:`_calendar_tense`) may take its tense from elsewhere:
  cues in its own noun phrase ("the upcoming Oct. 12 ballot", "the previous April
  referendum"); a word that puts it after the verb's time ("toured the port ahead of the
  ballot on Oct. 12": the nearest occurrence in a past clause, else the next); the "for"/"to"
  date of a scheduling verb ("fixed the retrial for Jan. 23", "the hearing, set for Aug. 3":
  likewise); a
  to-infinitive on a person ("the favourite to win the title in May": the next one, not
  after "the first to ..."); a happening named as a modifier of a person ("the challenger in the
  April race told reporters ...": the nearest occurrence, a tie going forward, whatever the
  tense of "told"); a simple present of a scheduled happening ("whose mandate expires in
  April", "faces a retrial on Jan. 23": the next one);
* "the day after", "two days later" are anchored on the latest day-precision date named
  before them, "days earlier" on its month, "a year later" on the latest date of any
  precision; "May 4, the day after the dam burst" is one event, not two; an anchored
  expression naming its happening ("the day after the summit") dates that happening, not
  the clause, when the sentence also names a day ("on Friday, May 9"), and is no event inside
  a quotation, where the narrative's dates are not the speaker's;
* a deadline under a modal ("should vote before the recess") bounds a wish and is dropped,
  except an expected completion in the passive ("should be finished by the end of the
  month");
* a date that is the subject of its clause ("2021 was the wettest year"), named days
  ("Black Friday") and conditional judgements ("a deal before June would be difficult") are
  not events;
* a happening told vaguely ("rebels seized the port last month") and precisely elsewhere in
  the document ("rebels seized the port on May 2") is kept once, with the precise date;
* the date of a wire dateline ("SEOUL, May 4 (Wire) --") is the filing date: not an event when
  the sentence is only the dateline or dates its happening elsewhere;
* "today"/"this week" in a present-tense clause ("it is a problem today") is not an event;
* a date between a verb and its complement's subject ("said on Tuesday it would ...") dates
  the verb, whatever the parser attached it to;
* a happening named as a reference point ("before the election in November") is kept, as
  its noun phrase, even when the clause around it is in doubt;
* what nobody can tell or someone will not say ("nobody knows what happens next year") is an
  open question unless past; the baseline of a comparison ("up from 40 pence a year
  earlier", "lower than in 2019") is not an event;
* one sentence yields one event per distinct date; the same (date, text) is kept once per
  document;
* without a publication date a relative date resolves to nothing and the event is kept with
  ``date=None`` and precision "none" (it still says what happened); expressions that name no
  point in time (durations, ages, "each day") are never events.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from digests.models import Event

from ._tree import covering, depths_and_sizes, pruned_subtree
from .dates import DateExpr, ResolvedDate, Tense, parse_expression, resolve
from .lexicon import (
    CHANGE_WORDS,
    COMPARISON_WORDS,
    CONTENDER_NOUNS,
    DEADLINE_MODALS,
    DEADLINE_PREPS,
    DOUBT_WORDS,
    EVENT_NOUNS,
    EXPECTATION_VERBS,
    FUTURE_GOVERNORS,
    FUTURE_MODALS,
    KNOWING_VERBS,
    MONTHS,
    NEGATIVE_SUBJECTS,
    NON_SCHEDULE_VERBS,
    PAGE_FURNITURE_WORDS,
    PAST_CUES,
    PROSPECTIVE_WORDS,
    REFERENCE_PREPS,
    ROLE_NOUNS,
    SCHEDULING_WORDS,
    SPEECH_LEMMAS,
    UPCOMING_CUES,
    WEEKDAYS,
)
from .parsed import as_parsed

#: Longest event text, in words.
MAX_WORDS = 30
#: Entity labels that may hold a date expression.
DATE_LABELS = frozenset({"DATE", "TIME"})
#: Dependency labels of a "whether" clause asked or told about ("asked whether she would
#: quit today"), unlike a clausal subject ("Whether they meet on Friday is the question").
_ASKED_CLAUSE_DEPS = frozenset({"ccomp", "xcomp", "advcl", "dobj", "pcomp"})
#: Entity labels of names that may hold a year ("the 1875 Committee"): organisations,
#: buildings and laws.
_NAME_ENTITY_LABELS = frozenset({"ORG", "FAC", "LAW"})
#: Prepositions kept in front of a date because they carry meaning for resolution.
MEANINGFUL_PREPS = frozenset({"since", "until", "till", "before", "by"})
#: Modals that make a copular clause a conditional judgement rather than a happening.
HYPOTHETICAL_MODALS = frozenset({"would", "could", "might", "may"})
#: Two events of a document whose texts share a verb and this many content lemmas, one dated
#: within the other's month or year, are the same happening; the vaguer one is dropped.
SAME_HAPPENING_OVERLAP = 2
#: Dependency labels of side clauses dropped from an event's text, in the order they are
#: dropped while the text is too long. Coordinated clauses with their own subject and
#: parenthetical clauses are always dropped when they do not hold the date.
_ALWAYS_DROP = ("conj", "parataxis")
_DROP_IF_LONG = (("relcl",), ("appos",), ("advcl",), ("acl",), ("prep", "npadvmod"))
#: Dependency labels of the constituents that carry a date ("on Monday", "last month", "2019
#: talks", "when ... in May"): the unit removed from another event's text.
_DATE_UNITS = frozenset({"prep", "npadvmod", "advmod", "nummod", "compound", "advcl", "relcl",
                         "acl", "conj", "appos", "parataxis", "tmod"})
_TIME_NOUNS = frozenset({"day", "week", "weekend", "month", "year", "today", "yesterday",
                         "tomorrow", "tonight", "morning", "evening", "night"})
_OPENING_QUOTES = frozenset({'"', "“", "‘"})
_EDGE_WORDS = frozenset({"and", "but", "or", "so", "yet", "while", "whereas", "as", "when"})

#: Month names and abbreviations; in the patterns below always followed by a day or a year,
#: so "May" the modal cannot match.
_MONTH_WORDS = "|".join(sorted((m.capitalize() for m in MONTHS), key=len, reverse=True))
_WEEKDAY_WORDS = "|".join(sorted((w.capitalize() for w in WEEKDAYS if len(w) > 5), key=len,
                                 reverse=True))
#: A wire dateline: capitalised place, optional region, then a dash.
_UPPER = "A-ZÀ-ÖØ-Þ"
_DATELINE = re.compile(
    rf"^(?:By [^\n]{{1,80}}\n\s*)?"  # a byline on its own line
    rf"(?:[{_UPPER}][{_UPPER}.'\- ]{{2,}}(?:, [{_UPPER}][\w .'-]{{1,40}})?"
    rf"(?:, [\w .'-]{{1,30}}){{0,5}}"  # ", Jun 12, 2031, HPA": its date and agency
    rf"(?: \([^)\n]{{0,40}}\))? ?[—–-]+(?:\s|$))?"  # "LAGOS, Nigeria (Wire) — "
)
#: Calendar phrases found by pattern when the entity recogniser missed them.
_EXTRA_PATTERNS = re.compile(
    rf"\b(?:(?:{_MONTH_WORDS})\.? \d{{1,2}}(?:st|nd|rd|th)?(?:,? \d{{4}})?"
    rf"|\d{{1,2}} (?:{_MONTH_WORDS}),? \d{{4}}"
    rf"|(?:{_MONTH_WORDS}) \d{{4}}"
    rf"|(?:{_WEEKDAY_WORDS})"
    r"|[Tt]he (?:day|morning|night|evening) (?:after|before)"
    r"|[Tt]he (?:next|following|previous) (?:day|morning|week|month|year)"
    r"|(?:[Jj]ust |[Oo]nly )?(?:days|weeks|hours) (?:later|earlier)"
    r"|(?:[Aa]|[Oo]ne|[Tt]wo|[Tt]hree|\d+) (?:days?|weeks?) (?:later|earlier))\b"
)


@dataclass(frozen=True, slots=True)
class Mention:
    """One date expression in the document: its token span and parsed form."""

    start: int  # token index
    end: int  # token index (exclusive)
    text: str
    expr: DateExpr


def extract_events(doc, *, published: date | None) -> list[Event]:
    """Return the dated happenings of ``doc`` (a spaCy ``Doc`` of ``Document.body``).

    ``published`` is the article's publication date; without it only what the text fixes is
    kept ("June 16" -> ``--06-16``) and relative dates give ``date=None``.
    """
    doc = as_parsed(doc, "extract_events")
    found: list[_Found] = []
    seen: set[tuple[str | None, str]] = set()
    anchors: dict[str, str | None] = {"day": None, "any": None}
    date_ents = [(e.start, e.end) for e in doc.ents if e.label_ in DATE_LABELS]
    lines = _Lines.of(doc)
    for sent in doc.sents:
        ents = [(a, b) for a, b in date_ents if sent.start <= a < sent.end]
        for item in _sentence_events(doc, sent, ents, published, anchors, lines):
            key = (item.event.date, item.event.text.casefold())
            if key not in seen:
                seen.add(key)
                found.append(item)
    return [item.event for item in found if not _restated_precisely(item, found)]


@dataclass(frozen=True, slots=True)
class _Found:
    """An event with the content lemmas of its text (to spot one happening told twice)."""

    event: Event
    lemmas: frozenset[str]
    verbs: frozenset[str]


def _restated_precisely(item: _Found, found: list[_Found]) -> bool:
    """"Rebels seized the port last month" when "rebels seized the port on May 2" is also
    there: the month- or year-precision mention of a happening dated more precisely
    elsewhere in the document is dropped."""
    coarse = item.event.date
    if coarse is None or item.event.precision not in ("month", "year"):
        return False
    return any(
        other.event.date is not None and other.event.date.startswith(coarse + "-")
        and item.verbs & other.verbs
        and len(item.lemmas & other.lemmas) >= SAME_HAPPENING_OVERLAP
        for other in found
    )


def _sentence_events(doc, sent, ents: list[tuple[int, int]], published: date | None,
                     anchors: dict[str, str | None], lines: _Lines) -> list[_Found]:
    """The events of one sentence (``ents``: its date entities' token spans): one per
    distinct date, each with its own clause. ``anchors`` (the latest dates named so far) is
    updated as dates are resolved."""
    events: list[_Found] = []
    mentions = [m for m in _mentions(doc, sent, ents) if not lines.verbless_at(m)]
    filed = _filing_dates(doc, sent, mentions)
    marks = _SentenceMarks.of(doc, sent)
    for mention in mentions:
        if mention in filed:
            continue
        verb = _governor(doc, mention)
        tense = _date_tense(doc, mention, verb)
        reference = _reference_happening(doc, mention)
        doubted = _in_doubt(verb) or _not_known(verb, tense)
        if doubted and reference is None:
            continue
        if _not_a_happening(doc, mention, verb, tense):
            continue
        if _names_own_anchor(doc, mention) and (
                any(m.expr.kind == "weekday" or m.expr.day is not None for m in mentions)
                or _inside_quotation(sent, mention)):
            continue  # "the day after X's visit, ... on Friday, August 7": it dates X
        resolved = resolve(mention.expr, published=published, tense=tense,
                           anchor=_anchor_for(mention.expr, anchors))
        _remember(anchors, resolved)
        if resolved.date is not None and any(f.event.date == resolved.date for f in events):
            continue  # the same date twice in a sentence: one event
        tokens = _event_tokens(doc, sent, mention, verb, mentions,
                               reference=reference if doubted else None, marks=marks)
        text = _event_text(tokens)
        if text:
            lemmas = _content_lemmas(tokens, mention)
            verbs = frozenset(t.lemma_.casefold() for t in tokens if t.pos_ == "VERB")
            events.append(_Found(_event(sent, mention, resolved, text), lemmas, verbs & lemmas))
    return _drop_refined(events)


#: Last words that leave an event's text unfinished: a copula or auxiliary, an article.
_UNFINISHED = frozenset({"was", "were", "is", "are", "be", "been", "being", "had", "has",
                         "have", "will", "would", "the", "a", "an"})


def _event_text(tokens: list) -> str:
    """The words of an event, or "" when they stop short of saying anything whole."""
    text = _join(tokens)
    return "" if not text or _cut_short(text) else text


def _cut_short(text: str) -> bool:
    """An event's words that stop on a word needing more ("The date she set was"): the words
    the date was in are gone, and what is left says nothing whole."""
    return text.rstrip(" .,;:").rsplit(None, 1)[-1].lower() in _UNFINISHED


def _not_a_happening(doc, mention: Mention, verb, tense: Tense) -> bool:
    """A generic present, a hypothetical state, a modal deadline or a comparison baseline:
    the date says nothing about when something happened."""
    if verb is not None and verb.lemma_ == "be" and any(_free_relative(c) for c in verb.children):
        return True  # "What happened today is a scandal": a judgement of it
    if _dates_an_object(doc, mention):
        return True  # "dismissed the challenge to last month's results": it dates the results
    return (_generic_present(mention.expr, tense, verb) or _hypothetical_state(verb)
            or _modal_deadline(doc, mention, verb) or _comparison_baseline(doc, mention)
            or _count_frame(doc, mention))


def _count_frame(doc, mention: Mention) -> bool:
    """"named her the third treasurer this year", "the highest level this month", "the
    second Master of the Mint this year": a period right after a noun counted by an ordinal
    or a superlative frames the count, not when the thing happened (the parser hangs it on
    the verb). A day ("on Monday") still dates it."""
    if mention.expr.day is not None or mention.start == 0:
        return False
    noun = doc[mention.start - 1]
    while noun.dep_ == "pobj" and noun.head.lower_ == "of" and noun.head.head.i < noun.i:
        noun = noun.head.head  # "the third Keeper of the Rolls this year"
    return noun.pos_ in ("NOUN", "PROPN") and any(
        c.ent_type_ == "ORDINAL" or c.tag_ in ("JJS", "RBS") or c.lower_ in ("first", "last")
        for c in noun.children if c.i < noun.i)


def _event_tokens(doc, sent, mention: Mention, verb, mentions: Sequence[Mention], *,
                  reference, marks: _SentenceMarks) -> list:
    """The words of the event a date mention dates, other date mentions left out: the
    ``reference`` happening alone when the clause itself is in doubt (only the happening named
    as a reference point is certain), else the mention's clause; quotations kept whole."""
    others = {i for m in mentions if m is not mention for i in range(m.start, m.end)}
    if reference is not None:
        tokens = [t for t in reference.subtree if t.i not in others]
    else:
        tokens = _with_antecedent(
            doc, sent, _clause_tokens_for(doc, sent, mention, verb, others, marks))
    return _keep_quotes_whole(sent, tokens, marks.quotations)


def _with_antecedent(doc, sent, tokens: list) -> list:
    """"The council shelved its scheme to freeze parking fees. It is now set for next year":
    an event text opening with "It" or "This" as the subject of the sentence says
    nothing on its own; the pronoun is replaced by what it stands for, the last direct object
    of the previous sentence of the paragraph (a singular noun, like the pronoun)."""
    if not tokens or tokens[0].i != sent.start or tokens[0].lower_ not in ("it", "this") \
            or tokens[0].dep_ not in ("nsubj", "nsubjpass"):
        return tokens
    before = doc[sent.start - 1] if sent.start > 0 else None
    if before is None or "\n\n" in before.whitespace_ or before.is_space:
        return tokens
    objects = [t for t in before.sent if t.dep_ == "dobj" and t.tag_ in ("NN", "NNP")]
    if not objects:
        return tokens
    antecedent = [t for t in objects[-1].subtree if not t.is_punct or t.text in ("%", "-")]
    return antecedent + tokens[1:]


@dataclass(frozen=True, slots=True)
class _Lines:
    """The document's lines (split at newlines and at blank-space tokens), read once per
    document: the line of each token and whether each line is verbless. A line with no verb but
    page-furniture words ("Tuesday, 6 May 2031 by Ola Brandt", "12 May 2031, 09:14 | Updated:
    12 May 2031, 10:02") is a byline or time stamp: it says when the page was written, not what
    happened. Built once so that many dates on one long line cost one pass, not one per date."""

    line_of: tuple[int, ...]
    verbless: tuple[bool, ...]

    @classmethod
    def of(cls, doc) -> _Lines:
        line_of: list[int] = []
        verbless: list[bool] = []
        has_verb = False
        previous = None
        for token in doc:
            if previous is not None and _line_break(previous, token):
                verbless.append(not has_verb)
                has_verb = False
            line_of.append(len(verbless))
            has_verb = has_verb or (token.pos_ in ("VERB", "AUX") and not _furniture_word(token))
            previous = token
        verbless.append(not has_verb)
        return cls(tuple(line_of), tuple(verbless))

    def verbless_at(self, mention: Mention) -> bool:
        """Whether every line the ``mention`` sits on is verbless."""
        first, last = self.line_of[mention.start], self.line_of[mention.end - 1]
        return all(self.verbless[first:last + 1])


def _line_break(before, token) -> bool:
    return "\n" in before.whitespace_ or before.is_space or token.is_space


def _furniture_word(token) -> bool:
    """"Updated", "Posted on": a furniture participle without a subject ("the company posted
    a loss" is a verb)."""
    return token.lower_ in PAGE_FURNITURE_WORDS and not any(
        c.dep_ in ("nsubj", "nsubjpass", "dobj") for c in token.children)


def _filing_dates(doc, sent, mentions: list[Mention]) -> list[Mention]:
    """The date of a wire dateline ("SEOUL, May 4 (Wire) --") is when the story was filed,
    not a happening: dropped when the sentence is nothing but byline and dateline, or when the
    sentence dates its happening elsewhere ("... the council said on Monday"). A dateline date
    with no other date beside it dates the lead and is kept."""
    dateline = _dateline(doc, sent)
    if not dateline:
        return []
    inside = [m for m in mentions if all(i in dateline for i in range(m.start, m.end))]
    if not inside:
        return []
    rest = [t for t in sent if t.i not in dateline and not (t.is_punct or t.is_space)]
    if not rest or len(inside) < len(mentions):
        return inside
    return []


def _content_lemmas(tokens: list, mention: Mention) -> frozenset[str]:
    """Lemmas of the content words of an event text, the date itself left out."""
    return frozenset(
        t.lemma_.casefold() for t in tokens
        if t.pos_ in ("NOUN", "PROPN", "VERB", "ADJ") and not t.is_stop
        and not mention.start <= t.i < mention.end and not t.like_num
        and t.lemma_.casefold() not in SPEECH_LEMMAS
    )


def _drop_refined(events: list[_Found]) -> list[_Found]:
    """"Last year's harvest, in August 2021, ...": drop a date that another event of the
    same sentence states more precisely (2021 next to 2021-08)."""
    dates = [f.event.date for f in events if f.event.date]
    return [f for f in events if not f.event.date
            or not any(d != f.event.date and d.startswith(f.event.date + "-") for d in dates)]


def _names_own_anchor(doc, mention: Mention) -> bool:
    """"the day after the summit", "the day before the flood came": an anchored expression
    that names the happening it counts from."""
    last = doc[mention.end - 1]
    if mention.expr.kind != "anchored" or last.lower_ not in ("after", "before"):
        return False
    return last.dep_ == "mark" or any(c.dep_ in ("pobj", "pcomp") for c in last.children)


def _inside_quotation(sent, mention: Mention) -> bool:
    return any(a < mention.start and mention.end - 1 < b for a, b in _quoted_regions(sent))


def _anchor_for(expr: DateExpr, anchors: dict[str, str | None]) -> str | None:
    """"The day after" needs the latest day named; "a year later" the latest date of any
    precision."""
    if expr.unit in ("month", "year"):
        return anchors["any"]
    return anchors["day"] or (anchors["any"] if expr.vague else None)


def _remember(anchors: dict[str, str | None], resolved: ResolvedDate) -> None:
    """Keep the latest day (with or without a year) and the latest date with a year."""
    if resolved.date is None:
        return
    if resolved.precision == "day":
        anchors["day"] = resolved.date
    if not resolved.date.startswith("-"):
        anchors["any"] = resolved.date


def _event(sent, mention: Mention, resolved: ResolvedDate, text: str) -> Event:
    return Event(date=resolved.date, precision=resolved.precision, date_text=mention.text,
                 text=text, start=sent.start_char, end=sent.end_char)


# ----------------------------------------------------------------------------------------------
# Finding date mentions


def _candidate_spans(doc, sent, ents: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Token spans of date entities and pattern matches in ``sent``, overlaps merged."""
    spans = list(ents)
    for m in _EXTRA_PATTERNS.finditer(sent.text):
        span = doc.char_span(sent.start_char + m.start(), sent.start_char + m.end(),
                             alignment_mode="expand")
        if span is not None:
            spans.append((span.start, span.end))
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _extend_anchor(doc, start: int, end: int) -> int:
    """"The day" + "after"/"before": take the preposition into the expression."""
    if end < len(doc) and doc[end].lower_ in ("after", "before") \
            and doc[start:end].root.lower_ in ("day", "morning", "night", "evening"):
        return end + 1
    return end


def _mentions(doc, sent, ents: list[tuple[int, int]]) -> list[Mention]:
    """The date expressions of ``sent`` that name a point in time, in order.

    A restatement right after a date ("May 4, the day after ...", "Monday, June 3") is
    merged into it: the calendar date is kept, the restatement dropped.
    """
    found: list[Mention] = []
    previous_end: int | None = None
    for start, end in _candidate_spans(doc, sent, ents):
        end = _extend_anchor(doc, start, end)
        appositive = previous_end is not None and _is_apposition(doc, previous_end, start)
        previous_end = end
        mention = _mention(doc, sent, start, end)
        if mention is None:
            continue
        if appositive and found and found[-1].end <= start:
            if mention.expr.kind == "absolute" and found[-1].expr.kind == "weekday":
                found[-1] = mention
            continue
        if found and _alternative_to(doc, found[-1], mention):
            continue  # "late Wednesday or early Thursday": one happening, its first date
        found.append(mention)
    return found


def _alternative_to(doc, previous: Mention, mention: Mention) -> bool:
    """A date given as an alternative to the one before it ("on Wednesday or Thursday",
    "late Monday evening or early Tuesday"): conjoined to it by "or"."""
    root = doc[mention.start:mention.end].root
    head = root.head
    return (root.dep_ == "conj" and previous.start <= head.i < previous.end
            and any(c.dep_ == "cc" and c.lower_ == "or" for c in head.children))


def _mention(doc, sent, start: int, end: int) -> Mention | None:
    """Parse one candidate span; None unless it dates a happening."""
    span = doc[start:end]
    lead = doc[start - 1] if start > sent.start else None
    if lead is not None and lead.lower_ in MEANINGFUL_PREPS:
        expr = parse_expression(f"{lead.lower_} {span.text}")
    else:
        expr = parse_expression(span.text)
    if expr is None or _date_as_subject(span.root) or _number_in_a_name(span) \
            or _trend_start(span, expr):
        return None
    if expr.kind == "weekday" and lead is not None and lead.is_title \
            and lead.dep_ in ("compound", "amod") and start <= lead.head.i < end:
        return None  # a named day: "Black Friday", "Super Tuesday"
    start = _trim_duration(doc, start, end, expr)
    return Mention(start, end, doc[start:end].text, expr)


def _trim_duration(doc, start: int, end: int, expr: DateExpr) -> int:
    """"(in) 9 years last October" -> "last October": skip a duration glued to the date."""
    for k in range(start + 1, end):
        if doc[k - 1].lower_.rstrip("s") in ("day", "week", "month", "year", "decade") \
                and parse_expression(doc[k:end].text) == expr:
            return k
    return start


#: Prepositions that make a year their object a date ("in 2019 Parliament voted").
_TIME_PREPOSITIONS = frozenset({
    "in", "by", "since", "until", "till", "before", "after", "from", "during", "through",
    "throughout", "to", "of", "for", "between", "around", "circa", "about", "early", "late",
})


def _number_in_a_name(span) -> bool:
    """"The 1848 Society said ...", "the 1875 Committee": a year-shaped number modifying a
    capitalised noun of an organisation, building or law is part of its name, not a date."""
    root = span.root
    if len(span) != 1 or not root.like_num:
        return False
    head = root.head
    if (root.dep_ in ("compound", "nummod", "amod") and head.i > root.i and head.is_title
            and head.ent_type_ in _NAME_ENTITY_LABELS):
        return True
    # "1968 Club rules say ...": the parse may hang the number on the noun after the
    # name; right before a capitalised noun, and not the object of "in"/"by", it is the name's
    following = root.doc[root.i + 1] if root.i + 1 < len(root.doc) else None
    timed = root.dep_ == "pobj" and root.head.lower_ in _TIME_PREPOSITIONS
    return (following is not None and not timed and following.is_title
            and following.pos_ in ("PROPN", "NOUN")
            and following.lower_ not in MONTHS and following.lower_ not in WEEKDAYS)


def _trend_start(span, expr: DateExpr) -> bool:
    """"has cycled through six chiefs since 2014", "revenue has fallen every year since
    2013": a year or month a trend is counted from, not when something happened. A day is
    kept: "trapped since June 23" dates when they were trapped."""
    if expr.kind != "absolute" or expr.day is not None:
        return False
    first = span[0]
    since = first if first.lower_ == "since" else (
        span.doc[first.i - 1] if first.i > 0 else None)
    if since is not None and since.lower_ == "since":  # (a "prep", or parsed as a "mark")
        return True
    # "since its first free vote in 1990": the year dates the start counted from
    token = span.root
    for _ in range(_SINCE_CLIMB):
        if token.head.i == token.i or token.head.pos_ in ("VERB", "AUX"):
            return token.head.lower_ == "since"
        token = token.head
        if token.lower_ == "since":
            return True
    return False


#: Prepositions that make their object a point in time ("before Tuesday's blast").
_POINT_PREPOSITIONS = frozenset({"before", "after", "since", "until", "till", "during", "by",
                                 "ahead", "following", "amid", "on", "at", "in"})
#: How far up "since" is looked for above a year ("since its first free vote in 1990").
_SINCE_CLIMB = 4


def _date_as_subject(root) -> bool:
    """"2023 was the hottest year", "Last week was hard": the date is what the clause is
    about, not when something happened ("The 2011 harvest remains the smallest" is kept)."""
    if root.dep_ not in ("nsubj", "nsubjpass"):
        return False
    if any(c.dep_ in ("nsubj", "nsubjpass") and c.i > root.i for c in root.head.children):
        return False  # "The week of May 4, floods closed the port": the clause has its own
    word = root.lower_.rstrip(".")
    return root.like_num or word in _TIME_NOUNS or word in MONTHS or word in WEEKDAYS


def _is_apposition(doc, previous_end: int, start: int) -> bool:
    """"May 4, the day after ...": a second expression restating the date just given."""
    between = doc[previous_end:start]
    return len(between) <= 1 and all(t.is_punct for t in between)


# ----------------------------------------------------------------------------------------------
# Governing verb and tense


def _is_verb(token) -> bool:
    """A clause head: a verb, or a copula/auxiliary heading its own clause."""
    return token.pos_ == "VERB" or (token.pos_ == "AUX" and token.dep_ not in ("aux", "auxpass"))


def _governor(doc, mention: Mention):
    """The verb the date expression attaches to (None in verbless fragments)."""
    span = doc[mention.start:mention.end]
    token = span.root
    if mention.expr.kind == "anchored" and doc[mention.end - 1].dep_ == "mark" \
            and doc[mention.end - 1].lower_ in ("after", "before"):
        # "the day after the dam burst, X evacuated ...": the event is X evacuated
        clause = doc[mention.end - 1].head
        if clause.dep_ == "advcl" and _is_verb(clause.head):
            return clause.head
    while not _is_verb(token):
        if token.head.i == token.i:
            return None
        token = token.head
    if _free_relative(token) and _is_verb(token.head):
        token = token.head  # "What happened on Monday shocked the town": what it did
    return _before_complement(mention, token)


def _dates_an_object(doc, mention: Mention) -> bool:
    """A date in the possessive on a noun that is neither a happening, nor the subject, nor
    a point in time ("dismissed the challenge to last month's results"): it dates that noun,
    not the clause ("Sunday's vote was peaceful", "before Tuesday's blast, a fire ..." are
    kept)."""
    root = doc[mention.start:mention.end].root
    if root.dep_ != "poss":
        return False
    noun = root.head
    if _lemma_in(noun, EVENT_NOUNS):
        return False  # "results from Sunday's vote": the vote is the happening
    while noun.dep_ in ("compound", "amod") and noun.head.i != noun.i:
        noun = noun.head
    if noun.dep_ in ("nsubj", "nsubjpass"):
        return False  # "Sunday's vote was peaceful"
    # "before Tuesday's blast, a fire ...": a reference point in time, which dates the clause
    return not (noun.dep_ == "pobj" and noun.head.lower_ in _POINT_PREPOSITIONS)


def _free_relative(verb) -> bool:
    """A clause that names nothing but "what" as its subject, itself the subject of the
    sentence ("What happened on Monday | shocked the town")."""
    return verb.dep_ == "csubj" and any(
        c.dep_ in ("nsubj", "nsubjpass") and c.tag_ == "WP" for c in verb.children)


def _before_complement(mention: Mention, verb):
    """"The board said on Tuesday it would shut the depot": a date between a verb and the
    subject (or "that") opening its complement clause belongs to that verb, even when the
    parser hangs it on the complement."""
    head = verb.head
    if verb.dep_ != "ccomp" or head.i == verb.i or not _is_verb(head) \
            or head.i >= mention.start:
        return verb
    openers = [c for c in verb.children
               if c.dep_ in ("nsubj", "nsubjpass", "expl", "csubj", "mark")]
    if openers and all(c.left_edge.i >= mention.end for c in openers):
        return head
    return verb


def _tense(verb, date_root=None) -> Tense:
    """"past", "future" or None (present or unknown) for the clause of ``verb``; with
    ``date_root`` (the date's head token), "expects the next cut in August" is future."""
    auxes = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    if any(a.lower_ in FUTURE_MODALS for a in auxes):
        if any(a.lower_ == "have" for a in auxes):
            return "past"  # "could have met"
        return "future"
    if (_future_governed(verb) and verb.tag_ != "VBD") or _expects(verb, date_root) \
            or _expected_passive(verb, auxes):
        return "future"
    if verb.tag_ == "VBD" or any(a.tag_ == "VBD" for a in auxes):
        return "past"
    if any(a.lower_ in ("has", "have", "'ve") for a in auxes):
        return None  # present perfect: "has forecast rain until Saturday"
    if verb.tag_ == "VBN" and not auxes:
        if _lemma_in(verb, SCHEDULING_WORDS):
            return None  # "talks scheduled for Sunday": when, not whether it is past
        return "past"  # reduced relative: "deals signed in 2018"
    return None


def _date_tense(doc, mention: Mention, verb) -> Tense:
    """The tense that picks the occurrence of ``mention``: the clause's, or for a calendar
    date without a year, the one :func:`_calendar_tense` finds."""
    root = doc[mention.start:mention.end].root
    tense = _tense(verb, root) if verb is not None else None
    if tense is None and verb is not None:
        tense = _governing_tense(verb, root)
    expr = mention.expr
    if expr.kind in ("weekday", "weekend") and tense != "past" and expr.modifier is None:
        return "future" if _looks_ahead(doc, mention, root, verb) else tense
    if expr.kind != "absolute" or expr.year is not None or expr.month is None \
            or expr.modifier is not None or expr.tense_hint is not None:
        return tense
    return _calendar_tense(mention, root, verb, tense)


#: The most words put back as a subject the parser hung on the paragraph before.
_MAX_ORPHANS = 12
#: How far up a non-finite verb looks for the clause that gives it a tense.
_NONFINITE_CLIMB = 4


def _governing_tense(verb, root) -> Tense:
    """The tense of the nearest finite clause above a non-finite ``verb`` ("is expected to
    strengthen before making landfall on Wednesday": "making" is as future as "is
    expected"), else None."""
    if not _non_finite(verb):
        return None
    token = verb
    for _ in range(_NONFINITE_CLIMB):
        if token.head.i == token.i:
            return None
        token = token.head
        if _is_verb(token):
            found = _tense(token, root)
            if found is not None or not _non_finite(token):
                return found
    return None


def _non_finite(verb) -> bool:
    """A participle, gerund or infinitive without an auxiliary of its own ("making",
    "to strengthen")."""
    return verb.tag_ in ("VBG", "VB", "VBN") and not any(
        c.dep_ in ("aux", "auxpass") and c.tag_ != "TO" for c in verb.children)


#: Words before a day that make it the start, deadline or effective day of something:
#: "starting Thursday", "effective on Tuesday", "by noon on Tuesday", "from Monday".
_AHEAD_WORDS = PROSPECTIVE_WORDS | {"starting", "beginning", "effective", "from", "by",
                                    "through"}


def _looks_ahead(doc, mention: Mention, root, verb) -> bool:
    """A weekday said in the present (or with no verb) that lies ahead: after a word of
    starting, taking effect or a deadline (:data:`_AHEAD_WORDS`, just before the day or on
    its way to the verb), or with a scheduled present ("the curfew takes effect on
    Tuesday"). In the past tense a day is never looked for ahead ("began on Tuesday")."""
    start = root.sent.start  # the words before the day, in its own sentence
    # a day in the possessive dates its noun ("results from Sunday's vote"): the words
    # before it belong to that noun, not to the day
    before = doc[max(start, mention.start - 4):mention.start] if root.dep_ != "poss" else []
    path = _path_to_verb(mention, root, verb) if verb is not None else []
    if any(t.lower_ in _AHEAD_WORDS for t in (*before, *path)):
        return True
    if verb is not None and verb.tag_ == "VBN" and _lemma_in(verb, SCHEDULING_WORDS):
        return True  # "mediated talks scheduled for Sunday"
    return verb is not None and _scheduled_present(verb)


def _calendar_tense(mention: Mention, root, verb, tense: Tense) -> Tense:
    """The tense of "Oct. 12" / "April" from the words around it (module docstring)."""
    path = _path_to_verb(mention, root, verb)
    host = next((t for t in path if t.pos_ in ("NOUN", "PROPN")), None)
    cue = _phrase_cue(host) if host is not None else None
    if cue is not None:
        return cue
    if verb is None:
        return tense
    if any(t.lower_ in PROSPECTIVE_WORDS for t in path) or _scheduled_date(root, path, verb):
        # a finite past ("fixed the retrial for Jan. 23"): the nearest occurrence; a reduced
        # relative ("the hearing, set for May 3") or any other tense: the next one
        return None if _finite_past(verb) and tense == "past" else "future"
    if tense != "future" and _infinitive_on_noun(verb):
        return "future"
    if host is not None and _lemma_in(host, EVENT_NOUNS) and _about_a_person(host, path):
        return "future" if tense == "future" else "ahead"
    if tense is None and host is None and _scheduled_present(verb):
        return "future"
    return tense


def _path_to_verb(mention: Mention, root, verb) -> list:
    """The tokens from the date up to (not including) the verb, outside the date itself."""
    inside = range(mention.start, mention.end)
    path = []
    token = root
    while token.head.i != token.i and (verb is None or token.head.i != verb.i):
        token = token.head
        if token.i not in inside:
            path.append(token)
    return path


def _finite_past(verb) -> bool:
    return verb.tag_ == "VBD" or any(
        c.dep_ in ("aux", "auxpass") and c.tag_ == "VBD" for c in verb.children)


def _phrase_cue(host) -> Tense:
    """"The upcoming Oct. 12 ballot" -> future, "the previous April referendum" -> past."""
    for child in host.children:
        if child.dep_ in ("amod", "advmod", "nmod", "compound") and child.i < host.i:
            word = child.lower_
            if word in UPCOMING_CUES:
                return "future"
            if word in PAST_CUES:
                return "past"
    return None


def _scheduled_date(root, path: list, verb) -> bool:
    """"Fixed the retrial for Jan. 23", "moved the ballot to April", "the hearing is due on
    Aug. 3": the date is when the scheduled thing happens."""
    link = path[-1] if path else root
    if _lemma_in(verb, SCHEDULING_WORDS) and link.dep_ == "prep" \
            and link.lower_ in ("for", "to", "until", "till"):
        return True
    return verb.lemma_ == "be" and any(
        c.dep_ in ("acomp", "attr") and c.lower_ in SCHEDULING_WORDS for c in verb.children)


def _infinitive_on_noun(verb) -> bool:
    """"The favourite to win the title in May", "the challenger to take the seat in the April
    race": a to-infinitive on a person looks ahead; "the first woman to climb it
    in May" and "efforts to reopen the border in March" (not a person) do not."""
    if verb.dep_ not in ("relcl", "acl") or verb.tag_ != "VB" \
            or not any(c.dep_ == "aux" and c.tag_ == "TO" for c in verb.children):
        return False
    noun = verb.head
    if not _is_person(noun):
        return False
    return not any(c.tag_ in ("JJS", "RBS") or c.ent_type_ == "ORDINAL"
                   or c.lower_ in ("first", "last", "only", "next")
                   for c in noun.children if c.i < noun.i)


def _is_person(token) -> bool:
    """A noun naming a person: a role ("candidate", "challenger"), a person's name, or an
    apposition to one."""
    words = {token.lemma_.casefold(), token.lower_}
    if words & CONTENDER_NOUNS:  # "the favourite" may be tagged an adjective
        return True
    return token.pos_ in ("NOUN", "PROPN") and (
        bool(words & ROLE_NOUNS) or token.ent_type_ == "PERSON" or token.dep_ == "appos")


def _about_a_person(host, path: list) -> bool:
    """The happening's noun phrase modifies a person ("the challenger in the April race",
    "Ruiz, the candidate in the October ballot"), so the verb tells what that person did,
    not when the happening is."""
    above = path[path.index(host) + 1:]
    return any(t.dep_ == "appos" or _is_person(t) for t in above)


def _scheduled_present(verb) -> bool:
    """"Whose mandate expires in April", "faces a retrial on Jan. 23": a simple present with a
    calendar date announces a scheduled happening."""
    if verb.pos_ != "VERB" or verb.tag_ not in ("VBZ", "VBP"):
        return False
    if any(c.dep_ in ("aux", "auxpass") for c in verb.children):
        return False
    return not _lemma_in(verb, NON_SCHEDULE_VERBS)


def _expects(verb, date_root) -> bool:
    """The date sits inside what a verb of planning or expecting governs ("expects talks in
    May", "plans a visit next month"), not on the verb itself ("agreed in May")."""
    if date_root is None or not _lemma_in(verb, FUTURE_GOVERNORS):
        return False
    token = date_root
    while token.head.i != verb.i and token.head.i != token.i:
        token = token.head
    return token.dep_ in ("dobj", "xcomp", "ccomp", "attr", "oprd")


def _expected_passive(verb, auxes: list) -> bool:
    """"Snow was expected on Friday", "the vote is scheduled for May": the passive of a
    verb of expecting dates what is expected, which lies ahead (future in the past)."""
    return _lemma_in(verb, EXPECTATION_VERBS) and any(a.dep_ == "auxpass" for a in auxes)


def _future_governed(verb) -> bool:
    """"plans to visit", "is due to meet", "expects the cut to come in May"."""
    head = verb.head
    if verb.dep_ not in ("xcomp", "ccomp") or head.i == verb.i:
        return False
    return _lemma_in(head, FUTURE_GOVERNORS)


def _lemma_in(token, words: frozenset[str]) -> bool:
    """Lemma membership, tolerant of lemmatiser slips ("hopes" -> "hop")."""
    forms = {token.lemma_.casefold(), token.lower_}
    forms |= {token.lower_[: -len(end)] for end in ("s", "d", "ed", "ing") if
              token.lower_.endswith(end)}
    return bool(forms & words)


def _hypothetical_state(verb) -> bool:
    """"A deal before June would be difficult": a conditional judgement, not a happening
    (a copula with an adjective under "would", "could", "might" or "may")."""
    if verb is None or verb.lemma_ != "be" or verb.pos_ != "AUX":
        return False
    children = list(verb.children)
    return any(c.dep_ == "acomp" for c in children) and any(
        c.dep_ == "aux" and c.lower_ in HYPOTHETICAL_MODALS for c in children)


def _in_doubt(verb, *, levels: int = 3) -> bool:
    """"A merger is unlikely before the autumn", "she doubted they would return before
    May", "it is possible that funds will be needed on Friday", "asked whether she would quit
    today": the verb or one of the few heads above it expresses doubt, or the verb itself is
    asked about ("whether"), so the dated clause is an open question (the questions extractor
    keeps it), not something that happened."""
    token = verb
    for _ in range(levels):
        if token is None:
            return False
        if _lemma_in(token, DOUBT_WORDS) or any(
                c.dep_ in ("acomp", "advmod") and _lemma_in(c, DOUBT_WORDS)
                or c.dep_ == "mark" and c.lower_ == "whether" and token is verb
                and verb.dep_ in _ASKED_CLAUSE_DEPS
                for c in token.children):
            return True
        if token.head.i == token.i:
            return False
        token = token.head
    return False


def _not_known(verb, tense: Tense) -> bool:
    """"Nobody can tell what prices will do next spring", "the board would not say if
    the ferries run again next month": a dated clause that is not past, under a verb of knowing
    or telling with a negative subject or a negation, is an open question. A past happening
    stays one ("no one knows who fired the shot on Monday")."""
    if verb is None or tense == "past":
        return False
    token = verb
    while token.dep_ in ("ccomp", "xcomp", "advcl", "conj") and token.head.i != token.i:
        token = token.head
        if not _lemma_in(token, KNOWING_VERBS):
            continue
        for child in token.children:
            if child.dep_ == "neg":
                return True
            if child.dep_ in ("nsubj", "nsubjpass") and (
                    child.lower_ in NEGATIVE_SUBJECTS
                    or any(c.dep_ == "det" and c.lower_ == "no" for c in child.children)):
                return True
    return False


def _reference_happening(doc, mention: Mention):
    """The scheduled happening a date belongs to when that happening is named as a reference
    point in time ("before the election in November", "ahead of the May summit"), else None."""
    root = doc[mention.start:mention.end].root
    if root.dep_ == "pobj" and root.head.dep_ == "prep" and root.head.lower_ in ("in", "on"):
        host = root.head.head
    elif root.dep_ in ("compound", "nmod", "npadvmod", "amod"):
        host = root.head
    else:
        return None
    if host.pos_ not in ("NOUN", "PROPN") or not _lemma_in(host, EVENT_NOUNS) \
            or host.dep_ != "pobj":
        return None
    prep = host.head
    if prep.lower_ == "of" and prep.head.i != prep.i:  # "ahead of the vote"
        prep = prep.head
    return host if prep.lower_ in REFERENCE_PREPS else None


def _comparison_baseline(doc, mention: Mention) -> bool:
    """"Up from 40 pence a year earlier", "lower than in 2019", "compared with last year":
    the date of a comparison's baseline says when a figure stood, not what happened."""
    inside = range(mention.start, mention.end)
    token = doc[mention.start:mention.end].root
    while token.head.i != token.i:
        head = token.head
        if head.i not in inside:
            if head.lower_ in COMPARISON_WORDS or head.lemma_.casefold() in COMPARISON_WORDS:
                return True
            if head.lower_ == "from" and _lemma_in(head.head, CHANGE_WORDS):
                return True
            if _is_verb(head):
                return False
        token = head
    return False


def _modal_deadline(doc, mention: Mention, verb) -> bool:
    """"The house should vote before the recess": a deadline under a modal of obligation or
    possibility bounds a wish. A past "reached the border before June 1" stays an event, and so
    does a plan ("will dock by Sunday", "said they would dock by Sunday")."""
    if verb is None:
        return False
    i = mention.start - 1
    while i >= 0 and doc[i].pos_ == "DET":  # "before the August recess"
        i -= 1
    if i < 0 or doc[i].lower_ not in DEADLINE_PREPS:
        return False
    modals = [c for c in verb.children if c.dep_ == "aux" and c.lower_ in DEADLINE_MODALS]
    if any(c.lower_ == "should" for c in modals) \
            and any(c.dep_ == "auxpass" for c in verb.children):
        return False  # "should be wrapped up by the end of the week": an expected completion
    return bool(modals)


def _generic_present(expr: DateExpr, tense: Tense, verb) -> bool:
    """"It is a problem today", "this week is busy": publication-relative expressions in a
    present-tense clause describe a state, not a happening."""
    if expr.kind != "relative" or expr.offset != 0 or expr.modifier == "past":
        return False
    return tense is None and verb is not None and verb.tag_ in ("VBZ", "VBP")


# ----------------------------------------------------------------------------------------------
# Clause text


def _has_own_subject(token) -> bool:
    return any(c.dep_ in ("nsubj", "nsubjpass", "expl", "csubj") for c in token.children)


def _next_verb_up(token):
    """The nearest verb above ``token`` (None at the root)."""
    while token.head.i != token.i:
        token = token.head
        if _is_verb(token):
            return token
    return None


def _climb_step(root):
    """The clause one level up that still describes the same happening, or None.

    Subject-less complements ("plans to visit"), participial and infinitive side clauses
    ("ending deals signed in 2018"), reported clauses ("said it will publish") and the
    clause of a preposition ("died after running out of air on Friday") climb to the verb
    above; clauses with their own subject coordinated with others do not.
    """
    if root.dep_ in ("xcomp", "aux", "ccomp"):
        if _is_verb(root.head):
            return root.head
        # "is due to be finished": through the predicate adjective to its copula
        return root.head.head if root.head.pos_ == "ADJ" and _is_verb(root.head.head) else None
    if root.dep_ in ("advcl", "acl") and not _has_own_subject(root):
        return _next_verb_up(root)
    if root.dep_ == "conj" and not _has_own_subject(root) and _is_verb(root.head):
        return root.head  # shared subject: "was elected in 2019 and re-elected in 2023"
    if (root.dep_ == "pcomp" and not _has_own_subject(root) and root.head.dep_ == "prep"
            and _is_verb(root.head.head)):
        return root.head.head  # "died after running out of air on Friday": the dying
    return None


def _clause_root(root, focus: set[int], others: set[int]):
    """Climb from the governing verb while the clause stays short and holds no other date."""
    while (parent := _climb_step(root)) is not None:
        if root.dep_ != "conj" and _own_clause_ids(parent, focus) & others:
            break  # the clause above belongs to another date
        if _words(_clause_tokens(parent, focus, others, truncate=False)) > MAX_WORDS:
            break
        root = parent
    return root


def _words(tokens) -> int:
    return sum(1 for t in tokens if not t.is_punct and not t.text.startswith("'"))


def _subtree_ids(token) -> set[int]:
    return {t.i for t in token.subtree}


#: A constituent spanning this many tokens without the event's date is never part of its text
#: (an event is at most :data:`MAX_WORDS` words): nested reported speech ("A said on Monday
#: that B said on Tuesday that ...") would otherwise make each date's clause the rest of the
#: chain, and the extraction of a long sentence quadratic.
_HUGE_SIDE = 4 * MAX_WORDS


def _other_clause_test(root, focus: set[int]) -> Callable[[Any], bool]:
    """Whether a token under ``root`` heads a coordinated clause with its own subject, a
    parenthetical, or a constituent of :data:`_HUGE_SIDE` tokens, that does not hold the date:
    always left out of an event's text."""
    holds_focus = covering(root.doc, focus, top=root)
    return lambda token: (token.i != root.i and token.i not in holds_focus and (
        (_is_verb(token) and token.dep_ in _ALWAYS_DROP
         and (_has_own_subject(token) or token.dep_ == "parataxis"))
        or token.right_edge.i - token.left_edge.i >= _HUGE_SIDE))


def _own_clause(root, focus: set[int]) -> list:
    """``root``'s subtree without the other clauses under it (:func:`_other_clause_test`), in
    subtree order. The other clauses are never entered: a clause that heads a long chain of
    others costs its own length, not the chain's."""
    return pruned_subtree(root, _other_clause_test(root, focus))


def _own_clause_ids(root, focus: set[int]) -> set[int]:
    return {t.i for t in _own_clause(root, focus)}


def _drop_other_dates(root, focus: set[int], others: set[int], own: set[int],
                      skip: Callable[[Any], bool]) -> set[int]:
    """Remove the smallest modifier (a prepositional phrase, adverbial, side clause ...) that
    holds another date of the sentence, so each event keeps only its own date. ``own``: the
    ids of ``root``'s own clause (a date inside another clause only ever removes part of that
    clause: the climb from it stops at the latest at the clause's head, a "conj" or
    "parataxis" unit); ``skip``: its other-clause test. Returns ids within ``own``."""
    removed: set[int] = set()
    holds_focus = covering(root.doc, focus, top=root)
    for i in others & own:
        token = root.doc[i]
        unit = None
        while token.i != root.i and token.i not in holds_focus:
            if token.dep_ in _DATE_UNITS:
                unit = token
                break
            token = token.head
        if unit is not None:
            removed |= {t.i for t in pruned_subtree(unit, skip)}
        else:  # "on Thursday and Friday": drop "Thursday" with its "and"
            removed |= {i} | {c.i for c in root.doc[i].children if c.dep_ in ("cc", "punct")}
    return removed


def _side_clauses(root, keep: set[int], labels: tuple[str, ...], removed: set[int],
                  own: list) -> list:
    """Droppable side constituents of the clause ``own`` (``root``'s, in subtree order),
    deepest first, then largest first."""
    holds_keep = covering(root.doc, keep, top=root)
    # a noun whose infinitive says what it is stays with it ("a vote | to move $4 million")
    nouns = {t.left_edge.i - 1 for t in own if _noun_content(t)}
    found = [t for t in own if t.dep_ in labels and t.i != root.i
             and t.i not in removed and t.head.i not in removed
             and t.i not in holds_keep and not _noun_content(t)
             and not any(t.left_edge.i <= n <= t.right_edge.i for n in nouns)]
    if not found:
        return []
    depth, size = depths_and_sizes(root)
    return sorted(found, key=lambda t: (-depth[t.i], -size[t.i]))


def _noun_content(token) -> bool:
    """A to-infinitive on a noun ("a vote to move $4 million", "a plan to close the pier"),
    also when the parser hangs it on the verb: what the noun is, never a side clause to
    drop."""
    if token.dep_ not in ("acl", "advcl") or not any(c.tag_ == "TO" for c in token.children):
        return False
    before = token.left_edge.i - 1
    return (token.dep_ == "acl" and token.head.pos_ == "NOUN") or (
        before >= 0 and token.doc[before].pos_ == "NOUN")  # parsed apart from its noun


def _clause_tokens(root, focus: set[int], others: set[int], *, truncate: bool = True) -> list:
    """Tokens of ``root``'s clause minus side clauses, dropped one at a time (largest first)
    only while the text is longer than :data:`MAX_WORDS`."""
    skip = _other_clause_test(root, focus)
    own = pruned_subtree(root, skip)
    removed = _drop_other_dates(root, focus, others, {t.i for t in own}, skip)
    words = _words([t for t in own if t.i not in removed])
    for labels in _DROP_IF_LONG:
        if words <= MAX_WORDS:
            break
        for side in _side_clauses(root, focus, labels, removed, own):
            if words <= MAX_WORDS:
                break
            dropped = {t.i for t in pruned_subtree(side, skip)} - removed
            words -= _words([root.doc[i] for i in dropped])
            removed |= dropped
    tokens = sorted((t for t in own if t.i not in removed), key=lambda t: t.i)
    return _truncate(tokens, focus) if truncate else tokens


def _truncate(tokens: list, focus: set[int]) -> list:
    """Cut to :data:`MAX_WORDS` words, keeping the date and the words before it first."""
    if _words(tokens) <= MAX_WORDS:
        return tokens
    first_focus = min((i for i, t in enumerate(tokens) if t.i in focus), default=0)
    start = max(0, min(first_focus - MAX_WORDS // 2, len(tokens) - MAX_WORDS))
    kept: list = []
    for token in tokens[start:]:
        kept.append(token)
        if _words(kept) > MAX_WORDS:
            kept.pop()
            break
    return kept


def _dateline(doc, sent) -> set[int]:
    """Token ids of a wire-style dateline opening the sentence ("LAGOS, Nigeria — ")."""
    m = _DATELINE.match(sent.text)
    if not m or not m.end():
        return set()
    return {t.i for t in sent if t.idx < sent.start_char + m.end()}


@dataclass(frozen=True, slots=True)
class _SentenceMarks:
    """What every date of a sentence needs from the whole sentence, read once per sentence
    (once per date made a long sentence with many dates quadratic)."""

    dateline: frozenset[int]
    breaks: tuple  # tokens holding or followed by a blank line
    quotations: tuple[tuple[int, int], ...]

    @classmethod
    def of(cls, doc, sent) -> _SentenceMarks:
        return cls(frozenset(_dateline(doc, sent)), tuple(_paragraph_breaks(sent)),
                   tuple(_quoted_regions(sent)))


def _paragraph_breaks(sent) -> list:
    return [t for t in sent if "\n\n" in t.text or "\n\n" in t.whitespace_]


def _other_paragraphs(sent, mention: Mention, breaks=None) -> set[int]:
    """Token ids of ``sent`` beyond a blank line from the date: a sentence the parser ran
    across paragraphs (a quotation closing one paragraph, the next one opening with "Her
    deputy said ...") keeps the date's paragraph only. ``breaks``: the sentence's
    :func:`_paragraph_breaks` when already known."""
    ids: set[int] = set()
    for token in _paragraph_breaks(sent) if breaks is None else breaks:
        if token.i < mention.start:
            ids |= set(range(sent.start, token.i + 1))
        elif token.i >= mention.end:
            ids |= set(range(token.i + (0 if token.is_space else 1), sent.end))
    return ids


def _clause_tokens_for(doc, sent, mention: Mention, verb, others: set[int],
                       marks: _SentenceMarks) -> list:
    """The tokens of a short clause saying what happened around the date."""
    focus = set(range(mention.start, mention.end))
    dateline = (marks.dateline | _other_paragraphs(sent, mention, marks.breaks)) - focus
    if verb is None:
        return _truncate([t for t in sent if t.i not in others | dateline], focus)
    focus.add(verb.i)
    root = _clause_root(verb, focus, others)
    tokens = _clause_tokens(root, focus, others | dateline)
    if root.dep_ in ("relcl", "acl") and root.head.i != root.i:
        head_np = [t for t in _noun_phrase(root.head).subtree
                   if t.i <= root.head.i and t.i not in others and t.i not in dateline]
        if not any(t.i in focus for t in head_np):
            tokens = _truncate(sorted(set(head_np) | set(tokens), key=lambda t: t.i), focus)
    if _anchor_clause(doc, mention, verb):
        anchor_ids = _subtree_ids(doc[mention.end - 1].head)
        tokens = [t for t in tokens if t.i not in anchor_ids and t.i not in focus
                  or t.i == verb.i]
    return _orphaned_subject(doc, mention, verb, tokens, marks.breaks) + tokens


def _orphaned_subject(doc, mention: Mention, verb, tokens: list, breaks) -> list:
    """The words opening the date's paragraph before its clause when the parser hung them
    on the paragraph before ("Harbour gets a pier | The town of Pellham said today ...":
    "The town" parsed as an apposition of the headline's last word) and the verb has no
    subject left of its own: the clause's subject, put back."""
    before = [b.i for b in breaks if b.i < mention.start]
    if not before or not tokens or any(
            c.dep_ in ("nsubj", "nsubjpass") and c.i >= before[-1] for c in verb.children):
        return []
    start = before[-1] + 1
    while start < tokens[0].i and doc[start].is_space:
        start += 1
    orphans = [t for t in doc[start:tokens[0].i] if not t.is_space]
    if not orphans or any(t.i >= verb.i for t in orphans) or len(orphans) > _MAX_ORPHANS:
        return []
    return orphans if any(t.pos_ in ("NOUN", "PROPN", "PRON") for t in orphans) else []


def _noun_phrase(noun):
    """The largest noun phrase ending in ``noun``: "the east" in "a run of floods in the
    east" climbs to "run", so that a relative clause on "east" keeps "floods"."""
    while noun.dep_ == "pobj" and noun.head.dep_ == "prep" \
            and noun.head.head.pos_ in ("NOUN", "PROPN") and noun.head.head.i < noun.i:
        noun = noun.head.head
    return noun


def _anchor_clause(doc, mention: Mention, verb) -> bool:
    """"The day after the dam burst, ...": the clause naming the anchor is not the event."""
    last = doc[mention.end - 1]
    return mention.expr.kind == "anchored" and last.lower_ in ("after", "before") \
        and last.dep_ == "mark" and last.head.head.i == verb.i


def _quoted_regions(sent) -> list[tuple[int, int]]:
    """Token index ranges (inclusive, marks included) of the quotations in ``sent``."""
    regions: list[tuple[int, int]] = []
    start: int | None = None
    for token in sent:
        text = token.text
        if start is None and text in ('"', "“"):
            start = token.i
        elif start is not None and text in ('"', "”"):
            regions.append((start, token.i))
            start = None
    return regions


def _keep_quotes_whole(sent, tokens: list, regions) -> list:
    """Trimming may drop words from a clause, but never from inside a quotation: an event
    text must not misquote anyone. A quotation any kept word falls in is restored whole.
    ``regions``: the sentence's :func:`_quoted_regions`."""
    kept = {t.i for t in tokens}
    for a, b in regions:
        if any(a < i < b for i in kept):
            kept.update(range(a, b + 1))
    if len(kept) == len(tokens):
        return tokens
    doc = sent.doc
    return [doc[i] for i in sorted(kept)]


#: Subordinators that may open an event's words when its clause is all that is kept
#: ("after the election had a low turnout"): dropped, the clause says what happened.
_LEADING_MARKS = frozenset({"after", "before", "since", "because", "although", "though", "that",
                            "once", "until", "whereas", "while", "when", "as"})


def _join(tokens: list) -> str:
    """Rebuild text from (possibly gappy) tokens; trim dangling punctuation and conjunctions,
    a subordinator opening the words, and the relative pronoun of a relative clause kept with
    its noun ("Ruiz, who became mayor in 2019" -> "Ruiz became mayor in 2019")."""
    tokens = [t for t in tokens if not t.is_space]
    while tokens and (tokens[0].is_punct or tokens[0].lower_ in _EDGE_WORDS
                      or tokens[0].dep_ == "mark" and tokens[0].lower_ in _LEADING_MARKS) \
            and tokens[0].text not in _OPENING_QUOTES:
        tokens = tokens[1:]
    kept = {t.i for t in tokens}
    tokens = [t for n, t in enumerate(tokens)
              if not _relative_subject(t, tokens[:n], kept)]
    while tokens and (tokens[-1].is_punct or tokens[-1].lower_ in _EDGE_WORDS) \
            and tokens[-1].text not in ('"', "”", "'", "’", ")", "%"):
        tokens = tokens[:-1]
    parts: list[str] = []
    for i, token in enumerate(tokens):
        gap = i + 1 < len(tokens) and tokens[i + 1].i != token.i + 1
        parts.append(token.text + (" " if gap and not token.whitespace_ else token.whitespace_))
    text = "".join(parts).strip()
    text = re.sub(r"\s+([,.;:!?])", r"\1", re.sub(r"\s+", " ", text))
    text = re.sub(r"([,;:])(?:\s*[,;:])+", r"\1", text)  # "harvest,, was" after a cut
    text = re.sub(r"\s*\(\s*\)", "", text)  # a bracket emptied by a cut
    text = re.sub(r",\s*(?:but|and|or|yet)\s*,", ",", text)  # "each treated, but, officials"
    return _balance_quotes(text)


def _relative_subject(token, before: list, kept: set[int]) -> bool:
    """"who"/"which" as the subject of a relative clause when the event's words are its noun
    phrase and then the clause: the two read as one clause without it."""
    if not (token.tag_ in ("WP", "WDT") and token.dep_ in ("nsubj", "nsubjpass")
            and token.head.dep_ == "relcl" and before):
        return False
    noun = token.head.head  # the words open with the noun phrase, then the clause on it,
    # and what the noun itself does is not among them
    return (before[0].i >= noun.left_edge.i and all(t.i <= noun.i or t.is_punct for t in before)
            and noun.head.i not in kept)


def _balance_quotes(text: str) -> str:
    """Drop a quotation mark left unmatched at an edge by trimming."""
    for opening, closing in (('"', '"'), ("“", "”")):
        opens, closes = text.count(opening), text.count(closing)
        unmatched = opens % 2 if opening == closing else opens - closes
        if unmatched and text.startswith(opening):
            text = text[1:].lstrip()
        elif unmatched and text.endswith(closing):
            text = text[:-1].rstrip()
    return text
