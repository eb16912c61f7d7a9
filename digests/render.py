"""Render briefings and profiles through Jinja2 templates, for four outputs.

* ``Renderer.text`` (terminals), ``.markdown`` (files), ``.html`` (a standalone, autoescaped
  page), ``.discord_pages`` (Markdown messages of at most 2,000 characters, each labelled
  "2/3") and ``.discord_embeds`` (embed dicts within Discord's embed limits). Discord's limits
  and its way of counting (UTF-16 code units: an emoji counts 2) come from
  :mod:`digests.discord_limits`.
* Templates are looked up by name, ``<kind>.<format>.j2`` where kind is ``briefing`` or
  ``profile`` and format is ``txt``, ``md``, ``html``, ``discord`` or ``embed``. A configured
  template folder overrides any shipped template by name; when one is configured every template
  runs in Jinja2's :class:`~jinja2.sandbox.SandboxedEnvironment`. All environments use
  :class:`~jinja2.StrictUndefined`. Any template problem raises :class:`TemplateError` naming
  the template, the line and the cause.
* Document text is escaped for its output by filters: ``md`` (Markdown and Discord: control
  characters, Markdown punctuation, mentions, with a zero-width space after every ``@``),
  ``plain`` (terminals: control characters and escape sequences removed) and HTML autoescaping.

Discord splitting works on the rendered Markdown: blank lines separate items, lines starting with
``#`` open sections. Pages break before sections or between items; an item longer than a page
breaks between lines, then between words outside links and Markdown spans.
"""
from __future__ import annotations

import re
import traceback
from collections.abc import Iterable
from datetime import date, datetime, timezone
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import jinja2
from markupsafe import Markup
from jinja2.sandbox import SandboxedEnvironment

from .briefing import Briefing, Profile
from .discord_limits import DISCORD_LIMITS, discord_len, embed_problems, embed_size

__all__ = [
    "DISCORD_LIMITS",
    "RenderError",
    "Renderer",
    "TemplateError",
    "discord_len",
    "escape_markdown",
    "format_date",
    "format_period",
    "plain",
    "split_message",
]

SHIPPED = Path(__file__).parent / "templates"


MONTHS = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
)
DATE_STYLES = ("dmy", "mdy", "iso")
ZWSP = "\u200b"


class RenderError(ValueError):
    """A briefing could not be rendered (bad settings or an unknown object)."""


class TemplateError(RenderError):
    """A template is missing, malformed, unsafe or failed while rendering."""

    def __init__(self, template: str, line: int | None, cause: str) -> None:
        self.template, self.line, self.cause = template, line, cause
        where = f"{template}, line {line}" if line else template
        super().__init__(f"template {where}: {cause}")


# ----------------------------------------------------------------------------------------------
# Escaping filters


_CONTROL = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_MD_SPECIAL = re.compile(r"([\\`*_~|<>\[\]#&])")  # with [ ] escaped, ( ) ! form no link
_AT = re.compile(r"@(?!\u200b)")


def plain(value: object) -> str:
    """One line of document text for a terminal: escape sequences, control and bidi-override
    characters removed, whitespace collapsed."""
    text = str.__str__(value) if isinstance(value, str) else str(value)  # Markup -> plain str
    return " ".join(_CONTROL.sub(" ", text).split())


def escape_markdown(value: object) -> str:
    """Document text made inert for Markdown and Discord: one line, Markdown punctuation
    backslash-escaped (so no emphasis, link, spoiler, heading or quote can start inside it), and
    a zero-width space after every ``@`` (so ``@everyone``, ``<@123>``, ``<@&123>`` cannot
    ping; ``<#123>`` loses its ``<``)."""
    text = _MD_SPECIAL.sub(r"\\\1", plain(value))
    return _AT.sub("@" + ZWSP, text)


def clip(value: object, limit: int = 300) -> str:
    """Shorten ``value`` to at most ``limit`` characters at a word boundary, adding "…"."""
    text = str(value)
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:- ")
    return (cut or text[: limit - 1]) + "…"


