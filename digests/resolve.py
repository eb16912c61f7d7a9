"""Cross-document person resolution: one :class:`PersonRecord` per real person.

Three layers, all pure:

* **name rules** — :func:`name_key` (case, accents, hyphens, dots and spacing folded) and
  :func:`same_person`, which understands name structure: a family name plus given-name
  syllables for East Asian names (family name first, romanisation variants of surnames and
  vowels folded, every given syllable must correspond), first + last name for Western names
  (middle initials optional; given names also match under a looser spelling fold such as
  "Mohammed" = "Muhammad"). A shared surname alone never makes two names the same person.
* **curated data** — :func:`load_curated` reads the optional user file ``seeds/people.toml``
  (``[[person]]`` tables with ``name``, ``aliases`` and ``roles``; see
  ``seeds/people.toml.example``). A missing file is an empty :class:`Curated`; a malformed one
  raises :class:`CuratedError` naming the file and line.
* **resolution** — :func:`resolve_people` merges the per-document :class:`Person` lists:
  full names merge by :func:`same_person` (never two distinct people of one document), a
  surname-only person joins the single full-name person of the corpus carrying that surname,
  curated aliases join what they name. Global ids are slugs of the display name (the fullest,
  most frequent form), unique and deterministic.
"""
from __future__ import annotations

import functools
import re
import tomllib
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from digests.extract.lexicon import EAST_ASIAN_SURNAMES, SURNAME_VARIANTS, VOWEL_VARIANTS
from digests.models import Person, PersonRecord, Role

__all__ = [
    "Curated",
    "CuratedError",
    "CuratedPerson",
    "Resolution",
    "load_curated",
    "name_key",
    "name_tokens",
    "resolve_people",
    "same_person",
    "same_surname",
    "slug",
]

# ----------------------------------------------------------------------------------------------
# Name rules

_DASHES = re.compile(r"[-‐‑‒–—_]")
_PARTICLES = frozenset({"al", "el", "bin", "ibn", "abu", "van", "von", "de", "del", "da", "di",
                        "du", "la", "le", "der", "den", "dos", "das", "ben"})
_SURNAME_CLASS = {name: min(group) for group in SURNAME_VARIANTS for name in group}


#: Letters NFKD does not decompose into a base letter plus accent.
_LETTERS = str.maketrans({"ı": "i", "ø": "o", "Ø": "O", "æ": "ae", "Æ": "AE", "ß": "ss",
                          "đ": "d", "Đ": "D", "ł": "l", "Ł": "L", "þ": "th", "Þ": "Th",
                          "œ": "oe", "Œ": "OE", "ð": "d", "Ð": "D", "’": "'", "‘": "'"})


@functools.lru_cache(maxsize=65536)
def _fold(text: str) -> str:
    """Casefold and strip accents (NFKD, combining marks dropped; ı, ø, ł, ß ... spelt out)."""
    text = unicodedata.normalize("NFKD", text.translate(_LETTERS))
    text = "".join(c for c in text if not unicodedata.combining(c))
    return text.casefold()


@functools.lru_cache(maxsize=65536)
def name_key(name: str) -> str:
    """A comparison key: case, accents, hyphens, dots, possessive 's and spacing ignored.

    >>> name_key("PARK Seo-yeon") == name_key("Park Seo Yeon") == name_key("Park Seoyeon")
    True
    """
    text = re.sub(r"'s\b", "", _fold(name))
    text = _DASHES.sub("", text)
    return re.sub(r"[\s.'\"()]", "", text)


def name_tokens(name: str) -> list[str]:
    """Folded name parts split on spaces (hyphenated parts stay one token: ``"seo-yeon"``)."""
    text = re.sub(r"'s\b", "", _fold(name))
    text = _DASHES.sub("-", text)
    return [t for t in re.split(r"[\s.]+", text.replace('"', "")) if t.strip("-'")]


def _is_initial(token: str) -> bool:
    return len(token.strip(".")) == 1


def _surname_class(token: str) -> str:
    token = token.replace("-", "")
    return _SURNAME_CLASS.get(token, token)


def same_surname(a: str, b: str) -> bool:
    """True when two family names are the same or known romanisation variants (Lee/Yi/Rhee)."""
    return _surname_class(_fold(a)) == _surname_class(_fold(b))


