"""Roles read around a name mention: titles before it ("Deputy Transport Minister X"),
appositions before and after it ("X, a retired ferry pilot,"; "The harbour master, X,"),
relations ("her brother, X"), letters of office after it ("X MEP") and "who heads the Y"
clauses. Functions of the parse and the mention's token span only; the people extractor
(:mod:`digests.extract.people`) decides which cues a person keeps.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from digests.extract.lexicon import (
    COURT_SIDE_WORDS,
    HONORIFICS,
    NON_PERSON_NOUNS,
    NON_PERSON_WORDS,
    NOT_NAMES,
    POSTNOMINAL_TITLES,
    RELATION_NOUNS,
    RELATIVE_ROLE_VERBS,
    ROLE_NOUNS,
    TITLE_ABBREVIATIONS,
    TITLE_WORDS,
)

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

#: Words that may join the words of a title ("Minister of State for ...").
CONNECTORS = frozenset({"of", "for", "to", "and", "the", "on", "in"})
#: Possessive endings as spaCy splits them off.
POSSESSIVE = frozenset({"'s", "’s", "'", "’"})
#: Entity labels of names that are not persons.
OTHER_ENTS = frozenset({"GPE", "ORG", "NORP", "LOC", "FAC", "PRODUCT", "EVENT", "WORK_OF_ART"})
#: Tokens that end a phrase.
BOUNDARY = frozenset({",", ".", ";", ":", "(", ")", "—", "–", "!", "?", '"', "“", "”", "\n"})

_PRONOUN_POSSESSORS = frozenset({"his", "her", "their", "its"})

_RELATIVES = frozenset({"who", "whose", "whom", "which", "that"})


@dataclass(frozen=True, slots=True)
class RoleCue:
    """A role found next to a mention. ``relation`` + ``possessor`` (a token index of a name)
    render as "sister of <possessor's person>" once people are known."""

    text: str
    relation: str | None = None
    possessor: int | None = None
    plural: bool = False

TITLE_HEADS = HONORIFICS | (ROLE_NOUNS & TITLE_WORDS) | frozenset(TITLE_ABBREVIATIONS)


def _relative_object_apposition(doc: Doc, end: int) -> RoleCue | None:
    """"X, who runs Y Freight, the country's biggest haulage company," -> "head of the country's
    biggest haulage company": the organisation a "who heads/leads/runs" clause names, described
    by an apposition after it (what the text says the organisation is)."""
    if end + 2 >= len(doc) or doc[end].text != "," or doc[end + 1].lower_ != "who":
        return None
    verb = doc[end + 2]
    noun = RELATIVE_ROLE_VERBS.get(verb.lemma_.casefold())
    if noun is None or verb.pos_ not in {"VERB", "AUX"}:
        return None
    j = end + 3
    while j < len(doc) and doc[j].text not in BOUNDARY and j - end < 14:
        j += 1
    if j >= len(doc) or doc[j].text != "," or j == end + 3:
        return None
    span = _apposition_span_after(doc, j)
    if (span is None or span.root.lemma_.casefold() not in NON_PERSON_NOUNS
            or any(t.ent_type_ == "PERSON" for t in span)):
        return None
    described = span.text if span[0].lower_ == "the" else _phrase_text(span)
    return RoleCue(f"{noun} of {described}")


def postnominal(doc: Doc, end: int) -> RoleCue | None:
    """Letters of office written after the name ("Mary Roe TD", "Ali Khan MP")."""
    if end < len(doc) and postnominal_token(doc[end]):
        return RoleCue(doc[end].text)
    return None


def postnominal_token(tok: Token) -> bool:
    return tok.is_upper and tok.is_alpha and tok.text.casefold() in POSTNOMINAL_TITLES


def _definite_epithet(doc: Doc, start: int, end: int) -> RoleCue | None:
    """"The Ombudsman, Jane Roe, said": a clause opening with "the" and one singular noun the
    lexicon does not know, then the name set off by commas and parsed as in apposition to it.
    The noun is what the text calls the person."""
    span = apposition_span_before(doc, start)
    if span is None or len(span) != 2 or span[0].lower_ != "the":
        return None
    word = span[1]
    if not _epithet_noun(word):
        return None
    if span.start > word.sent.start and doc[span.start - 1].text not in BOUNDARY:
        return None
    after = end + 1 if postnominal(doc, end) else end
    if after >= len(doc) or doc[after].text != ",":
        return None
    if not any(t.dep_ == "appos" and t.head.i == word.i for t in doc[start:end]):
        return None
    return RoleCue(word.text)


def _epithet_noun(word: Token) -> bool:
    """A singular common or proper noun the lexicon does not know as a non-person, honorific
    or non-name ("Ombudsman", "Registrar")."""
    low = word.text.casefold()
    return not (not word.is_alpha or word.pos_ not in {"NOUN", "PROPN"} or word.ent_type_
                or word.tag_ in {"NNS", "NNPS"} or low in NON_PERSON_NOUNS
                or word.lemma_.casefold() in NON_PERSON_NOUNS or low in NON_PERSON_WORDS
                or low in HONORIFICS or low in NOT_NAMES)


def is_titled(doc: Doc, start: int) -> bool:
    """The name at token ``start`` is directly preceded by a capitalised title or honorific
    ("President Xu", "Dr. Amara")."""
    if start == 0:
        return False
    prev = doc[start - 1]
    low = prev.text.casefold().rstrip(".")
    return prev.text[:1].isupper() and (low in TITLE_HEADS or low in TITLE_ABBREVIATIONS)


def _title_token(tok: Token) -> bool:
    low = tok.text.casefold().rstrip(".")
    if low in CONNECTORS:
        return True
    if low in TITLE_WORDS or low in ROLE_NOUNS:
        return True
    if tok.text[:1].isupper() and low in TITLE_ABBREVIATIONS:
        return True  # "Cllr", "Supt"
    if _abbreviation_dot(tok):
        return True
    if tok.text in {"-", "‐"} and not tok.whitespace_:
        return True
    return tok.text[:1].isupper() and tok.ent_type_ in {"GPE", "NORP", "ORG", "LOC"}


def prenominal(doc: Doc, start: int) -> tuple[int, RoleCue | None]:
    """Title words right before the name: "Chilean Foreign Minister", "Park's brother".
    Returns (first token of the title or ``start``, cue)."""
    i = start
    while i > 0 and (_honorific(doc[i - 1]) or (
            i > 1 and _abbreviation_dot(doc[i - 1]) and _honorific(doc[i - 2]))):
        i -= 1  # "chairman | Sir X", "Professor | Dr. X"
    start = i
    if i > 0 and doc[i - 1].text.casefold() in {"and", "or", "&"}:
        return (start, None)  # "Ali Khan MP and | Mary Roe": coordinated, not titled
    i, possessor = _title_start(doc, i)
    while i < start and (doc[i].text.casefold() in CONNECTORS or doc[i].is_punct):
        if possessor is not None and i == possessor:
            break
        i += 1
    if possessor is not None and i > possessor:
        possessor = None
    i = _past_indefinite_relation(doc, i, start)
    span = doc[i:start]
    if not len(span):
        return (start, None)
    cue = role_cue(span, possessor)
    if (cue is None and span[-1].lower_ == "international"
            and any(t.ent_type_ in {"GPE", "NORP"} for t in span[:-1])):
        cue = RoleCue(_phrase_text(span))  # "a Ghana international X": a national player
    return (i, cue)


def _title_start(doc: Doc, i: int) -> tuple[int, int | None]:
    """Going left from token ``i`` over title words: where the title starts, and the token of
    a possessor name before it ("Park's | brother"), if any."""
    while i > 0:
        tok = doc[i - 1]
        if tok.text in POSSESSIVE and i >= 2 and doc[i - 2].text[:1].isupper():
            return i - 2, i - 2
        if tok.text.casefold() in _PRONOUN_POSSESSORS:
            return i - 1, None
        compound = (tok.dep_ in {"compound", "amod"} and tok.pos_ in {"NOUN", "ADJ"}
                    and tok.head.i >= i)
        if not (_title_token(tok) or compound) or _ends_other_description(doc, tok):
            return i, None
        i -= 1
    return i, None


def _past_indefinite_relation(doc: Doc, i: int, start: int) -> int:
    """"a critic of | President X", "an aide to | Governor X": after an indefinite article, a
    lower-case noun and "of"/"to"/"for" before a capitalised title describe someone else; the
    title starts after them ("a deputy minister of finance X" stays whole)."""
    if i == 0 or doc[i - 1].lower_ not in {"a", "an"}:
        return i
    for k in range(start - 1, i, -1):
        if (doc[k].lower_ in {"of", "to", "for"} and doc[k - 1].is_lower and doc[k - 1].is_alpha
                and doc[k + 1].text[:1].isupper()):
            return k + 1
    return i


def _honorific(tok: Token) -> bool:
    """A capitalised honorific ("Sir", "Dr", "Dame"): skipped between a title and a name."""
    return tok.text[:1].isupper() and tok.text.casefold().rstrip(".") in HONORIFICS


def _abbreviation_dot(tok: Token) -> bool:
    """The full stop of an abbreviated title the tokenizer split off ("Sgt" + ".")."""
    if tok.text != "." or tok.i == 0:
        return False
    prev = tok.doc[tok.i - 1]
    low = prev.text.casefold()
    return (not prev.whitespace_ and prev.text[:1].isupper()
            and (low in TITLE_ABBREVIATIONS or low in HONORIFICS))


def _ends_other_description(doc: Doc, connector: Token) -> bool:
    """A connector a title never spans: "niece of | Harbour Commissioner X" (a relation
    noun describes someone else), "her cousin and | Fisheries Minister X" (a lower-case
    word before "and")."""
    low = connector.text.casefold()
    if low not in CONNECTORS or connector.i == 0:
        return False
    prev = doc[connector.i - 1]
    if prev.is_lower and prev.text in RELATION_NOUNS:
        return True
    return low in {"and", "or"} and not prev.text[:1].isupper()


def _role_word(tok: Token) -> bool:
    """A role noun (singular or plural), an abbreviated title or an occupation word."""
    low = tok.text.casefold().rstrip(".")
    return (low in ROLE_NOUNS or low in TITLE_ABBREVIATIONS
            or (tok.tag_ in {"NNS", "NNPS"} and tok.lemma_.casefold() in ROLE_NOUNS)
            or occupation_word(tok))


def role_cue(span: Span, possessor: int | None, *, headed: bool = False) -> RoleCue | None:
    """A role cue from a phrase, if it has a role noun ("Peru's ambassador to Chile"); with
    ``headed`` the phrase's syntactic head must be the role noun (appositions)."""
    words = [t for t in span if not (t.is_punct and t.text not in {"-", "‐"})]
    if not words:
        return None
    heads = [t for t in words if _role_word(t)]
    if headed:
        heads = [t for t in heads if t == span.root or _same_word(span.root, t)]
    if not heads:
        return None
    text = _phrase_text(span)
    if heads[-1].tag_ in {"NNS", "NNPS"} and heads[-1].text.casefold() not in ROLE_NOUNS:
        return _plural_role(span, heads[-1])
    if text.casefold() in HONORIFICS or text.casefold().rstrip(".") in HONORIFICS:
        return None
    if _relation_after_possessor(span, possessor):
        relation = span.doc[possessor + 2:span[-1].i + 1].text
        return RoleCue(text, relation=relation, possessor=possessor)
    return RoleCue(text)


