"""Rendering: every section in every format, dates, escaping of hostile document text, Discord
splitting at every limit, and the sandbox for user templates."""
from __future__ import annotations

import io
import re
from dataclasses import replace
from datetime import date

import pytest
from freezegun import freeze_time

from digests import briefing as b
from digests.models import (
    DocExtraction,
    DocumentRecord,
    Event,
    EventRecord,
    PersonRecord,
    QuestionRecord,
    Quote,
    Role,
    StanceRecord,
)
from digests.render import (
    DISCORD_LIMITS,
    ZWSP,
    Renderer,
    RenderError,
    TemplateError,
    build_embeds,
    escape_markdown,
    format_date,
    plain,
    split_message,
)
from digests.store import Store
from test_briefing import NOW, _doc, fill_store

SECTION_TITLES = ("Headlines", "Key events", "Quoted officials", "Open questions", "Who's who", "Sources")


@pytest.fixture
def store(tmp_path):
    with Store(f"sqlite:///{tmp_path / 'render.sqlite3'}") as s:
        yield fill_store(s)


@pytest.fixture(scope="module")
def renderer():
    return Renderer()


def _all_outputs(renderer: Renderer, obj) -> dict[str, str]:
    embeds = renderer.discord_embeds(obj)
    return {
        "text": renderer.text(obj),
        "markdown": renderer.markdown(obj),
        "html": renderer.html(obj),
        "discord": "\n".join(renderer.discord_pages(obj)),
        "embed": "\n".join(f"{e['title']}\n{e['description']}" for e in embeds),
    }


# ----------------------------------------------------------------------------------------------
# Every section, every format


def test_every_section_in_every_format(store, renderer):
    brief = b.build_briefing(store, now=NOW)
    for fmt, out in _all_outputs(renderer, brief).items():
        for title in SECTION_TITLES:
            wanted = title.upper() if fmt == "text" else title
            assert wanted.replace("'", "&#39;" if fmt == "html" else "'") in out, (fmt, title)
        assert "12 March 2031" in out, fmt  # the heading carries the day
        assert "Amara Okafor" in out and "Minister of Transport" in out, fmt
        assert "2 March 2031" in out and "10 March" in out and "April 2031" in out, fmt
        assert "Will the strike end before April?" in out, fmt
        assert ("Harbour Courier" in out) and ("Coastal Times" in out), fmt
        assert "[1]" in out and "[2]" in out, fmt


def test_profile_in_every_format(store, renderer):
    profile = b.build_profile(store, "Wielgosz", now=NOW)
    for fmt, out in _all_outputs(renderer, profile).items():
        assert "Tomasz Wielgosz" in out or "TOMASZ WIELGOSZ" in out, fmt
        assert "union" in out and "Our members have waited long enough" in out, fmt
        assert "Coastal Times" in out, fmt


def test_empty_daily_says_nothing_new(store, renderer):
    since = b.day_start(date(2999, 1, 1))
    out = renderer.text(b.build_daily(store, since=since, now=NOW))
    assert "Nothing new since 1 January 2999, 00:00 UTC" in out
    assert "OPEN QUESTIONS" in out and "Will grain prices fall by summer?" in out
    assert "KEY EVENTS" not in out


@pytest.mark.parametrize(
    "fmt, expected",
    [("text", "[1][2][3] +2 more"), ("markdown", "[1][2][3] +2 more"), ("discord", "[1][2][3] +2 more"),
     ("html", '<a class="ref" href="#src-3">[3]</a><span class="ref"> +2 more</span>')],
)
def test_many_sources_are_counted_not_listed(renderer, fmt, expected):
    docs = tuple(DocumentRecord(f"d{i}", "p", f"T{i}", None, None, date(2031, 3, i + 1), False, 1, "0", NOW)
                 for i in range(5))
    events = tuple(EventRecord(0, d.id, "2031-03-01", "day", "", "the bridge reopened to traffic") for d in docs)
    brief = b.compose(b.Knowledge(documents=docs, events=events), now=NOW)
    out = {"text": renderer.text, "markdown": renderer.markdown, "html": renderer.html,
           "discord": lambda o: "".join(renderer.discord_pages(o))}[fmt](brief)
    assert expected in out


