"""Where one uncached ``/api/search`` request's CPU goes, in-process, over the query mix of
bench/query_bench.py; and the answers themselves, to show a change keeps them identical.

The app is made as ``rxsearch serve`` makes it (result cache off, analytics on, its own
editors' database in a temporary folder) and asked through Flask's test client with
``Accept-Encoding: gzip``, as http_bench's clients ask. Each request's thread CPU time is
measured whole and by stage (each stage a wrapped function: inclusive, so parse is inside
engine.search, snippets inside hit ...) after a first pass over the mix, whose CPU is shown
apart (what a new or recycled worker pays while its caches fill); ``--profile`` adds
cProfile's top functions.

``--answers FILE`` writes every answer's headers and body (one JSON string per line, in the mix's
order; ``--pages`` asks the HTML page ``/search`` instead); ``--compare FILE`` checks the
bodies against such a file, byte for byte, and exits 1 on a difference: a change that only
makes the work cheaper must keep every answer the same.

Run: .venv/bin/python bench/api_profile.py --index /tmp/http-50k/index [--rounds 3]
     [--profile] [--answers before.jsonl | --compare before.jsonl] [--pages]
"""

from __future__ import annotations

import argparse
import cProfile
import gzip
import importlib
import io
import json
import pstats
import random
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).parent))

from query_mix import query_mix  # noqa: E402

# (module, attribute) of each timed stage, in the order a request meets them.
STAGES = [
    ("search_app.web.params", "search_args"),
    ("search_app.web.http_cache", "etag"),
    ("search_app.engine", "search"),
    ("search_app.engine", "parse"),
    ("search_app.engine", "understand"),
    ("search_app.understand", "read_units"),
    ("search_app.understand", "_corrections"),
    ("search_app.understand", "_word_terms"),
    ("search_app.understand", "_spotted"),
    ("search_app.engine", "plan"),
    ("search_app.engine", "retrieve"),
    ("search_app.ranking", "Ranker._words"),
    ("search_app.ranking", "Ranker.top"),
    ("search_app.present", "count_and_filter"),
    ("search_app.present", "hit"),
    ("whoosh.reading", "MultiReader.stored_fields"),
    ("search_app.snippets", "snippet"),
    ("indexer.passages", "PassageKeys.__init__"),
    ("indexer.passages", "PassageKeys.find"),
    ("search_app.snippets", "mark"),
    ("search_app.web.tracking", "count_search"),
    ("search_app.web.api", "messages"),  # placeholder: replaced by worded below
    ("search_app.web.api", "jsonify"),
    ("search_app.web.api", "_preview"),
    ("search_app.web.http_cache", "shared"),
]


class Timers:
    """Inclusive thread CPU time per stage, summed over requests."""

    def __init__(self) -> None:
        self.total: dict[str, float] = defaultdict(float)
        self.calls: dict[str, int] = defaultdict(int)

    def wrap(self, module: str, name: str) -> None:
        owner = importlib.import_module(module)
        *classes, name = name.split(".")
        for cls in classes:
            owner = getattr(owner, cls)
        inner = getattr(owner, name)
        label = f"{module.rsplit('.', 1)[-1]}.{'.'.join([*classes, name])}"
        total, calls = self.total, self.calls

        def timed(*args, **kwargs):
            started = time.thread_time()
            try:
                return inner(*args, **kwargs)
            finally:
                total[label] += time.thread_time() - started
                calls[label] += 1

        setattr(owner, name, timed)


def make_app(index: Path, editor_db: Path):
    from search_app.web import create_app

    return create_app({"RESULT_CACHE_SIZE": 0, "EDITOR_DB": str(editor_db),
                       "SECRET_KEY": "bench"}, index_dir=index)


def paths(shared: Path, prefix: str) -> list[str]:
    mix = query_mix(shared / "eval", random.Random(11))   # http_bench's seed
    return [prefix + "?" + urlencode({"q": q, **({"library": lib} if lib else {})})
            for items in mix.values() for q, lib in items]


def body(response) -> bytes:
    """The answer's headers and its body, uncompressed. Not the date, the compressed length,
    nor the ETag, a digest of the code among the rest (http_cache.code_digest): it changes
    with any change of the code by design."""
    data = response.get_data()
    if response.headers.get("Content-Encoding") == "gzip":
        data = gzip.decompress(data)
    head = "".join(f"{name}: {value}\n" for name, value in response.headers
                   if name not in ("Content-Length", "Date", "ETag"))
    return head.encode() + b"\n" + data


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--index", type=Path, required=True)
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--pages", action="store_true", help="/search (HTML) instead of the API")
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--answers", type=Path, help="write every answer body here")
    parser.add_argument("--compare", type=Path, help="check every answer body against this")
    parser.add_argument("--no-stages", action="store_true", help="whole requests only")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        app = make_app(args.index, Path(tmp) / "editorial.sqlite3")
        client = app.test_client()
        asked = paths(args.shared, "/search" if args.pages else "/api/search")
        headers = {"Accept-Encoding": "gzip", "Accept-Language": "en"}
        started = time.thread_time()
        answers = [body(client.get(p, headers=headers)) for p in asked]   # warm, and kept
        print(f"first pass over the mix (a new worker: caches empty): "
              f"{(time.thread_time() - started) * 1000 / len(asked):.2f} ms CPU per request")
        if args.answers:
            args.answers.write_text("".join(json.dumps(a.decode()) + "\n" for a in answers))
        if args.compare:
            before = [json.loads(line).encode() for line in args.compare.open()]
            differ = [p for p, a, b in zip(asked, answers, before, strict=True) if a != b]
            print(f"{len(asked) - len(differ)} of {len(asked)} answers identical")
            for p in differ[:10]:
                print("  differs:", p)
            if differ:
                sys.exit(1)

        timers = Timers()
        if not args.no_stages:
            for module, name in STAGES:
                if name == "messages":
                    module, name = "search_app.messages", "worded"
                timers.wrap(module, name)
        per_request = []
        profiler = cProfile.Profile() if args.profile else None
        for _ in range(args.rounds):
            for p in asked:
                started = time.thread_time()
                if profiler:
                    profiler.enable()
                client.get(p, headers=headers)
                if profiler:
                    profiler.disable()
                per_request.append((time.thread_time() - started) * 1000)
        count = len(per_request)
        ordered = sorted(per_request)
        p95, p99 = ordered[int(.95 * (count - 1))], ordered[int(.99 * (count - 1))]
        print(f"{count} requests ({len(asked)} queries x {args.rounds}); CPU ms per request: "
              f"mean {statistics.fmean(ordered):.2f}, p50 {statistics.median(ordered):.2f}, "
              f"p95 {p95:.2f}, p99 {p99:.2f}")
        if not args.no_stages:
            print(f"\n{'stage (inclusive)':<32} {'ms/request':>10} {'calls/request':>14}")
            for label, total in timers.total.items():
                print(f"{label:<32} {total * 1000 / count:>10.3f} "
                      f"{timers.calls[label] / count:>14.2f}")
        if profiler:
            out = io.StringIO()
            pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(40)
            print(out.getvalue())


if __name__ == "__main__":
    main()
