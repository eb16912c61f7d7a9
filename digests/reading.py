"""Read news articles from disk into normalised :class:`~digests.models.Document` records.

Supported inputs (a folder is read recursively; hidden files and folders are skipped):

* ``.txt`` and ``.md``/``.markdown`` -- plain text, optionally opening with a ``---`` YAML front
  matter block (keys ``title``, ``published``, ``source``, ``url``, ``published_is_estimate``;
  other keys are ignored, as static-site generators add many);
* ``.html``/``.htm`` -- the main text is extracted with trafilatura, which also supplies the
  title, date and URL when the page states them;
* ``.json`` -- ONE object per file with the text under ``body``, ``text`` or ``content`` and
  optional ``title``, ``published``, ``source``, ``url``, ``published_is_estimate``. A JSON list is
  rejected with a clear error (one document per file keeps ids = file stems unambiguous).

Sidecar metadata: ``<stem>.meta.toml`` next to an article holds the same metadata keys (unknown
keys are an error there, since the format is ours). It is metadata, never a document. When the
sidecar and the document itself (front matter, JSON fields, HTML meta) both give a key, **the
sidecar wins**: it is the operator's correction of a file that is kept exactly as received.

Normalisation (:func:`normalise_text`): Unicode NFC, line endings to ``\\n``, runs of spaces and
tabs (including no-break and other Unicode spaces) to one space, trailing spaces stripped,
zero-width characters removed, blank-line runs to exactly one paragraph break ``"\\n\\n"``,
and the space scraped text lost between two sentences put back ("the cave.Rescuers",
:func:`separate_glued_sentences`). Quotation marks, apostrophes and words are never altered;
single line breaks inside a paragraph are kept. A leading ``date YYYY-MM-DD`` header some
scrapers write is metadata (:func:`strip_date_header`): taken off the body, and the
publication date when the metadata gives none. A headline on the first line (short, no final
sentence punctuation, followed by a blank line) becomes the title when the metadata gives none
and is then not part of the body; a teaser paragraph cut off with ``[...]``, ``[…]``, ``…``, ``...]`` or ``...`` that repeats the
start of the next paragraph is dropped, and so are the headline repeated as the body's first line
and photo-credit lines opening with "©" (:func:`drop_furniture_lines`).

The document id is the file stem; ``Document.sha256`` is the hash of the raw file bytes plus the
raw sidecar bytes (:func:`fingerprint`), so that re-ingest can skip unchanged files before any
decoding or parsing.

Public API: :class:`IngestError`, :func:`discover`, :func:`read_raw`, :func:`fingerprint`,
:func:`parse_raw`, :func:`decode_bytes` (:class:`Decoded`), :func:`read_document`,
:func:`normalise_text`, :func:`strip_date_header`, :func:`load_curated_people`.
Storing what is read is :mod:`digests.ingest`'s job; extracting from it, :mod:`digests.pipeline`'s.
"""
from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import tomllib
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

import trafilatura
import yaml
from charset_normalizer import from_bytes
from charset_normalizer.md import mess_ratio

from .models import Document
from .curated import load_curated
from .settings import Settings

log = logging.getLogger(__name__)

TEXT_SUFFIXES = frozenset({".txt", ".md", ".markdown"})
HTML_SUFFIXES = frozenset({".html", ".htm"})
JSON_SUFFIXES = frozenset({".json"})
DOCUMENT_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | JSON_SUFFIXES
SIDECAR_SUFFIX = ".meta.toml"
METADATA_KEYS = ("title", "published", "source", "url", "published_is_estimate")
BODY_KEYS = ("body", "text", "content")

#: A headline is at most this long (characters / words).
HEADLINE_MAX_CHARS = 200
HEADLINE_MAX_WORDS = 30
_SENTENCE_END = re.compile(r"""[.!?:;]["'”’)\]]*$""")
_TEASER_CUT = re.compile(r"\s*(?:\[\s*(?:\.\.\.|…)\s*\]|\.\.\.\]|…\]?|\.\.\.)$")
_SPACES = re.compile(r"[^\S\n]+")  # any whitespace except the line feed
#: Invisible characters dropped by normalisation: zero-width spaces and joiners, the BOM, and the
#: bidirectional marks and embeddings common in Arabic and Hebrew sources (U+200E/F, U+202A-E,
#: U+2066-9), which would otherwise glue themselves to the words next to them.
_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u200e\u200f"
                                     "\u202a\u202b\u202c\u202d\u202e"
                                     "\u2066\u2067\u2068\u2069"))
