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
