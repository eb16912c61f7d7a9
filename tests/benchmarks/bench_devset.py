"""Real-news dev set: extraction figures beside the floors of issues 9 and 10 (run by hand).

    .venv/bin/python tests/benchmarks/bench_devset.py [DEVSET_DIR] [--shared PATH] [--misses]

DEVSET_DIR defaults to $DEVSET_DIR, else ``devset/`` in the temp folder; the rebuilt texts are
DEVSET_DIR/docs/dNN.txt (see DEVSET.md in the shared eval folder: they are never committed).
``--shared`` is the shared folder holding ``eval/score.py`` and ``eval/dev/`` (default: ../shared
beside the repository). Nothing here runs in the test suite: CI cannot rebuild the texts, so when
they (or the shared folder) are absent this prints how to rebuild them and exits 0.

Steps: check the texts (``check.py``), prepare the inputs (``prepare.py``, unless DEVSET_DIR/input
is already there and ``--prepare`` is not given), extract in memory with the repository's own
pipeline (as ``briefbot extract`` does), score with the shared ``score.py``, and print every
figure beside its floor. If DEVSET_DIR/out-first.json exists (the first-sight extraction), its
figures are printed alongside for comparison.
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

#: (figure, floor, "min" or "max"): issue 9 (people .. questions recall), issue 10 (the rest).
FLOORS = [
    ("people_precision", 0.95, "min"), ("people_f1", 0.95, "min"), ("merge", 1.00, "min"),
    ("conflations", 0, "max"), ("roles", 0.90, "min"), ("quotes_f1", 0.95, "min"),
    ("attribution", 0.92, "min"), ("events_recall", 0.90, "min"),
    ("events_precision", 0.85, "min"), ("questions_recall", 0.85, "min"),
    ("question_groups_recall", 0.85, "min"), ("questions_precision", 0.85, "min"),
    ("questions_grouping", 0.90, "min"), ("question_conflations", 0, "max"),
    ("stance_speakers", 0.85, "min"), ("stances", 0.75, "min"), ("questions_phrased", 0.95, "min"),
]

REBUILD = """\
The real-news dev set texts are not here ({why}).
To rebuild them (never inside the repository):
  1. read {dev}/DEVSET.md: for each row dNN, call the search tool (verb `search`, corpus
     "pages") with the row's query, take the result whose url matches, and save its `excerpt`
     exactly (JSON-decoded, no trailing newline) as {docs}/dNN.txt;
  2. python3 {dev}/check.py {folder}      (must say: all texts match their gold)
  3. run this script again (it prepares the inputs itself).
Nothing was scored."""


def _load_score_module(score_py: Path):
    spec = importlib.util.spec_from_file_location("devset_score", score_py)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _run(script: Path, folder: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(script), str(folder)],
                          capture_output=True, text=True, check=False)


def _extract(inputs: Path) -> tuple[dict, float]:
    from digests.pipeline import extract_paths
    from digests.settings import load_settings

    started = time.perf_counter()
    out, errors = extract_paths([inputs], settings=load_settings())
    for error in errors:
        print(f"  read error: {error}")
    return out, time.perf_counter() - started


def _verdict(value: float, floor: float, sense: str) -> str:
    ok = value >= floor if sense == "min" else value <= floor
    return "ok" if ok else "BELOW"


def _table(now: dict, first: dict | None) -> None:
    print(f"{'figure':24} {'now':>7} {'first':>7} {'floor':>7}  verdict")
    for name, floor, sense in FLOORS:
        before = f"{first[name]:7.3f}" if first and name in first else f"{'-':>7}"
        bound = f"{'<=' if sense == 'max' else '>='}{floor:g}"
        print(f"{name:24} {now[name]:7.3f} {before} {bound:>7}  {_verdict(now[name], floor, sense)}")
    rest = [k for k in now if k not in {n for n, _, _ in FLOORS}]
    for name in rest:  # figures without a floor (recalls behind F1s, missing documents)
        before = f"{first[name]:7.3f}" if first and name in first else f"{'-':>7}"
        print(f"{name:24} {now[name]:7.3f} {before} {'':>7}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folder", nargs="?", type=Path,
                    default=Path(os.environ.get("DEVSET_DIR")
                                 or Path(tempfile.gettempdir()) / "devset"))
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared",
                    help="the shared folder (holding eval/score.py and eval/dev/)")
    ap.add_argument("--prepare", action="store_true", help="rebuild DEVSET_DIR/input even if present")
    ap.add_argument("--misses", action="store_true", help="list every miss score.py reports")
    args = ap.parse_args(argv)

    folder, dev = args.folder.resolve(), (args.shared / "eval" / "dev").resolve()
    score_py = dev.parent / "score.py"
    texts = sorted((folder / "docs").glob("d*.txt"))
    why = None
    if not (dev / "DEVSET.md").exists() or not score_py.exists():
        why = f"no shared eval folder at {args.shared}; pass --shared PATH"
    elif not texts:
        why = f"no {folder / 'docs'}/dNN.txt"
    if why:
        print(REBUILD.format(why=why, dev=dev, docs=folder / "docs", folder=folder))
        return 0

    checked = _run(dev / "check.py", folder)
    if checked.returncode != 0:
        print(checked.stdout.strip())
        print("The rebuilt texts do not match the gold: fetch the listed ones again. Nothing was scored.")
        return 0
    inputs = folder / "input"
    if args.prepare or not any(inputs.glob("*.txt")):
        prepared = _run(dev / "prepare.py", folder)
        print(prepared.stdout.strip())
        if prepared.returncode != 0:
            print(prepared.stderr.strip())
            return 0

    out, seconds = _extract(inputs)
    (folder / "out-bench.json").write_text(json.dumps(out, ensure_ascii=False), encoding="utf-8")
    scorer = _load_score_module(score_py)
    gold = scorer.load_gold(folder / "allgold")
    result = scorer.score(gold, out)
    first_path = folder / "out-first.json"
    first = None
    if first_path.exists():
        first = scorer.score(gold, json.loads(first_path.read_text(encoding="utf-8")))["metrics"]
    if args.misses:
        for line in result["misses"]:
            print("miss:", line)
    print(f"dev set + seeds: {len(out['documents'])} documents extracted in {seconds:.1f} s "
          f"(model load included); gold files: {len(gold)}")
    _table(result["metrics"], first)
    below = [n for n, floor, sense in FLOORS if _verdict(result["metrics"][n], floor, sense) != "ok"]
    print(f"{len(FLOORS) - len(below)}/{len(FLOORS)} floors hold"
          + (f"; below: {', '.join(below)}" if below else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