_BLANK_RUN = re.compile(r"\n{2,}")
#: Scraped text that lost the space between sentences: a word of two or more lower-case
#: letters, the sentence's final mark (and a curly closing quote), then a capital or an
#: opening quote. Single capitals ("U.S.Army"), digits ("2.5") and URLs never match.
_GLUED = re.compile(r"(?:(?<=[a-z]{2})|(?<=[a-z][”’\"]))([.!?…]+[”’]?)(?=[“‘\"]?[A-Z])")
_URL_TAIL = re.compile(r"(?:https?://|www\.)\S*$|\S+\.\S*/\S*$")
#: Page furniture some scrapers put in front of the text: "date 2031-05-02 " (or with a colon
#: or a time of day). It is metadata: taken off the body, and the publication date when the
#: metadata gives none.
_DATE_HEADER = re.compile(
    r"^[Dd]ate:? (\d{4}-\d{2}-\d{2})(?:[T ]\d{2}:\d{2}(?::\d{2})?(?:Z|[+-]\d{2}:?\d{2})?)?"
    r"(?: |\n+|$)"
)


class IngestError(Exception):
    """One input file could not be read. ``str()`` is one line naming the file and the problem."""

    def __init__(self, path: Path | str, problem: str) -> None:
        super().__init__(f"{path}: {problem}")
        self.path = str(path)
        self.problem = problem


# ----------------------------------------------------------------------------------------------
# Discovery


def discover(paths: Iterable[Path | str]) -> tuple[list[Path], list[IngestError]]:
    """Expand files and folders (recursively) into the sorted list of document files.

    Sidecars (``*.meta.toml``), hidden entries and files of other types inside folders are
    skipped; a path that does not exist or cannot be listed, or a file named explicitly with an
    unsupported type, is an error. Two files with the same id (file stem) are an error naming
    both, and neither is returned.
    """
    found: list[Path] = []
    errors: list[IngestError] = []
    for raw in paths:
        path = Path(raw)
        try:
            is_dir = path.is_dir()
            path.stat()
        except OSError as exc:
            errors.append(IngestError(path, _os_problem(exc)))
            continue
        if is_dir:
            found.extend(_walk(path, errors))
        elif _is_sidecar(path):
            continue
        elif path.suffix.lower() in DOCUMENT_SUFFIXES:
            found.append(path)
        else:
            errors.append(IngestError(path, f"unsupported file type {path.suffix or '(none)'!r}; "
                                      f"expected one of {', '.join(sorted(DOCUMENT_SUFFIXES))}"))
    unique = _drop_duplicate_ids(_dedupe_paths(found), errors)
    return unique, errors


def _walk(folder: Path, errors: list[IngestError]) -> list[Path]:
    files: list[Path] = []

    def on_error(exc: OSError) -> None:
        errors.append(IngestError(exc.filename or folder, _os_problem(exc)))

    for root, dirs, names in os.walk(folder, onerror=on_error, followlinks=False):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(names):
            path = Path(root, name)
            if name.startswith(".") or _is_sidecar(path):
                continue
            if path.suffix.lower() in DOCUMENT_SUFFIXES:
                files.append(path)
    return files


def _dedupe_paths(paths: list[Path]) -> list[Path]:
    seen: dict[Path, Path] = {}
    for path in paths:
        seen.setdefault(path.resolve(), path)
    return list(seen.values())


def _drop_duplicate_ids(paths: list[Path], errors: list[IngestError]) -> list[Path]:
    by_id: dict[str, list[Path]] = {}
    for path in paths:
        by_id.setdefault(document_id(path), []).append(path)
    keep: list[Path] = []
    for doc_id, group in by_id.items():
        if len(group) == 1:
            keep.append(group[0])
        else:
            names = " and ".join(str(p) for p in group)
            errors.append(IngestError(group[0], f"duplicate document id {doc_id!r}: {names} "
                                      "have the same file name stem; rename one"))
    return sorted(keep, key=lambda p: (document_id(p), str(p)))


def _is_sidecar(path: Path) -> bool:
    return path.name.lower().endswith(SIDECAR_SUFFIX)


def document_id(path: Path) -> str:
    """The document id: the file name without its extension."""
    return path.stem


def sidecar_path(path: Path) -> Path:
    """Where the sidecar metadata of ``path`` lives (it may not exist)."""
    return path.with_name(document_id(path) + SIDECAR_SUFFIX)


def _os_problem(exc: OSError) -> str:
    if isinstance(exc, FileNotFoundError):
        return "no such file or folder"
    if isinstance(exc, PermissionError):
        return "permission denied"
    return f"cannot read ({exc.strerror or exc.__class__.__name__})"


