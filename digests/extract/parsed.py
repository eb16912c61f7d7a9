"""The parsed-document record every extraction pass reads, built once per document.

:func:`parse_document` wraps a spaCy ``Doc`` (whose text is ``Document.body``) with what the
passes share: the text (spaCy rebuilds ``Doc.text`` from every token on each access), the
entities, the paragraphs, the sentences cut at paragraphs and the quoted spans. The record is
frozen and nothing is written to the ``Doc``; token access (``parsed[i]``, iteration,
``char_span``, ``sents`` ...) is delegated to the ``Doc``.

:class:`Mention` is a person mention credited to a local person key, the unit of the mention
index (:mod:`digests.extract.mentions`) and of speaker attribution.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ._layout import QuotedSpan, find_quoted_spans, paragraph_bounds, sentences

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span

__all__ = ["SUBJECT_DEPS", "Mention", "ParsedDocument", "as_parsed", "parse_document", "require_doc"]


@dataclass(frozen=True, slots=True, eq=False)
class ParsedDocument:
    """One parsed document and the structures the extraction passes share (see module doc)."""

    doc: Doc
    text: str
    ents: tuple[Span, ...]
    paragraphs: tuple[tuple[int, int], ...]
    sentences: tuple[Span, ...]
    sentence_starts: tuple[int, ...]
    quoted_spans: tuple[QuotedSpan, ...]
    #: ``(open mark, close mark + 1)`` of every quoted span: the text inside quotation marks
    quoted_ranges: tuple[tuple[int, int], ...]

    def __getattr__(self, name: str) -> Any:
        if name == "doc":  # not yet set (copying): never recurse
            raise AttributeError(name)
        return getattr(self.doc, name)

    def __getitem__(self, item):
        return self.doc[item]

    def __len__(self) -> int:
        return len(self.doc)

    def __iter__(self):
        return iter(self.doc)


def parse_document(doc: Doc) -> ParsedDocument:
    """The :class:`ParsedDocument` of a spaCy ``Doc`` (computed from it; the ``Doc`` is not
    changed). Raises ``TypeError`` unless ``doc`` is a parsed ``Doc``."""
    require_doc(doc, "parse_document")
    text = doc.text
    paragraphs = tuple(paragraph_bounds(text))
    sents = tuple(sentences(doc, paragraphs))
    spans = tuple(find_quoted_spans(text))
    return ParsedDocument(
        doc=doc, text=text, ents=tuple(doc.ents), paragraphs=paragraphs, sentences=sents,
        sentence_starts=tuple(s.start_char for s in sents), quoted_spans=spans,
        quoted_ranges=tuple((s.open, s.close + 1) for s in spans),
    )


def as_parsed(doc: ParsedDocument | Doc, caller: str) -> ParsedDocument:
    """``doc`` itself when it is already a :class:`ParsedDocument`, else its record (for
    callers holding a plain ``Doc``). Raises a ``TypeError`` naming ``caller`` otherwise."""
    if isinstance(doc, ParsedDocument):
        return doc
    require_doc(doc, caller)
    return parse_document(doc)


def require_doc(doc, caller: str) -> None:
    """Raise a clear ``TypeError`` unless ``doc`` is a parsed spaCy ``Doc`` (with sentences)."""
    # look the attributes up on the type: ``Doc.text`` rebuilds the text on every access
    kind = type(doc)
    if not isinstance(doc, ParsedDocument) and not all(
            hasattr(kind, a) for a in ("sents", "text", "char_span")):
        raise TypeError(
            f"{caller}() expects a parsed spaCy Doc (digests.nlp.parse), got {type(doc).__name__}"
        )


@dataclass(frozen=True, slots=True)
class Mention:
    """A person mention: character span ``[start, end)`` credited to local person ``key``."""

    start: int
    end: int
    key: str

#: Dependency labels of a clause subject.
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
