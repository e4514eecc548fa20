"""Index build speed, size and memory at 10k, 50k and 100k articles, against plain Whoosh.

For each size, writes a JSON Lines export made of ../shared/corpus (MedQuAD, M2PQA and
TICO-19, repeated with unique ids), then in the same run:
  ours       `rxsearch reindex EXPORT --procs P` in a subprocess: import, validation, ICU
             analysis of every field, section fields, autocomplete prefixes, atomic switch
  baseline   plain Whoosh in a subprocess: the same export read with json.loads, title +
             also-known-as + body with StemmingAnalyzer, one writer
and an incremental run (`--incremental`) on the middle size after changing 1% of articles.

Prints medians over --repeat runs (sizes above 10k run once unless --repeat-large), peak
resident memory of the whole process tree, index size, and ratios ours/baseline.

Run: .venv/bin/python bench/index_bench.py [--sizes 10000,50000,100000] [--procs 2]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ("medquad.jsonl", "bangla-m2pqa.jsonl", "bangla-tico19.jsonl")


def base_records(corpus: Path) -> list[dict]:
    records = []
    for name in SOURCES:
        with (corpus / name).open(encoding="utf-8") as lines:
            records.extend(json.loads(line) for line in lines if line.strip())
    return records


def write_export(records: list[dict], size: int, path: Path, changed_every: int = 0) -> None:
    """``size`` records, ids made unique per copy; every Nth record edited if asked."""
    with path.open("w", encoding="utf-8") as out:
        for i in range(size):
            record = dict(records[i % len(records)])
            record["id"] = f"{record['id']}.{i // len(records)}"
            if changed_every and i % changed_every == 0:
                record["summary"] = record.get("summary", "") + " (Reviewed again.)"
            out.write(json.dumps(record, ensure_ascii=False) + "\n")


def run_measured(command: list[str]) -> tuple[float, int]:
    """Wall seconds and peak RSS (bytes) of the process and all its children."""
    peak = 0
    started = time.monotonic()
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE)
    watched = psutil.Process(process.pid)
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            try:
                tree = [watched, *watched.children(recursive=True)]
                peak = max(peak, sum(p.memory_info().rss for p in tree if p.is_running()))
            except psutil.Error:
                pass
            time.sleep(0.1)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, stderr = process.communicate()
    seconds = time.monotonic() - started
    done.set()
    sampler.join()
    if process.returncode not in (0, 3):
        sys.exit(f"{' '.join(command)} failed ({process.returncode}):\n{stderr.decode()[-2000:]}")
    return seconds, peak


def folder_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def live_size(index_dir: Path) -> int:
    name = (index_dir / "CURRENT").read_text().strip()
    return folder_size(index_dir / name)


def ours(export: Path, index_dir: Path, procs: int, incremental: bool = False
         ) -> tuple[float, int]:
    command = [sys.executable, "-m", "search_app.cli", "reindex", str(export), "--index",
               str(index_dir), "--allow-rejects", "--procs", str(procs)]
    if incremental:
        command.append("--incremental")
    return run_measured(command)


def baseline(export: Path, index_dir: Path) -> tuple[float, int]:
    return run_measured([sys.executable, __file__, "--baseline-build", str(export),
                         str(index_dir)])


def baseline_build(export: Path, index_dir: Path) -> None:
    """Plain Whoosh: StemmingAnalyzer on title and body, one writer."""
    from whoosh import index
    from whoosh.analysis import StemmingAnalyzer
    from whoosh.fields import ID, TEXT, Schema

    analyzer = StemmingAnalyzer()
    schema = Schema(id=ID(stored=True, unique=True), title=TEXT(analyzer=analyzer, stored=True),
                    aka=TEXT(analyzer=analyzer), body=TEXT(analyzer=analyzer))
    shutil.rmtree(index_dir, ignore_errors=True)
    index_dir.mkdir(parents=True)
    ix = index.create_in(str(index_dir), schema)
    with ix.writer(limitmb=256) as writer, export.open(encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            body = "\n".join(s.get("text", "") for s in record.get("sections") or []) \
                or record.get("body", "")
            writer.add_document(id=record["id"], title=record["title"],
                                aka="\n".join(record.get("also_known_as") or []), body=body)


def median(values: list[float]) -> float:
    return statistics.median(values)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--sizes", default="10000,50000,100000")
    parser.add_argument("--repeat", type=int, default=3, help="runs per size up to 10k")
    parser.add_argument("--repeat-large", type=int, default=1, help="runs per larger size")
    parser.add_argument("--procs", type=int, default=min(2, os.cpu_count() or 1))
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/rxsearch-index-bench"))
    parser.add_argument("--baseline-build", nargs=2, type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.baseline_build:
        baseline_build(*args.baseline_build)
        return

    corpus = args.shared / "corpus"
    if not all((corpus / name).exists() for name in SOURCES):
        sys.exit(f"needs {', '.join(SOURCES)} in {corpus}")
    sizes = [int(s) for s in args.sizes.split(",")]
    shutil.rmtree(args.workdir, ignore_errors=True)
    args.workdir.mkdir(parents=True)
    records = base_records(corpus)
    print(f"source: {len(records):,} real articles from {', '.join(SOURCES)}; "
          f"ours with --procs {args.procs}; machine: {os.cpu_count()} cores\n")
    header = (f"{'articles':>9} | {'ours docs/s':>11} {'size MiB':>9} {'peak MiB':>9} | "
              f"{'base docs/s':>11} {'size MiB':>9} {'peak MiB':>9} | {'speed':>6} "
              f"{'size':>5} {'mem':>5} | {'ours s':>7}")
    print(header)
    print("-" * len(header))
    full_seconds: dict[int, float] = {}
    for size in sizes:
        export = args.workdir / f"export-{size}.jsonl"
        write_export(records, size, export)
        runs = args.repeat if size <= 10_000 else args.repeat_large
        mine, base = [], []
        for run in range(runs):
            ours_dir, base_dir = args.workdir / f"ours-{size}", args.workdir / f"base-{size}"
            shutil.rmtree(ours_dir, ignore_errors=True)
            seconds, peak = ours(export, ours_dir, args.procs)
            mine.append((seconds, peak, live_size(ours_dir)))
            seconds, peak = baseline(export, base_dir)
            base.append((seconds, peak, folder_size(base_dir)))
            if run < runs - 1:
                shutil.rmtree(base_dir, ignore_errors=True)
        o_sec, o_peak, o_size = (median([m[i] for m in mine]) for i in range(3))
        b_sec, b_peak, b_size = (median([b[i] for b in base]) for i in range(3))
        full_seconds[size] = o_sec
        print(f"{size:>9,} | {size / o_sec:>11.0f} {o_size / 2**20:>9.0f} {o_peak / 2**20:>9.0f} | "
              f"{size / b_sec:>11.0f} {b_size / 2**20:>9.0f} {b_peak / 2**20:>9.0f} | "
              f"{b_sec / o_sec:>6.2f} {o_size / b_size:>5.2f} {o_peak / b_peak:>5.2f} | "
              f"{o_sec:>7.1f}")
        if runs > 1:
            print(f"{'':>9}   spread: ours {min(m[0] for m in mine):.1f}–"
                  f"{max(m[0] for m in mine):.1f} s, baseline {min(b[0] for b in base):.1f}–"
                  f"{max(b[0] for b in base):.1f} s over {runs} runs")
        shutil.rmtree(args.workdir / f"base-{size}", ignore_errors=True)
        if size != sizes[len(sizes) // 2] and size != sizes[-1]:
            shutil.rmtree(args.workdir / f"ours-{size}", ignore_errors=True)
        if size != sizes[len(sizes) // 2]:
            export.unlink()
    print("\nspeed = ours docs/s ÷ baseline docs/s; size and mem = ours ÷ baseline (runs: "
          f"median of {args.repeat} up to 10k, {args.repeat_large} above)")

    size = sizes[len(sizes) // 2]
    export = args.workdir / f"export-{size}.jsonl"
    changed = args.workdir / f"export-{size}-changed.jsonl"
    write_export(records, size, changed, changed_every=100)
    seconds, peak = ours(changed, args.workdir / f"ours-{size}", 1, incremental=True)
    print(f"\nincremental, 1% of {size:,} articles changed: {seconds:.1f}s, peak "
          f"{peak / 2**20:.0f} MiB; {seconds / full_seconds[size]:.1%} of the full rebuild "
          f"({full_seconds[size]:.1f}s)")
    print(f"full rebuild of {sizes[-1]:,} articles: {full_seconds[sizes[-1]]:.0f}s "
          f"(target: under 300s)")


if __name__ == "__main__":
    main()
