"""Query latency p50/p95/p99 on a realistic mix, at 10k and 50k articles, against plain Whoosh.

Builds, per size, our index (`rxsearch reindex`) and a plain Whoosh index (StemmingAnalyzer,
title + body) of the same export (../shared/corpus repeated with unique ids, as
bench/index_bench.py does), then times warm searchers on:
  short       1–4 word names readers type (MedQuAD also-known-as queries, sample topics)
  misspelled  the same names with two letters swapped
  bangla      Bangla words readers typed (bangla-entity-queries.jsonl)
  crosslang   Bangla words for English articles (bangla-crosslang-dev.jsonl): translated
  romanised   Bangla typed in Latin letters (romanised-bangla-dev.jsonl): read, translated
  faceted     short queries with a library filter
  phrase      quoted names
  question    question-length queries (MedQuAD questions)
  consumer    real consumer questions as readers wrote them (consumer-questions-meqsum.jsonl)
  bn-question Bangla questions (bangla-m2pqa-queries.jsonl)
  suggest     title prefixes of 3-8 characters (ours only: autocomplete)
Ours is the whole engine (facets, snippets, spelling, expansion, notice); the baseline parses
with any-word matching, searches the top 10 and reads their stored fields.

Then a new process's first query, as a new or recycled server worker meets it: a fresh
subprocess imports the engine (timed apart: the server imports before it forks its
workers), opens the live index and runs one query; --cold-runs subprocesses per query, for
the first short, Bangla and question query of the mix, and the same for the baseline (open
the index, search, read the top 10). Medians, with the min-max.

Run: .venv/bin/python bench/query_bench.py [--sizes 10000,50000] [--reuse]
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).parent))

from index_bench import base_records, baseline_build, write_export  # noqa: E402
from query_mix import percentiles, query_mix  # noqa: E402
from whoosh import index, qparser  # noqa: E402

from search_app import engine  # noqa: E402
from search_app import suggest as suggestions  # noqa: E402
from search_app.index_view import ViewManager  # noqa: E402


def timed(run, items) -> list[float]:
    for item in items[:10]:
        run(*item)  # warm caches and the searcher
    samples = []
    for item in items:
        started = time.perf_counter()
        run(*item)
        samples.append((time.perf_counter() - started) * 1000)
    return samples


# A new process: import (timed apart), open the live index, one query.
_COLD_OURS = """
import json, sys, time
started = time.perf_counter()
from search_app import engine
from search_app.index_view import ViewManager
imported = time.perf_counter()
engine.search(ViewManager(sys.argv[1]).view(), sys.argv[2])
done = time.perf_counter()
print(json.dumps([(imported - started) * 1000, (done - imported) * 1000]))
"""
_COLD_BASE = """
import json, sys, time
started = time.perf_counter()
from whoosh import index, qparser
imported = time.perf_counter()
ix = index.open_dir(sys.argv[1])
parser = qparser.MultifieldParser(["title", "body"], ix.schema, group=qparser.OrGroup)
with ix.searcher() as searcher:
    for hit in searcher.search(parser.parse(sys.argv[2]), limit=10):
        hit.fields()
