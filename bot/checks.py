"""Who counts as a Briefbot admin on Discord.

An admin is a guild member with the Manage Server permission, or with the role configured as
the bot's admin role (by id or by name). Direct messages never carry admin rights. The same
rule serves prefix commands (a :class:`discord.Member` from the message) and slash commands
(the interaction's member, whose permissions Discord resolves for the channel).
"""
from __future__ import annotations

from collections.abc import Iterable

import discord


def is_admin(user: discord.abc.User | None, *, admin_roles: Iterable[str] = (),
             permissions: discord.Permissions | None = None) -> bool:
    """True when ``user`` may run admin commands.

    ``permissions`` overrides the member's guild permissions (use the interaction's resolved
    permissions for slash commands); ``admin_roles`` holds role ids or names (case-insensitive).
    """
    if not isinstance(user, discord.Member):
        return False
    perms = permissions if permissions is not None else user.guild_permissions
    if perms.manage_guild or perms.administrator:
        return True
    wanted = {str(r).strip().lower() for r in admin_roles if str(r).strip()}
    return any(str(role.id) in wanted or role.name.lower() in wanted for role in user.roles)
