"""The ``briefbot`` command line.

Global options: ``--config PATH`` (else ``$BRIEFBOT_CONFIG``, else embedded defaults) and
``-v/--verbose`` (info output and tracebacks of unexpected errors; ``-vv`` debug).

Adding a subcommand takes two small edits: write ``cmd_<name>(args, settings) -> int``
(anywhere) and add ONE line to :data:`COMMANDS`, e.g.::

    Command("who", cmd_who, "look a person up", (arg("name", nargs="*"),)),

``run`` is the function itself or a lazy ``"module:function"`` reference: the Discord adapter
(``run``) and the console are referenced that way, so that starting the CLI never imports
Discord for commands that do not need it (spaCy is loaded only when a document is parsed).

The reader commands ``digest``, ``brief`` and ``who`` go through the chat command core
(:meth:`bot.commands.CommandCore.view`), with the same argument grammar as ``!digest``,
``!brief`` and ``!who`` (``briefbot brief "last week"`` is ``!brief last week``); the CLI only
adds the output format and file.

Errors are one clear line on stderr and a non-zero exit status, never a traceback: commands
raise :class:`CommandError` (or a known error type, :func:`known_errors`) for the user's
mistakes; anything unexpected prints a one-line message (with ``-v``: the traceback).
Exit status: 0 success, 1 something failed (e.g. some files could not be ingested), 2 usage or
configuration error, 130 interrupted.
"""
from __future__ import annotations

import argparse
import importlib
import json
import logging
import os
import sys
import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tqdm import tqdm

from bot.commands import CommandCore, UsageError
from bot.health import StatusContext, status_text
from bot.scheduling import utc_now
from digests.briefing import DateRangeError, UnknownName, iso_day
from digests.ingest import IngestError, ingest_paths
from digests.nlp import ModelError
from digests.pipeline import extract_paths
from digests.render import Renderer, RenderError
from digests.curated import CuratedError
from digests.settings import Settings, SettingsError, load_settings
from digests.store import Store, StoreError

log = logging.getLogger("briefbot")

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130

Handler = Callable[[argparse.Namespace, Settings], int]


class CommandError(Exception):
    """A user-facing failure of a command: printed as one line, exit status ``code``."""

    def __init__(self, message: str, code: int = EXIT_FAILED) -> None:
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class Arg:
    """One ``add_argument`` call: positional names/flags and keyword options."""

    flags: tuple[str, ...]
    options: dict[str, Any]


def arg(*flags: str, **options: Any) -> Arg:
    return Arg(flags, options)


@dataclass(frozen=True)
class Command:
    """A subcommand: its name, handler (callable or ``"module:function"``), help, arguments."""

    name: str
    run: Handler | str
    help: str
    args: tuple[Arg, ...] = ()

    def handler(self) -> Handler:
        if callable(self.run):
            return self.run
        module, _, func = self.run.partition(":")
        return getattr(importlib.import_module(module), func)


# ----------------------------------------------------------------------------------------------
# Commands


def cmd_ingest(args: argparse.Namespace, settings: Settings) -> int:
    """Read documents into the store; print one line per failed file and a summary."""
    paths = [Path(p) for p in args.paths] or [settings.seeds]
    with Store.from_settings(settings) as store:
        report = ingest_paths(paths, store=store, settings=settings, progress=_progress_bar,
                              on_wait=_say_waiting, full_resolve=args.full_resolve)
    for note in report.notes:
        print(note)
    for error in report.errors:
        print(f"error: {error}", file=sys.stderr)
    print(report.summary())
    return EXIT_FAILED if report.errors else EXIT_OK


def _say_waiting(message: str) -> None:
    print(f"briefbot ingest: {message}", file=sys.stderr, flush=True)


def cmd_backup(args: argparse.Namespace, settings: Settings) -> int:
    """Copy the live store to PATH (SQLite's online backup: consistent while others write)."""
    with Store.from_settings(settings) as store:
        written = store.backup(Path(args.path))
    print(f"backed up the store to {written}")
    return EXIT_OK


