"""The ``briefbot`` command line, end to end on files the tests create (a fake extractor stands
in for spaCy, except in the one test that runs the real pipeline on the seeds)."""
from __future__ import annotations

import json
import logging
import subprocess
import sys
from pathlib import Path

import pytest

from bot import cli
from bot.cli import Command, arg, main
from conftest import ROOT, write
from digests.models import DocExtraction, Person, PersonRecord, QuestionRecord
from digests.settings import load_settings
from digests.store import Store


def fake_extract(docs, *, nlp=None, curated=None, **_):
    """One person per document: its first two words."""
    return [DocExtraction(d.id, people=(Person("p", " ".join(d.body.split()[:2])),)) for d in docs]


@pytest.fixture
def project(tmp_path, monkeypatch):
    """A working directory with a seeds folder, no config file, and no spaCy."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("BRIEFBOT_CONFIG", raising=False)
    monkeypatch.setattr("digests.pipeline.extract_documents", fake_extract)
    monkeypatch.setattr("digests.nlp.load_model", lambda *a, **k: object())
    write(tmp_path / "seeds" / "river.txt",
          "Ferry service resumes\n\nAyesha Siddiqui restarted the river ferry on Monday.")
    write(tmp_path / "seeds" / "school.md",
          "---\ntitle: School reopens\npublished: 2023-09-04\n---\nMateo Alvarez rang the bell.")
    return tmp_path


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_ingest_twice_with_no_config_file(project, capsys):
    assert run(capsys, "ingest") == (0, "2 added, 0 updated, 0 unchanged, 0 failed\n", "")
    assert run(capsys, "ingest") == (0, "0 added, 0 updated, 2 unchanged, 0 failed\n", "")
    assert (project / "data" / "briefbot.sqlite3").is_file()


def test_docs_lists_what_is_stored(project, capsys):
    code, out, _ = run(capsys, "docs")
    assert code == 0 and "No documents stored yet" in out
    run(capsys, "ingest")
    code, out, _ = run(capsys, "docs")
    lines = out.splitlines()
    assert code == 0 and lines[0].split() == ["ID", "PUBLISHED", "WORDS", "TITLE"]
    assert lines[1].split() == ["school", "2023-09-04", "5", "School", "reopens"]
    assert lines[2].split() == ["river", "-", "8", "Ferry", "service", "resumes"]
    assert lines[3].startswith("2 document(s)")


def test_each_bad_input_gets_its_own_line_and_good_files_land(project, capsys):
    write(project / "seeds" / "empty.txt", "")
    write(project / "seeds" / "noise.txt", bytes(range(256)) * 4)
    write(project / "seeds" / "broken.json", '{"body": ')
    code, out, err = run(capsys, "ingest", "seeds", "missing-folder")
    assert code == 1
    assert out == "2 added, 0 updated, 0 unchanged, 4 failed\n"
    lines = err.splitlines()
    assert len(lines) == 4 and all(line.startswith("error: ") for line in lines)
    assert any("empty.txt: empty file" in line for line in lines)
    assert any("noise.txt: binary data" in line for line in lines)
    assert any("broken.json: malformed JSON" in line for line in lines)
    assert any("missing-folder: no such file or folder" in line for line in lines)
    assert "Traceback" not in err
    code, out, _ = run(capsys, "docs")
    assert "river" in out and "school" in out


def test_ingest_explicit_file(project, capsys):
    code, out, _ = run(capsys, "ingest", "seeds/river.txt")
    assert (code, out) == (0, "1 added, 0 updated, 0 unchanged, 0 failed\n")


def test_config_option_and_environment_select_the_database(project, capsys, monkeypatch):
    write(project / "a.toml", 'database_url = "sqlite:///alt/a.sqlite3"\n')
    write(project / "b.toml", 'database_url = "sqlite:///alt/b.sqlite3"\n')
    assert run(capsys, "--config", "a.toml", "ingest")[0] == 0
    monkeypatch.setenv("BRIEFBOT_CONFIG", "b.toml")
    assert run(capsys, "ingest", "seeds/river.txt")[0] == 0
    with Store("sqlite:///alt/a.sqlite3") as a, Store("sqlite:///alt/b.sqlite3") as b:
        assert len(a.documents()) == 2 and len(b.documents()) == 1
    assert not (project / "data").exists()


def test_config_option_after_the_command(project, capsys):
    write(project / "c.toml", 'database_url = "sqlite:///alt/c.sqlite3"\n')
    assert run(capsys, "ingest", "seeds/river.txt", "--config", "c.toml")[0] == 0
    with Store("sqlite:///alt/c.sqlite3") as c:
        assert len(c.documents()) == 1
    assert not (project / "data").exists()


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        ('timezone = "Atlantis/Capital"', "timezone = 'Atlantis/Capital': not a known IANA timezone"),
        ("max_file_bytes = -5", "max_file_bytes = -5: expected a whole number >= 1"),
        ('[discord]\ntoken = "abc.def-secret"', "set the DISCORD_TOKEN environment variable"),
    ],
)
def test_invalid_config_is_one_line_and_exit_2(project, capsys, toml, message):
    write(project / "bad.toml", toml + "\n")
    code, out, err = run(capsys, "--config", "bad.toml", "docs")
    assert code == 2 and out == ""
    assert len(err.splitlines()) == 1 and message in err and "bad.toml" in err
    assert "abc.def-secret" not in err


def test_missing_config_file(project, capsys):
    code, _, err = run(capsys, "--config", "nowhere.toml", "docs")
    assert code == 2 and err.strip() == "briefbot docs: config file nowhere.toml not found"


def test_unusable_database_is_one_line(project, capsys):
    write(project / "junk.sqlite3", b"not a database" * 200)
    write(project / "c.toml", 'database_url = "sqlite:///junk.sqlite3"\n')
    code, _, err = run(capsys, "--config", "c.toml", "docs")
    assert code == 1 and err.startswith("briefbot docs: the store junk.sqlite3 is damaged")
    assert len(err.splitlines()) == 1


def test_extract_prints_contract_json_without_touching_the_store(project, capsys):
    write(project / "seeds" / "empty.md", "")
    code, out, err = run(capsys, "extract", "--json")
    assert code == 1  # one file failed, the JSON for the others is still printed
    data = json.loads(out)
    assert data["schema"] == "briefing-extract/1"
    assert [(d["id"], d["title"], d["published"]) for d in data["documents"]] == [
        ("river", "Ferry service resumes", None), ("school", "School reopens", "2023-09-04")]
    assert sorted(p["name"] for p in data["people"]) == ["Ayesha Siddiqui", "Mateo Alvarez"]
    assert err.splitlines() == [f"error: {Path('seeds') / 'empty.md'}: empty file"]
    assert not (project / "data").exists()


def test_extract_keeps_non_ascii_text(project, capsys):
    write(project / "other" / "q.txt", "Zoë Łukasiewicz said “déjà vu” twice.")
    code, out, _ = run(capsys, "extract", "--json", "other")
    assert code == 0 and "Zoë Łukasiewicz" in out and "\\u" not in out


def test_extract_requires_json(project, capsys):
    code, _, err = run(capsys, "extract")
    assert code == 2 and "pass --json" in err


@pytest.fixture
def with_question(project):
    settings = load_settings(env={})
    with Store.from_settings(settings) as store:
        store.save_resolution([PersonRecord("p", "Ayesha Siddiqui")], {}, [
            QuestionRecord("q-ferry", "Will the ferry run in winter?", "open", ("river",))])
    return project


def test_questions_list_resolve_and_reopen(with_question, capsys):
    code, out, _ = run(capsys, "questions")
    assert code == 0 and out == "q-ferry  [open]  Will the ferry run in winter?  (river)\n"
    assert run(capsys, "questions", "resolve", "q-ferry") == (0, "question q-ferry is now resolved\n", "")
    assert run(capsys, "questions", "list")[1] == "No open questions.\n"
    assert "[resolved]" in run(capsys, "questions", "list", "--all")[1]
    assert run(capsys, "questions", "reopen", "q-ferry") == (0, "question q-ferry is now open\n", "")
    assert "[open]" in run(capsys, "questions")[1]


def test_questions_errors(with_question, capsys):
    code, _, err = run(capsys, "questions", "resolve", "q-unknown")
    assert code == 1 and err.strip() == (
        "briefbot questions: no question with id 'q-unknown' (see `briefbot questions list --all`)")
    code, _, err = run(capsys, "questions", "resolve")
    assert code == 2 and "give the question ID" in err


def test_unexpected_errors_are_one_line_and_traceback_only_with_verbose(project, capsys, monkeypatch):
    def boom(args, settings):
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr(cli, "COMMANDS", [*cli.COMMANDS, Command("boom", boom, "fails")])
    code, _, err = run(capsys, "boom")
    assert code == 1 and err == ("briefbot boom: unexpected error: ZeroDivisionError: division "
                                 "by zero (run with -v for details)\n")
    code, _, err = run(capsys, "-v", "boom")
    assert code == 1 and "Traceback" in err and "ZeroDivisionError" in err


def test_commands_register_with_one_line_and_load_lazily(project, capsys, monkeypatch):
    module = project / "extra_cmds.py"
    write(module, "def cmd_hello(args, settings):\n"
                  "    print('hello', ' '.join(args.names), settings.timezone)\n    return 3\n")
    monkeypatch.syspath_prepend(str(project))
    monkeypatch.setattr(cli, "COMMANDS", [
        *cli.COMMANDS, Command("hello", "extra_cmds:cmd_hello", "greet", (arg("names", nargs="+"),))])
    assert run(capsys, "hello", "Amaru", "Tupa") == (3, "hello Amaru Tupa UTC\n", "")


def test_unknown_command_is_a_usage_error(project, capsys):
    with pytest.raises(SystemExit) as info:
        main(["fly"])
    assert info.value.code == 2


def test_python_dash_m_bot_runs_the_cli(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "bot", "--config", str(tmp_path / "none.toml"), "docs"],
        capture_output=True, text=True, cwd=tmp_path, timeout=60,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT)},
    )
    assert result.returncode == 2
    assert result.stderr.strip() == f"briefbot docs: config file {tmp_path / 'none.toml'} not found"


def test_real_pipeline_on_the_seeds(tmp_path, monkeypatch, capsys, nlp, seeds_dir):
    """The acceptance run: `briefbot ingest` twice reports 2 added, then 2 unchanged."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("BRIEFBOT_CONFIG", raising=False)
    write(tmp_path / "c.toml", f'seeds = "{seeds_dir}"\ncurated_people = "{seeds_dir}/people.toml"\n')
    code, out, err = run(capsys, "--config", "c.toml", "ingest")
    assert (code, out, err) == (0, "2 added, 0 updated, 0 unchanged, 0 failed\n", "")
    assert run(capsys, "--config", "c.toml", "ingest")[1] == "0 added, 0 updated, 2 unchanged, 0 failed\n"
    with Store.from_settings(load_settings(tmp_path / "c.toml", env={})) as store:
        assert len(store.documents()) == 2 and store.people()
        assert all(len(p.documents) >= 1 for p in store.people())