def _given_key(parts: Iterable[str]) -> str:
    """Given-name syllables joined, hyphens dropped, romanisation vowel variants folded."""
    text = "".join(parts).replace("-", "")
    for old, new in VOWEL_VARIANTS:
        text = text.replace(old, new)
    return text


def _east_asian_order(raw: Sequence[str]) -> bool:
    """Heuristic: family name first when written in capitals, when the given name is a
    hyphenated pair of syllables ("Seo-yeon") or when it is two or more short syllables after a
    known surname ("Choi Jae Won")."""
    first = raw[0].strip(".,")
    if len(first) > 1 and first.isupper() and not all(t.isupper() for t in raw[1:]):
        return True
    folded = _fold(first)
    known = folded in _SURNAME_CLASS or folded in EAST_ASIAN_SURNAMES
    given = raw[1:]
    if known and len(given) == 1 and "-" in given[0]:
        return True
    return known and len(given) >= 2 and all(len(g) <= 4 for g in given)


@functools.lru_cache(maxsize=65536)
def _split(name: str) -> tuple[str, tuple[str, ...], tuple[str, ...]] | None:
    """(family, given parts, middle initials) for a name in its written order, else None."""
    raw = [t for t in re.split(r"\s+", name.strip()) if t]
    tokens = name_tokens(name)
    if len(tokens) < 2:
        return None
    if len(raw) == len(tokens) and _east_asian_order(raw):
        return tokens[0], tuple(tokens[1:]), ()
    tokens = _join_particles(tokens)
    if len(tokens) < 2:
        return None
    initials = [t for t in tokens[1:-1] if _is_initial(t)]
    given = [tokens[0]] + [t for t in tokens[1:-1] if not _is_initial(t)]
    return tokens[-1], tuple(given), tuple(initials)


def _join_particles(tokens: list[str]) -> list[str]:
    """Attach a surname particle to what follows: "al suwaidi" -> "al-suwaidi"."""
    out: list[str] = []
    for i, tok in enumerate(tokens):
        if out and out[-1] in _PARTICLES and i < len(tokens):
            out[-1] = f"{out[-1]}-{tok}"
        else:
            out.append(tok)
    return out


def _loose_given(parts: Iterable[str]) -> str:
    """A looser given-name key for Western-order names (Arabic, Slavic, ... romanisations):
    doubled letters single, o/u and e/a folded: "Mohammed" = "Muhammad", "Ahmed" = "Ahmad"."""
    text = re.sub(r"(.)\1", r"\1", "".join(parts).replace("-", ""))
    return text.replace("ou", "u").replace("o", "u").replace("e", "a")


#: Family names at least this long may differ in their vowels and doubled letters and still be
#: one romanised name ("Osottanakorn" / "Osatanakorn"), see :func:`_transliteration_variant`.
TRANSLITERATION_MIN_LETTERS = 8
_VOWELS = re.compile(r"[aeiouy]")


def _skeleton(family: str) -> str:
    """The first letter, then the consonants with doubled letters made single."""
    word = family.replace("-", "")
    return word[:1] + re.sub(r"(.)\1+", r"\1", _VOWELS.sub("", word[1:]))


def _transliteration_variant(fa: str, fb: str) -> bool:
    """Two spellings of one long romanised family name: the same consonants in the same order
    (vowels and doubled letters free), the same first two and last three letters, both at
    least :data:`TRANSLITERATION_MIN_LETTERS` long. Short names and different endings
    ("Petersen" / "Petersson", "Lind" / "Land") never match."""
    fa, fb = fa.replace("-", ""), fb.replace("-", "")
    return (min(len(fa), len(fb)) >= TRANSLITERATION_MIN_LETTERS and fa[:2] == fb[:2]
            and fa[-3:] == fb[-3:] and _skeleton(fa) == _skeleton(fb))


