"""People extractor: who's who within one parsed document.

:func:`extract_people` turns a spaCy ``Doc`` into :class:`~digests.models.Person` records:

1. **Candidate names** come from spaCy PERSON entities and from patterns the small model
   misses: bylines in parentheses ("(FAMILY Given/Given Family)"), capitalised family names
   written first ("SURNAME Given"), proper nouns after a title ("President Obuya"), and
   name-shaped spans NER labelled otherwise (or not at all) that the text presents as a person
   through a role apposition ("Its chief executive, X,") or a coordination with a person
   ("Jane Roe and X"). Each span is cleaned: titles and honorifics cut off ("Lady X" -> "X"),
   possessives dropped, truncated hyphenated given names re-joined ("Min" + "-seo"), anything
   after "Jr." dropped; organisation/place-shaped spans, lone capitals and names the text
   calls an organisation ("The operator, X,") are rejected. Later whole-word uses of a known
   name part ("Okonjo", "Adeyemi-Cole") become mentions too.
2. **Grouping**: full names (two or more parts) group by :func:`digests.resolve.same_person`;
   a partial multi-word name joins the one fuller name containing it ("Ruiz de Alba"); a bare
   name ("Okonjo", "President Xu") attaches to the full-name person carrying that part. When
   several carry it, the bare form is not given to a person it is the possessor of ("Park's
   brother Park Ji-hoon"), and otherwise goes to the most prominent candidate (most full
   mentions, then earliest). A bare name that attaches to nobody is kept only when clearly a
   person: titled ("President Xu") or a PERSON-labelled subject of a reporting verb.
3. **Roles** are read around every mention: pre-nominal titles ("U.S. Deputy Secretary of
   Commerce", "board member"), appositions after and before the name ("X, a 45-year-old nurse,";
   "Peru's ambassador to Chile, X,"), relations ("Park's brother X" -> "brother of <Park's full
   name>"; "his wife, X" -> "wife"), "who heads the Y" clauses ("head of the Y"), and plural
   appositions shared by coordinated names ("Two farmers, X and Y," -> "farmer").

All word lists live in the people section of :mod:`digests.extract.lexicon`.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from digests.extract.lexicon import (
    HONORIFICS,
    NAME_PARTICLES,
    NAME_SUFFIXES,
    NON_PERSON_NOUNS,
    NON_PERSON_WORDS,
    NOT_NAMES,
    NOT_STRIPPED_TITLES,
    PERSON_VERBS,
    RELATION_NOUNS,
    RELATIVE_ROLE_VERBS,
    ROLE_NOUNS,
    TITLE_ABBREVIATIONS,
    TITLE_WORDS,
)
from digests.models import Person
from digests.resolve import Curated, name_key, name_tokens, same_person, same_surname, slug

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

__all__ = ["extract_people"]

_CONNECTORS = frozenset({"of", "for", "to", "and", "the", "on", "in"})
_POSSESSIVE = frozenset({"'s", "’s", "'", "’"})
_PRONOUN_POSSESSORS = frozenset({"his", "her", "their", "its"})
_OTHER_ENTS = frozenset({"GPE", "ORG", "NORP", "LOC", "FAC", "PRODUCT", "EVENT", "WORK_OF_ART"})
_RELATIVES = frozenset({"who", "whose", "whom", "which", "that"})
_BOUNDARY = frozenset({",", ".", ";", ":", "(", ")", "—", "–", "!", "?", '"', "“", "”",
                       "\n"})
_NAME_WORD = re.compile(r"^[^\W\d_][^\W\d_'’.-]*(?:[-'’][^\W\d_]+)*\.?$")
_PARTICLE_WORD = re.compile(r"^(?:al|el|ad|as|ash|at|az|ibn|bin|d|l|o|de|da|di|du|van|von)[-'’]"
                            r"[^\W\d_]", re.IGNORECASE)
_UPPER_FIRST = re.compile(
    r"\b([A-Z][A-Z'’-]{1,})\s+([A-Z][a-z]+(?:-[a-z]+)?)(?:\s+([A-Z][a-z]+(?:-[a-z]+)?))?\b"
)
_BYLINE = re.compile(r"\(([^()\n]{3,80})\)")


# ----------------------------------------------------------------------------------------------
# Mentions


@dataclass(slots=True)
class _Mention:
    """One name mention: token span [start, end) of the cleaned name."""

    start: int
    end: int
    text: str
    roles: list[_RoleCue] = field(default_factory=list)
    titled: bool = False
    parts: int = field(init=False)

    def __post_init__(self) -> None:
        self.parts = len(name_tokens(self.text))


@dataclass(frozen=True, slots=True)
class _RoleCue:
    """A role found next to a mention. ``relation`` + ``possessor`` (a token index of a name)
    render as "sister of <possessor's person>" once people are known."""

    text: str
    relation: str | None = None
    possessor: int | None = None
    plural: bool = False


def extract_people(doc: Doc, *, curated: Curated | None = None) -> list[Person]:
    """Return the people named in ``doc`` (a parsed spaCy Doc), in order of first mention.

    ``curated`` (optional) lets user-listed aliases count as names of a person even when they
    are single words the extractor would otherwise drop. Raises ``TypeError`` when ``doc`` is
    not a parsed document (e.g. a plain string).
    """
    if not hasattr(doc, "ents") or not hasattr(doc, "char_span"):
        raise TypeError(f"extract_people needs a parsed spaCy Doc, not {type(doc).__name__}")
    mentions = _full_and_bare_mentions(doc, curated)
    for m in mentions:
        m.roles.extend(_roles_for(doc, m))
        m.titled = _is_titled(doc, m)
    _share_coordinated_roles(doc, mentions)
    clusters = _group(doc, mentions, curated)
    return _people(doc, clusters)


def _share_coordinated_roles(doc: Doc, mentions: Sequence[_Mention]) -> None:
    """"Two businessmen, X and Y," gives Y the plural role X received from the apposition."""
    by_start = {m.start: m for m in mentions}
    for m in mentions:
        if m.end < len(doc) and doc[m.end].lower_ == "and" and m.end + 1 in by_start:
            other = by_start[m.end + 1]
            for cue in m.roles:
                if cue.plural and cue not in other.roles:
                    other.roles.append(cue)


def _full_and_bare_mentions(doc: Doc, curated: Curated | None = None) -> list[_Mention]:
    """Every cleaned candidate mention, plus bare uses of known names that NER missed."""
    spans = _candidate_spans(doc) + _curated_spans(doc, curated)
    cleaned = [m for s, e in spans if (m := _clean(doc, s, e)) is not None]
    mentions: dict[int, _Mention] = {}
    for m in sorted(cleaned, key=lambda m: (-(m.end - m.start), m.start)):
        if not any(_overlaps(m, o) for o in mentions.values()):
            mentions[m.start] = m
    for m in list(mentions.values()):
        if m.parts >= 2 and _non_person_apposition(doc, m):
            del mentions[m.start]
    covered = _covered(mentions.values())
    parts = {t for m in mentions.values() for t in _parts(m.text)}
    for bare in _bare_mentions(doc, parts, covered):
        mentions[bare.start] = bare
    return _join_adjacent([mentions[k] for k in sorted(mentions)], doc)


def _join_adjacent(mentions: list[_Mention], doc: Doc) -> list[_Mention]:
    """Adjacent one-word mentions are one name ("López" + "Obrador")."""
    out: list[_Mention] = []
    for m in mentions:
        prev = out[-1] if out else None
        if (prev is not None and prev.end == m.start and prev.parts == 1 and m.parts == 1
                and doc[prev.end - 1].whitespace_):
            joined = _clean(doc, prev.start, m.end)
            if joined is not None:
                out[-1] = joined
                continue
        out.append(m)
    return out


def _curated_spans(doc: Doc, curated: Curated | None) -> list[tuple[int, int]]:
    """Occurrences of curated names and aliases (the user vouches they are people)."""
    if not curated:
        return []
    forms = {f for p in curated.people for f in p.forms()}
    return [(m.start, m.end) for m in _word_spans(doc, forms)]


def _word_spans(doc: Doc, forms: Iterable[str]) -> list[_Mention]:
    """Whole-word occurrences of any of ``forms`` (one pass over the text, longest first)."""
    forms = sorted({f for f in forms if f}, key=lambda f: (-len(f), f))
    if not forms:
        return []
    alternatives = "|".join(re.escape(f) for f in forms)
    pattern = re.compile(r"(?<![\w\-’'])(?:" + alternatives + r")(?![\w\-])")
    out: list[_Mention] = []
    for match in pattern.finditer(doc.text):
        span = doc.char_span(match.start(), match.end())
        if span is not None:
            out.append(_Mention(span.start, span.end, match.group()))
    return out


def _bare_mentions(doc: Doc, parts: set[str], covered: set[int]) -> list[_Mention]:
    """Uncovered whole-word uses of known name parts ("Okonjo", "Adeyemi-Bakare"). Adjacent
    parts form one mention ("Ruiz Vidal"); a part preceded by another name-shaped word is an
    unrecognised full name ("Ana" + "Ruiz")."""
    hits = sorted({(m.start, m.end) for m in _word_spans(doc, parts)
                   if _bare_ok(doc[m.start]) and _bare_ok(doc[m.end - 1])
                   and not covered & set(range(m.start, m.end))})
    runs: list[list[int]] = []
    for start, end in hits:
        if runs and start <= runs[-1][1]:
            runs[-1][1] = max(runs[-1][1], end)
        else:
            runs.append([start, end])
    out: list[_Mention] = []
    for start, end in runs:
        if start > 0 and (start - 1) not in covered and _given_name_shaped(doc[start - 1]):
            start -= 1
        m = _clean(doc, start, end)
        if m is not None:
            out.append(m)
    return out


def _given_name_shaped(tok: Token) -> bool:
    low = tok.text.casefold()
    return (tok.pos_ == "PROPN" and tok.is_title and tok.is_alpha
            and not tok.ent_type_ and low not in TITLE_WORDS | HONORIFICS | NON_PERSON_WORDS
            and low not in ROLE_NOUNS)


def _non_person_apposition(doc: Doc, m: _Mention) -> bool:
    """"The operator, X," / "X, a mining company,": the text says X is not a person."""
    title_start, _ = _prenominal(doc, m.start)
    for head in (_apposition_head(doc, title_start, before=True),
                 _apposition_head(doc, m.end, before=False)):
        if head is not None and head.lemma_.casefold() in NON_PERSON_NOUNS:
            return True
    return False


def _covered(mentions: Iterable[_Mention]) -> set[int]:
    return {i for m in mentions for i in range(m.start, m.end)}


def _overlaps(a: _Mention, b: _Mention) -> bool:
    return a.start < b.end and b.start < a.end


def _bare_ok(tok: Token) -> bool:
    """A token that repeats a known name part can be a bare mention (not inside a longer
    proper-noun run such as an organisation name)."""
    if not tok.text[:1].isupper():
        return False
    neighbours = [t for t in (tok.nbor(-1) if tok.i > 0 else None,
                              tok.nbor(1) if tok.i + 1 < len(tok.doc) else None) if t is not None]
    return not any(n.text[:1].isupper() and n.pos_ == "PROPN" and n.ent_type_ in _OTHER_ENTS
                   for n in neighbours)


def _parts(name: str) -> tuple[str, ...]:
    """Name words a bare mention may repeat (particles and initials excluded)."""
    return tuple(w for w in name.split()
                 if len(w.strip(".")) > 1 and w.casefold() not in NAME_PARTICLES)


def _candidate_spans(doc: Doc) -> list[tuple[int, int]]:
    """Token spans that may name people: PERSON entities, bylines, "SURNAME Given", and
    proper nouns after a title ("President Obi") that NER left unlabelled."""
    spans = [(e.start, e.end) for e in doc.ents if e.label_ == "PERSON"]
    return spans + _pattern_spans(doc) + _titled_spans(doc) + _mislabelled_spans(doc)


def _unlabelled_propn_runs(doc: Doc) -> list[tuple[int, int]]:
    """Runs of two or more capitalised proper nouns outside any entity."""
    runs: list[tuple[int, int]] = []
    i = 0
    while i < len(doc):
        j = i
        while j < len(doc) and doc[j].pos_ == "PROPN" and doc[j].is_title and not doc[j].ent_type_:
            j += 1
        if j - i >= 2:
            runs.append((i, j))
        i = max(j, i + 1)
    return runs


def _coordinated_with_person(doc: Doc, start: int, end: int) -> bool:
    """"Jane Roe and <run>" / "<run> and Jane Roe": a name run joined to a PERSON entity."""
    before = start >= 2 and doc[start - 1].lower_ in {"and", "or"} \
        and doc[start - 2].ent_type_ == "PERSON"
    after = end + 1 < len(doc) and doc[end].lower_ in {"and", "or"} \
        and doc[end + 1].ent_type_ == "PERSON"
    return before or after


def _mislabelled_spans(doc: Doc) -> list[tuple[int, int]]:
    """Multi-word names NER labelled as an organisation or place but that the text presents
    as a person through a role apposition ("Its chief executive, X," / "X, a retired colonel,")
    or a pre-nominal role ("board member X")."""
    out: list[tuple[int, int]] = []
    spans = [(e.start, e.end) for e in doc.ents
             if e.label_ in {"ORG", "GPE", "NORP", "FAC", "PRODUCT", "WORK_OF_ART"}]
    runs = _unlabelled_propn_runs(doc)
    out += [run for run in runs if _coordinated_with_person(doc, *run)]
    for start, end in spans + runs:
        m = _clean(doc, start, end)
        if m is None or m.parts < 2 or any(t.is_upper and len(t) > 1 for t in doc[m.start:m.end]):
            continue
        title_start, title = _prenominal(doc, m.start)
        if title or _apposition_before(doc, title_start) or _apposition_after(doc, m.end):
            out.append((m.start, m.end))
    return out


_TITLE_HEADS = HONORIFICS | (ROLE_NOUNS & TITLE_WORDS)


def _titled_spans(doc: Doc) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for tok in doc[:-1]:
        if not (tok.text[:1].isupper() and tok.text.casefold().rstrip(".") in _TITLE_HEADS):
            continue
        end = tok.i + 1
        while (end < len(doc) and end - tok.i <= 3 and doc[end].pos_ == "PROPN"
               and doc[end].is_title and doc[end].ent_type_ not in _OTHER_ENTS
               and doc[end].text.casefold() not in TITLE_WORDS | NON_PERSON_WORDS):
            end += 1
        if end > tok.i + 1:
            out.append((tok.i, end))
    return out


def _pattern_spans(doc: Doc) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    text = doc.text
    for match in _BYLINE.finditer(text):
        parts = match.group(1).split("/")
        if len(parts) < 2 and not _UPPER_FIRST.fullmatch(parts[0].strip()):
            continue
        offset = match.start(1)
        for part in parts:
            stripped = part.strip()
            begin = offset + part.index(stripped) if stripped else offset
            offset += len(part) + 1
            if _byline_name(stripped):
                span = doc.char_span(begin, begin + len(stripped), alignment_mode="expand")
                if span is not None:
                    out.append((span.start, span.end))
    for match in _UPPER_FIRST.finditer(text):
        span = doc.char_span(match.start(), match.end(), alignment_mode="expand")
        if span is not None and any(t.ent_type_ == "PERSON" for t in span):
            out.append((span.start, span.end))
    return out


def _byline_name(part: str) -> bool:
    """"TANAKA Emi", "Jane Doe", "Ana María Ruiz": 2-4 capitalised words, no org words."""
    words = part.split()
    if not 2 <= len(words) <= 4:
        return False
    return all(_NAME_WORD.match(w) and w[0].isupper() and w.casefold() not in NON_PERSON_WORDS
               for w in words)


# ----------------------------------------------------------------------------------------------
# Cleaning a candidate span


def _clean(doc: Doc, start: int, end: int) -> _Mention | None:
    """Trim titles, possessives and punctuation; re-join hyphenated given names; reject
    spans that are not name-shaped."""
    while start < end and _strip_left(doc[start]):
        start += 1
    while end > start and (doc[end - 1].text in _POSSESSIVE or doc[end - 1].is_punct):
        end -= 1
    end = _extend_right(doc, start, end)
    suffix = next((i for i in range(start + 1, end)
                   if doc[i].text.casefold().rstrip(".") in NAME_SUFFIXES), None)
    if suffix is not None:
        end = suffix + 1
    while start >= 2 and _joined_by_hyphen(doc[start - 2], doc[start - 1]):
        start -= 2
    if start >= end:
        return None
    text = doc[start:end].text
    if not _name_shaped(text.split()):
        return None
    return _Mention(start, end, re.sub(r"\s+", " ", text))


def _joined_by_hyphen(word: Token, hyphen: Token) -> bool:
    """"Klaus" + "-" directly before a name that NER started at "Dieter"."""
    return (hyphen.text in {"-", "‐", "‑"} and not hyphen.whitespace_ and not word.whitespace_
            and word.is_alpha and word.is_title)


def _strip_left(tok: Token) -> bool:
    low = tok.text.casefold().rstrip(".")
    if tok.is_punct or tok.text in _POSSESSIVE or low in {"the", "a", "an"}:
        return True
    if low in NOT_STRIPPED_TITLES:
        return False
    if tok.text[:1].isupper() and (low in ROLE_NOUNS or low in TITLE_ABBREVIATIONS):
        return True
    return low in HONORIFICS or (low in TITLE_WORDS and low not in _CONNECTORS)


def _extend_right(doc: Doc, start: int, end: int) -> int:
    """Re-join "Min" "-" "seo" and add name-shaped tokens NER cut off ("Lee Min" + "Ho")."""
    while end < len(doc):
        nxt = doc[end]
        if (nxt.text in {"-", "‐", "‑"} and end + 1 < len(doc) and not doc[end - 1].whitespace_
                and not nxt.whitespace_ and doc[end + 1].is_alpha):
            end += 2
            continue
        if (end - start < 3 and nxt.is_alpha and nxt.is_title and nxt.pos_ == "PROPN"
                and nxt.ent_type_ in {"", "PERSON"} and doc[end - 1].whitespace_
                and nxt.text.casefold() not in NON_PERSON_WORDS | TITLE_WORDS | HONORIFICS
                and len(nxt.text) <= 4):
            end += 1
            continue
        break
    return end


def _name_shaped(words: Sequence[str]) -> bool:
    """Every word name-like; at most one particle run; no org/place/calendar words."""
    if not words or len(words) > 5:
        return False
    if len(words) == 1:
        word = words[0]
        return (len(word.strip(".")) > 1 and not word.isupper() and word[0].isupper()
                and word.casefold() not in NOT_NAMES and word.casefold() not in NON_PERSON_WORDS
                and bool(_NAME_WORD.match(word)))
    if words[0].casefold() in NAME_PARTICLES and not words[0][0].isupper():
        return False
    caps = [w for w in words if len(w) > 1 and w.isupper()]
    if len(caps) == len(words):
        return False
    for word in words:
        low = word.casefold()
        if low in NAME_PARTICLES:
            continue
        if _PARTICLE_WORD.match(word) and _NAME_WORD.match(word):
            continue
        if not _NAME_WORD.match(word) or not word[0].isupper() or low in NON_PERSON_WORDS:
            return False
    return any(len(w.strip(".")) > 1 for w in words)


# ----------------------------------------------------------------------------------------------
# Roles


def _roles_for(doc: Doc, m: _Mention) -> list[_RoleCue]:
    cues: list[_RoleCue] = []
    title_start, title = _prenominal(doc, m.start)
    if title:
        cues.append(title)
    before = _apposition_before(doc, title_start)
    if before:
        cues.append(before)
    after = _apposition_after(doc, m.end)
    if after:
        cues.append(after)
    return cues


def _is_titled(doc: Doc, m: _Mention) -> bool:
    """Directly preceded by a capitalised title or honorific ("President Xu", "Dr. Amara")."""
    if m.start == 0:
        return False
    prev = doc[m.start - 1]
    low = prev.text.casefold().rstrip(".")
    return prev.text[:1].isupper() and (low in _TITLE_HEADS or low in TITLE_ABBREVIATIONS)


def _title_token(tok: Token) -> bool:
    low = tok.text.casefold().rstrip(".")
    if low in _CONNECTORS:
        return True
    if low in TITLE_WORDS or low in ROLE_NOUNS:
        return True
    if tok.text in {"-", "‐"} and not tok.whitespace_:
        return True
    return tok.text[:1].isupper() and tok.ent_type_ in {"GPE", "NORP", "ORG", "LOC"}


def _prenominal(doc: Doc, start: int) -> tuple[int, _RoleCue | None]:
    """Title words right before the name: "Chilean Foreign Minister", "Park's brother".
    Returns (first token of the title or ``start``, cue)."""
    i = start
    possessor: int | None = None
    while i > 0:
        tok = doc[i - 1]
        if tok.text in _POSSESSIVE and i >= 2 and doc[i - 2].text[:1].isupper():
            possessor = i - 2
            i -= 2
            break
        if tok.text.casefold() in _PRONOUN_POSSESSORS:
            i -= 1
            break
        compound = (tok.dep_ in {"compound", "amod"} and tok.pos_ in {"NOUN", "ADJ"}
                    and tok.head.i >= i)
        if not (_title_token(tok) or compound):
            break
        i -= 1
    while i < start and (doc[i].text.casefold() in _CONNECTORS or doc[i].is_punct):
        if possessor is not None and i == possessor:
            break
        i += 1
    if possessor is not None and i > possessor:
        possessor = None
    span = doc[i:start]
    return (i, _cue(span, possessor)) if len(span) else (start, None)


def _cue(span: Span, possessor: int | None, *, headed: bool = False) -> _RoleCue | None:
    """A role cue from a phrase, if it has a role noun ("Peru's ambassador to Chile"); with
    ``headed`` the phrase's syntactic head must be the role noun (appositions)."""
    words = [t for t in span if not (t.is_punct and t.text not in {"-", "‐"})]
    if not words:
        return None
    heads = [t for t in words if t.text.casefold().rstrip(".") in ROLE_NOUNS
             or t.text.casefold().rstrip(".") in TITLE_ABBREVIATIONS
             or (t.tag_ in {"NNS", "NNPS"} and t.lemma_.casefold() in ROLE_NOUNS)]
    if headed:
        heads = [t for t in heads if t == span.root]
    if not heads:
        return None
    text = _phrase_text(span)
    if heads[-1].tag_ in {"NNS", "NNPS"} and heads[-1].text.casefold() not in ROLE_NOUNS:
        kept = [t for t in span if t.pos_ not in {"DET", "NUM"} and t.i < heads[-1].i]
        text = " ".join([t.text for t in kept] + [heads[-1].lemma_])
        return _RoleCue(text, plural=True)
    if text.casefold() in HONORIFICS or text.casefold().rstrip(".") in HONORIFICS:
        return None
    last = span[-1]
    if (possessor is not None and last.is_lower and last.text.casefold() in RELATION_NOUNS
            and span.start <= possessor + 1 < last.i):
        relation = span.doc[possessor + 2:last.i + 1].text
        return _RoleCue(text, relation=relation, possessor=possessor)
    return _RoleCue(text)


