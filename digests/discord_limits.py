"""Discord's documented size limits, in one place, and how Discord measures text against them.

Discord counts lengths in UTF-16 code units (as JavaScript's ``String.length`` does): an emoji
or any other character outside the Basic Multilingual Plane counts as two. Everything that
splits, sizes or checks Discord output (:mod:`digests.render`, :mod:`bot.posting`, the Discord
adapter) measures with :func:`discord_len` against :data:`DISCORD_LIMITS`, so what the renderer
produces is what the checks accept.

No discord import here: ``digests/`` never imports discord.
See https://discord.com/developers/docs/resources/message#embed-object-embed-limits.
"""
from __future__ import annotations

from typing import Any

__all__ = ["DISCORD_LIMITS", "discord_len", "embed_problems", "embed_size"]

#: Discord's documented limits. ``embed_total`` counts title, description, field names and
#: values, footer text and author name of every embed in one message.
DISCORD_LIMITS: dict[str, int] = {
    "message": 2000,
    "embed_total": 6000,
    "title": 256,
    "description": 4096,
    "fields": 25,
    "field_name": 256,
    "field_value": 1024,
    "footer": 2048,
    "author": 256,
}


def discord_len(text: str) -> int:
    """Length of ``text`` as Discord counts it: UTF-16 code units (an astral character such as
    most emoji counts 2). Never less than ``len(text)``."""
    return len(text) + sum(1 for ch in text if ord(ch) > 0xFFFF)


def embed_size(embed: dict[str, Any]) -> int:
    """What ``embed`` counts towards the 6,000 total: title, description, field names and
    values, footer text and author name, in UTF-16 code units (missing parts count 0)."""
    def part(value: Any) -> int:
        return discord_len(value) if isinstance(value, str) else 0

    size = part(embed.get("title")) + part(embed.get("description"))
    fields = embed.get("fields") or ()
    if isinstance(fields, (list, tuple)):
        size += sum(part(f.get("name")) + part(f.get("value")) for f in fields if isinstance(f, dict))
    footer, author = embed.get("footer") or {}, embed.get("author") or {}
    if isinstance(footer, dict):
        size += part(footer.get("text"))
    if isinstance(author, dict):
        size += part(author.get("name"))
    return size


def embed_problems(embed: Any) -> list[str]:
    """Why ``embed`` (a dict as :meth:`discord.Embed.to_dict` makes) cannot be sent on its own
    in one message; an empty list means it is within every limit."""
    if not isinstance(embed, dict):
        return [f"an embed must be a dict, not {type(embed).__name__}"]
    problems: list[str] = []

    def text(value: Any, what: str, limit: int, *, required: bool = False) -> int:
        if value is None or value == "":
            if required:
                problems.append(f"{what} is empty")
            return 0
        if not isinstance(value, str):
            problems.append(f"{what} is not text")
            return 0
        size = discord_len(value)
        if size > limit:
            problems.append(f"{what} has {size} characters (limit {limit})")
        return size

    L = DISCORD_LIMITS
    total = text(embed.get("title"), "title", L["title"])
    total += text(embed.get("description"), "description", L["description"])
    fields = embed.get("fields") or []
    if not isinstance(fields, (list, tuple)):
        problems.append("fields is not a list")
        fields = []
    if len(fields) > L["fields"]:
        problems.append(f"{len(fields)} fields (limit {L['fields']})")
    for number, item in enumerate(fields, 1):
        if not isinstance(item, dict):
            problems.append(f"field {number} is not a dict")
            continue
        total += text(item.get("name"), f"field {number} name", L["field_name"], required=True)
        total += text(item.get("value"), f"field {number} value", L["field_value"],
                      required=True)
    for key, limit_key, what in (("footer", "footer", "footer text"),
                                 ("author", "author", "author name")):
        part = embed.get(key) or {}
        if not isinstance(part, dict):
            problems.append(f"{key} is not a dict")
            continue
        total += text(part.get("text" if key == "footer" else "name"), what, L[limit_key])
    if total > L["embed_total"]:
        problems.append(f"{total} characters in all (limit {L['embed_total']})")
    if not (embed.get("title") or embed.get("description") or fields):
        problems.append("nothing to show (no title, description or fields)")
    return problems
