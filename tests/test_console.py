"""The console: end to end through a subprocess, plus the REPL's paging and console posts."""
from __future__ import annotations

import asyncio
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.commands import CommandCore
from bot.console import (
    CONSOLE_USER,
    ConsoleApp,
    ConsoleSender,
    display_width,
    screen_rows,
    screenfuls,
    wrap_line,
)
from bot.posting import DigestPoster, Senders
from bot.scheduling import DigestScheduler
from digests.models import Schedule
from digests.render import Renderer
from digests.settings import Settings
from fakes import FakeClock, newsroom_db, newsroom_store, utc

_SCRIPT = Path(sys.executable).with_name("briefbot")  # the installed console script
BRIEFBOT = [str(_SCRIPT)] if _SCRIPT.exists() else [sys.executable, "-m", "bot.cli"]


def write_config(tmp_path: Path, db: Path) -> Path:
    config = tmp_path / "briefbot.toml"
    config.write_text(f'database_url = "sqlite:///{db}"\nseeds = "{tmp_path / "articles"}"\n',
                      encoding="utf-8")
    return config


def console(config: Path, script: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("BRIEFBOT_CONFIG", "DISCORD_TOKEN")}
    return subprocess.run([*BRIEFBOT, "--config", str(config), "console"], input=script,
                          capture_output=True, text=True, timeout=60, env=env,
                          cwd=Path(__file__).resolve().parent.parent)


def test_piped_commands_are_answered_in_order(tmp_path):
    config = write_config(tmp_path, newsroom_db(tmp_path))
    result = console(config, "!who Adaeze Okafor\n!brief\n")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "ADAEZE OKAFOR" in out.upper() and "Engineer" in out
    assert "BRIEFING" in out.upper()
    assert out.upper().index("ADAEZE OKAFOR") < out.upper().index("BRIEFING")
    assert "Island Herald" in out and "Valley Post" in out
    assert "Traceback" not in result.stderr


def test_console_user_is_admin_and_bad_lines_get_help(tmp_path):
    config = write_config(tmp_path, newsroom_db(tmp_path))
    script = ("# comments and blank lines are skipped\n\n"
              "schedule add 06:45 Africa/Nairobi\nschedule list\n!who Duartee\n!nonsense\n")
    result = console(config, script)
    assert result.returncode == 1  # some commands were refused
    assert "Scheduled the daily digest for the console at 06:45 Africa/Nairobi" in result.stdout
    assert "06:45 Africa/Nairobi → the console" in result.stdout
    assert "Did you mean: Ana Duarte?" in result.stdout
    assert "Unknown command `nonsense`" in result.stdout
    assert "Traceback" not in result.stderr


def test_quit_stops_reading(tmp_path):
    config = write_config(tmp_path, newsroom_db(tmp_path))
    result = console(config, "!sources\nquit\n!who Ana Duarte\n")
    assert result.returncode == 0
    assert "Ferry tender to reopen" in result.stdout
    assert "Harbour minister" not in result.stdout


def test_a_bad_config_is_one_line(tmp_path):
    config = tmp_path / "bad.toml"
    config.write_text('timezone = "Mars/Olympus"\n', encoding="utf-8")
    result = console(config, "!sources\n")
    assert result.returncode == 2
    assert "Mars/Olympus" in result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize(("text", "size", "expected"), [
    ("a\nb\nc\nd\ne", 2, ["a\nb", "c\nd", "e"]),
    ("a\nb", 5, ["a\nb"]),
    ("", 3, [""]),
    ("one", 0, ["one"]),
])
def test_screenfuls(text, size, expected):
    assert screenfuls(text, size) == expected


@pytest.fixture
async def app(tmp_path):
    store = newsroom_store(tmp_path)
    clock = FakeClock(utc(2026, 3, 5, 9, 0))
    out = io.StringIO()
    senders = Senders([ConsoleSender(out)])
    poster = DigestPoster(store, Renderer(), senders, clock=clock)
    scheduler = DigestScheduler(store, poster.run_schedule, clock=clock)
    core = CommandCore(store, Renderer(), Settings(), clock, poster=poster, scheduler=scheduler)
    app = ConsoleApp(core, out=out, scheduler=scheduler, terminal=FakeTerminal(80, 5))
    yield app
    scheduler.shutdown()
    store.close()


