"""The person mentions of one document, indexed for span, recency, name and role look-ups.

:func:`index_mentions` builds a :class:`MentionIndex` once per document from the people
extractor's :class:`~digests.models.Person` spans: short mentions re-credited to the person
whose own name they are, mentions inside quotations and in subject position marked, genders
inferred from the text, and proper nouns that name a known person without being marked.
"""
from __future__ import annotations

import bisect
import re
from collections.abc import Sequence

from ..models import Person
from ..names import name_words
from . import lexicon
from ._gender import infer_genders, strong_gender_votes
from ._layout import containing, paragraph_index
from ._offices import office_words
from .parsed import SUBJECT_DEPS as _SUBJECT_DEPS
from .parsed import Mention as _Mention
from .parsed import ParsedDocument, as_parsed

__all__ = ["MentionIndex", "index_mentions", "is_possessive", "served_office_name", "span_text",
           "subject_span"]


def _rekey(text: str, mentions: list[_Mention], people: Sequence[Person]) -> list[_Mention]:
    """Give a mention to the person whose own name it is.

    A short mention ("Varga") credited to a person whose name does not contain those words
    ("Ilona Petrov", a spelling-variant guess) belongs to the one other person whose name
    starts or ends with exactly those words ("Varga Marek")."""
    names = {p.key: name_words(p.name) for p in people}
    out = []
    for m in mentions:
        words = name_words(text[m.start : m.end])
        own = f" {names.get(m.key, '')} "
        if words and f" {words} " not in own:
            others = {
                k for k, n in names.items()
                if k != m.key and (n.startswith(words + " ") or n.endswith(" " + words))
            }
            if len(others) == 1:
                m = _Mention(m.start, m.end, others.pop())
        out.append(m)
    return out


def _rekey_shared(doc, mentions: list[_Mention], people: Sequence[Person],
                  subjects: frozenset[int], quoted: frozenset[int]) -> list[_Mention]:
    """Give a short mention that fits several people ("Kim" for two Kims of one family) to
    the most salient of them, as a reader would.

    Going back paragraph by paragraph, the first paragraph that names any of them decides:
    the most recent of them there in subject position ("X, who ..., is seen as acting for
    her cousin, Y" -> X). A paragraph naming them only in object or oblique positions, or a
    title at the mention itself ("Mrs Kim"), leaves the people extractor's choice."""
    names = {p.key: [name_words(n).split() for n in (p.name, *p.aliases)] for p in people}

    def fits(words: list[str], key: str) -> bool:
        n = len(words)
        return any(len(name) > n and (name[:n] == words or name[-n:] == words)
                   or name == words for name in names[key])

    bounds = doc.paragraphs
    out: list[_Mention] = []
    for m in mentions:
        words = name_words(doc.text[m.start : m.end]).split()
        shared = {k for k in names if fits(words, k)} if words else set()
        if len(shared) < 2 or m.key not in shared or any(strong_gender_votes(doc, m).values()):
            out.append(m)
            continue
        first = None  # the nearest paragraph before naming any of them
        for e in reversed(out):
            if e.key not in shared or e.end > m.start or e.start in quoted:
                continue
            if is_possessive(doc, e):
                continue
            para = paragraph_index(bounds, e.start) if bounds else 0
            if first is None:
                first = para
            elif para != first:
                break
            if e.start in subjects:
                m = _Mention(m.start, m.end, e.key)
                break
        out.append(m)
    return out


def _in_subject_position(doc, m: _Mention, quoted: Sequence[tuple[int, int]]) -> bool:
    """True when the mention is (in apposition to, or coordinated with) the subject of a verb,
    outside quotations: "X said", "The envoy, X, said", "X and Y met"."""
    if containing(quoted, m.start) is not None:
        return False
    span = doc.char_span(m.start, m.end, alignment_mode="expand")
    if span is None:
        return False
    root = span.root
    if root.dep_ in _SUBJECT_DEPS:
        return True
    if served_office_name(root) and root.head.head.dep_ in _SUBJECT_DEPS:
        return True
    return root.dep_ in ("appos", "conj") and root.head.dep_ in _SUBJECT_DEPS