def same_person(a: str, b: str) -> bool:
    """Pure name rule: do two multi-part names denote the same person?

    Equal under :func:`name_key` (so "Choi Jae Won" = "CHOI Jae-won" = "Choi Jaewon"), or the same
    family name (romanisation variants allowed) with corresponding given names (vowel variants
    allowed: "Baek Ha-jung" = "Baek Ha Jong", "Park Ha-neul" = "Pak Ha Neul"; Western middle
    initials optional: "Maria Lopez" = "Maria T. Lopez"), or the same given name with two
    spellings of one long romanised family name (:func:`_transliteration_variant`). A family name alone never matches
    ("Choi Jae Won" != "Choi Jae Il" != "Choi Yu Jin"; "Lopez" != "Maria Lopez" here — bare
    surnames are attached by context, not by this rule).
    """
    ka, kb = name_key(a), name_key(b)
    if not ka or not kb:
        return False
    sa, sb = _split(a), _split(b)
    if sa is None or sb is None:
        return False
    if ka == kb:
        return True
    for (fa, ga, ia), (fb, gb, ib) in ((sa, sb), (_reversed(a), sb), (sa, _reversed(b))):
        if fa is None or fb is None:
            continue
        if _surname_class(fa) != _surname_class(fb):
            if (_transliteration_variant(fa, fb) and len(_given_key(ga)) >= 3
                    and _given_key(ga) == _given_key(gb) and not (ia and ib and ia != ib)):
                return True
            continue
        if ia and ib and ia != ib:
            continue
        if _given_key(ga) and _given_key(ga) == _given_key(gb):
            return True
        if (fa.replace("-", "") == fb.replace("-", "") and not _east_asian_order(a.split())
                and len(_loose_given(ga)) >= 5 and _loose_given(ga) == _loose_given(gb)):
            return True
    return False


def _reversed(name: str) -> tuple[str | None, tuple[str, ...], tuple[str, ...]]:
    """A two-part name read the other way round, when one part is in capitals (a byline
    "TANAKA Emi" against "Emi Tanaka")."""
    raw = name.split()
    if len(raw) == 2 and any(len(t) > 1 and t.isupper() for t in raw):
        tokens = name_tokens(name)
        if raw[0].isupper():
            return tokens[0], (tokens[1],), ()
        return tokens[1], (tokens[0],), ()
    return None, (), ()


def slug(name: str) -> str:
    """URL-safe id from a name: ``"Baek Ha-jung" -> "baek-ha-jung"``."""
    text = _fold(name)
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-") or "person"


# ----------------------------------------------------------------------------------------------
# Curated people file


class CuratedError(ValueError):
    """The curated people file is malformed; the message names the file and line."""


@dataclass(frozen=True, slots=True)
class CuratedPerson:
    """One ``[[person]]`` entry: the display name, extra aliases and roles."""

    name: str
    aliases: tuple[str, ...] = ()
    roles: tuple[str, ...] = ()

    def forms(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)

    def matches(self, form: str) -> bool:
        key = name_key(form)
        return any(name_key(f) == key or same_person(f, form) for f in self.forms())


@dataclass(frozen=True, slots=True)
class Curated:
    """User-curated aliases and roles (empty when the file is absent)."""

    people: tuple[CuratedPerson, ...] = ()
    source: str = "curated"

    def find(self, form: str) -> CuratedPerson | None:
        """The entry naming ``form`` (by name or alias), or None."""
        return next((p for p in self.people if p.matches(form)), None)


def load_curated(path: Path) -> Curated:
    """Read the curated people TOML file. Missing -> empty; malformed -> :class:`CuratedError`.

    Format::

        [[person]]
        name = "Full Name"
        aliases = ["Other Spelling", "Surname"]
        roles = ["Foreign Minister"]
    """
    path = Path(path)
    if not path.exists():
        return Curated(source=path.name)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise CuratedError(f"{path}: cannot read curated people file: {exc}") from exc
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise CuratedError(f"{path}: invalid TOML: {exc}") from exc
    unknown = sorted(set(data) - {"person"})
    if unknown:
        raise CuratedError(f"{path}: line 1: unknown top-level key(s) {unknown}; use [[person]]")
    entries = data.get("person", [])
    if not isinstance(entries, list):
        raise CuratedError(f"{path}: line 1: 'person' must be an array of tables ([[person]])")
    lines = _table_lines(text)
    people = [_curated_entry(path, e, lines[i] if i < len(lines) else 0)
              for i, e in enumerate(entries)]
    return Curated(people=tuple(people), source=path.name)


def _table_lines(text: str) -> list[int]:
    """1-based line numbers of each ``[[person]]`` header, in order."""
    return [n for n, line in enumerate(text.splitlines(), 1)
            if re.match(r"\s*\[\[\s*person\s*\]\]", line)]


