"""The project's own evaluation: score a ``briefing-extract/1`` object against gold annotations.

A gold folder holds one JSON file per document (``<doc id>.json``)::

    {"id": "...", "published": "2025-03-13",
     "people":    [{"id": "...", "names": ["Full Name", "Surname"], "role_keywords": ["minister"]}],
     "quotes":    [{"speaker": "<gold person id>" | null, "speaker_text": "...",
                    "snippet": "words inside the quote", "kind": "direct" | "partial",
                    "speaker_alternatives": [...]}],            # optional
     "ignore_quotes": ["scare quote", ...],
     "events":    [{"date": "2025-03-12", "date_text": "on Wednesday",
                    "keywords": ["one", "of", "these"], "optional": false}],
     "questions": [{"keywords": ["all", "of these"], "text": "...", "optional": false}]}

The figures follow the extraction contract (``CONTRACT.md``) exactly:

* **people**: a gold person is *found* in a document when a system person listing that document
  carries one of the gold full names (names of two or more words; the single-word names only
  when the gold gives no full name), compared after :func:`norm_name`. A system person listing
  the document whose names match none of the document's gold names is an extra (precision).
  **roles**: share of found gold people with role keywords whose matched system entries have a
  role containing one of them. **merge**: share of gold people named in two or more documents
  that map to exactly one system person, present in all of those documents. **conflations**:
  system people matched to two or more different gold people.
* **quotes**: a gold quote is found when a system quote of that document contains its snippet
  (after :func:`norm_text`). System quotes that are (part of) an ``ignore_quotes`` entry count
  neither way; any other system quote not used for a gold quote (a second copy included) counts
  against precision. **attribution**: share of found quotes whose speaker maps to the gold
  speaker (or an alternative); for a gold speaker ``null`` the system speaker must be null or a
  system person not matched to any gold person (in the documents scored so far, as the referee
  scorer does).
* **events**: a gold event is found when a system event of that document has the same date and
  its text holds one of the keywords. Precision is over the dated system events. **questions**: a
  gold question is found when a system question listing the document holds all its keywords in
  its text or its stances' texts. ``optional`` gold events and questions count only when found.

Public API: :func:`score` -> :class:`Report`, :func:`load_gold` (raises :class:`GoldError`),
:data:`FLOORS`, :func:`check_floors`, :func:`parse_requirement`, :func:`contract_problems`,
:func:`extract_for_evaluation`, :func:`format_report`, :func:`summary_line`,
:func:`default_paths`, :func:`cmd_evaluate` (the ``briefbot evaluate`` subcommand).
"""
from __future__ import annotations

import json
import re
import sys
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .names import contract_name
from .pipeline import extract_paths

if TYPE_CHECKING:  # pragma: no cover
    import argparse

    from .settings import Settings

SCHEMA = "briefing-extract/1"
EXIT_OK, EXIT_BELOW_FLOOR, EXIT_USAGE = 0, 1, 2  # as bot.cli

#: The floors the project holds itself to (issue #3). ``conflations`` and ``missing_docs`` are
#: ceilings: lower is better, so they fail when *above* their bound.
FLOORS: dict[str, float] = {
    "people_f1": 0.95,
    "merge": 1.0,
    "conflations": 0,
    "roles": 0.9,
    "quotes_f1": 0.95,
    "attribution": 0.95,
    "events_recall": 0.9,
    "events_precision": 0.8,
    "questions_recall": 0.9,
}
LOWER_IS_BETTER = frozenset({"conflations", "missing_docs"})
METRICS = (
    "people_precision", "people_recall", "people_f1", "merge", "conflations", "roles",
    "quotes_precision", "quotes_recall", "quotes_f1", "attribution", "attributed_recall",
    "events_recall", "events_precision", "questions_recall", "missing_docs",
)
SUMMARY_METRICS = ("people_f1", "merge", "roles", "quotes_f1", "attribution", "events_recall",
                   "questions_recall")

