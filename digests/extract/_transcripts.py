"""Interview transcripts: which paragraphs are turns ("Q: ...", "-- ...", "NOVAK: ...") and whom
a speaker label names among the document's people."""
from __future__ import annotations

import re
from collections.abc import Sequence

from ..models import Person
from ..names import name_words
from . import lexicon

__all__ = [
    "TRANSCRIPT_LABEL",
    "answer_start",
    "label_person",
    "label_words",
    "name_parts",
    "transcript_label",
    "transcript_turns",
]

#: The opening of an interview turn: "-- question", "Q: ...", "A: ...", "NOVAK: ...". Group 1 is
#: the label (None for a dash).
TRANSCRIPT_LABEL = re.compile(r"^\s*(?:--+|—|–)\s*|^\s*([A-Za-z][\w .'’-]{0,40}?)\s*:\s+")


def transcript_label(text: str, p_start: int, p_end: int) -> str | None:
    """"question" or "answer" for interview paragraphs ("-- ...", "Q: ...", "A: ..."); the
    speaker label itself ("NOVAK: ...") for other labelled answers; None otherwise. Labels in
    mixed case ("Novak: ...") need the whole document: see :func:`transcript_turns`."""
    para = text[p_start:p_end]
    m = TRANSCRIPT_LABEL.match(para)
    if m is None:
        return None
    if m.group(1) is None:
        return "question"
    label = m.group(1).strip()
    if label.lower() in lexicon.QUESTION_LABELS:
        return "question"
    if label.lower() in lexicon.ANSWER_LABELS:
        return "answer"
    if len(label.split()) <= 3 and label.upper() == label and any(c.isalpha() for c in label):
        return label
    return None


def answer_start(text: str, p_start: int, p_end: int) -> int:
    """Where the words of an interview turn start, after its label ("Q: ", "-- ", "NOVAK: ")."""
    m = TRANSCRIPT_LABEL.match(text[p_start:p_end])
    return p_start + m.end() if m is not None else p_start


def name_parts(name: str) -> list[str]:
    """Folded words of a name (case, accents, hyphens and apostrophe shapes ignored)."""
    return name_words(name).replace("’", "'").replace(".", " ").split()


def label_words(label: str) -> list[str]:
    """The name words of a speaker label, without honorifics ("Dr Novak" -> ["novak"])."""
    words = name_parts(label)
    while len(words) > 1 and words[0] in lexicon.HONORIFICS:
        words = words[1:]
    return words


def _label_people(label: str, people: Sequence[Person]) -> set[str]:
    """The keys of the persons named in the text whose name or alias starts or ends with the
    label's words ("Novak" or "Ana" -> "Ana Novak")."""
    wanted = label_words(label)
    if not wanted:
        return set()
    n = len(wanted)
    keys = set()
    for person in people:
        if not person.mentions:
            continue
        for name in (person.name, *person.aliases):
            words = name_parts(name)
            if words[:n] == wanted or words[-n:] == wanted:
                keys.add(person.key)
    return keys


def label_person(label: str, people: Sequence[Person]) -> str | None:
    """The key of the one person a speaker label names (see :func:`_label_people`), else None."""
    keys = _label_people(label, people)
    return keys.pop() if len(keys) == 1 else None


def transcript_turns(text: str, bounds: Sequence[tuple[int, int]],
                     people: Sequence[Person] = ()) -> dict[int, str]:
    """The interview turns of a document: paragraph index -> "question", "answer" or the
    speaker label.

    Besides the labels of :func:`transcript_label`, a label in mixed case that names one of
    the document's ``people`` ("Novak: ...", "Dr Novak: ...") opens an answer when the text
    is an interview: it has question turns, or the label opens several paragraphs. A
    speaker label whose every turn is a question (ends with "?") is the interviewer's: those
    turns are questions."""
    turns: dict[int, str] = {}
    named: dict[int, str] = {}
    for i, (p_start, p_end) in enumerate(bounds):
        label = transcript_label(text, p_start, p_end)
        if label is not None:
            turns[i] = label
            continue
        m = TRANSCRIPT_LABEL.match(text[p_start:p_end])
        if m is None or m.group(1) is None or len(m.group(1).split()) > 3:
            continue
        label = m.group(1).strip()
        if label[:1].isupper() and _label_people(label, people):
            named[i] = label
    if named:
        asked = any(v == "question" for v in turns.values())
        counts: dict[str, int] = {}
        for label in named.values():
            counts[label] = counts.get(label, 0) + 1
        turns.update({i: label for i, label in named.items() if asked or counts[label] > 1})
    by_label: dict[str, list[int]] = {}
    for i, label in turns.items():
        if label not in ("question", "answer"):
            by_label.setdefault(label, []).append(i)
    for label, paras in by_label.items():
        if all(text[bounds[i][0] : bounds[i][1]].rstrip().rstrip("\"”’'").endswith("?")
               for i in paras):
            turns.update({i: "question" for i in paras})
    return dict(sorted(turns.items()))