def served_office_name(root) -> bool:
    """ "MP for Lakeside Ann Roe said": the parser hangs the name (``root``, its head word)
    from "for" as the place the office serves, but the office with its place is the name's
    title: the name stands where the office does (the subject, when the office is)."""
    prep = root.head
    if root.dep_ != "pobj" or prep.lower_ != "for" or prep.dep_ != "prep":
        return False
    office = prep.head
    if office.lower_.rstrip(".") not in (
            lexicon.POSTNOMINAL_TITLES | lexicon.OFFICES_FOR_A_PLACE):
        return False
    return all(t.is_title or t.is_upper for t in root.doc[prep.i + 1 : root.i + 1])


class MentionIndex:
    """Person mentions of one document, sorted by position, for span and recency look-ups.

    Built once per document by :func:`index_mentions` (``doc`` None: positions only, no
    re-crediting, quotation, subject, gender or unmarked-name analysis)."""

    def __init__(self, people: Sequence[Person], doc: ParsedDocument | None = None) -> None:
        mentions = sorted((_Mention(s, e, p.key) for p in people for s, e in p.mentions),
                          key=lambda m: (m.start, m.end))
        if doc is not None:
            doc = as_parsed(doc, "MentionIndex")
        quoted = doc.quoted_ranges if doc is not None else ()
        if doc is not None:
            mentions = _rekey(doc.text, mentions, people)
        #: mentions inside quotations (by start offset): talked about, not talking
        self.quoted: frozenset[int] = frozenset(
            m.start for m in mentions if containing(quoted, m.start) is not None
        )
        #: mentions in subject position (by start offset), for pronoun salience
        self.subjects: frozenset[int] = frozenset(
            m.start for m in mentions if doc is not None and _in_subject_position(doc, m, quoted)
        )
        if doc is not None:
            mentions = _rekey_shared(doc, mentions, people, self.subjects, self.quoted)
        self._mentions = mentions
        self._starts = [m.start for m in mentions]
        self._names = [
            (" ".join(n.split()).casefold(), p.key) for p in people for n in (p.name, *p.aliases)
        ]
        self._roles = {
            p.key: [office_words(re.findall(r"[\w'’-]+", r.casefold())) for r in p.roles]
            for p in people
        }
        self.genders: dict[str, str] = (
            infer_genders(doc, mentions, self.subjects, quoted) if doc is not None else {}
        )
        #: proper nouns naming a known person without being marked: (starts, (mention,
        #: in subject position)) in text order (see :func:`_scan_unmarked_names`)
        self.unmarked: tuple[list[int], list[tuple[_Mention, bool]]] = (
            _scan_unmarked_names(doc, self) if doc is not None else ([], []))

    def __bool__(self) -> bool:
        return bool(self._mentions)

    def by_name(self, name: str) -> str | None:
        """The key of the one person whose name or alias ends with the word(s) ``name``
        (a surname the people extractor did not mark as a mention), or whose full name it is
        with the spaces lost ("AnnRoe"), else None."""
        wanted = " ".join(name.split()).casefold()
        if not wanted:
            return None
        keys = {k for n, k in self._names if n == wanted or n.endswith(" " + wanted)}
        if not keys and " " not in wanted:  # "AnnRoe": a full name run together (scraped text)
            keys = {k for n, k in self._names if " " in n and n.replace(" ", "") == wanted}
        return keys.pop() if len(keys) == 1 else None

    def by_role(self, words: Sequence[str], pos: int) -> _Mention | None:
        """The most recent mention before ``pos`` of a person with a role holding all of
        ``words`` ("the minister" -> "Transport Minister Ana Lopes")."""
        wanted = [w.casefold() for w in words]
        if not wanted:
            return None
        # the head noun may be any word of its synonym group ("the envoy" -> "representative")
        # (a person holding the very word wins over one holding a synonym)
        rest = wanted[1:]
        synonyms = {wanted[0]}.union(*(g for g in lexicon.ROLE_SYNONYMS if wanted[0] in g),
                                     lexicon.ROLE_GENERALISATIONS.get(wanted[0], ()))
        for heads in ({wanted[0]}, synonyms):
            for m in self.before(pos):
                if any(not heads.isdisjoint(role) and all(w in role for w in rest)
                       for role in self._roles.get(m.key, ())):
                    return m
        return None

    def named_after(self, words: Sequence[str], pos: int, *, reach: int) -> _Mention | None:
        """The first mention after ``pos``, within ``reach`` characters, of a person whose
        role holds all of ``words`` with the very head word (no synonym): a description
        that opens an article before it names its holder ("The mayor said Tuesday ... Mayor
        Ana Lopes said")."""
        wanted = [w.casefold() for w in words]
        if not wanted:
            return None
        i = bisect.bisect_right(self._starts, pos)
        for m in self._mentions[i:]:
            if m.start > pos + reach:
                return None
            if any(all(w in role for w in wanted) for role in self._roles.get(m.key, ())):
                return m
        return None

    def within(self, start: int, end: int) -> list[_Mention]:
        """Mentions that overlap the character span ``[start, end)``, in text order."""
        i = bisect.bisect_left(self._starts, start)
        # a mention starting just before ``start`` may still overlap it
        j = max(0, i - 1)
        return [m for m in self._mentions[j:] if m.start < end and m.end > start]

    def before(self, pos: int, *, floor: int = 0) -> list[_Mention]:
        """Mentions ending by ``pos`` and starting at or after ``floor``, nearest first."""
        i = bisect.bisect_right(self._starts, pos)
        found = [m for m in self._mentions[:i] if m.end <= pos and m.start >= floor]
        return list(reversed(found))


