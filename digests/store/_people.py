"""People as resolved across documents: names, aliases and their lookup keys, roles, the mention
map, and the lookups (`who`, suggestions) over them."""
from __future__ import annotations

import functools
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

import sqlalchemy as sa
from rapidfuzz import fuzz as rf_fuzz
from rapidfuzz import process as rf_process
from sqlalchemy.engine import Connection, Engine

from ..merge.questions import FRAME_KEYS_VERSION
from ..models import PersonRecord, QuestionIndex, QuestionRecord, Role
from ..names import lookup_key
from ._questions import insert_question_index, insert_questions
from ._schema import (
    RESOLUTION_INDEX_META,
    aliases_t,
    documents_t,
    mentions_t,
    meta_t,
    people_t,
    question_docs_t,
    question_frames_t,
    question_members_t,
    questions_t,
    roles_t,
    stances_t,
    set_meta,
)
from ._sql import MAX_IN_IDS, bp, expanding


@dataclass(frozen=True, slots=True)
class _Row:
    """A ``people`` row as :meth:`PeopleMixin._load_people` reads it."""

    id: str
    name: str
    mentions: int
    documents: tuple[str, ...]


def _rows_within(conn: Connection, named: Mapping[str, set[str]]) -> list[_Row]:
    """The people rows of ``named`` (id -> the asked documents naming them), most mentioned
    first, each with only those documents: a central person's list of every document is not
    read."""
    query = (sa.select(people_t.c.id, people_t.c.name, people_t.c.mentions)
             .order_by(people_t.c.mentions.desc(), people_t.c.id))
    if len(named) <= MAX_IN_IDS:
        query = query.where(people_t.c.id.in_(sorted(named)))
    return [_Row(r.id, r.name, r.mentions, tuple(sorted(named[r.id])))
            for r in conn.execute(query) if r.id in named]


@dataclass(frozen=True, slots=True)
class RoleSummary:
    """One of a person's distinct roles (see :meth:`Store.person_roles`)."""

    text: str
    documents: int  # how many documents give it
    doc_ids: tuple[str, ...] = ()  # those of the documents asked about that give it


#: The upper end of a key prefix range: [q, q + _KEY_MAX) holds every key starting with q (keys
#: compare by code point / UTF-8 bytes, and no character sorts after U+10FFFF).
_KEY_MAX = "\U0010ffff"


def name_key(text: str) -> str:
    """The lookup key of a name: accents, case, hyphens, spaces and punctuation ignored, and
    letters such as ø or æ spelt out, as the resolver folds them (:func:`digests.names.lookup_key`)."""
    return lookup_key(text)


# Statements of the lookup path (``who``), built once per shape with bound parameters: building
# a SQLAlchemy statement and its cache key costs several times what SQLite takes to run these
# small indexed queries, so lookups reuse them.


@functools.cache
def _rank_people_stmt(tier: str, exclude: bool) -> Any:
    """People rows whose aliases match :key in ``tier`` (exact/prefix/substring), best first;
    ``exclude``: not the :exclude ids. Parameters :key, :limit (prefix: :end; :exclude)."""
    a = aliases_t
    if tier == "exact":
        condition, rank = a.c.key == bp("key"), sa.case((a.c.seq == 0, 0), else_=1)
    elif tier == "prefix":  # the key range [key, key + U+10FFFF), the key itself excluded
        condition, rank = sa.and_(a.c.key > bp("key"), a.c.key < bp("end")), sa.literal(2)
    else:
        condition, rank = a.c.key.contains(bp("key")), sa.literal(3)
    if exclude:
        condition = sa.and_(condition, a.c.person_id.notin_(expanding("exclude")))
    return (
        sa.select(people_t)
        .join(aliases_t, aliases_t.c.person_id == people_t.c.id)
        .where(condition)
        .group_by(people_t.c.id)  # people's other columns depend on it (its primary key)
        .order_by(sa.func.min(rank), people_t.c.mentions.desc(), people_t.c.name)
        .limit(bp("limit"))
    )


