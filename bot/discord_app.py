"""The Discord adapter: a thin ``commands.Bot`` over :class:`bot.commands.CommandCore`.

Every command is a hybrid command (``!who Ana`` and ``/who name:Ana``) whose body only turns the
call into a command line plus an :class:`Invocation` and sends the core's :class:`Reply`. The
bot is built with its dependencies (discord.py's ``advanced_startup`` pattern): the core, the
scheduler and the senders are passed in, asynchronous start-up happens in ``setup_hook`` (never
``on_ready``, which fires again on every reconnect), and ``allowed_mentions`` is
``AllowedMentions.none()`` so quoted text can never ping anyone.

Also here: :class:`DiscordSender` (the posting path's way into a channel), the admin DM
notifier, :class:`PageView` (buttons over multi-page replies), a logging filter that redacts
the token, and :func:`run_bot` behind ``briefbot run`` with one-line explanations of the
usual start-up failures.

Replies with embeds (``who``, ``brief``, ``digest``) are sent one embed per message, several
behind the same :class:`PageView` buttons. Before sending, every embed is checked against
Discord's limits again; the text pages are sent instead when a check fails, when the bot lacks
Embed Links in the channel, or when Discord refuses the embeds (HTTP 400).
"""
from __future__ import annotations

import asyncio
import functools
import logging
import sys
import time
from collections.abc import Callable, Sequence
from typing import Any

import aiohttp
import discord
from discord import app_commands
from discord.ext import commands

from bot.checks import is_admin
from bot.commands import CommandCore, Invocation, Reply
from bot.health import HEARTBEAT_EVERY, Backoff, BotHealth, keep_heartbeat, write_heartbeat
from bot.metrics import Metrics, MetricsError
from bot.posting import DISCORD_PREFIX, Content, PostError, discord_channel_id
from bot.runtime import build_runtime
from bot.scheduling import DigestScheduler
from digests.briefing import suggest
from digests.discord_limits import embed_problems
from digests.store import StoreError

log = logging.getLogger(__name__)

MAX_EMBEDS = 10
PAGE_TIMEOUT = 300.0
#: Seconds a closing bot waits for the heartbeat write under way.
HEARTBEAT_STOP_WAIT = 5.0


# ------------------------------------------------------------------------------------ sending


def _embeds(dicts: Sequence[dict[str, Any]]) -> list[discord.Embed]:
    return [discord.Embed.from_dict(d) for d in dicts][:MAX_EMBEDS]


class DiscordSender:
    """Sends posting-path content to ``discord:<channel id>`` targets through REST."""

    def __init__(self, client: discord.Client) -> None:
        self.client = client

    def handles(self, target: str) -> bool:
        return target.startswith(DISCORD_PREFIX)

    async def send(self, target: str, content: Content) -> list[str]:
        channel_id = discord_channel_id(target)
        if channel_id is None:
            raise PostError(f"{target!r} is not a Discord channel target")
        channel = self.client.get_partial_messageable(channel_id)
        ids: list[str] = []
        try:
            for index, page in enumerate(content.pages):
                embeds = _embeds(content.embeds) if index == 0 and content.embeds else []
                message = await channel.send(page, embeds=embeds)
                ids.append(str(message.id))
        except discord.Forbidden as exc:
            raise PostError(f"missing permission to post in <#{channel_id}> ({exc.text or 'forbidden'})",
                            status=403) from None
        except discord.NotFound as exc:
            raise PostError(f"channel <#{channel_id}> no longer exists ({exc.text or 'not found'})",
                            status=404) from None
        except discord.HTTPException as exc:
            raise PostError(f"Discord refused the post: HTTP {exc.status} {exc.text}",
                            status=exc.status) from None
        return ids


def dm_notifier(client: discord.Client):
    """A :data:`bot.posting.Notifier` that DMs the admin who set the schedule."""

    async def notify(admin_id: str | None, text: str) -> None:
        if not admin_id or not admin_id.isdigit():
            log.warning("post failure with no admin to tell: %s", text)
            return
        user = client.get_user(int(admin_id)) or await client.fetch_user(int(admin_id))
        await user.send(text)

    return notify