def _plural_role(span: Span, head: Token) -> RoleCue:
    """"Two farmers, X and Y": the role in the singular, shared by coordinated names."""
    kept = [t for t in span if t.pos_ not in {"DET", "NUM"} and t.i < head.i]
    return RoleCue(" ".join([t.text for t in kept] + [head.lemma_]), plural=True)


def _relation_after_possessor(span: Span, possessor: int | None) -> bool:
    """"Park's brother": a lower-case relation noun ending the phrase, after the possessor."""
    last = span[-1]
    return (possessor is not None and last.is_lower and last.text.casefold() in RELATION_NOUNS
            and span.start <= possessor + 1 < last.i)

_OCCUPATION_SUFFIX = re.compile(r"(?:ologist|ographer|ician|icist|iatrist|ometrist)s?$")


def occupation_word(tok: Token) -> bool:
    """A lower-case noun with a suffix that names an occupation ("hydrologist", "cartographer",
    "statistician", "paediatrician") even when the lexicon does not list it."""
    return (tok.pos_ == "NOUN" and tok.is_lower and tok.is_alpha
            and bool(_OCCUPATION_SUFFIX.search(tok.text)))


def _same_word(a: Token, b: Token) -> bool:
    """``a`` and ``b`` are parts of one hyphenated word ("co" "-" "leader")."""
    lo, hi = sorted((a.i, b.i))
    doc = a.doc
    return lo < hi and all(not doc[i].whitespace_ for i in range(lo, hi)) \
        and all(doc[i].text in {"-", "‐", "‑"} for i in range(lo + 1, hi, 2))


