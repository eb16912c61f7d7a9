"""The shape of a text: paragraphs, sentences cut at paragraphs, and quoted spans.

Pure functions of the text (and, for sentences, of the parse). :func:`paragraph_bounds` reads
blank lines, soft line breaks and hard-wrapped text; :func:`find_quoted_spans` finds straight,
curly and single-quoted spans, joining a quotation continued over paragraphs. The parsed
document record (:mod:`digests.extract.parsed`) holds their results, computed once.
"""
from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

__all__ = [
    "QuotedSpan",
    "containing",
    "find_quoted_spans",
    "outside",
    "paragraph_bounds",
    "paragraph_index",
    "sentences",
    "tokens_between",
]

#: A line that starts a new interview turn even without a blank line before it: a dash or an
#: upper-case label ("Q:", "A:", "NOVAK:"), never an ordinary wrapped line ("he said: ...").
_TURN_START = re.compile(r"^\s*(?:--+|—|–|[A-Z][A-Z .'’-]{0,30}:\s)")

#: A line ending a sentence (possibly inside closing quotes or brackets).
_SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*\s*$")


def tokens_between(doc, start: int, end: int):
    """The tokens whose start falls in the character range ``[start, end)``."""
    if end <= start:
        return []
    span = doc.char_span(start, end, alignment_mode="expand")
    return [t for t in span if start <= t.idx < end] if span is not None else []


def paragraph_bounds(text: str) -> list[tuple[int, int]]:
    """Character spans of the paragraphs of ``text``.

    Ingested bodies separate paragraphs by a blank line and keep single line breaks inside a
    paragraph (hard-wrapped text), so a single newline only starts a paragraph when the next
    line opens an interview turn ("Q: ...", "A: ...", "-- ..."). In a text without any blank
    line, a single newline also starts a paragraph after a line that ends a sentence (one
    paragraph per line), but not in the middle of a wrapped sentence, nor inside a double
    quotation that closes a few lines later; and when the lines are hard-wrapped (see
    :func:`_hard_wrapped`), only after a line that stops short of the wrapping width."""
    blank_lines = "\n\n" in text
    lines = text.split("\n")
    inside = set() if blank_lines else _lines_inside_quotes(lines)
    short = None if blank_lines else _hard_wrapped(lines)
    bounds: list[tuple[int, int]] = []
    start: int | None = None
    previous = ""
    pos = 0
    for i, line in enumerate(lines):
        end = pos + len(line)
        if not line.strip():
            start = None
        elif start is None or _TURN_START.match(line) or (not blank_lines and _soft_break_ends(
                i, previous, short, inside)):
            bounds.append((pos, end))
            start = pos
        else:
            bounds[-1] = (start, end)
        previous = line
        pos = end + 1
    return bounds


def _soft_break_ends(i: int, previous: str, short: set[int] | None, inside: set[int]) -> bool:
    """Whether the single newline before line ``i`` (in a text without blank lines) ends a
    paragraph: the previous line ends a sentence outside any quotation that goes on, or, in
    hard-wrapped text, it stops short of the wrapping width."""
    if i - 1 in inside:
        return False
    if short is not None:
        return i - 1 in short
    return bool(_SENTENCE_END.search(previous))

#: Most lines a double quotation may run over (without blank lines) before it is taken to be
#: a stray quote mark rather than a quotation.
_MAX_QUOTE_LINES = 12

_OPENING_MARKS = "“„"

_CLOSING_MARKS = "”"


def _opens_double(line: str, j: int) -> bool:
    ch = line[j]
    if ch in _OPENING_MARKS:
        return True
    if ch != '"':
        return False
    before = line[j - 1] if j > 0 else " "
    after = line[j + 1] if j + 1 < len(line) else " "
    return (before.isspace() or before in "([{—–-/:;,“") and not after.isspace()