def span_text(doc, start: int, end: int) -> str:
    return doc.text[start:end].strip(" ,;:\"'“”‘’")


def is_possessive(doc, mention: _Mention) -> bool:
    after = doc.text[mention.end : mention.end + 2]
    return after in ("'s", "’s") or after[:1] in ("'", "’") and doc.text[mention.end - 1] == "s"


def subject_span(token) -> tuple[int, int]:
    """Character span of a subject noun phrase, without relative clauses or long appositions."""
    left = token.left_edge
    right = token
    for child in token.rights:
        if child.dep_ in ("relcl", "acl", "punct", "cc", "conj") or child.text in (",", "("):
            break
        right = child.right_edge
    start, end = left.idx, right.idx + len(right.text)
    return start, end


def _scan_unmarked_names(doc, index: MentionIndex) -> tuple[list[int], list[tuple[_Mention, bool]]]:
    """Proper nouns outside quotations that are not marked as mentions but name one known
    person ("De Vries, a former judge, spoke ..." when only "Ann de Vries" was marked), once
    per document: the token offsets and ``(mention, in subject position)``. A name outside
    subject position counts only when it heads its phrase and does not follow a preposition
    of place ("In Lima, ...")."""
    quoted = doc.quoted_ranges
    starts: list[int] = []
    names: list[tuple[_Mention, bool]] = []
    for tok in doc:
        if tok.pos_ != "PROPN":
            continue
        if containing(quoted, tok.idx) is not None:
            continue  # talked about, not talking
        is_subject = tok.dep_ in _SUBJECT_DEPS
        if not is_subject and (tok.dep_ in ("compound", "flat") or (
                tok.dep_ == "pobj" and tok.head.lower_ in lexicon.PLACE_PREPOSITIONS)):
            continue
        if index.within(tok.idx, tok.idx + len(tok.text)):
            continue
        s, e = subject_span(tok)
        key = index.by_name(span_text(doc, s, e)) or index.by_name(tok.text)
        if key is not None:
            starts.append(tok.idx)
            names.append((_Mention(s, e, key), is_subject))
    return starts, names


def index_mentions(doc: ParsedDocument, people: Sequence[Person]) -> MentionIndex:
    """The :class:`MentionIndex` of a parsed document for its ``people``."""
    return MentionIndex(tuple(people), doc)