def _progress_bar(total: int) -> Any:
    return tqdm(total=total, unit="file", desc="ingest", leave=False,
                disable=not sys.stderr.isatty())


def cmd_docs(args: argparse.Namespace, settings: Settings) -> int:
    """List stored documents: id, publication date, words, title."""
    with Store.from_settings(settings) as store:
        records = store.documents()
    if not records:
        print("No documents stored yet; run `briefbot ingest` first.")
        return EXIT_OK
    width = max(len(r.id) for r in records)
    print(f"{'ID':<{width}}  {'PUBLISHED':<11}  {'WORDS':>6}  TITLE")
    for r in records:
        published = r.published.isoformat() if r.published else "-"
        if r.published and r.published_is_estimate:
            published += "~"
        print(f"{r.id:<{width}}  {published:<11}  {r.words:>6}  {r.title or '(untitled)'}")
    print(f"{len(records)} document(s); ~ marks an estimated publication date")
    return EXIT_OK


def cmd_extract(args: argparse.Namespace, settings: Settings) -> int:
    """Extract in memory (the store is not touched) and print ``briefing-extract/1`` JSON."""
    if not args.json:
        raise CommandError("extract prints JSON only; pass --json", EXIT_USAGE)
    out, errors = extract_paths([Path(p) for p in args.paths] or [settings.seeds],
                                settings=settings)
    print(json.dumps(out, ensure_ascii=False, indent=2))
    for error in errors:
        print(f"error: {error}", file=sys.stderr)
    return EXIT_FAILED if errors else EXIT_OK


def cmd_questions(args: argparse.Namespace, settings: Settings) -> int:
    """``questions [list]`` shows open questions with ids; ``resolve ID`` / ``reopen ID``."""
    with Store.from_settings(settings) as store:
        if args.action == "list":
            return _list_questions(store, show_all=args.all)
        if not args.id:
            raise CommandError(f"questions {args.action}: give the question ID "
                               "(see `briefbot questions list`)", EXIT_USAGE)
        status = "resolved" if args.action == "resolve" else "open"
        try:
            store.set_question_status(args.id, status)
        except KeyError:
            raise CommandError(f"no question with id {args.id!r} "
                               "(see `briefbot questions list --all`)") from None
    print(f"question {args.id} is now {status}")
    return EXIT_OK


def _list_questions(store: Any, *, show_all: bool) -> int:
    questions = store.questions(status=None if show_all else "open")
    if not questions:
        print("No questions." if show_all else "No open questions.")
    for q in questions:
        print(f"{q.id}  [{q.status}]  {q.text}  ({', '.join(q.docs)})")
    return EXIT_OK


def cmd_sources(args: argparse.Namespace, settings: Settings) -> int:
    """``sources add URL|PATH [--every 30m] [--name NAME]``, ``list``, ``remove ID``,
    ``poll [ID]`` (poll now, once; exit 1 when any source failed)."""
    from digests.sources import sync_config_sources
    from digests.store import Store

    with Store.from_settings(settings) as store:
        sync_config_sources(store, settings)
        if args.action == "add":
            return _add_source(store, args)
        if args.action == "list":
            return _list_sources(store)
        if args.action == "remove":
            if not args.target:
                raise CommandError("sources remove: give the source ID (see `briefbot sources "
                                   "list`)", EXIT_USAGE)
            if not store.remove_source(args.target):
                raise CommandError(f"no source with id {args.target!r} (see `briefbot sources "
                                   "list`)")
            print(f"removed source {args.target}; the articles it brought stay")
            return EXIT_OK
        return _poll_sources(store, settings, args.target)


