"""The single posting path: ``post_digest`` claims a ledger row, sends, records the outcome.

Every digest that leaves the bot on its own initiative (a schedule firing, the start-up
catch-up, the admin ``post`` command) goes through :func:`post_digest`. The store's posting
ledger is unique on ``(target, window_key)``: :meth:`Store.claim_post` inserts a *pending* row
and returns False when a row already exists, so a restart, a gateway reconnect or two triggers
racing each other never post the same window twice. A failed send is recorded as *failed*,
logged, and reported to whoever set the schedule. Nothing retries it in a loop: only a later
trigger of the *same* window (the start-up catch-up after a restart, within the grace period)
may claim a failed row again, as the store allows.

Chat surfaces plug in through the :class:`Sender` protocol (Discord channel, console) and the
:data:`Notifier` callable (DM the admin, print to the console).

Also here, because both the command core and the Discord adapter need them without importing
discord: :func:`embed_problems` (re-exported from :mod:`digests.discord_limits`, which holds
Discord's limits and counts text in UTF-16 code units, as Discord does) and :func:`pack_embeds`
(folds the renderer's one-embed-per-section output into as few messages as the limits allow).
"""
from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

from digests.briefing import build_daily
from digests.discord_limits import DISCORD_LIMITS, discord_len, embed_size
from digests.discord_limits import embed_problems as embed_problems  # noqa: F401 - re-exported
from digests.render import split_message

log = logging.getLogger(__name__)

CONSOLE_TARGET = "console"
DISCORD_PREFIX = "discord:"