def _phrase_text(span: Span) -> str:
    """The phrase as written, abbreviated titles spelt out, leading article dropped."""
    text = "".join(TITLE_ABBREVIATIONS.get(t.text.casefold().rstrip("."), t.text) + t.whitespace_
                   if t.text.endswith(".") or t.text.casefold() in TITLE_ABBREVIATIONS
                   else t.text_with_ws for t in span)
    text = text.strip(" ,;:\"“”'")
    text = re.sub(r"^(?:a|an|the|his|her|its|their|our|my)\s+", "", text, flags=re.IGNORECASE)
    return re.sub(r"\s+", " ", text).strip()


_NP_POS = frozenset({"DET", "ADJ", "NOUN", "PROPN", "NUM", "PART", "ADP", "CCONJ", "PUNCT"})


def _np_token(tok: Token) -> bool:
    if tok.text in _BOUNDARY or (tok.is_punct and tok.text not in {"-", "‐"} | _POSSESSIVE):
        return False
    if tok.pos_ == "ADP":
        return tok.text.casefold() in _CONNECTORS | {"at", "from", "with"}
    return tok.pos_ in _NP_POS or tok.text in _POSSESSIVE or tok.tag_ == "PRP$"


def _apposition_head(doc: Doc, at: int, *, before: bool) -> Token | None:
    """The head noun of a noun phrase set off by a comma before ``at`` (or after it)."""
    span = _apposition_span_before(doc, at) if before else _apposition_span_after(doc, at)
    return span.root if span is not None else None