@functools.cache
def _aliases_of_stmt() -> Any:
    return (sa.select(aliases_t.c.person_id, aliases_t.c.alias)
            .where(aliases_t.c.seq > 0, aliases_t.c.person_id.in_(expanding("ids")))
            .order_by(aliases_t.c.person_id, aliases_t.c.seq))


@functools.cache
def _roles_of_stmt(first: bool) -> Any:
    """Roles of :ids; ``first``: only each person's first :first (seqs count 0, 1, ...)."""
    query = (sa.select(roles_t.c.person_id, roles_t.c.text, roles_t.c.doc_id)
             .where(roles_t.c.person_id.in_(expanding("ids")))
             .order_by(roles_t.c.person_id, roles_t.c.seq))
    return query.where(roles_t.c.seq < bp("first")) if first else query


@functools.cache
def _person_roles_stmt(cite: bool) -> Any:
    """:person's roles grouped by (trimmed text, the document when it is one of :doc_ids)."""
    r = roles_t
    text = sa.func.trim(r.c.text)
    cited = (sa.case((r.c.doc_id.in_(expanding("doc_ids")), r.c.doc_id), else_=sa.null())
             if cite else sa.null())
    # (a top-N subquery to apply the limit in SQL doubles the cost: the groups are few anyway)
    rows = (sa.select(text.label("text"), cited.label("cited"), r.c.doc_id, r.c.seq)
            .where(r.c.person_id == bp("person")).subquery())
    return sa.select(rows.c.text, rows.c.cited, sa.func.count(sa.distinct(rows.c.doc_id)),
                     sa.func.min(rows.c.seq)).group_by(rows.c.text, rows.c.cited)