def _lines_inside_quotes(lines: Sequence[str]) -> set[int]:
    """Indices of the lines that end inside a double quotation closed on a later line.

    A line opening with a quote mark while a quotation is open starts a new paragraph that
    continues the quotation (the news convention): the break before it is not covered. A
    quotation never closed, or open over more than :data:`_MAX_QUOTE_LINES` lines, covers
    nothing (a stray mark)."""
    covered: set[int] = set()
    pending: list[int] = []  # lines ending inside the open quotation
    is_open = False
    for i, line in enumerate(lines):
        lead = len(line) - len(line.lstrip())
        first = lead
        if is_open and lead < len(line) and _opens_double(line, lead):
            pending, first = [], lead + 1  # continued in a new paragraph
        elif is_open and not line.strip():
            pending, is_open = [], False
        for j in range(first, len(line)):
            ch = line[j]
            if not is_open and _opens_double(line, j):
                is_open = True
            elif is_open and (ch in _CLOSING_MARKS or ch == '"'):
                covered.update(pending)
                pending, is_open = [], False
        if is_open:
            pending.append(i)
            if len(pending) > _MAX_QUOTE_LINES:
                pending, is_open = [], False
    return covered

#: Hard wrapping: at least this many lines, none longer than :data:`_MAX_WRAP_WIDTH`, and at
#: least this share of the lines followed by another one filled up to the width.
_MIN_WRAPPED_LINES = 4

_MAX_WRAP_WIDTH = 100

_MIN_FULL_SHARE = 0.75


def _hard_wrapped(lines: Sequence[str]) -> set[int] | None:
    """For hard-wrapped text (lines broken at a fixed width, like a plain-text e-mail or a wire
    feed), the indices of the lines that stop short of the width: the next line's first word
    would have fitted on them, so the break there is the end of a paragraph. None for text
    that is not hard-wrapped."""
    rows = [line.rstrip() for line in lines]
    if len([r for r in rows if r.strip()]) < _MIN_WRAPPED_LINES:
        return None
    width = max(len(r) for r in rows)
    if width > _MAX_WRAP_WIDTH:
        return None
    short: set[int] = set()
    followed = 0
    for i, row in enumerate(rows[:-1]):
        nxt = rows[i + 1].split()
        if not row.strip() or not nxt:
            continue
        followed += 1
        if len(row) + 1 + len(nxt[0]) <= width:
            short.add(i)
    if not followed or followed - len(short) < _MIN_FULL_SHARE * followed:
        return None
    return short


def paragraph_index(bounds: Sequence[tuple[int, int]], pos: int) -> int:
    """Index of the paragraph holding ``pos`` (the previous one when ``pos`` is between)."""
    return max(0, bisect.bisect_right(bounds, pos, key=lambda b: b[0]) - 1)


def sentences(doc, bounds: Sequence[tuple[int, int]]) -> list:
    """The sentences of ``doc`` cut at paragraph boundaries (the parser sometimes runs a
    sentence across a line break, e.g. from a byline into the next paragraph)."""
    out = []
    for sent in doc.sents:
        first = paragraph_index(bounds, sent.start_char) if bounds else 0
        for p_start, p_end in bounds[first:]:
            if p_start >= sent.end_char:
                break
            start, end = max(sent.start_char, p_start), min(sent.end_char, p_end)
            if start >= end:
                continue
            span = doc.char_span(start, end, alignment_mode="contract")
            if span is not None and span.text.strip():
                out.append(span)
    return out


def containing(spans: Sequence[tuple], pos: int):
    """The span of ``spans`` (sorted, non-overlapping ``(start, end, ...)`` tuples) that holds
    the character ``pos``, or None."""
    i = bisect.bisect_right(spans, pos, key=lambda s: s[0]) - 1
    return spans[i] if i >= 0 and spans[i][0] <= pos < spans[i][1] else None


def outside(tokens: Iterable, spans: Sequence[tuple[int, int]]) -> list:
    """Tokens that do not fall inside any of the character ``spans`` (sorted, non-overlapping)."""
    return [t for t in tokens if containing(spans, t.idx) is None]

_DOUBLE_OPEN = "“„"

_DOUBLE_CLOSE = "”"

_SINGLE_OPEN = "‘"

_SINGLE_CLOSE = "’"

