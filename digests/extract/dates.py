"""Date expressions normalised against a document's publication date.

Two pure steps, usable and testable without spaCy:

* :func:`parse_expression` reads a date expression ("on June 16", "September 2018", "last
  month", "Tuesday night", "the day after") into a :class:`DateExpr`, or returns None when the
  text does not name a point in time (durations "for 4 years", ages "in his 40's", "now",
  "each day", decades);
* :func:`resolve` turns a :class:`DateExpr` into a normalised :class:`ResolvedDate` given the
  publication date, the tense of the clause and, for anchored expressions ("the day after",
  "days earlier"), the date of the event just named.

:func:`resolve_date` does both. Normalised dates are ``YYYY-MM-DD``, ``YYYY-MM``, ``YYYY`` or
``--MM-DD`` (day and month known, year unknown); precision is "day", "month", "year" or "none".

Rules (chosen explicitly; ``dateparser`` is deliberately not used):

* a year the text fixes is kept; without a publication date nothing else is invented, so
  "June 16" is ``--06-16`` and "Monday" or "last month" resolve to nothing;
* "June 16" / "November" take the year that fits the tense: past -> the latest occurrence not
  after publication (a 14-day grace for days, as publication dates may be estimates), future
  -> the earliest occurrence not before it, unknown -> the occurrence nearest publication (a
  tie goes to the earlier one), "ahead" -> the occurrence nearest publication, a tie going to
  the later one (a happening named as a modifier: "the challenger in the April race");
* a weekday in the past (or unknown) tense is the latest such day on or before publication,
  in the future tense the first one on or after it (news style names even the publication
  day by its weekday: "will meet later on Thursday"); "last Monday" is strictly before,
  "next Monday" strictly after;
* "last/this/next month|year" shift the publication month or year; "last week" is the month
  of the day a week before publication, "this week" and "over the past week" the publication
  month; "three days ago" is a day, "two weeks/months ago" a month, "two years ago" a year;
* "the end of the month" is the publication month ("before the end of the month"), "the end of
  the year" its December and "the start of the year" its January ("the end of next year":
  December of the next year); in a past clause a bare "the month"/"the year" is that of the
  date just named ("The strike began on May 3. By the end of the month ...");
* "since May" reads as past when the clause gives no tense; the bounds "until", "before",
  "by" look ahead, except in a past clause ("adjourned until May 3"), where the occurrence
  nearest publication wins;
* "the day after" / "the next day" / "N days later|earlier" move a day-precision anchor by
  whole days; "days earlier" keeps the anchor's month ("weeks later" resolves to nothing);
  "the following year" / "a year later" move a year.
"""
from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Literal, NamedTuple

from .lexicon import (
    AMBIGUOUS_MONTHS,
    DATE_LEAD_WORDS,
    DAY_PARTS,
    MONTH_PARTS,
    MONTHS,
    NON_POINT_DATES,
    NUMBER_WORDS,
    WEEKDAYS,
)

#: The tense of a clause: "past", "future", None (present or unknown: the nearest occurrence)
#: or "ahead" (the nearest occurrence, a tie going forward; see :func:`_pick`).
Tense = Literal["past", "future", "ahead"] | None

#: How far past publication a past-tense "June 16" may fall (publication dates are often
#: estimates) and, symmetrically, how far before it a future-tense one may fall.
DAY_GRACE = timedelta(days=14)
#: Prepositions that put an upper bound on a happening ("until May", "before June", "by
#: Friday"): they look ahead, except in a past clause, where the nearest occurrence wins.
BOUND_PREPS = ("until", "till", "before", "by")
MIN_YEAR, MAX_YEAR = 1800, 2199


class ResolvedDate(NamedTuple):
    """A normalised date string (or None) and its precision."""

    date: str | None
    precision: str  # "day" | "month" | "year" | "none"


UNRESOLVED = ResolvedDate(None, "none")