class PostError(Exception):
    """A send that failed for a reason worth telling an admin (403, 404, ...)."""

    def __init__(self, message: str, *, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status


@dataclass(frozen=True, slots=True)
class Content:
    """What to post: text pages (one message each) and optional embeds (dicts)."""

    pages: tuple[str, ...]
    embeds: tuple[dict[str, Any], ...] = ()


@dataclass(frozen=True, slots=True)
class PostOutcome:
    """``status`` is "sent", "failed" or "skipped" (the ledger already had this window)."""

    target: str
    window_key: str
    status: str
    message_ids: tuple[str, ...] = ()
    error: str | None = None


class Sender(Protocol):
    """Delivers content to a target string and returns the ids of the messages it created."""

    def handles(self, target: str) -> bool: ...

    async def send(self, target: str, content: Content) -> list[str]: ...


Notifier = Callable[[str | None, str], Awaitable[None]]
"""``notify(admin_id, text)``: tell the admin who set a schedule that a post failed."""


@dataclass
class Senders:
    """Routes a target to the first sender that handles it."""

    senders: list[Sender] = field(default_factory=list)

    def add(self, sender: Sender) -> None:
        self.senders.append(sender)

    def handles(self, target: str) -> bool:
        return any(s.handles(target) for s in self.senders)

    async def send(self, target: str, content: Content) -> list[str]:
        for sender in self.senders:
            if sender.handles(target):
                return await sender.send(target, content)
        raise PostError(f"no way to post to {target!r} from this surface")


# ------------------------------------------------------------------------------------ embeds

# Discord's limits, ``discord_len`` (UTF-16 code units, as Discord counts) and ``embed_problems``
# live in :mod:`digests.discord_limits`: one table for the renderer, the packer and the check.


_PAGE_LABEL = re.compile(r"\d+/\d+")
_PACKABLE = frozenset({"title", "description", "color", "footer"})
_LABEL_ROOM = len(" · 999/999")


def _label_of(embed: dict[str, Any]) -> str | None:
    """The embed's own footer text, or None when it has none or only a page label ("2/5")."""
    footer = embed.get("footer") or {}
    text = footer.get("text", "") if isinstance(footer, dict) else ""
    return None if not text or _PAGE_LABEL.fullmatch(text) else text


def _fits_as_field(page: dict[str, Any], embed: dict[str, Any]) -> bool:
    L = DISCORD_LIMITS
    title, description = embed.get("title"), embed.get("description")
    return (set(embed) <= _PACKABLE and _label_of(embed) is None
            and isinstance(title, str) and isinstance(description, str)
            and 0 < discord_len(title) <= L["field_name"]
            and 0 < discord_len(description) <= L["field_value"]
            and len(page.get("fields") or ()) < L["fields"]
            and embed_size(page) + discord_len(title) + discord_len(description) + _LABEL_ROOM
            <= L["embed_total"])


#: The most a cover's line may have (UTF-16 units): "2 documents · generated ..." or
#: "Nothing new since ... Still open:" are far shorter; a section's text is not a cover.
_COVER_LINE = 300


def _is_bare_cover(page: dict[str, Any]) -> bool:
    """A first page that is only a heading: a title and one short line, no fields yet."""
    description = page.get("description") or ""
    return (not page.get("fields") and set(page) <= _PACKABLE and _label_of(page) is None
            and isinstance(description, str) and "\n" not in description
            and discord_len(description) <= _COVER_LINE)


def _is_plain_section(embed: dict[str, Any]) -> bool:
    return (set(embed) <= _PACKABLE and _label_of(embed) is None
            and isinstance(embed.get("title"), str) and isinstance(embed.get("description"), str))


def _fill_cover(cover: dict[str, Any], section: dict[str, Any]) -> dict[str, Any] | None:
    """Move the leading items (blank-line separated) of ``section`` into ``cover``'s
    description under the section's title in bold, as many as Discord's limits allow. Returns
    what is left of the section as a "(cont.)" embed, the section unchanged when not even its
    first item fits, or None when all of it fitted."""
    L = DISCORD_LIMITS
    items = section["description"].split("\n\n")
    heading = f"{cover.get('description') or ''}\n\n**{_bold_safe(section['title'])}**".lstrip()
    taken = 0
    text = heading
    for item in items:
        candidate = f"{text}\n{item}" if taken == 0 else f"{text}\n\n{item}"
        trial = {**cover, "description": candidate}
        if (discord_len(candidate) > L["description"]
                or embed_size(trial) + _LABEL_ROOM > L["embed_total"]):
            break
        text, taken = candidate, taken + 1
    if taken == 0:
        return section
    cover["description"] = text
    if taken == len(items):
        return None
    title = section["title"]
    cont = title if title.endswith(" (cont.)") else _clip_title(f"{title} (cont.)")
    return {**section, "title": cont, "description": "\n\n".join(items[taken:])}


def _bold_safe(text: str) -> str:
    """``text`` inside ``**...**``: Markdown specials escaped (titles are plain text)."""
    return re.sub(r"([\\`*_~|<>\[\]])", r"\\\1", text)


def _clip_title(title: str) -> str:
    limit = DISCORD_LIMITS["title"]
    while discord_len(title) > limit:
        title = title[:-2] + "…"
    return title


def _join_previous(pages: list[dict[str, Any]], embed: dict[str, Any]) -> dict[str, Any] | None:
    """Put ``embed`` on the last page when it fits as a field (None: nothing left); when page
    1 is still only the heading, move the section's first items there instead of leaving it
    alone ("Nothing new since ... Still open:" with its items on page 2). Returns what must
    start a new page."""
    if pages and _fits_as_field(pages[-1], embed):
        pages[-1].setdefault("fields", []).append(
            {"name": embed["title"], "value": embed["description"], "inline": False})
        return None
    if len(pages) == 1 and _is_bare_cover(pages[0]) and _is_plain_section(embed):
        return _fill_cover(pages[0], embed)
    return embed


def pack_embeds(embeds: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """One embed per message, as few messages as the limits allow.

    The renderer makes one embed per section (a title and a description), each labelled with
    its place ("2/5"). Shown one per page, a short profile would take five pages. Here each
    section that fits a field (title up to 256, text up to 1,024 characters) joins the previous
    page as a field, while the page stays within 25 fields and 6,000 characters; a longer
    section starts a new page, except that a first page holding only the heading takes the
    section's first items (as the text version shows them on page 1). Order is kept; page labels are redone ("1/2", none when one page
    is enough). The input is not modified."""
    pages: list[dict[str, Any]] = []
    for original in embeds:
        embed = dict(original)
        if _label_of(embed) is None:
            embed.pop("footer", None)
        rest = _join_previous(pages, embed)
        if rest is None:
            continue
        if isinstance(rest.get("fields"), (list, tuple)):
            rest["fields"] = [dict(f) if isinstance(f, dict) else f for f in rest["fields"]]
        pages.append(rest)
    if len(pages) > 1:
        for number, page in enumerate(pages, 1):
            place = f"{number}/{len(pages)}"
            own = _label_of(page)
            page["footer"] = {"text": f"{own} · {place}" if own else place}
    return pages


def discord_channel_id(target: str) -> int | None:
    """``"discord:123"`` -> 123; anything else -> None."""
    if not target.startswith(DISCORD_PREFIX):
        return None
    raw = target[len(DISCORD_PREFIX):]
    return int(raw) if raw.isdigit() else None


async def post_digest(
    target: str,
    *,
    store: Any,
    sender: Sender | Senders,
    make_content: Callable[[], Content],
    window_key: str,
    schedule_id: str | None = None,
    admin_id: str | None = None,
    notify: Notifier | None = None,
) -> PostOutcome:
    """Post one digest window to ``target`` at most once.

    ``make_content`` is called only after the ledger claim succeeds, so a duplicate trigger
    costs no work. Returns what happened; never raises for send failures.
    """
    if not store.claim_post(target, window_key, schedule_id=schedule_id):
        log.info("digest %s for %s already in the ledger; not posting again", window_key, target)
        return PostOutcome(target, window_key, "skipped")
    try:
        content = await asyncio.to_thread(make_content)  # store reads + rendering
        message_ids = await sender.send(target, content)
    except PostError as exc:
        return await _record_failure(store, target, window_key, str(exc), admin_id, notify)
    except Exception as exc:  # noqa: BLE001 - any failure must reach the ledger, not loop
        log.exception("posting digest %s to %s failed", window_key, target)
        return await _record_failure(store, target, window_key, f"unexpected error: {exc}",
                                     admin_id, notify)
    except BaseException as exc:  # cancelled (shutdown) or interrupted: never leave 'pending'
        reason = f"interrupted ({type(exc).__name__})"
        try:
            store.record_post(target, window_key, status="failed", error=reason)
        finally:
            log.warning("digest %s to %s was %s; recorded as failed", window_key, target, reason)
        raise
    store.record_post(target, window_key, status="sent", message_ids=tuple(message_ids))
    log.info("posted digest %s to %s (%d message(s))", window_key, target, len(message_ids))
    return PostOutcome(target, window_key, "sent", tuple(message_ids))


async def _record_failure(store: Any, target: str, window_key: str, error: str,
                          admin_id: str | None, notify: Notifier | None) -> PostOutcome:
    store.record_post(target, window_key, status="failed", error=error)
    log.warning("digest %s to %s failed: %s", window_key, target, error)
    if notify is not None:
        text = (f"Briefbot could not post the digest {window_key} to {describe_target(target)}: "
                f"{error}. It will not retry this one; fix the channel or remove the schedule.")
        try:
            await notify(admin_id, text)
        except Exception:  # noqa: BLE001 - a failed DM must not mask the original failure
            log.exception("could not notify admin %s about failed post", admin_id)
    return PostOutcome(target, window_key, "failed", error=error)


def describe_target(target: str) -> str:
    channel = discord_channel_id(target)
    if channel is not None:
        return f"<#{channel}>"
    return "the console" if target == CONSOLE_TARGET else target


def since_last_post(store: Any, target: str, now: datetime, *,
                    window_ends: dict[tuple[str, str], datetime] | None = None
                    ) -> datetime | None:
    """Start of the next digest window: where the last successful post to ``target`` ended.

    A post's window ends at the ``now`` its digest was *built* with, not when the send finished
    (``PostRecord.at``: the store writes it at the claim and overwrites it when the outcome is
    recorded, i.e. after the send). Starting the next window at ``at`` would lose anything
    ingested while the previous digest was being built and sent. The store has no column for
    the build moment, so :class:`DigestPoster` remembers it per ``(target, window_key)``
    (``window_ends``) and it is used when it belongs to the last successful post. Without it
    (the first post after a restart, or a post made by another process) ``at`` is the fallback.
    """
    last = store.last_post(target)
    if last is None or last.at is None:
        return None
    start = last.at
    built = (window_ends or {}).get((target, last.window_key))
    if built is not None:
        start = min(start, built)
    return min(start, now)


class DigestPoster:
    """Builds the daily digest for a target and posts it through :func:`post_digest`.

    One instance is shared by the scheduler jobs, the start-up catch-up and the admin ``post``
    command; the ``digest`` command uses :meth:`briefing_for` (what :meth:`content_for` renders)
    so a reply and a post cover the same window and items.
    """

    def __init__(self, store: Any, renderer: Any, sender: Sender | Senders, *,
                 clock: Callable[[], datetime], notify: Notifier | None = None,
                 on_outcome: Callable[[PostOutcome], None] | None = None) -> None:
        """``on_outcome`` sees every post's outcome (the metrics count them)."""
        self.store = store
        self.renderer = renderer
        self.sender = sender
        self.clock = clock
        self.notify = notify
        self.on_outcome = on_outcome
        #: (target, window_key) -> the ``now`` the sent digest was built with (its window end)
        self.window_ends: dict[tuple[str, str], datetime] = {}

    def briefing_for(self, target: str, now: datetime | None = None) -> Any:
        """The digest :class:`~digests.briefing.Briefing` of what is new since the last post to
        ``target``, up to ``now`` (default: the clock)."""
        now = self.clock() if now is None else now
        since = since_last_post(self.store, target, now, window_ends=self.window_ends)
        return build_daily(self.store, since=since, now=now)

    def content_for(self, target: str, now: datetime | None = None, *,
                    fmt: str | None = None) -> Content:
        """The digest of what is new since the last post to ``target``, rendered for it.

        ``fmt`` is a schedule's ``format`` ("discord", "text" or "markdown"; None: the
        target's natural form). "discord" is Discord's message markup (and the default of every
        schedule): on a target that is not a Discord channel it means plain text. "text" and
        "markdown" are the renderer's text and Markdown forms; on Discord they are split into
        messages of at most 2,000 characters."""
        briefing = self.briefing_for(target, now)
        on_discord = target.startswith(DISCORD_PREFIX)
        if fmt == "markdown":
            body = self.renderer.markdown(briefing)
        elif fmt == "text" or not on_discord:
            body = self.renderer.text(briefing)
        else:
            return Content(tuple(self.renderer.discord_pages(briefing)))
        return Content(tuple(split_message(body)) if on_discord else (body,))

    async def post(self, target: str, window_key: str, *, schedule_id: str | None = None,
                   admin_id: str | None = None, fmt: str | None = None) -> PostOutcome:
        built: list[datetime] = []

        def make() -> Content:
            now = self.clock()
            built.append(now)
            return self.content_for(target, now, fmt=fmt)

        outcome = await post_digest(
            target, store=self.store, sender=self.sender, make_content=make,
            window_key=window_key, schedule_id=schedule_id, admin_id=admin_id,
            notify=self.notify)
        if outcome.status == "sent" and built:
            # this post's window ended at its build moment: the next one starts there
            self.window_ends[(target, window_key)] = built[0]
        if self.on_outcome is not None:
            self.on_outcome(outcome)
        return outcome

    async def run_schedule(self, schedule: Any, window_key: str) -> PostOutcome:
        """The :data:`bot.scheduling.RunSchedule` used by :class:`DigestScheduler`."""
        return await self.post(schedule.target, window_key, schedule_id=schedule.id,
                               admin_id=schedule.created_by,
                               fmt=getattr(schedule, "format", None))
