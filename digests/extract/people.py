"""People extractor: who's who within one parsed document.

:func:`extract_people` turns a spaCy ``Doc`` into :class:`~digests.models.Person` records:

1. **Candidate names** come from spaCy PERSON entities and from patterns the small model
   misses: bylines in parentheses ("(FAMILY Given/Given Family)") or on a line of their own
   ("By Ana Ruiz and Ito Ken"; in capitals, run on into the outlet: "By ANA RUIZ Harbour
   Wire" -> "Ana Ruiz"), capitalised family names written first ("SURNAME Given"),
   proper nouns after a title ("President Obuya"), and name-shaped spans NER labelled
   otherwise (or not at all) that the text presents as a person through a role apposition
   ("Its chief executive, X,") or a coordination with a person ("Jane Roe and X").
   Each span is cleaned: titles, abbreviated titles and honorifics cut off ("Lady X",
   "Cllr X" -> "X"), letters of office after the name ("X TD", "X MEP"), possessives, a
   sentence-opening modal or function word ("Will Lagos agree?") and trailing lower-case
   words dropped, anything after "Jr." dropped. Names NER cut short are extended: hyphenated
   given names re-joined ("Min" + "-seo", "Lee" + "Do-hun"), particles with the family name
   after them ("Ana Fontes" + "de Souza"), the given-name syllables of family-name-first
   names ("Tran Van" + "Khoa", "Kim" + "In Chul") and a given name left off the front
   ("Isabel" + "Ruiz Vidal"). Organisation/place-shaped spans (an organisation word
   anywhere: "X Rovers", "X Homes", "Banco X"), lone capitals and names the text calls an
   organisation ("The operator, X,") are rejected, as are names the text writes with a
   legal form after them ("X Y Ltd": "X Y" and "X" are the company). Names shaped like a place,
   ground or club ("Port X", "X Lane", "X Vale") or used in an organisation or destination
   context ("X's takeover", "shares of X", "X manager Jane Roe", "travel to X") are dropped
   unless some use carries a person signal (a role, a title, a reporting verb); a "SURNAME
   Given" match is not read over an abbreviation and a title ("US President X"); a rank that
   is also a family name is cut after a rank prefix ("Detective Sergeant X"). Later
   whole-word uses of a known name part ("Okonjo", "Adeyemi-Cole") become mentions too; two
   mentions sharing a word are one longer name (an English given name, two family names and
   a given name: "Ana" + "Lima Sousa Mei-ling"), and up to two given names NER left off the
   front are taken back.
2. **Grouping**: full names (two or more parts) group by :func:`digests.resolve.same_person`;
   a partial multi-word name joins the one fuller name containing it ("Ruiz de Alba", "Dos
   Santos" at a sentence start); a bare name ("Okonjo", "President Xu") attaches to the
   full-name person carrying that part. A part written the same way beats a romanisation
   variant, which counts only for a family name at either end ("Chung" is never the syllable
   "Jong"). When several carry it, the bare form is never given to a person it is the
   possessor of ("Park's brother Park Ji-hoon", anywhere in the document), then goes to the
   candidate whose full name was written last before it, else to the most prominent (most
   full mentions, then earliest). A sentence-opening function word ("In", "Do") is never a
   bare name. A bare name that attaches to nobody is kept only when clearly a person: titled
   ("President Xu") or a PERSON-labelled subject of a reporting verb.
3. **Roles** are read around every mention: pre-nominal titles ("U.S. Deputy Secretary of
   Commerce", "board member"), appositions after and before the name ("X, a 45-year-old
   nurse,"; "Peru's ambassador to Chile, X,"; "X, a Lagos-based economist,"; "Their
   co-leader, X,"), relations ("Park's brother X" -> "brother of <Park's full name>"; "his
   wife, X" -> "wife"), "who heads the Y" clauses ("head of the Y"), and plural appositions
   shared by coordinated names ("Two farmers, X and Y," -> "farmer"). A title never reaches
   back over a relation noun or a lower-case "and" ("the sister of | Chilean President X",
   "her brother and | U.S. President X"), but does over an honorific ("chairman Sir X").
   Also: letters of office after the name ("X MEP"); "The <word>, X," opening a clause
   with X parsed as its apposition ("The Ombudsman, X," -> "Ombudsman"); an apposition
   cut at its head noun when a clause follows ("X, the front-runner to become ...,");
   occupations by suffix ("cartographer"); "<country> international X"; and the
   delayed-identification lede (a first paragraph naming nobody where an institution acts
   on "a former bank clerk", then a paragraph opening with the full name as subject).
   Further: a relation apposition naming a person ("X, the elder daughter of Senator Y," ->
   "elder daughter of <Y>"); an indefinite party/nationality apposition ("X, a Democrat
   from Oregon,"); the organisation of a "who runs the Y" clause as an apposition after it
   describes it ("head of the biggest haulage company"); a byline author is the
   "reporter" (or the job title the line gives: "By X, Labour Reporter"); and a title stops
   after "a <noun> of/to" ("a critic of | President X"); counsel for one side in British court
   style ("X, defending, said" -> "defending").

All word lists live in the people section of :mod:`digests.extract.lexicon`.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from digests.curated import Curated
from digests.extract.lexicon import (
    BYLINE_NON_NAMES,
    CORPORATE_SUFFIXES,
    COURT_SIDE_WORDS,
    HONORIFICS,
    LEDE_ACTION_VERBS,
    MOTION_VERBS,
    NAME_LINK_PARTICLES,
    NAME_PARTICLES,
    NAME_SUFFIXES,
    NON_PERSON_NOUNS,
    NON_PERSON_WORDS,
    NOT_NAMES,
    NOT_STRIPPED_TITLES,
    ORG_POSSESSED_NOUNS,
    ORG_PRECEDING_PHRASES,
    PERSON_VERBS,
    PLACE_HEAD_WORDS,
    PLACE_LEAD_WORDS,
    POSTNOMINAL_TITLES,
    QUESTION_OPENERS,
    RANK_PREFIXES,
    RELATION_NOUNS,
    RELATIVE_ROLE_VERBS,
    ROLE_NOUNS,
    SENTENCE_FUNCTION_WORDS,
    TITLE_ABBREVIATIONS,
    TITLE_WORDS,
)
from digests.extract.parsed import ParsedDocument, as_parsed
from digests.models import Person
from digests.names import (
    EAST_ASIAN_SURNAMES,
    name_key,
    name_tokens,
    same_person,
    same_surname,
    slug,
)

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

__all__ = ["extract_people"]

_CONNECTORS = frozenset({"of", "for", "to", "and", "the", "on", "in"})
_POSSESSIVE = frozenset({"'s", "’s", "'", "’"})
_PRONOUN_POSSESSORS = frozenset({"his", "her", "their", "its"})
_OTHER_ENTS = frozenset({"GPE", "ORG", "NORP", "LOC", "FAC", "PRODUCT", "EVENT", "WORK_OF_ART"})
_RELATIVES = frozenset({"who", "whose", "whom", "which", "that"})
#: Parts of speech of a word used as a function word ("In" opening a sentence is not the
#: given-name syllable "In").
_FUNCTION_POS = frozenset({"ADP", "AUX", "DET", "CCONJ", "SCONJ", "PRON", "PART"})
_BOUNDARY = frozenset({",", ".", ";", ":", "(", ")", "—", "–", "!", "?", '"', "“", "”",
                       "\n"})
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


# ----------------------------------------------------------------------------------------------
# Mentions


@dataclass(frozen=True, slots=True)
class _Mention:
    """One name mention: token span [start, end) of the cleaned name, the role cues read
    around it and whether a title precedes it. ``parts`` (the number of name parts) is derived
    from ``text``."""

    start: int
    end: int
    text: str
    roles: tuple[_RoleCue, ...] = ()
    titled: bool = False
    parts: int = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "parts", len(name_tokens(self.text)))


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
    doc = as_parsed(doc, "extract_people")
    companies = _find_company_forms(doc)
    authors = _byline_author_starts(doc)
    found = _full_and_bare_mentions(doc, curated, companies)
    described = [replace(m, roles=(*m.roles, *_roles_for(doc, m, authors)),
                         titled=_is_titled(doc, m)) for m in found]
    described = _with_lede_role(doc, _share_coordinated_roles(doc, described))
    kept = _drop_places_and_clubs(doc, described)
    clusters = _group(doc, kept, curated, companies)
    return _people(doc, clusters)


def _drop_places_and_clubs(doc: Doc, mentions: list[_Mention]) -> list[_Mention]:
    """Drop multi-word names the text treats as a place, ground, club or company when no use
    of them (or of their last word alone) carries a person signal (a role, a title, the
    subject of a reporting verb): names shaped like a place ("Port X", "X Lane", "X Vale"),
    and names in an organisation or destination context ("X's takeover", "shares of X", "at
    home to X", "X manager Jane Roe", "travel to X")."""
    suspect: set[str] = set()
    for m in mentions:
        if m.parts < 2:
            continue
        words = m.text.casefold().split()
        if (words[0] in PLACE_LEAD_WORDS or words[-1] in PLACE_HEAD_WORDS
                or _organisation_context(doc, m)):
            suspect.add(m.text)
    if not suspect:
        return mentions
    signalled: set[str] = set()
    for m in mentions:
        if m.roles or m.titled or _reporting_subject(doc, m):
            signalled.add(m.text)
    dropped = {t for t in suspect
               if t not in signalled and t.split()[-1] not in signalled}
    return [m for m in mentions if m.text not in dropped]


def _organisation_context(doc: Doc, m: _Mention) -> bool:
    """"X's takeover", "shares of X", "at home to X", "X manager Jane Roe", "travel to X":
    contexts in which a name is a company, club or place."""
    end = m.end
    if end + 1 < len(doc) and doc[end].text in _POSSESSIVE \
            and doc[end + 1].lower_ in ORG_POSSESSED_NOUNS:
        return True
    if m.start >= 2 and (doc[m.start - 2].lower_, doc[m.start - 1].lower_) in ORG_PRECEDING_PHRASES:
        return True
    prep = doc[m.end - 1].head  # "travel to X", "arrived at X": a destination
    if (prep.lower_ in {"to", "at", "in"} and prep.i < m.start and doc[m.end - 1].dep_ == "pobj"
            and prep.head.lemma_.casefold() in MOTION_VERBS):
        return True
    return (end + 1 < len(doc) and doc[end].is_lower and doc[end].text in ROLE_NOUNS
            and doc[end + 1].ent_type_ == "PERSON" and doc[end + 1].ent_iob_ == "B")


def _with_lede_role(doc: ParsedDocument, mentions: list[_Mention]) -> list[_Mention]:
    """``mentions`` with the delayed-identification lede's role (:func:`_lede_role`) given to
    the first name outside the byline."""
    at = next((i for i, m in enumerate(mentions) if not _on_byline_line(doc.text, doc[m.start].idx)),
              None)
    cue = _lede_role(doc, mentions[at]) if at is not None else None
    if cue is None:
        return mentions
    return [*mentions[:at], replace(mentions[at], roles=(*mentions[at].roles, cue)),
            *mentions[at + 1:]]


def _lede_role(doc: ParsedDocument, m: _Mention) -> _RoleCue | None:
    """The delayed-identification lede: a first paragraph that names nobody but describes
    someone by one role ("A court fined a retired ferry pilot ..."), and a second paragraph
    that opens with a full name as the subject ("Ola Brandvik, 61, was ..."). The name gets
    the role ("retired ferry pilot")."""
    if m.parts < 2 or m.roles or not _opens_paragraph(doc, m):
        return None
    lede = _paragraph_before(doc, m.start)
    if any(t.ent_type_ == "PERSON" for t in lede):
        return None
    heads = [t for t in lede if _lede_role_noun(t)]
    if len(heads) != 1 or doc[m.start:m.end].root.dep_ not in {"nsubj", "nsubjpass"}:
        return None
    head = heads[0]
    if not _acted_on_by_institution(head):
        return None
    return _cue(doc[head.left_edge.i:head.i + 1], None, headed=True)


def _opens_paragraph(doc: ParsedDocument, m: _Mention) -> bool:
    """The mention opens a sentence right after a line break (not the text's first words)."""
    return m.start >= 2 and "\n" in doc[m.start - 1].text and doc[m.start].is_sent_start


def _paragraph_before(doc: ParsedDocument, start: int):
    """The tokens of the paragraph ending just before token ``start`` (its line break)."""
    para = start - 1
    while para > 0 and "\n" not in doc[para - 1].text:
        para -= 1
    return doc[para:start - 1]


def _lede_role_noun(tok: Token) -> bool:
    """An indefinite lower-case role or occupation noun ("a former bank clerk"), not a
    relation ("a brother")."""
    return (tok.tag_ == "NN" and tok.is_lower
            and (tok.text in ROLE_NOUNS or _occupation_word(tok))
            and tok.text not in RELATION_NOUNS
            and any(c.dep_ == "det" and c.lower_ in {"a", "an"} for c in tok.children))


def _acted_on_by_institution(head: Token) -> bool:
    """The role noun is what an institution's action falls on ("a jury convicted a ..."), not
    the object of a person's deed ("a gunman shot a nurse")."""
    verb = head.head
    if head.dep_ not in {"dobj", "nsubjpass"} or verb.lemma_.casefold() not in LEDE_ACTION_VERBS:
        return False
    return head.dep_ != "dobj" or not any(
        c.dep_ == "nsubj" and (c.ent_type_ == "PERSON" or c.pos_ == "PRON"
                               or c.lemma_.casefold() in ROLE_NOUNS) for c in verb.children)


def _on_byline_line(text: str, at: int) -> bool:
    line_start = text.rfind("\n", 0, at) + 1
    return text.startswith("By ", line_start)


def _share_coordinated_roles(doc: ParsedDocument, mentions: list[_Mention]) -> list[_Mention]:
    """"Two businessmen, X and Y," gives Y the plural role X received from the apposition
    (passed on along a chain "X, Y and Z")."""
    roles = {m.start: m.roles for m in mentions}
    for m in mentions:
        if m.end < len(doc) and doc[m.end].lower_ == "and" and m.end + 1 in roles:
            for cue in roles[m.start]:
                if cue.plural and cue not in roles[m.end + 1]:
                    roles[m.end + 1] = (*roles[m.end + 1], cue)
    return [replace(m, roles=roles[m.start]) if roles[m.start] != m.roles else m
            for m in mentions]


def _full_and_bare_mentions(doc: ParsedDocument, curated: Curated | None,
                            companies: set[str]) -> list[_Mention]:
    """Every cleaned candidate mention, plus bare uses of known names that NER missed."""
    spans = _candidate_spans(doc) + _curated_spans(doc, curated)
    cleaned = [m for s, e in spans if (m := _clean(doc, s, e)) is not None]
    cleaned += _capitals_byline_mentions(doc)
    mentions: dict[int, _Mention] = {}
    for m in sorted(cleaned, key=lambda m: (-(m.end - m.start), m.start)):
        if not any(_overlaps(m, o) for o in mentions.values()):
            mentions[m.start] = m
    for m in list(mentions.values()):
        if m.parts >= 2 and (_non_person_apposition(doc, m) or m.text in companies):
            del mentions[m.start]
    covered = _covered(mentions.values())
    parts = {t for m in mentions.values() for t in _parts(m.text)}
    for bare in _bare_mentions(doc, parts, covered):
        mentions[bare.start] = bare
    merged = _merge_overlapping([mentions[k] for k in sorted(mentions)], doc)
    return [m for m in _join_adjacent(merged, doc) if m.parts < 2 or m.text not in companies]


def _merge_overlapping(mentions: list[_Mention], doc: Doc) -> list[_Mention]:
    """Two mentions sharing a word are one longer name ("Ana Lima" + "Lima Sousa Reis" ->
    "Ana Lima Sousa Reis": a given name, a family name and a married name NER and the bare-name
    pass each found a piece of). Kept apart when the joined run is not name-shaped."""
    out: list[_Mention] = []
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


def _find_company_forms(doc: Doc) -> set[str]:
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


def _non_person_apposition(doc: Doc, m: _Mention) -> bool:
    """"The operator, X," / "X, a mining company,": the text says X is not a person."""
    title_start, _ = _prenominal(doc, m.start)
    before = _apposition_span_before(doc, title_start)
    if before is not None and before.start > 0 and doc[before.start - 1].pos_ in {
            "ADP", "VERB", "AUX"} and doc[before.start - 1].text not in _BOUNDARY:
        before = None  # "Speaking outside court, X": a clause's object, not an apposition
    for head in (before.root if before is not None else None,
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
    if not tok.text[:1].isupper() or tok.pos_ in _FUNCTION_POS:
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
        if (title or _apposition_before(doc, title_start) or _apposition_after(doc, m.end)
                or _postnominal(doc, m.end)):
            out.append((m.start, m.end))
    return out


_TITLE_HEADS = HONORIFICS | (ROLE_NOUNS & TITLE_WORDS) | frozenset(TITLE_ABBREVIATIONS)


def _titled_spans(doc: Doc) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for tok in doc[:-1]:
        if not (tok.text[:1].isupper() and tok.text.casefold().rstrip(".") in _TITLE_HEADS):
            continue
        end = tok.i + 1
        while (end < len(doc) and end - tok.i <= 3 and doc[end].pos_ == "PROPN"
               and _capitalised_word(doc[end]) and doc[end].ent_type_ not in _OTHER_ENTS
               and doc[end].text.casefold() not in TITLE_WORDS | NON_PERSON_WORDS):
            end += 1
        if end > tok.i + 1:
            out.append((tok.i, end))
    return out


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
    "By Ana Ruiz and Ito Ken", "By Ana Ruiz in Lima", "By Ana Ruiz, Harbour Wire". Every part
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
#: A byline name in capitals (2-4 words), then perhaps the outlet: "ANA RUIZ Harbour Wire".
_CAPS_BYLINE = re.compile(rf"^((?:[{_CAP}][{_CAP}'’-]+ ){{1,3}}[{_CAP}][{_CAP}'’-]+)"
                          r"(?:\s*[,|/–—-]?\s*(.+))?$")


def _capitals_byline_mentions(doc: Doc) -> list[_Mention]:
    """A byline name written in capitals, perhaps run on into the outlet without a comma
    ("By ANA RUIZ", "By ANA RUIZ Harbour Wire"): the name, written with initial capitals."""
    out: list[_Mention] = []
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
                out.append(_Mention(span.start, span.end, written))
    return out


def _byline_role(part: str) -> bool:
    """"Resources Reporter", "Chief Political Correspondent": a capitalised job title after a
    byline name."""
    words = part.split()
    return (0 < len(words) <= 5 and all(w[:1].isupper() for w in words)
            and words[-1].casefold() in ROLE_NOUNS)


def _byline_author_role(doc: ParsedDocument, m: _Mention, authors: set[int]) -> _RoleCue | None:
    """The author named on a "By" line writes the story: their role is the job title the line
    gives after the name ("By Ana Ruiz, Labour Reporter"), else "reporter"."""
    if m.start not in authors:
        return None
    text = doc.text
    end = doc[m.end - 1].idx + len(doc[m.end - 1].text)
    line_end = text.find("\n", end)
    rest = text[end:line_end if line_end >= 0 else len(text)]
    first = next(iter(filter(None, _BY_SEPARATOR.split(_BY_PLACE.sub("", rest)))), "").strip()
    return _RoleCue(first if first and _byline_role(first) else "reporter")


def _byline_author_starts(doc: Doc) -> set[int]:
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


# ----------------------------------------------------------------------------------------------
# Cleaning a candidate span


def _clean(doc: Doc, start: int, end: int) -> _Mention | None:
    """Trim titles, possessives and punctuation; re-join hyphenated given names; reject
    spans that are not name-shaped."""
    first = start
    while start < end and (_strip_left(doc[start]) or _rank_after_title(doc, first, start, end)):
        start += 1
    if start == first and end - start >= 2:
        for _ in range(2):  # "Ana" + "Lima Sousa"; "Ana" + "Lima" + "Sousa Reis-Melo"
            if not _given_before(doc, start, end):
                break
            start -= 1
    while end > start and (doc[end - 1].text in _POSSESSIVE or doc[end - 1].is_punct):
        end -= 1
    # a lower-case word NER ran on with ("Ana Lima de facto"); "Min-ji" is one word
    while end - start > 1 and doc[end - 1].is_lower and doc[end - 2].whitespace_:
        end -= 1
    # letters of office after the name ("Mary Roe TD"): a role, not a name part
    while end - start > 2 and _postnominal_token(doc[end - 1]):
        end -= 1
    end = _extend_right(doc, start, end)
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
    return _Mention(start, end, re.sub(r"\s+", " ", text))


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
    if tok.is_punct or tok.text in _POSSESSIVE or low in {"the", "a", "an"}:
        return True
    if _sentence_function_word(tok):
        return True
    if low in NOT_STRIPPED_TITLES:
        return False
    if tok.text[:1].isupper() and (low in ROLE_NOUNS or low in TITLE_ABBREVIATIONS):
        return True
    return low in HONORIFICS or (low in TITLE_WORDS and low not in _CONNECTORS)


def _extend_right(doc: Doc, start: int, end: int) -> int:
    """Re-join "Min" "-" "seo" and add name parts NER cut off: short name-shaped tokens
    ("Lee Min" + "Ho"), a hyphenated given name whatever its tags ("Lee" + "Do-hun"), the third
    syllable of a family-name-first name ("Tran Van" + "Khoa") and a particle with the family
    name after it ("Ana Fontes" + "de Souza")."""
    while end < len(doc):
        nxt = doc[end]
        if (nxt.text in {"-", "‐", "‑"} and end + 1 < len(doc) and not doc[end - 1].whitespace_
                and not nxt.whitespace_ and doc[end + 1].is_alpha):
            end += 2
            continue
        if end > start and doc[end - 1].whitespace_ and _hyphenated_given(doc, start, end):
            end += 3
            continue
        if (end - start < 3 and nxt.is_alpha and nxt.is_title and nxt.pos_ == "PROPN"
                and nxt.ent_type_ in {"", "PERSON"} and doc[end - 1].whitespace_
                and not _not_a_name_word(nxt) and len(nxt.text) <= 4):
            end += 1
            continue
        if end > start and doc[end - 1].whitespace_ and _third_syllable(doc, start, end):
            end += 1
            continue
        if end > start and doc[end - 1].whitespace_ and _two_syllables(doc, start, end):
            end += 2
            continue
        linked = _particle_link(doc, end) if end > start and doc[end - 1].whitespace_ else None
        if linked is not None and linked - start <= 5:
            end = linked
            continue
        break
    return end


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
    if word.ent_type_ in _OTHER_ENTS and i + 1 < len(doc) and doc[i + 1].ent_iob_ == "I":
        return None  # "de Banco Atlântico": a particle before a multi-word organisation
    if doc[end].text in {"y", "e"}:
        starts_person = word.ent_iob_ == "B" and word.ent_type_ == "PERSON"
        more = i + 1 < len(doc) and doc[i + 1].is_title and doc[i + 1].pos_ == "PROPN"
        if starts_person or more or i - end != 1:
            return None
    return i + 1


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


def _roles_for(doc: ParsedDocument, m: _Mention, authors: set[int]) -> list[_RoleCue]:
    author = _byline_author_role(doc, m, authors)
    if author is not None:
        return [author]
    cues: list[_RoleCue] = []
    title_start, title = _prenominal(doc, m.start)
    if title:
        cues.append(title)
    before = _apposition_before(doc, title_start) or _definite_epithet(doc, title_start, m)
    if before:
        cues.append(before)
    post = _postnominal(doc, m.end)
    if post:
        cues.append(post)
        after = _apposition_after(doc, m.end + 1)
    else:
        after = _apposition_after(doc, m.end)
    if after:
        cues.append(after)
    described = _relative_object_apposition(doc, m.end)
    if described:
        cues.append(described)
    return cues


def _relative_object_apposition(doc: Doc, end: int) -> _RoleCue | None:
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
    while j < len(doc) and doc[j].text not in _BOUNDARY and j - end < 14:
        j += 1
    if j >= len(doc) or doc[j].text != "," or j == end + 3:
        return None
    span = _apposition_span_after(doc, j)
    if (span is None or span.root.lemma_.casefold() not in NON_PERSON_NOUNS
            or any(t.ent_type_ == "PERSON" for t in span)):
        return None
    described = span.text if span[0].lower_ == "the" else _phrase_text(span)
    return _RoleCue(f"{noun} of {described}")


def _postnominal(doc: Doc, end: int) -> _RoleCue | None:
    """Letters of office written after the name ("Mary Roe TD", "Ali Khan MP")."""
    if end < len(doc) and _postnominal_token(doc[end]):
        return _RoleCue(doc[end].text)
    return None


def _postnominal_token(tok: Token) -> bool:
    return tok.is_upper and tok.is_alpha and tok.text.casefold() in POSTNOMINAL_TITLES


def _definite_epithet(doc: Doc, start: int, m: _Mention) -> _RoleCue | None:
    """"The Ombudsman, Jane Roe, said": a clause opening with "the" and one singular noun the
    lexicon does not know, then the name set off by commas and parsed as in apposition to it.
    The noun is what the text calls the person."""
    span = _apposition_span_before(doc, start)
    if span is None or len(span) != 2 or span[0].lower_ != "the":
        return None
    word = span[1]
    low = word.text.casefold()
    if (not word.is_alpha or word.pos_ not in {"NOUN", "PROPN"} or word.ent_type_
            or word.tag_ in {"NNS", "NNPS"} or low in NON_PERSON_NOUNS
            or word.lemma_.casefold() in NON_PERSON_NOUNS or low in NON_PERSON_WORDS
            or low in HONORIFICS or low in NOT_NAMES):
        return None
    if span.start > word.sent.start and doc[span.start - 1].text not in _BOUNDARY:
        return None
    after = m.end + 1 if _postnominal(doc, m.end) else m.end
    if after >= len(doc) or doc[after].text != ",":
        return None
    if not any(t.dep_ == "appos" and t.head.i == word.i for t in doc[start:m.end]):
        return None
    return _RoleCue(word.text)


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
    if tok.text[:1].isupper() and low in TITLE_ABBREVIATIONS:
        return True  # "Cllr", "Supt"
    if _abbreviation_dot(tok):
        return True
    if tok.text in {"-", "‐"} and not tok.whitespace_:
        return True
    return tok.text[:1].isupper() and tok.ent_type_ in {"GPE", "NORP", "ORG", "LOC"}


def _prenominal(doc: Doc, start: int) -> tuple[int, _RoleCue | None]:
    """Title words right before the name: "Chilean Foreign Minister", "Park's brother".
    Returns (first token of the title or ``start``, cue)."""
    i = start
    while i > 0 and (_honorific(doc[i - 1]) or (
            i > 1 and _abbreviation_dot(doc[i - 1]) and _honorific(doc[i - 2]))):
        i -= 1  # "chairman | Sir X", "Professor | Dr. X"
    start = i
    possessor: int | None = None
    if i > 0 and doc[i - 1].text.casefold() in {"and", "or", "&"}:
        return (start, None)  # "Ali Khan MP and | Mary Roe": coordinated, not titled
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
        if not (_title_token(tok) or compound) or _ends_other_description(doc, tok):
            break
        i -= 1
    while i < start and (doc[i].text.casefold() in _CONNECTORS or doc[i].is_punct):
        if possessor is not None and i == possessor:
            break
        i += 1
    if possessor is not None and i > possessor:
        possessor = None
    i = _past_indefinite_relation(doc, i, start)
    span = doc[i:start]
    if not len(span):
        return (start, None)
    cue = _cue(span, possessor)
    if (cue is None and span[-1].lower_ == "international"
            and any(t.ent_type_ in {"GPE", "NORP"} for t in span[:-1])):
        cue = _RoleCue(_phrase_text(span))  # "a Ghana international X": a national player
    return (i, cue)


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
    """A connector a title never spans: "sister of | North Korean leader X" (a relation
    noun describes someone else), "her brother and | U.S. President X" (a lower-case
    word before "and")."""
    low = connector.text.casefold()
    if low not in _CONNECTORS or connector.i == 0:
        return False
    prev = doc[connector.i - 1]
    if prev.is_lower and prev.text in RELATION_NOUNS:
        return True
    return low in {"and", "or"} and not prev.text[:1].isupper()


def _cue(span: Span, possessor: int | None, *, headed: bool = False) -> _RoleCue | None:
    """A role cue from a phrase, if it has a role noun ("Peru's ambassador to Chile"); with
    ``headed`` the phrase's syntactic head must be the role noun (appositions)."""
    words = [t for t in span if not (t.is_punct and t.text not in {"-", "‐"})]
    if not words:
        return None
    heads = [t for t in words if t.text.casefold().rstrip(".") in ROLE_NOUNS
             or t.text.casefold().rstrip(".") in TITLE_ABBREVIATIONS
             or (t.tag_ in {"NNS", "NNPS"} and t.lemma_.casefold() in ROLE_NOUNS)
             or _occupation_word(t)]
    if headed:
        heads = [t for t in heads if t == span.root or _same_word(span.root, t)]
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


_OCCUPATION_SUFFIX = re.compile(r"(?:ologist|ographer|ician|icist|iatrist|ometrist)s?$")


def _occupation_word(tok: Token) -> bool:
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
    if tok.text in _BOUNDARY or (tok.is_punct and tok.text not in {"-", "‐"} | _POSSESSIVE):
        return False
    if _after_hyphen(tok):
        return tok.is_alpha
    if tok.pos_ == "ADP":
        return tok.text.casefold() in _CONNECTORS | {"at", "from", "with"}
    if tok.pos_ == "VERB" and tok.tag_ in {"VBG", "VBN"} and tok.dep_ in {"amod", "compound"}:
        return True  # "the ruling party", "an elected member"
    return tok.pos_ in _NP_POS or tok.text in _POSSESSIVE or tok.tag_ == "PRP$"


def _after_hyphen(tok: Token) -> bool:
    """The second half of a word written with a hyphen ("based" in "Lagos-based")."""
    return (tok.i >= 2 and tok.doc[tok.i - 1].text in {"-", "‐", "‑"}
            and not tok.doc[tok.i - 1].whitespace_ and not tok.doc[tok.i - 2].whitespace_)


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
    if (first.lower_ in COURT_SIDE_WORDS and end + 2 < len(doc)
            and doc[end + 2].text in {",", ";", ")", "—", "–"}):
        return _RoleCue(first.lower_)  # "X, defending, said ...": counsel for one side
    span = _apposition_span_after(doc, end) or _apposition_head_span(doc, end)
    if span is None:
        return None
    if any(t.ent_type_ == "PERSON" for t in span) and not any(t.text in _POSSESSIVE for t in span):
        return _relation_of_person(span)
    cue = _cue(span, None, headed=True)
    if cue is None and _party_or_nationality(span):
        cue = _RoleCue(_phrase_text(span))
    return cue


def _relation_of_person(span: Span) -> _RoleCue | None:
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
    return _RoleCue(_phrase_text(span), relation=relation, possessor=names[-1].i)


def _party_or_nationality(span: Span) -> bool:
    """"X, a Democrat from Oregon," / "X, a Social Democrat,": an indefinite apposition headed
    by a party or nationality noun (the model's NORP) says what the person is."""
    root = span.root
    return (span[0].lower_ in {"a", "an"} and root.pos_ == "PROPN" and root.ent_type_ == "NORP"
            and root.text[:1].isupper())


def _apposition_head_span(doc: Doc, end: int) -> Span | None:
    """"X, the front-runner to become ...,": when the apposition runs on past a plain noun
    phrase, the part up to the noun the parser attaches to the name as an apposition."""
    j = end + 1
    while j < len(doc) and j - end < 8 and _np_token(doc[j]):
        tok = doc[j]
        if tok.dep_ == "appos" and tok.head.i == end - 1 and tok.pos_ == "NOUN":
            return doc[end + 1:j + 1]
        j += 1
    return None


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


def _group(doc: ParsedDocument, mentions: Sequence[_Mention], curated: Curated | None,
           companies: set[str]) -> list[_Cluster]:
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
    other_texts = _other_entity_texts(doc, companies)
    by_text: dict[str, list[_Mention]] = {}
    for m in mentions:
        by_text.setdefault(m.text, []).append(m)
    # "Park's brother Park Ji-ho": the text calls someone else "Park", everywhere
    not_named: dict[str, set[int]] = {}
    for m in mentions:
        not_named.setdefault(m.text, set()).update(possessed.get(m.start, set()))
    for m in (m for m in mentions if m.parts < 2):
        home = _attach_bare(m, clusters, not_named[m.text], curated)
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
        words = [m.text.casefold().split() for m in c.full]
        homes = [k for k in kept if all(any(_contains(o.text.casefold().split(), w)
                                            for o in k.full) for w in words)]
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
    """The full-name person a bare name belongs to, or None when unknown. When several
    carry it: the one whose full name was written last before it ("Ana Ruiz ... Luis Ruiz
    said ... Ruiz added" -> Luis), else the most prominent."""
    candidates = [c for c in clusters if c.full and _carries(c, m.text)]
    if not candidates and curated:
        entry = curated.find(m.text)
        if entry is not None:
            candidates = [c for c in clusters if c.full
                          and any(same_person(entry.name, o.text) or entry.matches(o.text)
                                  for o in c.full)]
    candidates = [c for c in candidates if not any(o.start in excluded for o in c.full)]
    exact = [c for c in candidates if _carries(c, m.text, exact=True)]
    candidates = exact or candidates
    if len(candidates) <= 1:
        return candidates[0] if candidates else None
    before = [(max(o.start for o in c.full if o.start < m.start), i)
              for i, c in enumerate(candidates) if any(o.start < m.start for o in c.full)]
    if before:
        return candidates[max(before)[1]]
    return max(candidates, key=lambda c: (len(c.full), -c.first))


def _carries(c: _Cluster, bare: str, *, exact: bool = False) -> bool:
    """Does a full name of ``c`` carry ``bare``: as any of its parts written the same way
    (accents and case aside), or as a romanisation variant of a family name at either end
    ("Rhee" for "Lee Min-ho"; never a given-name syllable: "Jong" is not "Chung")."""
    key = name_key(bare)
    for o in c.full:
        parts = _parts(o.text)
        if any(name_key(part) == key for part in parts):
            return True
        if not exact and parts and any(same_surname(end, bare) for end in (parts[0], parts[-1])):
            return True
    return False


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


def _other_entity_texts(doc: ParsedDocument, companies: set[str]) -> set[str]:
    """Texts the document labels as places, organisations and other non-person entities."""
    return {e.text for e in doc.ents if e.label_ in _OTHER_ENTS} | companies


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