def format_date(value: str | date | None, style: str = "dmy") -> str:
    """A stored date as what is known: ``2020-06-16`` -> "16 June 2020", ``--06-16`` -> "16 June",
    ``2020-06`` -> "June 2020", ``2020`` -> "2020"; ``None`` -> "undated". ``style`` is ``dmy``,
    ``mdy`` ("June 16, 2020") or ``iso``."""
    if value is None or value == "":
        return "undated"
    if isinstance(value, date):
        value = value.isoformat()[:10]
    m = re.fullmatch(r"(\d{4}|-)-?(\d{2})?(?:-(\d{2}))?", value)
    if not m:
        return plain(value)
    year = None if m.group(1) == "-" else m.group(1)
    month = int(m.group(2)) if m.group(2) else None
    day = int(m.group(3)) if m.group(3) else None
    if style == "iso" or month is None or not 1 <= month <= 12:
        return value
    name = MONTHS[month - 1]
    if day is None:
        return f"{name} {year}" if year else name
    if style == "mdy":
        return f"{name} {day}, {year}" if year else f"{name} {day}"
    return f"{day} {name} {year}" if year else f"{day} {name}"


def format_period(period: tuple[date | None, date | None] | None, style: str = "dmy") -> str:
    """The days a briefing's news covers, shortest form: "16 June 2020", "13–30 June 2020",
    "31 May – 1 July 2020", "30 December 2019 – 2 January 2020" (``mdy``: "May 31 – July 1,
    2020"; ``iso``: "2020-05-31 – 2020-07-01"); "" when unknown."""
    first, last = period or (None, None)
    first, last = first or last, last or first
    if first is None or last is None:
        return ""
    if first == last:
        return format_date(first, style)
    if style == "iso":
        return f"{first.isoformat()} – {last.isoformat()}"
    if first.year != last.year:
        return f"{format_date(first, style)} – {format_date(last, style)}"
    if style == "mdy":
        if first.month == last.month:
            return f"{MONTHS[first.month - 1]} {first.day}–{last.day}, {last.year}"
        return f"{MONTHS[first.month - 1]} {first.day} – {MONTHS[last.month - 1]} {last.day}, {last.year}"
    if first.month == last.month:
        return f"{first.day}–{last.day} {MONTHS[last.month - 1]} {last.year}"
    return f"{first.day} {MONTHS[first.month - 1]} – {format_date(last, style)}"


# ----------------------------------------------------------------------------------------------
# Discord splitting


_PROTECTED = re.compile(
    r"\[(?:\\.|[^\]\\])*\]\([^)\s]*\)"  # masked link
    r"|<https?://[^>\s]+>|https?://\S+"  # links
    r"|(?<!\\)\*\*(?:\\.|[^*\\])+?\*\*|(?<!\\)__(?:\\.|[^_\\])+?__"  # bold, underline
    r"|(?<!\\)\*(?:\\.|[^*\\])+?\*|(?<!\\)_(?:\\.|[^_\\])+?_"  # italics
    r"|(?<!\\)~~(?:\\.|[^~\\])+?~~|(?<!\\)\|\|(?:\\.|[^|\\])+?\|\||(?<!\\)`[^`]+`"
)


def _safe_breaks(line: str) -> list[int]:
    """Positions of spaces in ``line`` that are outside links and Markdown spans."""
    inside = bytearray(len(line))
    for m in _PROTECTED.finditer(line):
        inside[m.start() : m.end()] = b"\x01" * (m.end() - m.start())
    return [i for i, ch in enumerate(line) if ch == " " and not inside[i]]


def _fitting(text: str, limit: int) -> int:
    """How many leading characters of ``text`` fit in ``limit`` UTF-16 code units."""
    used = 0
    for i, ch in enumerate(text):
        used += 2 if ord(ch) > 0xFFFF else 1
        if used > limit:
            return i
    return len(text)


