"""``briefbot console``: the bot's commands in a terminal.

Two modes over the same :class:`bot.commands.CommandCore`:

* a REPL when standard input is a terminal: a prompt with line editing and history (GNU
  readline; the history is kept in ``$XDG_DATA_HOME/briefbot/console_history``, by default
  ``~/.local/share/briefbot/console_history``), answers wrapped at word boundaries to the
  terminal's width and paged by screen rows ("more": Space or Enter for the next screen, ``q``
  to stop; one key, no Enter needed), and the daily-digest scheduler running so schedules whose
  target is ``console`` print here;
* a script runner when standard input is a pipe or file (``printf '!who Ana\\n!brief\\n' |
  briefbot console``): every line is one command, echoed as ``> !who Ana`` before its answer,
  every answer printed whole, no scheduler. The exit status is 1 when any command failed with
  an error (an unknown command, a usage error, a refusal, an unexpected failure) and 0
  otherwise: a lookup that found nobody ("I don't know anyone called ...") is an answer, not an
  error, wherever it comes in the script.

The console user is an admin. Commands may be typed with or without the ``!`` prefix; blank
lines and lines starting with ``#`` are skipped; ``quit`` / ``exit`` ends the session. The
console always prints text: the core gives the console surface no embeds, and any embeds a
reply carried would only duplicate its text pages.
"""
from __future__ import annotations

import asyncio
import math
import os
import shutil
import sys
import termios
import textwrap
import tty
import unicodedata
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, Protocol, TextIO

from bot.commands import CommandCore, Invocation, Reply
from bot.metrics import MetricsError
from bot.posting import CONSOLE_TARGET, Content
from bot.runtime import build_runtime
from digests.store import StoreError

CONSOLE_USER = Invocation(author_id="console", author_name="console", is_admin=True,
                          target=CONSOLE_TARGET, surface="console")
QUIT = frozenset({"quit", "exit", "q", ":q"})
#: Keys that stop the pager (anything else shows the next screen).
STOP_KEYS = frozenset({"q", "Q", "\x1b", "\x03", "\x04"})
HISTORY_LENGTH = 1000


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


# ------------------------------------------------------------------------------------ terminal


class Terminal(Protocol):
    """What the pager needs from a terminal (a fake one in tests)."""

    def size(self) -> os.terminal_size: ...

    def read_key(self) -> str: ...


class TtyTerminal:
    """The real terminal on ``stdin``: its size, and one key read without waiting for Enter."""

    def __init__(self, stdin: TextIO) -> None:
        self.fd = stdin.fileno()

    def size(self) -> os.terminal_size:
        return shutil.get_terminal_size((100, 30))

    def read_key(self) -> str:
        """One key press (an arrow key's whole escape sequence), echo off; "" on end of
        input. The terminal's settings are restored whatever happens."""
        saved = termios.tcgetattr(self.fd)
        try:
            tty.setcbreak(self.fd, termios.TCSANOW)  # TCSAFLUSH would drop a key typed early
            return os.read(self.fd, 16).decode("utf-8", errors="replace")
        finally:
            termios.tcsetattr(self.fd, termios.TCSADRAIN, saved)


def history_path(env: dict[str, str] | None = None) -> Path:
    """Where the console keeps its command history: ``$XDG_DATA_HOME/briefbot`` (default
    ``~/.local/share/briefbot``) / ``console_history``."""
    env = dict(os.environ) if env is None else env
    base = env.get("XDG_DATA_HOME") or str(Path(env.get("HOME") or Path.home()) / ".local/share")
    return Path(base) / "briefbot" / "console_history"


def enable_line_editing(history: Path) -> Callable[[], None]:
    """Turn on readline's line editing and history for ``input()`` and load ``history``;
    returns the function that saves it. Without readline (some builds lack it), a no-op."""
    try:
        # imported here, for terminal sessions only: importing readline changes how input()
        # reads, which a piped script must not get
        import readline
    except ImportError:
        return lambda: None
    readline.set_history_length(HISTORY_LENGTH)
    try:
        readline.read_history_file(history)
    except OSError:
        pass  # no history yet

    def save() -> None:
        try:
            history.parent.mkdir(parents=True, exist_ok=True)
            readline.write_history_file(history)
        except OSError as exc:
            print(f"briefbot: could not save the command history to {history}: "
                  f"{exc.strerror or exc}", file=sys.stderr)

    return save


# ------------------------------------------------------------------------------------ the app


