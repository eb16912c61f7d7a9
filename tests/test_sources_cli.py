"""``briefbot sources`` from the command line, against a 127.0.0.1 server (session model)."""
from __future__ import annotations

import pytest

from bot.cli import main
from feedkit import item_for, rss, serve_site, story


@pytest.fixture
def config(tmp_path, monkeypatch):
    path = tmp_path / "briefbot.toml"
    path.write_text(f'database_url = "sqlite:///{tmp_path / "db.sqlite3"}"\n'
                    f'curated_people = "{tmp_path / "none.toml"}"\n'
                    "[fetch]\ndelay_seconds = 0\ncontact = \"desk@example.invalid\"\n",
                    encoding="utf-8")
    monkeypatch.setenv("BRIEFBOT_CONFIG", str(path))
    return path


def _source_id(out: str) -> str:
    return out.split("added source ", 1)[1].split(":", 1)[0]


def test_add_poll_list_remove(httpserver, config, capsys, nlp):
    s = story(14)
    [url] = serve_site(httpserver, [s])
    httpserver.expect_request("/feed.xml").respond_with_data(
        rss([item_for(s, url)]), content_type="application/rss+xml")
    httpserver.expect_request("/down.xml").respond_with_data("no", status=503)
    assert main(["sources", "add", httpserver.url_for("/feed.xml"), "--every", "2h",
                 "--name", "Courier"]) == 0
    good = _source_id(capsys.readouterr().out)
    assert main(["sources", "add", httpserver.url_for("/down.xml")]) == 0
    bad = _source_id(capsys.readouterr().out)

    assert main(["sources", "poll"]) == 1  # one source failed
    captured = capsys.readouterr()
    assert f"[{good}] Courier: RSS 2.0 feed: 1 new" in captured.out
    assert "  + new: " in captured.out and s.title in captured.out
    assert f"[{bad}] " in captured.out and "failed: HTTP 503 SERVICE UNAVAILABLE" in captured.out
    assert "1 of 2 source(s) failed" in captured.err
    assert all(req.headers["User-Agent"].endswith("(+desk@example.invalid)")
               for req, _ in httpserver.log)

    assert main(["sources", "poll", good]) == 0
    # the server sends no ETag: the feed is read again, its entry is known and not fetched
    assert "1 new" not in (again := capsys.readouterr().out) and "1 unchanged" in again
    assert main(["sources", "list"]) == 0
    listed = capsys.readouterr().out
    assert f"{good}  every 120 min  Courier" in listed and "1 article(s)" in listed

    assert main(["sources", "remove", bad]) == 0
    assert main(["sources", "remove", bad]) == 1
    assert "no source with id" in capsys.readouterr().err
    assert main(["sources", "poll", "nope"]) == 1
    assert "no source 'nope'" in capsys.readouterr().err


@pytest.mark.parametrize(("argv", "message"), [
    (["sources", "add"], "give a feed or article URL, or a folder"),
    (["sources", "add", "ftp://x/y"], "only http:// and https://"),
    (["sources", "add", "http://x.example.invalid/", "--every", "5s"], "too often"),
    (["sources", "remove"], "give the source ID"),
])
def test_usage_errors_are_one_line(config, capsys, argv, message):
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1