def _split_line(line: str, limit: int) -> list[str]:
    """Break one over-long line at safe spaces; a single unbreakable run is cut hard (the only
    case where a span may be split, e.g. a 2,000-character word). Lengths are Discord's
    (:func:`~digests.discord_limits.discord_len`, UTF-16 code units)."""
    out: list[str] = []
    while discord_len(line) > limit:
        fit = _fitting(line, limit)
        breaks = [i for i in _safe_breaks(line) if 0 < i <= fit]
        cut = breaks[-1] if breaks else max(fit, 1)
        out.append(line[:cut].rstrip())
        line = line[cut:].lstrip()
    if line:
        out.append(line)
    return out


def _blocks(text: str) -> list[str]:
    """Items of a rendered page: runs of lines separated by blank lines."""
    return [b.strip("\n") for b in re.split(r"\n[ \t]*\n", text.strip()) if b.strip()]


def _units(text: str) -> list[str]:
    """Blocks with every heading joined to the block that follows it (no orphan headings)."""
    units: list[str] = []
    pending: list[str] = []
    for block in _blocks(text):
        pending.append(block)
        if not block.startswith("#"):
            units.append("\n\n".join(pending))
            pending = []
    if pending:
        units.append("\n\n".join(pending))
    return units


def _fit(block: str, limit: int) -> list[str]:
    """``block`` as pieces of at most ``limit`` UTF-16 code units (Discord's count), broken
    between lines, then words."""
    if discord_len(block) <= limit:
        return [block]
    pieces: list[str] = []
    current = ""
    for line in block.split("\n"):
        for part in _split_line(line, limit):
            if current and discord_len(current) + 1 + discord_len(part) > limit:
                pieces.append(current)
                current = part
            else:
                current = f"{current}\n{part}" if current else part
    if current:
        pieces.append(current)
    return pieces


def split_message(text: str, limit: int = DISCORD_LIMITS["message"], *, label: bool = True) -> list[str]:
    """Split rendered Discord Markdown into messages of at most ``limit`` characters as Discord
    counts them (UTF-16 code units: an emoji counts 2) at section or item boundaries, each ending
    with its place ("-# 2/3") when there is more than one."""
    budget = limit - (len("\n-# 999/999") if label else 0)
    pages: list[list[str]] = [[]]
    size = 0
    for unit in _units(text):
        for piece in _fit(unit, budget):
            added = discord_len(piece) + (2 if pages[-1] else 0)
            if pages[-1] and size + added > budget:
                pages.append([])
                added = discord_len(piece)
                size = 0
            pages[-1].append(piece)
            size += added
    texts = ["\n\n".join(p) for p in pages if p]
    if label and len(texts) > 1:
        texts = [f"{t}\n-# {i}/{len(texts)}" for i, t in enumerate(texts, 1)]
    return texts or [""]


def _embed_size(embed: dict) -> int:
    """The embed's size towards Discord's 6,000 total, in UTF-16 code units."""
    return embed_size(embed)


def build_embeds(text: str, *, colour: int = 0x2B6CB0) -> list[dict]:
    """Turn rendered embed Markdown (``# Title`` opens an embed, ``## Name`` a field) into embed
    dicts within Discord's limits; every embed's footer says where it belongs ("2/3")."""
    L = DISCORD_LIMITS
    sections: list[tuple[str, list[str]]] = []
    for block in _blocks(text):
        if block.startswith("# "):
            title, _, rest = block.partition("\n")
            sections.append((_AT.sub("@" + ZWSP, plain(title[2:])), [rest] if rest.strip() else []))
        elif sections:
            sections[-1][1].append(block)
        else:
            sections.append(("", [block]))
    budget = L["embed_total"] - L["title"] - 20
    embeds: list[dict] = []
    for title, blocks in sections:
        title = _clip_plain(title, L["title"] - len(" (cont.)"))
        descriptions = split_message("\n\n".join(blocks), min(L["description"], budget), label=False)
        for i, description in enumerate(d for d in descriptions if d):
            embeds.append({
                "title": title if i == 0 else f"{title} (cont.)",
                "description": description,
                "color": colour,
            })
    if not embeds:
        embeds = [{"title": "Briefing", "description": "Nothing to show.", "color": colour}]
    for i, embed in enumerate(embeds, 1):
        embed["footer"] = {"text": f"{i}/{len(embeds)}"}
        size = _embed_size(embed)
        if size > L["embed_total"]:  # a real check: ``assert`` vanishes under python -O
            raise RenderError(f"embed {i}/{len(embeds)} ({embed['title']!r}) is {size} "
                              f"characters, over Discord's {L['embed_total']} limit")
        problems = embed_problems(embed)  # the same check the Discord adapter makes
        if problems:
            raise RenderError(f"embed {i}/{len(embeds)} ({embed['title']!r}): {'; '.join(problems)}")
    return embeds


