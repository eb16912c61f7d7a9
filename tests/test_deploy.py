"""The deployment files: the systemd unit (parsed here, and checked by ``systemd-analyze
verify`` where systemd is installed) and the Dockerfile (parsed here: valid instructions, FROM
first, a non-root USER, a CMD, no secret baked in). Nothing is built or started."""
from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import ROOT

UNIT = ROOT / "deploy" / "briefbot.service"
DOCKERFILE = ROOT / "Dockerfile"
SECRET_WORDS = re.compile(r"TOKEN|SECRET|PASSWORD|PASSWD|API_KEY", re.IGNORECASE)


# ------------------------------------------------------------------------------------ systemd


def unit_sections(path: Path) -> dict[str, dict[str, list[str]]]:
    """The unit as {section: {key: [values]}} (systemd keys may repeat, e.g. Environment)."""
    sections: dict[str, dict[str, list[str]]] = {}
    current = None
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith(("#", ";")):
            continue
        if line.startswith("[") and line.endswith("]"):
            current = sections.setdefault(line[1:-1], {})
            continue
        assert current is not None, f"line {number}: a setting outside any section"
        key, sep, value = line.partition("=")
        assert sep and key.strip() == key and key.isidentifier(), f"line {number}: {raw!r}"
        current.setdefault(key, []).append(value)
    return sections


def test_the_unit_restarts_on_failure_and_reads_the_token_from_a_file():
    unit = unit_sections(UNIT)
    assert set(unit) == {"Unit", "Service", "Install"}
    service = unit["Service"]
    assert service["Restart"] == ["on-failure"]
    assert service["RestartPreventExitStatus"] == ["2"]  # token rejected, bad config: no loop
    [env_file] = service["EnvironmentFile"]
    assert env_file.startswith("/etc/")
    assert service["User"] != ["root"] and service["User"][0]
    assert service["WorkingDirectory"][0].startswith("/")
    assert service["ExecStart"][0].endswith("briefbot run")
    for section in unit.values():  # the token never sits in the unit itself
        for key, values in section.items():
            assert not any(SECRET_WORDS.search(v) for v in values), (key, values)
    for hardening in ("NoNewPrivileges", "ProtectSystem", "ProtectHome", "PrivateTmp",
                      "CapabilityBoundingSet", "SystemCallFilter"):
        assert hardening in service, hardening
    assert service["ReadWritePaths"][0].startswith(service["WorkingDirectory"][0])
    assert unit["Install"]["WantedBy"] == ["multi-user.target"]


def test_the_unit_passes_systemd_analyze_verify(tmp_path):
    analyze = shutil.which("systemd-analyze")
    if analyze is None:
        pytest.skip("systemd-analyze is not installed here (no systemd); the unit was parsed "
                    "by test_the_unit_restarts_on_failure_and_reads_the_token_from_a_file")
    # ExecStart names the server's virtualenv, which does not exist here and which `verify`
    # would report; only that line is pointed at a program that exists
    copy = tmp_path / "briefbot.service"
    text = UNIT.read_text(encoding="utf-8")
    copy.write_text(re.sub(r"(?m)^ExecStart=\S+", f"ExecStart={shutil.which('true')}", text),
                    encoding="utf-8")
    result = subprocess.run([analyze, "verify", str(copy)], capture_output=True, text=True,
                            timeout=60, cwd=tmp_path)
    complaints = [line for line in result.stderr.splitlines() if "briefbot.service" in line]
    assert result.returncode == 0 and not complaints, result.stderr


# ------------------------------------------------------------------------------------ Docker

#: Every Dockerfile instruction (Docker's reference).
INSTRUCTIONS = frozenset({
    "ADD", "ARG", "CMD", "COPY", "ENTRYPOINT", "ENV", "EXPOSE", "FROM", "HEALTHCHECK", "LABEL",
    "MAINTAINER", "ONBUILD", "RUN", "SHELL", "STOPSIGNAL", "USER", "VOLUME", "WORKDIR"})


def dockerfile_instructions(path: Path) -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) in order: comments dropped, continuation lines joined."""
    out: list[tuple[str, str]] = []
    pending = ""
    for raw in path.read_text(encoding="utf-8").splitlines():
        stripped = raw.strip()
        if not pending and (not stripped or stripped.startswith("#")):
            continue
        if pending and stripped.startswith("#"):
            continue  # a comment inside a continued instruction
        pending += (" " if pending else "") + stripped.rstrip("\\").strip()
        if stripped.endswith("\\"):
            continue
        word, _, args = pending.partition(" ")
        out.append((word.upper(), args.strip()))
        pending = ""
    assert not pending, "the Dockerfile ends inside a continued instruction"
    return out


def test_the_dockerfile_is_well_formed_and_runs_briefbot_as_a_user():
    steps = dockerfile_instructions(DOCKERFILE)
    names = [name for name, _ in steps]
    assert set(names) <= INSTRUCTIONS, set(names) - INSTRUCTIONS
    first = next(name for name in names if name != "ARG")
    assert first == "FROM"
    assert dict(steps)["FROM"] == "python:3.11-slim"
    assert names[-1] in ("CMD", "ENTRYPOINT")
    assert dict(steps)["CMD"] == '["briefbot", "run"]'  # exec form: signals reach Python
    users = [args for name, args in steps if name == "USER"]
    assert users and users[-1] not in ("root", "0")
    assert names.index("USER") < names.index("CMD")
    assert any(name == "RUN" and "pip install ." in args for name, args in steps)


def test_no_secret_is_baked_into_the_image():
    for name, args in dockerfile_instructions(DOCKERFILE):
        if name in ("ENV", "ARG", "LABEL"):
            assert not SECRET_WORDS.search(args), f"{name} {args}"
        if name in ("COPY", "ADD"):
            assert not re.search(r"\.env\b|briefbot\.toml|\.sqlite3", args), f"{name} {args}"
    ignored = (ROOT / ".dockerignore").read_text(encoding="utf-8").split()
    assert "*.env" in ignored and "data" in ignored and ".git" in ignored