# ------------------------------------------------------------------------------------ pagination


Page = str | discord.Embed
"""One message of a reply: Markdown text, or one embed."""


def _message(page: Page) -> dict[str, Any]:
    """The ``send`` / ``edit_message`` keyword arguments that show ``page``."""
    if isinstance(page, discord.Embed):
        return {"embed": page}
    return {"content": page}


class PageView(discord.ui.View):
    """Previous/Next buttons over a multi-page reply (text pages or embeds, one per page);
    only the caller can turn pages."""

    def __init__(self, pages: Sequence[Page], author_id: int, *, timeout: float = PAGE_TIMEOUT):
        super().__init__(timeout=timeout)
        self.pages = list(pages)
        self.author_id = author_id
        self.index = 0
        self._sync()

    def page(self) -> Page:
        """The current page (the renderer already labels each page with its place: "-# n/m"
        ending a text page, "n/m" in an embed's footer)."""
        return self.pages[self.index]

    def _sync(self) -> None:
        self.previous.disabled = self.index == 0
        self.next.disabled = self.index >= len(self.pages) - 1

    async def interaction_check(self, interaction: discord.Interaction) -> bool:
        if interaction.user.id != self.author_id:
            await interaction.response.send_message(
                "Only the person who asked can turn these pages; run the command yourself.",
                ephemeral=True)
            return False
        return True

    async def _turn(self, interaction: discord.Interaction, step: int) -> None:
        self.index = max(0, min(len(self.pages) - 1, self.index + step))
        self._sync()
        await interaction.response.edit_message(**_message(self.page()), view=self)

    @discord.ui.button(label="◀ Previous", style=discord.ButtonStyle.secondary)
    async def previous(self, interaction: discord.Interaction, _: discord.ui.Button) -> None:
        await self._turn(interaction, -1)

    @discord.ui.button(label="Next ▶", style=discord.ButtonStyle.secondary)
    async def next(self, interaction: discord.Interaction, _: discord.ui.Button) -> None:
        await self._turn(interaction, +1)


def reply_embeds(reply: Reply) -> list[discord.Embed]:
    """The reply's embeds as :class:`discord.Embed` objects, or [] (send the text pages) when
    it has none or any of them breaks one of Discord's limits. This is the one limit check of a
    reply's embeds (the command core does not check them): it runs right before sending, for
    prefix and slash commands alike, with :func:`digests.discord_limits.embed_problems`
    (UTF-16 code units, as Discord counts)."""
    if not reply.embeds:
        return []
    problems = [f"embed {n}: {p}" for n, e in enumerate(reply.embeds, 1)
                for p in embed_problems(e)]
    if problems:
        log.warning("not sending embeds over Discord's limits (%s); sending text",
                    "; ".join(problems))
        return []
    try:
        return [discord.Embed.from_dict(d) for d in reply.embeds]
    except (TypeError, ValueError, KeyError, AttributeError):
        log.warning("malformed embed dict; sending text", exc_info=True)
        return []


def can_embed(ctx: commands.Context) -> bool:
    """False when the bot lacks Embed Links where it would answer a prefix command (Discord
    would drop the embeds). Interaction responses are webhook messages, which may always embed."""
    if ctx.interaction is not None or ctx.guild is None:
        return True
    permissions_for = getattr(ctx.channel, "permissions_for", None)
    if permissions_for is None:
        return True
    return permissions_for(ctx.guild.me).embed_links


async def _send_pages(ctx: commands.Context, pages: Sequence[Page], ephemeral: bool) -> None:
    if len(pages) == 1:
        await ctx.send(**_message(pages[0]), ephemeral=ephemeral)
        return
    view = PageView(pages, ctx.author.id)
    await ctx.send(**_message(view.page()), view=view, ephemeral=ephemeral)