class FakeTerminal:
    """A terminal of a given size whose keys come from a list (then end of input)."""

    def __init__(self, columns: int, rows: int, keys: list[str] | None = None) -> None:
        self.columns, self.rows = columns, rows
        self.keys = list(keys or [])
        self.read = 0

    def size(self) -> os.terminal_size:
        return os.terminal_size((self.columns, self.rows))

    def read_key(self) -> str:
        self.read += 1
        return self.keys.pop(0) if self.keys else ""


class Keyboard:
    """Answers the REPL's prompts from a list, then EOF."""

    def __init__(self, answers: list[str]) -> None:
        self.answers = list(answers)
        self.prompts: list[str] = []

    async def __call__(self, prompt: str) -> str | None:
        self.prompts.append(prompt)
        return self.answers.pop(0) if self.answers else None


async def test_repl_pages_long_answers_with_one_key_and_q_swallows_nothing(app):
    lines = Keyboard(["!timeline", "!who Ana Duarte", "quit"])
    app._input = lines
    app.terminal.keys = [" ", "q", "q"]
    assert await app.repl() == 0
    out = app.out.getvalue()
    timeline = out.split("ANA DUARTE")[0]  # the profile's heading
    assert timeline.count("-- more (") == 2  # Space showed the 2nd screen, "q" stopped the 3rd
    assert app.terminal.read == 3  # the third key stopped the profile's pager
    assert lines.prompts == ["briefbot> "] * 3  # no key press was read as a command line
    assert "TIMELINE" in out.upper()
    assert "Island Herald" not in out  # the sources at the end of the timeline never shown
    assert "ANA DUARTE" in out  # the command after "q" ran


async def test_repl_runs_the_catch_up_for_console_schedules(app):
    app.core.store.add_schedule(Schedule("c1", "console", "08:30", "UTC", created_by="console"))
    app._input = Keyboard(["quit"])
    await app.repl()
    out = app.out.getvalue()
    assert "DAILY DIGEST" in out.upper()
    [row] = app.core.store.posts("console")
    assert (row.window_key, row.status) == ("c1:2026-03-05", "sent")


ARTICLE = """Canal authority chief Ingrid Solberg said on Tuesday that the lock repairs would \
finish in April. "We are ahead of schedule," Solberg said.
"""


def test_reingest_reads_the_configured_folder(tmp_path, nlp):
    from bot.runtime import build_runtime

    articles = tmp_path / "articles"
    articles.mkdir()
    (articles / "canal.txt").write_text(ARTICLE, encoding="utf-8")
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'fresh.sqlite3'}", seeds=articles)
    runtime = build_runtime(settings)
    try:
        app = ConsoleApp(runtime.core, out=io.StringIO())
        assert asyncio.run(app.run_script(["!reingest", "!who Solberg"])) == 0
        out = app.out.getvalue()
        assert "1 added, 0 updated, 0 unchanged, 0 failed" in out
        assert "INGRID SOLBERG" in out.upper()
    finally:
        runtime.close()


async def test_the_console_refuses_a_discord_channel_target(app):
    reply = await app.core.handle("schedule add 07:00 <#710000000000000002>", CONSOLE_USER)
    assert not reply.ok and "cannot post to <#710000000000000002>" in reply.text
    assert app.core.store.schedules() == []
    assert (await app.core.handle("schedule add 07:00", CONSOLE_USER)).ok  # the console itself


# ------------------------------------------------------------------------------------ the pager

PARAGRAPH = ("The harbour commission met on Thursday to weigh three competing bids for the "
             "night ferry, and several members asked for a longer consultation before any vote "
             "https://example.org/a-very-long-unbreakable-address-for-the-consultation-paper")


def test_screens_are_counted_in_terminal_rows_not_lines():
    text = "\n".join([PARAGRAPH] * 6)
    screens = screenfuls(text, 9, width=40)
    for screen in screens:
        assert sum(screen_rows(line, 40) for line in screen.splitlines()) <= 9
    assert len(screens) > len(screenfuls(text, 9))  # by lines it would look shorter


