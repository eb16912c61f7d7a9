"""Who says something: speaker attribution shared by the quotes and open-questions extractors.

Given a parsed spaCy ``Doc`` and the people the people extractor found in it, this module finds
who is credited with a statement:

* the subject of a reporting verb ("X said", "X warned", "X told the radio"), in the sentence
  itself or a neighbouring one;
* "according to X";
* pronoun subjects (he/she/they), mapped by salience to a compatible person mentioned before
  them in the same or the two previous paragraphs: the most recent person in subject position
  ("X said ...") wins over more recent persons in object or oblique positions ("... a summit
  between her brother and Y"), unless only such a person is known to fit the pronoun's gender
  (a person the text shows to be a woman is not "he", and vice versa); a person named only
  to describe another ("X, the sister of Y") gives way to that other, and a name form the
  people extractor did not mark ("For al-Haddad, ...") still counts;
* a definite role phrase ("the minister said") stands for the person named before with
  that role ("Transport Minister Ana Lopes"); "the 27-year-old" for the person named before
  with that age ("X, 27,"), else like a pronoun;
* a person the subject is described by ("the sister of X said") is not the speaker;
* a short name several people share ("Kim" for two of one family) is read as the most
  salient of them (the latest in subject position), as a reader would;
* an object pronoun never stands for the subject of its own verb ("X accused her") when
  genders are learnt from the text;
* unnamed or collective speakers ("an official", "state media", "people in the queue") become
  ``Speaker(key=None, text=...)``;
* a trailing ", reports Coastline Radio" names the outlet that carried the story, never
  the speaker;
* what a place or body is said to have said, told by a named person ("the spokeswoman added
  that Oslo urged "..."") is credited to that person.

Everything is computed from the parse and :class:`digests.models.Person` mention spans; there is
no knowledge of particular people or places.
"""
from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass
from typing import TypeVar

from ..models import Person
from ..names import name_words
from . import lexicon

T = TypeVar("T")

_SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
_MAX_SPEAKER_WORDS = 8
#: The opening of an interview turn: "-- question", "Q: ...", "A: ...", "NOVAK: ...". Group 1 is
#: the label (None for a dash).
TRANSCRIPT_LABEL = re.compile(r"^\s*(?:--+|—|–)\s*|^\s*([A-Za-z][\w .'’-]{0,40}?)\s*:\s+")
#: A line that starts a new interview turn even without a blank line before it: a dash or an
#: upper-case label ("Q:", "A:", "NOVAK:"), never an ordinary wrapped line ("he said: ...").
_TURN_START = re.compile(r"^\s*(?:--+|—|–|[A-Z][A-Z .'’-]{0,30}:\s)")
#: A line ending a sentence (possibly inside closing quotes or brackets).
_SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*\s*$")
#: How many paragraphs back a pronoun may look for the person it stands for.
_PRONOUN_PARAGRAPHS = 2


@dataclass(frozen=True, slots=True)
class Speaker:
    """Who is credited with a statement: ``key`` is the local ``Person.key`` of a named person
    or None; ``text`` is how the text names them ("Lopes", "an official", "state media")."""

    key: str | None
    text: str | None