def _apposition_span_before(doc: Doc, start: int) -> Span | None:
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
    if j < len(doc) and doc[j].text not in _BOUNDARY | _RELATIVES | {"-", "—"}:
        return None
    span = doc[end + 1:j]
    if not len(span) or span[0].pos_ in {"ADP", "CCONJ"} or span[-1].pos_ not in {"NOUN", "PROPN"}:
        return None
    return span


def _apposition_before(doc: Doc, start: int) -> _RoleCue | None:
    """"Peru's ambassador to Chile, X" / "his wife, X": a role noun phrase, a comma, the name.
    When the whole phrase is not headed by a role ("testimony from his assistant"), the part
    after a preposition may be."""
    span = _apposition_span_before(doc, start)
    if span is None:
        return None
    marks = [t.i for t in span[1:] if t.text in _POSSESSIVE and doc[t.i - 1].text[:1].isupper()]
    possessor = marks[-1] - 1 if marks else None
    cue = _cue(span, possessor, headed=True)
    for tok in (t for t in span[:-1] if t.pos_ == "ADP" and cue is None):
        cue = _cue(doc[tok.i + 1:span.end], possessor, headed=True)
    return cue


def _apposition_after(doc: Doc, end: int) -> _RoleCue | None:
    """"X, a 45-year-old nurse," / "X, Peru's ambassador to Chile," / "X, who heads the Y,"."""
    if end + 1 >= len(doc) or doc[end].text != ",":
        return None
    first = doc[end + 1]
    if first.text.casefold() == "who":
        return _relative_role(doc, end + 2)
    span = _apposition_span_after(doc, end)
    if span is None:
        return None
    if any(t.ent_type_ == "PERSON" for t in span) and not any(t.text in _POSSESSIVE for t in span):
        return None
    return _cue(span, None, headed=True)


