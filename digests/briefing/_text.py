"""Small text and date helpers shared by ranking, composition and selection."""
from __future__ import annotations

import functools
import re
from datetime import date, datetime

# Function words ignored when comparing texts (general English only).
STOPWORDS = frozenset(
    """a about above after again against all also am an and any are as at be because been before
    being below between both but by can could did do does doing down during each few for from
    further had has have having he her here hers herself him himself his how i if in into is it
    its itself just me more most my myself no nor not now of off on once only or other our ours
    out over own same she should so some such than that the their theirs them then there these
    they this those through to too under until up very was we were what when where which while
    who whom why will with would you your said says say told according reportedly reported
    report reports last next first week weeks month months year years day days monday tuesday
    wednesday thursday friday saturday sunday today yesterday tomorrow earlier later ago january
    february march april may june july august september october november december""".split()
)
WORD = re.compile(r"[^\W\d_][\w'’-]*", re.UNICODE)
TOKEN = re.compile(r"\w+")


@functools.lru_cache(maxsize=65536)
def content_words(text: str) -> frozenset[str]:
    """Lower-cased content words of ``text`` (function words and short words dropped)."""
    return frozenset(
        w for w in (m.group().lower().strip("'’-") for m in WORD.finditer(text))
        if len(w) > 2 and w not in STOPWORDS
    )


def norm_quote(text: str) -> str:
    return " ".join(m.group().lower() for m in re.finditer(r"\w+", text))


def partial_date_key(value: str | None, *, fallback_year: int | None = None) -> tuple[int, int, int]:
    """A sort key for a stored date (``YYYY-MM-DD``, ``YYYY-MM``, ``YYYY``, ``--MM-DD``).

    Unknown parts sort first within their period; a year-less date borrows ``fallback_year``;
    undated items sort last."""
    if not value:
        return (9999, 99, 99)
    if value.startswith("--"):
        month, day = value[2:].split("-")[:2]
        return (fallback_year or 0, int(month), int(day))
    parts = [int(p) for p in value.split("-")]
    parts += [0] * (3 - len(parts))
    return (parts[0], parts[1], parts[2])


def dates_compatible(a: str, b: str) -> bool:
    """Same date, where a year-less ``--MM-DD`` matches any year with that month and day."""
    if a == b:
        return True
    if a.startswith("--") != b.startswith("--"):
        full, partial = (b, a) if a.startswith("--") else (a, b)
        return len(full) == 10 and full[4:] == partial[1:]
    return False


def date_of(value: str | None) -> date | None:
    """The first day a stored date can mean (None when the year is unknown)."""
    if not value or value.startswith("--"):
        return None
    y, m, d = partial_date_key(value)
    return date(y, max(m, 1), max(d, 1))


def as_date(value: date | datetime | None) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    return value