@dataclass(frozen=True, slots=True)
class DateExpr:
    """A parsed date expression.

    ``kind`` is one of:

    * ``"absolute"``: ``year``/``month``/``day`` as the text gives them (any may be None:
      "June 16" has no year, "2019" only a year, "November" only a month);
    * ``"weekday"``: ``weekday`` (0 = Monday) with ``modifier`` "last", "next", "this" or None;
    * ``"relative"``: ``offset`` whole ``unit``s ("day", "week", "month", "year") from
      publication; ``modifier`` "past" marks a period running up to publication
      ("over the last week");
    * ``"anchored"``: ``offset`` ``unit``s from the event just named; ``vague`` when the
      distance is not a number ("days earlier");
    * ``"period"``: part of a month, week or year named by its unit ("the end of the month",
      "the start of next year"): ``offset`` whole ``unit``s from publication, ``part`` "end",
      "start" or None, ``modifier`` "the" when the period is bare ("the month", not "this
      month"), which in a past clause follows the date just named.
    """

    kind: str
    year: int | None = None
    month: int | None = None
    day: int | None = None
    weekday: int | None = None
    offset: int = 0
    unit: str | None = None
    modifier: str | None = None
    vague: bool = False
    tense_hint: str | None = None  # "past" ("since ..."), "bound" ("until ...") or None
    part: str | None = None  # "end" / "start" of a "period"


# ----------------------------------------------------------------------------------------------
# Parsing

_MONTH_RE = "|".join(sorted(MONTHS, key=len, reverse=True))
_WEEKDAY_RE = "|".join(sorted(WEEKDAYS, key=len, reverse=True))
_NUMBER_RE = "|".join(sorted((re.escape(w) for w in NUMBER_WORDS), key=len, reverse=True))
_ORD = r"(?:st|nd|rd|th)?"
_YEAR = r"(1[89]\d\d|2[01]\d\d)"
_DAY = rf"([0-3]?\d){_ORD}"
_MONTH = rf"({_MONTH_RE})\.?"
_COUNT = rf"(\d+|{_NUMBER_RE})"
_UNIT = r"(day|week|month|year)s?"
_DAY_PART = "|".join(sorted(DAY_PARTS))

_ISO = re.compile(rf"\b{_YEAR}-(\d\d)-(\d\d)\b")
_MONTH_DAY_YEAR = re.compile(rf"\b{_MONTH} {_DAY}(?:\s*(?:-|–|and|to)\s*\d+{_ORD})?,? {_YEAR}\b")
_DAY_MONTH_YEAR = re.compile(rf"\b{_DAY}(?: of)? {_MONTH},? {_YEAR}\b")
_MONTH_DAY = re.compile(rf"\b{_MONTH} {_DAY}\b(?!\s*(?:%|percent|years?|people|times))")
_DAY_MONTH = re.compile(rf"\b{_DAY}(?: of)? {_MONTH}\b")
_MONTH_YEAR = re.compile(rf"\b{_MONTH}(?: of)?,? {_YEAR}\b")
_YEAR_ONLY = re.compile(rf"(?<![\d$£€.,/-]){_YEAR}(?!\d|s\b|'s\b|-year|\s*(?:%|percent|people))")
_MONTH_ONLY = re.compile(
    rf"^(?:(last|next|this|coming|past|previous|the coming|the next|the last|the previous|"
    rf"the past) )?{_MONTH}$"
)
_WEEKDAY = re.compile(
    rf"^(?:(last|next|this|this past|this coming|past|coming) )?(?:{_WEEKDAY_RE}\.?)"
    rf"(?: ({_DAY_PART}))?$"
)
_WEEKDAY_NAME = re.compile(rf"\b({_WEEKDAY_RE})\b")
_WEEKEND = re.compile(r"^(?:the |(last|next|this|this past|this coming|past|coming) )?weekend$")
_DAY_WORD = re.compile(
    rf"^(?:(?:early|late|earlier|later) )?(yesterday|today|tomorrow|tonight|last night|this "
    rf"(?:{_DAY_PART})|(?:yesterday|tomorrow) (?:{_DAY_PART}))$"
)
_SHIFT = re.compile(
    r"^(?:(?:the )?(earlier|later|early|late) )?"
    r"(last|next|this|past|previous|coming|the last|the past|the previous|the coming) "
    r"(week|month|year)$"
)
_AGO = re.compile(rf"^(?:about |around |nearly |almost |some |more than )?{_COUNT} {_UNIT} ago$")
_ANCHOR_DAY = re.compile(
    r"^(?:on )?(?:the )?(day after|day before|next day|following day|previous day|same day|"
    r"that day|that same day|day earlier|day later)\b"
)
_ANCHOR_COUNT = re.compile(
    rf"^(?:just |only |some |about )?{_COUNT} {_UNIT} (later|earlier|after|before)\b"
)
_ANCHOR_VAGUE = re.compile(
    r"^(?:just |only |a few |some )?(days|weeks|hours) (later|earlier|after|before)\b"
)
_ANCHOR_FOLLOWING = re.compile(r"^the (following|next|previous) (week|month|year)$")
_ANCHOR_THAT = re.compile(
    rf"^(?:(?:later|earlier|early|late) )?that (?:same )?(day|{_DAY_PART}|week|month|year)$"
)
_DURATION = re.compile(
    rf"\b{_COUNT}[- ](?:{_UNIT}|decades?|hours?|minutes?)\b(?! ago| later| earlier)"
)
_AGE = re.compile(r"\b\d+(?:'s|’s|s)\b|-year-old|\byears? old\b|\bdecades?\b|\bcentur")
_PERIOD = re.compile(
    r"^(?:the )?(end|close|start|beginning|middle|first half|second half) of "
    r"(the|this|next|last|previous|coming|the next|the coming|the previous) (week|month|year)$"
)
_SPACE = re.compile(r"\s+")


