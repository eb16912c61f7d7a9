"""Ingest throughput: the full ingest + extract + store path against spaCy's bare ``nlp.pipe``.

    .venv/bin/python tests/benchmarks/bench_ingest.py [--copies 20] [--n-process 1] [--workers N]
    .venv/bin/python tests/benchmarks/bench_ingest.py --corpus quotes [--docs 300]

Builds a corpus in a temporary folder from the sample articles (``seeds/``) and the project's own
gold documents (``tests/gold/own/docs``), each copied ``--copies`` times under new ids with a
small change so that every copy hashes differently. Then, in the same run and with the same loaded
model (loading is excluded from both figures):

1. **bare**: ``nlp.pipe`` over the documents' bodies (the floor any pipeline pays);
2. **full**: ``ingest_paths`` into a fresh SQLite store: read files, normalise, parse, run every
   extractor, save one transaction per batch, resolve people and questions across documents;
3. **re-ingest**: ``ingest_paths`` again over the unchanged corpus.

``--corpus quotes`` measures instead ``--docs`` invented quote-dense articles (seeded): most
paragraphs a quotation with its speaker, reported speech, pronoun and title references, and
a few open questions -- the text that costs extraction most per parsed word.

It prints words/s for 1 and 2, their ratio and the re-ingest time as a share of the first ingest
(target < 2%). The ingest uses its worker processes (one per core, ``--workers`` to choose;
``--n-process`` sets the bare run's spaCy processes, 1 by default): issue #13's target is a full
ingest at >= 1.3x the words/s of bare single-process ``nlp.pipe`` on 2 cores.
"""
from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SOURCES = [ROOT / "seeds", ROOT / "tests" / "gold" / "own" / "docs"]


def build_corpus(folder: Path, copies: int) -> int:
    """Copy every source article ``copies`` times into ``folder``; returns the file count."""
    from digests.ingest import discover, sidecar_path

    files, _ = discover([s for s in SOURCES if s.exists()])
    count = 0
    for n in range(copies):
        for path in files:
            target = folder / f"{path.stem}-copy{n:04d}{path.suffix}"
            text = path.read_text(encoding="utf-8")
            # a trailing paragraph makes every copy a distinct document (distinct hash)
            target.write_text(text.rstrip("\n") + f"\n\nCopy {n} of this article.\n", encoding="utf-8")
            meta = sidecar_path(path)
            if meta.exists():
                shutil.copyfile(meta, sidecar_path(target))
            count += 1
    return count


_FIRST = ("Mira", "Oren", "Lusa", "Teodor", "Ilse", "Kofi", "Amara", "Tomas", "Hana", "Rafe")
_LAST = ("Talvik", "Basko", "Ferndale", "Vance", "Marrowby", "Osei", "Lindqvist", "Quarry",
         "Delmont", "Achterberg")
_ROLES = ("the harbour master", "the transport minister", "a union leader", "the mayor",
          "the council's spokeswoman", "an economist at the port authority")
_SAYS = ("said", "told reporters", "added", "insisted", "warned", "said on Tuesday")
_LINES = ("We will not sign a deal that doubles the fees", "The ferries have to keep running",
          "Nobody wants another strike this winter", "The budget cannot carry a second tunnel",
          "I expect the vote to pass before the summer", "It is too early to say what happens",
          "We asked for the figures three times and never saw them",
          "The toll will rise, whatever the council decides")


