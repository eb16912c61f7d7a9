"""A scheduler process for the multi-process tests: the real runtime (store, poster, ledger,
scheduler, leader election) with a file instead of Discord as the ``console`` target.

    python tests/scheduler_process.py DATABASE_URL OUT_FILE [--hold-sends]
        [--claim-stale-seconds S] [--leader-check-seconds S]

Each post appends one JSON line ``{"pid": ..., "window": ..., "pages": [...]}`` to OUT_FILE.
``--hold-sends`` never finishes a send (a process to SIGKILL while it is sending)."""
from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import sys
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.posting import CONSOLE_TARGET, Content  # noqa: E402
from bot.runtime import build_runtime  # noqa: E402
from digests.settings import Settings  # noqa: E402
from digests.store import Store  # noqa: E402


class FileSender:
    def __init__(self, path: Path, *, hold: bool) -> None:
        self.path = path
        self.hold = hold

    def handles(self, target: str) -> bool:
        return target == CONSOLE_TARGET

    async def send(self, target: str, content: Content) -> list[str]:
        print("sending", flush=True)
        if self.hold:
            await asyncio.sleep(3600)
        with self.path.open("a", encoding="utf-8") as out:
            out.write(json.dumps({"pid": os.getpid(), "pages": list(content.pages)}) + "\n")
        return [f"file-{os.getpid()}"]


async def main(args: argparse.Namespace) -> None:
    store = Store(args.url, claim_stale_after=timedelta(seconds=args.claim_stale_seconds))
    runtime = build_runtime(Settings(database_url=args.url), store=store,
                            leader_check_seconds=args.leader_check_seconds)
    runtime.senders.add(FileSender(Path(args.out), hold=args.hold_sends))
    runtime.scheduler.start()
    await runtime.scheduler.catch_up()
    print("started", flush=True)
    await asyncio.Event().wait()


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("url")
    parser.add_argument("out")
    parser.add_argument("--hold-sends", action="store_true")
    parser.add_argument("--claim-stale-seconds", type=float, default=600)
    parser.add_argument("--leader-check-seconds", type=float, default=0.2)
    logging.basicConfig(level=logging.INFO, stream=sys.stderr,
                        format="%(levelname)s %(name)s: %(message)s")
    logging.getLogger("apscheduler").setLevel(logging.WARNING)
    asyncio.run(main(parser.parse_args()))
