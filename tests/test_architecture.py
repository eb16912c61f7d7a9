"""The import contract and the public surface of ``digests``.

The contract (``[tool.importlinter]`` in pyproject.toml) is checked with import-linter's own
command, from the same virtual environment as the tests."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import digests

ROOT = Path(__file__).resolve().parent.parent


def _python(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                          text=True, timeout=300)


def test_the_import_contract_is_kept():
    lint = Path(sys.executable).with_name("lint-imports")
    assert lint.exists(), "install the test extra: pip install -e '.[test]'"
    done = subprocess.run([str(lint), "--no-cache"], cwd=ROOT, capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "0 broken" in done.stdout


def test_the_public_surface_resolves_and_is_small():
    assert sorted(digests.__all__) == digests.__all__
    missing = [name for name in digests.__all__ if not hasattr(digests, name)]
    assert missing == []
    assert len(digests.__all__) <= 30


def test_importing_the_core_and_the_cli_loads_neither_discord_nor_spacy():
    done = _python("import sys, digests, bot.cli, bot.console\n"
                   "print(sorted(m for m in ('discord', 'spacy') if m in sys.modules))")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
