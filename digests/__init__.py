"""Briefbot's core: ingest news articles once (spaCy at ingest only), store what they say, and
brief from the store. ``digests`` never imports Discord; the chat surfaces live in ``bot``.

The public surface, importable from here::

    from digests import Settings, Store, ingest_paths, build_briefing, Renderer

    settings = load_settings()                     # or Settings(...)
    with Store.from_settings(settings) as store:
        ingest_paths([settings.seeds], store=store, settings=settings)
        print(Renderer().text(build_briefing(store, topic="harbour")))

Everything else is reachable through its module (``digests.briefing``, ``digests.store``,
``digests.reading``, ``digests.pipeline``, ...); modules and names with a leading underscore are
private to their package.
"""
from __future__ import annotations

from .briefing import (
    Briefing,
    DateRangeError,
    Profile,
    UnknownName,
    build_briefing,
    build_daily,
    build_profile,
    parse_date_range,
)
from .ingest import IngestError, IngestReport, ingest_paths
from .models import (
    DocExtraction,
    Document,
    DocumentRecord,
    EventRecord,
    PersonRecord,
    QuestionRecord,
    QuoteRecord,
    Schedule,
)
from .render import Renderer, RenderError
from .settings import Settings, SettingsError, load_settings
from .store import Store, StoreError

__all__ = [
    "Briefing",
    "DateRangeError",
    "DocExtraction",
    "Document",
    "DocumentRecord",
    "EventRecord",
    "IngestError",
    "IngestReport",
    "PersonRecord",
    "Profile",
    "QuestionRecord",
    "QuoteRecord",
    "RenderError",
    "Renderer",
    "Schedule",
    "Settings",
    "SettingsError",
    "Store",
    "StoreError",
    "UnknownName",
    "build_briefing",
    "build_daily",
    "build_profile",
    "ingest_paths",
    "load_settings",
    "parse_date_range",
]