_QUOTE_MARKS = str.maketrans({"“": '"', "”": '"', "„": '"', "‘": "'", "’": "'", "‚": "'", "`": "'"})
_SPACES = re.compile(r"\s+")
_DATE = re.compile(r"^(\d{4}(-\d{2}(-\d{2})?)?|--\d{2}-\d{2})$")


class GoldError(ValueError):
    """A gold file (or folder) is unusable; the message names the file and what is wrong."""


# ----------------------------------------------------------------------------------------------
# Normalisation


def norm_name(name: str | None) -> str:
    """A person name for comparison, as the contract's scorer forms it: accents dropped (NFKD),
    casefolded, "'s" removed, hyphens and dashes to spaces, the punctuation . ' " ( ) removed,
    whitespace folded (:func:`digests.names.contract_name`)."""
    return contract_name(name)


def norm_text(text: str | None) -> str:
    """Quote/event/question text for comparison: NFKC, curly quotes straightened, casefolded,
    whitespace folded, surrounding spaces, quotes and . , ; : ! ? stripped."""
    folded = unicodedata.normalize("NFKC", text or "").translate(_QUOTE_MARKS).casefold()
    return _SPACES.sub(" ", folded).strip().strip(" \"'.,;:!?")


def _ratio(part: int, whole: int) -> float:
    return part / whole if whole else 0.0


def _f1(precision: float, recall: float) -> float:
    total = precision + recall
    return 2 * precision * recall / total if total else 0.0


# ----------------------------------------------------------------------------------------------
# Gold files


def load_gold(folder: Path | str) -> dict[str, dict]:
    """Every ``*.json`` gold file directly in ``folder``, keyed by document id (sorted by file
    name). Raises :class:`GoldError` naming the file and the problem."""
    folder = Path(folder)
    if not folder.is_dir():
        raise GoldError(f"{folder}: no such gold folder")
    gold: dict[str, dict] = {}
    origin: dict[str, Path] = {}
    for path in sorted(folder.glob("*.json")):
        data = _read_json(path)
        validate_gold(data, path)
        doc_id = data["id"]
        if doc_id in gold:
            raise GoldError(f"{path}: document id {doc_id!r} is also used by {origin[doc_id].name}")
        gold[doc_id] = data
        origin[doc_id] = path
    if not gold:
        raise GoldError(f"{folder}: no gold *.json files in this folder")
    return gold


def _read_json(path: Path) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise GoldError(f"{path}: not UTF-8 text") from None
    except OSError as exc:
        raise GoldError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise GoldError(f"{path}: not valid JSON: {exc.msg} at line {exc.lineno} "
                        f"column {exc.colno}") from None


def validate_gold(data: Any, path: Path | str = "<gold>") -> None:
    """Check one gold document's shape; raise :class:`GoldError` at the first problem."""
    check = _GoldChecker(Path(path))
    if not isinstance(data, dict):
        raise check.fail("", f"the file must hold one JSON object, not {_kind(data)}")
    check.text(data.get("id"), "id")
    published = data.get("published")
    if published is not None and not isinstance(published, str):
        raise check.fail("published", f"must be an ISO date string or null, not {_kind(published)}")
    person_ids = check.people(data.get("people", []))
    for i, quote in enumerate(check.items(data.get("quotes", []), "quotes")):
        check.quote(quote, f"quotes[{i}]", person_ids)
    for i, text in enumerate(check.listing(data.get("ignore_quotes", []), "ignore_quotes")):
        check.text(text, f"ignore_quotes[{i}]")
    for i, event in enumerate(check.items(data.get("events", []), "events")):
        check.event(event, f"events[{i}]")
    for i, question in enumerate(check.items(data.get("questions", []), "questions")):
        check.keywords(question.get("keywords"), f"questions[{i}].keywords")
        check.flag(question, f"questions[{i}]")