# ----------------------------------------------------------------------------------------------
# Reading


@dataclass(frozen=True, slots=True)
class RawFile:
    """The undecoded bytes of a document and of its sidecar (``b""`` when there is none)."""

    path: Path
    data: bytes
    sidecar: bytes = b""

    @property
    def id(self) -> str:
        return document_id(self.path)


def read_raw(path: Path, *, max_bytes: int) -> RawFile:
    """Read the bytes of ``path`` and its sidecar, enforcing ``max_bytes``. No decoding."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise IngestError(path, f"file is {size:,} bytes, over the limit of {max_bytes:,} "
                              "(setting max_file_bytes)")
        data = path.read_bytes()
    except OSError as exc:
        raise IngestError(path, _os_problem(exc)) from None
    side = sidecar_path(path)
    try:
        sidecar = side.read_bytes() if side.is_file() else b""
    except OSError as exc:
        raise IngestError(side, _os_problem(exc)) from None
    return RawFile(path=path, data=data, sidecar=sidecar)


def fingerprint(raw: RawFile) -> str:
    """sha256 of the raw document bytes and the raw sidecar bytes (cheap change detection)."""
    digest = hashlib.sha256(raw.data)
    digest.update(b"\0sidecar\0")
    digest.update(raw.sidecar)
    return digest.hexdigest()


def read_document(path: Path, *, max_bytes: int = 5_000_000) -> Document:
    """Read, decode, parse and normalise one document file. Raises :class:`IngestError`."""
    return parse_raw(read_raw(Path(path), max_bytes=max_bytes))


def parse_raw(raw: RawFile, *, notes: list[str] | None = None) -> Document:
    """Turn :func:`read_raw` output into a :class:`Document`. Raises :class:`IngestError`.
    ``notes``: where to append a line about a guessed encoding ("decoded as ... (guessed,
    confidence ...)")."""
    path = raw.path
    if not raw.data.strip():
        raise IngestError(path, "empty file")
    decoded = decode_bytes(raw.data, path)
    if notes is not None and decoded.note():
        notes.append(decoded.note())
    text = decoded.text
    suffix = path.suffix.lower()
    if suffix in HTML_SUFFIXES:
        meta, body = _parse_html(text, path)
    elif suffix in JSON_SUFFIXES:
        meta, body = _parse_json(text, path)
    else:
        meta, body = _parse_text(text, path, markdown=suffix != ".txt")
    sidecar = _parse_sidecar(raw.sidecar, sidecar_path(path)) if raw.sidecar else {}
    meta = {**meta, **sidecar}
    header_date, body = strip_date_header(normalise_text(body))
    if header_date is not None and not meta.get("published"):
        meta["published"] = header_date
    title, body = _split_headline(drop_page_chrome(body), _clean(meta.get("title")))
    body = drop_furniture_lines(drop_teasers(body), title)
    if _one_paragraph_per_line(body, headline=False):
        body = body.replace("\n", "\n\n")  # each line its paragraph, said as the rest are
    if not body.strip():
        raise IngestError(path, "no text after the metadata")
    return Document(
        id=raw.id,
        path=str(path),
        title=title,
        body=body,
        sha256=fingerprint(raw),
        source=_clean(meta.get("source")),
        url=_clean(meta.get("url")),
        published=meta.get("published"),
        published_is_estimate=bool(meta.get("published_is_estimate", False)),
    )


@dataclass(frozen=True, slots=True)
class Decoded:
    """Decoded text and how it was decoded. ``guessed``: the file stated no encoding (no byte
    order mark) and was not UTF-8, so ``encoding`` is a guess with ``confidence`` in [0, 1]."""

    text: str
    encoding: str
    guessed: bool = False
    confidence: float = 1.0

    def note(self) -> str | None:
        """The line an ingest prints about a guessed encoding (None when nothing was guessed)."""
        if not self.guessed:
            return None
        return f"decoded as {self.encoding} (guessed, confidence {self.confidence:.2f})"


def decode(data: bytes, path: Path) -> str:
    """The text of ``data`` (see :func:`decode_bytes`)."""
    return decode_bytes(data, path).text


