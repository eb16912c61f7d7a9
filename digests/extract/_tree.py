"""Linear-time questions about dependency subtrees.

Asking "does the subtree of this token hold a token with property P?" by building the subtree
costs the subtree's size; asked of every clause head of a long sentence (a chain of clauses,
each the head of the rest) that is quadratic in the sentence length. :func:`covering` answers
it for all tokens at once: the tokens whose subtree holds one of the given tokens are exactly
those tokens and their ancestors. Exact for any tree (projective or not).
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from .parsed import SUBJECT_DEPS


def clause_subject(verb):
    """The subject token of the clause ``verb`` heads (active or passive), else None."""
    return next((c for c in verb.children if c.dep_ in SUBJECT_DEPS), None)


def for_object(token):
    """The object of ``token``'s "for" ("calls for a recount" -> "recount", "asked the
    ministry for funds" -> "funds"), else None."""
    prep = next((c for c in token.children if c.dep_ == "prep" and c.lower_ == "for"), None)
    return next((c for c in prep.children if c.dep_ == "pobj"), None) if prep is not None \
        else None


def covering(doc, ids: Iterable[int], *, top=None) -> set[int]:
    """Ids of the tokens whose subtree holds one of ``ids``: ``t.i in covering(doc, ids)`` is
    ``bool({s.i for s in t.subtree} & set(ids))``. Each token is visited at most once.
    ``top``: only tokens of ``top``'s subtree will be asked about, so the climb stops there."""
    out: set[int] = set()
    for i in ids:
        token = doc[i]
        while token.i not in out:
            out.add(token.i)
            if token.head.i == token.i or (top is not None and token.i == top.i):
                break
            token = token.head
    return out


def pruned_subtree(top, skip: Callable[[Any], bool]) -> list:
    """The tokens of ``top``'s subtree in ``Token.subtree`` order, without the subtree of any
    token below ``top`` that ``skip`` accepts: those are never entered, so the walk costs
    what it keeps (plus the skipped tokens themselves)."""
    out: list = []
    stack: list[tuple[Any, bool]] = [(top, False)]
    while stack:
        token, expanded = stack.pop()
        if expanded:
            out.append(token)
            continue
        if token.i != top.i and skip(token):
            continue
        stack.extend((child, False) for child in reversed(list(token.rights)))
        stack.append((token, True))
        stack.extend((child, False) for child in reversed(list(token.lefts)))
    return out


def depths_and_sizes(root) -> tuple[dict[int, int], dict[int, int]]:
    """Each token of ``root``'s subtree: its depth below ``root`` and the size of its own
    subtree, in one walk."""
    depth = {root.i: 0}
    order = [root]
    for token in order:  # breadth first: heads before their children
        for child in token.children:
            depth[child.i] = depth[token.i] + 1
            order.append(child)
    size = dict.fromkeys(depth, 1)
    for token in reversed(order[1:]):
        size[token.head.i] += size[token.i]
    return depth, size
