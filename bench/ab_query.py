"""A/B query latency of the engine in two or more source trees, on one shared index.

For each size, writes the export query_bench.py uses (../shared/corpus repeated with unique
ids), builds ONE index with the first tree's code (`python -m search_app.cli reindex`, cwd =
that tree) and serves it to every tree: the trees must read the same index format (schema
and analysis versions). Then, for --rounds rounds, runs each tree in a fresh subprocess (cwd
and sys.path[0] = the tree, its own --python), alternating the order every round (A,B then
B,A ...). The subprocess detects the tree's API:
  search_app.index_view  ViewManager(index).view(), engine.search(view, text, library=...)
  search_app.searchers   SearcherManager(index), its expander, engine.search(searcher, text,
                         library=..., expander=...)
With --index-per-tree, each tree builds its own index of the same export instead (for a
change of the index format: a tree may refuse another's index), and the build times and
index sizes are printed. The subprocess takes the view/searcher (and expander) once, like
query_bench, warms up on the first 10 queries of each kind, then times every query with
perf_counter. The query mix is bench/query_mix.py's (the kinds query_bench.py times) plus
200 suggest prefixes, with query_bench's seed (7); that module imports no engine, so the
driver imports no tree's.
Each subprocess reports where search_app, analyzers and indexer were imported from; the run
stops if any lies outside the tree it should test.

Prints, per size and kind, each tree's median over rounds of the per-round p50 and p95 (ms),
the min-max of its p95 over rounds, and its p50 and p95 as ratios to the first tree's (same
run, same index, same machine); "all" pools the search kinds (not suggest). Also shows
how busy the CPUs were with other processes while each tree ran, since that is the main
source of noise on a shared machine (--wait-idle waits for a quiet machine before each run).
Raw samples go to WORKDIR/samples-SIZE.json.

Run: .venv/bin/python bench/ab_query.py --tree before=../baseline --tree after=../ab-new \\
         [--python after=PYTHON] [--sizes 10000,50000] [--rounds 3] [--index-per-tree]
"""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import json
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED = 7  # query_bench's
WARMUP = 10  # queries per kind, as query_bench
CHECKED_PACKAGES = ("search_app", "analyzers", "indexer")
sys.path.insert(0, str(Path(__file__).parent))

from query_mix import percentiles, query_mix  # noqa: E402  (imports no tree's engine)

# -- the subprocess: one tree, one index, one round ------------------------------------------

def worker(tree: Path, index_dir: Path, mix_file: Path) -> None:
    """Time every query of the mix with the tree's engine; print one JSON line."""
    sys.path[0] = str(tree)  # was this script's folder: the tree's packages come first
    mix = json.loads(mix_file.read_text(encoding="utf-8"))
    engine = importlib.import_module("search_app.engine")
    suggestions = importlib.import_module("search_app.suggest")
    if importlib.util.find_spec("search_app.index_view") is not None:
        api = "index_view"
        view = importlib.import_module("search_app.index_view").ViewManager(index_dir).view()
        searcher = view.searcher()

        def search(text: str, library: str | None) -> None:
            engine.search(view, text, library=library)
    else:
        api = "searchers"
        manager = importlib.import_module("search_app.searchers").SearcherManager(index_dir)
        expander = manager.expander()
        with manager.searcher() as searcher:  # yields the thread's kept searcher
            pass

        def search(text: str, library: str | None) -> None:
            engine.search(searcher, text, library=library, expander=expander)

    def suggest(prefix: str) -> None:
        suggestions.suggest(searcher, prefix)

    runs = [(kind, search, [tuple(q) for q in queries]) for kind, queries in mix["kinds"].items()]
    runs.append(("suggest", suggest, [(p,) for p in mix["suggest"]]))
    samples: dict[str, list[float]] = {}
    for kind, run, items in runs:
        for item in items[:WARMUP]:
            run(*item)
        timings = []
        for item in items:
            started = time.perf_counter()
            run(*item)
            timings.append((time.perf_counter() - started) * 1000)
        samples[kind] = timings
    whoosh = importlib.import_module("whoosh")
    files = {name: sys.modules[name].__file__ for name in CHECKED_PACKAGES}
    print(json.dumps({"api": api, "files": files, "whoosh": whoosh.versionstring(),
                      "whoosh_file": whoosh.__file__, "python": sys.executable,
                      "samples": samples}))


