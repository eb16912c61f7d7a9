"""The one command core behind every chat surface.

Discord prefix commands, slash commands and the console all turn what the user typed into a
command line plus an :class:`Invocation` (who, where, admin or not) and call
:meth:`CommandCore.handle`, which returns a :class:`Reply` (text pages, optionally embeds, and
whether only the caller should see it). Adapters never contain command logic.

Replies that read better as embeds (``who``, ``brief``, ``digest``) carry embeds on the Discord
surfaces when the renderer can make them; they always carry the text pages too, which the console
prints and Discord falls back to. Embeds are checked against Discord's limits once, by the
Discord adapter right before sending (:func:`bot.discord_app.reply_embeds`), which sends the
text pages instead when any embed breaks a limit. Short answers (help, errors, schedules) are plain text.

Commands: ``digest``, ``brief [TOPIC|NAME|DATE RANGE]``, ``who NAME``, ``quotes NAME``,
``timeline [SINCE]``, ``questions``, ``sources`` (the news sources' status, then the articles),
``help``; admin: ``schedule add HH:MM [TZ] [#channel]``, ``schedule list``, ``schedule remove
ID``, ``source add URL [EVERY] [NAME]``, ``source list``, ``source remove ID``, ``source poll
[ID]``, ``reingest``, ``post``, ``status``.

The reader commands (``digest``, ``brief``, ``who``, ``quotes``, ``timeline``, ``questions``,
``sources``) are planned in two steps: ``_plan_<name>`` reads the arguments with the date grammar
of :mod:`digests.briefing` (raising :class:`UsageError`) and returns the function that reads the
store. :meth:`CommandCore.view` runs both without rendering: the ``briefbot`` CLI uses it, so
``briefbot brief "last week"`` is ``!brief last week``.

Bad input never raises: it gets a reply with the command's usage, and unknown names get
"did you mean" suggestions. Expensive commands have a per-user cooldown on an injected clock.
The core only reads the store (and writes schedules); it never loads the spaCy model, except
through the injected re-ingest function behind the admin ``reingest`` command.
"""
from __future__ import annotations

import asyncio
import logging
import math
import re
import secrets
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from bot.health import BotHealth, StatusContext, status_text
from bot.metrics import Metrics
from bot.posting import (
    CONSOLE_TARGET,
    DISCORD_PREFIX,
    DigestPoster,
    describe_target,
    discord_channel_id,
    pack_embeds,
)
from bot.scheduling import DigestScheduler, ScheduleError, parse_hhmm, utc_now, zone
from digests import briefing
from digests.briefing import Briefing, DateRangeError, Profile, UnknownName
from digests.models import Schedule, Source
from digests.render import split_message
from digests.settings import Settings
from digests.sources import SourceError, new_source, private_address

log = logging.getLogger(__name__)

SURFACES = ("discord", "slash", "console")


@dataclass(frozen=True, slots=True)
class Invocation:
    """Who asked, from where. ``target`` is where a schedule made here posts by default
    ("discord:<channel id>" or "console"); ``surface`` is "discord", "slash" or "console"."""

    author_id: str
    author_name: str
    is_admin: bool = False
    target: str = CONSOLE_TARGET
    surface: str = "console"
    guild: str | None = None
    #: Discord only: ``owns_channel(channel_id)`` is True when that channel belongs to the
    #: invoking server (``guild``). Without it, a Discord invocation may schedule only into
    #: its own channel (``target``) and sees no other channel's schedules.
    owns_channel: Callable[[int], bool] | None = field(default=None, compare=False)

    def __post_init__(self) -> None:
        if self.surface not in SURFACES:
            raise ValueError(f"surface {self.surface!r}: expected one of {', '.join(SURFACES)}")

    @property
    def discord(self) -> bool:
        return self.surface in ("discord", "slash")


@dataclass(frozen=True, slots=True)
class Reply:
    """Pages of text (one message each) and, optionally, embeds (one per message). On Discord,
    embeds when present and within Discord's limits (checked by the adapter just before sending)
    are shown *instead of* the pages, one per page; the pages stay the text version (the
    console's answer, and Discord's fallback).
    ``ephemeral`` = only the caller sees it (honoured by slash commands). ``ok`` is False for
    usage errors, refusals and lookups that found nothing; ``miss`` is True only for the last
    (an unknown name answered with "did you mean"): an answer, not an error."""

    pages: tuple[str, ...] = ()
    embeds: tuple[dict[str, Any], ...] = ()
    ephemeral: bool = False
    ok: bool = True
    miss: bool = False

    @property
    def text(self) -> str:
        return "\n\n".join(self.pages)


