"""The single posting path: ledger claim, send, outcome, admin notification."""
from __future__ import annotations

import asyncio

import pytest

from bot.posting import (
    Content,
    DigestPoster,
    PostError,
    Senders,
    describe_target,
    discord_channel_id,
    post_digest,
    since_last_post,
)
from digests.render import Renderer
from fakes import FakeClock, Notes, RecordingSender, newsroom_store, utc

CONTENT = Content(("page one", "page two"))


@pytest.fixture
def store(tmp_path):
    store = newsroom_store(tmp_path)
    yield store
    store.close()


class CountingContent:
    def __init__(self) -> None:
        self.calls = 0

    def __call__(self) -> Content:
        self.calls += 1
        return CONTENT


@pytest.mark.parametrize(("target", "expected"), [
    ("discord:123456", 123456),
    ("discord:", None),
    ("discord:12a", None),
    ("console", None),
    ("slack:123", None),
])
def test_discord_channel_id(target, expected):
    assert discord_channel_id(target) == expected


@pytest.mark.parametrize(("target", "expected"), [
    ("discord:42", "<#42>"),
    ("console", "the console"),
    ("elsewhere", "elsewhere"),
])
def test_describe_target(target, expected):
    assert describe_target(target) == expected


async def test_posts_once_per_window(store):
    sender, make = RecordingSender(), CountingContent()
    first = await post_digest("discord:9", store=store, sender=sender, make_content=make,
                              window_key="2026-03-05", schedule_id="s1")
    second = await post_digest("discord:9", store=store, sender=sender, make_content=make,
                               window_key="2026-03-05", schedule_id="s1")
    assert (first.status, second.status) == ("sent", "skipped")
    assert make.calls == 1  # a duplicate trigger does no work
    assert sender.sent == [("discord:9", CONTENT)]
    [row] = store.posts("discord:9")
    assert (row.status, row.schedule_id, row.message_ids) == ("sent", "s1", first.message_ids)
    assert len(first.message_ids) == 2


async def test_another_window_or_target_posts_again(store):
    sender = RecordingSender()
    for target, key in [("discord:9", "2026-03-05"), ("discord:9", "2026-03-06"),
                        ("discord:10", "2026-03-05")]:
        outcome = await post_digest(target, store=store, sender=sender,
                                    make_content=lambda: CONTENT, window_key=key)
        assert outcome.status == "sent"
    assert len(sender.sent) == 3


@pytest.mark.parametrize("status", [403, 404])
async def test_a_failure_is_recorded_and_reported_to_the_admin(store, status):
    notes = Notes()
    outcome = await post_digest("discord:9", store=store, sender=RecordingSender(fail_with=status),
                                make_content=lambda: CONTENT, window_key="2026-03-05",
                                schedule_id="s1", admin_id="777", notify=notes)
    assert outcome.status == "failed"
    assert f"HTTP {status}" in outcome.error
    [row] = store.posts("discord:9")
    assert row.status == "failed" and f"HTTP {status}" in row.error
    [(admin, text)] = notes.received
    assert admin == "777"
    assert "<#9>" in text and "2026-03-05" in text and "will not retry" in text


async def test_a_failed_window_is_not_retried_by_itself_but_a_later_trigger_may(store):
    failing, working = RecordingSender(fail_with=403), RecordingSender()
    await post_digest("discord:9", store=store, sender=failing, make_content=lambda: CONTENT,
                      window_key="2026-03-05")
    assert failing.sent == [] and working.sent == []
    retried = await post_digest("discord:9", store=store, sender=working,
                                make_content=lambda: CONTENT, window_key="2026-03-05")
    assert retried.status == "sent"
    assert [r.status for r in store.posts("discord:9")] == ["sent"]


async def test_an_unexpected_error_is_recorded_not_raised(store):
    def broken() -> Content:
        raise KeyError("template variable")

    outcome = await post_digest("console", store=store, sender=RecordingSender(),
                                make_content=broken, window_key="k")
    assert outcome.status == "failed"
    assert "unexpected error" in outcome.error
    assert store.posts("console")[0].status == "failed"


async def test_a_failing_notifier_does_not_mask_the_failure(store):
    async def unreachable(admin_id, text):
        raise ConnectionError("DMs closed")

    outcome = await post_digest("discord:9", store=store, sender=RecordingSender(fail_with=404),
                                make_content=lambda: CONTENT, window_key="k", admin_id="5",
                                notify=unreachable)
    assert outcome.status == "failed"