@dataclass(frozen=True, slots=True)
class _GoldChecker:
    """Shape checks of one gold file; each raises a :class:`GoldError` naming file and field."""

    path: Path

    def fail(self, where: str, problem: str) -> GoldError:
        return GoldError(f"{self.path}: {where + ': ' if where else ''}{problem}")

    def text(self, value: Any, where: str) -> str:
        if not isinstance(value, str) or not value.strip():
            raise self.fail(where, f"must be a non-empty string, not {_kind(value)}")
        return value

    def listing(self, value: Any, where: str) -> list:
        if not isinstance(value, list):
            raise self.fail(where, f"must be a list, not {_kind(value)}")
        return value

    def items(self, value: Any, where: str) -> list[dict]:
        items = self.listing(value, where)
        for i, item in enumerate(items):
            if not isinstance(item, dict):
                raise self.fail(f"{where}[{i}]", f"must be an object, not {_kind(item)}")
        return items

    def keywords(self, value: Any, where: str) -> None:
        if not self.listing(value, where):
            raise self.fail(where, "must list at least one keyword")
        for i, word in enumerate(value):
            self.text(word, f"{where}[{i}]")

    def flag(self, item: dict, where: str) -> None:
        if not isinstance(item.get("optional", False), bool):
            raise self.fail(f"{where}.optional", "must be true or false")

    def people(self, value: Any) -> set[str]:
        ids: set[str] = set()
        for i, person in enumerate(self.items(value, "people")):
            pid = self.text(person.get("id"), f"people[{i}].id")
            if pid in ids:
                raise self.fail(f"people[{i}].id", f"{pid!r} is listed twice")
            ids.add(pid)
            names = self.listing(person.get("names"), f"people[{i}].names")
            if not names:
                raise self.fail(f"people[{i}].names", "must list at least one name")
            for j, name in enumerate(names):
                self.text(name, f"people[{i}].names[{j}]")
                if not norm_name(name):
                    raise self.fail(f"people[{i}].names[{j}]", f"{name!r} is only punctuation")
            for j, word in enumerate(self.listing(person.get("role_keywords", []),
                                                  f"people[{i}].role_keywords")):
                self.text(word, f"people[{i}].role_keywords[{j}]")
        return ids

    def quote(self, quote: dict, where: str, person_ids: set[str]) -> None:
        self.text(quote.get("snippet"), f"{where}.snippet")
        if not norm_text(quote["snippet"]):
            raise self.fail(f"{where}.snippet", "is only punctuation")
        wanted = [quote.get("speaker")]
        wanted += self.listing(quote.get("speaker_alternatives", []), f"{where}.speaker_alternatives")
        for speaker in wanted:
            if speaker is not None and speaker not in person_ids:
                raise self.fail(where, f"speaker {speaker!r} is not a person id of this file")

    def event(self, event: dict, where: str) -> None:
        date = event.get("date")
        # null: a happening the text does not date (the contract allows it, as score.py does)
        if date is not None and (not isinstance(date, str) or not _DATE.match(date)):
            raise self.fail(f"{where}.date",
                            f"{date!r} is not YYYY-MM-DD, YYYY-MM, YYYY, --MM-DD or null")
        self.keywords(event.get("keywords"), f"{where}.keywords")
        self.flag(event, where)


def _kind(value: Any) -> str:
    if value is None:
        return "null"
    return {dict: "an object", list: "a list", str: f"the string {value!r}", bool: str(value).lower()
            }.get(type(value), f"{type(value).__name__} {value!r}")


# ----------------------------------------------------------------------------------------------
# Scoring


@dataclass(frozen=True, slots=True)
class Report:
    """The figures (names as in the referee scorer), the raw counts and every miss."""

    metrics: dict[str, float | int]
    counts: dict[str, int]
    misses: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"metrics": dict(self.metrics), "counts": dict(self.counts), "misses": list(self.misses)}


