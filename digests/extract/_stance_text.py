"""A stance's words: what its source said about an open question, quote marks kept.

A stance is told in its source's own words. :func:`stance_words` takes the clause that states
it and keeps the quotation marks that make those words the source's: a clause wholly inside a
quotation is shown inside the marks of that quotation, a clause that runs into or out of one
gets the missing mark, and a partial quotation within the clause keeps its own marks. Pure
string work over character offsets; no parse needed.
"""
from __future__ import annotations

from collections.abc import Sequence

_EDGE_PUNCT = " ,;:-—–\n\t"
_DANGLING = frozenset({"but", "and", "or", "while", "although", "though"})


def stance_words(text: str, start: int, end: int, quotes: Sequence[tuple[int, int]], *,
                 verb_start: int | None = None) -> str:
    """The words of ``text[start:end]`` as the stance's text.

    ``quotes`` are ``(open, close_end)`` offsets of quotations, marks included (``open`` is the
    opening mark, ``close_end - 1`` the closing mark or the end of an unclosed quotation).
    ``verb_start``, when before ``start``'s words matter less than the verb ("she hopes ..."
    -> "hopes ..."), starts the words at the verb of a hope or plan instead."""
    if verb_start is not None and start <= verb_start < end:
        start = verb_start
    if end <= start:
        return ""
    body = _without_dangling_end(" ".join(text[start:end].split()).strip(_EDGE_PUNCT))
    if not body:
        return body
    for q_open, q_end in quotes:
        inside_start = q_open < start < q_end
        inside_end = q_open < end <= q_end
        if not (inside_start or inside_end):
            continue
        opening = text[q_open] if q_open < len(text) else '"'
        last = text[q_end - 1] if 0 < q_end <= len(text) else ""
        closing = last if last and last in "\"”’'" else _closing_for(opening)
        if inside_start and not body.startswith(opening):
            body = opening + body.lstrip(opening)
        if inside_end and not body.endswith(closing):
            body = body.rstrip(_EDGE_PUNCT + closing) + closing
    return body


def _without_dangling_end(body: str) -> str:
    """``body`` without a final full stop or a conjunction left hanging at its end ("... can
    still make progress," but")."""
    while True:
        trimmed = body.rstrip(_EDGE_PUNCT).removesuffix(".")
        words = trimmed.rsplit(" ", 1)
        if len(words) == 2 and words[1].lower() in _DANGLING:
            trimmed = words[0]
        if trimmed == body:
            return body
        body = trimmed


def _closing_for(opening: str) -> str:
    return {"“": "”", "‘": "’", "„": "“"}.get(opening, opening)
