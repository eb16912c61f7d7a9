"""Lexicons of general English used by the extractors: titles, reporting verbs, hedges, dates.

Only general language lives here, never knowledge about specific people, places or stories
(that belongs in user-editable data under ``seeds/``). Each extractor owns one section below.
"""
from __future__ import annotations

# ==== people (titles, roles, relations) ========================================================

# ==== quotes (reporting verbs, speaker phrases) ================================================

# ==== dates and events ========================================================================

# ==== open questions (hedges, hopes, plans, doubts) ===========================================