def _clip_plain(text: str, limit: int) -> str:
    """``text`` clipped (as :func:`clip`) to at most ``limit`` UTF-16 code units."""
    if not text:
        return text
    size = limit
    out = clip(text, size)
    while discord_len(out) > limit and size > 1:
        size -= discord_len(out) - limit
        out = clip(text, max(size, 1))
    return out


# ----------------------------------------------------------------------------------------------
# The renderer


_SANDBOX_DENY = ("import", "open", "eval", "exec")


class Renderer:
    """Render :class:`~digests.briefing.Briefing` and :class:`~digests.briefing.Profile` objects.

    ``template_dir`` overrides shipped templates by name (sandboxed); ``timezone`` (IANA name)
    is used for times such as "generated at"; ``date_style`` is ``dmy``, ``mdy`` or ``iso``."""

    def __init__(self, template_dir: str | Path | None = None, timezone: str = "UTC", date_style: str = "dmy") -> None:
        try:
            self.tz = ZoneInfo(timezone)
        except (ZoneInfoNotFoundError, ValueError):
            raise RenderError(f"unknown timezone {timezone!r}; use an IANA name such as Europe/Paris") from None
        if date_style not in DATE_STYLES:
            raise RenderError(f"unknown date style {date_style!r}; use one of {', '.join(DATE_STYLES)}")
        self.date_style = date_style
        self.template_dir = Path(template_dir) if template_dir else None
        if self.template_dir is not None and not self.template_dir.is_dir():
            raise RenderError(f"template folder {str(self.template_dir)!r} does not exist")
        self.env = self._environment()

    def _environment(self) -> jinja2.Environment:
        loaders: list[jinja2.BaseLoader] = [jinja2.FileSystemLoader(str(SHIPPED))]
        cls: type[jinja2.Environment] = jinja2.Environment
        if self.template_dir is not None:
            loaders.insert(0, jinja2.FileSystemLoader(str(self.template_dir)))
            cls = SandboxedEnvironment
        env = cls(
            loader=jinja2.ChoiceLoader(loaders),
            undefined=jinja2.StrictUndefined,
            autoescape=jinja2.select_autoescape(enabled_extensions=("html", "html.j2"), default=False),
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
        )
        env.filters.update(
            md=escape_markdown,
            plain=plain,
            clip=clip,
            date=self._date,
            when=self._when,
            refs=_refs,
            url=safe_url,
            day=self._day,
            period=self._period,
        )
        env.globals.update(leaning_label=_leaning_label)
        return env

    # -- filters that depend on settings ------------------------------------------------------

    def _date(self, value: str | date | None) -> str:
        return format_date(value, self.date_style)

    def _period(self, value: tuple[date | None, date | None]) -> str:
        return format_period(value, self.date_style)

    def _day(self, value: datetime) -> str:
        """The calendar day of ``value`` in the configured timezone."""
        local = (value if value.tzinfo else value.replace(tzinfo=timezone.utc)).astimezone(self.tz)
        return format_date(local.date(), self.date_style)

    def _when(self, value: datetime | date | None) -> str:
        """A moment in the configured timezone ("22 November 2026, 07:15 CET")."""
        if value is None:
            return "the beginning"
        if not isinstance(value, datetime):
            return format_date(value, self.date_style)
        local = (value if value.tzinfo else value.replace(tzinfo=timezone.utc)).astimezone(self.tz)
        return f"{format_date(local.date(), self.date_style)}, {local:%H:%M} {local.tzname()}"

    # -- outputs ------------------------------------------------------------------------------

    def render(self, obj: Briefing | Profile, fmt: str) -> str:
        """Render ``obj`` with the template ``<kind>.<fmt>.j2``."""
        if isinstance(obj, Briefing):
            name, context = f"briefing.{fmt}.j2", {"briefing": obj}
        elif isinstance(obj, Profile):
            name, context = f"profile.{fmt}.j2", {"profile": obj}
        else:
            raise RenderError(f"cannot render a {type(obj).__name__}; expected a Briefing or Profile")
        return self._render(name, context)

    def _render(self, name: str, context: dict) -> str:
        try:
            template = self.env.get_template(name)
            return template.render(context)
        except jinja2.TemplateNotFound as exc:
            raise TemplateError(exc.name or name, None, "template not found") from None
        except jinja2.TemplateSyntaxError as exc:
            raise TemplateError(exc.name or name, exc.lineno, f"syntax error: {exc.message}") from None
        except jinja2.exceptions.SecurityError as exc:
            raise TemplateError(*_where(exc, name), f"unsafe operation refused: {exc}") from None
        except jinja2.UndefinedError as exc:
            raise TemplateError(*_where(exc, name), f"undefined: {exc.message}") from None
        except (TypeError, ValueError, AttributeError, LookupError, ArithmeticError) as exc:
            raise TemplateError(*_where(exc, name), f"{type(exc).__name__}: {exc}") from None

    def text(self, obj: Briefing | Profile) -> str:
        return self.render(obj, "txt")

    def markdown(self, obj: Briefing | Profile) -> str:
        return self.render(obj, "md")

    def html(self, obj: Briefing | Profile) -> str:
        return self.render(obj, "html")

    def discord_pages(self, obj: Briefing | Profile) -> list[str]:
        """Discord messages of at most 2,000 characters (UTF-16 code units, as Discord counts),
        split at section or item boundaries."""
        return split_message(self.render(obj, "discord"))

    def discord_embeds(self, obj: Briefing | Profile) -> list[dict]:
        """Embed dicts (``discord.Embed.from_dict`` accepts them), each within Discord's embed
        limits as Discord counts (UTF-16 code units); send one per message."""
        return build_embeds(self.render(obj, "embed"))