async def send_reply(ctx: commands.Context, reply: Reply) -> None:
    """Send a core reply: its embeds when it has any (one per page) and they may be sent here,
    else its text pages; one page plainly, several behind a :class:`PageView`."""
    embeds = reply_embeds(reply)
    if embeds and not can_embed(ctx):
        log.warning("no Embed Links permission in channel %s; sending text", ctx.channel.id)
        embeds = []
    if embeds:
        try:
            await _send_pages(ctx, embeds, reply.ephemeral)
            return
        except discord.HTTPException as exc:
            if exc.status != 400:
                raise
            log.warning("Discord refused the embeds (HTTP 400 %s); sending text", exc.text)
    await _send_pages(ctx, list(reply.pages) or ["(nothing to show)"], reply.ephemeral)


# ------------------------------------------------------------------------------------ the bot


def log_task_failure(task: asyncio.Task[Any]) -> None:
    """Done-callback for background tasks nobody awaits (the start-up catch-up): log their
    exception instead of losing it."""
    if task.cancelled():
        return
    exc = task.exception()
    if exc is not None:
        log.error("background task %s failed", task.get_name(), exc_info=exc)


#: Errors after which ``briefbot run`` must stop: the token was rejected, a privileged intent
#: is not enabled, or Discord closed the gateway with a code it means as final (discord.py
#: raises ``ConnectionClosed`` only for those; resumable closes it handles itself).
FATAL_GATEWAY_ERRORS: tuple[type[BaseException], ...] = (
    discord.LoginFailure, discord.PrivilegedIntentsRequired, discord.ConnectionClosed)


def guard_parsers(parsers: dict[str, Callable[[Any], None]],
                  on_failure: Callable[[str, BaseException], None]) -> None:
    """Wrap each of discord.py's gateway event parsers (``ConnectionState.parsers``, event
    name -> parser) so that a payload it cannot read -- a missing key, a wrong type -- is
    reported to ``on_failure`` and skipped instead of ending the gateway loop."""
    for event, parse in list(parsers.items()):
        parsers[event] = _guarded(event, parse, on_failure)


def _guarded(event: str, parse: Callable[[Any], None],
             on_failure: Callable[[str, BaseException], None]) -> Callable[[Any], None]:
    @functools.wraps(parse)
    def guarded(data: Any) -> None:
        try:
            parse(data)
        except Exception as exc:  # noqa: BLE001 - one bad event must not end the connection
            on_failure(event, exc)

    return guarded


_SYNC_CARRY_ON = "prefix commands still work, and the next start tries again"


def sync_failure_advice(exc: BaseException, *, guild_id: int | None = None) -> str:
    """One line saying why the slash-command sync failed and what to do about it."""
    where = f"server {guild_id}" if guild_id else "all servers (global commands)"
    if isinstance(exc, app_commands.CommandSyncFailure):
        return (f"Discord refused Briefbot's slash command definitions for {where} ({exc}); "
                f"{_SYNC_CARRY_ON}. This is a Briefbot bug: please report it.")
    if isinstance(exc, discord.Forbidden):
        return (f"Discord refused to register slash commands for {where} (HTTP 403: "
                f"{exc.text or 'forbidden'}): re-invite the bot with the applications.commands "
                f"scope (README, 'Invite the bot to your server'); {_SYNC_CARRY_ON}.")
    if isinstance(exc, discord.HTTPException):
        return (f"Discord could not register slash commands for {where} (HTTP {exc.status}: "
                f"{exc.text or 'no details'}); {_SYNC_CARRY_ON}.")
    if isinstance(exc, discord.DiscordException):
        return f"slash commands were not registered for {where} ({exc}); {_SYNC_CARRY_ON}."
    return (f"could not reach Discord to register slash commands for {where} "
            f"({exc.__class__.__name__}: {exc}); {_SYNC_CARRY_ON}.")