def normalise(text: str) -> str:
    """Lower-case ``text``, unify quotes and dashes, collapse spaces, drop edge punctuation."""
    text = text.replace("’", "'").replace("‘", "'").replace("—", "-").replace("–", "-")
    text = _SPACE.sub(" ", text.casefold()).strip(" \t\n,.;:!?\"'()[]")
    return re.sub(r"'s$", "", text)


def _strip_lead(text: str) -> tuple[str, str | None]:
    """Drop opening prepositions and fillers; note "since" and the bounds "until", "before",
    "by", which steer the choice of year or week (see :func:`resolve`)."""
    hint: str | None = None
    changed = True
    while changed:
        changed = False
        for lead in DATE_LEAD_WORDS:
            if text.startswith(lead + " ") and len(text) > len(lead) + 1:
                rest = text[len(lead) + 1:]
                if lead in ("earlier", "later") and not rest.startswith("this "):
                    continue  # "earlier this month" only; "later that day" is anchored
                if lead == "since":
                    hint = "past"
                elif lead in BOUND_PREPS:
                    hint = "bound"
                text, changed = rest, True
                break
    return text, hint


def _strip_month_part(text: str) -> str:
    for part in MONTH_PARTS:
        for sep in (" ", "-"):
            if text.startswith(part + sep):
                return text[len(part) + 1:]
    return text


def _number(word: str) -> int | None:
    if word.isdigit():
        return int(word)
    return NUMBER_WORDS.get(word)


def _month_ok(word: str, original: str) -> bool:
    """Ambiguous month words ("may", "march") need a capital letter in the original text."""
    word = word.rstrip(".")
    if word not in AMBIGUOUS_MONTHS:
        return True
    return re.search(rf"\b{word.capitalize()}\b", original) is not None


def _valid_day(year: int | None, month: int, day: int) -> bool:
    if not 1 <= month <= 12 or day < 1:
        return False
    return day <= calendar.monthrange(year if year else 2000, month)[1]