async def test_senders_route_by_target(store):
    discord_side, console_side = RecordingSender(prefix="discord:"), RecordingSender(prefix="console")
    senders = Senders([discord_side, console_side])
    await post_digest("console", store=store, sender=senders, make_content=lambda: CONTENT,
                      window_key="k")
    assert console_side.sent and not discord_side.sent
    with pytest.raises(PostError, match="no way to post"):
        await senders.send("matrix:1", CONTENT)
    lost = await post_digest("matrix:1", store=store, sender=senders,
                             make_content=lambda: CONTENT, window_key="k")
    assert lost.status == "failed"


async def test_digest_poster_renders_for_the_target(store):
    clock = FakeClock(utc(2026, 3, 5, 7, 0))
    sender = RecordingSender()
    poster = DigestPoster(store, Renderer(), Senders([sender]), clock=clock)
    discord_pages = poster.content_for("discord:1").pages
    console_pages = poster.content_for("console").pages
    assert discord_pages[0].startswith("## Daily digest")
    assert not console_pages[0].startswith("#")
    assert "Daily digest".upper() in console_pages[0].upper()
    assert all(len(page) <= 2000 for page in discord_pages)
    outcome = await poster.post("discord:1", "2026-03-05", schedule_id="s9", admin_id="3")
    assert outcome.status == "sent"
    assert sender.sent[0][1].pages == tuple(discord_pages)


async def test_since_last_post_is_the_last_successful_post(store):
    now = utc(2030, 1, 1)
    assert since_last_post(store, "discord:1", now) is None
    store.claim_post("discord:1", "2026-03-04")
    store.record_post("discord:1", "2026-03-04", status="sent", message_ids=["1"])
    sent_at = store.last_post("discord:1").at
    assert since_last_post(store, "discord:1", now) == sent_at
    store.claim_post("discord:1", "2026-03-05")
    store.record_post("discord:1", "2026-03-05", status="failed", error="403")
    assert since_last_post(store, "discord:1", now) == sent_at  # failures do not count


async def test_a_cancelled_send_is_recorded_as_failed_not_left_pending(store):
    started = asyncio.Event()

    class Hanging:
        def handles(self, target):
            return True

        async def send(self, target, content):
            started.set()
            await asyncio.sleep(3600)

    task = asyncio.create_task(post_digest("discord:9", store=store, sender=Hanging(),
                                           make_content=lambda: CONTENT, window_key="k"))
    await started.wait()
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    [row] = store.posts("discord:9")
    assert row.status == "failed" and "CancelledError" in row.error


async def test_news_ingested_while_a_digest_is_sent_is_in_the_next_digest(store):
    """The window of a post ends when its digest was built, not when the send finished."""
    from datetime import datetime, timezone

    from digests.models import DocExtraction, Document

    late = Document("late", "late.txt", "Lighthouse keeper retires",
                    "The lighthouse keeper retired on Friday after forty years.", "c" * 64,
                    source="Coast Gazette")

    class IngestsWhileSending(RecordingSender):
        async def send(self, target, content):
            if not self.sent:  # the article lands after the build, before the send finishes
                store.save_document(late, DocExtraction("late"))
            return await super().send(target, content)

    sender = IngestsWhileSending()
    poster = DigestPoster(store, Renderer(), Senders([sender]),
                          clock=lambda: datetime.now(timezone.utc))
    assert (await poster.post("console", "w1")).status == "sent"
    assert "Lighthouse keeper" not in sender.sent[0][1].pages[0]
    assert (await poster.post("console", "w2")).status == "sent"
    assert "Lighthouse keeper" in sender.sent[1][1].pages[0]


def test_pack_embeds_counts_emoji_as_discord_does():
    # Each section fits a field by character count (900) but not by Discord's UTF-16 count
    # (1,800 > 1,024): packing must keep them as separate embeds, all accepted by the check.
    from bot.posting import embed_problems, pack_embeds
    from digests.discord_limits import DISCORD_LIMITS, discord_len
    from digests.render import build_embeds

    emoji = "\U0001F4F0"
    sections = [{"title": f"Section {n}", "description": emoji * 900} for n in range(4)]
    pages = pack_embeds(sections)
    assert len(pages) == 4 and not any(p.get("fields") for p in pages)
    assert all(embed_problems(p) == [] for p in pages)

    # short emoji sections do fold into fields, and the packed page stays within 6,000 units
    rendered = build_embeds("\n\n".join(f"# {emoji} S{n}\n\n{emoji * 500}" for n in range(12)))
    packed = pack_embeds(rendered)
    assert len(packed) < len(rendered)
    for page in packed:
        assert embed_problems(page) == []
        assert all(discord_len(f["value"]) <= DISCORD_LIMITS["field_value"]
                   for f in page.get("fields", ()))