class BriefBot(commands.Bot):
    """The Discord bot. Dependencies come in through the constructor."""

    def __init__(self, core: CommandCore, *, scheduler: DigestScheduler | None = None,
                 admin_roles: Sequence[str] = (), prefix: str = "!",
                 sync_commands: bool = False, sync_guilds: Sequence[int] = (),
                 health: BotHealth | None = None, metrics: Metrics | None = None,
                 reconnect_delay: Backoff | None = None,
                 heartbeat_every: float | None = None, **options: Any) -> None:
        """``heartbeat_every``: seconds between heartbeats left in the store for ``briefbot
        status`` (None: none)."""
        intents = discord.Intents.default()
        intents.message_content = True  # prefix commands read message text
        super().__init__(command_prefix=commands.when_mentioned_or(prefix), intents=intents,
                         allowed_mentions=discord.AllowedMentions.none(), help_command=None,
                         **options)
        self.core = core
        self.scheduler = scheduler
        self.admin_roles = tuple(admin_roles)
        self.sync_commands = sync_commands
        self.sync_guilds = tuple(sync_guilds)
        self.catch_up_task: asyncio.Task[Any] | None = None
        self.sync_task: asyncio.Task[Any] | None = None
        self.health = health if health is not None else BotHealth(surface="discord")
        if core.health is None:  # `status` reports this connection
            core.health = self.health
        self.metrics = metrics
        self.reconnect_delay = reconnect_delay or Backoff()
        self.heartbeat_every = heartbeat_every
        self.heartbeat_task: asyncio.Task[Any] | None = None
        self.heartbeat_stop = asyncio.Event()
        guard_parsers(self._connection.parsers, self._parser_failed)

    async def setup_hook(self) -> None:
        await self.add_cog(BriefCog(self))
        self.tree.on_error = self.on_app_command_error
        if self.sync_commands:
            # in the background: a refused or slow sync must not keep the prefix commands,
            # which need only the gateway, from starting
            self.sync_task = asyncio.create_task(self._sync_slash_commands(), name="slash-sync")
            self.sync_task.add_done_callback(log_task_failure)
        if self.heartbeat_every:
            self.heartbeat_task = asyncio.create_task(
                keep_heartbeat(self.core.store, self.health, every=self.heartbeat_every,
                               stop=self.heartbeat_stop),
                name="heartbeat")
            self.heartbeat_task.add_done_callback(log_task_failure)
        if self.scheduler is not None:
            self.scheduler.start()
            # posts go through REST, so the catch-up need not wait for the gateway
            self.catch_up_task = asyncio.create_task(self.scheduler.catch_up())
            self.catch_up_task.add_done_callback(log_task_failure)

    async def _sync_slash_commands(self) -> bool:
        """Register the slash commands: per configured guild (instant), else globally. A
        failure is logged with what to do and recorded in :attr:`health`; the bot carries on
        with its prefix commands, and the next start tries again. True when every sync
        succeeded."""
        scopes: list[discord.Object | None] = [discord.Object(id=g) for g in self.sync_guilds]
        for guild in scopes or [None]:
            try:
                if guild is not None:
                    self.tree.copy_global_to(guild=guild)
                await self.tree.sync(guild=guild)
            except (discord.DiscordException, aiohttp.ClientError, OSError,
                    asyncio.TimeoutError) as exc:
                advice = sync_failure_advice(exc, guild_id=guild.id if guild else None)
                log.error("%s", advice)
                self.health.slash_sync = f"failed: {advice}"
                return False
        where = f"{len(scopes)} server(s)" if scopes else "globally"
        self.health.slash_sync = f"synced {where}"
        log.info("slash commands synced %s", where)
        return True

    # -------------------------------------------------------------- staying up

    async def connect(self, *, reconnect: bool = True) -> None:
        """discord.py's gateway loop, supervised: discord.py reconnects (with back-off) after
        network errors and resumable closes, but any other exception escaping it -- e.g. a
        frame that is not JSON -- would end ``briefbot run``. Here such an exception is
        logged, the socket dropped, and the loop started again after a growing delay.
        Fatal errors (the token rejected, a privileged intent not enabled, a close code
        Discord means as final) still end it."""
        while not self.is_closed():
            try:
                await super().connect(reconnect=reconnect)
                return
            except FATAL_GATEWAY_ERRORS:
                raise
            except Exception as exc:  # noqa: BLE001 - anything else: log, back off, reconnect
                if not reconnect or self.is_closed():
                    raise
                delay = self.reconnect_delay.next()
                log.error("the Discord connection failed (%s: %s); reconnecting in %.1f s",
                          exc.__class__.__name__, exc, delay, exc_info=exc)
                self.health.gateway_failed(f"{exc.__class__.__name__}: {exc}")
                if self.metrics is not None:
                    self.metrics.reconnect()
                await self._drop_socket()
                await asyncio.sleep(delay)

    async def _drop_socket(self) -> None:
        ws = self.ws
        if ws is not None and ws.open:
            try:
                await ws.close(code=4000)
            except Exception:  # noqa: BLE001 - it is being thrown away anyway
                log.debug("closing the failed gateway socket failed", exc_info=True)

    def _parser_failed(self, event: str, exc: BaseException) -> None:
        log.error("could not read a %s event from the Discord gateway; skipped it", event,
                  exc_info=exc)
        self.health.event_failed(event)
        if self.metrics is not None:
            self.metrics.handler_error(f"gateway:{event}")

    async def on_socket_event_type(self, event: str) -> None:
        self.health.gateway_event(event)
        if event in ("READY", "RESUMED"):
            self.reconnect_delay.reset()

    async def on_error(self, event_method: str, /, *args: Any, **kwargs: Any) -> None:
        """An exception in an event handler: log it and keep serving (never re-raised)."""
        log.exception("the %s handler failed; still serving", event_method)
        if self.metrics is not None:
            self.metrics.handler_error(event_method)

    async def close(self) -> None:
        if self.scheduler is not None:
            self.scheduler.shutdown()
        if self.heartbeat_task is not None and not self.heartbeat_task.done():
            self.heartbeat_stop.set()  # its write under way finishes before the last one
            try:
                await asyncio.wait_for(self.heartbeat_task, timeout=HEARTBEAT_STOP_WAIT)
            except (asyncio.TimeoutError, asyncio.CancelledError):
                pass  # a store that hangs: the "stopped" write below is tried anyway
            await write_heartbeat(self.core.store, self.health, stopped=True)
        await super().close()

    def invocation(self, ctx: commands.Context) -> Invocation:
        permissions = ctx.interaction.permissions if ctx.interaction else None
        return Invocation(
            author_id=str(ctx.author.id), author_name=ctx.author.display_name,
            is_admin=is_admin(ctx.author, admin_roles=self.admin_roles, permissions=permissions),
            target=f"{DISCORD_PREFIX}{ctx.channel.id}",
            surface="slash" if ctx.interaction else "discord",
            guild=str(ctx.guild.id) if ctx.guild else None,
            owns_channel=self._channel_checker(ctx.guild.id if ctx.guild else None),
        )

    def _channel_checker(self, guild_id: int | None):
        """``owns_channel`` for an :class:`Invocation`: is that channel in the invoking server?
        (Channels the bot cannot see, and anything outside a server, are not.)"""

        def owns_channel(channel_id: int) -> bool:
            if guild_id is None:
                return False
            channel = self.get_channel(channel_id)
            guild = getattr(channel, "guild", None)
            return guild is not None and guild.id == guild_id

        return owns_channel

    async def run_line(self, ctx: commands.Context, line: str) -> None:
        """Hand one command line to the core and send its reply."""
        invocation = self.invocation(ctx)
        name, _ = self.core.parse(line)
        command = self.core.commands.get(name)
        slow = command is not None and command.expensive and (invocation.is_admin
                                                               or not command.admin)
        if ctx.interaction is not None and slow:
            await ctx.defer()  # Discord wants an answer within 3 s; a digest may take longer
        reply = await self.core.handle(line, invocation)
        await send_reply(ctx, reply)

    async def on_command_error(self, ctx: commands.Context, exc: Exception) -> None:  # type: ignore[override]
        """Brief answer to the user, traceback to the log."""
        if isinstance(exc, commands.CommandNotFound):
            return  # another bot's prefix, or a typo: stay quiet in busy channels
        if isinstance(exc, (commands.UserInputError, commands.CheckFailure)):
            name = ctx.command.root_parent.name if ctx.command and ctx.command.root_parent else (
                ctx.command.name if ctx.command else "help")
            usage = self.core.usage(name) if name in self.core.commands else ""
            await ctx.send(f"{exc} {usage}".strip(), ephemeral=True)
            return
        log.error("command %s failed", ctx.command, exc_info=exc)
        if self.metrics is not None:
            self.metrics.handler_error(f"command:{ctx.command}")
        await ctx.send("Sorry, that failed unexpectedly; the error has been logged.",
                       ephemeral=True)

    async def on_app_command_error(self, interaction: discord.Interaction,
                                   exc: app_commands.AppCommandError) -> None:
        log.error("slash command failed", exc_info=exc)
        text = "Sorry, that failed unexpectedly; the error has been logged."
        if interaction.response.is_done():
            await interaction.followup.send(text, ephemeral=True)
        else:
            await interaction.response.send_message(text, ephemeral=True)