_OPEN_CONTEXT = " \t([{—–-/:;,\n"


@dataclass(frozen=True, slots=True)
class QuotedSpan:
    """One quotation: ``segments`` are the character spans of its words (several when it runs
    over paragraphs); ``open``/``close`` the positions of its first and last marks."""

    segments: tuple[tuple[int, int], ...]
    open: int
    close: int

    @property
    def start(self) -> int:
        return self.segments[0][0]

    @property
    def end(self) -> int:
        return self.segments[-1][1]

    def text(self, body: str) -> str:
        words = " ".join(" ".join(body[s:e].split()) for s, e in self.segments)
        return words.strip().rstrip(",;:").strip()


def _is_open_straight(text: str, i: int) -> bool:
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return (before in _OPEN_CONTEXT or before in _DOUBLE_OPEN) and not after.isspace()


def _is_single_open(text: str, i: int) -> bool:
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return before in _OPEN_CONTEXT and (after.isalnum() or after in "“\"")


def _is_single_close(text: str, i: int) -> bool:
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return not before.isspace() and not after.isalnum()


def _scan_paragraph(text: str, start: int, end: int):
    """Yield ``(open, close)`` mark positions of quotes inside one paragraph; ``close`` is None
    when the paragraph ends inside a quotation."""
    i = start
    open_at: int | None = None
    kind: str | None = None
    while i < end:
        if open_at is None:
            kind = _opening_kind(text, i)
            open_at = i if kind is not None else None
        elif _closes(kind, text, i):
            yield open_at, i
            open_at = None
        i += 1
    if open_at is not None:
        # an unclosed single quote is most likely an apostrophe: drop it
        if kind == "double":
            yield open_at, None


def _opening_kind(text: str, i: int) -> str | None:
    """The kind of quotation opened at ``i`` ("double", "curly1", "straight1"), or None."""
    ch = text[i]
    if ch in _DOUBLE_OPEN or (ch == '"' and _is_open_straight(text, i)):
        return "double"
    if (ch == _SINGLE_OPEN or ch == "'") and _is_single_open(text, i):
        return "curly1" if ch == _SINGLE_OPEN else "straight1"
    return None


def _closes(kind: str | None, text: str, i: int) -> bool:
    """Whether the character at ``i`` closes a quotation of ``kind``."""
    ch = text[i]
    if kind == "double":
        return ch in _DOUBLE_CLOSE or ch == '"'
    if kind == "curly1":
        return ch == _SINGLE_CLOSE and _is_single_close(text, i)
    return kind == "straight1" and ch == "'" and _is_single_close(text, i)


def find_quoted_spans(text: str) -> list[QuotedSpan]:
    """Every quoted span of ``text``, joining quotations continued over paragraphs."""
    spans: list[QuotedSpan] = []
    pending: list[tuple[int, int]] = []
    pending_open = -1
    for p_start, p_end in paragraph_bounds(text):
        lead = len(text[p_start:p_end]) - len(text[p_start:p_end].lstrip())
        opens_with_mark = text[p_start + lead : p_start + lead + 1] in ('"', "“")
        if pending and not opens_with_mark:
            # the unclosed quotation ended with its paragraph
            spans.append(QuotedSpan(tuple(pending), pending_open, pending[-1][1]))
            pending = []
        for open_at, close in _scan_paragraph(text, p_start, p_end):
            if pending and open_at == p_start + lead:
                segment_end = close if close is not None else p_end
                pending.append((open_at + 1, segment_end))
                if close is not None:
                    spans.append(QuotedSpan(tuple(pending), pending_open, close))
                    pending = []
                continue
            if pending:
                spans.append(QuotedSpan(tuple(pending), pending_open, pending[-1][1]))
                pending = []
            if close is None:
                pending, pending_open = [(open_at + 1, p_end)], open_at
            else:
                spans.append(QuotedSpan(((open_at + 1, close),), open_at, close))
    if pending:
        spans.append(QuotedSpan(tuple(pending), pending_open, pending[-1][1]))
    return [s for s in spans if s.end > s.start]