@dataclass
class _Tally:
    """Running state while the gold documents are scored one after another."""

    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys((
        "gold_people", "found_people", "sys_people", "fp_people", "role_gold", "role_ok",
        "gold_quotes", "found_quotes", "attr_ok", "sys_quotes", "tp_quotes", "fp_quotes",
        "gold_events", "found_events", "wrong_date_events", "sys_dated_events", "tp_events",
        "gold_questions", "found_questions", "sys_questions", "missing_docs"), 0))
    mapped: dict[str, set[str]] = field(default_factory=dict)      # gold id -> system ids
    matched_gold: dict[str, set[str]] = field(default_factory=dict)  # system id -> gold ids
    gold_docs: dict[str, set[str]] = field(default_factory=dict)    # gold id -> documents
    misses: list[str] = field(default_factory=list)

    def add(self, key: str, n: int = 1) -> None:
        self.counts[key] += n

    def miss(self, text: str) -> None:
        self.misses.append(text)


@dataclass(frozen=True, slots=True)
class _System:
    """The extraction, indexed for scoring."""

    people: list[dict]
    names: dict[Any, set[str]]
    quotes: list[dict]
    events: list[dict]
    questions: list[dict]
    doc_ids: set[Any]

    @classmethod
    def of(cls, extraction: Mapping[str, Any]) -> _System:
        people = _records(extraction, "people")
        names: dict[Any, set[str]] = {}
        for person in people:
            forms = [person.get("name"), *(person.get("aliases") or [])]
            names[person.get("id")] = {n for n in map(norm_name, forms) if n}
        return cls(people=people, names=names, quotes=_records(extraction, "quotes"),
                   events=_records(extraction, "events"), questions=_records(extraction, "questions"),
                   doc_ids={d.get("id") for d in _records(extraction, "documents")})

    def people_in(self, doc_id: str) -> list[dict]:
        return [p for p in self.people if doc_id in (p.get("documents") or [])]

    def names_of(self, person: Mapping[str, Any]) -> set[str]:
        return self.names.get(person.get("id"), set())


def _records(extraction: Mapping[str, Any], key: str) -> list[dict]:
    return [r for r in extraction.get(key) or [] if isinstance(r, dict)]


def score(gold: Mapping[str, dict], extraction: Mapping[str, Any]) -> Report:
    """Score ``extraction`` (a ``briefing-extract/1`` object) against ``gold`` (doc id -> gold
    document, as :func:`load_gold` returns). Documents are scored in the mapping's order."""
    system = _System.of(extraction)
    tally = _Tally()
    tally.add("sys_questions", len(system.questions))
    for doc_id, doc_gold in gold.items():
        if doc_id not in system.doc_ids:
            tally.add("missing_docs")
            tally.miss(f"{doc_id}: document missing from the extraction")
        _score_people(doc_id, doc_gold, system, tally)
        _score_quotes(doc_id, doc_gold, system, tally)
        _score_events(doc_id, doc_gold, system, tally)
        _score_questions(doc_id, doc_gold, system, tally)
    merged, multi, conflations = _merge_figures(system, tally)
    return Report(metrics=_metrics(tally.counts, merged, multi, conflations),
                  counts=dict(tally.counts), misses=tuple(tally.misses))


def _score_people(doc_id: str, doc_gold: dict, system: _System, tally: _Tally) -> None:
    listed = system.people_in(doc_id)
    tally.add("sys_people", len(listed))
    gold_people = doc_gold.get("people", [])
    all_names = {norm_name(n) for gp in gold_people for n in gp["names"]}
    for gp in gold_people:
        tally.add("gold_people")
        tally.gold_docs.setdefault(gp["id"], set()).add(doc_id)
        keys = _match_keys(gp["names"])
        hits = [p for p in listed if system.names_of(p) & keys]
        if not hits:
            tally.miss(f"{doc_id}: person {gp['names'][0]!r} not found")
            continue
        tally.add("found_people")
        for person in hits:
            tally.mapped.setdefault(gp["id"], set()).add(person.get("id"))
            tally.matched_gold.setdefault(person.get("id"), set()).add(gp["id"])
        _score_role(doc_id, gp, hits, tally)
    for person in listed:
        if not system.names_of(person) & all_names:
            tally.add("fp_people")
            tally.miss(f"{doc_id}: extra person {person.get('name')!r}")