class BriefCog(commands.Cog):
    """Hybrid commands; each body is one call to :meth:`BriefBot.run_line`."""

    def __init__(self, bot: BriefBot) -> None:
        self.bot = bot

    async def _names(self, interaction: discord.Interaction, current: str
                     ) -> list[app_commands.Choice[str]]:
        names = await asyncio.to_thread(suggest, self.bot.core.store, current, limit=25)
        return [app_commands.Choice(name=n[:100], value=n[:100]) for n in names[:25]]

    @commands.hybrid_command(name="digest", description="What is new since the last digest")
    async def digest(self, ctx: commands.Context) -> None:
        await self.bot.run_line(ctx, "digest")

    @commands.hybrid_command(name="brief", description="A briefing on a topic, person or dates")
    @app_commands.describe(query="a topic, a name, or dates like 2026-03-01..2026-03-07")
    async def brief(self, ctx: commands.Context, *, query: str = "") -> None:
        await self.bot.run_line(ctx, f"brief {query}")

    @commands.hybrid_command(name="who", description="Who someone is")
    @app_commands.describe(name="a person's name")
    async def who(self, ctx: commands.Context, *, name: str) -> None:
        await self.bot.run_line(ctx, f"who {name}")

    @commands.hybrid_command(name="quotes", description="What someone said")
    @app_commands.describe(name="a person's name")
    async def quotes(self, ctx: commands.Context, *, name: str) -> None:
        await self.bot.run_line(ctx, f"quotes {name}")

    @commands.hybrid_command(name="timeline", description="Dated events, oldest first")
    @app_commands.describe(since="a date (YYYY-MM-DD) or 'last 7 days'")
    async def timeline(self, ctx: commands.Context, *, since: str = "") -> None:
        await self.bot.run_line(ctx, f"timeline {since}")

    @commands.hybrid_command(name="questions", description="Open questions and stances")
    async def questions(self, ctx: commands.Context) -> None:
        await self.bot.run_line(ctx, "questions")

    @commands.hybrid_command(name="sources",
                             description="News sources' status and the articles behind the briefings")
    async def sources(self, ctx: commands.Context) -> None:
        await self.bot.run_line(ctx, "sources")

    @commands.hybrid_command(name="help", description="Briefbot's commands")
    async def help(self, ctx: commands.Context, command: str = "") -> None:
        await self.bot.run_line(ctx, f"help {command}")

    @commands.hybrid_group(name="schedule", description="Daily digests (admin)",
                           invoke_without_command=True, fallback="show")
    async def schedule(self, ctx: commands.Context) -> None:
        await self.bot.run_line(ctx, "schedule")

    @schedule.command(name="add", description="Post the digest here every day at HH:MM")
    @app_commands.describe(time="HH:MM, 24-hour", timezone="IANA zone, e.g. Europe/Lisbon",
                           channel="where to post (default: here)")
    async def schedule_add(self, ctx: commands.Context, time: str, timezone: str | None = None,
                           channel: discord.TextChannel | None = None) -> None:
        parts = ["schedule add", time, timezone or "", channel.mention if channel else ""]
        await self.bot.run_line(ctx, " ".join(p for p in parts if p))

    @schedule.command(name="list", description="List the schedules")
    async def schedule_list(self, ctx: commands.Context) -> None:
        await self.bot.run_line(ctx, "schedule list")

    @schedule.command(name="remove", description="Remove a schedule by id")
    async def schedule_remove(self, ctx: commands.Context, schedule_id: str) -> None:
        await self.bot.run_line(ctx, f"schedule remove {schedule_id}")

    @commands.hybrid_group(name="source", description="News feeds and pages polled on an "
                           "interval (admin)", invoke_without_command=True, fallback="show")
    async def source(self, ctx: commands.Context) -> None:
        await self.bot.run_line(ctx, "source")

    @source.command(name="add", description="Poll a feed or article URL on an interval")
    @app_commands.describe(url="an RSS/Atom feed or article URL", every="e.g. 30m, 2h",
                           name="a label for the source")
    async def source_add(self, ctx: commands.Context, url: str, every: str = "",
                         *, name: str = "") -> None:
        await self.bot.run_line(ctx, " ".join(p for p in ("source add", url, every, name) if p))

    @source.command(name="list", description="List the news sources")
    async def source_list(self, ctx: commands.Context) -> None:
        await self.bot.run_line(ctx, "source list")

    @source.command(name="remove", description="Stop polling a source (its articles stay)")
    async def source_remove(self, ctx: commands.Context, source_id: str) -> None:
        await self.bot.run_line(ctx, f"source remove {source_id}")

    @source.command(name="poll", description="Poll the sources (or one) now")
    async def source_poll(self, ctx: commands.Context, source_id: str = "") -> None:
        await self.bot.run_line(ctx, f"source poll {source_id}".strip())

    @commands.hybrid_command(name="reingest", description="Re-read the article folder (admin)")
    async def reingest(self, ctx: commands.Context) -> None:
        await self.bot.run_line(ctx, "reingest")

    @commands.hybrid_command(name="post", description="Post the digest here now (admin)")
    async def post(self, ctx: commands.Context) -> None:
        await self.bot.run_line(ctx, "post")

    @commands.hybrid_command(name="status", description="Store, schedules and bot health (admin)")
    async def status(self, ctx: commands.Context) -> None:
        await self.bot.run_line(ctx, "status")

    @who.autocomplete("name")
    async def _who_names(self, interaction: discord.Interaction, current: str
                         ) -> list[app_commands.Choice[str]]:
        return await self._names(interaction, current)

    @quotes.autocomplete("name")
    async def _quote_names(self, interaction: discord.Interaction, current: str
                           ) -> list[app_commands.Choice[str]]:
        return await self._names(interaction, current)

    @brief.autocomplete("query")
    async def _brief_topics(self, interaction: discord.Interaction, current: str
                            ) -> list[app_commands.Choice[str]]:
        return await self._names(interaction, current)