def test_html_page_is_standalone_and_links_citations(store, renderer):
    page = renderer.html(b.build_briefing(store, now=NOW))
    assert page.startswith("<!DOCTYPE html>") and page.rstrip().endswith("</html>")
    assert '<meta name="viewport"' in page and "@media print" in page
    assert '<a class="ref" href="#src-1">[1]</a>' in page and 'id="src-1"' in page
    assert '<a href="https://example.org/strike-a">' in page


@pytest.mark.parametrize(
    "tz, expected",
    [("UTC", "12 March 2031, 07:30 UTC"), ("Asia/Tokyo", "12 March 2031, 16:30 JST"),
     ("America/Lima", "12 March 2031, 02:30 -05")],
)
def test_times_in_configured_timezone(store, tz, expected):
    assert expected in Renderer(timezone=tz).text(b.build_briefing(store, now=NOW))


@pytest.mark.parametrize(
    "value, style, expected",
    [
        ("2020-06-16", "dmy", "16 June 2020"),
        ("2020-06-16", "mdy", "June 16, 2020"),
        ("2020-06-16", "iso", "2020-06-16"),
        ("--06-16", "dmy", "16 June"),
        ("--06-16", "mdy", "June 16"),
        ("2020-06", "dmy", "June 2020"),
        ("2019", "dmy", "2019"),
        (date(2021, 1, 5), "dmy", "5 January 2021"),
        (None, "dmy", "undated"),
        ("2020-13-01", "dmy", "2020-13-01"),  # not a month: shown as stored
        ("someday", "dmy", "someday"),
    ],
)
def test_format_date(value, style, expected):
    assert format_date(value, style) == expected


@pytest.mark.parametrize(
    "kwargs, message",
    [({"timezone": "Mars/Base"}, "unknown timezone 'Mars/Base'"),
     ({"date_style": "roman"}, "unknown date style 'roman'"),
     ({"template_dir": "/nonexistent/templates"}, "does not exist")],
)
def test_bad_settings_are_clear(kwargs, message):
    with pytest.raises(RenderError, match=re.escape(message)):
        Renderer(**kwargs)


def test_rendering_something_else_is_refused(renderer):
    with pytest.raises(RenderError, match="cannot render a dict"):
        renderer.text({})


# ----------------------------------------------------------------------------------------------
# Escaping hostile text


@pytest.mark.parametrize(
    "text, expected",
    [
        ("@everyone look", f"@{ZWSP}everyone look"),
        ("hi <@123> and <@&456> in <#789>", f"hi \\<@{ZWSP}123\\> and \\<@{ZWSP}\\&456\\> in \\<\\#789\\>"),
        ("**bold** _it_ ~~s~~ ||spoil|| `code`", "\\*\\*bold\\*\\* \\_it\\_ \\~\\~s\\~\\~ \\|\\|spoil\\|\\| \\`code\\`"),
        ("[click](https://x.example) ![img](y)", "\\[click\\](https://x.example) !\\[img\\](y)"),
        ("line one\n# heading\n> quote", "line one \\# heading \\> quote"),
        ("plain words stay", "plain words stay"),
        ("escape\x1b[31m red\x07", "escape red"),
    ],
)
def test_escape_markdown(text, expected):
    assert escape_markdown(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [("a\x1b[2Jb", "a b"), ("tab\tand\nnewline", "tab and newline"), ("rtl\u202eoverride", "rtl override")],
)
def test_plain_removes_control_characters(text, expected):
    assert plain(text) == expected


HOSTILE = "@everyone **BREAK** <@123> <@&55> <#77> @here ||x|| [link](https://evil.example) <script>alert(1)</script>\n# Big"