def _absolute(text: str, original: str) -> DateExpr | None:
    """Calendar expressions: full dates, month + day, month + year, year, month."""
    if m := _ISO.search(text):
        y, mo, d = int(m[1]), int(m[2]), int(m[3])
        return DateExpr("absolute", y, mo, d) if _valid_day(y, mo, d) else None
    for pattern, order in ((_MONTH_DAY_YEAR, "mdy"), (_DAY_MONTH_YEAR, "dmy")):
        if m := pattern.search(text):
            mo_w, d_s, y_s = (m[1], m[2], m[3]) if order == "mdy" else (m[2], m[1], m[3])
            y, mo, d = int(y_s), MONTHS[mo_w], int(d_s)
            return DateExpr("absolute", y, mo, d) if _valid_day(y, mo, d) else None
    if m := _MONTH_YEAR.search(text):
        return DateExpr("absolute", int(m[2]), MONTHS[m[1]])
    for pattern, order in ((_MONTH_DAY, "md"), (_DAY_MONTH, "dm")):
        if m := pattern.search(text):
            mo_w, d_s = (m[1], m[2]) if order == "md" else (m[2], m[1])
            mo, d = MONTHS[mo_w], int(d_s)
            if _month_ok(mo_w, original) and _valid_day(None, mo, d):
                return DateExpr("absolute", None, mo, d)
    if m := _YEAR_ONLY.search(text):
        return DateExpr("absolute", int(m[1]))
    if m := _MONTH_ONLY.match(_strip_month_part(text)):
        if _month_ok(m[2], original):
            return DateExpr("absolute", None, MONTHS[m[2]], modifier=_modifier(m[1]))
    return None


def _modifier(word: str | None) -> str | None:
    """Map "past"/"the last"/"coming" ... onto "last", "next" or "this"."""
    if not word:
        return None
    word = word.removeprefix("the ").removeprefix("this ").strip()
    return {"past": "last", "previous": "last", "coming": "next", "last": "last",
            "next": "next", "this": "this"}.get(word, word)


def _period(text: str) -> DateExpr | None:
    """"The end of the month", "the start of next year": a part of a named period."""
    m = _PERIOD.match(text)
    if not m:
        return None
    which = m[2].removeprefix("the ") if m[2] != "the" else "the"
    offset = {"next": 1, "coming": 1, "last": -1, "previous": -1}.get(which, 0)
    part = {"end": "end", "close": "end", "start": "start", "beginning": "start"}.get(m[1])
    return DateExpr("period", offset=offset, unit=m[3], part=part,
                    modifier="the" if which == "the" else None)


def _relative(text: str) -> DateExpr | None:
    """Expressions relative to publication: weekdays, yesterday, last month, 3 days ago."""
    if m := _WEEKDAY.match(text):
        name = _WEEKDAY_NAME.search(text)
        return DateExpr("weekday", weekday=WEEKDAYS[name[1]], modifier=_modifier(m[1]))
    if m := _WEEKEND.match(text):  # Saturday or Sunday: only the month is certain
        return DateExpr("weekend", weekday=5, modifier=_modifier(m[1]))
    if m := _DAY_WORD.match(text):
        word = m[1]
        offset = -1 if word.startswith(("yesterday", "last night")) else (
            1 if word.startswith("tomorrow") else 0)
        return DateExpr("relative", offset=offset, unit="day")
    if m := _SHIFT.match(text):
        which, unit = m[2], m[3]
        if which.startswith("the ") or which == "past":
            # "the last week", "the past month": a period running up to publication
            return DateExpr("relative", offset=0, unit=unit, modifier="past")
        offset = {"last": -1, "previous": -1, "next": 1, "coming": 1, "this": 0}[which]
        return DateExpr("relative", offset=offset, unit=unit)
    if m := _AGO.match(text):
        n = _number(m[1])
        return DateExpr("relative", offset=-n, unit=m[2]) if n is not None else None
    return None


def _anchored(text: str) -> DateExpr | None:
    """Expressions relative to the event just named: "the day after", "two days later"."""
    if m := _ANCHOR_DAY.match(text):
        phrase = m[1]
        if phrase in ("day after", "next day", "following day", "day later"):
            return DateExpr("anchored", offset=1, unit="day")
        if phrase in ("day before", "previous day", "day earlier"):
            return DateExpr("anchored", offset=-1, unit="day")
        return DateExpr("anchored", offset=0, unit="day")
    if m := _ANCHOR_COUNT.match(text):
        n = _number(m[1])
        if n is None:
            return None
        sign = 1 if m[3] in ("later", "after") else -1
        return DateExpr("anchored", offset=sign * n, unit=m[2])
    if m := _ANCHOR_VAGUE.match(text):
        unit = {"days": "day", "hours": "day", "weeks": "week"}[m[1]]
        sign = 1 if m[2] in ("later", "after") else -1
        return DateExpr("anchored", offset=sign, unit=unit, vague=True)
    if m := _ANCHOR_FOLLOWING.match(text):
        sign = -1 if m[1] == "previous" else 1
        return DateExpr("anchored", offset=sign, unit=m[2])
    if m := _ANCHOR_THAT.match(text):  # "later that day", "that night"
        unit = m[1] if m[1] in ("week", "month", "year") else "day"
        return DateExpr("anchored", offset=0, unit=unit)
    return None


