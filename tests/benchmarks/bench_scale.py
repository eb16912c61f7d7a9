"""Sentence-length benchmark: seconds per extractor on one long invented sentence.

Not collected by pytest. Run it from the repository root::

    .venv/bin/python tests/benchmarks/bench_scale.py                 # 500, 1,000, 2,000 words
    .venv/bin/python tests/benchmarks/bench_scale.py --words 250,4000

Three shapes that were quadratic in the sentence length: ``dates`` (clauses joined by "and",
each with its own date, each heading the rest), ``whether`` (a chain of "whether ... or"
questions) and ``reported`` (reported speech nested in reported speech, each level dated).
Printed per shape and length: parse seconds and the seconds of each extractor; the parse of
the same sentence is the baseline measured in the same run. Target (issue #13): a 2,000-word
sentence extracts in under 1 s.
"""
from __future__ import annotations

import argparse
import random
import time
from datetime import date

from digests.extract.events import extract_events
from digests.extract.mentions import index_mentions
from digests.extract.parsed import parse_document
from digests.extract.people import extract_people
from digests.extract.questions import extract_questions
from digests.extract.quotes import attribute_quotations
from digests.nlp import load_model

NAMES = ("Mira Talvik", "Oren Basko", "Lusa Ferndale", "Teodor Vance")
MONTHS = ("March", "April", "May", "June")
PUBLISHED = date(2031, 2, 3)


def _unit(rng: random.Random, shape: str) -> str:
    name = rng.choice(NAMES)
    if shape == "dates":
        day = f"{rng.randint(1, 28)} {rng.choice(MONTHS)} {rng.randint(2020, 2029)}"
        return f"{name} opened the bridge on {day} , and"
    if shape == "reported":
        return f"{name} said on {rng.randint(1, 28)} {rng.choice(MONTHS)} that"
    return f"whether {name} would approve the toll in {rng.choice(MONTHS)} or"


def sentence(shape: str, words: int) -> str:
    rng = random.Random(words)
    out: list[str] = []
    while len(out) < words:
        out += _unit(rng, shape).split()
    return " ".join(out[:words]) + " the toll would rise."


def _timed(fn) -> tuple[float, object]:
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def _quotes(doc, people):
    mentions = index_mentions(doc, people)
    return mentions, attribute_quotations(doc, people=people, mentions=mentions)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", default="500,1000,2000")
    parser.add_argument("--shapes", default="dates,whether,reported")
    args = parser.parse_args(argv)
    nlp = load_model()
    print(f"{'shape':10} {'words':>6} {'parse':>7} {'people':>7} {'quotes':>7} {'events':>7} "
          f"{'questions':>9} {'extract':>8}  (seconds)")
    for shape in args.shapes.split(","):
        for words in map(int, args.words.split(",")):
            parse, spacy_doc = _timed(lambda: nlp(sentence(shape, words)))
            doc = parse_document(spacy_doc)
            t_people, people = _timed(lambda: extract_people(doc))
            t_quotes, (mentions, quotes) = _timed(lambda: _quotes(doc, people))
            t_events, _ = _timed(lambda: extract_events(doc, published=PUBLISHED))
            t_questions, _ = _timed(lambda: extract_questions(
                doc, quotes=quotes, mentions=mentions, people=people, published=PUBLISHED))
            total = t_people + t_quotes + t_events + t_questions
            print(f"{shape:10} {words:>6} {parse:7.2f} {t_people:7.2f} {t_quotes:7.2f} "
                  f"{t_events:7.2f} {t_questions:9.2f} {total:8.2f}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