@pytest.fixture
def hostile_store(tmp_path):
    doc = _doc("hostile", HOSTILE, "@here Gazette", date(2031, 3, 1), url="javascript:alert(1)")
    extraction = DocExtraction(
        "hostile",
        quotes=(Quote(HOSTILE, 0, 1, "mallory", "Mallory"),),
        events=(Event("2031-03-01", "day", "March 1", HOSTILE, 0, 1),),
    )
    person = PersonRecord("mallory", "Mallory @everyone Vance", ("<@123>",), (Role(HOSTILE, "hostile"),),
                          ("hostile",), mentions=3)
    question = QuestionRecord("q-h", HOSTILE + "?", "open", ("hostile",),
                              (StanceRecord("hostile", "mallory", "Mallory", HOSTILE, "against"),))
    with Store(f"sqlite:///{tmp_path / 'hostile.sqlite3'}") as s:
        yield fill_store(s, [doc], {"hostile": extraction}, [person], [question])


def _no_ping(text: str) -> None:
    assert not re.search(r"@(?!\u200b)", text), "an @ without a zero-width space"
    assert not re.search(r"(?<!\\)<[@#]", text), "an unescaped mention"


def test_hostile_text_cannot_ping_or_break_discord(hostile_store, renderer):
    brief = b.build_briefing(hostile_store, now=NOW)
    profile = b.build_profile(hostile_store, "Mallory", now=NOW)
    for obj in (brief, profile):
        for page in renderer.discord_pages(obj):
            _no_ping(page)
            assert "**BREAK**" not in page and "||x||" not in page
            assert not re.search(r"(?<!\\)\[link(?<!\\)\]\(https://evil", page)
            # document text never opens a heading or a block quote of its own
            assert not re.search(r"^(# Big|> (?!“)|#+ \\?@)", page, re.M)
        for embed in renderer.discord_embeds(obj):
            _no_ping(embed["title"] + embed["description"])
            assert "**BREAK**" not in embed["description"]
    headings = [ln for ln in renderer.discord_pages(brief)[0].splitlines() if ln.startswith("#")]
    assert headings[0].startswith("## Briefing") and all(h.startswith("### ") for h in headings[1:])
    assert "javascript:" not in "".join(renderer.discord_pages(brief))


def test_hostile_text_is_inert_in_markdown_html_and_text(hostile_store, renderer):
    brief = b.build_briefing(hostile_store, now=NOW)
    md = renderer.markdown(brief)
    _no_ping(md)
    assert "**BREAK**" not in md and "<script>" not in md and "javascript:" not in md
    html = renderer.html(brief)
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert 'href="javascript' not in html
    text = renderer.text(brief)
    assert "\n# Big" not in text and "\x1b" not in text


# ----------------------------------------------------------------------------------------------
# Discord splitting


def _words(pages: list[str]) -> list[str]:
    body = "\n".join(re.sub(r"\n-# \d+/\d+$", "", p) for p in pages)
    return body.split()


def _item(i: int, size: int) -> str:
    return f"**Item {i}** " + " ".join(f"word{i}x{j}" for j in range(size))


@pytest.mark.parametrize(
    "text",
    [
        "\n\n".join(_item(i, 20) for i in range(200)),  # many short items
        "### A\n\n" + "\n".join(_item(i, 10) for i in range(300)),  # one long block of lines
        " ".join(f"[link {i}](https://example.org/{i}) **bold {i}**" for i in range(400)),  # one long line
        "x" * 4500,  # one unbreakable word (hard cut is the only option)
        "\n\n".join(["### Section"] * 3 + [_item(i, 300) for i in range(12)]),
    ],
    ids=["items", "lines", "spans", "word", "headings"],
)
def test_split_message_limits_and_content(text):
    pages = split_message(text)
    assert all(len(p) <= DISCORD_LIMITS["message"] for p in pages)
    assert len(pages) > 1
    assert [p.rsplit("\n-# ", 1)[1] for p in pages] == [f"{i}/{len(pages)}" for i in range(1, len(pages) + 1)]
    if not text.startswith("x"):
        assert _words(pages) == text.split()  # nothing lost, no word cut