def _relative_role(doc: Doc, i: int) -> _RoleCue | None:
    """"who heads the Y" -> "head of the Y"; "who is the Y" -> "Y"."""
    if i >= len(doc):
        return None
    verb = doc[i]
    j = i + 1
    while j < len(doc) and doc[j].text not in _BOUNDARY and j - i < 12:
        j += 1
    obj = doc[i + 1:j]
    if not len(obj):
        return None
    if verb.lemma_ in {"be"}:
        return _cue(obj, None, headed=True)
    noun = RELATIVE_ROLE_VERBS.get(verb.lemma_.casefold())
    if noun is None or verb.pos_ not in {"VERB", "AUX"}:
        return None
    return _RoleCue(f"{noun} of {_phrase_text(obj) if obj[0].lower_ != 'the' else obj.text}")


# ----------------------------------------------------------------------------------------------
# Grouping mentions into people


@dataclass(slots=True)
class _Cluster:
    mentions: list[_Mention]

    @property
    def full(self) -> list[_Mention]:
        return [m for m in self.mentions if m.parts >= 2]

    @property
    def first(self) -> int:
        return min(m.start for m in self.mentions)


def _group(doc: Doc, mentions: Sequence[_Mention], curated: Curated | None) -> list[_Cluster]:
    clusters: list[_Cluster] = []
    by_form: dict[str, _Cluster] = {}
    for m in (m for m in mentions if m.parts >= 2):
        home = by_form.get(m.text) or next(
            (by_form[f] for f in by_form if same_person(m.text, f)), None)
        if home is None:
            home = _Cluster([])
            clusters.append(home)
        home.mentions.append(m)
        by_form.setdefault(m.text, home)
    clusters = _merge_partial_names(clusters)
    possessed = _possessor_exclusions(mentions)
    other_texts = _other_entity_texts(doc)
    by_text: dict[str, list[_Mention]] = {}
    for m in mentions:
        by_text.setdefault(m.text, []).append(m)
    for m in (m for m in mentions if m.parts < 2):
        home = _attach_bare(m, clusters, possessed.get(m.start, set()), curated)
        if home is not None:
            home.mentions.append(m)
        elif _standalone_ok(doc, m, by_text[m.text], other_texts, curated):
            same = next((c for c in clusters if not c.full
                         and c.mentions[0].text == m.text), None)
            if same is None:
                clusters.append(_Cluster([m]))
            else:
                same.mentions.append(m)
    return sorted(clusters, key=lambda c: c.first)


