"""Extraction orchestration: documents -> spaCy -> extractors -> cross-document resolution.

This is the only place that runs the NLP pipeline. :func:`extract_documents` parses documents in
batches and applies the pure extractors of :mod:`digests.extract`; :func:`resolve_all` merges
people across documents and groups open questions (no model needed, so it can be re-run on
stored extractions); :func:`contract_json` shapes the result as ``briefing-extract/1``.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .extract.events import extract_events
from .extract.mentions import index_mentions
from .extract.parsed import parse_document
from .extract.people import extract_people
from .extract.questions import extract_questions
from .extract.quotes import attribute_quotations
from .merge.people import resolve_people
from .merge.questions import group_questions_indexed
from .models import DocExtraction, Document, PersonRecord, QuestionIndex, QuestionRecord
from .nlp import load_model, parse
from .reading import IngestError, discover, load_curated_people, read_document

SCHEMA = "briefing-extract/1"


@dataclass(frozen=True, slots=True)
class Resolved:
    """The cross-document layer: global people, the (doc id, local key) -> person id map, and
    open questions grouped across documents."""

    people: tuple[PersonRecord, ...]
    ids: dict[tuple[str, str], str]
    questions: tuple[QuestionRecord, ...]
    #: Each question's members and frame keys (what a later incremental resolution reaches).
    question_index: dict[str, QuestionIndex] = field(default_factory=dict)

    def id_for(self, doc_id: str, key: str | None) -> str | None:
        return self.ids.get((doc_id, key)) if key else None


def extract_one(doc: Document, parsed, *, curated=None) -> DocExtraction:
    """Run every extraction pass over one parsed document (``parsed.text == doc.body``).

    The parsed-document record is built once here and passed to each pass with what the
    earlier passes found: people, then their mention index, then quotations (which the
    open-questions pass reads), events apart."""
    record = parse_document(parsed)
    people = tuple(extract_people(record, curated=curated, title=doc.title))
    mentions = index_mentions(record, people)
    quotes = attribute_quotations(record, people=people, mentions=mentions)
    return DocExtraction(
        doc_id=doc.id,
        people=people,
        quotes=quotes.all,
        events=tuple(extract_events(record, published=doc.published)),
        questions=tuple(extract_questions(record, quotes=quotes, mentions=mentions,
                                          people=people, published=doc.published)),
    )


def extract_documents(
    docs: Sequence[Document],
    *,
    nlp=None,
    curated=None,
    batch_size: int = 32,
    n_process: int = 1,
) -> list[DocExtraction]:
    """Parse ``docs`` with spaCy in batches and extract from each, in order."""
    if not docs:
        return []
    nlp = nlp or load_model()
    parsed = parse((d.body for d in docs), nlp=nlp, batch_size=batch_size, n_process=n_process)
    return [extract_one(doc, p, curated=curated) for doc, p in zip(docs, parsed, strict=True)]


def resolve_all(
    docs: Sequence[Document], extractions: Sequence[DocExtraction], *, curated=None
) -> Resolved:
    """Merge people across documents and group open questions across documents."""
    resolution = resolve_people([(x.doc_id, x.people) for x in extractions], curated=curated)
    ids = dict(resolution.ids)
    places = [(x.doc_id, seq) for x in extractions for seq in range(len(x.questions))]
    groups = group_questions_indexed(
        [(x.doc_id, q) for x in extractions for q in x.questions],
        person_id=lambda doc_id, key: ids.get((doc_id, key)) if key else None,
    )
    return Resolved(
        people=tuple(resolution.people), ids=ids, questions=tuple(g.record for g in groups),
        question_index={g.record.id: QuestionIndex(tuple(places[i] for i in g.members),
                                                   g.frame_keys) for g in groups})


def contract_json(
    docs: Sequence[Document], extractions: Sequence[DocExtraction], resolved: Resolved
) -> dict:
    """The ``briefing-extract/1`` object of the extraction contract."""
    return {
        "schema": SCHEMA,
        "documents": [
            {
                "id": d.id,
                "path": d.path,
                "title": d.title,
                "published": d.published.isoformat() if d.published else None,
            }
            for d in docs
        ],
        "people": [
            {
                "id": p.id,
                "name": p.name,
                "aliases": list(p.aliases),
                "roles": _unique(r.text for r in p.roles),
                "documents": list(p.documents),
            }
            for p in resolved.people
        ],
        "quotes": [
            {
                "speaker": resolved.id_for(x.doc_id, q.speaker),
                "speaker_text": q.speaker_text,
                "text": q.text,
                "kind": q.kind,
                "doc": x.doc_id,
            }
            for x in extractions
            for q in x.quotes
        ],
        "events": [
            {
                "date": e.date,
                "precision": e.precision,
                "date_text": e.date_text,
                "text": e.text,
                "doc": x.doc_id,
            }
            for x in extractions
            for e in x.events
        ],
        "questions": [
            {
                "id": q.id,
                "text": q.text,
                "status": q.status,
                "stances": [
                    {
                        "speaker": s.speaker_id,
                        "speaker_text": s.speaker_text,
                        "text": s.text,
                        "leaning": s.leaning,
                        "doc": s.doc_id,
                    }
                    for s in q.stances
                ],
                "docs": list(q.docs),
            }
            for q in resolved.questions
        ],
    }


def extract_paths(paths: Sequence[Path], *, settings, nlp=None) -> tuple[dict, list]:
    """Read, extract and resolve the documents under ``paths`` in memory, without the store
    (``briefbot extract`` and ``briefbot evaluate``).

    Returns the ``briefing-extract/1`` object and the per-file read errors (``IngestError``):
    files that fail are reported and skipped. The model is loaded only if a document was read.
    """
    files, errors = discover(list(paths))
    docs: list[Document] = []
    for path in files:
        try:
            docs.append(read_document(path, max_bytes=settings.max_file_bytes))
        except IngestError as exc:
            errors.append(exc)
    docs.sort(key=lambda d: d.id)
    curated = load_curated_people(settings)
    if docs and nlp is None:
        nlp = load_model(settings.model)
    extractions = extract_documents(docs, nlp=nlp, curated=curated)
    resolved = resolve_all(docs, extractions, curated=curated)
    return contract_json(docs, extractions, resolved), list(errors)


def _unique(items: Iterable[str]) -> list[str]:
    seen: dict[str, None] = {}
    for item in items:
        seen.setdefault(item, None)
    return list(seen)