def _match_keys(names: Iterable[str]) -> set[str]:
    """The gold names a system person must carry: the full names (2+ words), else all names."""
    normed = {norm_name(n) for n in names}
    return {n for n in normed if len(n.split()) >= 2} or normed


def _score_role(doc_id: str, gp: dict, hits: list[dict], tally: _Tally) -> None:
    wanted = [k.casefold() for k in gp.get("role_keywords") or []]
    if not wanted:
        return
    tally.add("role_gold")
    roles = " | ".join(r for p in hits for r in p.get("roles") or [] if isinstance(r, str)).casefold()
    if any(k in roles for k in wanted):
        tally.add("role_ok")
    else:
        tally.miss(f"{doc_id}: role of {gp['names'][0]!r} missing (want one of {wanted})")


def _score_quotes(doc_id: str, doc_gold: dict, system: _System, tally: _Tally) -> None:
    quotes = [q for q in system.quotes if q.get("doc") == doc_id]
    texts = [norm_text(q.get("text")) for q in quotes]
    tally.add("sys_quotes", len(quotes))
    gold_quotes = doc_gold.get("quotes", [])
    snippets = [norm_text(gq["snippet"]) for gq in gold_quotes]
    used: set[int] = set()
    for gq, snippet in zip(gold_quotes, snippets, strict=True):
        tally.add("gold_quotes")
        hit = next((i for i, t in enumerate(texts) if snippet in t), None)
        if hit is None:
            tally.miss(f"{doc_id}: quote {gq['snippet']!r} not found")
            continue
        tally.add("found_quotes")
        used.add(hit)
        speaker = quotes[hit].get("speaker")
        if _speaker_ok(speaker, gq, tally):
            tally.add("attr_ok")
        else:
            want = gq.get("speaker") or gq.get("speaker_text")
            tally.miss(f"{doc_id}: quote {gq['snippet']!r} given to {speaker!r}, want {want!r}")
    ignored = [norm_text(s) for s in doc_gold.get("ignore_quotes", [])]
    for i, (quote, text) in enumerate(zip(quotes, texts, strict=True)):
        if i in used:
            tally.add("tp_quotes")
        elif any(text == s or (text and text in s) for s in ignored):
            tally.add("sys_quotes", -1)  # a scare quote: counts neither way
        else:
            tally.add("fp_quotes")
            copy = any(s in text for s in snippets)
            tally.miss(f"{doc_id}: {'duplicate' if copy else 'extra'} quote {quote.get('text')!r}")


def _speaker_ok(speaker: Any, gq: dict, tally: _Tally) -> bool:
    """Whether the system speaker is the gold speaker or one of its alternatives."""
    for want in [gq.get("speaker"), *(gq.get("speaker_alternatives") or [])]:
        if want is None:
            if speaker is None or not tally.matched_gold.get(speaker):
                return True
        elif speaker is not None and speaker in tally.mapped.get(want, set()):
            return True
    return False


def _score_events(doc_id: str, doc_gold: dict, system: _System, tally: _Tally) -> None:
    events = [e for e in system.events if e.get("doc") == doc_id]
    texts = [norm_text(e.get("text")) for e in events]
    gold_events = doc_gold.get("events", [])
    for ge in gold_events:
        words = [k.casefold() for k in ge["keywords"]]
        near = [e for e, t in zip(events, texts, strict=True) if any(w in t for w in words)]
        found = any(e.get("date") == ge["date"] for e in near)
        if ge.get("optional") and not found:
            continue
        tally.add("gold_events")
        if found:
            tally.add("found_events")
        elif near:
            tally.add("wrong_date_events")
            tally.miss(f"{doc_id}: event {ge['keywords']} dated {[e.get('date') for e in near]}, "
                       f"want {ge['date']}")
        else:
            tally.miss(f"{doc_id}: event {ge['keywords']} ({ge['date']}) not found")
    _score_event_precision(events, texts, gold_events, tally)