# -- the driver ------------------------------------------------------------------------------

def named(values: list[str], what: str) -> dict[str, str]:
    pairs = {}
    for value in values:
        name, sep, rest = value.partition("=")
        if not sep or not name or not rest:
            sys.exit(f"{what} wants NAME=VALUE, got {value!r}")
        if name in pairs:
            sys.exit(f"{what} {name} given twice")
        pairs[name] = rest
    return pairs


def busy_seconds() -> float:
    """CPU-seconds all cores spent not idle since boot."""
    import psutil

    times = psutil.cpu_times()
    return sum(times) - times.idle - getattr(times, "iowait", 0.0)


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def wait_idle(limit: float, threshold: float = 20.0) -> float:
    """Wait up to ``limit`` seconds for system CPU use under ``threshold`` %; seconds waited."""
    import psutil

    started = time.monotonic()
    while time.monotonic() - started < limit:
        if psutil.cpu_percent(interval=1.0) < threshold:
            break
    return time.monotonic() - started


def run_tree(python: str, tree: Path, index_dir: Path, mix_file: Path) -> tuple[dict, float]:
    """The worker's report and the other processes' average CPU use (cores) while it ran."""
    busy, mine, started = busy_seconds(), children_cpu(), time.monotonic()
    done = subprocess.run([python, str(Path(__file__).resolve()), "--worker", str(tree),
                           str(index_dir), str(mix_file)], cwd=tree, capture_output=True,
                          text=True)
    wall = time.monotonic() - started
    others = (busy_seconds() - busy - (children_cpu() - mine)) / wall
    if done.returncode != 0:
        sys.exit(f"{tree} failed ({done.returncode}):\n{done.stderr[-3000:]}")
    report = json.loads(done.stdout.strip().splitlines()[-1])
    for name, file in report["files"].items():
        if not Path(file).resolve().is_relative_to(tree):
            sys.exit(f"{tree}: {name} was imported from {file}, outside the tree")
    return report, max(0.0, others)


def build_index(python: str, tree: Path, export: Path, index_dir: Path) -> float:
    started = time.monotonic()
    done = subprocess.run([python, "-m", "search_app.cli", "reindex", str(export), "--index",
                           str(index_dir), "--allow-rejects"], cwd=tree, capture_output=True,
                          text=True)
    if done.returncode not in (0, 3):
        sys.exit(f"reindex with {tree} failed ({done.returncode}):\n{done.stderr[-3000:]}")
    return time.monotonic() - started