def parse_expression(text: str) -> DateExpr | None:
    """Parse one date expression, or return None if it names no point in time.

    Durations ("for 4 years"), ages ("in his 40's", "45-year-old"), decades, "now" and
    habitual phrases ("each day") give None, as does anything unrecognised.
    """
    return _parse(normalise(text), text)


def _parse(norm: str, original: str) -> DateExpr | None:
    """:func:`parse_expression` on normalised text; ``original`` keeps the capitals."""
    if not norm or norm in NON_POINT_DATES:
        return None
    anchored = _anchored(norm)
    if anchored:
        return anchored
    core, hint = _strip_lead(norm)
    if period := _period(core):
        return period
    core = _strip_month_part(core)
    if core in NON_POINT_DATES or _AGE.search(core):
        return None
    parsed = _relative(core) or _anchored(core)
    if parsed is None:
        duration = _DURATION.search(core)
        if duration and not _ISO.search(core):
            # "in 9 years last October": a duration next to a date; only the date remains
            rest = (core[:duration.start()] + core[duration.end():]).strip()
            return _parse(rest, original) if rest and rest != core else None
        parsed = _absolute(core, original)
    if parsed is not None and hint and parsed.tense_hint is None:
        parsed = replace(parsed, tense_hint=hint)
    return parsed


# ----------------------------------------------------------------------------------------------
# Resolution


def _fmt_day(d: date) -> ResolvedDate:
    return ResolvedDate(d.isoformat(), "day")


def _fmt_month(year: int, month: int) -> ResolvedDate:
    if not 1 <= year <= 9999:
        return UNRESOLVED  # "9000 months ago": no four-digit year to give
    return ResolvedDate(f"{year:04d}-{month:02d}", "month")


def _fmt_year(year: int) -> ResolvedDate:
    if not 1 <= year <= 9999:
        return UNRESOLVED  # "3000 years ago" from 2022: no four-digit year to give
    return ResolvedDate(f"{year:04d}", "year")