def _score_event_precision(events: list, texts: list[str], gold_events: list,
                           tally: _Tally) -> None:
    """Count the system's dated events and those a gold event (same date, a keyword in the
    text) confirms."""
    for event, text in zip(events, texts, strict=True):
        if not event.get("date"):
            continue
        tally.add("sys_dated_events")
        if any(event.get("date") == ge["date"] and any(k.casefold() in text for k in ge["keywords"])
               for ge in gold_events):
            tally.add("tp_events")


def _score_questions(doc_id: str, doc_gold: dict, system: _System, tally: _Tally) -> None:
    blobs = [_question_blob(q) for q in system.questions if doc_id in (q.get("docs") or [])]
    for gq in doc_gold.get("questions", []):
        words = [k.casefold() for k in gq["keywords"]]
        found = any(all(w in blob for w in words) for blob in blobs)
        if gq.get("optional") and not found:
            continue
        tally.add("gold_questions")
        if found:
            tally.add("found_questions")
        else:
            tally.miss(f"{doc_id}: open question {gq['keywords']} not found")


def _question_blob(question: Mapping[str, Any]) -> str:
    stances = [s for s in question.get("stances") or [] if isinstance(s, dict)]
    parts = [question.get("text") or "", *(s.get("text") or "" for s in stances)]
    return norm_text(" ".join(parts))


def _merge_figures(system: _System, tally: _Tally) -> tuple[int, int, int]:
    """(merged, people in 2+ documents, conflations), adding the merge misses."""
    multi = {gid: docs for gid, docs in tally.gold_docs.items() if len(docs) >= 2}
    merged = 0
    for gid, docs in multi.items():
        ids = tally.mapped.get(gid, set())
        listed = {d for p in system.people if p.get("id") in ids for d in p.get("documents") or []}
        if len(ids) == 1 and docs <= listed:
            merged += 1
        else:
            tally.miss(f"merge: {gid} (in {sorted(docs)}) maps to {sorted(ids, key=str)}, "
                       "not one person in every document")
    conflations = 0
    for sid, gids in tally.matched_gold.items():
        if len(gids) > 1:
            conflations += 1
            tally.miss(f"merge: {sid!r} conflates {sorted(gids)}")
    return merged, len(multi), conflations


def _metrics(c: Mapping[str, int], merged: int, multi: int, conflations: int) -> dict[str, float | int]:
    people_p = _ratio(c["sys_people"] - c["fp_people"], c["sys_people"])
    people_r = _ratio(c["found_people"], c["gold_people"])
    quotes_p = _ratio(c["tp_quotes"], c["tp_quotes"] + c["fp_quotes"])
    quotes_r = _ratio(c["found_quotes"], c["gold_quotes"])
    return {
        "people_precision": people_p,
        "people_recall": people_r,
        "people_f1": _f1(people_p, people_r),
        "merge": _ratio(merged, multi) if multi else 1.0,
        "conflations": conflations,
        "roles": _ratio(c["role_ok"], c["role_gold"]),
        "quotes_precision": quotes_p,
        "quotes_recall": quotes_r,
        "quotes_f1": _f1(quotes_p, quotes_r),
        "attribution": _ratio(c["attr_ok"], c["found_quotes"]),
        "attributed_recall": _ratio(c["attr_ok"], c["gold_quotes"]),
        "events_recall": _ratio(c["found_events"], c["gold_events"]),
        "events_precision": _ratio(c["tp_events"], c["sys_dated_events"]),
        "questions_recall": _ratio(c["found_questions"], c["gold_questions"]),
        "missing_docs": c["missing_docs"],
    }


# ----------------------------------------------------------------------------------------------
# Floors