def _add_source(store: Any, args: argparse.Namespace) -> int:
    from digests.sources import SourceError, new_source

    if not args.target:
        raise CommandError("sources add: give a feed or article URL, or a folder", EXIT_USAGE)
    try:
        source = new_source(args.target, taken={s.id for s in store.sources()},
                            every=args.every, name=args.name)
    except SourceError as exc:
        raise CommandError(str(exc), EXIT_USAGE) from None
    store.add_source(source)
    print(f"added source {source.id}: {source.label} ({source.kind}), polled every "
          f"{source.every_seconds // 60} min by `briefbot run`; poll it now with "
          f"`briefbot sources poll {source.id}`")
    return EXIT_OK


def _list_sources(store: Any) -> int:
    sources = store.sources()
    if not sources:
        print("No sources; add one with `briefbot sources add URL|PATH`.")
        return EXIT_OK
    for s in sources:
        when = f"{s.last_poll:%Y-%m-%d %H:%M} UTC" if s.last_poll else "never polled"
        print(f"{s.id}  every {s.every_seconds // 60} min  {s.label}\n"
              f"        {when}; {s.articles} article(s); {s.last_status or 'not polled yet'}")
    return EXIT_OK


def _poll_sources(store: Any, settings: Settings, source_id: str | None) -> int:
    from datetime import UTC, datetime

    from digests.sources import Fetcher, SourceError, poll_due

    with Fetcher(settings.fetch) as fetcher:
        try:
            reports = poll_due(store, settings=settings, fetcher=fetcher, now=datetime.now(UTC),
                               ids=[source_id] if source_id else None, force=True)
        except SourceError as exc:
            raise CommandError(str(exc)) from None
    if not reports:
        print("No sources; add one with `briefbot sources add URL|PATH`.")
    for report in reports:
        print("\n".join(report.lines()))
    failed = [r for r in reports if not r.ok]
    if failed:
        print(f"{len(failed)} of {len(reports)} source(s) failed", file=sys.stderr)
    return EXIT_FAILED if failed else EXIT_OK




def cmd_status(args: argparse.Namespace, settings: Settings) -> int:
    """The store, the schedules (next run, last outcome), the sources if any; a running bot
    answers ``!status`` with its uptime and gateway too."""
    port = settings.metrics.port
    metrics = f"http://127.0.0.1:{port}/metrics (served while a bot runs)" if port else None
    with Store.from_settings(settings) as store:
        print(status_text(StatusContext(store, settings, utc_now(), metrics_url=metrics)))
    return EXIT_OK


FORMATS = ("text", "markdown", "html", "discord")


def cmd_digest(args: argparse.Namespace, settings: Settings) -> int:
    """``!digest`` (the whole store; no poster here, so nothing was posted before), or with
    ``--since``/``--until`` the briefing of that publication window, as ``!brief SINCE..UNTIL``."""
    since, until = _iso_day("--since", args.since), _iso_day("--until", args.until)
    if since and until and since > until:
        raise CommandError(f"--since {since} is after --until {until}", EXIT_USAGE)
    if since or until:
        return _show(settings, args, "brief", f"{since or ''}..{until or ''}")
    return _show(settings, args, "digest", "")


def _iso_day(option: str, value: str | None) -> Any:
    """``value`` as a date: strictly ISO ``YYYY-MM-DD`` (no ranges, no "last 7 days")."""
    if value is None:
        return None
    try:
        return iso_day(value)
    except DateRangeError:
        raise CommandError(f"{option} {value!r}: expected a date as YYYY-MM-DD "
                           "(e.g. 2026-03-07)", EXIT_USAGE) from None


def cmd_brief(args: argparse.Namespace, settings: Settings) -> int:
    """``!brief [TOPIC | NAME | DATE RANGE]``: the same grammar as the chat command."""
    return _show(settings, args, "brief", " ".join(args.topic))


def cmd_who(args: argparse.Namespace, settings: Settings) -> int:
    """``!who NAME``: a person's profile (with "did you mean" suggestions for near misses)."""
    return _show(settings, args, "who", " ".join(args.name))


