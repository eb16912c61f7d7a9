"""Offices named by a description rather than a name ("the beleaguered PM", "The Harlow Bay
governor"), shared by speaker attribution (who the description names) and the people pass
(whose role the office is).

:func:`office_words` spells abbreviations out so that roles written either way compare word
by word; :func:`definite_office` reads the words a definite role phrase puts on its holder,
once with every modifier and once with only the modifiers that belong to a title (adjectives
such as "beleaguered" and place names dropped).
"""
from __future__ import annotations

from collections.abc import Iterable

from . import lexicon

__all__ = ["definite_office", "office_words"]


def office_words(words: Iterable[str]) -> frozenset[str]:
    """The words of a role with abbreviations spelled out as well ("PM" -> pm, prime,
    minister; "Gov." -> gov, governor), to compare roles written either way."""
    out: set[str] = set()
    for word in words:
        word = word.casefold().rstrip(".")
        out.add(word)
        full = lexicon.ROLE_ABBREVIATIONS.get(word) or lexicon.TITLE_ABBREVIATIONS.get(word)
        if full:
            out.update(full.casefold().split())
    return frozenset(out)


def _place_like(possessor) -> bool:
    """A possessor that makes a role definite: a place or body ("Harlow's mayor", "the
    city's mayor"), not a person ("Ruiz's aide", "the minister's aide")."""
    if possessor.pos_ == "PROPN":
        return possessor.ent_type_ != "PERSON"
    return (possessor.pos_ == "NOUN" and possessor.lemma_.lower() not in lexicon.ROLE_NOUNS
            and any(c.dep_ == "det" and c.lower_ == "the" for c in possessor.children))


def definite_office(subject) -> tuple[list[str], list[str]] | None:
    """A definite singular role phrase ("the minister", "the foreign minister", "the
    president of the association", "the beleaguered PM", "The Harlow Bay governor"): the head
    word first then every modifier, and the head word first then only the modifiers that
    belong to a title; an abbreviation is spelled out ("PM" -> minister, prime). A place
    or body in the possessive makes it definite too ("Harlow's mayor", "the city's mayor").
    None for an indefinite ("a minister") or possessed ("the minister's aide") phrase, which
    names nobody known."""
    head = subject.lower_.rstrip(".")
    spelled = lexicon.ROLE_ABBREVIATIONS.get(head)
    if spelled is not None and subject.tag_ in ("NN", "NNP") and subject.text.isupper():
        *title, head = spelled.split()
    elif (subject.tag_ == "NN" and subject.pos_ == "NOUN"
          or subject.tag_ == "NNP" and subject.is_title) \
            and subject.lemma_.lower() in lexicon.ROLE_NOUNS:
        title = []
    else:
        return None
    children = list(subject.children)
    place = next((c for c in children if c.dep_ == "poss" and _place_like(c)), None)
    if place is None and not any(c.dep_ == "det" and c.lower_ in ("the", "this")
                                 for c in children):
        return None
    if place is None and any(c.dep_ == "poss" for c in children):
        return None
    words = [c.lower_ for c in children if c.dep_ in ("amod", "compound")]
    for prep in (c for c in children if c.dep_ == "prep" and c.lower_ == "of"):
        words += [o.lower_ for o in prep.children if o.dep_ == "pobj"]
    titled = [w for w in words if w in lexicon.TITLE_WORDS]
    return [head, *title, *words], [head, *title, *titled]
