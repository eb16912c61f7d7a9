"""Citation rules for briefings (pure):

* :func:`outlet_of`: the outlet from the front matter, else the URL's domain;
* :func:`title_of`: the article's title, else its first sentence (trimmed), never its file name;
* :func:`own_first`: a line's citations with its own source (the one whose words it shows)
  first, then the others in the given order.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import urlsplit

from ..extract import lexicon

__all__ = ["first_sentence", "outlet_of", "own_first", "title_of", "TITLE_CHARS"]

#: An untitled article's first sentence is cut to at most this many characters.
TITLE_CHARS = 90

_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"”’')\]]*\s+(?=[\"“‘'(\[]?[A-Z0-9])")


def outlet_of(source: str | None, url: str | None) -> str | None:
    """``source`` when given, else the host of ``url`` without ``www.`` (None when neither)."""
    if source and source.strip():
        return " ".join(source.split())
    if not url:
        return None
    try:
        host = urlsplit(url.strip()).hostname or ""
    except ValueError:
        return None
    host = host.lower().removeprefix("www.")
    return host or None


def first_sentence(body: str, *, limit: int = TITLE_CHARS) -> str | None:
    """The first sentence of ``body`` (first non-empty paragraph), cut at a word boundary to at
    most ``limit`` characters with "…"; None for an empty body."""
    for paragraph in body.split("\n"):
        text = " ".join(paragraph.split())
        if len(text.split()) >= 3:
            break
    else:
        return None
    sentence = _first_of(text)
    if len(sentence) <= limit:
        return sentence.rstrip(".")
    cut = sentence[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:-— ")
    return (cut or sentence[: limit - 1]) + "…"


#: Words whose full stop ends an abbreviation, not a sentence ("Gov. Ana Ruiz", "Dr. Ito").
_ABBREVIATIONS = frozenset(lexicon.TITLE_ABBREVIATIONS) | frozenset(
    h for h in lexicon.HONORIFICS if len(h) <= 4) | frozenset({
    "st", "no", "jr", "sr", "inc", "corp", "co", "ltd", "vs", "prof", "mt", "ft", "jan",
    "feb", "aug", "sept", "oct", "nov", "dec",
})


def _first_of(text: str) -> str:
    """The first sentence of ``text``: up to the first sentence end that does not close an
    abbreviation ("Gov.", "Dr.") or an initial ("J.")."""
    for m in _SENTENCE_END.finditer(text):
        word = text[: m.start()].rsplit(None, 1)[-1].rstrip(".\"”’')]").lower()
        if word in _ABBREVIATIONS or (len(word) == 1 and word.isalpha()) or "." in word:
            continue  # "Gov. Ana Ruiz", "J. Smith", "U.S. officials"
        return text[: m.start()].strip()
    return text.strip()


def title_of(title: str | None, body: str | None) -> str | None:
    """The title, else the first sentence of the body (None when there is neither)."""
    if title and title.strip():
        return " ".join(title.split())
    return first_sentence(body) if body else None


def own_first(doc_ids: Iterable[str], own: str | None) -> tuple[str, ...]:
    """``doc_ids`` without repeats, ``own`` first when it is among them."""
    ordered = tuple(dict.fromkeys(doc_ids))
    if own is None or own not in ordered:
        return ordered
    return (own, *(d for d in ordered if d != own))