def check_floors(metrics: Mapping[str, float | int], floors: Mapping[str, float]) -> list[str]:
    """One line per figure that misses its floor (e.g. ``"quotes_f1 0.812 < 0.95"``); ceilings
    (:data:`LOWER_IS_BETTER`) fail when above. An unknown figure name is a ``ValueError``."""
    failed = []
    for name, bound in floors.items():
        if name not in metrics:
            raise ValueError(f"no figure named {name!r} (known: {', '.join(METRICS)})")
        value = metrics[name]
        if name in LOWER_IS_BETTER:
            if value > bound:
                failed.append(f"{name} {_show(value)} > {_show(bound)}")
        elif value < bound:
            failed.append(f"{name} {_show(value)} < {_show(bound)}")
    return failed


def parse_requirement(text: str) -> tuple[str, float]:
    """``"quotes_f1=0.8"`` -> ``("quotes_f1", 0.8)``; a ``ValueError`` with a clear message."""
    name, sep, raw = text.partition("=")
    name = name.strip()
    if not sep or not name:
        raise ValueError(f"--require {text!r}: write METRIC=FLOOR, e.g. quotes_f1=0.9")
    if name not in METRICS:
        raise ValueError(f"--require {text!r}: no figure named {name!r} (known: {', '.join(METRICS)})")
    try:
        return name, float(raw)
    except ValueError:
        raise ValueError(f"--require {text!r}: {raw.strip()!r} is not a number") from None


def _show(value: float | int) -> str:
    return f"{value:.3f}" if isinstance(value, float) else str(value)


# ----------------------------------------------------------------------------------------------
# Output


def format_report(report: Report, *, floors: Mapping[str, float] | None = None,
                  misses: bool = False) -> str:
    """The figures as a table (with the floor and ok/BELOW when one is set), misses first."""
    floors = floors or {}
    lines = [f"miss: {m}" for m in report.misses] if misses else []
    lines.append(f"{'figure':<20} {'value':>7}  floor")
    for name in METRICS:
        value = report.metrics[name]
        row = f"{name:<20} {_show(value):>7}"
        if name in floors:
            ok = not check_floors({name: value}, {name: floors[name]})
            sign = "<=" if name in LOWER_IS_BETTER else ">="
            row += f"  {sign} {_show(floors[name])} {'ok' if ok else 'BELOW'}"
        lines.append(row)
    return "\n".join(lines)


def summary_line(metrics: Mapping[str, float | int], failed: Sequence[str] = ()) -> str:
    """``summary: people_f1=0.95 merge=1.00 ... | below floor: ...`` (one line)."""
    text = "summary: " + " ".join(f"{k}={metrics[k]:.2f}" for k in SUMMARY_METRICS)
    return text + (" | below floor: " + "; ".join(failed) if failed else "")


def contract_problems(extraction: Any) -> list[str]:
    """Shape problems of a ``briefing-extract/1`` object (keys and types); empty when valid."""
    if not isinstance(extraction, dict):
        return [f"the extraction must be a JSON object, not {_kind(extraction)}"]
    problems = []
    if extraction.get("schema") != SCHEMA:
        problems.append(f"schema is {extraction.get('schema')!r}, want {SCHEMA!r}")
    for key, fields in _CONTRACT.items():
        records = extraction.get(key)
        if not isinstance(records, list):
            problems.append(f"{key}: must be a list, not {_kind(records)}")
            continue
        for i, record in enumerate(records):
            problems += _record_problems(f"{key}[{i}]", record, fields)
    return problems


_STR, _OPT_STR, _STR_LIST = (str,), (str, type(None)), "list[str]"
_CONTRACT: dict[str, dict[str, Any]] = {
    "documents": {"id": _STR, "path": _STR, "title": _OPT_STR, "published": _OPT_STR},
    "people": {"id": _STR, "name": _STR, "aliases": _STR_LIST, "roles": _STR_LIST,
               "documents": _STR_LIST},
    "quotes": {"speaker": _OPT_STR, "speaker_text": _OPT_STR, "text": _STR, "doc": _STR},
    "events": {"date": _OPT_STR, "date_text": _OPT_STR, "text": _STR, "doc": _STR},
    "questions": {"text": _STR, "stances": list, "docs": _STR_LIST},
}


