"""The date-range grammar users type (chat commands and the CLI alike): ``2026-03-01..2026-03-07``,
``since 2026-03-01``, ``until 2026-03-07``, one ISO day, ``last 7 days``, ``last week``,
``today``, ``yesterday``; and how to tell a date range from a topic."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone


class DateRangeError(ValueError):
    """A date range the user typed could not be understood."""


_ISO = r"\d{4}-\d{2}-\d{2}"
_DATEISH = re.compile(r"\d{4}-\d{1,2}|\.\.|^(since|from|after|until|before|to|last|past)\b",
                      re.IGNORECASE)
_RELATIVE = re.compile(r"(last|past) (day|week|month)", re.IGNORECASE)
_DAY_WORDS = frozenset({"today", "yesterday"})


@dataclass(frozen=True, slots=True)
class BriefRequest:
    """What a ``brief`` argument asks for: a publication window, a topic (or name), or neither
    (the whole store)."""

    since: date | None = None
    until: date | None = None
    topic: str | None = None


def looks_like_dates(text: str) -> bool:
    """True when ``text`` was meant as a date range (so a parse error is worth reporting): it
    has a digit and a date shape ("2026-03", "..", "since 2026-03-01", "last 7 days"), or it is
    exactly a relative phrase ("today", "yesterday", "last week"). Anything else ("to be or
    not", "G7 summit") is a topic."""
    words = " ".join(text.split()).lower()
    if words in _DAY_WORDS or _RELATIVE.fullmatch(words):
        return True
    return any(c.isdigit() for c in words) and bool(_DATEISH.search(words))


def parse_brief_request(text: str, *, today: date | None = None) -> BriefRequest:
    """The argument of ``brief``: empty -> the whole store; a date range (see
    :func:`looks_like_dates`) -> that window; anything else -> a topic or a person's name.
    Raises :class:`DateRangeError` for a date range that cannot be read."""
    words = " ".join((text or "").split())
    if not words:
        return BriefRequest()
    if not looks_like_dates(words):
        return BriefRequest(topic=words)
    since, until = parse_date_range(words, today=today)
    return BriefRequest(since=since, until=until)


def parse_since(text: str, *, today: date | None = None) -> date | None:
    """The argument of ``timeline``: empty -> None; a date range -> its first day; a bare date
    ("2026-03-01") -> that day. Raises :class:`DateRangeError`."""
    words = " ".join((text or "").split())
    if not words:
        return None
    since, _ = parse_date_range(words if looks_like_dates(words) else f"since {words}",
                                today=today)
    return since


def iso_day(text: str) -> date:
    """Exactly one ISO day ``YYYY-MM-DD`` (no ranges, no "last 7 days")."""
    value = text.strip()
    if not re.fullmatch(_ISO, value):
        raise DateRangeError(f"{text!r} is not a date as YYYY-MM-DD")
    return _iso(value)


def parse_date_range(text: str, *, today: date | None = None) -> tuple[date | None, date | None]:
    """Parse ``2020-06-01..2020-06-30``, ``since 2020-06-01``, ``until 2020-06-30``,
    ``2020-06-01`` (one day), ``last 7 days``, ``last week``, ``today`` or ``yesterday`` into
    (since, until).

    Raises :class:`DateRangeError` with the accepted forms when the text is none of them."""
    today = today or date.today()
    s = " ".join((text or "").lower().split())
    if m := _RELATIVE.fullmatch(s):  # "last week" is "last 1 week"
        s = f"{m[1]} 1 {m[2]}"
    if m := re.fullmatch(rf"({_ISO})?\s*\.\.\s*({_ISO})?", s):
        since, until = _iso(m.group(1)), _iso(m.group(2))
    elif m := re.fullmatch(rf"(since|from|after) ({_ISO})", s):
        since, until = _iso(m.group(2)), None
    elif m := re.fullmatch(rf"(until|before|to) ({_ISO})", s):
        since, until = None, _iso(m.group(2))
    elif re.fullmatch(_ISO, s):
        since = until = _iso(s)
    elif m := re.fullmatch(r"(?:last|past) (\d{1,4}) (day|week|month)s?", s):
        span = int(m.group(1)) * {"day": 1, "week": 7, "month": 30}[m.group(2)]
        if span < 1:
            raise DateRangeError("the period must be at least one day")
        since, until = today - timedelta(days=span - 1), today
    elif s in ("today", "yesterday"):
        since = until = today - timedelta(days=0 if s == "today" else 1)
    else:
        raise DateRangeError(
            f"cannot read the date range {text!r}; use 2020-06-01..2020-06-30, "
            "since 2020-06-01, until 2020-06-30, 2020-06-01 or last 7 days"
        )
    if since is None and until is None:
        raise DateRangeError("a date range needs at least one date")
    if since and until and since > until:
        raise DateRangeError(f"the range starts ({since}) after it ends ({until})")
    return since, until


def _iso(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise DateRangeError(f"{value!r} is not a real date (expected YYYY-MM-DD)") from None


def day_start(day: date) -> datetime:
    """Midnight UTC at the start of ``day``."""
    return datetime.combine(day, time.min, tzinfo=timezone.utc)