@pytest.mark.parametrize("option, value", [
    ("--until", "until 2026-03-07"),
    ("--until", "last 7 days"),
    ("--since", "2026-03-01..2026-03-07"),
    ("--since", "yesterday"),
    ("--since", "2026-02-30"),
    ("--until", "7 March 2026"),
])
def test_digest_dates_must_be_iso_days(project, capsys, option, value):
    code, out, err = run(capsys, "digest", option, value)
    assert code == 2 and out == ""
    assert err.strip() == (f"briefbot digest: {option} {value!r}: expected a date as "
                           "YYYY-MM-DD (e.g. 2026-03-07)")


def test_digest_window_uses_both_iso_days(project, capsys):
    run(capsys, "ingest")
    code, out, _ = run(capsys, "digest", "--since", "2023-09-01", "--until", "2023-09-03")
    assert code == 0 and "No documents in this period." in out
    code, out, _ = run(capsys, "digest", "--since", "2023-09-04", "--until", "2023-09-04")
    assert code == 0 and "School reopens" in out
    code, _, err = run(capsys, "digest", "--since", "2023-09-05", "--until", "2023-09-04")
    assert code == 2 and "--since 2023-09-05 is after --until 2023-09-04" in err


def test_digest_help_says_dates_are_iso(capsys):
    with pytest.raises(SystemExit):
        main(["digest", "--help"])
    out = capsys.readouterr().out
    assert "--since YYYY-MM-DD" in out and "--until YYYY-MM-DD" in out


@pytest.mark.parametrize("verbose, level", [(0, logging.ERROR), (1, logging.ERROR),
                                            (2, logging.NOTSET)])
def test_html_extractor_loggers_are_quiet_unless_vv(project, verbose, level):
    names = ("trafilatura", "htmldate", "justext")
    saved = {n: logging.getLogger(n).level for n in names}
    try:
        cli._configure_logging(load_settings(None), verbose)
        assert [logging.getLogger(n).level for n in names] == [level] * 3
    finally:
        for n, old in saved.items():
            logging.getLogger(n).setLevel(old)


def test_empty_html_page_is_only_briefbots_error_line(tmp_path):
    write(tmp_path / "empty.html", "<html><body></body></html>")
    write(tmp_path / "c.toml", 'database_url = "sqlite:///db.sqlite3"\n')
    result = subprocess.run(
        [sys.executable, "-m", "bot", "--config", "c.toml", "ingest", "empty.html"],
        capture_output=True, text=True, cwd=tmp_path, timeout=120,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT), "HOME": str(tmp_path)},
    )
    assert result.returncode == 1
    assert result.stderr.splitlines() == ["error: empty.html: no main text found in the HTML page"]