def _record_problems(where: str, record: Any, fields: Mapping[str, Any]) -> list[str]:
    if not isinstance(record, dict):
        return [f"{where}: must be an object, not {_kind(record)}"]
    problems = []
    for name, want in fields.items():
        if name not in record:
            problems.append(f"{where}: missing key {name!r}")
            continue
        value = record[name]
        if want == _STR_LIST:
            ok = isinstance(value, list) and all(isinstance(v, str) for v in value)
        elif want is list:
            ok = isinstance(value, list) and all(isinstance(v, dict) for v in value)
        else:
            ok = isinstance(value, want)
        if not ok:
            problems.append(f"{where}.{name}: wrong type ({_kind(value)})")
    return problems


# ----------------------------------------------------------------------------------------------
# Running the extraction and the ``briefbot evaluate`` command


def default_paths(gold_dir: Path, seeds: Path) -> list[Path]:
    """The documents to evaluate when none are given: ``<gold>/docs`` if it exists, else
    the configured seeds folder."""
    docs = Path(gold_dir) / "docs"
    return [docs] if docs.is_dir() else [Path(seeds)]


def extract_for_evaluation(paths: Sequence[Path], *, settings: Settings,
                           nlp: Any = None) -> tuple[dict, list[Exception]]:
    """Run the in-memory extraction over ``paths`` exactly as ``briefbot extract`` does: the
    ``briefing-extract/1`` object and the per-file read errors (those files are skipped)."""

    return extract_paths(paths, settings=settings, nlp=nlp)


def cmd_evaluate(args: argparse.Namespace, settings: Settings) -> int:
    """``briefbot evaluate --gold DIR [PATH ...]``: extract, score, print the figures.

    Exit status (the CLI's convention): 0 all required floors met, 1 below a floor, 2 a usage
    problem (bad gold folder, bad ``--require``, unreadable ``--extract``), printed as one line.
    """
    try:
        floors = dict(FLOORS) if args.floors else {}
        floors.update(parse_requirement(r) for r in args.require or [])
        gold = load_gold(args.gold)
        extraction = _read_extraction(args.extract) if args.extract else None
    except ValueError as exc:  # GoldError and the parse errors, each one clear line
        print(f"briefbot evaluate: {exc}", file=sys.stderr)
        return EXIT_USAGE
    errors: list[Exception] = []
    if extraction is None:
        paths = [Path(p) for p in args.paths] or default_paths(Path(args.gold), settings.seeds)
        extraction, errors = extract_for_evaluation(paths, settings=settings)
    for error in errors:
        print(f"error: {error}", file=sys.stderr)
    report = score(gold, extraction)
    failed = check_floors(report.metrics, floors)
    if args.json:
        print(json.dumps({**report.to_dict(), "floors": floors, "below_floor": failed},
                         ensure_ascii=False, indent=2))
    else:
        print(format_report(report, floors=floors, misses=args.misses))
        print(summary_line(report.metrics, failed))
    return EXIT_BELOW_FLOOR if failed else EXIT_OK


def _read_extraction(source: str) -> dict:
    """A saved extraction (``briefbot extract --json`` output) from a file or ``-`` (stdin);
    a ``ValueError`` saying what is wrong with it."""
    try:
        raw = sys.stdin.read() if source == "-" else Path(source).read_text(encoding="utf-8")
    except OSError as exc:
        raise ValueError(f"--extract {source}: cannot be read ({exc.strerror or exc})") from None
    except UnicodeDecodeError:
        raise ValueError(f"--extract {source}: not UTF-8 text") from None
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise ValueError(f"--extract {source}: not JSON ({exc.msg} at line {exc.lineno})") from None
    if not isinstance(data, dict) or data.get("schema") != SCHEMA:
        found = data.get("schema") if isinstance(data, dict) else _kind(data)
        raise ValueError(f"--extract {source}: schema is {found!r}, want {SCHEMA!r}")
    return data