# ------------------------------------------------------------------------------------ running


class RedactToken(logging.Filter):
    """Replaces the bot token wherever it would appear in a log record (message, arguments,
    formatted traceback)."""

    def __init__(self, token: str) -> None:
        super().__init__()
        self.token = token

    def filter(self, record: logging.LogRecord) -> bool:
        if not self.token:
            return True
        message = record.getMessage()
        if self.token in message:
            record.msg, record.args = message.replace(self.token, "[redacted token]"), ()
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text and self.token in record.exc_text:
            record.exc_text = record.exc_text.replace(self.token, "[redacted token]")
        return True


def install_token_redaction(token: str | None) -> None:
    """Add :class:`RedactToken` to every root handler (adding a stderr handler if none), so
    the token never reaches a log line whatever level or format the CLI configured."""
    if not token:
        return
    root = logging.getLogger()
    if not root.handlers:
        root.addHandler(logging.StreamHandler())
    for handler in root.handlers:
        if not any(isinstance(f, RedactToken) for f in handler.filters):
            handler.addFilter(RedactToken(token))


START_FAILURES = {
    "missing": "DISCORD_TOKEN is not set: create a bot in the Discord Developer Portal "
               "(Applications → your app → Bot → Reset Token) and export DISCORD_TOKEN=<token>.",
    "login": "Discord rejected the token in DISCORD_TOKEN: reset it in the Developer Portal "
             "(Applications → your app → Bot → Reset Token) and export the new one.",
    "intents": "The Message Content intent is not enabled for this bot: Developer Portal → "
               "Applications → your app → Bot → Privileged Gateway Intents → Message Content.",
}