def _show(settings: Settings, args: argparse.Namespace, command: str, text: str) -> int:
    """Build what the reader ``command`` shows for ``text`` through the command core, render it
    in ``args.format``, print it or write ``args.output``."""
    try:
        renderer = Renderer(settings.template_dir, timezone=settings.timezone,
                            date_style=settings.date_style)
    except RenderError as exc:
        raise CommandError(str(exc)) from None
    with Store.from_settings(settings) as store:
        core = CommandCore(store, renderer, settings)
        try:
            obj = core.view(command, " ".join(text.split()))
        except UsageError as exc:
            raise CommandError(exc.reason or f"usage: briefbot {command} --help", EXIT_USAGE) from None
    try:
        text = _render(renderer, obj, args.format)
    except RenderError as exc:
        raise CommandError(str(exc)) from None
    if args.output is None:
        print(text.rstrip("\n"))
        return EXIT_OK
    try:
        Path(args.output).write_text(text, encoding="utf-8")
    except OSError as exc:
        raise CommandError(f"cannot write {args.output}: {exc.strerror or exc}") from None
    print(f"wrote {args.output}")
    return EXIT_OK


def _render(renderer: Renderer, obj: Any, format: str) -> str:
    if format == "discord":
        return "\n\n".join(renderer.discord_pages(obj)) + "\n"
    return {"text": renderer.text, "markdown": renderer.markdown, "html": renderer.html}[format](obj)


_FORMAT_ARGS = (arg("--format", choices=FORMATS, default="text", help="output format (default: text)"),
                arg("--output", metavar="FILE", help="write to FILE instead of printing"))


#: The subcommand table. Add yours with ONE line (see the module docstring).
COMMANDS: list[Command] = [
    Command("ingest", cmd_ingest, "read documents into the store (default: the seeds folder)",
            (arg("paths", nargs="*", metavar="PATH", help="files or folders"),
             arg("--full-resolve", action="store_true",
                 help="re-resolve people and questions across the whole store (default: only "
                      "what new documents reach, when few are new)"))),
    Command("docs", cmd_docs, "list stored documents"),
    Command("backup", cmd_backup, "copy the store to PATH, consistently, even while it is in use",
            (arg("path", metavar="PATH", help="the backup file to write"),)),
    Command("extract", cmd_extract, "print extraction JSON without touching the store",
            (arg("paths", nargs="*", metavar="PATH", help="files or folders"),
             arg("--json", action="store_true", help="print briefing-extract/1 JSON"))),
    Command("questions", cmd_questions, "list open questions, or mark one resolved / open",
            (arg("action", nargs="?", default="list", choices=("list", "resolve", "reopen")),
             arg("id", nargs="?", metavar="ID", help="question id (resolve/reopen)"),
             arg("--all", action="store_true", help="list resolved questions too"))),
    Command("sources", cmd_sources, "news sources: add URL|PATH, list, remove ID, poll [ID]",
            (arg("action", choices=("add", "list", "remove", "poll"), metavar="ACTION",
                 help="add, list, remove or poll"),
             arg("target", nargs="?", metavar="URL|PATH|ID",
                 help="add: a feed/article URL or a folder; remove/poll: a source id"),
             arg("--every", metavar="INTERVAL", help="add: how often to poll (default 30m)"),
             arg("--name", metavar="NAME", help="add: a label for the source"))),
    Command("status", cmd_status, "the store, schedules, sources and metrics at a glance"),
    Command("run", "bot.discord_app:cmd_run", "connect to Discord (token from $DISCORD_TOKEN)"),
    Command("console", "bot.console:cmd_console", "the bot's commands in a terminal / from stdin"),
    Command("digest", cmd_digest, "the briefing of the store (optionally for a publication window)",
            (arg("--since", metavar="YYYY-MM-DD",
                 help="first publication day, inclusive (an ISO date, e.g. 2026-03-01)"),
             arg("--until", metavar="YYYY-MM-DD",
                 help="last publication day, inclusive (an ISO date, e.g. 2026-03-07)"),
             *_FORMAT_ARGS)),
    Command("brief", cmd_brief, "a briefing: the whole store, a topic, a person or a date range "
            "(as !brief: 'last week', 'since 2026-03-01', '2026-03-01..2026-03-07')",
            (arg("topic", nargs="*", metavar="TOPIC|NAME|DATES"), *_FORMAT_ARGS)),
    Command("who", cmd_who, "a person's profile", (arg("name", nargs="+", metavar="NAME"), *_FORMAT_ARGS)),
    Command("evaluate", "digests.evaluate:cmd_evaluate", "score the extraction against gold annotations",
            (arg("--gold", required=True, metavar="DIR", help="folder of gold *.json files"),
             arg("paths", nargs="*", metavar="PATH", help="documents (default: DIR/docs, else the seeds)"),
             arg("--extract", metavar="FILE", help="score a saved `extract --json` output (- = stdin)"),
             arg("--misses", action="store_true", help="list every miss"),
             arg("--json", action="store_true", help="print the result as JSON"),
             arg("--require", action="append", default=[], metavar="METRIC=FLOOR",
                 help="exit 1 when METRIC is below FLOOR (repeatable)"),
             arg("--floors", action="store_true", help="require every project floor (issue #3)"))),
]