def build_quote_corpus(folder: Path, docs: int, seed: int = 13) -> int:
    """``docs`` invented quote-dense articles (about 250 words each) in ``folder``."""
    import random

    rng = random.Random(seed)
    for n in range(docs):
        cast = [f"{rng.choice(_FIRST)} {rng.choice(_LAST)}" for _ in range(4)]
        paras = [f"Harbour talks in Velmora, part {n}",
                 f"{cast[0]}, {rng.choice(_ROLES)}, said talks on the toll would resume."]
        for k in range(14):
            who = rng.choice(cast)
            line = rng.choice(_LINES)
            shape = k % 4
            if shape == 0:
                paras.append(f'"{line}," {who} {rng.choice(_SAYS)}.')
            elif shape == 1:
                paras.append(f'{who.split()[1]} said that {line.lower()}. "We will see," '
                             f"{'she' if k % 3 else 'he'} added.")
            elif shape == 2:
                paras.append(f'"{line}. {rng.choice(_LINES)}," said {who}, '
                             f"{rng.choice(_ROLES)}, after the meeting on Monday.")
            else:
                paras.append(f"It is unclear whether {who} will back the plan in "
                             f"{rng.choice(('March', 'June', 'October'))}, {cast[1]} said.")
        (folder / f"quotes-{n:04d}.txt").write_text("\n\n".join(paras) + "\n", encoding="utf-8")
    return docs


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--copies", type=int, default=20, help="copies of each source article")
    ap.add_argument("--corpus", choices=("repo", "quotes"), default="repo",
                    help="the repository's articles (default) or invented quote-dense ones")
    ap.add_argument("--docs", type=int, default=300, help="quote-dense articles (--corpus quotes)")
    ap.add_argument("--n-process", type=int, default=1, help="spaCy processes of the bare run")
    ap.add_argument("--workers", type=int, default=None,
                    help="ingest worker processes (default: the ingest's own choice)")
    args = ap.parse_args(argv)

    from digests.ingest import discover, ingest_paths, read_document, worker_count
    from digests.nlp import load_model
    from digests.settings import load_settings
    from digests.store import Store

    nlp = load_model()
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        corpus = tmp_path / "corpus"
        corpus.mkdir()
        n_files = (build_quote_corpus(corpus, args.docs) if args.corpus == "quotes"
                   else build_corpus(corpus, args.copies))
        files, _ = discover([corpus])
        docs = [read_document(p) for p in files]
        texts = [d.body for d in docs]
        words = sum(len(t.split()) for t in texts)

        # warm-up, so neither measured run pays first-call costs
        list(nlp.pipe(texts[:4]))

        t0 = time.perf_counter()
        for _ in nlp.pipe(texts, batch_size=32, n_process=args.n_process):
            pass
        bare = time.perf_counter() - t0

        settings = replace(
            load_settings(None, env={}),
            database_url=f"sqlite:///{tmp_path / 'bench.sqlite3'}",
            curated_people=tmp_path / "no-curated-people.toml",
        )
        store = Store(settings.database_url)
        t0 = time.perf_counter()
        report = ingest_paths([corpus], store=store, settings=settings, nlp=nlp,
                              workers=args.workers)
        full = time.perf_counter() - t0
        if report.errors or len(report.added) != n_files:
            print(f"ingest did not add every file: {report.summary()}", file=sys.stderr)
            for err in report.errors:
                print(f"  {err}", file=sys.stderr)
            return 1

        t0 = time.perf_counter()
        again = ingest_paths([corpus], store=store, settings=settings, nlp=nlp)
        reingest = time.perf_counter() - t0
        store.close()

    bare_wps, full_wps = words / bare, words / full
    print(f"corpus: {n_files} documents, {words} words; bare n_process={args.n_process}, "
          f"ingest workers={worker_count(n_files, args.workers)}")
    print(f"bare nlp.pipe      : {bare:8.2f} s  {bare_wps:10.0f} words/s")
    print(f"full ingest+extract: {full:8.2f} s  {full_wps:10.0f} words/s")
    print(f"ratio full/bare    : {full_wps / bare_wps:8.2f}   (target >= 1.30 on 2 cores)")
    print(f"re-ingest unchanged: {reingest:8.3f} s  = {100 * reingest / full:.2f}% of the first ingest"
          f" (target < 2%)  [{again.summary()}]")
    return 0


if __name__ == "__main__":
    sys.exit(main())
