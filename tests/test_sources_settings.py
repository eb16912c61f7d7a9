"""[[sources]] and [fetch] settings: defaults, values and one-line errors."""
from __future__ import annotations

import pytest

from digests.settings import (
    FetchSettings,
    Settings,
    SettingsError,
    SourceSetting,
    parse_interval,
    settings_from_dict,
)


@pytest.mark.parametrize(("text", "seconds"), [
    ("30m", 1800), ("2h", 7200), ("1h30m", 5400), ("90s", 90), ("1m", 60), (" 45M ", 2700)])
def test_parse_interval(text, seconds):
    assert parse_interval(text) == seconds


@pytest.mark.parametrize(("text", "message"), [
    ("soon", "not an interval"), ("", "not an interval"), ("30", "not an interval"),
    ("10s", "too often"), ("1m-", "not an interval")])
def test_parse_interval_rejects(text, message):
    with pytest.raises(ValueError, match=message):
        parse_interval(text)


def test_defaults():
    s = Settings()
    assert s.sources == () and s.fetch == FetchSettings()
    assert s.fetch.contact is None and s.fetch.max_redirects == 5


def test_sources_and_fetch_are_read():
    s = settings_from_dict({
        "sources": [{"url": "https://wire.example.invalid/rss", "name": "Wire", "every": "15m"},
                    {"path": "inbox"}],
        "fetch": {"contact": "desk@example.invalid", "delay_seconds": 0.5, "max_bytes": 2048,
                  "timeout_seconds": 5, "report_after_failures": 2},
    })
    assert s.sources == (SourceSetting("https://wire.example.invalid/rss", "Wire", 900),
                         SourceSetting("inbox", None, 1800))
    assert s.fetch == FetchSettings(contact="desk@example.invalid", delay_seconds=0.5,
                                    timeout_seconds=5.0, max_bytes=2048, report_after_failures=2)


@pytest.mark.parametrize(("data", "message"), [
    ({"sources": [{"name": "x"}]}, "sources[0]: give exactly one of 'url'"),
    ({"sources": [{"url": "a", "path": "b"}]}, "sources[0]: give exactly one of 'url'"),
    ({"sources": [{"url": "ftp://x/y"}]}, "sources[0].url = 'ftp://x/y': expected an http"),
    ({"sources": [{"url": "http://x/", "every": "5s"}]},
     "sources[0].every = '5s': poll at most once a minute"),
    ({"sources": [{"url": "http://x/", "colour": "red"}]}, "unknown setting [sources[0]] 'colour'"),
    ({"sources": {"url": "http://x/"}}, "expected [[sources]] tables"),
    ({"fetch": {"contact": "me (desk)"}}, "fetch.contact = 'me (desk)': expected an e-mail"),
    ({"fetch": {"max_bytes": 10}}, "fetch.max_bytes = 10: expected a whole number >= 1024"),
    ({"fetch": {"delay_seconds": -1}}, "fetch.delay_seconds = -1: expected a number >= 0"),
    ({"fetch": {"speed": 1}}, "unknown setting [fetch] 'speed'"),
    ({"fetch": {"allow_private_addresses": "yes"}},
     "fetch.allow_private_addresses = 'yes': expected true or false"),
])
def test_bad_values_are_one_line(data, message):
    with pytest.raises(SettingsError) as caught:
        settings_from_dict(data)
    assert message in str(caught.value) and "\n" not in str(caught.value)
