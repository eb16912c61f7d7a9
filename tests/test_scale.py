"""Extractors are linear in sentence length: counted in executed lines of the extractor code
(not seconds), on long invented sentences of shapes that were quadratic (clauses joined by
"and", each with its own date and each heading the rest; a chain of "whether ... or"), and the
tree helpers that made them linear agree exactly with the subtree definitions they replace.

(Reported speech nested in reported speech, every level with its own date, is still
quadratic: each date's clause is the whole chain below it before it is trimmed to
``MAX_WORDS``; ``tests/benchmarks/bench_scale.py`` prints its figures.)"""
from __future__ import annotations

import random
import sys
from datetime import date
from pathlib import Path

import pytest

from digests.extract import _tree
from digests.extract.events import extract_events
from digests.extract.mentions import index_mentions
from digests.extract.parsed import parse_document
from digests.extract.people import extract_people
from digests.extract.questions import extract_questions
from digests.extract.quotes import attribute_quotations

EXTRACT_DIR = str(Path(_tree.__file__).parent)
NAMES = ("Mira Talvik", "Oren Basko", "Lusa Ferndale", "Teodor Vance")
MONTHS = ("March", "April", "May", "June")


def _unit(rng: random.Random, shape: str) -> str:
    name = rng.choice(NAMES)
    if shape == "dates":  # a new date in every clause, each clause heading the rest
        day = f"{rng.randint(1, 28)} {rng.choice(MONTHS)} {rng.randint(2020, 2029)}"
        return f"{name} opened the bridge on {day} , and"
    return f"whether {name} would approve the toll in {rng.choice(MONTHS)} or"


def sentence(shape: str, words: int) -> str:
    rng = random.Random(words)
    out: list[str] = []
    while len(out) < words:
        out += _unit(rng, shape).split()
    return " ".join(out[:words]) + " the toll would rise."


def lines_executed(fn) -> int:
    """How many lines of ``digests/extract`` code run during ``fn()`` (comprehension
    iterations included): an operation count that does not depend on the machine."""
    count = 0

    def tracer(frame, event, _arg):
        nonlocal count
        if not frame.f_code.co_filename.startswith(EXTRACT_DIR):
            return None
        if event == "line":
            count += 1
        return tracer

    sys.settrace(tracer)
    try:
        fn()
    finally:
        sys.settrace(None)
    return count


def extract_all(spacy_doc) -> None:
    doc = parse_document(spacy_doc)
    people = extract_people(doc)
    mentions = index_mentions(doc, people)
    quotes = attribute_quotations(doc, people=people, mentions=mentions)
    extract_events(doc, published=date(2031, 2, 3))
    extract_questions(doc, quotes=quotes, mentions=mentions, people=people,
                      published=date(2031, 2, 3))


@pytest.mark.parametrize("shape", ["dates", "whether"])
def test_extraction_work_grows_linearly_with_sentence_length(nlp, shape):
    short, long = nlp(sentence(shape, 200)), nlp(sentence(shape, 800))
    assert len(list(long.sents)) == 1  # one long sentence, the case that was quadratic
    ratio = lines_executed(lambda: extract_all(long)) / lines_executed(lambda: extract_all(short))
    # 4x the words: ~4x the work when linear; the quadratic code did 12-16x
    assert ratio < 6, f"{shape}: 4x the words cost {ratio:.1f}x the work"


def test_long_sentence_with_many_dates_still_yields_events(nlp):
    doc = nlp(sentence("dates", 400))
    events = extract_events(doc, published=date(2031, 2, 3))
    assert len(events) > 10
    assert all(e.text and len(e.text.split()) <= 40 for e in events)


TREE_TEXTS = [
    "The mayor, who had promised in May that the bridge would open, said on Friday that "
    "engineers found cracks and that the toll, which drivers hate, would rise.",
    "Whether Mira Talvik will sign the treaty if the council, meeting on Monday, rejects it "
    "remains unclear, officials said.",
]


@pytest.mark.parametrize("text", TREE_TEXTS)
def test_covering_is_the_subtree_intersection(nlp, text):
    doc = nlp(text)
    rng = random.Random(1)
    for _ in range(20):
        ids = set(rng.sample(range(len(doc)), 3))
        holds = _tree.covering(doc, ids)
        for token in doc:
            assert (token.i in holds) == bool({t.i for t in token.subtree} & ids)
        top = doc[rng.randrange(len(doc))]
        within = _tree.covering(doc, ids, top=top)
        for token in top.subtree:
            assert (token.i in within) == bool({t.i for t in token.subtree} & ids)


@pytest.mark.parametrize("text", TREE_TEXTS)
def test_pruned_subtree_is_the_filtered_subtree_in_order(nlp, text):
    doc = nlp(text)
    for top in doc:
        for labels in (("conj",), ("relcl", "advcl"), ("prep",)):
            def skip(t):
                return t.dep_ in labels
            cut = set()
            for t in top.subtree:
                if t.i != top.i and skip(t):
                    cut |= {s.i for s in t.subtree}
            expected = [t.i for t in top.subtree if t.i not in cut]
            assert [t.i for t in _tree.pruned_subtree(top, skip)] == expected


@pytest.mark.parametrize("text", TREE_TEXTS)
def test_depths_and_sizes(nlp, text):
    doc = nlp(text)
    for root in doc:
        depth, size = _tree.depths_and_sizes(root)
        for token in root.subtree:
            steps, t = 0, token
            while t.i != root.i:
                t, steps = t.head, steps + 1
            assert depth[token.i] == steps
            assert size[token.i] == len(list(token.subtree))