def test_split_never_breaks_a_link_or_span():
    line = " ".join(f"[link number {i}](https://example.org/{i}) and **bold text {i}**" for i in range(300))
    for page in split_message(line):
        body = page.rsplit("\n-# ", 1)[0]
        assert body.count("**") % 2 == 0
        assert body.count("[") == body.count("](") == body.count(")")


def test_split_keeps_headings_with_their_items():
    text = "\n\n".join(["### First"] + [_item(i, 60) for i in range(5)] + ["### Second"] + [_item(i, 60) for i in range(5)])
    for page in split_message(text):
        body = page.rsplit("\n-# ", 1)[0]
        assert not body.rstrip().splitlines()[-1].startswith("###")


def test_short_message_is_one_unlabelled_page():
    assert split_message("### Hello\n\nworld") == ["### Hello\n\nworld"]


def _big_briefing() -> b.Briefing:
    long = "a development described at considerable length " * 12
    return b.Briefing(
        kind="briefing", title="Briefing", generated=NOW, documents=400,
        headlines=tuple(b.Headline(f"{i} {long}", "2031-03-01", ("d",), (1,)) for i in range(3)),
        events=tuple(b.EventItem("2031-03-01", "day", f"{i} {long}", ("d",), 1.0, tuple(range(1, 30)))
                     for i in range(120)),
        quotes=tuple(b.QuoteItem("Rosa Ekwueme " * 20, "spokesperson " * 30, None, long * 3, "direct", ("d",), 1.0, (1,))
                     for _ in range(40)),
        questions=tuple(b.QuestionItem(f"q{i}", long, tuple(
            b.StanceItem("Rosa Ekwueme", None, lean, long, ("d",), (1,)) for lean in ("for", "against", "unsure")),
            ("d",), 1.0, (1,)) for i in range(30)),
        people=tuple(b.PersonItem(f"p{i}", "Rosa Ekwueme " * 10, ("Ekwueme",) * 10,
                                  tuple(b.RoleItem("deputy mayor " * 20, ("d",), (1,)) for _ in range(6)), ("d",))
                     for i in range(40)),
        sources=tuple(b.Source(i, f"d{i}", "A title " * 50, "Outlet " * 20, date(2031, 3, 1), False,
                               f"https://example.org/{'a' * 200}/{i}") for i in range(1, 200)),
    )


def test_big_briefing_pages_within_discord_limits(renderer):
    pages = renderer.discord_pages(_big_briefing())
    assert len(pages) > 10
    assert all(len(p) <= 2000 for p in pages)
    assert all(p.endswith(f"\n-# {i}/{len(pages)}") for i, p in enumerate(pages, 1))
    for page in pages:  # links are whole on their page
        assert all(u.endswith(">") for u in re.findall(r"<https://\S+", page))


def test_big_briefing_embeds_within_discord_limits(renderer):
    embeds = renderer.discord_embeds(_big_briefing())
    L = DISCORD_LIMITS
    assert len(embeds) > 6
    for i, embed in enumerate(embeds, 1):
        assert len(embed["title"]) <= L["title"] and len(embed["description"]) <= L["description"]
        assert len(embed.get("fields", ())) <= L["fields"]
        assert all(len(f["name"]) <= L["field_name"] and len(f["value"]) <= L["field_value"]
                   for f in embed.get("fields", ()))
        total = len(embed["title"]) + len(embed["description"]) + len(embed["footer"]["text"])
        assert total <= L["embed_total"]
        assert embed["footer"]["text"] == f"{i}/{len(embeds)}"
    assert embeds[1]["title"] == "Headlines" and any(e["title"] == "Key events (cont.)" for e in embeds)


def test_build_embeds_from_markdown():
    embeds = build_embeds("# One\n\nfirst item\n\nsecond item\n\n# Two\n\nthird")
    assert [(e["title"], e["description"]) for e in embeds] == [
        ("One", "first item\n\nsecond item"), ("Two", "third")]


# ----------------------------------------------------------------------------------------------
# User templates: override by name, sandbox, clear errors


def _user(tmp_path, name: str, source: str) -> Renderer:
    (tmp_path / name).write_text(source, encoding="utf-8")
    return Renderer(template_dir=tmp_path)