def decode_bytes(data: bytes, path: Path) -> Decoded:
    """Decode UTF-8 (with or without BOM) or UTF-16 with BOM; otherwise guess: a Western
    single-byte encoding (Windows-1252, ISO-8859-1) when it gives plausible Western text,
    else charset-normalizer's best match. Binary data and undetectable encodings raise
    :class:`IngestError`."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return Decoded(data.decode("utf-16"), "utf-16")
        except UnicodeDecodeError:
            raise IngestError(path, "starts with a UTF-16 byte order mark but is not UTF-16") from None
    if b"\0" in data:
        raise IngestError(path, "binary data, not text")
    try:
        return Decoded(data.decode("utf-8-sig"), "utf-8")
    except UnicodeDecodeError:
        pass
    found = _western(data) or _detect(data)
    if found is None or _looks_binary(found.text):
        raise IngestError(path, "not UTF-8 and the encoding could not be detected; "
                          "convert the file to UTF-8")
    log.info("%s: not UTF-8; %s", path, found.note())
    return found


#: The longest run of consecutive non-ASCII characters plausible in Western text ("«É", "…»");
#: text in a multi-byte or non-Latin encoding read byte by byte gives long runs instead.
_WESTERN_MAX_RUN = 3
#: At most this share of a Western text's letters are non-ASCII (accented) letters.
_WESTERN_MAX_ACCENTED = 0.3
_NON_ASCII_RUN = re.compile(r"[^\x00-\x7f]+")


def _western(data: bytes) -> Decoded | None:
    """``data`` as ISO-8859-1 (no byte in 0x80-0x9F) or Windows-1252, if that reads as
    plausible Western text: no C1 control characters, short runs of non-ASCII characters,
    letters mostly ASCII. Short texts with a few accents are exactly where charset-normalizer's
    guess is weakest (it may pick a CJK double-byte encoding), so this check comes first."""
    encoding = "windows-1252" if any(0x80 <= b <= 0x9F for b in data) else "iso-8859-1"
    try:
        text = data.decode("cp1252" if encoding == "windows-1252" else "latin-1")
    except UnicodeDecodeError:  # a byte Windows-1252 leaves undefined
        return None
    if any(0x80 <= ord(ch) <= 0x9F for ch in text):
        return None
    runs = _NON_ASCII_RUN.findall(text)
    if any(len(run) > _WESTERN_MAX_RUN for run in runs):
        return None
    letters = sum(1 for ch in text if ch.isalpha())
    accented = sum(1 for run in runs for ch in run if ch.isalpha())
    if not letters or accented > _WESTERN_MAX_ACCENTED * letters:
        return None
    return Decoded(text, encoding, guessed=True, confidence=_confidence(text))


def _confidence(text: str) -> float:
    """1 - charset-normalizer's "mess" ratio of the decoded text (0: gibberish, 1: clean)."""
    return round(max(0.0, 1.0 - mess_ratio(text)), 2)


def _detect(data: bytes) -> Decoded | None:
    matches = list(from_bytes(data))
    if not matches:
        return None
    least = min(m.chaos for m in matches)
    # Among equally plausible single-byte encodings prefer Windows-1252, by far the most
    # common non-UTF-8 encoding of English-language news text.
    best = next((m for m in matches if m.chaos == least and m.encoding == "cp1252"), matches[0])
    return Decoded(str(best), _ENCODING_NAMES.get(best.encoding, best.encoding), guessed=True,
                   confidence=round(max(0.0, 1.0 - best.chaos), 2))


#: charset-normalizer's (Python codec) names -> the names people know them by.
_ENCODING_NAMES = {"cp1252": "windows-1252", "latin_1": "iso-8859-1", "shift_jis": "shift_jis",
                   "cp932": "shift_jis", "gb18030": "gb18030", "gb2312": "gb2312",
                   "big5": "big5", "euc_jp": "euc-jp", "euc_kr": "euc-kr", "cp1251": "windows-1251",
                   "cp1250": "windows-1250"}


