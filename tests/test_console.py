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
from bot.console import CONSOLE_USER, ConsoleApp, ConsoleSender, screenfuls
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
    app = ConsoleApp(core, out=out, scheduler=scheduler, page_lines=4)
    yield app
    scheduler.shutdown()
    store.close()


class Keyboard:
    """Answers the REPL's prompts from a list, then EOF."""

    def __init__(self, answers: list[str]) -> None:
        self.answers = list(answers)
        self.prompts: list[str] = []

    async def __call__(self, prompt: str) -> str | None:
        self.prompts.append(prompt)
        return self.answers.pop(0) if self.answers else None


async def test_repl_pages_long_answers_with_more(app):
    keys = Keyboard(["!timeline", "", "q", "quit"])
    app._input = keys
    assert await app.repl() == 0
    out = app.out.getvalue()
    more = [p for p in keys.prompts if p.startswith("-- more")]
    assert len(more) == 2  # Enter showed the second screen, "q" stopped before the third
    assert "TIMELINE" in out.upper()
    assert "Island Herald" not in out  # the sources at the end were never shown


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