def test_user_template_overrides_by_name(tmp_path, store):
    r = _user(tmp_path, "briefing.txt.j2", "CUSTOM {{ briefing.title }} {{ briefing.events|length }}\n")
    brief = b.build_briefing(store, now=NOW)
    assert r.text(brief) == f"CUSTOM Briefing {len(brief.events)}\n"
    assert "Key events" in r.markdown(brief)  # other templates still shipped ones


@pytest.mark.parametrize(
    "source, message",
    [
        ("{{ briefing.__class__.__mro__ }}", "unsafe"),
        ("{{ ''.__class__.__subclasses__() }}", "unsafe"),
        ("{{ briefing.generated.__class__.__init__.__globals__ }}", "unsafe"),
        ("{% for i in range(10**9) %}{% endfor %}", "(?i)range too big"),
    ],
)
def test_sandbox_refuses_unsafe_templates(tmp_path, store, source, message):
    r = _user(tmp_path, "briefing.txt.j2", source)
    with pytest.raises(TemplateError, match=message) as info:
        r.text(b.build_briefing(store, now=NOW))
    assert info.value.template == "briefing.txt.j2"


@pytest.mark.parametrize(
    "source, line, cause",
    [
        ("ok\n{% for x in %}\n", 2, "syntax error"),
        ("one\ntwo\n{{ briefing.no_such_field }}\n", 3, "undefined"),
        ("{{ missing_variable }}", 1, "'missing_variable' is undefined"),
        ("\n\n\n{{ briefing.events[999] }}", 4, "undefined"),
        ('{% include "nowhere.j2" %}', None, "template not found"),
    ],
)
def test_template_errors_name_template_line_and_cause(tmp_path, store, source, line, cause):
    r = _user(tmp_path, "briefing.md.j2", source)
    with pytest.raises(TemplateError) as info:
        r.markdown(b.build_briefing(store, now=NOW))
    err = info.value
    assert cause in err.cause and err.line == line
    assert err.template in ("briefing.md.j2", "nowhere.j2")
    assert str(err).startswith(f"template {err.template}")


def test_user_typed_topic_is_escaped_in_headings(hostile_store, renderer):
    brief = b.build_briefing(hostile_store, topic="<script>alert(1)</script> @everyone", now=NOW)
    assert "<script>" not in renderer.html(brief)
    for page in renderer.discord_pages(brief):
        _no_ping(page)


def test_shipped_templates_are_escaped_even_with_a_user_folder(tmp_path, hostile_store):
    r = _user(tmp_path, "unrelated.j2", "x")
    html = r.html(b.build_briefing(hostile_store, now=NOW))
    assert "<script>" not in html


def test_brief_section_subsets_render(store, renderer):
    only = replace(b.build_briefing(store, now=NOW), sections=("quotes", "sources"))
    out = renderer.text(only)
    assert "QUOTED OFFICIALS" in out and "KEY EVENTS" not in out and "HEADLINES" not in out


# ----------------------------------------------------------------------------------------------
# The CLI commands that show briefings: digest, brief, who