def _looks_binary(text: str) -> bool:
    controls = sum(1 for ch in text if unicodedata.category(ch) == "Cc" and ch not in "\n\r\t\f")
    return controls > max(2, len(text) // 100)


# ----------------------------------------------------------------------------------------------
# Formats


def _parse_text(text: str, path: Path, *, markdown: bool) -> tuple[dict[str, Any], str]:
    meta, body = split_front_matter(text, path)
    if markdown:
        body = _strip_markdown(body)
    return meta, body


def split_front_matter(text: str, path: Path) -> tuple[dict[str, Any], str]:
    """Split an opening ``---`` YAML block from ``text``; returns (validated metadata, rest)."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if not lines or lines[0].strip() != "---":
        return {}, text
    try:
        end = next(i for i in range(1, len(lines)) if lines[i].strip() in ("---", "..."))
    except StopIteration:
        raise IngestError(path, "malformed front matter: opened with '---' on line 1 "
                          "but never closed") from None
    block = "\n".join(lines[1:end])
    try:
        data = yaml.safe_load(block) if block.strip() else {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" on line {mark.line + 2}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise IngestError(path, f"malformed front matter{where}: {problem}") from None
    if not isinstance(data, dict):
        raise IngestError(path, "malformed front matter: expected 'key: value' lines, "
                          f"got a {type(data).__name__}")
    return _metadata(data, path, where="front matter", strict=False), "\n".join(lines[end + 1:])


_MD_HEADING = re.compile(r"^#{1,6}[ \t]+(.*?)[ \t#]*$", re.M)
_MD_IMAGE = re.compile(r"!\[[^\]\n]*\]\([^)\n]*\)")
_MD_LINK = re.compile(r"\[([^\]\n]+)\]\([^)\n]*\)")


def _strip_markdown(text: str) -> str:
    """Remove Markdown syntax that is not prose: heading marks, images, link targets."""
    text = _MD_HEADING.sub(r"\1", text)
    text = _MD_IMAGE.sub("", text)
    return _MD_LINK.sub(r"\1", text)


def _parse_json(text: str, path: Path) -> tuple[dict[str, Any], str]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise IngestError(path, f"malformed JSON on line {exc.lineno}, column {exc.colno}: "
                          f"{exc.msg}") from None
    if isinstance(data, list):
        raise IngestError(path, "JSON list found; expected one object per file "
                          "(split the list into one .json file per article)")
    if not isinstance(data, dict):
        raise IngestError(path, f"expected a JSON object, got {type(data).__name__}")
    body = next((data[k] for k in BODY_KEYS if isinstance(data.get(k), str) and data[k].strip()),
                None)
    if body is None:
        raise IngestError(path, "JSON object has no text: expected a non-empty string under "
                          + ", ".join(repr(k) for k in BODY_KEYS))
    return _metadata(data, path, where="JSON", strict=False), body


def _parse_html(text: str, path: Path) -> tuple[dict[str, Any], str]:
    try:
        # Dates only from the page's metadata, never guessed from its text (htmldate's
        # "extensive search" would turn the first date in the article into its publication
        # date, and every relative date would then resolve against a guess).
        result = trafilatura.bare_extraction(
            text, with_metadata=True, include_comments=False, include_tables=False,
            date_extraction_params={"original_date": True, "extensive_search": False,
                                    "max_date": date.today().isoformat()})
    except Exception as exc:  # trafilatura raises assorted parser errors on broken markup
        raise IngestError(path, f"HTML could not be parsed ({exc.__class__.__name__})") from None
    body = getattr(result, "text", None) if result is not None else None
    if not body or not body.strip():
        raise IngestError(path, "no main text found in the HTML page")
    # trafilatura puts one block element per line: each line is a paragraph.
    body = "\n\n".join(line for line in body.splitlines() if line.strip())
    raw_meta = {
        "title": getattr(result, "title", None),
        "url": getattr(result, "url", None),
        "source": getattr(result, "sitename", None),
    }
    meta = _metadata({k: v for k, v in raw_meta.items() if v}, path, where="HTML", strict=False)
    published = _html_date(getattr(result, "date", None))
    if published:
        meta["published"] = published
    title = meta.get("title")
    first, _, rest = body.partition("\n\n")
    if title and first.strip().casefold() == title.strip().casefold() and rest.strip():
        body = rest  # the page's own <h1> repeats the title
    author = _clean(getattr(result, "author", None))
    if author and author.casefold() not in body.casefold():
        # trafilatura lifts the byline out of the text; keep it as the article printed it, so
        # that the people it credits are still found
        body = f"By {author}\n\n{body}"
    return meta, body


def _html_date(value: Any) -> date | None:
    try:
        return _as_date(value) if value else None
    except ValueError:
        return None


def _parse_sidecar(data: bytes, path: Path) -> dict[str, Any]:
    try:
        table = tomllib.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise IngestError(path, "sidecar metadata is not UTF-8") from None
    except tomllib.TOMLDecodeError as exc:
        raise IngestError(path, f"malformed sidecar metadata: {exc}") from None
    return _metadata(table, path, where="sidecar", strict=True)


# ----------------------------------------------------------------------------------------------
# Metadata validation


def _metadata(data: Mapping[str, Any], path: Path, *, where: str, strict: bool) -> dict[str, Any]:
    """Validate the known metadata keys of ``data``; unknown keys are errors when ``strict``."""
    out: dict[str, Any] = {}
    for key, value in data.items():
        if key not in METADATA_KEYS:
            if strict:
                raise IngestError(path, f"{where}: unknown key {key!r}; allowed: "
                                  + ", ".join(METADATA_KEYS))
            continue
        if value is None:
            continue
        if key == "published":
            try:
                out[key] = _as_date(value)
            except ValueError:
                raise IngestError(path, f"{where}: published = {value!r}: not an ISO date "
                                  "(YYYY-MM-DD) or date-time") from None
        elif key == "published_is_estimate":
            if not isinstance(value, bool):
                raise IngestError(path, f"{where}: published_is_estimate = {value!r}: "
                                  "expected true or false")
            out[key] = value
        else:
            if not isinstance(value, (str, int, float)) or isinstance(value, bool):
                raise IngestError(path, f"{where}: {key} = {value!r}: expected text")
            out[key] = str(value)
    return out


def _as_date(value: Any) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        text = value.strip()
        try:
            return date.fromisoformat(text)
        except ValueError:
            return datetime.fromisoformat(text.replace("Z", "+00:00")).date()
    raise ValueError(value)


def _clean(value: Any) -> str | None:
    if value is None:
        return None
    text = " ".join(str(value).split())
    return text or None


# ----------------------------------------------------------------------------------------------
# Normalisation


def normalise_text(text: str) -> str:
    """NFC, ``\\n`` line endings, single spaces, no trailing spaces, paragraphs split by exactly
    ``"\\n\\n"``, no leading/trailing blank lines. Quotes and words are left untouched."""
    text = unicodedata.normalize("NFC", text).translate(_ZERO_WIDTH)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n").replace("\v", "\n")
    text = text.replace("\u2028", "\n").replace("\u2029", "\n\n")
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    text = _BLANK_RUN.sub("\n\n", "\n".join(lines)).strip("\n")
    return "\n\n".join(separate_glued_sentences(p) for p in text.split("\n\n"))


def separate_glued_sentences(paragraph: str) -> str:
    """Put back the space that scraped text lost between two sentences ("in the cave.Rescuers
    ...", "they said."We will ..."). A straight quote right after the full stop is an opening
    quote when the quotes before it in the paragraph are balanced (the space goes before it),
    else a closing one (the space goes after it). Not inside URLs."""
    out: list[str] = []
    last = 0
    for m in _GLUED.finditer(paragraph):
        if _URL_TAIL.search(paragraph[:m.end()].rsplit(None, 1)[-1]):
            continue
        cut = m.end()
        if paragraph[cut] == '"' and paragraph.count('"', 0, cut) % 2 == 1:
            cut += 1  # a closing straight quote stays with its sentence
        out.append(paragraph[last:cut])
        out.append(" ")
        last = cut
    out.append(paragraph[last:])
    return "".join(out)


def strip_date_header(body: str) -> tuple[date | None, str]:
    """Take a leading ``date YYYY-MM-DD`` header line off a normalised body: (its date, the
    rest). An impossible date leaves the body as it is."""
    m = _DATE_HEADER.match(body)
    if not m:
        return None, body
    try:
        found = date.fromisoformat(m.group(1))
    except ValueError:
        return None, body
    rest = body[m.end():].lstrip()
    return (found, rest) if rest else (None, body)


#: A text of one paragraph per line (no blank lines) has at least this many lines, ...
_LINE_PARAGRAPHS_MIN = 3
#: ... most of them (this share) ending a sentence: its first line may be the headline.
_LINE_PARAGRAPHS_SHARE = 0.6


def _one_paragraph_per_line(body: str, *, headline: bool = True) -> bool:
    """A body without blank lines whose lines (after the first, which may be a headline)
    mostly end a sentence, and where no line runs on into the next (a line not ending a
    sentence followed by one that opens in lower case or with a digit): each line is a
    paragraph, not hard-wrapped text."""
    every = [line.strip() for line in body.split("\n") if line.strip()]
    lines = every[1:] if headline else every
    if "\n\n" in body or len(every) < _LINE_PARAGRAPHS_MIN:
        return False
    if any(not _SENTENCE_END.search(a) and (b[:1].islower() or b[:1].isdigit())
           for a, b in zip(every, every[1:])):
        return False  # "... who became | the face of the town": a wrapped sentence
    ended = sum(bool(_SENTENCE_END.search(line)) for line in lines)
    return ended >= _LINE_PARAGRAPHS_SHARE * len(lines)


def _split_headline(body: str, title: str | None) -> tuple[str | None, str]:
    """Apply the headline rule to a normalised body; returns (title, body). In a text of one
    paragraph per line, the first line is its paragraph."""
    first, sep, rest = body.partition("\n\n")
    if _one_paragraph_per_line(body):
        first, sep, rest = body.partition("\n")
    if not sep or not is_headline(first):
        return title, body
    if title is None:
        return first, rest
    if first.casefold() == title.casefold():
        return title, rest
    return title, body


#: A line that is only an advertisement marker ("Advertisement", "Skip Advertisement",
#: "Story continues below advertisement", "Advertisement - scroll to continue").
_AD_LINE = re.compile(
    r"^\s*(?:(?:skip\s+)?advertisement(?:\s*[-–—:]\s*(?:scroll|continue)[^\n]*)?"
    r"|story\s+continues\s+below(?:\s+(?:this\s+)?advertisement)?"
    r"|continue\s+reading\s+(?:below|the\s+main\s+story))\s*$", re.IGNORECASE)
#: The same marker glued to the start of the next sentence ("Advertisement The state will").
_AD_LEAD = re.compile(r"^\s*(?i:advertisement)\s+(?=[A-Z“‘\"])")


#: A line that is only a site's navigation or call to action ("About Us", "Make a Donation",
#: "Skip to main content", "Sign in"): whole lines only, so no sentence is ever touched.
_NAV_LINE = re.compile(
    r"^\s*(?:about(?:\s+us)?|contact(?:\s+us)?|home|menu|search|share(?:\s+this(?:\s+"
    r"(?:article|story|page))?)?|print|e-?mail|donate(?:\s+now)?|make\s+a\s+donation|"
    r"support\s+us|subscribe(?:\s+now)?|sign\s+(?:in|up)|log\s*in|register|newsletters?|"
    r"follow\s+us|privacy\s+policy|terms\s+of\s+(?:use|service)|advertise(?:\s+with\s+us)?|"
    r"skip\s+to\s+(?:main\s+)?content|become\s+a\s+member|read\s+more|"
    r"(?:or\s+)?(?:log|sign)\s+in\s+with|continue\s+with)\s*$",
    re.IGNORECASE)
#: A newsletter or subscription pitch on a line of its own ("Sign up for The Wire, our
#: daily newsletter that ...", "Subscribe to our morning email").
_PROMO_LINE = re.compile(
    r"^\s*(?:sign\s+up|subscribe|get|register)\b[^\n]{0,40}?\b(?:for|to)\b[^\n]*"
    r"\b(?:newsletters?|e-?mails?|inbox|briefings?|alerts)\b", re.IGNORECASE)
#: A menu bar or tagline: three or more short items split by one kind of separator
#: ("Local • Independent • Nonprofit", "News | Sport | Weather"); never a line with a digit
#: (a table row: "Harbour Party | 12 | 31%").
_MENU_SEPARATORS = ("•", "|", "·")
_MENU_ITEM_WORDS = 4


#: A site's name as its address ("DAILY.VL", "news.example.com").
_SITE = r"[A-Za-z0-9-]+\.[A-Za-z]{2,}(?:\.[A-Za-z]{2,})?"
_SITE_WORD = re.compile(rf"^{_SITE}$")
#: A masthead or section path is this short ("DAILY.VL / Politics").
_MASTHEAD_WORDS = 4
#: An agency's credit on a line of its own ("By Wirecast:"); one word, as a person's byline
#: names them (and is kept).
_AGENCY_CREDIT = re.compile(r"\s*By [A-Z][\w.&'-]{0,30}:\s*")


def _is_chrome(line: str) -> bool:
    """Whether a whole line is page chrome: navigation, a newsletter pitch, an advertisement
    marker, a menu bar, a masthead naming the site by its address, or an agency's credit."""
    if (_NAV_LINE.match(line) or _PROMO_LINE.match(line) or _AD_LINE.match(line)
            or _AGENCY_CREDIT.fullmatch(line)):
        return True
    words = line.split()
    if 0 < len(words) <= _MASTHEAD_WORDS and any(_SITE_WORD.match(w) for w in words) \
            and not _SENTENCE_END.search(line.strip()):
        return True
    if any(ch.isdigit() for ch in line):
        return False
    for sep in _MENU_SEPARATORS:
        items = [item.strip() for item in line.split(sep)]
        if len(items) >= 3 and all(0 < len(item.split()) <= _MENU_ITEM_WORDS for item in items) \
                and not _SENTENCE_END.search(line.strip()):
            return True
    return False


#: A line that only says when: "Wednesday, 6 March 2024", "12 March 2024 09:15", "March 6,
#: 2024 | Updated 10:02 GMT" (weekdays, months, numbers, times and a few words around them).
_DATE_LINE_WORD = re.compile(
    r"^(?:(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?|jan(?:uary)?|"
    r"feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|"
    r"oct(?:ober)?|nov(?:ember)?|dec(?:ember)?|\d{1,4}(?:st|nd|rd|th)?|\d{1,2}[:.]\d{2}|"
    r"am|pm|a\.m|p\.m|gmt|utc|bst|cet|et|est|edt|pt|pst|pdt|updated|published|posted|"
    r"last|on|at|ago|years?|months?|weeks?|days?|hours?|minutes?|mins?|[|/·•-]|"
    rf"{_SITE})$", re.IGNORECASE)


def _date_line(line: str) -> bool:
    """A line that is only a date (and time, age or site): page furniture, never a
    headline ("March 3, 2031 / 7:10 PM / 4 years ago", "28 May 2031 [14:49] - SITE.XX")."""
    words = [w.strip(",.[]()") for w in line.split()]
    words = [w for w in words if w]
    return (bool(words) and all(_DATE_LINE_WORD.match(w) for w in words)
            and any(ch.isdigit() for ch in line))


def _section_label(line: str) -> bool:
    """A single word on a line of its own ("Business", "Opinion"): a section label."""
    words = line.split()
    return len(words) == 1 and not _SENTENCE_END.search(line.strip())


def drop_page_chrome(body: str) -> str:
    """Drop lines of page chrome (:func:`_is_chrome`) scraped with the text, wherever they
    stand, and, above the first line of text, section labels and date lines; a body that
    would be left empty is returned as it is."""
    lines = _without_leading_labels([line for line in body.split("\n") if not _is_chrome(line)])
    kept = _BLANK_RUN.sub("\n\n", "\n".join(lines)).strip("\n")
    return kept if kept.strip() else body


def _without_leading_labels(lines: list[str]) -> list[str]:
    """``lines`` without the blank lines and section labels above the first line of text,
    nor the date lines above its first sentence (under a masthead or headline too)."""
    while lines and (not lines[0].strip() or _section_label(lines[0]) or _date_line(lines[0])):
        lines = lines[1:]
    first_sentence = next((n for n, line in enumerate(lines)
                           if _SENTENCE_END.search(line.rstrip())), len(lines))
    return [line for n, line in enumerate(lines)
            if n >= first_sentence or not _date_line(line)]


def drop_furniture_lines(body: str, title: str | None) -> str:
    """Drop page furniture scraped with the text: the headline repeated as the first line of
    the body, a date line or section label under the headline, photo-credit lines ("© Agency
    Images") and an advertisement marker glued to the start of the next sentence (one on a
    line of its own is page chrome: :func:`drop_page_chrome`). A body that would be left
    empty is returned as it is."""
    lines = body.split("\n")
    if title and lines and lines[0].strip().casefold() == title.strip().casefold():
        lines = lines[1:]
    lines = [_AD_LEAD.sub("", line) for line in _without_leading_labels(lines)
             if not line.lstrip().startswith("©")]
    kept = _BLANK_RUN.sub("\n\n", "\n".join(lines)).strip("\n")
    return kept if kept.strip() else body


def is_headline(paragraph: str) -> bool:
    """A single short line that does not end like a sentence."""
    return (
        "\n" not in paragraph
        and 0 < len(paragraph) <= HEADLINE_MAX_CHARS
        and len(paragraph.split()) <= HEADLINE_MAX_WORDS
        and not _SENTENCE_END.search(paragraph)
        and not _TEASER_CUT.search(paragraph)
    )


def drop_teasers(body: str) -> str:
    """Drop every paragraph cut off with an ellipsis marker that repeats the next paragraph's
    opening (a teaser or summary line in front of the full text)."""
    paragraphs = body.split("\n\n")
    kept = [
        p for i, p in enumerate(paragraphs)
        if not (i + 1 < len(paragraphs) and _is_teaser_of(p, paragraphs[i + 1]))
    ]
    return "\n\n".join(kept)


def _is_teaser_of(paragraph: str, following: str) -> bool:
    cut = _TEASER_CUT.search(paragraph)
    if not cut:
        return False
    stem = " ".join(paragraph[: cut.start()].split())
    return len(stem) >= 20 and " ".join(following.split()).startswith(stem)


def load_curated_people(settings: Settings) -> Any:
    """The curated people file named by the settings (missing file -> empty curation)."""
    return load_curated(Path(settings.curated_people))

