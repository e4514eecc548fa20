"""HTTP throughput and latency of the app under gunicorn, with concurrent clients.

Builds (or reuses with --index) an index of ../shared/corpus repeated to --size articles,
starts `rxsearch serve --workers 2` on it, and for each target runs --clients concurrent
keep-alive clients for --seconds (after a warm-up), printing requests/s and p50/p95/p99:

  baseline   /opensearch.xml: the same server, middleware and template engine, no index work
  search     /search (the HTML page) over the realistic mix of bench/query_bench.py
  api        /api/search, the same mix
  api (304)  the same, each asked with the ETag of its answer (If-None-Match), as a CDN
             revalidating what it holds: answered 304 before any search
  suggest    /api/suggest with title prefixes of 3-8 characters

all with the app's result cache off (every search computed), then /search again with the
cache on, as served (the mix repeats, as readers' queries do, so that row is mostly hits).

Clients run in 4 processes (5 threads each for 20 clients) on the same 2-core machine as the
server, so they take CPU from it: the figures are an upper bound on what a separate client
machine would measure. Ratios are against the baseline row of the same run. "server CPU" is
the CPU time the server's processes (gunicorn's master and workers) used per request, which
other work on the machine changes far less than requests/s; the load average is printed with
each run. With --runs N the whole run is repeated (a new server each time) and each row's
median and range over the runs follow.

Run: .venv/bin/python bench/http_bench.py [--size 50000] [--clients 20] [--seconds 20]
     [--runs 3] [--index DIR]
"""

from __future__ import annotations

import argparse
import http.client
import multiprocessing
import os
import random
import shutil
import statistics
import subprocess
import sys
import threading
import time
from collections import defaultdict
from pathlib import Path
from urllib.parse import urlencode

import psutil

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).parent))

from index_bench import base_records, write_export  # noqa: E402
from local_server import free_port, wait_ready  # noqa: E402
from query_bench import query_mix  # noqa: E402

PROCESSES = 4