@pytest.fixture
def cli(tmp_path, monkeypatch):
    """Run ``briefbot`` against a filled store; returns (exit status, stdout, stderr)."""
    from bot.cli import main

    db = tmp_path / "cli.sqlite3"
    with Store(f"sqlite:///{db}") as s:
        fill_store(s)
    config = tmp_path / "briefbot.toml"
    config.write_text(f'database_url = "sqlite:///{db}"\ntimezone = "Europe/Paris"\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)

    def run(*argv: str) -> int:
        return main(["--config", str(config), *argv])

    return run


def test_cli_digest_prints_every_section(cli, capsys):
    assert cli("digest") == 0
    out = capsys.readouterr().out
    # the CLI's digest is the chat's !digest (nothing posted from here: the whole store)
    assert out.startswith("DAILY DIGEST — ") and all(t.upper() in out for t in SECTION_TITLES)
    assert "dock workers walked out at the port of Valmora [1][2]" in out


@pytest.mark.parametrize(
    "fmt, marker",
    [("html", "<!DOCTYPE html>"), ("markdown", "## Key events"), ("discord", "### Key events"), ("text", "KEY EVENTS")],
)
def test_cli_digest_writes_each_format(cli, capsys, tmp_path, fmt, marker):
    target = tmp_path / f"digest.{fmt}"
    assert cli("digest", "--format", fmt, "--output", str(target)) == 0
    assert capsys.readouterr().out.strip() == f"wrote {target}"
    assert marker in target.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "argv, status, expected",
    [
        (("digest", "--since", "2031-03-04"), 0, "Valmora port stands still"),
        (("digest", "--since", "2031-03-05", "--until", "2031-03-01"), 2, "--since 2031-03-05 is after --until 2031-03-01"),
        (("digest", "--since", "March"), 2, "--since 'March': expected a date as YYYY-MM-DD"),
        (("brief", "grain"), 0, "BRIEFING: GRAIN"),
        (("who", "Tomasz", "Wielgosz"), 0, "TOMASZ WIELGOSZ"),
        (("who", "Amara", "Okafro"), 1, "No one called 'Amara Okafro' in the store. Did you mean: Amara Okafor?"),
        (("digest", "--output", "/nonexistent/dir/x.html"), 1, "cannot write /nonexistent/dir/x.html"),
    ],
)
def test_cli_options_and_errors(cli, capsys, argv, status, expected):
    assert cli(*argv) == status
    captured = capsys.readouterr()
    assert expected in (captured.out if status == 0 else captured.err)
    assert "Traceback" not in captured.err


def test_cli_reports_template_errors_in_one_line(cli, capsys, tmp_path):
    (tmp_path / "tpl").mkdir()
    (tmp_path / "tpl" / "briefing.txt.j2").write_text("{{ briefing.nope }}", encoding="utf-8")
    config = tmp_path / "briefbot.toml"
    config.write_text(config.read_text() + f'template_dir = "{tmp_path / "tpl"}"\n', encoding="utf-8")
    assert cli("digest") == 1
    err = capsys.readouterr().err
    assert "template briefing.txt.j2, line 1: undefined" in err and "Traceback" not in err


def test_an_oversized_embed_is_a_render_error_not_an_assert(monkeypatch):
    # the limit check must survive ``python -O`` and reach the user as a RenderError
    import digests.render as render_module

    monkeypatch.setattr(render_module, "_embed_size", lambda embed: DISCORD_LIMITS["embed_total"] + 1)
    with pytest.raises(RenderError, match=r"embed 1/1 \('Notes'\) is \d+ characters, over "
                                          r"Discord's \d+ limit"):
        build_embeds("# Notes\n\nShort text.")


# ----------------------------------------------------------------------------------------------
# Discord counts UTF-16 code units: one limit table and one length for render and the checks


def test_discord_len_counts_utf16_code_units_of_mixed_text():
    from digests.discord_limits import discord_len

    assert discord_len("") == 0
    assert discord_len("plain ascii") == 11
    assert discord_len("café €") == 6  # BMP characters count one each
    assert discord_len("\U0001F4F0") == 2  # an astral emoji counts two
    mixed = "News \U0001F4F0 from Zürich \U0001F1E8\U0001F1ED — 𝔉𝔞𝔠𝔱"
    assert discord_len(mixed) == len(mixed.encode("utf-16-le")) // 2
    assert discord_len(mixed) == len(mixed) + 1 + 2 + 4  # 📰, a two-letter flag, four 𝔉-letters


def test_render_and_posting_share_one_limit_table():
    import bot.posting as posting
    from digests import discord_limits

    assert DISCORD_LIMITS is discord_limits.DISCORD_LIMITS
    assert posting.embed_problems is discord_limits.embed_problems
    assert not hasattr(posting, "EMBED_LIMITS")
    assert DISCORD_LIMITS == {"message": 2000, "embed_total": 6000, "title": 256,
                              "description": 4096, "fields": 25, "field_name": 256,
                              "field_value": 1024, "footer": 2048, "author": 256}


