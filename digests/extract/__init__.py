"""Pure extraction passes over one parsed document.

:func:`digests.extract.parsed.parse_document` builds the frozen record the passes share (text,
sentences, paragraphs, quoted spans); each ``extract_*`` takes it (or a spaCy ``Doc``), what
earlier passes found and keyword-only options, writes nothing, and returns frozen records from
:mod:`digests.models`. Cross-document work lives in :mod:`digests.merge`.
"""

#: The version of what the passes make of a given text. Bump it with any change that alters
#: their output: a store's documents extracted under another version are extracted again
#: from their stored text on the next ingest (``digests.ingest.curated_people_hash``).
EXTRACTOR_VERSION = "2026-12-03.11"