def _client_process(port: int, paths: list[tuple[str, str | None]], threads: int,
                    seconds: float, seed: int) -> tuple[list[float], int]:
    """Latencies (ms) of ``threads`` keep-alive clients asking ``paths`` for ``seconds``:
    (path, ETag held or None); an answer other than 304 (tag held) or 200 is an error."""
    samples: list[float] = []
    errors = [0]
    lock = threading.Lock()
    stop = time.monotonic() + seconds

    def client(n: int) -> None:
        rng = random.Random(seed * 100 + n)
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        mine = []
        while time.monotonic() < stop:
            path, tag = rng.choice(paths)
            headers = {"Accept-Encoding": "gzip", **({"If-None-Match": tag} if tag else {})}
            started = time.perf_counter()
            try:
                connection.request("GET", path, headers=headers)
                response = connection.getresponse()
                response.read()
                if response.status != (304 if tag else 200):
                    with lock:
                        errors[0] += 1
            except (OSError, http.client.HTTPException):
                with lock:
                    errors[0] += 1
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                continue
            mine.append((time.perf_counter() - started) * 1000)
        with lock:
            samples.extend(mine)

    workers = [threading.Thread(target=client, args=(i,)) for i in range(threads)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    return samples, errors[0]


def load(port: int, paths: list[tuple[str, str | None]], clients: int, seconds: float
         ) -> tuple[list[float], int]:
    per_process = [clients // PROCESSES + (1 if i < clients % PROCESSES else 0)
                   for i in range(PROCESSES)]
    with multiprocessing.Pool(PROCESSES) as pool:
        parts = pool.starmap(_client_process, [(port, paths, n, seconds, i)
                                               for i, n in enumerate(per_process) if n])
    return [s for samples, _ in parts for s in samples], sum(e for _, e in parts)


def server_cpu(master: psutil.Process) -> float:
    """CPU seconds used so far by the server: its master, its live workers, and the workers
    it has reaped (recycled ones)."""
    own = master.cpu_times()
    total = own.user + own.system + own.children_user + own.children_system
    for worker in master.children(recursive=True):
        try:
            times = worker.cpu_times()
        except psutil.NoSuchProcess:   # reaped since: counted in children_* next time
            continue
        total += times.user + times.system
    return total


def pick(ordered: list[float], p: float) -> float:
    return ordered[min(len(ordered) - 1, round(p * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--size", type=int, default=50_000)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--warmup", type=float, default=5)
    parser.add_argument("--index", type=Path, help="an index to reuse instead of building one")
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/rxsearch-http-bench"))
    parser.add_argument("--runs", type=int, default=1, help="repeat the whole run N times")
    args = parser.parse_args()

    rng = random.Random(11)
    records = base_records(args.shared / "corpus")
    index_dir = args.index
    if index_dir is None:
        shutil.rmtree(args.workdir, ignore_errors=True)
        args.workdir.mkdir(parents=True)
        export = args.workdir / "export.jsonl"
        write_export(records, args.size, export)
        index_dir = args.workdir / "index"
        print(f"building a {args.size:,}-article index ...", file=sys.stderr)
        subprocess.run([sys.executable, "-m", "search_app.cli", "reindex", str(export),
                        "--index", str(index_dir), "--allow-rejects"], cwd=ROOT, check=True,
                       capture_output=True)
        export.unlink()

    mix = query_mix(args.shared / "eval", rng)
    queries = [(q, lib) for items in mix.values() for q, lib in items]
    def query_path(prefix: str, q: str, lib: str | None) -> str:
        return prefix + "?" + urlencode({"q": q, **({"library": lib} if lib else {})})

    targets = {
        "baseline": ["/opensearch.xml"],
        "search": [query_path("/search", q, lib) for q, lib in queries],
        "api": [query_path("/api/search", q, lib) for q, lib in queries],
        "suggest": ["/api/suggest?" + urlencode({"q": r["title"][: rng.randint(3, 8)]})
                    for r in rng.sample(records, 300)],
    }

    print(f"gunicorn, 2 workers x 2 threads; {args.clients} keep-alive clients; "
          f"{args.seconds:.0f} s per target after {args.warmup:.0f} s warm-up\n")
    rows: dict[str, list[tuple[float, ...]]] = defaultdict(list)
    for run in range(1, args.runs + 1):
        print(f"run {run} of {args.runs}; load average {_load()}")
        for label, row in one_run(args, index_dir, targets):
            rows[label].append(row)
        print(f"(load average after the run {_load()})\n")
    if args.runs > 1:
        print(f"median [min-max] over {args.runs} runs")
        print(f"{'target':<16} {'req/s':>21} | {'p50 ms':>17} {'p95':>17} {'p99':>17} | "
              f"{'server CPU ms/req':>17}")
        for label, found in rows.items():
            cells = []
            for column in (0, 1, 2, 3, 4):
                values = sorted(r[column] for r in found)
                cells.append(f"{statistics.median(values):.1f} "
                             f"[{values[0]:.1f}-{values[-1]:.1f}]")
            print(f"{label:<16} {cells[0]:>21} | {cells[1]:>17} {cells[2]:>17} "
                  f"{cells[3]:>17} | {cells[4]:>17}")


def _etag(port: int, path: str) -> str:
    """The ETag of a path's compressed answer, as a cache in front would hold it."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("GET", path, headers={"Accept-Encoding": "gzip"})
        response = connection.getresponse()
        response.read()
        return response.getheader("ETag")
    finally:
        connection.close()


def _load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def one_run(args, index_dir: Path, targets: dict[str, list[str]]
            ) -> list[tuple[str, tuple[float, ...]]]:
    """One pass over the targets: (label, (req/s, p50, p95, p99, server CPU ms/request))."""
    print(f"{'target':<16} {'requests':>8} {'errors':>6} {'req/s':>7} | {'p50 ms':>7} "
          f"{'p95':>7} {'p99':>7} | {'req/s / base':>12} {'p95 / base':>10} | "
          f"{'server CPU ms/req':>17}")
    base = None
    found = []
    # First every result computed (the result cache off), then search as served (cache on).
    runs = [({"RXSEARCH_RESULT_CACHE_SIZE": "0"},
             ["baseline", "search", "api", "api (304)", "suggest"]),
            ({}, ["search"])]
    for env, names in runs:
        port = free_port()
        server = subprocess.Popen(
            [sys.executable, "-m", "search_app.cli", "serve", "--workers", "2", "--port",
             str(port), "--index", str(index_dir)], cwd=ROOT, env={**os.environ, **env},
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            wait_ready(port)
            master = psutil.Process(server.pid)
            for name in names:
                paths = [(path, None) for path in targets[name.removesuffix(" (304)")]]
                if name.endswith("(304)"):   # a cache revalidating what it holds
                    paths = [(path, _etag(port, path)) for path, _ in paths]
                load(port, paths, args.clients, args.warmup)
                used = server_cpu(master)
                samples, errors = load(port, paths, args.clients, args.seconds)
                used = server_cpu(master) - used
                ordered = sorted(samples)
                rate = len(samples) / args.seconds
                p50, p95, p99 = (statistics.median(ordered), pick(ordered, .95),
                                 pick(ordered, .99))
                cpu = used * 1000 / max(1, len(samples))
                base = base or (rate, p95)
                label = name + (" (cached)" if not env else "")
                print(f"{label:<16} {len(samples):>8} {errors:>6} {rate:>7.1f} | {p50:>7.1f} "
                      f"{p95:>7.1f} {p99:>7.1f} | {rate / base[0]:>12.2f} "
                      f"{p95 / base[1]:>10.2f} | {cpu:>17.2f}", flush=True)
                found.append((label, (rate, p50, p95, p99, cpu)))
        finally:
            server.terminate()
            server.wait(timeout=30)
    return found


if __name__ == "__main__":
    main()
