"""Crash safety of the reindex job, and index switches under live traffic.

Crash probe. Writes an export of --articles MedQuAD articles (../shared/corpus; the sample
library when that is absent), times one clean full and one clean incremental reindex, then
starts `rxsearch reindex` as cron would (alternately a full run, and an --incremental run
over an export with a quarter of the articles edited, some removed and some added) until
--kills runs have been killed (a run that finishes first does not count; it is checked all
the same), sending its process SIGKILL after a random delay, from three quarters of the
time a clean run of that kind takes to hold the lock (Python starting) to the end of its
clean duration (medians of the last three clean runs: the machine is shared and its speed
varies), so that most kills land mid-build. After each kill it checks:
  - the live index (CURRENT) opens and holds exactly the articles of the last run that
    switched (every id and content hash), and answers the probe's searches with the totals
    any version holding those articles gives; every finished version on disk (what a
    rollback would serve) opens and holds the number of articles its meta file says;
  - where the kill landed: before the job took the lock (Python still starting), mid-build
    (lock taken, not switched), or after the switch;
  - what the killed job left: half-built folders, its lock record, live child processes;
then runs the same reindex to the end, which must exit 0, report and remove the half-built
folders and the stale lock, and leave no leftovers (no half-built folder, no lock record or
held lock, no process of the job).

Swap probe. `rxsearch serve --workers 2` on a free 127.0.0.1 port over that index, with the
results cache off (every search reads the index), and --clients keep-alive clients asking
/search, /api/search and /api/suggest while the main thread runs --swaps full reindexes
(each over a different tenth of the articles removed, so each version answers with other
totals) and one `rxsearch index rollback`. Every response is recorded: status, connection
errors, latency, and whether each /api/search total is the total some version that was
live gives for that query. The server is stopped with SIGTERM to its process group.

Prints a line per kill, a line per switch, and a summary; exits 1 if any check failed.
The clients run in this process on the same 2 cores as the server and the reindex job, so
latencies are those of a machine that is also rebuilding its index, not a quiet one.

Run: .venv/bin/python bench/fault_probe.py [--kills 24] [--articles 800] [--swaps 3]
"""

from __future__ import annotations

import argparse
import contextlib
import fcntl
import hashlib
import http.client
import json
import os
import random
import shutil
import signal
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

import psutil

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # the checks read the index with the project's own code

from local_server import free_port, wait_ready  # noqa: E402

from corpus import SAMPLE_DIR, Article, read_sources  # noqa: E402
from indexer import versions  # noqa: E402
from indexer.lock import LOCK_FILE  # noqa: E402
from search_app import engine  # noqa: E402
from search_app.index_view import IndexView  # noqa: E402

# Searched after every kill and by the clients; totals differ between the swap versions.
QUERIES = ("cancer", "diabetes", "fever", "heart disease", "kidney failure", "anemia",
           "skin rash", "treatment of leukemia", "genetic syndrome", "blood pressure")


# --- the exports ------------------------------------------------------------------------