def _phrase_text(span: Span) -> str:
    """The phrase as written, abbreviated titles spelt out, leading article dropped."""
    pieces: list[str] = []
    for t in span:
        if _abbreviation_dot(t):  # "Det" + "." + " ": the full stop's space follows the word
            pieces.append(t.whitespace_)
        elif t.text.endswith(".") or t.text.casefold() in TITLE_ABBREVIATIONS:
            pieces.append(TITLE_ABBREVIATIONS.get(t.text.casefold().rstrip("."), t.text)
                          + t.whitespace_)
        else:
            pieces.append(t.text_with_ws)
    text = "".join(pieces)
    text = text.strip(" ,;:\"“”'")
    text = re.sub(r"^(?:a|an|the|his|her|its|their|our|my)\s+", "", text, flags=re.IGNORECASE)
    return re.sub(r"\s+", " ", text).strip()

_NP_POS = frozenset({"DET", "ADJ", "NOUN", "PROPN", "NUM", "PART", "ADP", "CCONJ", "PUNCT"})


def _np_token(tok: Token) -> bool:
    if tok.text in BOUNDARY or (tok.is_punct and tok.text not in {"-", "‐"} | POSSESSIVE):
        return False
    if _after_hyphen(tok):
        return tok.is_alpha
    if tok.pos_ == "ADP":
        return tok.text.casefold() in CONNECTORS | {"at", "from", "with"}
    if tok.pos_ == "VERB" and tok.tag_ in {"VBG", "VBN"} and tok.dep_ in {"amod", "compound"}:
        return True  # "the ruling party", "an elected member"
    return tok.pos_ in _NP_POS or tok.text in POSSESSIVE or tok.tag_ == "PRP$"


