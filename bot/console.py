"""``briefbot console``: the bot's commands in a terminal.

Two modes over the same :class:`bot.commands.CommandCore`:

* a REPL when standard input is a terminal: a prompt, long answers paged ("more" / Enter for the
  next page, "q" to stop), and the daily-digest scheduler running so schedules whose target is
  ``console`` print here;
* a script runner when standard input is a pipe or file (``printf '!who Ana\\n!brief\\n' |
  briefbot console``): every line is one command, every answer is printed whole, no scheduler.

The console user is an admin. Commands may be typed with or without the ``!`` prefix; blank
lines and lines starting with ``#`` are skipped; ``quit`` / ``exit`` ends the session. The
console always prints text: the core gives the console surface no embeds, and any embeds a
reply carried would only duplicate its text pages.
"""
from __future__ import annotations

import asyncio
import shutil
import sys
from collections.abc import Iterable
from typing import Any, TextIO

from bot.commands import CommandCore, Invocation, Reply
from bot.posting import CONSOLE_TARGET, Content
from bot.runtime import build_runtime
from digests.store import StoreError

CONSOLE_USER = Invocation(author_id="console", author_name="console", is_admin=True,
                          target=CONSOLE_TARGET, surface="console")
QUIT = frozenset({"quit", "exit", "q", ":q"})
MORE = frozenset({"", "more", "m", "n", "next"})


class ConsoleSender:
    """A :class:`bot.posting.Sender` that prints digests aimed at the ``console`` target."""

    def __init__(self, out: TextIO) -> None:
        self.out = out
        self._count = 0

    def handles(self, target: str) -> bool:
        return target == CONSOLE_TARGET

    async def send(self, target: str, content: Content) -> list[str]:
        ids = []
        for page in content.pages:
            self._count += 1
            print(f"\n{page}\n", file=self.out, flush=True)
            ids.append(f"console-{self._count}")
        return ids


async def console_notify(admin_id: str | None, text: str) -> None:
    """The console's :data:`bot.posting.Notifier`: failures go to standard error."""
    print(f"briefbot: {text}", file=sys.stderr, flush=True)


class ConsoleApp:
    """Feeds lines to the command core and prints replies."""

    def __init__(self, core: CommandCore, *, out: TextIO | None = None,
                 scheduler: Any | None = None, prompt: str = "briefbot> ",
                 page_lines: int | None = None) -> None:
        self.core = core
        self.page_lines = page_lines or terminal_lines()
        self.out = out or sys.stdout
        self.scheduler = scheduler
        self.prompt = prompt
        self.failures = 0

    # ------------------------------------------------------------------ script mode

    async def run_script(self, lines: Iterable[str]) -> int:
        """Answer each line in order; returns 0, or 1 when any command was refused or failed."""
        for raw in lines:
            line = raw.strip()
            if not line or line.startswith("#"):
                continue
            if line.lower() in QUIT:
                break
            reply = await self.core.handle(line, CONSOLE_USER)
            self._print_all(line, reply)
        return 1 if self.failures else 0

    def _print_all(self, line: str, reply: Reply) -> None:
        if not reply.ok:
            self.failures += 1
        for page in reply.pages:
            print(page, file=self.out)
        print(file=self.out, flush=True)

    # ------------------------------------------------------------------ REPL

    async def repl(self) -> int:
        """Interactive loop; input is read in a thread so scheduled posts can print meanwhile."""
        if self.scheduler is not None:
            await self.scheduler.start_and_catch_up()
        print(f"Briefbot console. Type {self.core.prefix}help for commands, quit to leave.",
              file=self.out, flush=True)
        try:
            while True:
                line = await self._input(self.prompt)
                if line is None or line.strip().lower() in QUIT:
                    return 0
                if not line.strip():
                    continue
                reply = await self.core.handle(line, CONSOLE_USER)
                await self._page(reply)
        finally:
            if self.scheduler is not None:
                self.scheduler.shutdown()

    async def _input(self, prompt: str) -> str | None:
        try:
            return await asyncio.to_thread(input, prompt)
        except (EOFError, KeyboardInterrupt):
            print(file=self.out)
            return None

    async def _page(self, reply: Reply) -> None:
        """Print a reply a screenful at a time, asking before each further screen."""
        screens = screenfuls(reply.text, self.page_lines)
        for index, screen in enumerate(screens):
            print(screen, file=self.out, flush=True)
            left = len(screens) - index - 1
            if not left:
                break
            answer = await self._input(f"-- more ({left} screen(s) left): Enter for next, "
                                       "q to stop -- ")
            if answer is None or answer.strip().lower() not in MORE:
                break


def screenfuls(text: str, lines_per_screen: int) -> list[str]:
    """Split ``text`` into chunks of at most ``lines_per_screen`` lines."""
    lines = text.splitlines() or [""]
    size = max(1, lines_per_screen)
    return ["\n".join(lines[i:i + size]) for i in range(0, len(lines), size)]


def terminal_lines() -> int:
    """Lines per screen, leaving room for the "more" prompt."""
    return max(5, shutil.get_terminal_size((100, 30)).lines - 2)


def run_console(core: CommandCore, *, stdin: TextIO | None = None, out: TextIO | None = None,
                scheduler: Any | None = None) -> int:
    """Run the console on ``stdin``: a REPL on a terminal, a script runner otherwise."""
    stdin = stdin or sys.stdin
    app = ConsoleApp(core, out=out, scheduler=scheduler)
    if stdin.isatty():
        return asyncio.run(app.repl())
    return asyncio.run(app.run_script(stdin))


def console_main(settings: Any, *, stdin: TextIO | None = None) -> int:
    """``briefbot console``: wire the runtime from settings and run; 2 when it cannot start."""
    try:
        runtime = build_runtime(settings, notify=console_notify)
    except StoreError as exc:
        print(f"briefbot console: {exc}", file=sys.stderr)
        return 2
    runtime.senders.add(ConsoleSender(sys.stdout))
    try:
        return run_console(runtime.core, stdin=stdin, scheduler=runtime.scheduler)
    finally:
        runtime.close()


def cmd_console(args: Any, settings: Any) -> int:
    """``briefbot console``: the CLI entry (see :func:`console_main`)."""
    return console_main(settings)