@dataclass(frozen=True, slots=True)
class _Mention:
    start: int
    end: int
    key: str


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
    the most recent of them there in subject position ("X, who ..., is seen as speaking for
    her brother, Y" -> X). A paragraph naming them only in object or oblique positions, or a
    title at the mention itself ("Mrs Kim"), leaves the people extractor's choice."""
    names = {p.key: [name_words(n).split() for n in (p.name, *p.aliases)] for p in people}

    def fits(words: list[str], key: str) -> bool:
        n = len(words)
        return any(len(name) > n and (name[:n] == words or name[-n:] == words)
                   or name == words for name in names[key])

    bounds = paragraph_bounds(doc.text)
    out: list[_Mention] = []
    for m in mentions:
        words = name_words(doc.text[m.start : m.end]).split()
        shared = {k for k in names if fits(words, k)} if words else set()
        if len(shared) < 2 or m.key not in shared or any(_strong_gender_votes(doc, m).values()):
            out.append(m)
            continue
        first = None  # the nearest paragraph before naming any of them
        for e in reversed(out):
            if e.key not in shared or e.end > m.start or e.start in quoted:
                continue
            if _is_possessive(doc, e):
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
    return root.dep_ in ("appos", "conj") and root.head.dep_ in _SUBJECT_DEPS


class MentionIndex:
    """Person mentions of one document, sorted by position, for span and recency look-ups."""

    def __init__(self, people: Sequence[Person], doc=None) -> None:
        mentions = [_Mention(s, e, p.key) for p in people for s, e in p.mentions]
        mentions.sort(key=lambda m: (m.start, m.end))
        if doc is not None:
            mentions = _rekey(doc.text, mentions, people)
        self._mentions = mentions
        self._starts = [m.start for m in mentions]
        self._names = [
            (" ".join(n.split()).casefold(), p.key) for p in people for n in (p.name, *p.aliases)
        ]
        self._roles = {
            p.key: [frozenset(re.findall(r"[\w'’-]+", r.casefold())) for r in p.roles]
            for p in people
        }
        quoted = _quoted_ranges(doc.text) if doc is not None else []
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
        self.genders: dict[str, str] = (
            infer_genders(doc, mentions, self.subjects, quoted) if doc is not None else {}
        )

    def __bool__(self) -> bool:
        return bool(self._mentions)

    def by_name(self, name: str) -> str | None:
        """The key of the one person whose name or alias ends with the word(s) ``name``
        (a surname the people extractor did not mark as a mention), else None."""
        wanted = " ".join(name.split()).casefold()
        if not wanted:
            return None
        keys = {k for n, k in self._names if n == wanted or n.endswith(" " + wanted)}
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
        synonyms = {wanted[0]}.union(*(g for g in lexicon.ROLE_SYNONYMS if wanted[0] in g))
        for heads in ({wanted[0]}, synonyms):
            for m in self.before(pos):
                if any(not heads.isdisjoint(role) and all(w in role for w in rest)
                       for role in self._roles.get(m.key, ())):
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


class CachedDoc:
    """A parsed spaCy ``Doc`` whose text and entities are computed once.

    spaCy rebuilds ``Doc.text`` from every token on each access (and ``Doc.ents`` from the
    entity tags), so code that reads them per sentence or per mention becomes quadratic in the
    document length. Everything else is delegated to the wrapped ``Doc``."""

    __slots__ = ("doc", "text", "ents")

    def __init__(self, doc) -> None:
        self.doc = doc
        self.text: str = doc.text
        self.ents = tuple(doc.ents)

    def __getattr__(self, name: str):
        return getattr(self.doc, name)

    def __getitem__(self, item):
        return self.doc[item]

    def __len__(self) -> int:
        return len(self.doc)

    def __iter__(self):
        return iter(self.doc)


#: Key of Briefbot's per-document memo in ``Doc.user_data``.
_MEMO = "briefbot.extract"


def memoised(doc, key: Hashable, build: Callable[[], T]) -> T:
    """``build()``, computed once per parsed document and ``key``.

    Several extractors need the same derived structures (the quotations, the mention index):
    they are kept in the ``Doc``'s own ``user_data`` so that each is computed once per document
    however many extractors ask, and is dropped with the ``Doc``. ``key`` must identify every
    input besides the document (e.g. the ``people`` tuple)."""
    raw = doc.doc if isinstance(doc, CachedDoc) else doc
    user_data = getattr(raw, "user_data", None)
    if not isinstance(user_data, dict):
        return build()
    memo = user_data.setdefault(_MEMO, {})
    if key not in memo:
        memo[key] = build()
    return memo[key]


def cached(doc) -> CachedDoc:
    """``doc`` wrapped in a :class:`CachedDoc`, once per document."""
    if isinstance(doc, CachedDoc):
        return doc
    return memoised(doc, "cached-doc", lambda: CachedDoc(doc))


def mention_index(doc, people: Sequence[Person]) -> MentionIndex:
    """The :class:`MentionIndex` of ``doc`` for ``people``, built once per document."""
    people = tuple(people)
    return memoised(doc, ("mentions", people), lambda: MentionIndex(people, cached(doc)))


def tokens_between(doc, start: int, end: int):
    """The tokens whose start falls in the character range ``[start, end)``."""
    if end <= start:
        return []
    span = doc.char_span(start, end, alignment_mode="expand")
    return [t for t in span if start <= t.idx < end] if span is not None else []


def require_doc(doc, caller: str) -> None:
    """Raise a clear ``TypeError`` unless ``doc`` is a parsed spaCy ``Doc`` (with sentences)."""
    # look the attributes up on the type: ``Doc.text`` rebuilds the text on every access
    kind = type(doc)
    if not isinstance(doc, CachedDoc) and not all(
            hasattr(kind, a) for a in ("sents", "text", "char_span")):
        raise TypeError(
            f"{caller}() expects a parsed spaCy Doc (digests.nlp.parse), got {type(doc).__name__}"
        )


# ----------------------------------------------------------------------------------------------
# Gender evidence (only to keep "she" from resolving to a man and vice versa)


def _gender_word(word: str) -> str | None:
    word = word.lower()
    if word in lexicon.MALE_WORDS:
        return "m"
    if word in lexicon.FEMALE_WORDS:
        return "f"
    return None


def _quoted_ranges(text: str) -> list[tuple[int, int]]:
    from .quotes import find_quoted_spans  # local import: quotes builds on this module

    return [(s.open, s.close + 1) for s in find_quoted_spans(text)]


def _strong_gender_votes(doc, m: _Mention) -> dict[str, int]:
    """Gendered words attached to the mention: a title or relation noun right before it ("Mrs
    X", "her husband, X", "Y's sister X") or in apposition ("X, the sister of Y"). A noun
    separated from the name by a preposition, a possessive or a conjunction ("the sister of X",
    "her brother and X") is about someone else."""
    tally = {"m": 0, "f": 0}
    span = doc.char_span(m.start, m.end, alignment_mode="expand")
    if span is None:
        return tally
    root = span.root
    near = [root.head] if root.dep_ == "appos" else []
    near += [c for c in root.children if c.dep_ == "appos"]
    before = [doc[i] for i in range(max(span.start - 2, span.sent.start), span.start)]
    for k, tok in enumerate(before):
        between = before[k + 1 :]
        if not any(t.pos_ in ("ADP", "CCONJ") or t.tag_ == "POS" for t in between):
            near.append(tok)
    for tok in near:
        if tok.pos_ != "PRON":
            g = _gender_word(tok.text)
            if g:
                tally[g] += 3
    return tally


#: Dependencies of a pronoun that is an object of its verb ("X accused her", "X gave him").
_OBJECT_DEPS = frozenset({"dobj", "dative", "iobj"})
#: An object pronoun inside a subject's own phrase names someone else ("who worked with her").
_OTHER_PERSON_DEPS = _OBJECT_DEPS | {"pobj"}


def _governing_subjects(pronoun):
    """The subject tokens before the pronoun of the clauses it stands in, innermost first,
    going up the parse ("X said on Friday that a summit between her brother and Y was ..." ->
    "summit", then X). An object pronoun never stands for the subject of its own verb ("X
    accused her": "her" is someone else; that would be "herself"), so that subject is
    skipped."""
    node = pronoun
    for _ in range(12):
        head = node.head
        if head.i == node.i:
            return
        own_object = node is pronoun and pronoun.dep_ in _OBJECT_DEPS
        node = head
        if own_object:
            continue
        for c in node.children:
            if c.dep_ in _SUBJECT_DEPS and c.i != pronoun.i and c.i < pronoun.i:
                yield c


def _weak_antecedent(doc, pronoun, mentions: Sequence[_Mention], starts: Sequence[int],
                     subjects: frozenset[int], strong: dict[str, str],
                     bounds: Sequence[tuple[int, int]],
                     quoted: Sequence[tuple[int, int]]) -> _Mention | None:
    """The person a gendered pronoun (outside quotations) most surely stands for, or None.

    * the person subject of a clause governing the pronoun ("X said her brother ...", "X said
      she ...") when no other person of unknown or matching gender is named in between, except
      inside that subject's own phrase ("X, the sister of Y, said her ...");
    * else the only person named (outside quotations) in the pronoun's and the previous
      paragraph before it."""
    wanted = _gender_word(pronoun.text)
    for subject in _governing_subjects(pronoun):
        if subject.pos_ == "PRON":
            return None  # "she said her ...": no name to learn about
        lo, hi = subject.left_edge.idx, subject.right_edge.idx + len(subject.right_edge.text)
        owner = next((m for m in mentions if m.start in subjects and lo <= m.start < hi
                      and m.end <= pronoun.idx), None)
        if owner is None:
            continue  # a thing ("a summit between her brother and Y"): look further up
        if _points_elsewhere(subject, wanted):
            return None
        i = bisect.bisect_left(starts, owner.end)
        j = bisect.bisect_left(starts, pronoun.idx)
        blocked = any(
            not (lo <= m.start < hi) and m.key != owner.key
            and strong.get(m.key, wanted) == wanted
            for m in mentions[i:j]
        )
        return None if blocked else owner
    para = paragraph_index(bounds, pronoun.idx)
    floor = bounds[max(0, para - 1)][0] if bounds else 0
    i = bisect.bisect_left(starts, floor)
    j = bisect.bisect_left(starts, pronoun.idx)
    named = [m for m in mentions[i:j] if containing(quoted, m.start) is None]
    if pronoun.dep_ in _OBJECT_DEPS:  # "X accused her": not X
        for c in pronoun.head.children:
            if c.dep_ in _SUBJECT_DEPS:
                lo, hi = c.left_edge.idx, c.right_edge.idx + len(c.right_edge.text)
                named = [m for m in named if not lo <= m.start < hi]
    if len({m.key for m in named}) == 1:
        span = doc.char_span(named[-1].start, named[-1].end, alignment_mode="expand")
        if span is not None and _points_elsewhere(span.root, wanted):
            return None
        return named[-1]
    return None


def _points_elsewhere(head, wanted: str | None) -> bool:
    """True when the phrase of a person's name holds an object pronoun of gender ``wanted``
    ("X, a colleague who worked alongside her, ..."): the text is about another person of
    that gender, whom a later he/she may just as well stand for."""
    return any(t.pos_ == "PRON" and t.dep_ in _OTHER_PERSON_DEPS and t.i != head.i
               and _gender_word(t.text) == wanted for t in head.subtree)


def infer_genders(doc, mentions: Sequence[_Mention], subjects: frozenset[int] = frozenset(),
                  quoted: Sequence[tuple[int, int]] | None = None) -> dict[str, str]:
    """Guess "m"/"f" per person key from the text alone.

    Strong evidence: a gendered word attached to a mention ("Mrs X", "her husband, X", "X, the
    sister of Y"). Weak evidence: a he/she/his/her outside quotations whose antecedent is sure
    (see :func:`_weak_antecedent`). Unknown persons are left out."""
    if quoted is None:
        quoted = _quoted_ranges(doc.text)
    votes: dict[str, dict[str, int]] = {}
    for m in mentions:
        tally = votes.setdefault(m.key, {"m": 0, "f": 0})
        for g, n in _strong_gender_votes(doc, m).items():
            tally[g] += n
    strong = {k: ("m" if v["m"] > v["f"] else "f") for k, v in votes.items() if v["m"] != v["f"]}
    if mentions:
        starts = [m.start for m in mentions]
        bounds = paragraph_bounds(doc.text)
        for tok in doc:
            if tok.pos_ != "PRON" or not _gender_word(tok.text) or tok.idx < mentions[0].end:
                continue
            if containing(quoted, tok.idx) is not None:
                continue
            owner = _weak_antecedent(doc, tok, mentions, starts, subjects, strong, bounds,
                                     quoted)
            if owner is not None:
                votes[owner.key][_gender_word(tok.text)] += 1
    return {k: ("m" if v["m"] > v["f"] else "f") for k, v in votes.items() if v["m"] != v["f"]}


# ----------------------------------------------------------------------------------------------
# Paragraphs


def paragraph_bounds(text: str) -> list[tuple[int, int]]:
    """Character spans of the paragraphs of ``text``.

    Ingested bodies separate paragraphs by a blank line and keep single line breaks inside a
    paragraph (hard-wrapped text), so a single newline only starts a paragraph when the next
    line opens an interview turn ("Q: ...", "A: ...", "-- ..."). In a text without any blank
    line, a single newline also starts a paragraph after a line that ends a sentence (one
    paragraph per line), but not in the middle of a wrapped sentence, nor inside a double
    quotation that closes a few lines later; and when the lines are hard-wrapped (see
    :func:`_hard_wrapped`), only after a line that stops short of the wrapping width."""
    blank_lines = "\n\n" in text
    lines = text.split("\n")
    inside = set() if blank_lines else _lines_inside_quotes(lines)
    short = None if blank_lines else _hard_wrapped(lines)
    bounds: list[tuple[int, int]] = []
    start: int | None = None
    previous = ""
    pos = 0
    for i, line in enumerate(lines):
        end = pos + len(line)
        if not line.strip():
            start = None
        elif start is None or _TURN_START.match(line) or (not blank_lines and _soft_break_ends(
                i, previous, short, inside)):
            bounds.append((pos, end))
            start = pos
        else:
            bounds[-1] = (start, end)
        previous = line
        pos = end + 1
    return bounds


def _soft_break_ends(i: int, previous: str, short: set[int] | None, inside: set[int]) -> bool:
    """Whether the single newline before line ``i`` (in a text without blank lines) ends a
    paragraph: the previous line ends a sentence outside any quotation that goes on, or, in
    hard-wrapped text, it stops short of the wrapping width."""
    if i - 1 in inside:
        return False
    if short is not None:
        return i - 1 in short
    return bool(_SENTENCE_END.search(previous))


#: Most lines a double quotation may run over (without blank lines) before it is taken to be
#: a stray quote mark rather than a quotation.
_MAX_QUOTE_LINES = 12
_OPENING_MARKS = "“„"
_CLOSING_MARKS = "”"


def _opens_double(line: str, j: int) -> bool:
    ch = line[j]
    if ch in _OPENING_MARKS:
        return True
    if ch != '"':
        return False
    before = line[j - 1] if j > 0 else " "
    after = line[j + 1] if j + 1 < len(line) else " "
    return (before.isspace() or before in "([{—–-/:;,“") and not after.isspace()


def _lines_inside_quotes(lines: Sequence[str]) -> set[int]:
    """Indices of the lines that end inside a double quotation closed on a later line.

    A line opening with a quote mark while a quotation is open starts a new paragraph that
    continues the quotation (the news convention): the break before it is not covered. A
    quotation never closed, or open over more than :data:`_MAX_QUOTE_LINES` lines, covers
    nothing (a stray mark)."""
    covered: set[int] = set()
    pending: list[int] = []  # lines ending inside the open quotation
    is_open = False
    for i, line in enumerate(lines):
        lead = len(line) - len(line.lstrip())
        first = lead
        if is_open and lead < len(line) and _opens_double(line, lead):
            pending, first = [], lead + 1  # continued in a new paragraph
        elif is_open and not line.strip():
            pending, is_open = [], False
        for j in range(first, len(line)):
            ch = line[j]
            if not is_open and _opens_double(line, j):
                is_open = True
            elif is_open and (ch in _CLOSING_MARKS or ch == '"'):
                covered.update(pending)
                pending, is_open = [], False
        if is_open:
            pending.append(i)
            if len(pending) > _MAX_QUOTE_LINES:
                pending, is_open = [], False
    return covered


#: Hard wrapping: at least this many lines, none longer than :data:`_MAX_WRAP_WIDTH`, and at
#: least this share of the lines followed by another one filled up to the width.
_MIN_WRAPPED_LINES = 4
_MAX_WRAP_WIDTH = 100
_MIN_FULL_SHARE = 0.75


def _hard_wrapped(lines: Sequence[str]) -> set[int] | None:
    """For hard-wrapped text (lines broken at a fixed width, like a plain-text e-mail or a wire
    feed), the indices of the lines that stop short of the width: the next line's first word
    would have fitted on them, so the break there is the end of a paragraph. None for text
    that is not hard-wrapped."""
    rows = [line.rstrip() for line in lines]
    if len([r for r in rows if r.strip()]) < _MIN_WRAPPED_LINES:
        return None
    width = max(len(r) for r in rows)
    if width > _MAX_WRAP_WIDTH:
        return None
    short: set[int] = set()
    followed = 0
    for i, row in enumerate(rows[:-1]):
        nxt = rows[i + 1].split()
        if not row.strip() or not nxt:
            continue
        followed += 1
        if len(row) + 1 + len(nxt[0]) <= width:
            short.add(i)
    if not followed or followed - len(short) < _MIN_FULL_SHARE * followed:
        return None
    return short


def paragraph_index(bounds: Sequence[tuple[int, int]], pos: int) -> int:
    """Index of the paragraph holding ``pos`` (the previous one when ``pos`` is between)."""
    return max(0, bisect.bisect_right(bounds, pos, key=lambda b: b[0]) - 1)


def sentences(doc, bounds: Sequence[tuple[int, int]]) -> list:
    """The sentences of ``doc`` cut at paragraph boundaries (the parser sometimes runs a
    sentence across a line break, e.g. from a byline into the next paragraph)."""
    out = []
    for sent in doc.sents:
        first = paragraph_index(bounds, sent.start_char) if bounds else 0
        for p_start, p_end in bounds[first:]:
            if p_start >= sent.end_char:
                break
            start, end = max(sent.start_char, p_start), min(sent.end_char, p_end)
            if start >= end:
                continue
            span = doc.char_span(start, end, alignment_mode="contract")
            if span is not None and span.text.strip():
                out.append(span)
    return out


# ----------------------------------------------------------------------------------------------
# Naming a subject


def _span_text(doc, start: int, end: int) -> str:
    return doc.text[start:end].strip(" ,;:\"'“”‘’")


def _is_possessive(doc, mention: _Mention) -> bool:
    after = doc.text[mention.end : mention.end + 2]
    return after in ("'s", "’s") or after[:1] in ("'", "’") and doc.text[mention.end - 1] == "s"


def person_in_span(doc, index: MentionIndex, start: int, end: int, head_char: int | None = None):
    """The person mention that names the subject spanning ``[start, end)``.

    Preference: the mention holding the subject's head word, then the last mention that is not
    a possessive ("Novak's sister Ann Petrov" -> Ann Petrov). A possessive alone ("Petrov's
    spokesman") names someone else, so it gives None."""
    mentions = index.within(start, end)
    if head_char is not None:
        for m in mentions:
            if m.start <= head_char < m.end:
                return m
    plain = [m for m in mentions if not _is_possessive(doc, m)]
    return plain[-1] if plain else None


def _subject_span(token) -> tuple[int, int]:
    """Character span of a subject noun phrase, without relative clauses or long appositions."""
    left = token.left_edge
    right = token
    for child in token.rights:
        if child.dep_ in ("relcl", "acl", "punct", "cc", "conj") or child.text in (",", "("):
            break
        right = child.right_edge
    start, end = left.idx, right.idx + len(right.text)
    return start, end


def speaker_of_subject(
    doc, subject, index: MentionIndex, bounds, *, answer_by: Speaker | None = None
) -> Speaker:
    """Name the speaker given the subject token of a reporting verb."""
    if subject.tag_ in ("WP", "WDT") and subject.head.dep_ == "relcl":
        subject = subject.head.head  # "the minister, who said ...": the antecedent speaks
    lower = subject.lower_
    if lower in lexicon.SINGULAR_PRONOUNS or lower in lexicon.PLURAL_PRONOUNS:
        return resolve_pronoun(doc, subject, index, bounds)
    if lower in lexicon.FIRST_PERSON_PRONOUNS and answer_by is not None:
        return answer_by
    start, end = _subject_span(subject)
    # appositions ("the ambassador, Ann Petrov, said") name the person after the comma
    full_start, full_end = subject.left_edge.idx, subject.right_edge.idx + len(subject.right_edge)
    mention = person_in_span(doc, index, start, end, subject.idx)
    if mention is None:
        mention = person_in_span(doc, index, full_start, full_end, subject.idx)
    if mention is not None and _behind_preposition(doc, mention, subject):
        mention = None  # "the sister of X said": X is not the speaker
    if mention is None and subject.dep_ == "appos":  # "Ann Petrov, the minister, who ..."
        head = subject.head
        mention = person_in_span(doc, index, *_subject_span(head), head.idx)
    if mention is not None:
        return Speaker(mention.key, doc.text[mention.start : mention.end])
    if subject.pos_ == "PROPN":
        key = index.by_name(_span_text(doc, start, end)) or index.by_name(subject.text)
        if key is not None:
            return Speaker(key, subject.text)
    words = _definite_role(subject)
    if words:
        mention = index.by_role(words, subject.idx)
        if mention is not None:
            return Speaker(mention.key, _span_text(doc, start, end))
    age = _definite_age(subject)
    if age is not None:
        found = _person_of_age(doc, subject, age, index, bounds)
        if found is not None:
            return Speaker(found.key, _span_text(doc, start, end))
    ents = doc.ents
    first = bisect.bisect_left(ents, full_start, key=lambda e: e.start_char)
    last = bisect.bisect_left(ents, full_end, key=lambda e: e.start_char)
    named = [e for e in ents[first:last] if e.label_ == "PERSON" and not _behind_preposition(
        doc, _Mention(e.start_char, e.end_char, ""), subject)]
    if named:  # a person the people extractor missed: at least say who
        return Speaker(None, named[-1].text)
    words = _span_text(doc, start, end).split()
    text = " ".join(words[:_MAX_SPEAKER_WORDS]) or subject.text
    return Speaker(None, text)


def _behind_preposition(doc, mention: _Mention, subject) -> bool:
    """True when the mention hangs from the subject through a preposition ("the sister of X",
    "a spokesman for X"): it names someone the speaker is described by, not the speaker."""
    span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
    if span is None:
        return False
    node = span.root
    for _ in range(12):
        if node.i == subject.i or node.head.i == node.i:
            return False
        if node.dep_ == "pobj" or node.dep_ == "prep":
            return True
        node = node.head
    return False


def _definite_age(subject) -> str | None:
    """The age of a definite age phrase ("the 27-year-old", "the 27-year-old striker"), else
    None."""
    left = subject.left_edge
    if not (any(c.dep_ == "det" and c.lower_ == "the" for c in subject.children)
            or left.i > 0 and subject.doc[left.i - 1].lower_ == "the"):
        return None
    for old in (subject, *[c for c in subject.children if c.dep_ == "amod"]):
        if old.lower_ != "old":
            continue
        for year in old.children:
            if year.lower_ in ("year", "years"):
                nums = [c for c in year.children if c.dep_ == "nummod" and c.text.isdigit()]
                if nums:
                    return nums[0].text
    return None


#: An age stated with a name: "X, 27,", "X (27)", "27-year-old X", "X, aged 27".
_AGE_AFTER = re.compile(r"\s*(?:,\s*(?:aged\s+)?|\()(\d{1,3})\s*[,)]")
_AGE_BEFORE = re.compile(r"(\d{1,3})-year-old\s+(?:[\w'’-]+\s+){0,3}$")


def _stated_age(text: str, m: _Mention, index: MentionIndex) -> str | None:
    after = _AGE_AFTER.match(text, m.end)
    if after is not None:
        return after.group(1)
    floor = max(0, m.start - 60)
    before = _AGE_BEFORE.search(text[floor : m.start])
    if before is None or index.within(floor + before.start(), m.start):
        return None  # no age, or the age of someone named in between
    return before.group(1)


def _person_of_age(doc, subject, age: str, index: MentionIndex, bounds) -> _Mention | None:
    """Who "the 27-year-old" is: the nearest person named before with that age stated ("X,
    27,", "a 27-year-old X"), else, like a pronoun, the most salient person named before
    (see :func:`resolve_pronoun`), unless the text gives that person another age."""
    text = doc.text
    stated: dict[str, str] = {}
    for m in index.before(subject.idx):
        if m.start in index.quoted:
            continue
        found = _stated_age(text, m, index)
        if found is not None:
            stated.setdefault(m.key, found)
            if found == age:
                return m
    speaker = resolve_pronoun(doc, subject, index, bounds)
    if speaker.key is None or stated.get(speaker.key, age) != age:
        return None
    return next((m for m in index.before(subject.idx) if m.key == speaker.key), None)


def _definite_role(subject) -> list[str]:
    """The words of a definite singular role phrase ("the minister", "the foreign minister",
    "the president of the association") that a named person's role must hold, else []. An
    indefinite ("a minister") or possessed ("the minister's aide") phrase names nobody known."""
    if subject.pos_ != "NOUN" or subject.tag_ != "NN":
        return []
    if subject.lemma_.lower() not in lexicon.ROLE_NOUNS:
        return []
    children = list(subject.children)
    if not any(c.dep_ == "det" and c.lower_ in ("the", "this") for c in children):
        return []
    if any(c.dep_ == "poss" for c in children):
        return []
    words = [c.lower_ for c in children if c.dep_ in ("amod", "compound")]
    for prep in (c for c in children if c.dep_ == "prep" and c.lower_ == "of"):
        words += [o.lower_ for o in prep.children if o.dep_ == "pobj"]
    return [subject.lower_, *words]


def resolve_pronoun(doc, pronoun, index: MentionIndex, bounds) -> Speaker:
    """Map he/she/they to the most salient compatible person mentioned before it (same or the
    two previous paragraphs; a person known to be a woman is not "he"; see
    :func:`_most_salient`; with nobody compatible there, the opening paragraph's subject of
    that known gender, see :func:`_lede_subject`). "they" stays unnamed when a plural noun subject came later than the
    most recent person mention."""
    para = paragraph_index(bounds, pronoun.idx)
    floor = bounds[max(0, para - _PRONOUN_PARAGRAPHS)][0] if bounds else 0
    unmarked, unmarked_subjects = _unmarked_names(doc, index, floor, pronoun.idx)
    candidates = index.before(pronoun.idx, floor=floor) + unmarked
    candidates.sort(key=lambda m: -m.start)
    plural_after = _last_plural_subject(doc, floor, pronoun.idx)
    if pronoun.lower_ in lexicon.PLURAL_PRONOUNS:
        if plural_after is not None and (not candidates or plural_after.idx > candidates[0].start):
            return Speaker(None, _span_text(doc, *_subject_span(plural_after)))
    wanted = _gender_word(pronoun.text)
    compatible = [m for m in candidates if index.genders.get(m.key, wanted) == wanted]
    subjects = index.subjects | unmarked_subjects
    chosen = _most_salient(doc, compatible, index, wanted, subjects, bounds)
    if chosen is None and wanted is not None and not compatible:
        chosen = _lede_subject(index, wanted, bounds, floor)
    if chosen is not None:
        return Speaker(chosen.key, doc.text[chosen.start : chosen.end])
    return Speaker(None, pronoun.text)


def _lede_subject(index: MentionIndex, wanted: str, bounds, floor: int) -> _Mention | None:
    """The person a story is about, for a he/she with nobody compatible named nearby: the
    subject of the opening paragraph, when the text shows that person has the pronoun's
    gender and nobody else of that gender is named before ``floor`` ("Professor X ... has
    died. ... [paragraphs later] In a 1999 interview, she said ...")."""
    if not bounds:
        return None
    lede_end = bounds[0][1]
    earlier = [m for m in index.before(floor) if m.start not in index.quoted]
    lede = [m for m in reversed(earlier) if m.start < lede_end and m.start in index.subjects]
    if not lede or index.genders.get(lede[0].key) != wanted:
        return None
    if any(index.genders.get(m.key, wanted) == wanted and m.key != lede[0].key for m in earlier):
        return None
    return lede[0]


def _most_salient(doc, compatible: Sequence[_Mention], index: MentionIndex,
                  wanted: str | None, subjects: frozenset[int], bounds) -> _Mention | None:
    """Among gender-compatible mentions (nearest first), the one a pronoun stands for.

    Paragraph by paragraph, going back from the pronoun's own: the most recent person in
    subject position there wins over persons named later in object or oblique positions ("X
    said a summit between her brother and Y ...; she said" -> X); a paragraph naming persons
    only in such positions gives the most recent one (a person just introduced: "The council
    praised Y. He said ..."). A more recent person known to have the pronoun's gender wins over
    a subject whose gender is unknown. A person named only to describe another ("X, the sister
    of Y", "X, an aide to Y") gives way to that other. Persons named inside quotations and
    possessives ("Petrov's aide") are a last resort."""
    if not compatible:
        return None
    groups: dict[int, list[_Mention]] = {}
    for m in compatible:
        if m.start in index.quoted:
            continue
        groups.setdefault(paragraph_index(bounds, m.start) if bounds else 0, []).append(m)
    for para in sorted(groups, reverse=True):
        group = groups[para]
        subject = next((m for m in group if m.start in subjects), None)
        if subject is None:
            plain = [m for m in group if not _is_possessive(doc, m)]
            # "X, the sister of Y, ...": Y only describes X, the person talked about
            main = [m for m in plain if not _described_person(doc, m, index)]
            if main or plain:
                return (main or plain)[0]
            continue
        if wanted is not None and index.genders.get(subject.key) != wanted:
            for m in compatible:
                if m.start > subject.start and m.start not in index.quoted and (
                        not _is_possessive(doc, m) and index.genders.get(m.key) == wanted):
                    return m
        return subject
    plain = [m for m in compatible if not _is_possessive(doc, m)]
    if plain:
        return plain[0]
    return compatible[0] if len(compatible) == 1 else None


def _described_person(doc, m: _Mention, index: MentionIndex) -> bool:
    """True when the mention hangs, through an apposition or a preposition and without a verb
    in between, from another person's name ("X, the powerful sister of Y", "X, an adviser to
    Y"): Y only describes X. Coordinated names ("X and Y") describe nobody."""
    span = doc.char_span(m.start, m.end, alignment_mode="expand")
    if span is None:
        return False
    node, linked = span.root, False
    for _ in range(12):
        head = node.head
        if head.i == node.i or head.pos_ in ("VERB", "AUX"):
            return False
        linked = linked or node.dep_ in ("appos", "prep", "pobj")
        if linked and any(o.key != m.key and not (o.start <= m.start < o.end)
                          for o in index.within(head.idx, head.idx + len(head.text))):
            return True
        node = head
    return False


#: Entity types of proper nouns that are not persons.
_PLACE_OR_BODY = frozenset({"GPE", "LOC", "ORG", "FAC", "NORP"})


def _unmarked_names(doc, index: MentionIndex, start: int,
                    end: int) -> tuple[list[_Mention], frozenset[int]]:
    """Proper nouns in ``[start, end)`` outside quotations that are not marked as mentions but
    name one known person ("De Vries, a former judge, spoke ..." when only "Ann de Vries" was
    marked; "For al-Haddad, the doubts ..."), and the starts of those in subject position. A
    name outside subject position counts only when it heads its phrase and does not follow a
    preposition of place ("In Lima, ..."); a name inside a quotation never counts."""
    starts, names = memoised(doc, ("unmarked-names", index),
                             lambda: _scan_unmarked_names(doc, index))
    chosen = names[bisect.bisect_left(starts, start) : bisect.bisect_left(starts, end)]
    return ([m for m, _ in chosen],
            frozenset(m.start for m, is_subject in chosen if is_subject))


def _scan_unmarked_names(doc, index: MentionIndex) -> tuple[list[int], list[tuple[_Mention, bool]]]:
    """Every unmarked name of the document (see :func:`_unmarked_names`), once per document:
    the token offsets and ``(mention, in subject position)``."""
    quoted = _quoted_ranges(doc.text)
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
        s, e = _subject_span(tok)
        key = index.by_name(_span_text(doc, s, e)) or index.by_name(tok.text)
        if key is not None:
            starts.append(tok.idx)
            names.append((_Mention(s, e, key), is_subject))
    return starts, names


def _last_plural_subject(doc, start: int, end: int):
    found = None
    for tok in tokens_between(doc, start, end):
        if tok.dep_ in _SUBJECT_DEPS and tok.tag_ in ("NNS", "NNPS"):
            found = tok
    return found


# ----------------------------------------------------------------------------------------------
# Reporting verbs and "according to"


def lemma_in(token, words: frozenset[str] | set[str]) -> bool:
    """True when ``token``'s lemma is in ``words``. The small model sometimes mislemmatises
    inflected verbs ("hopes" -> "hop"), so plain suffix stripping of the surface form is tried
    as well."""
    if token.lemma_.lower() in words:
        return True
    low = token.lower_
    if low in words:
        return True
    for suffix, repl in (("ies", "y"), ("es", "e"), ("es", ""), ("s", ""), ("ied", "y"),
                         ("ed", "e"), ("ed", ""), ("d", ""), ("ing", "e"), ("ing", "")):
        if low.endswith(suffix) and low[: -len(suffix)] + repl in words:
            return True
    return False


def is_outlet_credit(verb) -> bool:
    """True for ", reports Coastline Radio": a reporting verb whose subject follows it and
    which ends a sentence after a comma. Such a verb names the outlet, not the speaker."""
    if not lemma_in(verb, lexicon.OUTLET_VERBS):
        return False
    subjects = [c for c in verb.children if c.dep_ in _SUBJECT_DEPS]
    if not subjects or subjects[0].i < verb.i:
        return False
    prev = verb.doc[verb.i - 1] if verb.i > 0 else None
    return prev is not None and prev.text in (",", "”", '"', "’")


def reporting_verbs(tokens: Iterable) -> list:
    """Reporting verbs among ``tokens`` that have an explicit subject and are not outlet credits."""
    out = []
    for tok in tokens:
        if tok.pos_ not in ("VERB", "AUX") or not lemma_in(tok, lexicon.REPORTING_VERBS):
            continue
        if subject_of(tok) is None:
            continue
        if is_outlet_credit(tok):
            continue
        out.append(tok)
    return out


def subject_of(verb):
    """The subject token of ``verb``, following ``conj`` chains ("X said ... and added").

    When the parser splits one noun phrase into several subjects ("co - leader" as three),
    the last one before the verb heads the phrase."""
    head = verb
    for _ in range(4):
        found = [c for c in head.children if c.dep_ in _SUBJECT_DEPS]
        if found:
            before = [c for c in found if c.i < head.i]
            return before[-1] if before else found[0]
        # '"...," the 27-year-old said' is sometimes parsed without a subject
        aged = [c for c in head.children if c.i < head.i and c.lower_ == "old"
                and c.dep_ not in ("ccomp", "xcomp") and _definite_age(c) is not None]
        if aged:
            return aged[-1]
        if head.dep_ in ("conj", "xcomp", "advcl") and head.head is not head:
            head = head.head
        else:
            break
    return None


def _names_a_body(subject) -> bool:
    """True when a subject names a place, a country or an organisation rather than a person
    ("Oslo", "the Kremlin", "NATO", "the ministry")."""
    if subject.ent_type_ == "PERSON":
        return False
    if subject.ent_type_ in _PLACE_OR_BODY or subject.pos_ == "PROPN":
        return True
    return subject.pos_ == "NOUN" and subject.lemma_.lower() in (
        lexicon.NON_PERSON_NOUNS | lexicon.NON_PERSON_WORDS)


def _relayed_by(doc, verb, verbs: Sequence, exclude, index: MentionIndex, bounds,
                answer_by: Speaker | None) -> Speaker | None:
    """The named person who reports what a place or body said: the subject of a reporting
    verb whose clausal complement holds ``verb`` ("the spokeswoman added that Beijing urged
    "...""). A spokesperson's words are theirs, even when they speak for the institution."""
    ids = {v.i for v in verbs}
    node = verb
    for _ in range(6):
        while node.dep_ == "conj" and node.head.i != node.i:  # "... that A and that B urged"
            node = node.head
        if node.dep_ != "ccomp" or node.head.i == node.i:
            return None
        node = node.head
        if node.i not in ids:
            continue
        subject = subject_of(node)
        if subject is None or containing(exclude, subject.idx) is not None:
            return None
        found = speaker_of_subject(doc, subject, index, bounds, answer_by=answer_by)
        return found if found.key is not None else None
    return None


def according_to(tokens: Iterable):
    """The object token of "according to X" among ``tokens``, or None."""
    for tok in tokens:
        if tok.lower_ == "according":
            nxt = tok.nbor(1) if tok.i + 1 < len(tok.doc) else None
            if nxt is not None and nxt.lower_ == "to":
                objs = [c for c in nxt.children if c.dep_ == "pobj"]
                if objs:
                    return objs[0]
    return None


def containing(spans: Sequence[tuple], pos: int):
    """The span of ``spans`` (sorted, non-overlapping ``(start, end, ...)`` tuples) that holds
    the character ``pos``, or None."""
    i = bisect.bisect_right(spans, pos, key=lambda s: s[0]) - 1
    return spans[i] if i >= 0 and spans[i][0] <= pos < spans[i][1] else None


def outside(tokens: Iterable, spans: Sequence[tuple[int, int]]) -> list:
    """Tokens that do not fall inside any of the character ``spans`` (sorted, non-overlapping)."""
    return [t for t in tokens if containing(spans, t.idx) is None]


def sentence_speaker(
    doc,
    sent,
    index: MentionIndex,
    bounds,
    *,
    exclude: Sequence[tuple[int, int]] = (),
    near: int | None = None,
    answer_by: Speaker | None = None,
) -> Speaker | None:
    """Who a sentence credits with what it reports, or None when it credits nobody.

    ``exclude`` are sorted character spans (quotations) whose words are not considered; ``near``
    picks, among several reporting verbs, the one closest to that character position."""
    tokens = outside(sent, exclude)
    verbs = reporting_verbs(tokens)
    if verbs:
        if near is not None:
            verbs.sort(key=lambda v: abs(v.idx - near))
        for verb in verbs:
            subject = subject_of(verb)
            if subject is not None and containing(exclude, subject.idx) is None:
                found = speaker_of_subject(doc, subject, index, bounds, answer_by=answer_by)
                if found.key is None and _names_a_body(subject):
                    relayed = _relayed_by(doc, verb, verbs, exclude, index, bounds, answer_by)
                    if relayed is not None:
                        return relayed
                return found
    obj = according_to(tokens)
    if obj is not None:
        return speaker_of_subject(doc, obj, index, bounds, answer_by=answer_by)
    return None
