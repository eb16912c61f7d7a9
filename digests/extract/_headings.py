"""Headlines, and paragraphs that only look like them.

A headline is one short line without final punctuation. Scraped text also ends paragraphs
without punctuation when it is cut off ("... the talks would resume in"): such a paragraph
holds whole sentences before the cut, or is longer than any headline, and its sentences are
read like any others.
"""
from __future__ import annotations

import re

#: No headline is longer than this many words.
MAX_HEADING_WORDS = 30
_FINAL = ".!?\"”’)"
#: A sentence end inside a paragraph: final punctuation (and closing quotes) followed by the
#: capital or opening quote of a next sentence, with or without a space ("ended.The next").
_INNER_END = re.compile(r"[a-z0-9)\]][.!?][\"”’)]*\s*[\"“(]?[A-Z]")


def is_heading(paragraph: str) -> bool:
    """Whether ``paragraph`` reads as a headline: no final punctuation, one sentence, short."""
    text = paragraph.strip()
    if not text or text[-1] in _FINAL:
        return False
    if len(text.split()) > MAX_HEADING_WORDS:
        return False  # a paragraph cut off mid-sentence
    return not _INNER_END.search(text)
