"""The bottom line of a briefing and the period its news covers (pure).

:func:`compose_bottom_line` builds two or three sentences from the ranked items below them:
what changed (the best-ranked developments of the period, oldest first) and what is still open
(the weightiest open question and who leans which way). Each sentence keeps the documents of
the items it is built from, so it is cited like them.

:func:`news_period` says which days the news covers: from the earliest to the latest of the
articles' publication dates and the dates of the developments they report around that time
(background a month or more before the earliest article does not widen the period).
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Protocol

__all__ = ["BottomLine", "compose_bottom_line", "news_period", "BACKGROUND_DAYS"]

#: Developments dated more than this many days before the earliest article are background.
BACKGROUND_DAYS = 31


class _Event(Protocol):
    date: str | None
    text: str
    doc_ids: tuple[str, ...]
    score: float


class _Stance(Protocol):
    speaker: str
    leaning: str


class _Question(Protocol):
    text: str
    stances: tuple
    doc_ids: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class BottomLine:
    """One sentence of the bottom line. ``kind`` is "changed" (``date`` and ``text`` of a
    development) or "open" (``text`` of a question, ``sides`` as (leaning, speakers) pairs)."""

    kind: str
    text: str
    doc_ids: tuple[str, ...]
    date: str | None = None
    sources: int = 1
    sides: tuple[tuple[str, tuple[str, ...]], ...] = ()
    refs: tuple[int, ...] = ()


def _start(value: str | None) -> date | None:
    if not value or value.startswith("--"):
        return None
    parts = [int(p) for p in value.split("-")]
    try:
        return date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
    except ValueError:
        return None


def news_period(published: Iterable[date | None], event_dates: Iterable[str | None]) -> tuple[date | None, date | None]:
    """(first, last) day of the news: publication dates, widened by the day- or month-dated
    developments from :data:`BACKGROUND_DAYS` before the first article up to the last one.
    (None, None) when nothing is dated."""
    days = sorted(d for d in published if d)
    if not days:
        dated = sorted(d for d in map(_start, event_dates) if d)
        return (dated[0], dated[-1]) if dated else (None, None)
    first, last = days[0], days[-1]
    floor = first - timedelta(days=BACKGROUND_DAYS)
    for value in event_dates:
        when = _start(value)
        if when is None or len(value or "") < 7 or not floor <= when <= last:
            continue
        first = min(first, when)
    return first, last


def compose_bottom_line(
    events: Sequence[_Event],
    questions: Sequence[_Question],
    *,
    period: tuple[date | None, date | None] = (None, None),
    changed: int = 2,
) -> tuple[BottomLine, ...]:
    """Two or three sentences: the ``changed`` best-ranked developments within ``period``
    (``events`` are ranked, best first; shown oldest first), then the first of ``questions``
    (ranked) with its sides. Without an open question, one more development is told."""
    first, last = period
    in_period = [
        e for e in events
        if e.date and (first is None or (_start(e.date) or first) >= first)
        and (last is None or (_start(e.date) or last) <= last)
    ]
    pool = in_period or [e for e in events if e.date]
    want = changed if questions else changed + 1
    chosen = sorted(pool[:want], key=lambda e: (_start(e.date) or date.max, e.text))
    lines = [
        BottomLine("changed", e.text, tuple(e.doc_ids), e.date, len(set(e.doc_ids)))
        for e in chosen
    ]
    if questions:
        q = questions[0]
        lines.append(BottomLine(
            "open", q.text.rstrip(" ."), tuple(q.doc_ids), None, len(set(q.doc_ids)),
            _sides(q.stances),
        ))
    return tuple(lines)


def _sides(stances: Sequence[_Stance]) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Who leans which way, each speaker once: under the leaning most of their statements
    take, "unsure" when their statements split evenly (one line cannot say both "for" and
    "against" of one person; the question's own section lists every statement)."""
    counts: dict[str, dict[str, int]] = {}
    for s in stances:
        per = counts.setdefault(s.speaker, {})
        per[s.leaning] = per.get(s.leaning, 0) + 1
    sides: dict[str, list[str]] = {}
    for speaker, per in counts.items():
        top = max(per.values())
        leading = [leaning for leaning, n in per.items() if n == top]
        sides.setdefault(leading[0] if len(leading) == 1 else "unsure", []).append(speaker)
    return tuple((leaning, tuple(names)) for leaning, names in sides.items())