def _merge_partial_names(clusters: list[_Cluster]) -> list[_Cluster]:
    """Fold a multi-word partial name ("Ruiz de Alba") into the one fuller name that contains
    it as consecutive words ("Pedro Ruiz de Alba")."""
    kept: list[_Cluster] = []
    for c in sorted(clusters, key=lambda c: -max(len(m.text.split()) for m in c.full)):
        words = [m.text.split() for m in c.full]
        homes = [k for k in kept if all(any(_contains(o.text.split(), w) for o in k.full)
                                        for w in words)]
        if len(homes) == 1:
            homes[0].mentions.extend(c.mentions)
        else:
            kept.append(c)
    return kept


def _contains(words: Sequence[str], part: Sequence[str]) -> bool:
    n = len(part)
    return n < len(words) and any(list(words[i:i + n]) == list(part)
                                  for i in range(len(words) - n + 1))


def _possessor_exclusions(mentions: Sequence[_Mention]) -> dict[int, set[int]]:
    """Bare mention start -> start tokens of full names it is the possessor of."""
    out: dict[int, set[int]] = {}
    for m in mentions:
        for cue in m.roles:
            if cue.possessor is not None:
                out.setdefault(cue.possessor, set()).add(m.start)
    return out


def _attach_bare(m: _Mention, clusters: Sequence[_Cluster], excluded: set[int],
                 curated: Curated | None) -> _Cluster | None:
    """The full-name person a bare name belongs to, or None when unknown or ambiguous."""
    candidates = [c for c in clusters if c.full and _carries(c, m.text)]
    if not candidates and curated:
        entry = curated.find(m.text)
        if entry is not None:
            candidates = [c for c in clusters if c.full
                          and any(same_person(entry.name, o.text) or entry.matches(o.text)
                                  for o in c.full)]
    candidates = [c for c in candidates if not any(o.start in excluded for o in c.full)]
    if len(candidates) <= 1:
        return candidates[0] if candidates else None
    return max(candidates, key=lambda c: (len(c.full), -c.first))


