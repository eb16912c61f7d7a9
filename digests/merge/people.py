"""Cross-document people merging: one :class:`PersonRecord` per real person.

:func:`resolve_people` merges the per-document :class:`Person` lists: full names merge by
:func:`digests.names.same_person` (never two distinct people of one document), a surname-only
person joins the single full-name person of the corpus carrying that surname, curated aliases
join what they name. Global ids are slugs of the display name (the fullest, most frequent
form), unique and deterministic. No spaCy: it can be re-run on stored extractions.
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace

from digests.curated import Curated
from digests.models import Person, PersonRecord, Role
from digests.names import (
    fold,
    name_key,
    name_tokens,
    reversed_parts,
    same_person,
    skeleton_key,
    slug,
    split_name,
    surname_class,
)

__all__ = ["Resolution", "forms_match", "grow_record", "person_keys", "probe_keys",
           "resolve_people"]



@dataclass(frozen=True, slots=True)
class Resolution:
    """Global people and the ``(doc_id, local key) -> global id`` map."""

    people: tuple[PersonRecord, ...]
    ids: dict[tuple[str, str], str] = field(default_factory=dict)

    def id_for(self, doc_id: str, local_key: str | None) -> str | None:
        """The global id of a document's local person key, or None."""
        return self.ids.get((doc_id, local_key)) if local_key else None


@dataclass(frozen=True, slots=True)
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


def person_keys(person: Person) -> frozenset[str]:
    """The keys one document's person is indexed under for incremental resolution: whatever
    :func:`resolve_people` could join it to shares one of its :func:`probe_keys` with it.

    ``n:`` the :func:`name_key` of each form (equal keys merge; curated entries match by it),
    for a full name ``f:`` each family class :func:`same_person` compares it under and ``s:``
    each surname it lends a bare surname (see :func:`_merge_bare_surnames`); a surname-only
    person ``b:`` its surname class."""
    keys = {"n:" + name_key(f) for f in (person.name, *person.aliases) if name_key(f)}
    if len(name_tokens(person.name)) < 2:
        keys.add("b:" + surname_class(fold(person.name)))
        return frozenset(keys)
    for form in (f for f in (person.name, *person.aliases) if len(name_tokens(f)) >= 2):
        keys |= {"f:" + c for c in _family_classes(form)}
        keys |= {"s:" + surname_class(end) for end in _ends(form)}
    return frozenset(keys)


def probe_keys(person: Person) -> frozenset[str]:
    """The keys to look up for ``person``: its own :func:`person_keys`, and across the
    bare-surname rule the other side's (a full name reaches the bare surnames it could own
    and a bare surname the full names that could own it)."""
    own = person_keys(person)
    cross = {("b:" if k[0] == "s" else "s:") + k[2:] for k in own if k[0] in "sb"}
    return own | cross


def resolve_people(
    per_doc: Sequence[tuple[str, Sequence[Person]]], *, curated: Curated | None = None,
    previous: Mapping[tuple[str, str], str] | None = None, taken: Iterable[str] = (),
) -> Resolution:
    """Merge the people of every document into global :class:`PersonRecord` s.

    Incremental use (a part of the store re-resolved): ``previous`` maps ``(doc_id, local
    key)`` to the id the person had, and a group keeps an old id of its members that its
    display name still yields (so ids stay put when a new article adds a mention); ``taken``:
    ids held by people outside this part, never given out."""
    pairs = [(doc_id, p) for doc_id, people in per_doc for p in people]
    nodes = [_Node(i, doc_id, p) for i, (doc_id, p) in enumerate(pairs)]
    clusters = _Clusters(nodes)
    _merge_full_names(nodes, clusters)
    if curated and curated.people:
        _merge_curated(nodes, clusters, curated)
    _merge_bare_surnames(nodes, clusters)
    records: list[PersonRecord] = []
    ids: dict[tuple[str, str], str] = {}
    used: set[str] = set(taken)
    for group in sorted(clusters.groups(), key=_group_order):
        record = _record(group, curated, used, previous or {})
        records.append(record)
        for n in group:
            ids[(n.doc_id, n.person.key)] = record.id
    return Resolution(people=tuple(records), ids=ids)


def _merge_full_names(nodes: Sequence[_Node], clusters: _Clusters) -> None:
    """Join full-name persons of different documents that :func:`same_person` holds for.

    Nodes with the same full forms are joined through their shared :func:`name_key`; the rule
    is then tried once per pair of distinct form sets under one family class (a story's
    thousand mentions of a name are a few spellings), linking a node of each from different
    documents."""
    full = [n for n in nodes if n.full]
    forms = {n.index: tuple(n.full_forms()) for n in full}
    by_key: dict[str, list[_Node]] = {}
    for n in full:
        for f in forms[n.index]:
            by_key.setdefault(name_key(f), []).append(n)
    pairs: list[tuple[int, int]] = []
    for group in by_key.values():
        pairs += [(group[0].index, other.index) for other in group[1:]]
    buckets: dict[str, dict[tuple[str, ...], list[_Node]]] = {}
    for n in full:
        for key in {c for f in forms[n.index] for c in _family_classes(f)}:
            buckets.setdefault(key, {}).setdefault(forms[n.index], []).append(n)
    for bucket in buckets.values():
        variants = list(bucket.items())
        for i, (forms_a, carriers_a) in enumerate(variants):
            for forms_b, carriers_b in variants[i + 1:]:
                if forms_match(forms_a, forms_b):
                    pairs += _cross_document_pairs(carriers_a, carriers_b)
    for a, b in sorted(set(pairs)):
        clusters.union(a, b)