def _curated_entry(path: Path, entry: object, line: int) -> CuratedPerson:
    where = f"{path}: line {line}"
    if not isinstance(entry, dict):
        raise CuratedError(f"{where}: each [[person]] must be a table")
    unknown = sorted(set(entry) - {"name", "aliases", "roles"})
    if unknown:
        raise CuratedError(f"{where}: unknown key(s) {unknown}; allowed: name, aliases, roles")
    name = entry.get("name")
    if not isinstance(name, str) or not name.strip():
        raise CuratedError(f"{where}: 'name' must be a non-empty string")
    lists = {}
    for key in ("aliases", "roles"):
        value = entry.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            raise CuratedError(f"{where}: '{key}' must be a list of non-empty strings")
        lists[key] = tuple(v.strip() for v in value)
    return CuratedPerson(name=name.strip(), aliases=lists["aliases"], roles=lists["roles"])


# ----------------------------------------------------------------------------------------------
# Resolution


@dataclass(frozen=True, slots=True)
class Resolution:
    """Global people and the ``(doc_id, local key) -> global id`` map."""

    people: tuple[PersonRecord, ...]
    ids: dict[tuple[str, str], str] = field(default_factory=dict)

    def id_for(self, doc_id: str, local_key: str | None) -> str | None:
        """The global id of a document's local person key, or None."""
        return self.ids.get((doc_id, local_key)) if local_key else None


@dataclass(slots=True)
class _Node:
    """One document's person during resolution."""

    index: int
    doc_id: str
    person: Person

    @property
    def full(self) -> bool:
        return len(name_tokens(self.person.name)) >= 2

    def forms(self) -> tuple[str, ...]:
        return (self.person.name, *self.person.aliases)

    def full_forms(self) -> list[str]:
        return [f for f in self.forms() if len(name_tokens(f)) >= 2]


class _Clusters:
    """Union-find over nodes that refuses to join two people of the same document."""

    def __init__(self, nodes: Sequence[_Node]) -> None:
        self.nodes = nodes
        self.parent = list(range(len(nodes)))
        self.docs = [{n.doc_id} for n in nodes]

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, a: int, b: int) -> bool:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return True
        if self.docs[ra] & self.docs[rb]:
            return False
        ra, rb = min(ra, rb), max(ra, rb)
        self.parent[rb] = ra
        self.docs[ra] |= self.docs[rb]
        return True

    def groups(self) -> list[list[_Node]]:
        out: dict[int, list[_Node]] = {}
        for n in self.nodes:
            out.setdefault(self.find(n.index), []).append(n)
        return [out[k] for k in sorted(out)]


def resolve_people(
    per_doc: Sequence[tuple[str, Sequence[Person]]], *, curated: Curated | None = None
) -> Resolution:
    """Merge the people of every document into global :class:`PersonRecord` s."""
    nodes = [_Node(0, doc_id, p) for doc_id, people in per_doc for p in people]
    for i, n in enumerate(nodes):
        n.index = i
    clusters = _Clusters(nodes)
    _merge_full_names(nodes, clusters)
    if curated and curated.people:
        _merge_curated(nodes, clusters, curated)
    _merge_bare_surnames(nodes, clusters)
    records: list[PersonRecord] = []
    ids: dict[tuple[str, str], str] = {}
    used: set[str] = set()
    for group in sorted(clusters.groups(), key=_group_order):
        record = _record(group, curated, used)
        records.append(record)
        for n in group:
            ids[(n.doc_id, n.person.key)] = record.id
    return Resolution(people=tuple(records), ids=ids)


def _merge_full_names(nodes: Sequence[_Node], clusters: _Clusters) -> None:
    full = [n for n in nodes if n.full]
    by_key: dict[str, list[_Node]] = {}
    for n in full:
        for f in n.full_forms():
            by_key.setdefault(name_key(f), []).append(n)
    pairs: list[tuple[int, int]] = []
    for group in by_key.values():
        pairs += [(group[0].index, other.index) for other in group[1:]]
    buckets: dict[str, list[_Node]] = {}
    for n in full:
        for key in {c for f in n.full_forms() for c in _family_classes(f)}:
            buckets.setdefault(key, []).append(n)
    for bucket in buckets.values():
        for i, a in enumerate(bucket):
            for b in bucket[i + 1:]:
                if a.doc_id != b.doc_id and _forms_match(a.full_forms(), b.full_forms()):
                    pairs.append((a.index, b.index))
    for a, b in sorted(set(pairs)):
        clusters.union(a, b)