def _add_months(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def _pick(candidates: list, pivot, tense: Tense, grace):
    """Choose among candidate occurrences (sorted) by tense around ``pivot``."""
    if tense == "past":
        allowed = [c for c in candidates if c <= pivot + grace]
        return allowed[-1] if allowed else candidates[0]
    if tense == "future":
        allowed = [c for c in candidates if c >= pivot - grace]
        return allowed[0] if allowed else candidates[-1]
    if tense == "ahead":
        return min(candidates, key=lambda c: (abs(c - pivot), c < pivot))
    return min(candidates, key=lambda c: (abs(c - pivot), c > pivot))


def _month_day(expr: DateExpr, published: date | None, tense: Tense) -> ResolvedDate:
    assert expr.month is not None and expr.day is not None
    if published is None:
        return ResolvedDate(f"--{expr.month:02d}-{expr.day:02d}", "day")
    # four years either side, so that February 29 always has a leap year to fall in; the
    # tense rules pick within a year of publication for every other day
    years = range(max(1, published.year - 4), min(9999, published.year + 4) + 1)
    candidates = [date(y, expr.month, expr.day) for y in years
                  if _valid_day(y, expr.month, expr.day)]
    return _fmt_day(_pick(candidates, published, tense, DAY_GRACE))


def _month_only(expr: DateExpr, published: date | None, tense: Tense) -> ResolvedDate:
    assert expr.month is not None
    if published is None:
        return UNRESOLVED
    pivot = published.year * 12 + published.month - 1
    candidates = [(published.year + k) * 12 + expr.month - 1 for k in (-1, 0, 1)]
    if expr.modifier == "last":
        chosen = max(c for c in candidates if c < pivot)
    elif expr.modifier == "next":
        chosen = min(c for c in candidates if c > pivot)
    elif expr.modifier == "this":
        chosen = published.year * 12 + expr.month - 1
    else:
        chosen = _pick(candidates, pivot, tense, 0)
    return _fmt_month(chosen // 12, chosen % 12 + 1)


def _absolute_resolve(expr: DateExpr, published: date | None, tense: Tense) -> ResolvedDate:
    if expr.year is not None:
        if expr.month is None:
            return _fmt_year(expr.year)
        if expr.day is None:
            return _fmt_month(expr.year, expr.month)
        return _fmt_day(date(expr.year, expr.month, expr.day))
    if expr.month is not None and expr.day is not None:
        return _month_day(expr, published, tense)
    if expr.month is not None:
        return _month_only(expr, published, tense)
    return UNRESOLVED


def _weekday_resolve(expr: DateExpr, published: date, tense: Tense, *,
                     nearest: bool = False) -> ResolvedDate:
    assert expr.weekday is not None
    back = (published.weekday() - expr.weekday) % 7  # days back to the latest on/before
    ahead = (expr.weekday - published.weekday()) % 7 or 7  # days to the next strictly after
    if nearest and expr.modifier is None:
        return _fmt_day(published + timedelta(days=ahead if ahead < back else -back))
    if expr.modifier == "last":
        return _fmt_day(published - timedelta(days=back or 7))
    if expr.modifier == "next":
        return _fmt_day(published + timedelta(days=ahead))
    if tense == "future" and expr.modifier != "last":  # "will meet Thursday": today or later
        return _fmt_day(published + timedelta(days=(expr.weekday - published.weekday()) % 7))
    return _fmt_day(published - timedelta(days=back))


def _weekend_resolve(expr: DateExpr, published: date, tense: Tense) -> ResolvedDate:
    """The month of the weekend meant: the one just past (or under way) unless the clause
    looks ahead or says "next"."""
    if published.weekday() >= 5 and expr.modifier not in ("last", "next"):
        return _fmt_month(published.year, published.month)  # published on the weekend itself
    saturday = _weekday_resolve(expr, published, tense)
    moved = date.fromisoformat(saturday.date) if saturday.date else published
    return _fmt_month(moved.year, moved.month)


def _shift(base_year: int, base_month: int, base_day: date | None, offset: int,
           unit: str) -> ResolvedDate:
    """Move a base date by ``offset`` units; weeks give the month of the shifted day."""
    if unit == "year":
        return _fmt_year(base_year + offset)
    if unit == "month":
        return _fmt_month(*_add_months(base_year, base_month, offset))
    if base_day is None:
        return UNRESOLVED
    try:
        moved = base_day + timedelta(days=offset * (7 if unit == "week" else 1))
    except OverflowError:
        return UNRESOLVED  # "3000000 days later": beyond the calendar
    if unit == "week":
        return _fmt_month(moved.year, moved.month)
    return _fmt_day(moved)


def _relative_resolve(expr: DateExpr, published: date) -> ResolvedDate:
    assert expr.unit is not None
    if expr.modifier == "past":  # "over the last week": the period up to publication
        if expr.unit == "year":
            return _fmt_year(published.year)
        return _fmt_month(published.year, published.month)
    if expr.unit == "week" and expr.offset == 0:
        return _fmt_month(published.year, published.month)
    return _shift(published.year, published.month, published, expr.offset, expr.unit)


def _period_resolve(expr: DateExpr, published: date | None, tense: Tense,
                    anchor: str | None) -> ResolvedDate:
    """"The end of the month" / "the start of next year": see the module docstring."""
    assert expr.unit is not None
    base = parse_anchor(anchor) if expr.modifier == "the" and tense == "past" else None
    if base is not None and (expr.unit == "year" or base[1] is not None):
        year, month, day = base
    elif published is not None:
        year, month, day = published.year, published.month, published
    else:
        return UNRESOLVED
    if expr.unit == "year":
        year += expr.offset
        if expr.part is None:
            return _fmt_year(year)
        return _fmt_month(year, 12 if expr.part == "end" else 1)
    assert month is not None
    if expr.unit == "month":
        return _fmt_month(*_add_months(year, month, expr.offset))
    if day is None or expr.offset == 0:  # "the end of the week": the month of that week
        return _fmt_month(year, month)
    return _shift(year, month, day, expr.offset, "week")


def parse_anchor(anchor: str | None) -> tuple[int, int | None, date | None] | None:
    """Read a normalised date string into (year, month, day-date); None if it has no year."""
    if not anchor:
        return None
    if m := re.fullmatch(r"(\d{4})(?:-(\d\d)(?:-(\d\d))?)?", anchor):
        year = int(m[1])
        month = int(m[2]) if m[2] else None
        day = date(year, month, int(m[3])) if m[3] and month else None
        return year, month, day
    return None


def _yearless_shift(expr: DateExpr, anchor: str) -> ResolvedDate:
    """"Two days later" after "--09-21": whole days move a year-unknown day (computed in a
    leap year so that February 29 exists); anything coarser cannot be said."""
    m = re.fullmatch(r"--(\d\d)-(\d\d)", anchor)
    if not m or expr.unit != "day" or expr.vague or not _valid_day(2000, int(m[1]), int(m[2])):
        return UNRESOLVED
    try:
        moved = date(2000, int(m[1]), int(m[2])) + timedelta(days=expr.offset)
    except OverflowError:
        return UNRESOLVED
    return ResolvedDate(f"--{moved.month:02d}-{moved.day:02d}", "day")


def _anchored_resolve(expr: DateExpr, anchor: str | None) -> ResolvedDate:
    if anchor and anchor.startswith("--"):
        return _yearless_shift(expr, anchor)
    parsed = parse_anchor(anchor)
    if parsed is None or expr.unit is None:
        return UNRESOLVED
    year, month, day = parsed
    if expr.vague:  # "days earlier": the anchor's month; "weeks later": unknown
        if expr.unit == "day" and month is not None:
            return _fmt_month(year, month)
        return UNRESOLVED
    if expr.unit == "year":
        return _fmt_year(year + expr.offset)
    if month is None:
        return UNRESOLVED
    return _shift(year, month, day, expr.offset, expr.unit)


def resolve(expr: DateExpr, *, published: date | None, tense: Tense = None,
            anchor: str | None = None) -> ResolvedDate:
    """Normalise a parsed expression. See the module docstring for the rules."""
    nearest = False
    if expr.tense_hint == "bound":
        # "will stay shut until May 3" looks ahead; "adjourned until May 3", "remained shut
        # until May 3", "signed it before June" (past clauses) take the occurrence nearest
        # publication, as the bound may lie on either side of it
        nearest, tense = tense == "past", (None if tense == "past" else "future")
    elif tense is None and expr.tense_hint in ("past", "future"):
        tense = expr.tense_hint
    if expr.kind == "absolute":
        return _absolute_resolve(expr, published, tense)
    if expr.kind == "anchored":
        return _anchored_resolve(expr, anchor)
    if expr.kind == "period":
        return _period_resolve(expr, published, tense, anchor)
    if published is None:
        return UNRESOLVED
    if expr.kind == "weekday":
        return _weekday_resolve(expr, published, tense, nearest=nearest)
    if expr.kind == "weekend":
        return _weekend_resolve(expr, published, tense)
    if expr.kind == "relative":
        return _relative_resolve(expr, published)
    return UNRESOLVED


def resolve_date(text: str, *, published: date | None, tense: Tense = None,
                 anchor: str | None = None) -> ResolvedDate:
    """Normalise the date expression ``text``.

    ``published`` is the article's publication date (None if unknown); ``tense`` the tense of
    the clause the expression belongs to ("past", "future" or None); ``anchor`` the normalised
    date of the event just named, for "the day after" and similar. Returns
    ``ResolvedDate(date, precision)``; ``(None, "none")`` when nothing can be fixed.
    """
    expr = parse_expression(text)
    if expr is None:
        return UNRESOLVED
    return resolve(expr, published=published, tense=tense, anchor=anchor)
