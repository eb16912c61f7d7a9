"""Grouping benchmark: ``group_questions`` (inverted index + prefix filter) against the old
all-pairs comparison, timed in the same run on the same synthetic candidates.

Not collected by pytest (the file is ``bench_*.py``). Run it from the repository root::

    .venv/bin/python tests/benchmarks/bench_grouping.py                 # 20,000 candidates
    .venv/bin/python tests/benchmarks/bench_grouping.py --candidates 5000 --docs 1000

Candidates are invented (seeded): stories of 4-9 words from a 20,000-word vocabulary, each
told by several documents with words dropped, swapped or added, plus a few very common words
found in far more than 5% of candidates. The all-pairs baseline runs on a 2,000-candidate
subset, and on the full set only if its estimated time (quadratic from the subset) is under
60 s. Outputs are compared wherever both versions ran.
"""
from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from digests.merge import questions as q  # noqa: E402
from digests.models import QuestionCandidate, Stance  # noqa: E402


def old_clusters(items):
    """The all-pairs union-find ``group_questions`` used before the index (the baseline)."""
    parent = list(range(len(items)))

    def find(i):
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    topics = [set(c.topic) for _, c in items]
    for i in range(len(items)):
        for j in range(i + 1, len(items)):
            if items[i][0] != items[j][0] and q._similar(topics[i], topics[j]):
                parent[find(j)] = find(i)
    groups = {}
    for i in range(len(items)):
        groups.setdefault(find(i), []).append(i)
    return list(groups.values())


def old_group_questions(items, *, person_id):
    """``group_questions`` with the all-pairs clustering swapped in (record building shared)."""
    new = q._clusters
    q._clusters = old_clusters
    try:
        return q.group_questions(items, person_id=person_id)
    finally:
        q._clusters = new


def synthetic(count: int, docs: int, seed: int = 7):
    rng = random.Random(seed)
    vocab = [f"w{k:05d}" for k in range(20_000)]
    common = ["said", "year", "government", "city", "plan", "new"]
    stories = [tuple(rng.sample(vocab, rng.randint(4, 9))) for _ in range(count // 4)]
    items = []
    for n in range(count):
        words = list(rng.choice(stories))
        for _ in range(rng.randint(0, 3)):
            action = rng.random()
            if action < 0.4 and len(words) > 1:
                words.pop(rng.randrange(len(words)))
            elif action < 0.7:
                words.append(rng.choice(vocab))
            else:
                words[rng.randrange(len(words))] = rng.choice(vocab)
        words += rng.sample(common, rng.randint(0, 3))
        cand = QuestionCandidate(f"candidate {n}", tuple(words),
                                 (Stance(None, None, f"candidate {n}", "for"),), 0, 10)
        items.append((f"doc-{rng.randrange(docs)}", cand))
    return items


def timed(fn, items):
    start = time.perf_counter()
    out = fn(items, person_id=lambda d, k: None)
    return time.perf_counter() - start, out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--candidates", type=int, default=20_000)
    parser.add_argument("--docs", type=int, default=5_000)
    parser.add_argument("--subset", type=int, default=2_000)
    parser.add_argument("--limit", type=float, default=60.0, help="max seconds for full baseline")
    args = parser.parse_args()

    items = synthetic(args.candidates, args.docs)
    common = {"said", "year", "government", "city", "plan", "new"}
    share = sum(bool(common & set(c.topic)) for _, c in items) / len(items)
    print(f"{len(items)} candidates over {args.docs} documents; "
          f"{share:.0%} carry at least one very common word")

    subset = items[: args.subset]
    old_t, old_out = timed(old_group_questions, subset)
    new_t, new_out = timed(q.group_questions, subset)
    assert new_out == old_out, "indexed grouping differs from all-pairs on the subset"
    print(f"subset {len(subset)}: all-pairs {old_t:.3f} s, indexed {new_t:.4f} s, "
          f"ratio {old_t / new_t:.0f}x, {len(new_out)} records (identical)")

    new_full_t, new_full = timed(q.group_questions, items)
    estimate = old_t * (len(items) / len(subset)) ** 2
    print(f"full {len(items)}: indexed {new_full_t:.3f} s, {len(new_full)} records")
    if estimate < args.limit:
        old_full_t, old_full = timed(old_group_questions, items)
        assert new_full == old_full, "indexed grouping differs from all-pairs on the full set"
        print(f"full {len(items)}: all-pairs {old_full_t:.2f} s, "
              f"ratio {old_full_t / new_full_t:.0f}x (identical)")
    else:
        print(f"full {len(items)}: all-pairs skipped (estimated {estimate:.0f} s > "
              f"{args.limit:.0f} s from the subset); estimated ratio {estimate / new_full_t:.0f}x")


if __name__ == "__main__":
    main()
