"""Candidate person names of one document: spans from spaCy's PERSON entities and from the
patterns the small model misses (bylines, family names in capitals written first, titled
proper nouns, name-shaped spans the text presents as a person), each cleaned (titles,
possessives, stray words cut off) and extended (hyphenated and family-name-first given names,
particles), and later whole-word uses of a known name part. See
:mod:`digests.extract.people` for the rules in full.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from digests.curated import Curated
from digests.extract._roles import (
    BOUNDARY,
    CONNECTORS,
    OTHER_ENTS,
    POSSESSIVE,
    TITLE_HEADS,
    RoleCue,
    apposition_after,
    apposition_before,
    family_relative_after,
    apposition_head,
    apposition_span_before,
    postnominal,
    postnominal_token,
    prenominal,
)
from digests.extract.lexicon import (
    BYLINE_NON_NAMES,
    CORPORATE_SUFFIXES,
    HONORIFICS,
    NAME_LINK_PARTICLES,
    NAME_PARTICLES,
    NAME_SUFFIXES,
    NON_PERSON_NOUNS,
    NON_PERSON_WORDS,
    NOT_NAMES,
    NOT_STRIPPED_TITLES,
    PERSON_VERBS,
    PHOTO_CREDIT_WORDS,
    QUESTION_OPENERS,
    RANK_PREFIXES,
    ROLE_NOUNS,
    SENTENCE_FUNCTION_WORDS,
    TITLE_ABBREVIATIONS,
    TITLE_WORDS,
)
from digests.extract.parsed import ParsedDocument
from digests.names import EAST_ASIAN_SURNAMES, name_key, name_tokens

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

#: Parts of speech of a word used as a function word ("In" opening a sentence is not the
#: given-name syllable "In").
_FUNCTION_POS = frozenset({"ADP", "AUX", "DET", "CCONJ", "SCONJ", "PRON", "PART"})

#: Combining accents (Yoruba "ọ̀", Vietnamese written decomposed): parts of a letter.
_MARKS = "\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"

_LETTERS = rf"(?:[^\W\d_]|[{_MARKS}])*"

_NAME_WORD = re.compile(rf"^[^\W\d_]{_LETTERS}(?:[-'’][^\W\d_]{_LETTERS})*\.?$")

_PARTICLE_WORD = re.compile(r"^(?:al|el|ad|as|ash|at|az|ibn|bin|d|l|o|de|da|di|du|van|von)[-'’]"
                            r"[^\W\d_]", re.IGNORECASE)

_UPPER_FIRST = re.compile(
    r"\b([A-Z][A-Z'’-]{1,})\s+([A-Z][a-z]+(?:-[a-z]+)?)(?:\s+([A-Z][a-z]+(?:-[a-z]+)?))?\b"
)

_BYLINE = re.compile(r"\(([^()\n]{3,80})\)")

#: A byline line: "By Ana Ruiz", "By Ana Ruiz and Ito Ken", "By A. Bello, Ana Ruiz & Ito Ken".
_BY_LINE = re.compile(r"^[ \t]*By[ \t]+([^\n]{3,160}?)[ \t]*$", re.MULTILINE)

_BY_SEPARATOR = re.compile(r"\s*(?:,|&|\||/|\band\b)\s*")

_BY_PLACE = re.compile(r"\s+(?:in|at|from)\s+\S.*$")


@dataclass(frozen=True, slots=True)
class NameMention:
    """One name mention: token span [start, end) of the cleaned name, the role cues read
    around it and whether a title precedes it. ``parts`` (the number of name parts) is derived
    from ``text``."""

    start: int
    end: int
    text: str
    roles: tuple[RoleCue, ...] = ()
    titled: bool = False
    parts: int = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "parts", len(name_tokens(self.text)))


def find_mentions(doc: ParsedDocument, curated: Curated | None,
                            companies: set[str]) -> list[NameMention]:
    """Every cleaned candidate mention, plus bare uses of known names that NER missed."""
    spans = _candidate_spans(doc) + _curated_spans(doc, curated)
    cleaned = [m for s, e in spans if (m := _clean(doc, s, e)) is not None]
    cleaned += _capitals_byline_mentions(doc) + _nicknamed_mentions(doc)
    mentions: dict[int, NameMention] = {}
    for m in sorted(cleaned, key=lambda m: (-(m.end - m.start), m.start)):
        if not any(_overlaps(m, o) for o in mentions.values()):
            mentions[m.start] = m
    for m in list(mentions.values()):
        if (m.parts >= 2 and (_non_person_apposition(doc, m) or m.text in companies)) \
                or _photo_credit(doc, m):
            del mentions[m.start]
    covered = _covered(mentions.values())
    parts = {t for m in mentions.values() for t in name_parts(m.text)}
    for bare in _bare_mentions(doc, parts, covered):
        mentions[bare.start] = bare
    merged = _merge_overlapping([mentions[k] for k in sorted(mentions)], doc)
    return [m for m in _join_adjacent(merged, doc) if m.parts < 2 or m.text not in companies]


def _photo_credit(doc: Doc, m: NameMention) -> bool:
    """ "(Jan Novak/AP)", "(AP Photo/Jan Novak)": a photographer credited in brackets, next
    to a slash and an agency, is no one the article speaks of."""
    left = doc[max(0, m.start - 4):m.start]
    right = doc[m.end:m.end + 4]
    if not (any(t.text == "(" for t in left) and any(t.text == ")" for t in right)):
        return False
    if m.start > 0 and doc[m.start - 1].text == "/":
        other = [t for t in left if t.text not in ("(", "/")]
    elif m.end < len(doc) and doc[m.end].text == "/":
        other = [t for t in right if t.text not in (")", "/")]
    else:
        return False
    # the other side is an agency ("AP", "AFP") or a credit word ("Photo", "Getty Images"),
    # not a second reporter ("(Ana Ruiz/Luis Mora)": the article's byline)
    return any((t.is_upper and 2 <= len(t.text) <= 5) or t.lower_ in PHOTO_CREDIT_WORDS
               for t in other)


def _merge_overlapping(mentions: list[NameMention], doc: Doc) -> list[NameMention]:
    """Two mentions sharing a word are one longer name ("Ana Lima" + "Lima Sousa Reis" ->
    "Ana Lima Sousa Reis": a given name, a family name and a married name NER and the bare-name
    pass each found a piece of). Kept apart when the joined run is not name-shaped."""
    out: list[NameMention] = []
    for m in mentions:
        prev = out[-1] if out else None
        if prev is not None and m.start < prev.end:
            joined = _clean(doc, prev.start, max(prev.end, m.end))
            if joined is not None and joined.start <= prev.start and joined.end >= m.end:
                out[-1] = joined
            elif m.end - m.start > prev.end - prev.start:
                out[-1] = m
            continue
        out.append(m)
    return out


def _join_adjacent(mentions: list[NameMention], doc: Doc) -> list[NameMention]:
    """Adjacent one-word mentions are one name ("López" + "Obrador")."""
    out: list[NameMention] = []
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


def _word_spans(doc: Doc, forms: Iterable[str]) -> list[NameMention]:
    """Whole-word occurrences of any of ``forms`` (one pass over the text, longest first)."""
    forms = sorted({f for f in forms if f}, key=lambda f: (-len(f), f))
    if not forms:
        return []
    alternatives = "|".join(re.escape(f) for f in forms)
    pattern = re.compile(r"(?<![\w\-’'])(?:" + alternatives + r")(?![\w\-])")
    out: list[NameMention] = []
    for match in pattern.finditer(doc.text):
        span = doc.char_span(match.start(), match.end())
        if span is not None:
            out.append(NameMention(span.start, span.end, match.group()))
    return out


def _bare_mentions(doc: Doc, parts: set[str], covered: set[int]) -> list[NameMention]:
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
    out: list[NameMention] = []
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


def find_company_forms(doc: Doc) -> set[str]:
    """Names the text writes with a legal form after them ("Harrow Steel Ltd", "Orla Foods
    Inc."), and their leading words ("Harrow Steel", "Harrow"): organisations, not people."""
    forms: set[str] = set()
    for tok in doc:
        if tok.i == 0 or tok.text.casefold().rstrip(".") not in CORPORATE_SUFFIXES:
            continue
        if not tok.text[:1].isupper():
            continue
        i = tok.i
        while (i > 0 and tok.i - i < 5 and _capitalised_word(doc[i - 1])
               and doc[i - 1].whitespace_ and doc[i - 1].text.casefold() not in TITLE_WORDS):
            i -= 1
        words = [t.text for t in doc[i:tok.i]]
        forms.update(" ".join(words[:k]) for k in range(1, len(words) + 1))
        if words:
            forms.add(doc[i:tok.i + 1].text)
    return forms


def _non_person_apposition(doc: Doc, m: NameMention) -> bool:
    """"The operator, X," / "X, a mining company,": the text says X is not a person."""
    title_start, _ = prenominal(doc, m.start)
    before = apposition_span_before(doc, title_start)
    if before is not None and before.start > 0 and doc[before.start - 1].pos_ in {
            "ADP", "VERB", "AUX"} and doc[before.start - 1].text not in BOUNDARY:
        before = None  # "Speaking outside court, X": a clause's object, not an apposition
    for head in (before.root if before is not None else None,
                 apposition_head(doc, m.end, before=False)):
        if head is not None and head.lemma_.casefold() in NON_PERSON_NOUNS:
            return True
    return False


def _covered(mentions: Iterable[NameMention]) -> set[int]:
    return {i for m in mentions for i in range(m.start, m.end)}


def _overlaps(a: NameMention, b: NameMention) -> bool:
    return a.start < b.end and b.start < a.end


def _bare_ok(tok: Token) -> bool:
    """A token that repeats a known name part can be a bare mention (not inside a longer
    proper-noun run such as an organisation name)."""
    if not tok.text[:1].isupper() or tok.pos_ in _FUNCTION_POS:
        return False
    neighbours = [t for t in (tok.nbor(-1) if tok.i > 0 else None,
                              tok.nbor(1) if tok.i + 1 < len(tok.doc) else None) if t is not None]
    return not any(n.text[:1].isupper() and n.pos_ == "PROPN" and n.ent_type_ in OTHER_ENTS
                   for n in neighbours)


def name_parts(name: str) -> tuple[str, ...]:
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
    as a person through a role apposition ("Its chief executive, X," / "X, a retired colonel,"),
    a pre-nominal role ("board member X"), or as the subject of a reporting verb when NER
    labels its first or last word alone a person elsewhere."""
    out: list[tuple[int, int]] = []
    spans = [(e.start, e.end) for e in doc.ents
             if e.label_ in {"ORG", "GPE", "NORP", "FAC", "PRODUCT", "WORK_OF_ART"}]
    runs = _unlabelled_propn_runs(doc)
    out += [run for run in runs if _coordinated_with_person(doc, *run)]
    person_words = {e.text for e in doc.ents if e.label_ == "PERSON" and len(e) == 1}
    for start, end in spans + runs:
        m = _clean(doc, start, end)
        if m is None or m.parts < 2 or any(t.is_upper and len(t) > 1 for t in doc[m.start:m.end]):
            continue
        title_start, title = prenominal(doc, m.start)
        if (title or apposition_before(doc, title_start) or apposition_after(doc, m.end)
                or family_relative_after(doc, m.end) or postnominal(doc, m.end)
                or _speaking_person_name(doc, m, person_words)):
            out.append((m.start, m.end))
    return out


def _speaking_person_name(doc: Doc, m: NameMention, person_words: set[str]) -> bool:
    """"X Y told reporters", NER calling "X Y" a work of art or an organisation while it
    labels "X" alone a person elsewhere: the subject of a reporting verb whose first or last
    word the document names as a person is that person's full name; so is a two- or
    three-word name called a work of art or product as it speaks (after a quotation)."""
    words = m.text.split()
    tok = doc[m.end - 1]
    reporting = (tok.dep_ == "nsubj" and tok.head.lemma_.casefold() in PERSON_VERBS
                 and tok.tag_ == "NNP")
    # a name right after a quotation is often taken for a title ('"...," Ana Ruiz said')
    titled_work = tok.ent_type_ in ("WORK_OF_ART", "PRODUCT") and len(words) in (2, 3)
    return (reporting and (words[0] in person_words or words[-1] in person_words or titled_work)
            and all(_NAME_WORD.match(w) for w in words))


def _titled_spans(doc: Doc) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for tok in doc[:-1]:
        if not (tok.text[:1].isupper() and tok.text.casefold().rstrip(".") in TITLE_HEADS):
            continue
        end = tok.i + 1
        while (end < len(doc) and end - tok.i <= 3 and doc[end].pos_ == "PROPN"
               and _capitalised_word(doc[end]) and doc[end].ent_type_ not in OTHER_ENTS
               and doc[end].text.casefold() not in TITLE_WORDS | NON_PERSON_WORDS):
            end += 1
        if end == tok.i + 2 and _family_name_mislabelled(doc, end):
            end += 1  # "Judge Ana Ferro", NER calling "Ferro" alone an organisation
        if end > tok.i + 1:
            out.append((tok.i, end))
    return out


def _family_name_mislabelled(doc: Doc, i: int) -> bool:
    """Whether token ``i``, right after a title and one given name, is a family name the
    recogniser labelled alone as another kind of entity: a single capitalised word
    entity, not followed by another proper noun, and no organisation word."""
    if i >= len(doc):
        return False
    tok = doc[i]
    nxt = doc[i + 1] if i + 1 < len(doc) else None
    return (tok.pos_ == "PROPN" and _capitalised_word(tok) and tok.ent_iob_ == "B"
            and (nxt is None or nxt.ent_iob_ != "I")
            and (nxt is None or nxt.pos_ != "PROPN")
            and tok.text.casefold() not in TITLE_WORDS | NON_PERSON_WORDS)


def _capitalised_word(tok: Token) -> bool:
    """"Ruiz", "MacNeil", "O'Hara": a capital, then not all capitals."""
    return tok.is_title or (tok.text[:1].isupper() and not tok.is_upper
                            and bool(_NAME_WORD.match(tok.text)))


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
        if span is not None and any(t.ent_type_ == "PERSON" for t in span) \
                and not _upper_first_misread(doc, span):
            out.append((span.start, span.end))
    return out + _by_line_spans(doc)


def _upper_first_misread(doc: Doc, span: Span) -> bool:
    """A "SURNAME Given" match that is really an abbreviation before a title or a name
    ("US President Jane Roe", "UN Envoy Ali Khan"): a title word after the capitals, or a
    PERSON entity the match cuts in two."""
    if any(t.text.casefold().rstrip(".") in TITLE_WORDS | ROLE_NOUNS for t in span[1:]):
        return True
    last = span[-1]
    return (last.ent_type_ == "PERSON" and span.end < len(doc)
            and doc[span.end].ent_iob_ == "I" and doc[span.end].ent_type_ == "PERSON")


def _by_line_spans(doc: Doc) -> list[tuple[int, int]]:
    """Names on a line of their own after "By" (a byline), whatever NER made of them:
    "By Ana Ruiz and Ito Ken", "By Ana Ruiz in Lima", "By Ana Ruiz, Tidewater Post". Every part
    is a 2-4 word name, except outlet-like parts after a name (one word, or an organisation
    word); otherwise the line is prose ("By Tuesday Evening the rain ...") and gives nothing."""
    out: list[tuple[int, int]] = []
    for match in _BY_LINE.finditer(doc.text):
        names = _BY_PLACE.sub("", match.group(1))
        found: list[tuple[int, int]] = []
        pos = match.start(1)
        for part in filter(None, _BY_SEPARATOR.split(names)):
            begin = doc.text.index(part, pos)
            pos = begin + len(part)
            if not _byline_person(part):
                if found and (_outlet_like(part) or _byline_role(part)):
                    continue
                found = []
                break
            span = doc.char_span(begin, begin + len(part), alignment_mode="expand")
            if span is not None:
                found.append((span.start, span.end))
        out += found
    return out

_CAP = "A-ZÀ-ÖØ-Þ"

#: A byline name in capitals (2-4 words), then perhaps the outlet: "ANA RUIZ Tidewater Post".
_CAPS_BYLINE = re.compile(rf"^((?:[{_CAP}][{_CAP}'’-]+ ){{1,3}}[{_CAP}][{_CAP}'’-]+)"
                          r"(?:\s*[,|/–—-]?\s*(.+))?$")


def _capitals_byline_mentions(doc: Doc) -> list[NameMention]:
    """A byline name written in capitals, perhaps run on into the outlet without a comma
    ("By ANA RUIZ", "By ANA RUIZ Tidewater Post"): the name, written with initial capitals."""
    out: list[NameMention] = []
    text = doc.text
    for match in _BY_LINE.finditer(text):
        line = _BY_PLACE.sub("", match.group(1))
        pos = match.start(1)
        for part in filter(None, re.split(r"\s*(?:,|&|\||/|\b(?:and|AND)\b)\s*", line)):
            begin = text.index(part, pos)
            pos = begin + len(part)
            caps = _CAPS_BYLINE.match(part)
            if caps is None or (caps.group(2) and not _outlet_like(caps.group(2).strip())):
                continue
            name = caps.group(1)
            if any(w.casefold() in BYLINE_NON_NAMES | NON_PERSON_WORDS for w in name.split()):
                continue
            span = doc.char_span(begin, begin + len(name), alignment_mode="expand")
            written = " ".join(w.title() for w in name.split())
            if span is not None and _name_shaped(written.split()):
                out.append(NameMention(span.start, span.end, written))
    return out


#: A name with a nickname in quotation marks between given and family name: Ana “Red” Ruiz.
_NICKNAMED = re.compile(
    r"\b([A-Z][a-z'’-]+) [“\"‘]([A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*)?)[”\"’] "
    r"([A-Z][a-z'’]+(?:-[A-Z][a-z'’]+)?)\b")


def _nicknamed_mentions(doc: Doc) -> list[NameMention]:
    """A name written with a nickname in quotation marks between its given and family name
    ('Tomas "Tiny" Wald'): one mention of the name without the nickname, where the
    recogniser saw two names or none."""
    out: list[NameMention] = []
    for m in _NICKNAMED.finditer(doc.text):
        given, family = m.group(1), m.group(3)
        if not _name_shaped([given, family]) or any(
                w.casefold() in NON_PERSON_WORDS | TITLE_WORDS for w in (given, family)):
            continue
        span = doc.char_span(m.start(), m.end(), alignment_mode="expand")
        if span is not None:
            out.append(NameMention(span.start, span.end, f"{given} {family}"))
    return out


def _byline_role(part: str) -> bool:
    """"Resources Reporter", "Chief Political Correspondent": a capitalised job title after a
    byline name."""
    words = part.split()
    return (0 < len(words) <= 5 and all(w[:1].isupper() for w in words)
            and words[-1].casefold() in ROLE_NOUNS)


def byline_author_role(doc: ParsedDocument, m: NameMention, authors: set[int]) -> RoleCue | None:
    """The author named on a "By" line writes the story: their role is the job title the line
    gives after the name ("By Ana Ruiz, Labour Reporter"), else "reporter"."""
    if m.start not in authors:
        return None
    text = doc.text
    end = doc[m.end - 1].idx + len(doc[m.end - 1].text)
    line_end = text.find("\n", end)
    rest = text[end:line_end if line_end >= 0 else len(text)]
    first = next(iter(filter(None, _BY_SEPARATOR.split(_BY_PLACE.sub("", rest)))), "").strip()
    return RoleCue(first if first and _byline_role(first) else "reporter")


def byline_author_starts(doc: Doc) -> set[int]:
    """First tokens of the names read off "By" lines."""
    return ({s for s, _ in _by_line_spans(doc)}
            | {m.start for m in _capitals_byline_mentions(doc)})


def _byline_person(part: str) -> bool:
    return _byline_name(part) and not any(w.casefold() in BYLINE_NON_NAMES
                                          for w in part.split())


def _outlet_like(part: str) -> bool:
    words = part.split()
    return bool(words) and all(w[:1].isupper() for w in words) and (
        len(words) == 1 or any(w.casefold() in NON_PERSON_WORDS for w in words))


def _byline_name(part: str) -> bool:
    """"TANAKA Emi", "Jane Doe", "Ana María Ruiz": 2-4 capitalised words, no org words."""
    words = part.split()
    if not 2 <= len(words) <= 4:
        return False
    return all(_NAME_WORD.match(w) and w[0].isupper() and w.casefold() not in NON_PERSON_WORDS
               for w in words)


def _clean(doc: Doc, start: int, end: int) -> NameMention | None:
    """Trim titles, possessives and punctuation; re-join hyphenated given names; reject
    spans that are not name-shaped."""
    start = _trimmed_start(doc, start, end)
    end = _extend_right(doc, start, _trimmed_end(doc, start, end))
    # a name never runs over a line break ("By Staff Desk" + "\n\n" + "CITY - ...")
    end = next((i for i in range(start, end) if "\n" in doc[i].text), end)
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
    return NameMention(start, end, re.sub(r"\s+", " ", text))


def _trimmed_start(doc: Doc, start: int, end: int) -> int:
    """Titles and connectors cut off the front; when nothing was cut, up to two given names
    NER left off the front taken back ("Ana" + "Lima Sousa")."""
    first = start
    while start < end and (_strip_left(doc[start]) or _rank_after_title(doc, first, start, end)):
        start += 1
    if start == first and end - start >= 2:
        for _ in range(2):  # "Ana" + "Lima Sousa"; "Ana" + "Lima" + "Sousa Reis-Melo"
            if not _given_before(doc, start, end):
                break
            start -= 1
    return start


def _trimmed_end(doc: Doc, start: int, end: int) -> int:
    """Possessives, punctuation, run-on lower-case words and letters of office cut off the
    end."""
    while end > start and (doc[end - 1].text in POSSESSIVE or doc[end - 1].is_punct):
        end -= 1
    # a lower-case word NER ran on with ("Ana Lima de facto"); "Min-ji" is one word
    while end - start > 1 and doc[end - 1].is_lower and doc[end - 2].whitespace_:
        end -= 1
    # letters of office after the name ("Mary Roe TD"): a role, not a name part
    while end - start > 2 and postnominal_token(doc[end - 1]):
        end -= 1
    return end


def _rank_after_title(doc: Doc, first: int, i: int, end: int) -> bool:
    """"Detective Sergeant X", "Staff Major X": a rank that is also a family name ("Sergeant")
    is part of the title when a capitalised rank prefix comes right before it (inside the span
    or not) and a name follows it."""
    if i == 0 or i + 1 >= end:
        return False
    tok, prev = doc[i], doc[i - 1]
    low = tok.text.casefold()
    return (tok.text[:1].isupper() and low in NOT_STRIPPED_TITLES and low in ROLE_NOUNS
            and prev.text[:1].isupper() and prev.text.casefold().rstrip(".") in RANK_PREFIXES
            and doc[i + 1].text[:1].isupper())


def _given_before(doc: Doc, start: int, end: int) -> bool:
    """The name part NER left off the front of a multi-word name: a capitalised proper noun
    ("Isabel" + "Díaz Ayuso") or a known East Asian family name the tagger misread
    ("Nguyen" + "Xuan Phuc"), never a title, role, place or function word."""
    if start == 0 or len(doc[start:end].text.split()) > 3:
        return False
    prev = doc[start - 1]
    low = prev.text.casefold()
    if (prev.whitespace_ != " " or not prev.text[:1].isupper() or prev.is_upper
            or "." in prev.text or low in TITLE_ABBREVIATIONS or not _NAME_WORD.match(prev.text)
            or prev.ent_type_ not in {"", "PERSON"} or _not_a_name_word(prev)
            or low in ROLE_NOUNS or low in SENTENCE_FUNCTION_WORDS):
        return False
    if not (prev.pos_ == "PROPN" or name_key(prev.text) in EAST_ASIAN_SURNAMES):
        return False
    before = doc[start - 2] if start >= 2 else None
    return before is None or not (before.pos_ == "PROPN" and before.text[:1].isupper()
                                  and not before.is_sent_start)


def _joined_by_hyphen(word: Token, hyphen: Token) -> bool:
    """"Klaus" + "-" directly before a name that NER started at "Dieter"."""
    return (hyphen.text in {"-", "‐", "‑"} and not hyphen.whitespace_ and not word.whitespace_
            and word.is_alpha and word.is_title)


def _strip_left(tok: Token) -> bool:
    low = tok.text.casefold().rstrip(".")
    if tok.is_punct or tok.text in POSSESSIVE or low in {"the", "a", "an"}:
        return True
    if _sentence_function_word(tok):
        return True
    if low in NOT_STRIPPED_TITLES:
        return False
    if tok.text[:1].isupper() and (low in ROLE_NOUNS or low in TITLE_ABBREVIATIONS):
        return True
    return low in HONORIFICS or (low in TITLE_WORDS and low not in CONNECTORS)


def _extend_right(doc: Doc, start: int, end: int) -> int:
    """Re-join "Min" "-" "seo" and add name parts NER cut off: short name-shaped tokens
    ("Lee Min" + "Ho"), a hyphenated given name whatever its tags ("Lee" + "Do-hun"), the third
    syllable of a family-name-first name ("Tran Van" + "Khoa") and a particle with the family
    name after it ("Ana Fontes" + "de Souza")."""
    while end < len(doc):
        longer = _one_step_right(doc, start, end)
        if longer is None:
            return end
        end = longer
    return end


def _hyphen_joins(doc: Doc, end: int) -> bool:
    """"Min" "-" "seo": a hyphen written without spaces between two words."""
    nxt = doc[end]
    return (nxt.text in {"-", "‐", "‑"} and end + 1 < len(doc) and not doc[end - 1].whitespace_
            and not nxt.whitespace_ and doc[end + 1].is_alpha)


def _short_name_part(doc: Doc, start: int, end: int) -> bool:
    """"Lee Min" + "Ho": a short title-case proper noun after a name of at most two parts."""
    nxt = doc[end]
    return (end - start < 3 and nxt.is_alpha and nxt.is_title and nxt.pos_ == "PROPN"
            and nxt.ent_type_ in {"", "PERSON"} and doc[end - 1].whitespace_
            and not _not_a_name_word(nxt) and len(nxt.text) <= 4)


def _one_step_right(doc: Doc, start: int, end: int) -> int | None:
    """The new end after the first name part of :func:`_extend_right` that follows, or None."""
    if _hyphen_joins(doc, end):
        return end + 2
    spaced = end > start and doc[end - 1].whitespace_
    if spaced and _hyphenated_given(doc, start, end):
        return end + 3
    if _short_name_part(doc, start, end):
        return end + 1
    if spaced and _third_syllable(doc, start, end):
        return end + 1
    if spaced and _two_syllables(doc, start, end):
        return end + 2
    linked = _particle_link(doc, end) if spaced else None
    return linked if linked is not None and linked - start <= 5 else None


def _not_a_name_word(tok: Token) -> bool:
    return tok.text.casefold() in NON_PERSON_WORDS | TITLE_WORDS | HONORIFICS | NOT_NAMES


def _hyphenated_given(doc: Doc, start: int, end: int) -> bool:
    """A one-word family name followed by a hyphenated syllable pair the tagger split up
    ("Lee" "Do" "-" "hun", "Do" read as a verb): Capitalised syllable, hyphen, lower-case
    syllable, written as one word (and no third syllable: "Do-or-die" is no name)."""
    if end - start != 1 or end + 2 >= len(doc):
        return False
    family, first, hyphen, second = doc[start], doc[end], doc[end + 1], doc[end + 2]
    more = (not second.whitespace_ and end + 3 < len(doc)
            and doc[end + 3].text in {"-", "‐", "‑"})
    return (name_key(family.text) in EAST_ASIAN_SURNAMES and family.ent_type_ == "PERSON"
            and first.is_alpha and first.is_title and len(first) <= 5
            and hyphen.text in {"-", "‐", "‑"} and not first.whitespace_
            and not hyphen.whitespace_ and second.is_alpha and second.is_lower
            and len(second) <= 5 and not more)


def _third_syllable(doc: Doc, start: int, end: int) -> bool:
    """"Tran Van" + "Khoa": a family-name-first name of two short syllables that NER cut
    before a third capitalised syllable (which it may have tagged a place: one word only)."""
    if end - start != 2 or end >= len(doc):
        return False
    family, given = doc[start], doc[start + 1]
    if not (name_key(family.text) in EAST_ASIAN_SURNAMES and family.is_title and given.is_title
            and len(family) <= 5 and len(given) <= 5 and given.is_alpha):
        return False
    return _syllable(doc, end, 6)


def _two_syllables(doc: Doc, start: int, end: int) -> bool:
    """"Kim" + "In Chul": a family name NER kept alone, then two short capitalised syllables,
    the first perhaps read as a function word ("In", "Do", "So"), the second a proper noun."""
    if end - start != 1 or end + 1 >= len(doc) or not doc[end].whitespace_:
        return False
    family, first = doc[start], doc[end]
    return (name_key(family.text) in EAST_ASIAN_SURNAMES and family.ent_type_ == "PERSON"
            and first.is_alpha and first.is_title and len(first) <= 5
            and not _not_a_name_word(first) and first.ent_type_ in {"", "PERSON"}
            and _syllable(doc, end + 1, 5))


def _syllable(doc: Doc, i: int, longest: int) -> bool:
    """A short capitalised proper noun that can be a given-name syllable. NER may call it a
    place, but only as a one-word entity the document never uses on its own elsewhere
    ("Seoul" in "Park Ji Seoul" is a place)."""
    tok = doc[i]
    if tok.ent_type_:
        lone = tok.ent_iob_ == "B" and (i + 1 >= len(doc) or doc[i + 1].ent_iob_ != "I")
        if not lone or any(e.text == tok.text and e.start != i for e in doc.ents):
            return False
    return (tok.is_alpha and tok.is_title and len(tok) <= longest and tok.pos_ == "PROPN"
            and not _not_a_name_word(tok) and tok.ent_type_ not in {"ORG", "DATE", "TIME"})


def _particle_link(doc: Doc, end: int) -> int | None:
    """"Fontes" + "de Souza" / "van der Berg": one or two lower-case particles and a
    capitalised name word. Returns the new end, or None. A linking "y"/"e" (also "and") must
    be followed by one last name word that starts no new PERSON entity."""
    i = end
    while (i < len(doc) and i - end < 2 and doc[i].text in NAME_LINK_PARTICLES
           and doc[i].whitespace_):
        i += 1
    if i == end or i >= len(doc):
        return None
    word = doc[i]
    if not (word.is_alpha and word.is_title and len(word) > 1) or _not_a_name_word(word):
        return None
    if word.ent_type_ in {"DATE", "TIME", "MONEY", "PERCENT"}:
        return None
    if word.ent_type_ in OTHER_ENTS and i + 1 < len(doc) and doc[i + 1].ent_iob_ == "I":
        return None  # "de Banco Atlântico": a particle before a multi-word organisation
    if doc[end].text in {"y", "e"} and not _last_linked_name(doc, end, i):
        return None
    return i + 1


def _last_linked_name(doc: Doc, end: int, i: int) -> bool:
    """After a linking "y"/"e": one name word (token ``i``) that ends the name and starts no
    new PERSON entity."""
    word = doc[i]
    starts_person = word.ent_iob_ == "B" and word.ent_type_ == "PERSON"
    more = i + 1 < len(doc) and doc[i + 1].is_title and doc[i + 1].pos_ == "PROPN"
    return not (starts_person or more or i - end != 1)


def _sentence_function_word(tok: Token) -> bool:
    """"Will" in "Will Lagos agree?": a modal opening a question, or another function word
    opening a sentence that the parser does not read as a proper noun ("But Quito said")."""
    low = tok.text.casefold()
    if low not in SENTENCE_FUNCTION_WORDS or not tok.text[:1].isupper():
        return False
    if any(not (t.is_punct or t.is_space) for t in tok.doc[tok.sent.start:tok.i]):
        return False
    if low in QUESTION_OPENERS:
        return _opens_question(tok)
    return tok.pos_ != "PROPN" or _opens_question(tok)


def _opens_question(tok: Token) -> bool:
    """The sentence ``tok`` begins ends with a question mark (first end mark after it)."""
    for t in tok.doc[tok.i + 1:]:
        if t.text in {".", "!", "?"} or "\n" in t.text:
            return t.text == "?"
    return False


def _name_shaped(words: Sequence[str]) -> bool:
    """Every word name-like; at most one particle run; no org/place/calendar words."""
    if not words or len(words) > 5:
        return False
    if len(words) == 1:
        return _one_word_name(words[0])
    if words[0].casefold() in NAME_PARTICLES and not words[0][0].isupper():
        return False
    caps = [w for w in words if len(w) > 1 and w.isupper()]
    if len(caps) == len(words):
        return False
    return (all(_name_part(word) for word in words)
            and any(len(w.strip(".")) > 1 for w in words))


def _one_word_name(word: str) -> bool:
    return (len(word.strip(".")) > 1 and not word.isupper() and word[0].isupper()
            and word.casefold() not in NOT_NAMES and word.casefold() not in NON_PERSON_WORDS
            and bool(_NAME_WORD.match(word)))


def _name_part(word: str) -> bool:
    """A part of a longer name: a particle ("de", "al-Amin") or a capitalised name word that
    is no organisation or place word."""
    low = word.casefold()
    if low in NAME_PARTICLES or (_PARTICLE_WORD.match(word) and _NAME_WORD.match(word)):
        return True
    return bool(_NAME_WORD.match(word)) and word[0].isupper() and low not in NON_PERSON_WORDS