def _cross_document_pairs(a: Sequence[_Node], b: Sequence[_Node]) -> list[tuple[int, int]]:
    """Each side's first node with the other side's first node of another document."""
    out = []
    for x, others in ((a[0], b), (b[0], a)):
        y = next((o for o in others if o.doc_id != x.doc_id), None)
        if y is not None:
            out.append((min(x.index, y.index), max(x.index, y.index)))
    return out


def _family_classes(name: str) -> set[str]:
    """Surname classes :func:`same_person` may compare this name under (written order and,
    for capitalised bylines, reversed order)."""
    out = set()
    split = split_name(name)
    if split is not None:
        out.add(surname_class(split[0]))
        skeleton = skeleton_key(split[0])
        if skeleton is not None:  # romanised spellings of one long family name
            out.add("~" + skeleton)
    family, _, _ = reversed_parts(name)
    if family is not None:
        out.add(surname_class(family))
    return out


def forms_match(a: Iterable[str], b: Iterable[str]) -> bool:
    """Whether :func:`same_person` holds for a full form of ``a`` and one of ``b`` (forms of
    fewer than two words are ignored)."""
    b = [y for y in b if len(name_tokens(y)) >= 2]
    return any(same_person(x, y) for x in a if len(name_tokens(x)) >= 2 for y in b)


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
        for surname in {surname_class(end) for f in n.full_forms() for end in _ends(f)}:
            owners.setdefault(surname, set()).add(clusters.find(n.index))
            carriers[(n.doc_id, surname)] = carriers.get((n.doc_id, surname), 0) + 1
    full_roots = set().union(*owners.values())
    for n in nodes:
        if n.full or clusters.find(n.index) in full_roots:
            continue
        surname = surname_class(fold(n.person.name))
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


def _record(group: Sequence[_Node], curated: Curated | None, used: set[str],
            previous: Mapping[tuple[str, str], str]) -> PersonRecord:
    entry = _curated_entry(group, curated)
    name = entry.name if entry else _display_name(group)
    gid = _kept_id(group, slug(name), used, previous) or _unique_id(slug(name), used)
    extra = entry.aliases if entry else ()
    aliases = tuple(dict.fromkeys(f for f in [*(f for n in group for f in n.forms()), *extra]
                                  if f != name))
    roles = _roles(group)
    if entry and curated:
        roles += [Role(text=r, doc_id=curated.source) for r in entry.roles]
    documents = tuple(dict.fromkeys(n.doc_id for n in group))
    mentions = sum(len(n.person.mentions) for n in group)
    return PersonRecord(id=gid, name=name, aliases=aliases, roles=tuple(roles),
                        documents=documents, mentions=mentions)


def _curated_entry(group: Sequence[_Node], curated: Curated | None):
    """The curated entry naming any form of the group, or None."""
    if not (curated and curated.people):
        return None
    return next((curated.find(f) for n in group for f in n.forms() if curated.find(f)), None)


def _kept_id(group: Sequence[_Node], base: str, used: set[str],
             previous: Mapping[tuple[str, str], str]) -> str | None:
    """The old id most of the group's members had, if it is ``base`` or ``base-N`` and still
    free (it then joins ``used``)."""
    if not previous:
        return None
    olds = Counter(previous[(n.doc_id, n.person.key)] for n in group
                   if (n.doc_id, n.person.key) in previous)
    for old, _ in olds.most_common():
        if old not in used and (old == base or re.fullmatch(re.escape(base) + r"-\d+", old)):
            used.add(old)
            return old
    return None


def _unique_id(base: str, used: set[str]) -> str:
    """``base``, or ``base-2``, ``base-3`` ... the first not in ``used`` (which it joins)."""
    gid, k = base, 2
    while gid in used:
        gid, k = f"{base}-{k}", k + 1
    used.add(gid)
    return gid


def _roles(group: Sequence[_Node]) -> list[Role]:
    """Each document's roles of the group, once per (role, document), in order."""
    return _add_roles([], ((n.doc_id, n.person) for n in group))


def _add_roles(roles: Sequence[Role], people: Iterable[tuple[str, Person]]) -> list[Role]:
    """``roles`` followed by each ``(doc_id, person)``'s roles not yet given for that document
    (compared case-insensitively)."""
    out = list(roles)
    seen = {(r.text.casefold(), r.doc_id) for r in out}
    for doc_id, person in people:
        for text in person.roles:
            if (text.casefold(), doc_id) not in seen:
                seen.add((text.casefold(), doc_id))
                out.append(Role(text=text, doc_id=doc_id))
    return out


def grow_record(record: PersonRecord, doc_id: str, person: Person) -> PersonRecord:
    """``record`` with one more document's ``person`` joined to it, as :func:`resolve_people`
    would build it (its new forms, roles and document listed after the ones it had; its
    display name kept: the caller has checked the new person cannot change it)."""
    aliases = tuple(dict.fromkeys(
        [*record.aliases, *(f for f in (person.name, *person.aliases) if f != record.name)]))
    return replace(record, aliases=aliases,
                   roles=tuple(_add_roles(record.roles, [(doc_id, person)])),
                   documents=tuple(dict.fromkeys((*record.documents, doc_id))),
                   mentions=record.mentions + len(person.mentions))