def _family_classes(name: str) -> set[str]:
    """Surname classes :func:`same_person` may compare this name under (written order and,
    for capitalised bylines, reversed order)."""
    out = set()
    split = _split(name)
    if split is not None:
        out.add(_surname_class(split[0]))
        if len(split[0].replace("-", "")) >= TRANSLITERATION_MIN_LETTERS:
            out.add("~" + _skeleton(split[0]))
    family, _, _ = _reversed(name)
    if family is not None:
        out.add(_surname_class(family))
    return out


def _forms_match(a: Iterable[str], b: Iterable[str]) -> bool:
    b = list(b)
    return any(same_person(x, y) for x in a for y in b)


def _merge_curated(nodes: Sequence[_Node], clusters: _Clusters, curated: Curated) -> None:
    for entry in curated.people:
        hits = [n for n in nodes if any(entry.matches(f) for f in n.forms())]
        for other in hits[1:]:
            clusters.union(hits[0].index, other.index)


def _merge_bare_surnames(nodes: Sequence[_Node], clusters: _Clusters) -> None:
    """A surname-only person joins the one full-name person of the corpus with that family
    name, when exactly one exists and the surname-only document names nobody else so."""
    owners: dict[str, set[int]] = {}  # surname class -> roots of full-name people carrying it
    carriers: dict[tuple[str, str], int] = {}  # (doc, surname class) -> full-name people there
    for n in nodes:
        if not n.full:
            continue
        for surname in {_surname_class(end) for f in n.full_forms() for end in _ends(f)}:
            owners.setdefault(surname, set()).add(clusters.find(n.index))
            carriers[(n.doc_id, surname)] = carriers.get((n.doc_id, surname), 0) + 1
    full_roots = set().union(*owners.values())
    for n in nodes:
        if n.full or clusters.find(n.index) in full_roots:
            continue
        surname = _surname_class(_fold(n.person.name))
        roots = owners.get(surname, set())
        if len(roots) == 1 and not carriers.get((n.doc_id, surname)):
            clusters.union(next(iter(roots)), n.index)


_SYLLABLE_PAIR = re.compile(r"^[A-Z][a-z]+-[a-z]+$")


def _ends(name: str) -> tuple[str, ...]:
    """The first and last name parts (either may be the family name). A name of three or more
    parts ending in a hyphenated given name written with a lower-case second syllable ("Ana
    Lau Chan Wai-ling": an English given name, family names, a Chinese given name) also
    carries the family names between them."""
    tokens = name_tokens(name)
    if len(tokens) < 2:
        return ()
    raw = name.split()
    if len(tokens) >= 3 and len(raw) == len(tokens) and _SYLLABLE_PAIR.match(raw[-1]):
        return (tokens[0], *tokens[1:-1], tokens[-1])
    return (tokens[0], tokens[-1])


def _group_order(group: Sequence[_Node]) -> tuple:
    return (min(n.index for n in group),)


def _display_name(group: Sequence[_Node]) -> str:
    """The fullest, most frequent form: most letters, then most mentions, then earliest."""
    counts: Counter[str] = Counter()
    first: dict[str, int] = {}
    for n in group:
        counts[n.person.name] += max(1, len(n.person.mentions))
        first.setdefault(n.person.name, n.index)
    return max(counts, key=lambda f: (len(name_key(f)), counts[f], -first[f], f))


def _record(group: Sequence[_Node], curated: Curated | None, used: set[str]) -> PersonRecord:
    entry = None
    if curated and curated.people:
        entry = next((curated.find(f) for n in group for f in n.forms() if curated.find(f)), None)
    name = entry.name if entry else _display_name(group)
    base = slug(name)
    gid, k = base, 2
    while gid in used:
        gid, k = f"{base}-{k}", k + 1
    used.add(gid)
    aliases: list[str] = []
    for form in [f for n in group for f in n.forms()] + list(entry.aliases if entry else ()):
        if form != name and form not in aliases:
            aliases.append(form)
    roles: list[Role] = []
    seen: set[tuple[str, str]] = set()
    for n in group:
        for text in n.person.roles:
            if (text.casefold(), n.doc_id) not in seen:
                seen.add((text.casefold(), n.doc_id))
                roles.append(Role(text=text, doc_id=n.doc_id))
    if entry and curated:
        roles += [Role(text=r, doc_id=curated.source) for r in entry.roles]
    documents = tuple(dict.fromkeys(n.doc_id for n in group))
    mentions = sum(len(n.person.mentions) for n in group)
    return PersonRecord(id=gid, name=name, aliases=tuple(aliases), roles=tuple(roles),
                        documents=documents, mentions=mentions)
