"""Pure extractor functions over a parsed spaCy ``Doc``.

Each ``extract_*`` takes a Doc (whose text is ``Document.body``) and keyword-only options, has no
side effects, and returns small frozen records from :mod:`digests.models`.
"""