async def serve(bot: BriefBot, token: str) -> None:
    async with bot:
        await bot.start(token)


STANDING_BY = ("another process serves this bot from the same store; standing by as a hot "
               "spare until it stops")


def stand_by_until_leader(leadership: Any) -> None:
    """Without shards, two processes connected with one token would both answer every command:
    a second process waits (saying so once) until it holds the store's scheduler leadership,
    i.e. until the first one stops or dies, and only then connects."""
    if leadership is None or leadership.try_lead():
        return
    print(f"briefbot run: {STANDING_BY}", file=sys.stderr, flush=True)
    while not leadership.try_lead():
        time.sleep(leadership.interval)


class ShardedBriefBot(BriefBot, commands.AutoShardedBot):
    """:class:`BriefBot` running several shards in one process (``[discord] shard_ids``)."""


def sharding(discord_settings: Any) -> tuple[type[BriefBot], dict[str, Any]]:
    """The bot class and its shard options for the ``[discord]`` settings: no sharding by
    default; with ``shard_count``, this process runs ``shard_ids`` (default: every shard)."""
    count = discord_settings.shard_count
    if count is None:
        return BriefBot, {}
    ids = discord_settings.shard_ids
    return ShardedBriefBot, {"shard_count": count,
                             "shard_ids": list(ids) if ids is not None else list(range(count))}