def _after_hyphen(tok: Token) -> bool:
    """The second half of a word written with a hyphen ("based" in "Lagos-based")."""
    return (tok.i >= 2 and tok.doc[tok.i - 1].text in {"-", "‐", "‑"}
            and not tok.doc[tok.i - 1].whitespace_ and not tok.doc[tok.i - 2].whitespace_)


def apposition_head(doc: Doc, at: int, *, before: bool) -> Token | None:
    """The head noun of a noun phrase set off by a comma before ``at`` (or after it)."""
    span = apposition_span_before(doc, at) if before else _apposition_span_after(doc, at)
    return span.root if span is not None else None


def apposition_span_before(doc: Doc, start: int) -> Span | None:
    if start < 2 or doc[start - 1].text != ",":
        return None
    i = start - 1
    while i > 0 and _np_token(doc[i - 1]) and doc[i - 1].pos_ != "CCONJ" and start - i < 14:
        i -= 1
    while i < start - 1 and (doc[i].pos_ in {"ADP", "CCONJ"} or doc[i].is_punct):
        i += 1
    span = doc[i:start - 1]
    return span if len(span) and span[-1].pos_ in {"NOUN", "PROPN"} else None


def _apposition_span_after(doc: Doc, end: int) -> Span | None:
    if end + 1 >= len(doc) or doc[end].text != ",":
        return None
    j = end + 1
    while j < len(doc) and _np_token(doc[j]) and j - end < 14:
        j += 1
    if j < len(doc) and doc[j].text not in BOUNDARY | _RELATIVES | {"-", "—"}:
        return None
    span = doc[end + 1:j]
    if not len(span) or span[0].pos_ in {"ADP", "CCONJ"} or span[-1].pos_ not in {"NOUN", "PROPN"}:
        return None
    return span


