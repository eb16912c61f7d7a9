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
"""
from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

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


def since_last_post(store: Any, target: str, now: datetime) -> datetime | None:
    """Start of the next digest window: when the last successful post to ``target`` went out."""
    last = store.last_post(target)
    if last is None or last.at is None:
        return None
    return min(last.at, now)


class DigestPoster:
    """Builds the daily digest for a target and posts it through :func:`post_digest`.

    One instance is shared by the scheduler jobs, the start-up catch-up and the admin ``post``
    command; the ``digest`` command uses :meth:`content_for` so a reply and a post read alike.
    """

    def __init__(self, store: Any, renderer: Any, sender: Sender | Senders, *,
                 clock: Callable[[], datetime], notify: Notifier | None = None) -> None:
        self.store = store
        self.renderer = renderer
        self.sender = sender
        self.clock = clock
        self.notify = notify

    def content_for(self, target: str) -> Content:
        """The digest of what is new since the last post to ``target``, rendered for it."""
        from digests.briefing import build_daily

        now = self.clock()
        briefing = build_daily(self.store, since=since_last_post(self.store, target, now), now=now)
        if target.startswith(DISCORD_PREFIX):
            return Content(tuple(self.renderer.discord_pages(briefing)))
        return Content((self.renderer.text(briefing),))

    async def post(self, target: str, window_key: str, *, schedule_id: str | None = None,
                   admin_id: str | None = None) -> PostOutcome:
        return await post_digest(
            target, store=self.store, sender=self.sender,
            make_content=lambda: self.content_for(target), window_key=window_key,
            schedule_id=schedule_id, admin_id=admin_id, notify=self.notify)

    async def run_schedule(self, schedule: Any, window_key: str) -> PostOutcome:
        """The :data:`bot.scheduling.RunSchedule` used by :class:`DigestScheduler`."""
        return await self.post(schedule.target, window_key, schedule_id=schedule.id,
                               admin_id=schedule.created_by)