def test_lines_wrap_at_word_boundaries_and_keep_their_indent():
    bullet = "  - " + PARAGRAPH
    wrapped = wrap_line(bullet, 40)
    assert [w for line in wrapped for w in line.split()] == bullet.split()  # no word cut
    assert all(len(line) <= 40 for line in wrapped if "https://" not in line)
    assert all(line.startswith("    ") for line in wrapped[1:])  # under the bullet's text
    assert wrap_line("short line", 40) == ["short line"]
    assert screen_rows("x" * 95, 40) == 3  # an unbreakable word still takes its rows
    assert display_width("東京") == 4


async def test_the_pager_uses_the_terminal_size(app):
    app.terminal = FakeTerminal(30, 8, keys=[" "] * 50)
    app._input = Keyboard(["!brief", "quit"])
    await app.repl()
    answer = app.out.getvalue().split("\n", 1)[1]  # after the greeting
    screens = [s for s in answer.split("\r") if s.strip()]
    for screen in screens[:-1]:
        body = screen.split("-- more")[0].strip(" ").rstrip("\n")
        assert sum(screen_rows(line, 30) for line in body.splitlines()) <= 7


# ------------------------------------------------------------------------------------ scripts


def test_piped_output_echoes_each_command_before_its_answer(tmp_path):
    config = write_config(tmp_path, newsroom_db(tmp_path))
    result = console(config, "!who Adaeze Okafor\n\n# a comment\n!sources\n")
    out = result.stdout
    assert out.startswith("> !who Adaeze Okafor\n")
    assert out.index("> !who Adaeze Okafor") < out.index("Engineer") < out.index("> !sources")
    assert out.index("> !sources") < out.index("Ferry tender to reopen")
    assert "# a comment" not in out


@pytest.mark.parametrize(("script", "status"), [
    ("!who Ana Duarte\n!who Nobody Atall\n", 0),   # a miss, even last, is an answer
    ("!who Nobody Atall\n!who Ana Duarte\n", 0),
    ("!who\n!who Ana Duarte\n", 1),                 # a usage error anywhere fails the run
    ("!who Ana Duarte\n!frobnicate\n", 1),          # so does an unknown command
])
def test_the_exit_status_counts_errors_not_misses(tmp_path, script, status):
    config = write_config(tmp_path, newsroom_db(tmp_path))
    result = console(config, script)
    assert result.returncode == status, result.stdout
    assert "Traceback" not in result.stderr


# ------------------------------------------------------------------------------------ a real pty

pexpect = pytest.importorskip("pexpect")


def skip_to_prompt(child) -> None:
    """Stop the pager if it is showing more, and wait for the prompt."""
    while child.expect_exact(["-- more", "briefbot> "]) == 0:
        child.send("q")


def test_a_terminal_session_pages_with_one_key_edits_lines_and_keeps_history(tmp_path):
    config = write_config(tmp_path, newsroom_db(tmp_path))
    data = tmp_path / "data-home"
    env = {k: v for k, v in os.environ.items() if k not in ("BRIEFBOT_CONFIG", "DISCORD_TOKEN")}
    env.update(XDG_DATA_HOME=str(data), TERM="xterm", INPUTRC="/dev/null")
    child = pexpect.spawn(BRIEFBOT[0], [*BRIEFBOT[1:], "--config", str(config), "console"],
                          env=env, dimensions=(12, 50), encoding="utf-8", timeout=20,
                          cwd=str(Path(__file__).resolve().parent.parent))
    try:
        child.expect_exact("briefbot> ")
        child.send("!brief\r")
        child.expect_exact("-- more")
        child.send("q")  # one key, no Enter
        child.expect_exact("briefbot> ")
        child.send("!who Ana Duartx\x7fe\r")  # a typo fixed with backspace
        child.expect_exact("Harbour minister")
        skip_to_prompt(child)
        child.send("\x1b[A\r")  # arrow up: the previous command again
        child.expect_exact("Harbour minister")
        assert "^[[A" not in child.before
        skip_to_prompt(child)
        child.send("quit\r")
        child.expect(pexpect.EOF)
    finally:
        child.close()
    assert child.exitstatus == 0
    history = (data / "briefbot" / "console_history").read_text(encoding="utf-8")
    assert "!who Ana Duarte" in history and "!brief" in history