def run_bot(settings: Any, *, env: Any = None) -> int:
    """``briefbot run``: connect to Discord and serve until interrupted. Returns an exit code;
    start-up failures print one line saying what to do."""
    token = settings.discord_token(env)
    install_token_redaction(token)
    if not token:
        print(f"briefbot run: {START_FAILURES['missing']}", file=sys.stderr)
        return 2
    try:
        runtime = build_runtime(settings, surface="discord")
    except StoreError as exc:
        print(f"briefbot run: {exc}", file=sys.stderr)
        return 2
    try:
        runtime.serve_metrics(settings.metrics.port)
    except MetricsError as exc:
        runtime.close()
        print(f"briefbot run: {exc}", file=sys.stderr)
        return 2
    bot_class, shard_options = sharding(settings.discord)
    bot = bot_class(runtime.core, scheduler=runtime.scheduler, **shard_options,
                    admin_roles=[settings.discord.admin_role] if settings.discord.admin_role else (),
                    prefix=settings.discord.command_prefix, sync_commands=True,
                    sync_guilds=settings.discord.guild_ids, health=runtime.health,
                    metrics=runtime.metrics, heartbeat_every=HEARTBEAT_EVERY)
    runtime.senders.add(DiscordSender(bot))
    runtime.poster.notify = dm_notifier(bot)
    try:
        if not shard_options:  # one connection per bot: a second process is a hot spare
            stand_by_until_leader(runtime.scheduler.leadership)
        asyncio.run(serve(bot, token))
    except KeyboardInterrupt:
        return 0
    except (*FATAL_GATEWAY_ERRORS, aiohttp.ClientError, OSError) as exc:
        code, reason = explain_stop(exc)
        print(f"briefbot run: {reason}", file=sys.stderr)
        return code
    finally:
        runtime.metrics.close()
        if runtime.poller is not None:
            runtime.poller.polls.close()  # stop the polling worker process
        runtime.store.close()
    return 0


def explain_stop(exc: BaseException) -> tuple[int, str]:
    """The exit status and the one line for an error that ends ``briefbot run``: 2 when the
    operator must change something (token, intents), 1 when Discord could not be reached."""
    if isinstance(exc, discord.LoginFailure):
        return 2, START_FAILURES["login"]
    if isinstance(exc, discord.PrivilegedIntentsRequired):
        return 2, START_FAILURES["intents"]
    if isinstance(exc, discord.ConnectionClosed):  # a close code Discord means as final
        if exc.code == 4004:  # authentication failed
            return 2, START_FAILURES["login"]
        return 2, (f"Discord closed the connection for good (code {exc.code}: "
                   f"{exc.reason or 'no reason given'}); see Discord's gateway close codes.")
    return 1, (f"cannot reach Discord ({exc.__class__.__name__}: {exc}); check the network "
               "connection and try again.")


def cmd_run(args: Any, settings: Any) -> int:
    """``briefbot run``: the CLI entry (see :func:`run_bot`)."""
    return run_bot(settings)