def apposition_before(doc: Doc, start: int) -> RoleCue | None:
    """"Peru's ambassador to Chile, X" / "his wife, X": a role noun phrase, a comma, the name.
    When the whole phrase is not headed by a role ("testimony from his assistant"), the part
    after a preposition may be."""
    span = apposition_span_before(doc, start)
    if span is None:
        return None
    marks = [t.i for t in span[1:] if t.text in POSSESSIVE and doc[t.i - 1].text[:1].isupper()]
    possessor = marks[-1] - 1 if marks else None
    cue = role_cue(span, possessor, headed=True)
    for tok in (t for t in span[:-1] if t.pos_ == "ADP" and cue is None):
        cue = role_cue(doc[tok.i + 1:span.end], possessor, headed=True)
    return cue


def family_relative_after(doc: Doc, end: int) -> bool:
    """"X, whose 12-year-old son Y is missing,": a name followed by a relative clause giving it
    a family relation of its own is a person's (the relation is Y's, not a role of X)."""
    if end + 2 >= len(doc) or doc[end].text != "," or doc[end + 1].lower_ != "whose":
        return False
    relation = doc[end + 1].head
    return (doc[end + 1].dep_ == "poss" and relation.pos_ == "NOUN"
            and relation.lemma_.lower() in _FAMILY)


#: What X is to Y when "X, whose <relation> Y": the relation turned round (no gender guessed).
_INVERSE = {
    **dict.fromkeys(("son", "daughter", "child", "stepson", "stepdaughter"), "parent"),
    **dict.fromkeys(("grandson", "granddaughter"), "grandparent"),
    **dict.fromkeys(("mother", "father", "stepmother", "stepfather"), "child"),
    **dict.fromkeys(("grandmother", "grandfather"), "grandchild"),
    **dict.fromkeys(("brother", "sister", "sibling", "half-brother", "half-sister"), "sibling"),
    **dict.fromkeys(("wife", "husband", "spouse", "partner", "fiance", "fiancee", "fiancé",
                     "fiancée"), "partner"),
}
#: Family relations, which only a person has ("X, whose lawyer ..." could be a company's).
_FAMILY = frozenset(_INVERSE) | {"aunt", "uncle", "niece", "nephew", "cousin", "widow",
                                 "widower", "children"}


def _inverse_relation(doc: Doc, end: int) -> RoleCue | None:
    """"X, whose 12-year-old son Y ...": X's role is the relation turned round, "parent of Y"
    (Y's full name once people are known), or "parent" when Y is not named; None for a
    relation that does not turn round plainly ("whose uncle ...") or no family at all."""
    if not family_relative_after(doc, end):
        return None
    relation = doc[end + 1].head
    inverse = _INVERSE.get(relation.lemma_.lower())
    if inverse is None:
        return None
    named = next((c for c in relation.children if c.dep_ == "appos" and c.pos_ == "PROPN"),
                 None)
    if named is None:
        return RoleCue(inverse)
    return RoleCue(f"{inverse} of {named.text}", relation=inverse, possessor=named.i)


def apposition_after(doc: Doc, end: int) -> RoleCue | None:
    """"X, a 45-year-old nurse," / "X, Peru's ambassador to Chile," / "X, who heads the Y,"."""
    if end + 1 >= len(doc) or doc[end].text != ",":
        return None
    first = doc[end + 1]
    if first.text.casefold() == "who":
        return _relative_role(doc, end + 2)
    if first.lower_ == "whose":  # "X, whose son Y is missing,": X is Y's parent
        return _inverse_relation(doc, end)
    if (first.lower_ in COURT_SIDE_WORDS and end + 2 < len(doc)
            and doc[end + 2].text in {",", ";", ")", "—", "–"}):
        return RoleCue(first.lower_)  # "X, defending, said ...": counsel for one side
    span = _apposition_span_after(doc, end) or _apposition_head_span(doc, end)
    if span is None:
        return None
    if any(t.ent_type_ == "PERSON" for t in span) and not any(t.text in POSSESSIVE for t in span):
        return _relation_of_person(span)
    cue = role_cue(span, None, headed=True)
    if cue is None and _party_or_nationality(span):
        cue = RoleCue(_phrase_text(span))
    return cue