EMOJI = "\U0001F4F0"  # 📰, two UTF-16 code units


@pytest.mark.parametrize("text", [
    "\n\n".join(f"{EMOJI * 30} item {n} " + " ".join([EMOJI * 3] * 40) for n in range(120)),
    EMOJI * 5000,  # one unbreakable run: cut hard, never inside a character
    ("# Section\n\n" + "\n".join(f"{EMOJI} line {n} {EMOJI * 20}" for n in range(400))),
], ids=["items", "unbreakable", "lines"])
def test_split_message_of_astral_text_stays_within_discords_count(text):
    from digests.discord_limits import discord_len

    pages = split_message(text)
    assert len(pages) > 1
    assert all(discord_len(p) <= DISCORD_LIMITS["message"] for p in pages)
    assert all(not any(0xD800 <= ord(c) <= 0xDFFF for c in p) for p in pages)
    assert sum(p.count(EMOJI) for p in pages) == text.count(EMOJI)  # nothing lost


def test_embeds_full_of_emoji_are_sized_by_render_and_accepted_by_embed_problems():
    from digests.discord_limits import discord_len, embed_problems

    text = "\n\n".join(
        f"# {EMOJI * 200} section {s}\n\n"
        + "\n\n".join(f"{EMOJI * 40} item {n} " + " ".join([EMOJI * 4] * 60) for n in range(30))
        for s in range(3))
    embeds = build_embeds(text)
    assert len(embeds) > 3
    for embed in embeds:
        assert embed_problems(embed) == [], embed["title"]
        assert discord_len(embed["title"]) <= DISCORD_LIMITS["title"]
        assert discord_len(embed["description"]) <= DISCORD_LIMITS["description"]
    # a character count alone would have let these through: they are longer in UTF-16
    assert any(len(e["description"]) * 2 > DISCORD_LIMITS["description"] for e in embeds)


def test_an_emoji_title_is_clipped_to_discords_title_limit():
    from digests.discord_limits import discord_len, embed_problems

    [embed] = build_embeds(f"# {' '.join([EMOJI * 10] * 30)}\n\nShort text.")
    assert discord_len(embed["title"]) <= DISCORD_LIMITS["title"] - len(" (cont.)")
    assert embed["title"].endswith("…") and embed_problems(embed) == []


@pytest.mark.parametrize("command, argument, shows, hides", [
    ("brief", "last week", "Valmora port stands still", "Grain prices climb"),  # Feb 27 - Mar 5
    ("brief", "since 2031-03-03", "Valmora port stands still", "Grain prices climb"),
    ("brief", "2031-02-01..2031-02-28", "Grain prices climb", "Valmora port stands still"),
    ("brief", "grain", "BRIEFING: GRAIN", "Valmora port stands still"),  # a topic
    ("who", "Tomasz Wielgosz", "TOMASZ WIELGOSZ", "Grain prices climb"),
    ("digest", "", "DAILY DIGEST", "No documents"),
])
def test_cli_reader_commands_answer_as_the_console_does(cli, capsys, monkeypatch, command, argument,
                                                        shows, hides):
    """``briefbot brief "last week"`` is ``!brief last week``: both go through the command core
    with one argument grammar, so the rendered text is the same."""
    with freeze_time("2031-03-05 09:00:00"):
        assert cli(command, *argument.split()) == 0
        from_cli = capsys.readouterr().out
        monkeypatch.setattr("sys.stdin", io.StringIO(f"!{command} {argument}\n"))
        assert cli("console") == 0
        from_console = capsys.readouterr().out
    echo, _, answer = from_console.partition("\n")  # piped, the console echoes the command
    assert echo == f"> !{command} {argument}".rstrip()
    assert from_cli.strip() == answer.strip()
    assert shows in from_cli and hides not in from_cli


def test_cli_brief_reports_an_unreadable_date_range_like_the_chat_does(cli, capsys):
    assert cli("brief", "since", "2031-02-30") == 2
    err = capsys.readouterr().err.strip()
    assert err == "briefbot brief: '2031-02-30' is not a real date (expected YYYY-MM-DD)."