def error(text: str) -> Reply:
    return Reply((text,), ephemeral=True, ok=False)


class UsageError(ValueError):
    """A reader command's arguments cannot be read. ``reason`` says why in one sentence; the
    message adds the command's usage."""

    def __init__(self, reason: str, usage: str) -> None:
        super().__init__(f"{reason} {usage}".strip())
        self.reason = reason


#: ``build()`` -> what a reader command shows (a Briefing or a Profile), reading the store.
Build = Callable[[], "Briefing | Profile"]


@dataclass(frozen=True, slots=True)
class Command:
    """``usage`` is the command's form without the prefix, or a tuple of alternative forms
    (each shown with the prefix)."""

    name: str
    usage: str | tuple[str, ...]
    summary: str
    handler: Callable[[str, Invocation], Awaitable[Reply]]
    admin: bool = False
    expensive: bool = False

    @property
    def forms(self) -> tuple[str, ...]:
        return (self.usage,) if isinstance(self.usage, str) else self.usage


class Cooldowns:
    """Per-user, per-command rate limit: one successful call per ``seconds``, on an injected
    clock. Refused or failed calls do not start the cooldown."""

    def __init__(self, seconds: float, clock: Callable[[], datetime]) -> None:
        self.seconds = seconds
        self.clock = clock
        self._last: dict[tuple[str, str], datetime] = {}

    def remaining(self, user: str, command: str) -> float:
        """Seconds the user must still wait before running ``command`` again (0 = go ahead)."""
        last = self._last.get((user, command))
        if last is None:
            return 0.0
        return max(0.0, self.seconds - (self.clock() - last).total_seconds())

    def mark(self, user: str, command: str) -> None:
        self._last[(user, command)] = self.clock()

    def clear(self, user: str, command: str) -> None:
        self._last.pop((user, command), None)


Reingest = Callable[[], Awaitable[str]]
"""Re-runs ingestion and returns a one-line report."""