def base_records(shared: Path, count: int, rng: random.Random
                 ) -> tuple[list[dict], list[dict], str]:
    """``count`` articles to index, some spare ones to add, and where they came from."""
    medquad = shared / "corpus" / "medquad.jsonl"
    if medquad.exists():
        with medquad.open(encoding="utf-8") as lines:
            records = [json.loads(line) for line in lines if line.strip()]
        where = f"{medquad} ({len(records):,} articles)"
    else:
        print(f"note: {medquad} is absent; probing with the sample library instead",
              file=sys.stderr)
        records = [a.to_record() for a in read_sources([SAMPLE_DIR]) if isinstance(a, Article)]
        where = f"{SAMPLE_DIR} (the shared corpus is absent)"
    rng.shuffle(records)
    count = min(count, len(records) * 9 // 10)
    return records[:count], records[count:count + max(1, count // 20)], where


def write_jsonl(records: list[dict], path: Path) -> Path:
    with path.open("w", encoding="utf-8") as out:
        for record in records:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return path


def variant(base: list[dict], spare: list[dict], round_: int, *, edit: float, remove: float
            ) -> list[dict]:
    """The base export with a share of articles edited, a share removed and spares added."""
    rng = random.Random(round_)
    out = []
    for record in base:
        draw = rng.random()
        if draw < remove:
            continue
        if draw < remove + edit:
            record = {**record, "summary": f"{record.get('summary', '')} (Reviewed, round "
                                           f"{round_}.)"}
        out.append(record)
    out.extend(rng.sample(spare, k=len(spare) // 2))
    return out


def expected_articles(path: Path) -> dict[str, str]:
    """id -> content hash of every valid article of an export: what a run over it indexes."""
    return {a.id: a.content_hash for a in read_sources([path]) if isinstance(a, Article)}


def digest(articles: dict[str, str]) -> str:
    return hashlib.sha256(json.dumps(sorted(articles.items())).encode()).hexdigest()[:12]


# --- reading the index ------------------------------------------------------------------

class Verdicts:
    """Search totals per set of articles: any version holding them must give the same."""

    def __init__(self) -> None:
        self.totals: dict[str, dict[str, int]] = {}

    def check(self, root: Path, name: str, expected: dict[str, str]) -> str | None:
        """Why the version is not what it should be, or None if it is."""
        try:
            index = versions.open_version(root, name)
            with index.reader() as reader:
                ids, hashes = reader.column_reader("id"), reader.column_reader("content_hash")
                held = [(ids[n], hashes[n].decode("ascii")) for n in reader.all_doc_ids()]
                count = reader.doc_count()
            view = IndexView(root, name)
            totals = {q: engine.search(view, q).total for q in QUERIES}
            view.release_thread()
        except Exception as err:  # unreadable: exactly what the probe is looking for
            return f"does not open or answer: {type(err).__name__}: {err}"
        if count != len(held) or len(dict(held)) != len(held) or dict(held) != expected:
            return (f"holds {count} articles ({digest(dict(held))}), expected {len(expected)} "
                    f"({digest(expected)})")
        known = self.totals.setdefault(digest(expected), totals)
        if known != totals:
            return f"search totals {totals} differ from {known} for the same articles"
        return None


def finished_versions_readable(root: Path) -> list[str]:
    """Problems of the finished versions on disk (what a rollback could make live)."""
    problems = []
    for name in versions.complete_versions(root):
        try:
            with versions.open_version(root, name).reader() as reader:
                count = reader.doc_count()
            meta = versions.read_meta(root / name).get("documents")
            if count != meta:
                problems.append(f"{name}: {count} articles, its meta says {meta}")
        except Exception as err:
            problems.append(f"{name}: {type(err).__name__}: {err}")
    return problems


def half_built(root: Path) -> set[str]:
    return {p.name for p in root.glob("v-*")
            if p.is_dir() and not (p / versions.META).exists()}


def lock_record(root: Path) -> dict:
    try:
        return json.loads((root / LOCK_FILE).read_text() or "{}")
    except (FileNotFoundError, ValueError):
        return {}


def lock_held(root: Path) -> bool:
    """Whether some process holds the reindex lock (tried, and released at once)."""
    fd = os.open(root / LOCK_FILE, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    finally:
        os.close(fd)  # closing the descriptor also releases a lock taken through it
    return False


def group_members(pgid: int) -> list[int]:
    """Live processes (not zombies) of a process group."""
    found = []
    for process in psutil.process_iter(["status"]):
        try:
            if os.getpgid(process.pid) == pgid and process.info["status"] != "zombie":
                found.append(process.pid)
        except (ProcessLookupError, psutil.Error):
            continue
    return found


def end(pids: list[int]) -> None:
    for pid in pids:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)


def settled_members(pgid: int, seconds: float = 2.0) -> list[int]:
    """Processes of the group still alive ``seconds`` after its leader died."""
    deadline = time.monotonic() + seconds
    while (members := group_members(pgid)) and time.monotonic() < deadline:
        time.sleep(0.1)
    return members


# --- the crash probe --------------------------------------------------------------------

def reindex_command(source: Path, index_dir: Path, report: Path, incremental: bool,
                    procs: int | None) -> list[str]:
    command = [sys.executable, "-m", "search_app.cli", "reindex", str(source), "--index",
               str(index_dir), "--allow-rejects", "--report", str(report)]
    if incremental:
        command.append("--incremental")
    if procs:
        command += ["--procs", str(procs)]
    return command


@dataclass(frozen=True, slots=True)
class Run:
    """A reindex run to its end."""

    code: int
    seconds: float
    locked_at: float  # seconds until the job held the lock (Python starting before that)
    lingering: list[int]  # processes of the job still alive after it exited


def run_to_end(command: list[str], log: Path, root: Path) -> Run:
    started = time.monotonic()
    locked_at = 0.0
    with log.open("a") as err:
        job = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=err,
                               start_new_session=True)
        while job.poll() is None:
            if not locked_at and lock_record(root).get("pid") == job.pid:
                locked_at = time.monotonic() - started
            time.sleep(0.02)
    return Run(job.returncode, time.monotonic() - started, locked_at,
               settled_members(job.pid, 0.5))


@dataclass
class Kill:
    """One killed run and what was found after it, and after the next run."""

    mode: str
    delay: float
    landed: str = ""
    half_built: int = 0
    children: int = 0  # the job's child processes (Whoosh's writers) when it was killed
    orphans: int = 0
    live_problem: str | None = None
    other_problems: list[str] = field(default_factory=list)
    next_code: int = 0
    next_seconds: float = 0.0
    next_refused: bool = False
    leftovers: list[str] = field(default_factory=list)


def kill_once(kill: Kill, command: list[str], root: Path, report_file: Path, log: Path,
              expected_before: dict[str, str], expected_after: dict[str, str],
              verdicts: Verdicts) -> Run:
    """Start the run, kill it after ``kill.delay``, check, then run it again to the end."""
    live_before = versions.live_version(root)
    with log.open("a") as err:
        job = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=err,
                               start_new_session=True)
    time.sleep(kill.delay)
    if job.poll() is not None:
        kill.landed = "finished"
    else:
        with contextlib.suppress(psutil.Error):
            kill.children = len(psutil.Process(job.pid).children(recursive=True))
        os.kill(job.pid, signal.SIGKILL)  # the job only, as the OOM killer or a crash would
        job.wait()
    # A job killed alone must not leave processes behind. Any are counted here, and ended
    # only once the next run has been tried with them still there.
    survivors = settled_members(job.pid)
    kill.orphans = len(survivors)
    live = versions.live_version(root)
    if not kill.landed:
        if live != live_before:
            kill.landed = "after switch"
        elif lock_record(root).get("pid") == job.pid:
            kill.landed = "mid-build"
        else:
            kill.landed = "before lock"
    left = half_built(root)
    kill.half_built = len(left)
    expected = expected_before if live == live_before else expected_after
    kill.live_problem = (verdicts.check(root, live, expected) if live
                         else "no live version (CURRENT names no folder)")
    kill.other_problems = finished_versions_readable(root)

    # The next run: as cron would start it tomorrow, with the killed job's processes (if
    # any) still there; if it is refused for them, they are ended and it is run again.
    report_file.unlink(missing_ok=True)
    run = run_to_end(command, log, root)
    kill.next_refused = run.code == 75 and bool(survivors)
    end(survivors + run.lingering)
    if kill.next_refused:
        run = run_to_end(command, log, root)
    kill.next_code, kill.next_seconds, lingering = run.code, run.seconds, run.lingering
    report = json.loads(report_file.read_text()) if kill.next_code == 0 else {}
    if kill.next_code == 0:
        if not left <= set(report.get("abandoned_builds", [])):
            kill.leftovers.append("half-built folder not reported by the next run")
        if kill.landed == "mid-build" and report.get("stale_lock_pid") != job.pid:
            kill.leftovers.append("stale lock not reported by the next run")
    if half_built(root):
        kill.leftovers.append(f"half-built folders after the next run: {half_built(root)}")
    if lock_record(root) or lock_held(root):
        kill.leftovers.append("lock record or held lock after the next run")
    if lingering:
        kill.leftovers.append(f"{len(lingering)} processes of the next run left running")
    if len(versions.complete_versions(root)) > versions.KEEP_OLD + 1:
        kill.leftovers.append(f"old versions kept: {versions.complete_versions(root)}")
    problem = verdicts.check(root, versions.live_version(root) or "", expected_after)
    if problem:
        kill.leftovers.append(f"live index after the next run {problem}")
    kill.other_problems += finished_versions_readable(root)
    return run


def crash_probe(args: argparse.Namespace, workdir: Path, base: list[dict], spare: list[dict],
                rng: random.Random, verdicts: Verdicts) -> tuple[list[Kill], dict[str, Run]]:
    root = workdir / "index"
    log = workdir / "reindex.log"
    full_source = write_jsonl(base, workdir / "export.jsonl")
    full_expected = expected_articles(full_source)
    report = workdir / "next-report.json"

    def command(source: Path, incremental: bool) -> list[str]:
        return reindex_command(source, root, report, incremental, args.procs)

    print(f"clean runs to time the job (export of {len(full_expected):,} articles) ...",
          file=sys.stderr)
    clean = {"full": run_to_end(command(full_source, False), log, root)}
    first = variant(base, spare, 0, edit=args.edit, remove=args.remove)
    source = write_jsonl(first, workdir / "export-0.jsonl")
    clean["incremental"] = run_to_end(command(source, True), log, root)
    for mode, run in clean.items():
        if run.code != 0:
            sys.exit(f"the clean {mode} reindex failed ({run.code}); see {log}")
    recent = {mode: [run] for mode, run in clean.items()}  # the next runs add theirs
    incremental_work = json.loads(report.read_text())
    live_expected = expected_articles(source)
    problem = verdicts.check(root, versions.live_version(root), live_expected)
    if problem:
        sys.exit(f"the index of a clean run {problem}")
    print(f"clean full run {clean['full'].seconds:.1f}s (lock taken at "
          f"{clean['full'].locked_at:.1f}s), incremental {clean['incremental'].seconds:.1f}s "
          f"(lock at {clean['incremental'].locked_at:.1f}s: {incremental_work['added']} added, "
          f"{incremental_work['updated']} updated, {incremental_work['removed']} removed)\n")

    print(f"{'#':>3} {'run':<11} {'kill at':>7} {'landed':<12} {'half-built':>10} "
          f"{'children':>8} {'orphans':>7} {'live index':<10} {'next run':>10} {'cleaned':<7}")
    kills = []
    delivered = {"full": 0, "incremental": 0}
    n = 0
    while sum(delivered.values()) < args.kills and n < 2 * args.kills:
        incremental = delivered["incremental"] < delivered["full"]
        if incremental:
            records = variant(base, spare, n + 1, edit=args.edit, remove=args.remove)
            source = write_jsonl(records, workdir / f"export-{n + 1}.jsonl")
            after = expected_articles(source)
        else:
            source, after = full_source, full_expected
        mode = "incremental" if incremental else "full"
        # From a little before a clean run takes the lock to its end: most kills land
        # mid-build, a few while Python starts or after the switch.
        runs = recent[mode][-3:]
        kill = Kill(mode, rng.uniform(statistics.median(r.locked_at for r in runs) * 0.75,
                                      statistics.median(r.seconds for r in runs)))
        recent[mode].append(kill_once(kill, command(source, incremental), root, report, log,
                                      live_expected, after, verdicts))
        live_expected = after
        kills.append(kill)
        delivered[mode] += kill.landed != "finished"
        live = "ok" if not kill.live_problem and not kill.other_problems else "PROBLEM"
        nxt = f"{'75, then ' if kill.next_refused else ''}{kill.next_code}"
        print(f"{n + 1:>3} {kill.mode:<11} {kill.delay:>6.1f}s {kill.landed:<12} "
              f"{kill.half_built:>10} {kill.children:>8} {kill.orphans:>7} {live:<10} "
              f"{nxt:>10} {'no' if kill.leftovers else 'yes':<7}", flush=True)
        for problem in filter(None, [kill.live_problem, *kill.other_problems,
                                     *kill.leftovers]):
            print(f"      {problem}", flush=True)
        if incremental:
            source.unlink()
        n += 1
    return kills, clean


# --- the swap probe ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Response:
    started: float   # time.monotonic()
    kind: str
    query: str
    status: int      # 0: connection error
    ms: float
    total: int | None = None
    error: str = ""


def client(port: int, paths: list[tuple[str, str, str]], seed: int, stop: threading.Event,
           out: list[Response]) -> None:
    """One keep-alive client asking paths at random until told to stop."""
    rng = random.Random(seed)
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    while not stop.is_set():
        kind, query, path = rng.choice(paths)
        started = time.monotonic()
        try:
            connection.request("GET", path)
            response = connection.getresponse()
            body = response.read()
        except (OSError, http.client.HTTPException) as err:
            out.append(Response(started, kind, query, 0, (time.monotonic() - started) * 1000,
                                error=f"{type(err).__name__}: {err}"))
            connection.close()
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            continue
        ms = (time.monotonic() - started) * 1000
        total = None
        if kind == "api" and response.status == 200:
            total = json.loads(body)["total"]
        out.append(Response(started, kind, query, response.status, ms, total))
    connection.close()


def pick(ordered: list[float], p: float) -> float:
    return ordered[min(len(ordered) - 1, round(p * (len(ordered) - 1)))]


def swap_probe(args: argparse.Namespace, workdir: Path, base: list[dict],
               verdicts: Verdicts) -> dict:
    root = workdir / "index"
    log = workdir / "reindex.log"
    report = workdir / "next-report.json"
    totals: list[dict[str, int]] = []  # what each version that was live answers

    def live_totals() -> dict[str, int]:
        view = IndexView(root, versions.live_version(root))
        found = {q: engine.search(view, q).total for q in QUERIES}
        view.release_thread()
        return found

    exports = []
    for k in range(args.swaps):
        records = variant(base, [], 1000 + k, edit=0, remove=0.1)
        exports.append(write_jsonl(records, workdir / f"swap-{k}.jsonl"))
    totals.append(live_totals())

    titles = [r["title"] for r in base]
    rng = random.Random(args.seed)
    paths = [("search", q, "/search?" + urlencode({"q": q})) for q in QUERIES]
    paths += [("api", q, "/api/search?" + urlencode({"q": q})) for q in QUERIES]
    paths += [("suggest", p, "/api/suggest?" + urlencode({"q": p}))
              for p in (t[: rng.randint(3, 6)] for t in rng.sample(titles, 20))]

    port = free_port()
    editor_db = workdir / "editorial.sqlite3"
    env = {**os.environ, "RXSEARCH_EDITOR_DB": str(editor_db),
           "RXSEARCH_RESULT_CACHE_SIZE": "0"}
    server = subprocess.Popen(
        [sys.executable, "-m", "search_app.cli", "serve", "--workers", "2", "--port",
         str(port), "--index", str(root)], cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
        stderr=(workdir / "server.log").open("w"), start_new_session=True)
    responses: list[Response] = []
    switches: list[tuple[str, float, float, str]] = []  # what, started, switched, version
    stop = threading.Event()
    clients = []
    try:
        wait_ready(port)
        clients = [threading.Thread(target=client, args=(port, paths, args.seed * 100 + i,
                                                         stop, responses))
                   for i in range(args.clients)]
        for thread in clients:
            thread.start()
        load_started = time.monotonic()
        time.sleep(args.settle)
        print(f"\n{'switch':<24} {'seconds':>7} {'live version':<34}", flush=True)
        for k, export in enumerate(exports):
            started = time.monotonic()
            run = run_to_end(reindex_command(export, root, report, False, args.procs), log,
                             root)
            if run.code != 0:
                sys.exit(f"reindex {k + 1} under load failed ({run.code}); see {log}")
            live = versions.live_version(root)
            switches.append((f"full reindex {k + 1}", started, time.monotonic(), live))
            totals.append(live_totals())
            print(f"{f'full reindex {k + 1}':<24} {run.seconds:>7.1f} {live:<34}", flush=True)
            time.sleep(args.settle)
        started = time.monotonic()
        code = subprocess.run([sys.executable, "-m", "search_app.cli", "index", "rollback",
                               "--index", str(root)], cwd=ROOT, capture_output=True).returncode
        if code != 0:
            sys.exit(f"index rollback under load failed ({code})")
        live = versions.live_version(root)
        switches.append(("index rollback", started, time.monotonic(), live))
        print(f"{'index rollback':<24} {time.monotonic() - started:>7.1f} {live:<34}",
              flush=True)
        time.sleep(args.settle)
    finally:
        stop.set()
        for thread in clients:
            thread.join()
        load_seconds = time.monotonic() - load_started if clients else 0.0
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=60)
    left = settled_members(server.pid, 5.0)
    end(left)

    allowed = {q: {t[q] for t in totals} for q in QUERIES}
    odd_totals = [r for r in responses if r.kind == "api" and r.status == 200
                  and r.total not in allowed[r.query]]
    # After the rollback the version of the next-to-last export is live again.
    rolled_back_to = expected_articles(exports[-2]) if len(exports) > 1 else None
    problems = finished_versions_readable(root)
    if rolled_back_to is not None:
        problems += filter(None, [verdicts.check(root, versions.live_version(root),
                                                 rolled_back_to)])
    for problem in problems:
        print(f"      {problem}")
    return {"responses": responses, "switches": switches, "odd_totals": odd_totals,
            "server_left": left, "load_seconds": load_seconds, "problems": problems,
            "queries_that_differ": sum(len(t) > 1 for t in allowed.values())}


# --- the summary ------------------------------------------------------------------------

def summarise(kills: list[Kill], clean: dict[str, Run], swap: dict, seconds: float) -> bool:
    delivered = [k for k in kills if k.landed != "finished"]
    landed = {where: sum(k.landed == where for k in kills)
              for where in ("before lock", "mid-build", "after switch", "finished")}
    unreadable = sum(bool(k.live_problem) for k in kills)
    other = sum(bool(k.other_problems) for k in kills)
    orphaned = sum(k.orphans > 0 for k in kills)
    refused = sum(k.next_refused for k in kills)
    failed = sum(k.next_refused or k.next_code != 0 for k in kills)
    not_cleaned = sum(bool(k.leftovers) for k in kills)
    half = sum(k.half_built for k in kills)

    responses = swap["responses"]
    errors = [r for r in responses if r.status == 0]
    non_200 = [r for r in responses if r.status not in (0, 200)]
    ordered = sorted(r.ms for r in responses)
    switch_times = [s[2] for s in swap["switches"]]
    near = sum(any(abs(r.started - t) <= 1.0 for t in switch_times) for r in responses)
    building = sum(any(s[1] <= r.started <= s[2] for s in swap["switches"])
                   for r in responses)

    rows = [
        ("kills delivered (SIGKILL to a running job)",
         f"{len(delivered)} ({sum(k.mode == 'full' for k in delivered)} full, "
         f"{sum(k.mode == 'incremental' for k in delivered)} incremental; "
         f"{len(kills)} runs started, {landed['finished']} finished before their kill)"),
        ("  landed before the lock", landed["before lock"]),
        ("  landed mid-build", f"{landed['mid-build']} (half-built folders left: {half})"),
        ("  landed after the switch", landed["after switch"]),
        ("corrupt or unreadable live indexes", unreadable),
        ("finished versions not readable", other),
        ("kills leaving the job's processes alive", f"{orphaned} (of "
         f"{sum(k.children > 0 for k in kills)} with child processes when killed)"),
        ("next runs failed", f"{failed} (refused as locked by those processes: "
                             f"{refused})"),
        ("leftovers not cleaned by the next run", not_cleaned),
        ("", ""),
        ("index switches under load", f"{len(swap['switches'])} ({len(swap['switches']) - 1} "
                                      f"by full reindexes, 1 by a rollback)"),
        ("requests", f"{len(responses):,} in {swap['load_seconds']:.0f}s "
                     f"({building:,} during a reindex, {near:,} within 1s of a switch)"),
        ("non-200 responses", len(non_200)),
        ("connection errors", len(errors)),
        ("/api/search totals of no live version", f"{len(swap['odd_totals'])} (of "
         f"{sum(r.kind == 'api' and r.status == 200 for r in responses):,}; "
         f"{swap['queries_that_differ']} of {len(QUERIES)} queries differ between versions)"),
        ("latency p50 / p95 / max", f"{statistics.median(ordered):.0f} / "
                                    f"{pick(ordered, .95):.0f} / {ordered[-1]:.0f} ms"
         if ordered else "-"),
        ("server processes left after SIGTERM", len(swap["server_left"])),
        ("index problems after the switches", len(swap["problems"])),
        ("", ""),
        ("clean runs (no kill)", f"full {clean['full'].seconds:.1f}s, incremental "
                                 f"{clean['incremental'].seconds:.1f}s"),
        ("probe run time", f"{seconds:.0f}s"),
    ]
    print("\nsummary")
    for label, value in rows:
        print(f"  {label:<42} {value}" if label else "")
    for r in (non_200 + errors + swap["odd_totals"])[:20]:
        print(f"  failed: {r.kind} {r.query!r} status {r.status} total {r.total} {r.error}")
    return not (unreadable or other or orphaned or failed or not_cleaned or non_200 or errors
                or swap["odd_totals"] or swap["server_left"] or swap["problems"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--articles", type=int, default=800,
                        help="articles in the export (more: longer builds)")
    parser.add_argument("--kills", type=int, default=24, help="half full, half incremental")
    parser.add_argument("--edit", type=float, default=0.25,
                        help="share of articles an incremental export edits")
    parser.add_argument("--remove", type=float, default=0.05,
                        help="share of articles an incremental export removes")
    parser.add_argument("--swaps", type=int, default=3, help="full reindexes under load")
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--settle", type=float, default=3.0,
                        help="seconds of load before the first switch and after each")
    parser.add_argument("--procs", type=int, help="reindex --procs (default: the job's own)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/rxsearch-fault-probe"))
    args = parser.parse_args()

    started = time.monotonic()
    rng = random.Random(args.seed)
    shutil.rmtree(args.workdir, ignore_errors=True)
    args.workdir.mkdir(parents=True)
    base, spare, where = base_records(args.shared, args.articles, rng)
    print(f"source: {len(base):,} articles of {where}; {args.kills} kills (SIGKILL to the "
          f"job's process), {args.swaps} full reindex{'es' if args.swaps != 1 else ''} "
          f"and a rollback under "
          f"{args.clients} clients; machine: {os.cpu_count()} cores, seed {args.seed}")
    verdicts = Verdicts()
    kills, clean = crash_probe(args, args.workdir, base, spare, rng, verdicts)
    swap = swap_probe(args, args.workdir, base, verdicts)
    ok = summarise(kills, clean, swap, time.monotonic() - started)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