done = time.perf_counter()
print(json.dumps([(imported - started) * 1000, (done - imported) * 1000]))
"""


def cold_start(script: str, index_dir: Path, text: str, runs: int) -> list[list[float]]:
    """[import ms, open + first query ms] of ``runs`` fresh subprocesses."""
    found = []
    for _ in range(runs):
        done = subprocess.run([sys.executable, "-c", script, str(index_dir), text], cwd=ROOT,
                              check=True, capture_output=True, text=True)
        found.append(json.loads(done.stdout.strip().splitlines()[-1]))
    return found


def spread(values: list[float]) -> str:
    return f"{statistics.median(values):,.0f} ({min(values):,.0f}-{max(values):,.0f})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--sizes", default="10000,50000")
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/rxsearch-query-bench"))
    parser.add_argument("--cold-runs", type=int, default=5)
    parser.add_argument("--reuse", action="store_true",
                        help="keep the indexes in --workdir and reuse those already built")
    args = parser.parse_args()
    rng = random.Random(7)
    records = base_records(args.shared / "corpus")
    mix = query_mix(args.shared / "eval", rng)
    titles = [r["title"] for r in records]
    prefixes = [(t[: rng.randint(3, 8)],) for t in rng.sample(titles, 200)]
    if not args.reuse:
        shutil.rmtree(args.workdir, ignore_errors=True)
    args.workdir.mkdir(parents=True, exist_ok=True)

    print(f"{'size':>7} {'queries':<11} {'n':>4} | {'ours p50':>8} {'p95':>7} {'p99':>7} | "
          f"{'base p50':>8} {'p95':>7} {'p99':>7} | {'p95 ratio':>9}")
    for size in (int(s) for s in args.sizes.split(",")):
        export = args.workdir / f"export-{size}.jsonl"
        ours_dir, base_dir = args.workdir / f"ours-{size}", args.workdir / f"base-{size}"
        if not (args.reuse and ours_dir.exists() and base_dir.exists()):
            shutil.rmtree(ours_dir, ignore_errors=True)
            shutil.rmtree(base_dir, ignore_errors=True)
            write_export(records, size, export)
            subprocess.run([sys.executable, "-m", "search_app.cli", "reindex", str(export),
                            "--index", str(ours_dir), "--allow-rejects"], cwd=ROOT,
                           check=True, capture_output=True)
            baseline_build(export, base_dir)
            export.unlink()
        view = ViewManager(ours_dir).view()
        base_ix = index.open_dir(str(base_dir))
        base_parser = qparser.MultifieldParser(["title", "body"], base_ix.schema,
                                               group=qparser.OrGroup)
        with base_ix.searcher() as base_searcher:
            def ours(text, library=None, view=view):
                engine.search(view, text, library=library)

            def base(text, library=None, searcher=base_searcher, parser=base_parser):
                for hit in searcher.search(parser.parse(text), limit=10):
                    hit.fields()

            for name, items in mix.items():
                o = percentiles(timed(ours, items))
                b = percentiles(timed(base, items))
                print(f"{size:>7,} {name:<11} {len(items):>4} | {o[0]:>8.1f} {o[1]:>7.1f} "
                      f"{o[2]:>7.1f} | {b[0]:>8.1f} {b[1]:>7.1f} {b[2]:>7.1f} | "
                      f"{o[1] / b[1]:>9.2f}")
            s = percentiles(timed(lambda p, v=view: suggestions.suggest(v, p), prefixes))
            print(f"{size:>7,} {'suggest':<11} {len(prefixes):>4} | {s[0]:>8.1f} {s[1]:>7.1f} "
                  f"{s[2]:>7.1f} | {'-':>8} {'-':>7} {'-':>7} |")
        for name in ("short", "bangla", "question"):
            text = mix[name][0][0]
            o = cold_start(_COLD_OURS, ours_dir, text, args.cold_runs)
            b = cold_start(_COLD_BASE, base_dir, text, args.cold_runs)
            print(f"{size:>7,} new process, {name} ({text[:30]!r}): open + first query "
                  f"{spread([r[1] for r in o])} ms, baseline {spread([r[1] for r in b])} ms; "
                  f"imports {spread([r[0] for r in o])} ms, baseline "
                  f"{spread([r[0] for r in b])} ms")
        if not args.reuse:
            shutil.rmtree(base_dir, ignore_errors=True)
    print("\nmilliseconds per query, warm searchers, one process; ratio = ours p95 / baseline p95;"
          f"\nnew process: median (min-max) of {args.cold_runs} fresh subprocesses per query, "
          "imports timed apart")


if __name__ == "__main__":
    main()