class ConsoleApp:
    """Feeds lines to the command core and prints replies."""

    def __init__(self, core: CommandCore, *, out: TextIO | None = None,
                 scheduler: Any | None = None, prompt: str = "briefbot> ",
                 terminal: Terminal | None = None, echo: bool = False) -> None:
        """``terminal``: the REPL's pager reads its size and keys (None: no paging);
        ``echo``: print each script line as ``> line`` before its answer."""
        self.core = core
        self.out = out or sys.stdout
        self.scheduler = scheduler
        self.prompt = prompt
        self.terminal = terminal
        self.echo = echo
        self.failures = 0

    # ------------------------------------------------------------------ script mode

    async def run_script(self, lines: Iterable[str]) -> int:
        """Answer each line in order; returns 1 when any command failed with an error, else 0
        (see the module docstring)."""
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
        if not reply.ok and not reply.miss:
            self.failures += 1
        if self.echo:
            print(f"> {line}", file=self.out)
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
        """Print a reply a screenful at a time, waiting for one key before each further
        screen (Space/Enter: next; q, Esc: stop)."""
        if self.terminal is None:
            print(reply.text, file=self.out, flush=True)
            return
        columns, rows = self.terminal.size()
        screens = screenfuls(reply.text, rows - 1, width=columns)
        for index, screen in enumerate(screens):
            print(screen, file=self.out, flush=True)
            left = len(screens) - index - 1
            if not left:
                break
            prompt = f"-- more ({left} screen(s) left): Space for next, q to stop -- "
            print(prompt, end="", file=self.out, flush=True)
            key = await asyncio.to_thread(self.terminal.read_key)
            print("\r" + " " * min(len(prompt), columns - 1) + "\r", end="", file=self.out,
                  flush=True)
            if not key or key in STOP_KEYS:
                break


# ------------------------------------------------------------------------------------ paging


def screenfuls(text: str, rows: int, *, width: int | None = None) -> list[str]:
    """Split ``text`` into screens of at most ``rows`` terminal rows. With ``width``, lines are
    first wrapped at word boundaries to that many columns (keeping their indentation), and a
    line that still does not fit (one long word, e.g. a URL) counts the rows the terminal will
    use for it."""
    lines = text.splitlines() or [""]
    if width:
        lines = [piece for line in lines for piece in wrap_line(line, width)]
    size = max(1, rows)
    screens: list[list[str]] = [[]]
    used = 0
    for line in lines:
        height = screen_rows(line, width) if width else 1
        if screens[-1] and used + height > size:
            screens.append([])
            used = 0
        screens[-1].append(line)
        used += height
    return ["\n".join(screen) for screen in screens]


def wrap_line(line: str, width: int) -> list[str]:
    """``line`` wrapped at word boundaries to ``width`` columns; continuation lines keep the
    line's indentation (and align under a leading bullet such as "- " or "• ")."""
    if display_width(line) <= width:
        return [line]
    stripped = line.lstrip()
    indent = line[:len(line) - len(stripped)]
    bullet = next((b for b in ("- ", "• ", "* ", "> ") if stripped.startswith(b)), "")
    follow = indent + " " * len(bullet)
    if len(follow) >= width // 2:
        follow = ""
    return textwrap.wrap(line, width=width, subsequent_indent=follow, break_long_words=False,
                         break_on_hyphens=False, drop_whitespace=True) or [""]


def screen_rows(line: str, width: int | None) -> int:
    """Terminal rows ``line`` takes at ``width`` columns (a too-long line wraps physically)."""
    if not width:
        return 1
    return max(1, math.ceil(display_width(line) / width))


def display_width(text: str) -> int:
    """Columns ``text`` takes: wide (East Asian) characters count 2, combining marks 0."""
    total = 0
    for char in text:
        if unicodedata.combining(char):
            continue
        total += 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
    return total


# ------------------------------------------------------------------------------------ running


def run_console(core: CommandCore, *, stdin: TextIO | None = None, out: TextIO | None = None,
                scheduler: Any | None = None) -> int:
    """Run the console on ``stdin``: a REPL on a terminal, a script runner otherwise."""
    stdin = stdin or sys.stdin
    if not stdin.isatty():
        app = ConsoleApp(core, out=out, echo=True)
        return asyncio.run(app.run_script(stdin))
    save_history = enable_line_editing(history_path())
    app = ConsoleApp(core, out=out, scheduler=scheduler, terminal=TtyTerminal(stdin))
    try:
        return asyncio.run(app.repl())
    finally:
        save_history()


def console_main(settings: Any, *, stdin: TextIO | None = None) -> int:
    """``briefbot console``: wire the runtime from settings and run; 2 when it cannot start."""
    try:
        runtime = build_runtime(settings, notify=console_notify)
    except StoreError as exc:
        print(f"briefbot console: {exc}", file=sys.stderr)
        return 2
    runtime.senders.add(ConsoleSender(sys.stdout))
    try:
        runtime.serve_metrics(settings.metrics.port)
    except MetricsError as exc:
        runtime.close()
        print(f"briefbot console: {exc}", file=sys.stderr)
        return 2
    try:
        return run_console(runtime.core, stdin=stdin, scheduler=runtime.scheduler)
    finally:
        runtime.close()


def cmd_console(args: Any, settings: Any) -> int:
    """``briefbot console``: the CLI entry (see :func:`console_main`)."""
    return console_main(settings)