class PeopleMixin:
    """The people part of :class:`~digests.store.Store` (over the ``engine`` the facade opens)."""

    engine: Engine

    def save_resolution(
        self,
        people: Sequence[PersonRecord],
        ids: Mapping[tuple[str, str], str],
        questions: Sequence[QuestionRecord],
        *,
        documents: Mapping[str, str] | None = None,
        question_index: Mapping[str, QuestionIndex] | None = None,
    ) -> None:
        """Replace the cross-document tables, and in the SAME transaction let readers see the
        documents the resolution was made from: ``documents`` maps their ids to the sha256
        they had then (a document saved again meanwhile stays unseen until the next
        resolution); None: every stored document. ``question_index``: each question's
        members and frame keys, for every question (the next resolution may then be
        incremental); None: unknown (the next one is full)."""
        with self.engine.begin() as conn:
            for table in (stances_t, question_docs_t, question_members_t, question_frames_t,
                          questions_t, mentions_t, roles_t, aliases_t, people_t):
                conn.execute(sa.delete(table))
            conn.execute(sa.delete(meta_t).where(meta_t.c.key == RESOLUTION_INDEX_META))
            insert_people(conn, people)
            if ids:
                conn.execute(sa.insert(mentions_t), [
                    {"doc_id": doc_id, "local_key": key, "person_id": pid}
                    for (doc_id, key), pid in ids.items()])
            insert_questions(conn, questions)
            if question_index is not None:
                insert_question_index(conn, question_index)
                set_meta(conn, RESOLUTION_INDEX_META, FRAME_KEYS_VERSION)
            mark_resolved(conn, documents)
            set_meta(conn, PEOPLE_VERSION_META, uuid.uuid4().hex)

    def people(
        self, *, doc_ids: Iterable[str] | None = None, ids: Iterable[str] | None = None
    ) -> list[PersonRecord]:
        """Everyone, most mentioned first; with ``ids``, only those people (all their roles;
        unknown ids are skipped); with ``doc_ids``, the people those documents mention,
        each with only the roles and ``documents`` among those documents (a central person's
        roles and documents across the whole store are not read). Otherwise ``documents``
        lists all of a person's documents."""
        if ids is not None and doc_ids is not None:
            raise ValueError("people(): give ids or doc_ids, not both")
        if ids is not None:
            return self._people_by_ids(list(dict.fromkeys(ids)))
        if doc_ids is None:
            return self._people_where(None)
        wanted = list(dict.fromkeys(doc_ids))
        if not wanted:
            return []
        keep = set(wanted)
        few = len(wanted) <= MAX_IN_IDS
        with self.engine.connect() as conn:
            if few:
                pairs = conn.execute(sa.select(mentions_t.c.person_id, mentions_t.c.doc_id)
                                     .where(mentions_t.c.doc_id.in_(wanted))).all()
            else:  # one scan of the mention map beats a huge IN (...) list
                pairs = [(pid, doc_id) for pid, doc_id in conn.execute(
                    sa.select(mentions_t.c.person_id, mentions_t.c.doc_id)) if doc_id in keep]
            named: dict[str, set[str]] = {}
            for pid, doc_id in pairs:
                named.setdefault(pid, set()).add(doc_id)
            if not named:
                return []
            rows = _rows_within(conn, named)
            found = self._load_people(conn, [r.id for r in rows] if len(rows) <= MAX_IN_IDS
                                      else None, rows=rows,
                                      roles_where=roles_t.c.doc_id.in_(wanted) if few else None)
        found = [p for p in found if p.id in named]
        if few:
            return found
        return [replace(p, roles=tuple(r for r in p.roles if r.doc_id in keep)) for p in found]

    def _people_by_ids(self, ids: list[str]) -> list[PersonRecord]:
        if not ids:
            return []
        with self.engine.connect() as conn:
            found: list[PersonRecord] = []
            for i in range(0, len(ids), MAX_IN_IDS):  # stay under the bound-parameter limit
                found += self._load_people(conn, ids[i:i + MAX_IN_IDS])
        if len(ids) > MAX_IN_IDS:
            found.sort(key=lambda p: (-p.mentions, p.id))
        return found

    def person(self, id: str) -> PersonRecord | None:
        found = self._people_where(people_t.c.id == id)
        return found[0] if found else None

    def find_people(
        self, query: str, *, limit: int = 10, max_roles: int | None = None, substring: bool = True
    ) -> list[PersonRecord]:
        """People whose name or an alias matches ``query`` by :func:`name_key`, best first:
        exact display name, exact alias, key prefix, key substring (each tier most mentioned
        first). Each record carries at most ``max_roles`` roles (its first; None: all, 0: none).

        Tiers are read in turn until ``limit`` people are found: exact keys and prefixes are
        index lookups (a prefix is the key range [q, q + U+10FFFF)); the substring tier, the
        only scan of the aliases, runs only when those left room (with ``limit=1``: only when
        nothing else matched) and ``substring`` is true (false: index lookups only)."""
        key = name_key(query)
        if not key or limit <= 0:
            return []
        with self.engine.connect() as conn:
            rows: list[Any] = []
            # the substring tier, the only scan of the aliases, runs only if the index lookups
            # of the first two left room
            for tier in ("exact", "prefix", "substring") if substring else ("exact", "prefix"):
                params: dict[str, Any] = {"key": key, "limit": limit - len(rows)}
                if tier == "prefix":
                    params["end"] = key + _KEY_MAX
                if rows:
                    params["exclude"] = [r.id for r in rows]
                rows += conn.execute(_rank_people_stmt(tier, bool(rows)), params).all()
                if len(rows) >= limit:
                    break
            if not rows:
                return []
            return self._load_people(conn, [r.id for r in rows], rows=rows,
                                     with_roles=max_roles is None or max_roles > 0,
                                     first_roles=max_roles or None)

    def person_roles(
        self, person_id: str, *, doc_ids: Iterable[str] = (), limit: int | None = None
    ) -> list[RoleSummary]:
        """The person's distinct roles (surrounding whitespace ignored) in the order first given,
        at most ``limit``: each with how many documents give it and which of ``doc_ids`` do.

        One grouped statement (the person's role rows are not sent to Python one by one): a
        group per role for the documents outside ``doc_ids`` and one per role and document among
        them, so the counts add up exactly; ``limit`` applies to those few groups. (Roles
        differing only in surrounding whitespace other than spaces are merged after counting:
        a document giving both counts twice.)"""
        if limit is not None and limit <= 0:
            return []
        wanted = list(dict.fromkeys(doc_ids))
        grouped = _person_roles_stmt(bool(wanted))
        params: dict[str, Any] = {"person": person_id}
        if wanted:
            params["doc_ids"] = wanted
        first: dict[str, int] = {}
        counts: dict[str, int] = {}
        given: dict[str, list[tuple[int, str]]] = {}
        with self.engine.connect() as conn:
            for text_, doc_id, n, seq in conn.execute(grouped, params):
                key = text_.strip()
                first[key] = min(seq, first.get(key, seq))
                counts[key] = counts.get(key, 0) + n
                if doc_id is not None:
                    given.setdefault(key, []).append((seq, doc_id))
        order = sorted(first, key=first.__getitem__)[:limit]
        return [RoleSummary(key, counts[key],
                            tuple(dict.fromkeys(d for _, d in sorted(given.get(key, ())))))
                for key in order]

    def close_names(self, query: str, *, limit: int = 5, cutoff: float = 60) -> list[str]:
        """Display names of the people whose name or an alias is closest to ``query`` (case
        ignored; similarity at least ``cutoff`` of 100, best first): "did you mean".

        One fuzzy matcher (rapidfuzz) over the list of known names, kept per store object and
        rebuilt only when a resolution changed the people (a version in ``meta``): a miss costs
        one indexed read and a C scan of the names, not a read of every alias."""
        if limit <= 0 or not query.strip():
            return []
        keys, display = self._name_list()
        found = rf_process.extract(query.lower(), keys, scorer=rf_fuzz.ratio,
                                   limit=limit * 2, score_cutoff=cutoff)
        return list(dict.fromkeys(display[i] for _, _, i in found))[:limit]

    def _name_list(self) -> tuple[list[str], list[str]]:
        with self.engine.connect() as conn:
            version = conn.execute(sa.select(meta_t.c.value)
                                   .where(meta_t.c.key == PEOPLE_VERSION_META)).scalar()
            cached = getattr(self, "_names", None)
            if cached is not None and cached[0] == version:
                return cached[1], cached[2]
            first: dict[str, str] = {}
            for alias, name in conn.execute(sa.select(aliases_t.c.alias, people_t.c.name).join(
                    people_t, people_t.c.id == aliases_t.c.person_id)):
                first.setdefault(alias.lower(), name)
        self._names = (version, list(first), list(first.values()))
        return self._names[1], self._names[2]

    def names(self) -> list[tuple[str, str]]:
        """Every (name or alias, display name) pair, for "did you mean" suggestions."""
        pairs = sa.select(aliases_t.c.alias, people_t.c.name).join(
            people_t, people_t.c.id == aliases_t.c.person_id)
        with self.engine.connect() as conn:
            return [(alias, name) for alias, name in conn.execute(pairs)]

    def people_by_word_prefix(self, prefix: str, *, limit: int = 25) -> list[str]:
        """Display names of the people whose name or an alias has a word starting with
        ``prefix`` (case-insensitive; spaces normalised), most mentioned first."""
        needle = " ".join(prefix.lower().split())
        if limit <= 0:
            return []
        alias = sa.func.lower(aliases_t.c.alias)
        like = needle.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        query = (
            sa.select(people_t.c.name)
            .join(aliases_t, aliases_t.c.person_id == people_t.c.id)
            .where(sa.or_(alias.like(f"{like}%", escape="\\"),
                          alias.like(f"% {like}%", escape="\\")))
            .group_by(people_t.c.id, people_t.c.name, people_t.c.mentions)
            .order_by(people_t.c.mentions.desc(), people_t.c.name)
            .limit(limit)
        )
        with self.engine.connect() as conn:
            return list(conn.execute(query).scalars())

    def _people_where(self, condition: Any) -> list[PersonRecord]:
        with self.engine.connect() as conn:
            if condition is None:
                return self._load_people(conn, None)
            ids = list(conn.execute(sa.select(people_t.c.id).where(condition)).scalars())
            return self._load_people(conn, ids) if ids else []

    @staticmethod
    def _load_people(
        conn: Connection, ids: Sequence[str] | None, *, roles_where: Any = None,
        with_roles: bool = True, first_roles: int | None = None, rows: Sequence[Any] | None = None,
    ) -> list[PersonRecord]:
        """People ``ids`` (None: everyone) with their aliases and roles, most mentioned first --
        or, given their ``rows`` already read, in that order. Roles: those ``roles_where`` keeps
        (None: all), each person's first ``first_roles`` (None: all), none without
        ``with_roles``."""
        if rows is None:
            query = sa.select(people_t).order_by(people_t.c.mentions.desc(), people_t.c.id)
            if ids is not None:
                query = query.where(people_t.c.id.in_(ids))
            rows = conn.execute(query).all()
        if not rows:
            return []
        if ids is None:
            alias_rows = conn.execute(
                sa.select(aliases_t.c.person_id, aliases_t.c.alias).where(aliases_t.c.seq > 0)
                .order_by(aliases_t.c.person_id, aliases_t.c.seq))
        else:
            alias_rows = conn.execute(_aliases_of_stmt(), {"ids": list(ids)})
        aliases: dict[str, list[str]] = {}
        for pid, alias in alias_rows:
            aliases.setdefault(pid, []).append(alias)
        roles: dict[str, list[Role]] = {}
        if with_roles:
            if roles_where is None and ids is not None:
                params: dict[str, Any] = {"ids": list(ids)}
                if first_roles is not None:
                    params["first"] = first_roles
                role_rows = conn.execute(_roles_of_stmt(first_roles is not None), params)
            else:
                role_query = (sa.select(roles_t.c.person_id, roles_t.c.text, roles_t.c.doc_id)
                              .order_by(roles_t.c.person_id, roles_t.c.seq))
                if roles_where is not None:
                    # the documents' filter alone, so that their index is used: with the
                    # people's too, the planner may read every role of each person instead
                    role_query = role_query.where(roles_where)
                elif ids is not None:
                    role_query = role_query.where(roles_t.c.person_id.in_(ids))
                role_rows = conn.execute(role_query)
            asked = None if ids is None else set(ids)
            for pid, text, doc_id in role_rows:
                if asked is None or pid in asked:
                    roles.setdefault(pid, []).append(Role(text, doc_id))
        return [
            PersonRecord(id=r.id, name=r.name, aliases=tuple(aliases.get(r.id, ())),
                         roles=tuple(roles.get(r.id, ())), documents=tuple(r.documents),
                         mentions=r.mentions)
            for r in rows
        ]