# ----------------------------------------------------------------------------------------------
# Entry point


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="briefbot", description="Briefings from a folder of news articles.")
    parser.add_argument("--config", metavar="PATH", type=Path,
                        help="TOML config file (default: $BRIEFBOT_CONFIG, else built-in defaults)")
    parser.add_argument("-v", "--verbose", action="count", default=0,
                        help="more output and tracebacks of unexpected errors; -vv: debug output")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for command in COMMANDS:
        p = sub.add_parser(command.name, help=command.help, description=command.help)
        for a in command.args:
            p.add_argument(*a.flags, **a.options)
        # also after the command ("briefbot ingest --config F"), as users write it
        p.add_argument("--config", metavar="PATH", type=Path, default=argparse.SUPPRESS,
                       help="TOML config file (as before the command)")
        p.set_defaults(_command=command)
    return parser


def known_errors() -> tuple[type[BaseException], ...]:
    """Error types whose message is already a clear one-liner for the user."""
    return (CommandError, SettingsError, StoreError, IngestError, ModelError, CuratedError,
            UnknownName)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; returns the exit status (the console script exits with it)."""
    args = build_parser().parse_args(argv)
    try:
        settings = load_settings(args.config)
        _configure_logging(settings, args.verbose)
        return args._command.handler()(args, settings)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:  # output piped into e.g. `head`, which stopped reading
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_FAILED
    except Exception as exc:  # the one place that turns errors into a line on stderr
        return _report(exc, args)


def _report(exc: Exception, args: argparse.Namespace) -> int:
    if isinstance(exc, known_errors()):
        print(f"briefbot {args.command}: {exc}", file=sys.stderr)
        if args.verbose >= 2:
            traceback.print_exc()
        if isinstance(exc, SettingsError):
            return EXIT_USAGE
        return getattr(exc, "code", EXIT_FAILED)
    print(f"briefbot {args.command}: unexpected error: {exc.__class__.__name__}: {exc}"
          + ("" if args.verbose else " (run with -v for details)"), file=sys.stderr)
    if args.verbose:
        traceback.print_exc()
    return EXIT_FAILED


def _configure_logging(settings: Settings, verbose: int) -> None:
    level = {0: settings.log_level, 1: "INFO"}.get(verbose, "DEBUG")
    if verbose == 1 and settings.log_level == "DEBUG":
        level = "DEBUG"
    logging.basicConfig(level=level, stream=sys.stderr,
                        format="%(levelname)s %(name)s: %(message)s")
    # the HTML extractors log their own complaints (e.g. "discarding data: None") beside
    # Briefbot's one error line for the file; show them only when debugging (-vv)
    for name in _NOISY_LOGGERS:
        logging.getLogger(name).setLevel(logging.NOTSET if verbose >= 2 else logging.ERROR)


#: Third-party loggers quieted to errors unless -vv.
_NOISY_LOGGERS = ("trafilatura", "htmldate", "justext")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
