"""Cross-document resolution of the store: full, or incremental for a few new documents.

A **full** resolution reads every stored extraction, merges people and groups questions
(:func:`digests.pipeline.resolve_all`) and replaces the cross-document tables. An
**incremental** one reads only the part of the store that the waiting documents (saved, not yet
shown) can reach through the indexes of schema v8, re-resolves that part with the same rules
and replaces it alone; both show the waiting documents in the transaction that writes their
people and questions.

What "reach" means follows the rules of :mod:`digests.merge`:

* people: a waiting document's person is compared only with persons sharing one of its
  :func:`~digests.merge.people.probe_keys` (name key, family class, the surname it lends or
  takes); every person those belong to is re-resolved whole, with the surname-only persons
  among them reaching all possible owners of their surname, and every person a curated entry
  they match names;
* questions: a group is re-grouped when it holds a candidate of a waiting document, a stance of
  a person whose id changed, a candidate sharing enough topic words with a waiting candidate to
  be similar, or a frame key of a candidate re-grouped. Groups are connected components of the
  similarity graph, so re-grouping whole components with everything that gained an edge to
  them gives the partition a full resolution gives.

The common case takes a shorter way (:func:`_attach`): when every person of the new documents
either joins one stored person without changing anything else the rules decide (its display
name, who owns which bare surname) or matches no one, those people are grown in place and
nobody is re-read.

Ids stay put: a person keeps the old id most of its members had when its display name still
yields it, and new ids never take one held outside the part re-resolved. A full resolution
runs when the indexes are not complete (a store upgraded to schema v8, or written by an older
tool), when nothing is resolved yet, or when many documents wait (then reading everything is
the cheaper way). One deliberate difference remains: a document saved again with fewer people
does not re-examine bare surnames its old version's full names had claimed; the next full
resolution (``briefbot ingest --full-resolve``) does.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from . import pipeline
from .curated import Curated
from .merge.people import (
    Resolution,
    forms_match,
    grow_record,
    person_keys,
    probe_keys,
    resolve_people,
)
from .merge.questions import (
    candidate_frame,
    frame_keys,
    group_questions_indexed,
    required_overlap,
)
from .models import Person, PersonRecord, QuestionCandidate, QuestionIndex
from .names import name_key, name_tokens
from .store import Store

__all__ = ["INCREMENTAL_MAX_DOCS", "INCREMENTAL_MAX_SHARE", "resolve_full", "resolve_incremental",
           "resolve_store"]

#: Incremental resolution is for a few new documents: at most this many waiting ...
INCREMENTAL_MAX_DOCS = 2000
#: ... and at most this share of the documents already resolved.
INCREMENTAL_MAX_SHARE = 0.25

_Item = tuple[str, int, QuestionCandidate]


def resolve_store(store: Store, *, curated: Curated | None, full: bool = False) -> str:
    """Resolve the waiting documents with the store; returns ``"full"`` or ``"incremental"``
    (which way it went). ``full``: always re-resolve everything."""
    waiting = store.waiting_documents()
    if not full and waiting and store.resolution_indexed():
        resolved = store.count_resolved()
        if resolved and len(waiting) <= min(INCREMENTAL_MAX_DOCS,
                                             INCREMENTAL_MAX_SHARE * resolved):
            resolve_incremental(store, waiting, curated=curated)
            return "incremental"
    resolve_full(store, curated=curated)
    return "full"


def resolve_full(store: Store, *, curated: Curated | None) -> None:
    """Re-resolve people and questions across every stored document (no spaCy needed)."""
    inputs = store.resolution_inputs()  # people and questions only: no bodies, quotes, events
    resolved = pipeline.resolve_all([], [x for _, _, x in inputs], curated=curated)
    store.save_resolution(resolved.people, resolved.ids, resolved.questions,
                          documents={doc_id: sha for doc_id, sha, _ in inputs},
                          question_index=resolved.question_index)


def resolve_incremental(
    store: Store, waiting: Mapping[str, str], *, curated: Curated | None
) -> None:
    """Resolve the ``waiting`` documents (id -> sha256) against the part of the store they
    reach (see the module doc), and show them."""
    attached = _attach(store, waiting, curated)
    if attached is not None:  # every new person is new, or joins one person as it stands
        people, affected = attached
        remapped: set[str] | None = set()
        changed: set[str] = set()
    else:
        people, affected, previous = _resolve_people_part(store, waiting, curated)
        remapped = None
        changed = {old for key, old in previous.items() if people.ids.get(key) != old}
        changed |= affected - {r.id for r in people.people}
    groups, replaced, items = _regroup_questions_part(store, waiting, people, changed)
    store.save_partial_resolution(
        removed_people=affected, people=people.people, ids=people.ids,
        removed_questions=replaced, questions=[g.record for g in groups],
        question_index={g.record.id: QuestionIndex(tuple(items[i][:2] for i in g.members),
                                                   g.frame_keys) for g in groups},
        documents=waiting, remapped=remapped)


# -- people --------------------------------------------------------------------------------


def _resolve_people_part(
    store: Store, waiting: Mapping[str, str], curated: Curated | None
) -> tuple[Resolution, set[str], dict[tuple[str, str], str]]:
    """The re-resolved people of the part the waiting documents reach, the ids of the stored
    people that part replaces, and the ids its stored persons had."""
    new_people = store.document_people(waiting)
    new_nodes = [(doc_id, p) for doc_id in sorted(new_people) for p in new_people[doc_id]]
    probes = _probes([p for _, p in new_nodes], curated)
    affected = store.people_of_documents(waiting) | store.people_reached(probes, exclude=waiting)
    old_nodes, previous = store.person_nodes(affected, exclude=waiting)
    # a bare surname in play needs every possible owner; a curated entry every person it names
    more = _second_probes([p for _, p in old_nodes], curated) - probes
    if more:
        extra = store.people_reached(more, exclude=waiting) - affected
        if extra:
            affected |= extra
            old_nodes, previous = store.person_nodes(affected, exclude=waiting)
    per_doc = _per_document([*old_nodes, *new_nodes])
    taken: set[str] = set()
    while True:  # new ids never take one held outside the part
        resolution = resolve_people(per_doc, curated=curated, previous=previous, taken=taken)
        clash = store.people_ids_in_use([p.id for p in resolution.people],
                                        exclude=affected) - taken
        if not clash:
            return resolution, affected, previous
        taken |= clash


def _attach(
    store: Store, waiting: Mapping[str, str], curated: Curated | None
) -> tuple[Resolution, set[str]] | None:
    """The common case, without re-resolving whole people: new documents (not new versions)
    whose persons, none of which could meet another, each either join exactly one stored
    person (a full name one that already carries its surnames, under a display name it
    cannot change; a surname alone the one person owning it) or match no one (a full name
    lending its surnames to no bare surname). Returns the people written (the stored ones
    grown, the new ones) and the ids of the stored ones grown; None when any condition fails
    (the general path then re-resolves what the documents reach).

    The result is the full resolution's, up to order: a grown person's new aliases, roles and
    document come after the ones it had."""
    if (curated and curated.people) or store.people_of_documents(waiting):
        return None
    new_people = store.document_people(waiting)
    nodes = [(doc_id, p) for doc_id in sorted(new_people) for p in new_people[doc_id]]
    probes = [probe_keys(p) for _, p in nodes]
    if len({k for keys in probes for k in keys}) < sum(len(keys) for keys in probes):
        return None  # two new persons could meet: resolve them together
    holders = store.key_holders({k for keys in probes for k in keys})
    spellings = store.spellings({k for keys in probes for k in keys if k[0] in "nf"})
    grown: dict[str, PersonRecord] = {}
    ids: dict[tuple[str, str], str] = {}
    fresh: list[tuple[str, Person]] = []
    for doc_id, person in nodes:
        place = _place(person, holders, spellings)
        if place is None:
            return None
        if place == "":
            fresh.append((doc_id, person))
            continue
        record = grown.get(place) or store.people(ids=[place])[0]
        if person.name != record.name and len(name_key(person.name)) >= len(
                name_key(record.name)):
            return None  # the display name might change
        grown[place] = grow_record(record, doc_id, person)
        ids[(doc_id, person.key)] = place
    people = _fresh_people(store, fresh, taken=set(grown))
    return (Resolution(people=(*grown.values(), *people.people), ids=ids | people.ids),
            set(grown))


def _place(person: Person, holders: Mapping[str, set[str]],
           spellings: Iterable[tuple[str, str, tuple[str, ...]]]) -> str | None:
    """Where one new person goes in :func:`_attach`: the id of the stored person it joins,
    ``""`` for a new person of its own, None when it needs the general path."""
    if len(name_tokens(person.name)) < 2:  # a surname alone joins its one owner, if any
        [bare] = [k[2:] for k in person_keys(person) if k.startswith("b:")]
        owners = holders.get("s:" + bare, set())
        return next(iter(owners)) if len(owners) == 1 else ""
    forms = (person.name, *person.aliases)
    matched = {pid for pid, name, aliases in spellings if forms_match(forms, (name, *aliases))}
    ends = [k[2:] for k in person_keys(person) if k.startswith("s:")]
    if not matched:  # a new owner for a bare surname is decided with the others
        return None if any(holders.get("b:" + end) for end in ends) else ""
    if len(matched) > 1:
        return None
    [pid] = matched
    return pid if all(pid in holders.get("s:" + end, ()) for end in ends) else None


def _fresh_people(store: Store, fresh: Sequence[tuple[str, Person]], *,
                  taken: set[str]) -> Resolution:
    """People of their own for ``fresh`` nodes, with ids no one else holds."""
    taken = set(taken)
    while True:
        people = resolve_people(_per_document(fresh), taken=taken)
        clash = store.people_ids_in_use([p.id for p in people.people]) - taken
        if not clash:
            return people
        taken |= clash


def _probes(people: Iterable[Person], curated: Curated | None) -> set[str]:
    keys: set[str] = set()
    for person in people:
        keys |= probe_keys(person)
    return keys | _curated_probes(people, curated)


def _second_probes(people: Sequence[Person], curated: Curated | None) -> set[str]:
    """What the persons already in play must reach besides: owners of bare surnames, and what
    a curated entry they match names."""
    keys = {"s:" + k[2:] for p in people if len(name_tokens(p.name)) < 2
            for k in person_keys(p) if k.startswith("b:")}
    return keys | _curated_probes(people, curated)


def _curated_probes(people: Iterable[Person], curated: Curated | None) -> set[str]:
    """The probe keys of every form of each curated entry one of ``people`` matches."""
    if not (curated and curated.people):
        return set()
    keys: set[str] = set()
    for person in people:
        for form in (person.name, *person.aliases):
            entry = curated.find(form)
            if entry is not None:
                for name in entry.forms():
                    keys |= probe_keys(Person(key="curated", name=name))
    return keys


def _per_document(nodes: Sequence[tuple[str, Person]]) -> list[tuple[str, list[Person]]]:
    """Nodes grouped by document, in store order (document id; a document's own order)."""
    out: dict[str, list[Person]] = {}
    for doc_id, person in nodes:
        out.setdefault(doc_id, []).append(person)
    return [(doc_id, out[doc_id]) for doc_id in sorted(out)]


# -- questions ------------------------------------------------------------------------------


def _regroup_questions_part(
    store: Store, waiting: Mapping[str, str], people: Resolution, changed: set[str]
) -> tuple[list[Any], set[str], list[_Item]]:
    """The regrouped questions of the part the waiting documents reach (with the members'
    ``(doc_id, seq, candidate)`` they index), and the ids of the stored questions replaced.
    ``changed``: ids of stored people that now name someone else or no one."""
    new_items = store.document_candidates(waiting)
    replaced = store.questions_of_documents(waiting) | store.questions_with_speakers(changed)
    for _, _, c in new_items:
        need = required_overlap(len(set(c.topic)))
        if need is not None:
            replaced |= store.questions_sharing_words(c.topic, at_least=need, exclude=waiting)
    members = store.member_candidates(replaced, exclude=waiting)
    person_map = store.person_map({d for d, _, _ in members} - set(waiting)) | people.ids

    def person_id(doc_id: str, key: str | None) -> str | None:
        return person_map.get((doc_id, key)) if key else None

    frames = _frame_keys([*new_items, *members], person_id)
    extra = store.questions_with_frames(frames) - replaced
    if extra:  # whole components that gained a frame edge
        replaced |= extra
        members = store.member_candidates(replaced, exclude=waiting)
        person_map |= store.person_map({d for d, _, _ in members} - set(waiting)) | people.ids
    items = sorted({(d, s): (d, s, c) for d, s, c in [*new_items, *members]}.values(),
                   key=lambda t: (t[0], t[1]))
    taken: set[str] = set()
    while True:
        groups = group_questions_indexed([(d, c) for d, _, c in items], person_id=person_id,
                                         taken=taken)
        clash = store.question_ids_in_use([g.record.id for g in groups],
                                          exclude=replaced) - taken
        if not clash:
            return groups, replaced, items
        taken |= clash


def _frame_keys(items: Iterable[_Item], person_id) -> set[str]:
    keys: set[str] = set()
    for doc_id, _, candidate in items:
        keys |= frame_keys(candidate_frame(doc_id, candidate, person_id=person_id))
    return keys
