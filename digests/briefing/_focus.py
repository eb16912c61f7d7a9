"""Focus rules for topic and person briefs (pure):

* :func:`topic_words` / :func:`about`: whether an item's text is about a topic (every content
  word of the topic occurs in it, as a word or the start of one: "regatta" finds "regattas");
* :func:`is_agent`: whether a person is the subject or agent of an event line, not someone it
  merely mentions ("met with X", "X's sister said");
* :func:`ambiguous`: the people a one-word query names when several share the word, so a
  lookup can list them instead of silently picking one.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Protocol

__all__ = ["about", "ambiguous", "is_agent", "topic_words"]

_WORD = re.compile(r"[^\W_][\w'’-]*", re.UNICODE)
_FUNCTION = frozenset(
    "a an the of in on at to for and or with by from about into over after before is are was were be".split()
)
# a mention right after one of these is an object or a circumstance, not the agent
_PREPOSITIONS = frozenset(
    """with to for of about against on at from between among toward towards into onto upon over
    under behind beside besides near around without within via than like unlike including
    regarding concerning despite except per through across along""".split()
)


def topic_words(topic: str) -> tuple[str, ...]:
    """The lower-cased content words of a topic (function words dropped)."""
    words = [w.lower() for w in _WORD.findall(topic)]
    kept = [w for w in words if w not in _FUNCTION]
    return tuple(kept or words)


def about(text: str, words: Sequence[str]) -> bool:
    """Whether every topic word occurs in ``text`` as a word or a word's start."""
    if not words:
        return False
    lowered = text.lower()
    return all(re.search(rf"\b{re.escape(w)}", lowered) for w in words)


def _spans(text: str, name: str) -> Iterable[tuple[int, int]]:
    for m in re.finditer(rf"(?<![\w'’-]){re.escape(name)}(?![\w-])", text):
        yield m.start(), m.end()


def is_agent(text: str, names: Iterable[str], *, others: Iterable[str] = ()) -> bool:
    """Whether one of ``names`` (a person's name and aliases) is an agent of ``text``: a mention
    that is not possessive ("X's sister"), not the object of a preposition ("talks with X";
    "by X" counts), and not the start of a longer name, neither an unknown capitalised one
    ("X Yo-ra") nor one of ``others`` (the names of other people). A title before the name
    ("Governor X") does not matter."""
    own = sorted(set(n for n in names if n.strip()), key=len, reverse=True)
    taken: list[tuple[int, int]] = []
    for name in {*others, *own}:
        taken.extend(_spans(text, name))
    for name in own:
        for start, end in _spans(text, name):
            if any(s <= start and end <= e and (e - s) > (end - start) for s, e in taken):
                continue  # inside a longer name (another person's, or their own full name)
            after = text[end:end + 3]
            if after.startswith(("'s", "’s", "' ", "’ ")):
                continue
            if re.match(r"\s+[A-Z][\w'’-]*", text[end:]) and not re.match(
                r"\s+(?:[A-Z][a-z]*day|[A-Z][A-Z]+\b|I\b)", text[end:]
            ):
                continue  # a longer capitalised name that merely starts with this one
            before = text[:start].split()
            previous = before[-1].lower().strip(",;:(\"“") if before else ""
            if previous in _PREPOSITIONS:
                continue
            return True
    return False


class _Named(Protocol):
    @property
    def name(self) -> str: ...
    @property
    def aliases(self) -> tuple[str, ...]: ...
    @property
    def mentions(self) -> int: ...


def ambiguous(query: str, people: Sequence[_Named]) -> list[_Named]:
    """The people a query could mean when it is ambiguous: one word that is a whole word of
    several people's names (or aliases) while being nobody's full name. Most mentioned first;
    an empty list when the query is unambiguous."""
    words = query.split()
    if len(words) != 1:
        return []
    word = words[0].lower()
    if any(word == n.lower() for p in people for n in (p.name,)):
        return []
    sharing = [
        p for p in people
        if any(word in (t.lower() for t in _WORD.findall(n)) for n in (p.name, *p.aliases))
    ]
    if len(sharing) < 2:
        return []
    return sorted(sharing, key=lambda p: (-p.mentions, p.name))