def _where(exc: BaseException, fallback: str) -> tuple[str, int | None]:
    """The template and line where ``exc`` was raised (Jinja rewrites tracebacks so that template
    frames carry the template file and line)."""
    found: tuple[str, int | None] = (fallback, None)
    for frame in traceback.extract_tb(exc.__traceback__):
        if frame.filename.endswith(".j2"):
            found = (Path(frame.filename).name, frame.lineno)
    return found


def _refs(numbers: Iterable[int], style: str = "text") -> str:
    """Citations: "[1][3]" and "+N more" when an item has more sources than it cites by number;
    with ``style="html"`` links to the numbered sources."""
    more = int(getattr(numbers, "more", 0))
    numbers = [int(n) for n in numbers]
    tail = f" +{more} more" if more else ""
    if style == "html":
        links = "".join(f'<a class="ref" href="#src-{n}">[{n}]</a>' for n in numbers)
        return Markup(links + (f'<span class="ref">{tail}</span>' if more else ""))
    return "".join(f"[{n}]" for n in numbers) + tail


_URL = re.compile(r"https?://[^\s<>\"'`\\]+", re.IGNORECASE)


def safe_url(value: object) -> str:
    """``value`` if it is a plain http(s) URL (no spaces, quotes or angle brackets), else ""."""
    text = str(value or "").strip()
    return text if _URL.fullmatch(text) and len(text) <= 2000 else ""


def _leaning_label(leaning: str) -> str:
    return {"for": "For", "against": "Against", "unsure": "Unsure"}.get(leaning, leaning.title())
