"""The README's quick start is what CI runs: keep the two in step."""
from __future__ import annotations

import re

from conftest import ROOT


def _ci_command() -> str:
    lines = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    marker = lines.index("# --- README test command (verbatim) ---")
    return lines[marker + 1].strip()


def test_ci_runs_the_readme_test_command():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert _ci_command() in readme


def test_readme_first_command_installs_and_prints_a_digest():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```(?:sh|bash|console)?\n(.*?)```", readme, flags=re.S)
    first = blocks[0]
    assert "pip install" in first and "briefbot ingest" in first and "briefbot digest" in first


def test_the_readme_worked_example_polls_a_local_folder(tmp_path, monkeypatch, capsys, nlp):
    """The offline news-source example runs as written (the CLI in this process)."""
    import shlex

    from bot.cli import main

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    start = readme.index("### A worked example without the network")
    block = re.search(r"```sh\n(.*?)```", readme[start:], flags=re.S).group(1)
    article = re.search(r"<<'EOF'\n(.*?\n)EOF\n", block, flags=re.S).group(1)
    name = re.search(r"cat > (\S+) <<'EOF'", block).group(1)
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("BRIEFBOT_CONFIG", raising=False)
    (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
    (tmp_path / name).write_text(article, encoding="utf-8")
    outputs = []
    for line in block.splitlines():
        if not line.startswith("briefbot "):
            continue
        command = shlex.split(line.split("  #")[0])[1:]
        assert main(command) == 0, line
        outputs.append(capsys.readouterr().out)
    added, first, second, who = outputs
    assert "added source" in added
    assert "folder: 1 added" in first and "harbour-talks" in first
    assert "0 added, 0 updated, 1 unchanged, 0 failed" in second
    assert "HELEN MARSH" in who and "We are ready to listen" in who