#: The :meth:`Store.get_meta` key that changes with every resolution (the name matcher's cue).
PEOPLE_VERSION_META = "people_version"


def mark_resolved(conn: Connection, documents: Mapping[str, str] | None) -> None:
    """Show the unresolved documents the resolution included (by id and content hash)."""
    waiting = sa.select(documents_t.c.id, documents_t.c.sha256).where(
        documents_t.c.resolved == sa.false())
    done = [r.id for r in conn.execute(waiting)
            if documents is None or documents.get(r.id) == r.sha256]
    for i in range(0, len(done), MAX_IN_IDS):
        conn.execute(sa.update(documents_t).where(documents_t.c.id.in_(done[i:i + MAX_IN_IDS]))
                     .values(resolved=True))


def insert_people(conn: Connection, people: Sequence[PersonRecord], *,
                  update: bool = False) -> None:
    """Write the people with their aliases and roles; ``update``: their rows exist (their
    aliases and roles were deleted) and are updated in place."""
    if not people:
        return
    rows = [{"id": p.id, "name": p.name, "mentions": p.mentions, "documents": list(p.documents)}
            for p in people]
    if update:
        for row in rows:
            conn.execute(sa.update(people_t).where(people_t.c.id == row["id"]).values(
                name=row["name"], mentions=row["mentions"], documents=row["documents"]))
    else:
        conn.execute(sa.insert(people_t), rows)
    aliases = [
        {"person_id": p.id, "seq": i, "alias": alias, "key": name_key(alias)}
        for p in people
        for i, alias in enumerate(dict.fromkeys((p.name, *p.aliases)))
    ]
    conn.execute(sa.insert(aliases_t), aliases)
    roles = [{"person_id": p.id, "seq": i, "text": r.text, "doc_id": r.doc_id}
             for p in people for i, r in enumerate(p.roles)]
    if roles:
        conn.execute(sa.insert(roles_t), roles)
