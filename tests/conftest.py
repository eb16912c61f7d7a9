"""Shared fixtures. The spaCy model is loaded once per test session."""
from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


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
