"""How long `rxsearch reindex https://SITE/` takes against a 5,000-post site, and how many
requests it makes.

Serves a fake WordPress site (tests/corpus/fake_wordpress.py: the REST API's paging,
headers and filters) on 127.0.0.1 from a separate process, with --posts posts made of the
first MedQuAD articles of ../shared/corpus (the sample library, repeated, when that is
absent), each rendered as the library's pages are: headed sections, glossary tooltips,
and the site chrome boxes the theme puts in every post's content. Then:

  pull only       the pull alone, in this process, no index, no pause between requests
  full            `rxsearch reindex URL` in a subprocess, as cron runs it (0.2 s between
                  requests, --procs 2): the pull and the whole build, to the switch
  incremental     after editing 1% of the posts, deleting 10 and publishing 10:
                  `rxsearch reindex --incremental URL`
  nothing new     the same again with nothing changed
  baseline        the same posts written to a REST dump file, `rxsearch reindex posts.json`
                  (the same importer, no HTTP), then `--incremental` on the edited file

Prints, for each, wall seconds and the requests the site received (counted by the site),
then what the job's report says. "pull running" is the pull's own clock, from its first
request to its last item: the build indexes while it runs, so it is not pull time alone.

Run: .venv/bin/python bench/wordpress_pull_bench.py [--posts 5000] [--interval 0.2]
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import platform
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from corpus import SAMPLE_DIR, ImportReport  # noqa: E402
from corpus.wordpress_pull import DEFAULT_SETTINGS, WordPressPull  # noqa: E402
from tests.corpus.fake_wordpress import CATEGORIES, LIBRARY_CATEGORY, FakeWordPress  # noqa: E402

MEDQUAD = ROOT.parent / "shared" / "corpus" / "medquad.jsonl"
CHROME = (
    '<div class="rx-patient-tools"><h2>Patient Tools</h2><p>Read, save, and share this guide. '
    "Use these quick tools to make this medical article easier to read, print, save, or "
    "share with a family member.</p></div>"
    '<div class="rx-urgent"><h2>Seek urgent medical care if you notice</h2><ul>'
    "<li>Severe symptoms, breathing difficulty, fainting, confusion, or rapidly worsening "
    "illness.</li><li>New weakness, severe pain, high fever, or symptoms after a serious "
    "injury.</li></ul></div>"
    '<div class="rx-roadmap"><h2>Care roadmap</h2><ol>' + "".join(
        f"<li>Step {n}: check danger signs, record the symptom story, visit a qualified "
        f"clinician, do only useful tests, follow up.</li>" for n in range(1, 6)) +
    "</ol></div>")
GLOSS = ('<span class="rx-term" data-rx-term="inflammation" data-rx-definition="Inflammation '
         "is the body's response to injury, infection, or irritation. সহজ বাংলা: শরীরের "
         'প্রদাহ; ব্যথা, ফোলা বা লালভাব হতে পারে।">inflammation</span>')


def source_records() -> list[dict]:
    if MEDQUAD.exists():
        with MEDQUAD.open(encoding="utf-8") as lines:
            return [json.loads(line) for line in lines if line.strip()]
    return [a.to_record() for a in ImportReport.collect([SAMPLE_DIR]).articles]


def make_post(number: int, record: dict, modified: str) -> dict:
    """A post as /wp/v2/posts?_embed gives it, from a canonical record."""
    library = record.get("library") or "disease"
    category = next(c for c in CATEGORIES if c["id"] == LIBRARY_CATEGORY[library])
    sections = record.get("sections") or [{"heading": "Overview", "text": record["summary"]}]
    body = "".join(
        f"<h2>{s['heading']}</h2>" + "".join(f"<p>{para}</p>" for para in
                                              s["text"].split("\n") if para.strip())
        for s in sections)
    content = CHROME + f"<p>Key facts, and where {GLOSS} fits in.</p>" + body
    return {
        "id": number, "date": "2025-05-02T10:00:00", "date_gmt": "2025-05-02T04:00:00",
        "modified": modified, "modified_gmt": modified, "slug": f"topic-{number}",
        "status": "publish", "type": "post", "link": f"https://rx.example.org/topic-{number}/",
        "title": {"rendered": record["title"]},
        "content": {"rendered": content, "protected": False},
        "excerpt": {"rendered": f"<p>{record.get('summary', '')[:300]}</p>",
                    "protected": False},
        "categories": [category["id"]], "meta": {},
        "_embedded": {"wp:term": [[{**category, "taxonomy": "category"}], []]},
    }


def serve(posts: list[dict], conn) -> None:
    """The fake site, in its own process; answers "count" and "edit" over ``conn``."""
    with FakeWordPress(posts) as site:
        conn.send(site.url)
        while True:
            command, *args = conn.recv()
            if command == "count":
                conn.send(len(site.requests))
            elif command == "edit":
                changed, deleted = args
                for post in changed:
                    site.posts[post["id"]] = post
                for number in deleted:
                    del site.posts[number]
                conn.send("ok")
            else:
                return


class Site:
    def __init__(self, posts: list[dict]) -> None:
        self.conn, child = multiprocessing.Pipe()
        self.process = multiprocessing.Process(target=serve, args=(posts, child), daemon=True)
        self.process.start()
        self.url = self.conn.recv()

    def ask(self, *command):
        self.conn.send(command)
        return self.conn.recv()

    def stop(self) -> None:
        self.conn.send(("stop",))
        self.process.join(10)


def reindex(source: str, index: Path, report: Path, *extra: str) -> tuple[float, dict]:
    """Wall seconds and the JSON report of one `rxsearch reindex` in a subprocess."""
    command = [sys.executable, "-m", "search_app.cli", "reindex", source, "--index",
               str(index), "--report", str(report), *extra]
    started = time.monotonic()
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    seconds = time.monotonic() - started
    if done.returncode not in (0, 3):
        sys.exit(f"reindex failed ({done.returncode}):\n{done.stderr[-3000:]}")
    return seconds, json.loads(report.read_text())


def counts(report: dict) -> str:
    return (f"added {report['added']}, updated {report['updated']}, removed "
            f"{report['removed']}, unchanged {report['unchanged']}")


def edits(posts: int, records: list[dict]) -> tuple[list[dict], list[int]]:
    """1% of the posts edited now, 10 new ones, and 10 deleted."""
    now = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S")
    changed = [make_post(n, records[(n + 7) % len(records)], now)
               for n in range(1, posts + 1, 100)]
    changed += [make_post(posts + n, records[n], now) for n in range(1, 11)]
    return changed, list(range(50, posts + 1, max(1, posts // 10)))[:10]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--posts", type=int, default=5000)
    parser.add_argument("--interval", type=float, default=DEFAULT_SETTINGS.interval,
                        help="seconds between requests for the reindex runs")
    args = parser.parse_args()

    records = source_records()
    old = "2025-01-01T08:00:00"
    posts = {n: make_post(n, records[(n - 1) % len(records)], old)
             for n in range(1, args.posts + 1)}
    size = sum(len(json.dumps(p, ensure_ascii=False).encode()) for p in posts.values())
    print(f"fake site: {len(posts):,} posts, {size / len(posts) / 1024:.1f} KiB of JSON per "
          f"post with _embed, from {'MedQuAD' if MEDQUAD.exists() else 'the sample library'}")
    print(f"machine: {platform.machine()}, {multiprocessing.cpu_count()} cores, Python "
          f"{platform.python_version()}; the site runs in its own process on 127.0.0.1; "
          f"load average at the start {os.getloadavg()[0]:.1f}")
    site = Site(list(posts.values()))
    rows, baseline = [], []
    interval = ["--request-interval", str(args.interval)]
    try:
        before = site.ask("count")
        pull = WordPressPull(site.url, settings=replace(DEFAULT_SETTINGS, interval=0))
        started = time.monotonic()
        read = sum(1 for _ in pull.items())
        rows.append(("pull only (interval 0, no index)", time.monotonic() - started,
                     site.ask("count") - before, f"{read:,} items, {pull.posts:,} posts"))

        with tempfile.TemporaryDirectory() as tmp:
            tmp = Path(tmp)
            index, report = tmp / "index", tmp / "report.json"
            changed, deleted = edits(args.posts, records)
            for label, extra, edit in [
                    ("full reindex", [], False),
                    ("incremental: 1% edited, 10 deleted, 10 new", ["--incremental"], True),
                    ("incremental: nothing new", ["--incremental"], False)]:
                if edit:
                    site.ask("edit", changed, deleted)
                before = site.ask("count")
                seconds, data = reindex(site.url, index, report, *interval, *extra)
                asked = site.ask("count") - before
                pulled = data["wordpress"]
                rows.append((label, seconds, asked,
                             f"{counts(data)}; {pulled['posts_read']:,} posts read, "
                             f"{pulled['requests']} requests counted by the job, "
                             f"{pulled['retried']} retried, pull running "
                             f"{pulled['seconds']:.1f}s"))

            # Baseline: the same posts as a REST dump file, through the same importer.
            dump = tmp / "posts.json"
            dump.write_text(json.dumps(list(posts.values()), ensure_ascii=False))
            seconds, data = reindex(str(dump), tmp / "base", report)
            baseline.append(("full reindex of posts.json", seconds, counts(data)))
            for post in changed:
                posts[post["id"]] = post
            for number in deleted:
                del posts[number]
            dump.write_text(json.dumps(list(posts.values()), ensure_ascii=False))
            seconds, data = reindex(str(dump), tmp / "base", report, "--incremental")
            baseline.append(("incremental, the edited posts.json", seconds, counts(data)))
    finally:
        site.stop()

    print(f"\nreindex runs: `rxsearch reindex URL` in a subprocess, --request-interval "
          f"{args.interval}, default --procs; requests as the site counted them\n")
    print(f"{'run':<46} {'seconds':>8} {'requests':>9}  report")
    for label, seconds, asked, note in rows:
        print(f"{label:<46} {seconds:>8.1f} {asked:>9}  {note}")
    print("\nbaseline: the same posts in a REST dump file (`rxsearch reindex posts.json`), "
          "no HTTP\n")
    for label, seconds, note in baseline:
        print(f"{label:<46} {seconds:>8.1f} {'':>9}  {note}")
    print(f"\nload average at the end {os.getloadavg()[0]:.1f} (over "
          f"{multiprocessing.cpu_count()} means other work "
          f"shared the cores: figures are slower than on a quiet machine)")


if __name__ == "__main__":
    main()
