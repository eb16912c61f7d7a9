"""Transitional alias of the old module, kept only so that modules another branch is
rewriting (``ingest.load_curated_people`` and the briefing's name lookup) keep importing while
the two branches merge. New code imports :mod:`digests.names`, :mod:`digests.curated` and
:mod:`digests.merge.people`; delete this file once nothing imports it."""
from __future__ import annotations

from digests.curated import Curated, CuratedError, CuratedPerson, load_curated
from digests.merge.people import Resolution, resolve_people
from digests.names import name_key, name_tokens, same_person, same_surname, slug

__all__ = [
    "Curated", "CuratedError", "CuratedPerson", "Resolution", "load_curated", "name_key",
    "name_tokens", "resolve_people", "same_person", "same_surname", "slug",
]
