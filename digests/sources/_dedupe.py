"""Seen-before and near-duplicate detection for fetched articles (pure, no I/O).

* :func:`content_hash`: an article's identity by content: SHA-256 of its words, case-folded,
  punctuation and layout ignored (a page re-served with other markup or spacing hashes alike).
* :func:`signature`: a bottom-k MinHash sketch of the article's word 5-shingles: the ``K``
  smallest 64-bit shingle hashes. Two sketches estimate the Jaccard similarity of the shingle
  sets (:func:`similarity`); wire copies of one story carried by several outlets share most
  shingles even when each outlet changes the headline, the intro or the sign-off.
* :class:`NearDuplicates`: an inverted index over sketch values, so finding the stored article
  a new one copies costs a few dictionary lookups, not a comparison with every article.
"""
from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Iterable

SHINGLE_WORDS = 5
#: Sketch size: the estimate's standard error is about sqrt(J(1-J)/K) (±0.06 at J=0.7).
K = 64
#: At or above this estimated Jaccard similarity two articles are the same story.
NEAR_DUPLICATE = 0.7
#: Articles shorter than this many shingles are compared by content hash only.
MIN_SHINGLES = 12
_WORD = re.compile(r"\w+")


def words(text: str) -> list[str]:
    return _WORD.findall(text.casefold())


def content_hash(text: str) -> str:
    """SHA-256 of the words of ``text`` (case, punctuation and spacing ignored)."""
    return hashlib.sha256(" ".join(words(text)).encode("utf-8")).hexdigest()


def _hash64(text: str) -> int:
    return int.from_bytes(hashlib.blake2b(text.encode("utf-8"), digest_size=8).digest(), "big")


def signature(text: str) -> tuple[int, ...]:
    """The bottom-``K`` sketch of the word 5-shingles of ``text`` (sorted); () when the text
    is too short to compare (fewer than :data:`MIN_SHINGLES` shingles)."""
    tokens = words(text)
    shingles = {" ".join(tokens[i:i + SHINGLE_WORDS])
                for i in range(len(tokens) - SHINGLE_WORDS + 1)}
    if len(shingles) < MIN_SHINGLES:
        return ()
    return tuple(sorted({_hash64(s) for s in shingles})[:K])


def similarity(a: tuple[int, ...], b: tuple[int, ...]) -> float:
    """Estimated Jaccard similarity of the shingle sets behind two sketches (0 when either is
    empty): the share of the ``K`` smallest values of the union found in both sketches."""
    if not a or not b:
        return 0.0
    union = sorted(set(a) | set(b))[:K]
    both = set(a) & set(b)
    return sum(1 for value in union if value in both) / len(union)


def encode(sig: tuple[int, ...]) -> str:
    """A sketch as text for the store (hex values, space separated)."""
    return " ".join(f"{value:016x}" for value in sig)


def decode(text: str | None) -> tuple[int, ...]:
    return tuple(int(part, 16) for part in (text or "").split())


class NearDuplicates:
    """Finds the indexed article a new sketch is a near-duplicate of."""

    def __init__(self, threshold: float = NEAR_DUPLICATE) -> None:
        self.threshold = threshold
        self._sketches: dict[str, tuple[int, ...]] = {}
        self._by_value: dict[int, list[str]] = {}

    def __len__(self) -> int:
        return len(self._sketches)

    def add(self, key: str, sig: tuple[int, ...]) -> None:
        if not sig or key in self._sketches:
            return
        self._sketches[key] = sig
        for value in sig:
            self._by_value.setdefault(value, []).append(key)

    def extend(self, items: Iterable[tuple[str, tuple[int, ...]]]) -> None:
        for key, sig in items:
            self.add(key, sig)

    def match(self, sig: tuple[int, ...], *, exclude: str | None = None) -> tuple[str, float] | None:
        """The most similar indexed article at or above the threshold, with its similarity;
        None when there is none. Candidates must share enough sketch values to possibly reach
        the threshold, so unrelated articles are never compared."""
        if not sig:
            return None
        shared = Counter(key for value in sig for key in self._by_value.get(value, ()))
        needed = max(1, int(self.threshold * len(sig) * 0.5))
        best: tuple[str, float] | None = None
        for key, count in shared.most_common():
            if count < needed:
                break
            if key == exclude:
                continue
            score = similarity(sig, self._sketches[key])
            if score >= self.threshold and (best is None or score > best[1]):
                best = (key, score)
        return best
