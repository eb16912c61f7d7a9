"""The optional curated people file (``seeds/people.toml``): aliases and roles a user asserts.

:func:`load_curated` reads ``[[person]]`` tables with ``name``, ``aliases`` and ``roles`` (see
``seeds/people.toml.example``). A missing file is an empty :class:`Curated`; a malformed one
raises :class:`CuratedError` naming the file and line. Both the per-document people extractor
and cross-document merging read the result.
"""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from digests.names import name_key, same_person

__all__ = ["Curated", "CuratedError", "CuratedPerson", "load_curated"]



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