def tree_size(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--tree", action="append", default=[], metavar="NAME=PATH",
                        help="a source tree to time (repeat; the first is the baseline)")
    parser.add_argument("--python", action="append", default=[], metavar="NAME=PYTHON",
                        help="interpreter for that tree (default: this one)")
    parser.add_argument("--sizes", default="10000,50000")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/rxsearch-ab"))
    parser.add_argument("--index-per-tree", action="store_true",
                        help="each tree builds and reads its own index of the same export")
    parser.add_argument("--wait-idle", type=float, default=60.0, metavar="SECONDS",
                        help="before each run, wait up to this long for CPU use under 20%%")
    parser.add_argument("--worker", nargs=3, type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(*args.worker)
        return

    sys.path.insert(0, str(Path(__file__).parent))
    from index_bench import base_records, write_export

    trees = {name: Path(path).resolve() for name, path in named(args.tree, "--tree").items()}
    if len(trees) < 2:
        sys.exit("give at least two --tree NAME=PATH")
    pythons = named(args.python, "--python")
    if unknown := set(pythons) - set(trees):
        sys.exit(f"--python for unknown trees: {', '.join(sorted(unknown))}")
    pythons = {name: pythons.get(name, sys.executable) for name in trees}
    names = list(trees)
    first = names[0]

    rng = random.Random(SEED)
    records = base_records(args.shared / "corpus")
    mix = query_mix(args.shared / "eval", rng)
    titles = [r["title"] for r in records]
    prefixes = [t[: rng.randint(3, 8)] for t in rng.sample(titles, 200)]  # as query_bench
    shutil.rmtree(args.workdir, ignore_errors=True)
    args.workdir.mkdir(parents=True)
    mix_file = args.workdir / "mix.json"
    mix_file.write_text(json.dumps({"kinds": mix, "suggest": prefixes}, ensure_ascii=False),
                        encoding="utf-8")
    kinds = [*mix, "suggest"]
    counts = {kind: len(items) for kind, items in mix.items()} | {"suggest": len(prefixes)}

    print(f"machine: {os.cpu_count()} cores; load average at start "
          f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    for name in names:
        print(f"tree {name}: {trees[name]} (python {pythons[name]})")
    built_by = "each tree's own code" if args.index_per_tree else f"{first}'s code"
    print(f"index built by {built_by}; {args.rounds} rounds, order alternating "
          f"each round; seed {SEED}; {WARMUP} warm-up queries per kind\n")

    for size in (int(s) for s in args.sizes.split(",")):
        export = args.workdir / f"export-{size}.jsonl"
        write_export(records, size, export)
        builders = names if args.index_per_tree else [first]
        indexes = {name: args.workdir / f"index-{size}-{name}" for name in builders}
        for name in builders:
            seconds = build_index(pythons[name], trees[name], export, indexes[name])
            print(f"== {size:,} articles: index built by {name} in {seconds:.0f}s, "
                  f"{tree_size(indexes[name]) / 2**20:.1f} MiB")
        indexes = {name: indexes.get(name, indexes[first]) for name in names}
        export.unlink()

        rounds: dict[str, list[dict[str, list[float]]]] = {name: [] for name in names}
        for number in range(args.rounds):
            order = names if number % 2 == 0 else names[::-1]
            notes = []
            for name in order:
                waited = wait_idle(args.wait_idle) if args.wait_idle > 0 else 0.0
                report, others = run_tree(pythons[name], trees[name], indexes[name], mix_file)
                rounds[name].append(report["samples"])
                if number == 0:
                    print(f"   {name}: api {report['api']}, whoosh {report['whoosh']} "
                          f"({report['whoosh_file']}), search_app from "
                          f"{report['files']['search_app']}")
                notes.append(f"{name} (others {others:.2f} cores, waited {waited:.0f}s)")
            print(f"   round {number + 1}: " + ", ".join(notes))
        (args.workdir / f"samples-{size}.json").write_text(json.dumps(rounds))
        print_table(size, names, kinds, counts, rounds)
    print("\nms per query, warm view/searcher, one fresh process per tree and round. p50 and "
          "p95 are medians over rounds of each round's p50 and p95; p95 range = min-max over "
          "rounds; ratios = this tree's median ÷ the first tree's median, both from this run "
          "(same index, same machine); rnd ratio = min-max of the per-round p95 ratios "
          "(tree and baseline of the same round). all = the six search kinds pooled.")


def print_table(size, names, kinds, counts, rounds) -> None:
    width = max(8, *(len(n) for n in names))
    header = (f"{'kind':<11} {'tree':<{width}} {'n':>4} | {'p50':>7} {'p95':>7} "
              f"{'p95 range':>13} | {'p50 ratio':>9} {'p95 ratio':>9} {'rnd ratio':>11}")
    print(f"\n{size:,} articles\n{header}\n{'-' * len(header)}")
    for kind in [*kinds, "all"]:
        stats = {}
        for name in names:
            if kind == "all":
                per_round = [[ms for k in kinds if k != "suggest" for ms in r[k]]
                             for r in rounds[name]]
            else:
                per_round = [r[kind] for r in rounds[name]]
            stats[name] = [percentiles(samples) for samples in per_round]
        n = sum(counts[k] for k in kinds if k != "suggest") if kind == "all" else counts[kind]
        base = stats[names[0]]
        base50 = statistics.median(s[0] for s in base)
        base95 = statistics.median(s[1] for s in base)
        for i, name in enumerate(names):
            p50 = statistics.median(s[0] for s in stats[name])
            p95s = [s[1] for s in stats[name]]
            p95 = statistics.median(p95s)
            paired = [mine[1] / theirs[1] for mine, theirs in zip(stats[name], base, strict=True)]
            spread = f"{min(p95s):.1f}-{max(p95s):.1f}"
            ratio = "" if i == 0 else f"{min(paired):.2f}-{max(paired):.2f}"
            print(f"{kind if i == 0 else '':<11} {name:<{width}} {n:>4} | {p50:>7.1f} "
                  f"{p95:>7.1f} {spread:>13} | {p50 / base50:>9.2f} {p95 / base95:>9.2f} "
                  f"{ratio:>11}")


if __name__ == "__main__":
    main()
