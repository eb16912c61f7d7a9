"""The lexicons hold each member once: a duplicate in a source literal is a sign of two people
editing one list without seeing each other, and of a list that no longer has one concern."""
from __future__ import annotations

import ast
import inspect
from collections import Counter

import pytest

from digests import names
from digests.extract import lexicon


def duplicate_members(source: str) -> dict[str, list[str]]:
    """Top-level name -> members written twice in one of its set literals (``{...}``) or in
    one of its word strings split into a set (``frozenset(\"\"\"a b\"\"\".split())``)."""
    found: dict[str, list[str]] = {}
    for node in ast.parse(source).body:
        if not isinstance(node, (ast.Assign, ast.AnnAssign)):
            continue
        target = node.targets[0] if isinstance(node, ast.Assign) else node.target
        for literal in ast.walk(node.value):
            if isinstance(literal, ast.Set):
                members = [e.value for e in literal.elts if isinstance(e, ast.Constant)]
            elif (isinstance(literal, ast.Call) and isinstance(literal.func, ast.Attribute)
                  and literal.func.attr == "split" and isinstance(literal.func.value, ast.Constant)):
                members = literal.func.value.value.split()
            else:
                continue
            twice = sorted(m for m, n in Counter(members).items() if n > 1)
            if twice:
                found.setdefault(target.id, []).extend(twice)
    return found


@pytest.mark.parametrize("module", [lexicon, names], ids=["lexicon", "names"])
def test_no_member_is_written_twice_in_one_list(module):
    assert duplicate_members(inspect.getsource(module)) == {}


def test_the_check_finds_a_duplicate():
    source = 'A = frozenset({"envoy", "pilot", "envoy"})\nB = frozenset("kim lee kim".split())\n'
    assert duplicate_members(source) == {"A": ["envoy"], "B": ["kim"]}


def test_every_section_is_one_concern_and_shared_lists_say_so():
    source = inspect.getsource(lexicon)
    sections = [line for line in source.splitlines() if line.startswith("# ==== ")]
    assert len(sections) == len(set(sections)) >= 4
    for shared in ("REPORTING_VERBS", "ROLE_NOUNS", "HONORIFICS", "NEGATIVE_SUBJECTS"):
        before = source[: source.index(f"\n{shared}")].splitlines()[-1]
        assert before.startswith("#: Shared with"), shared
