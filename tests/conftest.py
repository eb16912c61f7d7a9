"""Shared fixtures. The spaCy model is loaded once per test session."""
from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def write(path: Path, text: str | bytes) -> Path:
    """Write ``text`` (str as UTF-8, or raw bytes) to ``path``, creating folders; return it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def nlp():
    from digests.nlp import load_model

    return load_model()


@pytest.fixture(scope="session")
def parse(nlp):
    """``parse(text) -> Doc`` with the project's pinned model."""
    return nlp


@pytest.fixture
def seeds_dir() -> Path:
    return ROOT / "seeds"