def _carries(c: _Cluster, bare: str) -> bool:
    return any(same_surname(part, bare) for o in c.full for part in _parts(o.text))


def _standalone_ok(doc: Doc, m: _Mention, same: Sequence[_Mention], other_texts: set[str],
                   curated: Curated | None) -> bool:
    """Keep an unattached one-word name only when it is clearly a person: the user curated
    it, or one of its uses (``same``) is titled or a PERSON subject of a reporting verb; never
    when the document labels the same text a place or organisation."""
    if curated and curated.find(m.text) is not None:
        return True
    if m.text in other_texts:
        return False
    return any(o.titled or (_reporting_subject(doc, o) and doc[o.start].ent_type_ == "PERSON")
               for o in same)


def _other_entity_texts(doc: Doc) -> set[str]:
    """Texts the document labels as places, organisations and other non-person entities."""
    return {e.text for e in doc.ents if e.label_ in _OTHER_ENTS}


def _reporting_subject(doc: Doc, m: _Mention) -> bool:
    tok = doc[m.end - 1]
    return (tok.dep_ == "nsubj" and tok.head.lemma_.casefold() in PERSON_VERBS
            and tok.tag_ == "NNP")


# ----------------------------------------------------------------------------------------------
# Building Person records


def _people(doc: Doc, clusters: Sequence[_Cluster]) -> list[Person]:
    owner = {i: c for c in clusters for m in c.mentions for i in range(m.start, m.end)}
    names = {id(c): _display(c) for c in clusters}
    people: list[Person] = []
    used: set[str] = set()
    for c in clusters:
        name = names[id(c)]
        key, k = slug(name), 2
        while key in used:
            key, k = f"{slug(name)}-{k}", k + 1
        used.add(key)
        forms = list(dict.fromkeys(m.text for m in sorted(c.mentions, key=lambda m: m.start)))
        aliases = tuple(f for f in forms if f != name)
        roles = _role_texts(c, owner, names)
        spans = tuple(sorted((doc[m.start].idx, doc[m.end - 1].idx + len(doc[m.end - 1].text))
                             for m in c.mentions))
        people.append(Person(key=key, name=name, aliases=aliases, roles=roles, mentions=spans))
    return people


def _display(c: _Cluster) -> str:
    """Fullest form, then most frequent, then first seen."""
    forms = [m.text for m in sorted(c.mentions, key=lambda m: m.start)]
    return max(dict.fromkeys(forms),
               key=lambda f: (len(name_key(f)), forms.count(f), -forms.index(f)))


def _role_texts(
    c: _Cluster, owner: dict[int, _Cluster], names: dict[int, str]
) -> tuple[str, ...]:
    out: dict[str, str] = {}
    for m in sorted(c.mentions, key=lambda m: m.start):
        for cue in m.roles:
            text = cue.text
            if cue.relation and cue.possessor is not None:
                other = owner.get(cue.possessor)
                if other is not None and other is not c:
                    text = f"{cue.relation} of {names[id(other)]}"
            out.setdefault(text.casefold(), text)
    return tuple(out.values())
