"""Extraction benchmark: how extraction time grows with the length of one paragraph, against
a baseline measured in the same run (the spaCy parse of the same texts, which is linear).

Not collected by pytest (the file is ``bench_*.py``); these figures moved here from the test
suite, where wall-clock ratios failed on a loaded machine. Run it from the repository root::

    .venv/bin/python tests/benchmarks/bench_extraction.py
    .venv/bin/python tests/benchmarks/bench_extraction.py --sizes 2000 12000 --repeat 3

For each size it prints the best-of-``repeat`` parse and extraction times (``extract_one`` on an
already parsed text), then each size's growth against the smallest: linear extraction grows
about as the word count and the parse do (extraction was quadratic until the extractors stopped
re-reading spaCy's ``Doc.text`` once per sentence or mention). It also times the whole pipeline
(parse, extract, resolve, contract JSON) on the 5,000-word paragraph the robustness tests use.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from digests.nlp import load_model  # noqa: E402
from digests.pipeline import contract_json, extract_documents, extract_one, resolve_all  # noqa: E402
from test_robustness import _doc, _long_paragraph  # noqa: E402 - the invented long paragraph


def best_of(repeat: int, fn) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[2000, 6000, 12000],
                        help="paragraph lengths in words (the first is the baseline)")
    parser.add_argument("--repeat", type=int, default=3, help="best of this many runs")
    args = parser.parse_args(argv)
    nlp = load_model()

    rows = []
    for n_words in args.sizes:
        doc = _doc(f"long-{n_words}", _long_paragraph(n_words))
        parse = best_of(args.repeat, lambda: nlp(doc.body))
        parsed = nlp(doc.body)
        extract = best_of(args.repeat, lambda: extract_one(doc, parsed))
        rows.append((n_words, parse, extract))
    base_words, base_parse, base_extract = rows[0]
    print(f"{'words':>7} {'parse s':>8} {'extract s':>10} {'words x':>8} {'parse x':>8} "
          f"{'extract x':>10}")
    for n_words, parse, extract in rows:
        print(f"{n_words:>7} {parse:>8.2f} {extract:>10.2f} {n_words / base_words:>8.1f} "
              f"{parse / base_parse:>8.1f} {extract / base_extract:>10.1f}")
    print("linear extraction: 'extract x' close to 'words x' and 'parse x'")

    doc = _doc("long", _long_paragraph())
    docs = [doc]

    def whole() -> None:
        extractions = extract_documents(docs, nlp=nlp)
        contract_json(docs, extractions, resolve_all(docs, extractions))

    whole()  # warm-up
    total = best_of(args.repeat, whole)
    parse = best_of(args.repeat, lambda: nlp(doc.body))
    print(f"whole pipeline, {len(doc.body.split()):,}-word paragraph: {total:.2f} s "
          f"({total / parse:.1f}x its parse, {parse:.2f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