def _relation_of_person(span: Span) -> RoleCue | None:
    """"X, the (outspoken elder) daughter of (former President) Y," -> "daughter of <Y>": an
    apposition headed by a relation noun whose "of" phrase names a person. Any other
    apposition holding a name (a list of names) gives nothing."""
    root = span.root
    if not (root.is_lower and root.text.casefold() in RELATION_NOUNS and root.pos_ == "NOUN"):
        return None
    of = root.i + 1
    if of >= span.end or span.doc[of].lower_ != "of":
        return None
    if any(t.ent_type_ == "PERSON" for t in span.doc[span.start:root.i]):
        return None
    names = [t for t in span.doc[of + 1:span.end] if t.ent_type_ == "PERSON"]
    if not names or names[-1].i != span.end - 1:
        return None
    relation = _phrase_text(span.doc[span.start:root.i + 1])
    return RoleCue(_phrase_text(span), relation=relation, possessor=names[-1].i)


def _party_or_nationality(span: Span) -> bool:
    """"X, a Democrat from Oregon," / "X, a Social Democrat,": an indefinite apposition headed
    by a party or nationality noun (the model's NORP) says what the person is."""
    root = span.root
    return (span[0].lower_ in {"a", "an"} and root.pos_ == "PROPN" and root.ent_type_ == "NORP"
            and root.text[:1].isupper())


def _apposition_head_span(doc: Doc, end: int) -> Span | None:
    """"X, the favourite to succeed ...,": when the apposition runs on past a plain noun
    phrase, the part up to the noun the parser attaches to the name as an apposition."""
    j = end + 1
    while j < len(doc) and j - end < 8 and _np_token(doc[j]):
        tok = doc[j]
        if tok.dep_ == "appos" and tok.head.i == end - 1 and tok.pos_ == "NOUN":
            return doc[end + 1:j + 1]
        j += 1
    return None


def _relative_role(doc: Doc, i: int) -> RoleCue | None:
    """"who heads the Y" -> "head of the Y"; "who is the Y" -> "Y"."""
    if i >= len(doc):
        return None
    verb = doc[i]
    j = i + 1
    while j < len(doc) and doc[j].text not in BOUNDARY and j - i < 12:
        j += 1
    obj = doc[i + 1:j]
    if not len(obj):
        return None
    if verb.lemma_ in {"be"}:
        return role_cue(obj, None, headed=True)
    noun = RELATIVE_ROLE_VERBS.get(verb.lemma_.casefold())
    if noun is None or verb.pos_ not in {"VERB", "AUX"}:
        return None
    return RoleCue(f"{noun} of {_phrase_text(obj) if obj[0].lower_ != 'the' else obj.text}")


def roles_around(doc: Doc, start: int, end: int) -> list[RoleCue]:
    """The role cues around the name at tokens ``[start, end)``: a title before it, an
    apposition before it (or "The <word>, X,"), letters of office after it, an apposition
    after it and a relative clause describing it, in that order."""
    cues: list[RoleCue] = []
    title_start, title = prenominal(doc, start)
    if title:
        cues.append(title)
    before = apposition_before(doc, title_start) or _definite_epithet(doc, title_start, end)
    if before:
        cues.append(before)
    post = postnominal(doc, end)
    if post:
        cues.append(post)
        after = apposition_after(doc, end + 1)
    else:
        after = apposition_after(doc, end)
    if after:
        cues.append(after)
    described = _relative_object_apposition(doc, end)
    if described:
        cues.append(described)
    return cues