class CommandCore:
    """Parses a command line and answers it from the store through briefing and render."""

    def __init__(self, store: Any, renderer: Any, settings: Settings,
                 clock: Callable[[], datetime] = utc_now, *,
                 poster: DigestPoster | None = None, scheduler: DigestScheduler | None = None,
                 reingest: Reingest | None = None, poller: Any = None,
                 prefix: str | None = None,
                 cooldown_seconds: float | None = None,
                 default_timezone: str | None = None, health: BotHealth | None = None,
                 metrics: Metrics | None = None) -> None:
        """``prefix``, ``cooldown_seconds`` and ``default_timezone`` default to the settings
        (``[discord] command_prefix``, ``[discord] cooldown_seconds``, ``timezone``).
        ``health`` is the running process's state for ``status``; ``metrics`` counts commands
        and their latency."""
        self.store = store
        self.health = health
        self.metrics = metrics
        #: the Prometheus endpoint's URL once it serves (``status`` shows it)
        self.metrics_url: str | None = None
        self.renderer = renderer
        self.settings = settings
        self.clock = clock
        self.poster = poster
        self.scheduler = scheduler
        self.reingest = reingest
        #: a :class:`bot.polling.SourcePoller` (None: sources are stored but not polled here)
        self.poller = poller
        self.prefix = settings.discord.command_prefix if prefix is None else prefix
        self.default_timezone = default_timezone or settings.timezone
        seconds = settings.discord.cooldown_seconds if cooldown_seconds is None else cooldown_seconds
        self.cooldowns = Cooldowns(seconds, clock)
        self.commands: dict[str, Command] = {c.name: c for c in self._table()}
        self._reingest_lock = asyncio.Lock()  # one re-ingest at a time, whoever asks
        self._background: set[asyncio.Task[Any]] = set()  # polls started from chat

    def _table(self) -> list[Command]:
        return [
            Command("digest", "digest", "what is new since the last digest", self._digest,
                    expensive=True),
            Command("brief", "brief [TOPIC | NAME | DATE RANGE]",
                    "a briefing, optionally on a topic, a person or a date range", self._brief,
                    expensive=True),
            Command("who", "who NAME", "who someone is: roles, quotes, documents", self._who),
            Command("quotes", "quotes NAME", "what someone said", self._quotes),
            Command("timeline", "timeline [SINCE]", "dated events, oldest first", self._timeline),
            Command("questions", "questions", "open questions and who leans which way",
                    self._questions),
            Command("sources", "sources", "the news sources (last poll, outcome, articles) and "
                    "the articles behind the briefings", self._sources),
            Command("help", "help [COMMAND]", "this list", self._help),
            Command("schedule", ("schedule add HH:MM [TZ] [#channel]", "schedule list",
                                 "schedule remove ID"),
                    "daily digests (admin)", self._schedule, admin=True),
            Command("status", "status", "the store, schedules, sources and the bot's health "
                    "(admin)", self._status, admin=True),
            Command("source", ("source add URL [EVERY] [NAME]", "source list", "source remove ID",
                               "source poll [ID]"),
                    "news feeds and pages polled on an interval (admin)", self._source, admin=True),
            Command("reingest", "reingest", "re-read the article folder (admin)", self._reingest,
                    admin=True, expensive=True),
            Command("post", "post", "post the digest here now (admin)", self._post, admin=True,
                    expensive=True),
        ]

    # ------------------------------------------------------------------ entry point

    async def handle(self, line: str, ctx: Invocation) -> Reply:
        """Answer one command line. Never raises: failures become a short reply."""
        started = time.perf_counter()
        reply = await self._handle(line, ctx)
        name, _ = self.parse(line)
        if self.metrics is not None and name in self.commands:
            self.metrics.command(name, ctx.surface, time.perf_counter() - started, ok=reply.ok)
        return reply

    async def _handle(self, line: str, ctx: Invocation) -> Reply:
        name, args = self.parse(line)
        if not name:
            return error(f"Type `{self.prefix}help` for the list of commands.")
        command = self.commands.get(name)
        if command is None:
            return error(self._unknown_command(name))
        if command.admin and not ctx.is_admin:
            return error(f"`{name}` is for admins (Manage Server permission or the bot's admin "
                         "role).")
        # Cooldowns protect a shared chat from one user flooding it; the console is one local
        # user running commands (often a script), so it has none.
        limited = command.expensive and ctx.surface != "console"
        if limited:
            wait = self.cooldowns.remaining(ctx.author_id, name)
            if wait > 0:
                return error(f"`{name}` is cooling down; try again in {math.ceil(wait)} s.")
        if limited:
            # marked before awaiting, so a second call during this one is refused; cleared
            # again when this one is refused or fails (those do not start the cooldown)
            self.cooldowns.mark(ctx.author_id, name)
        reply: Reply | None = None
        try:
            reply = await command.handler(args, ctx)
        except Exception:  # noqa: BLE001 - the user gets a line, the log gets the traceback
            log.exception("command %r failed", line)
            reply = error(f"Sorry, `{name}` failed unexpectedly; the error has been logged.")
        finally:
            if limited and (reply is None or not reply.ok):
                self.cooldowns.clear(ctx.author_id, name)
        return reply

    def parse(self, line: str) -> tuple[str, str]:
        """``"!who Ana Duarte"`` -> ``("who", "Ana Duarte")``; the prefix and "/" are optional."""
        text = line.strip()
        for lead in (self.prefix, "/"):
            if lead and text.startswith(lead):
                text = text[len(lead):].lstrip()
                break
        name, _, args = text.partition(" ")
        return name.lower(), args.strip()

    def usage(self, name: str) -> str:
        return f"Usage: {self._forms(self.commands[name])}"

    def _forms(self, command: Command) -> str:
        """```!schedule list` | `!schedule remove ID``: every form with the prefix."""
        return " | ".join(f"`{self.prefix}{form}`" for form in command.forms)

    def _unknown_command(self, name: str) -> str:
        close = [c for c in self.commands if c.startswith(name[:2])] if name else []
        hint = f" Did you mean {', '.join(f'`{self.prefix}{c}`' for c in close)}?" if close else ""
        return f"Unknown command `{name}`.{hint} Type `{self.prefix}help` for the list."

    # ------------------------------------------------------------------ rendering

    async def _answer(self, build: Callable[[], Any], ctx: Invocation, *,
                      embeds: bool = False) -> Reply:
        """Build (store reads) and render off the event loop, so a large store never stalls
        the Discord gateway; :class:`UnknownName` becomes a "did you mean" reply. ``embeds``:
        this answer reads better as embeds on Discord."""
        try:
            return await asyncio.to_thread(lambda: self._render(build(), ctx, embeds=embeds))
        except UnknownName as exc:
            return self._unknown_name(exc)

    def _render(self, obj: Any, ctx: Invocation, *, embeds: bool = False) -> Reply:
        if not ctx.discord:
            return Reply((self.renderer.text(obj).rstrip(),))
        pages = tuple(self.renderer.discord_pages(obj))
        return Reply(pages, self._embeds(obj) if embeds else ())

    def _embeds(self, obj: Any) -> tuple[dict[str, Any], ...]:
        """The renderer's embeds packed into as few messages as fit, or () when they cannot be
        made (the reply is then sent as text pages). Discord's limits are checked once, by the
        adapter right before sending (:func:`bot.discord_app.reply_embeds`)."""
        try:
            embeds = pack_embeds(self.renderer.discord_embeds(obj))
        except Exception:  # noqa: BLE001 - a template or limit failure costs the embeds only
            log.warning("could not render %s as embeds; replying with text",
                        type(obj).__name__, exc_info=True)
            return ()
        if not embeds:
            log.warning("no embeds for %s; replying with text", type(obj).__name__)
            return ()
        return tuple(embeds)

    def _unknown_name(self, exc: Any) -> Reply:
        suggestions = list(getattr(exc, "suggestions", ()) or ())[:5]
        query = getattr(exc, "query", "") or ""
        hint = f" Did you mean: {', '.join(suggestions)}?" if suggestions else ""
        return Reply((f"I don't know anyone called {query!r}.{hint}",), ephemeral=True, ok=False,
                     miss=True)

    # ------------------------------------------------------------------ reader commands

    #: The reader commands: they show what the store knows, on every surface (the CLI too).
    READERS = ("digest", "brief", "who", "quotes", "timeline", "questions", "sources")

    def view(self, name: str, args: str = "", *, target: str = CONSOLE_TARGET) -> Briefing | Profile:
        """What the reader command ``name args`` shows, built but not rendered (the CLI renders
        it in the format asked for). Raises :class:`UsageError` for arguments that cannot be
        read and :class:`~digests.briefing.UnknownName` for a person nobody matches."""
        if name not in self.READERS:
            raise ValueError(f"{name!r} is not a reader command ({', '.join(self.READERS)})")
        return self._plan(name, args, target)()

    def _plan(self, name: str, args: str, target: str) -> Build:
        """Read the arguments now (raising :class:`UsageError`); the store is read by the
        returned function, off the event loop."""
        planners: dict[str, Callable[[str, str], Build]] = {
            "digest": self._plan_digest, "brief": self._plan_brief, "who": self._plan_who,
            "quotes": self._plan_quotes, "timeline": self._plan_timeline,
            "questions": self._plan_questions, "sources": self._plan_sources,
        }
        return planners[name](args, target)

    async def _read(self, name: str, args: str, ctx: Invocation, *, embeds: bool = False) -> Reply:
        try:
            build = self._plan(name, args, ctx.target)
        except UsageError as exc:
            return error(str(exc))
        return await self._answer(build, ctx, embeds=embeds)

    async def _digest(self, args: str, ctx: Invocation) -> Reply:
        return await self._read("digest", args, ctx, embeds=True)

    async def _brief(self, args: str, ctx: Invocation) -> Reply:
        return await self._read("brief", args, ctx, embeds=True)

    async def _who(self, args: str, ctx: Invocation) -> Reply:
        return await self._read("who", args, ctx, embeds=True)

    async def _quotes(self, args: str, ctx: Invocation) -> Reply:
        return await self._read("quotes", args, ctx)

    async def _timeline(self, args: str, ctx: Invocation) -> Reply:
        return await self._read("timeline", args, ctx)

    async def _questions(self, args: str, ctx: Invocation) -> Reply:
        return await self._read("questions", args, ctx)

    async def _sources(self, args: str, ctx: Invocation) -> Reply:
        articles = await self._read("sources", args, ctx)
        status = await asyncio.to_thread(self.store.sources)
        if not status:
            return articles
        return Reply(_pages(self._source_table(status)) + articles.pages, articles.embeds,
                     articles.ephemeral, articles.ok)

    def _source_table(self, sources: list[Source]) -> str:
        lines = ["News sources:"]
        for s in sources:
            when = f"{s.last_poll:%Y-%m-%d %H:%M} UTC" if s.last_poll else "never polled"
            state = s.last_status or "not polled yet"
            lines.append(f"`{s.id}` {s.label} — {when}; {s.articles} article(s); {state}")
        return "\n".join(lines)

    def _plan_digest(self, args: str, target: str) -> Build:
        poster = self.poster
        if poster is None:
            return lambda: briefing.build_daily(self.store, since=None, now=self.clock())
        return lambda: poster.briefing_for(target)

    def _plan_brief(self, args: str, target: str) -> Build:
        now = self.clock()
        try:
            request = briefing.parse_brief_request(args, today=now.date())
        except DateRangeError as exc:
            raise UsageError(_sentence(exc), self.usage("brief")) from None
        return lambda: briefing.build_briefing(self.store, since=request.since,
                                               until=request.until, topic=request.topic, now=now)

    def _plan_who(self, args: str, target: str) -> Build:
        if not args:
            raise UsageError("", self.usage("who"))
        now = self.clock()
        return lambda: briefing.build_profile(self.store, args, now=now)

    def _plan_quotes(self, args: str, target: str) -> Build:
        if not args:
            raise UsageError("", self.usage("quotes"))
        now = self.clock()
        return lambda: briefing.quotes_by(self.store, args, now=now)

    def _plan_timeline(self, args: str, target: str) -> Build:
        now = self.clock()
        try:
            since = briefing.parse_since(args, today=now.date())
        except DateRangeError as exc:
            raise UsageError(_sentence(exc), self.usage("timeline")) from None
        return lambda: briefing.timeline(self.store, since=since, now=now)

    def _plan_questions(self, args: str, target: str) -> Build:
        now = self.clock()
        return lambda: briefing.open_questions(self.store, now=now)

    def _plan_sources(self, args: str, target: str) -> Build:
        now = self.clock()
        return lambda: briefing.sources(self.store, now=now)

    async def _help(self, args: str, ctx: Invocation) -> Reply:
        name = args.lower().lstrip(self.prefix)
        if name:
            if name not in self.commands:
                return error(self._unknown_command(name))
            command = self.commands[name]
            return Reply((f"{self.usage(name)}\n{command.summary}",), ephemeral=True)
        lines = [f"{self._forms(c)} — {c.summary}" for c in self.commands.values()
                 if ctx.is_admin or not c.admin]
        return Reply(("Briefbot commands:\n" + "\n".join(lines),), ephemeral=True)

    # ------------------------------------------------------------------ admin commands

    async def _schedule(self, args: str, ctx: Invocation) -> Reply:
        action, _, rest = args.partition(" ")
        action = action.lower()
        if action == "add":
            return self._schedule_add(rest.split(), ctx)
        if action == "list":
            return self._schedule_list(ctx)
        if action == "remove":
            return self._schedule_remove(rest.strip(), ctx)
        return error(self.usage("schedule"))

    def _in_this_server(self, target: str, ctx: Invocation) -> bool:
        """May ``ctx`` (on Discord: an admin of one server) schedule into ``target``? The
        console may use any target; Discord only its own channel or, through the adapter's
        ``owns_channel`` check, another channel of the same server."""
        if not ctx.discord or target == ctx.target:
            return True
        channel = discord_channel_id(target)
        if channel is None or ctx.guild is None or ctx.owns_channel is None:
            return False
        try:
            return bool(ctx.owns_channel(channel))
        except Exception:  # noqa: BLE001 - an unknown channel is simply not this server's
            log.warning("could not check channel %s", channel, exc_info=True)
            return False

    def _visible(self, schedule: Schedule, ctx: Invocation) -> bool:
        """The schedules ``ctx`` may list and remove: all on the console; on Discord those
        made in the invoking server, plus config-file schedules (no server) posting into it."""
        if not ctx.discord:
            return True
        if schedule.guild is not None:
            return ctx.guild is not None and schedule.guild == ctx.guild
        return discord_channel_id(schedule.target) is not None and self._in_this_server(
            schedule.target, ctx)

    def _schedule_add(self, words: list[str], ctx: Invocation) -> Reply:
        if not words or len(words) > 3:
            return error(self.usage("schedule"))
        try:
            at = parse_hhmm(words[0])
            target, tz = ctx.target, self.default_timezone
            for word in words[1:]:
                channel = _channel_target(word)
                if channel is not None:
                    target = channel
                else:
                    zone(word)
                    tz = word
        except ScheduleError as exc:
            return error(f"{exc}. {self.usage('schedule')}")
        sender = getattr(self.poster, "sender", None)
        if sender is not None and hasattr(sender, "handles") and not sender.handles(target):
            return error(f"I cannot post to {describe_target(target)} from here; schedule it "
                         f"from the surface that shows it. {self.usage('schedule')}")
        if not self._in_this_server(target, ctx):
            return error(f"{describe_target(target)} is not a channel of this server; a "
                         "schedule can only post into a channel of the server it is made in. "
                         f"{self.usage('schedule')}")
        schedule = Schedule(id=self._new_schedule_id(), target=target, time=f"{at:%H:%M}",
                            timezone=tz, created_by=ctx.author_id, guild=ctx.guild)
        self.store.add_schedule(schedule)
        if self.scheduler is not None:
            self.scheduler.add(schedule)
        return Reply((f"Scheduled the daily digest for {describe_target(target)} at "
                      f"{schedule.time} {schedule.timezone} (id `{schedule.id}`).",))

    def _new_schedule_id(self) -> str:
        taken = {s.id for s in self.store.schedules()}
        while (candidate := secrets.token_hex(3)) in taken:
            continue
        return candidate

    def _schedule_list(self, ctx: Invocation) -> Reply:
        schedules = [s for s in self.store.schedules() if self._visible(s, ctx)]
        if not schedules:
            return Reply((f"No schedules. Add one with `{self.prefix}schedule add HH:MM`.",))
        lines = [f"`{s.id}` {s.time} {s.timezone} → {describe_target(s.target)}"
                 for s in schedules]
        return Reply(("\n".join(lines),))

    def _schedule_remove(self, schedule_id: str, ctx: Invocation) -> Reply:
        if not schedule_id:
            return error(self.usage("schedule"))
        schedule = self.store.schedule(schedule_id)
        if (schedule is None or not self._visible(schedule, ctx)
                or not self.store.remove_schedule(schedule_id)):
            known = ", ".join(f"`{s.id}`" for s in self.store.schedules()
                              if self._visible(s, ctx)) or "none"
            return error(f"No schedule `{schedule_id}`. Known ids: {known}.")
        if self.scheduler is not None:
            self.scheduler.remove(schedule_id)
        return Reply((f"Removed schedule `{schedule_id}`.",))

    async def _source(self, args: str, ctx: Invocation) -> Reply:
        action, _, rest = args.partition(" ")
        action = action.lower()
        if action == "add":
            return await self._source_add(rest.split(), ctx)
        if action == "list":
            sources = self.store.sources()
            if not sources:
                return Reply((f"No sources. Add one with `{self.prefix}source add URL`.",))
            return Reply(_pages(self._source_table(sources)))
        if action == "remove":
            return self._source_remove(rest.strip())
        if action == "poll":
            return await self._source_poll(rest.strip(), ctx)
        return error(self.usage("source"))

    async def _source_add(self, words: list[str], ctx: Invocation) -> Reply:
        if not words:
            return error(self.usage("source"))
        location, every, name = words[0], None, words[1:]
        if name and _INTERVALISH.fullmatch(name[0]):  # "30m", "1h30m" (checked when added)
            every, name = name[0], name[1:]
        if ctx.discord and "://" not in location:
            return error("From chat, a source is an http:// or https:// feed or article URL; "
                         "add local folders with `briefbot sources add PATH`.")
        if ctx.discord and not self.settings.fetch.allow_private_addresses:
            private = await asyncio.to_thread(private_address, location)
            if private is not None:
                return error(f"{location} is on a private or local address ({private}); from "
                             "chat only public sites can be added (an operator can add it with "
                             "`briefbot sources add`, or allow it: [fetch] "
                             "allow_private_addresses).")
        try:
            source = new_source(location, taken={s.id for s in self.store.sources()},
                                every=every, name=" ".join(name),
                                # told when it keeps failing; the console prints that anyway
                                added_by=ctx.author_id if ctx.discord else None)
        except SourceError as exc:
            return error(f"{_sentence(exc)} {self.usage('source')}")
        self.store.add_source(source)
        if self.poller is not None:
            self.poller.add(source)
        minutes = source.every_seconds / 60
        return Reply((f"Added source `{source.id}`: {source.label}, polled every "
                      f"{minutes:g} min. `{self.prefix}sources` shows how it goes.",))

    def _source_remove(self, source_id: str) -> Reply:
        if not source_id:
            return error(self.usage("source"))
        if not self.store.remove_source(source_id):
            known = ", ".join(f"`{s.id}`" for s in self.store.sources()) or "none"
            return error(f"No source `{source_id}`. Known ids: {known}.")
        if self.poller is not None:
            self.poller.remove(source_id)
        return Reply((f"Removed source `{source_id}`; the articles it brought stay.",))

    async def _source_poll(self, source_id: str, ctx: Invocation) -> Reply:
        refusal = self._cannot_poll(source_id)
        if refusal is not None:
            return refusal
        ids = [source_id] if source_id else None
        if ctx.discord:
            return self._poll_in_background(ids)
        reports = await self.poller.poll(ids)
        if not reports:
            return error("Those sources are being polled right now; try again in a moment.")
        lines = [line for report in reports for line in report.lines()]
        return Reply(_pages("\n".join(lines)), ok=all(r.ok for r in reports))

    def _cannot_poll(self, source_id: str) -> Reply | None:
        """Why ``source poll [ID]`` cannot run here, or None."""
        if self.poller is None:
            return error("Polling is not available here.")
        sources = self.store.sources()
        if not sources:
            return Reply((f"No sources. Add one with `{self.prefix}source add URL`.",))
        if source_id and all(s.id != source_id for s in sources):
            known = ", ".join(f"`{s.id}`" for s in sources)
            return error(f"No source `{source_id}`. Known ids: {known}.")
        return None

    def _poll_in_background(self, ids: list[str] | None) -> Reply:
        """A poll may take minutes: answer now and poll in the background (the worker)."""
        task = asyncio.create_task(self.poller.poll(ids))
        self._background.add(task)
        task.add_done_callback(self._background.discard)
        which = f"source `{ids[0]}`" if ids else "every source"
        return Reply((f"Polling {which} now; `{self.prefix}sources` shows how it went.",))

    async def _status(self, args: str, ctx: Invocation) -> Reply:
        context = StatusContext(self.store, self.settings, self.clock(), health=self.health,
                                metrics_url=self.metrics_url)
        text = await asyncio.to_thread(status_text, context)
        if not ctx.discord:
            return Reply((text,), ephemeral=True)
        # a masked password ("user:***@host") must not turn into bold text; "<#id>" stays a link
        return Reply(tuple(split_message(_MARKDOWN_EMPHASIS.sub(r"\\\1", text))), ephemeral=True)

    async def _reingest(self, args: str, ctx: Invocation) -> Reply:
        if self.reingest is None:
            return error("Re-ingest is not available here.")
        if self._reingest_lock.locked():
            return error("A re-ingest is already running; wait for it to finish.")
        async with self._reingest_lock:
            return Reply((await self.reingest(),))

    async def _post(self, args: str, ctx: Invocation) -> Reply:
        if self.poster is None:
            return error("Posting is not available here.")
        key = f"manual:{self.clock():%Y-%m-%dT%H:%M}"
        outcome = await self.poster.post(ctx.target, key, admin_id=ctx.author_id)
        if outcome.status == "sent":
            return Reply((f"Posted the digest ({len(outcome.message_ids)} message(s)).",),
                         ephemeral=True)
        if outcome.status == "skipped":
            return error("That digest was already posted a moment ago.")
        return error(f"Posting failed: {outcome.error}")


_INTERVALISH = re.compile(r"\d+[hms](\d+[ms])?(\d+s)?", re.IGNORECASE)


def _pages(text: str) -> tuple[str, ...]:
    """Text split into messages Discord accepts (the console prints them one after another)."""
    return tuple(split_message(text))


def _channel_target(word: str) -> str | None:
    """``<#123>`` (a Discord channel mention) -> "discord:123"; "console" -> "console"."""
    match = re.fullmatch(r"<#(\d+)>", word)
    if match:
        return f"{DISCORD_PREFIX}{match[1]}"
    if word.lower() == CONSOLE_TARGET:
        return CONSOLE_TARGET
    if word.startswith("#"):
        raise ScheduleError(f"{word!r} is not a channel I can see; mention it as #channel so "
                            "Discord turns it into a link")
    return None


_MARKDOWN_EMPHASIS = re.compile(r"([\\*~|`])")  # "_" inside words is never emphasis


def _sentence(exc: Exception) -> str:
    text = str(exc).strip()
    return (text[:1].upper() + text[1:]).rstrip(".") + "."
