from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

from corpus import Article, Rejection, Section
from indexer import build, versions

ROOT = Path(__file__).resolve().parents[2]


def article(article_id: str, title: str, library: str = "disease", text: str = "") -> Article:
    return Article(id=article_id, title=title, library=library, summary=f"About {title}.",
                   sections=(Section("Symptoms", "symptoms", text or f"{title} causes fever."),))


def live_ids(root: Path) -> dict[str, str]:
    with versions.open_version(root, versions.live_version(root)).searcher() as searcher:
        return {f["id"]: f["title"] for f in searcher.all_stored_fields()}


def test_full_build_makes_a_live_version_and_reports_counts(tmp_path: Path):
    report = build.full([article("a", "Alpha"), article("b", "Beta")], tmp_path)
    assert (report.added, report.documents, report.read) == (2, 2, 2)
    assert versions.live_version(tmp_path) == report.version
    assert live_ids(tmp_path) == {"a": "Alpha", "b": "Beta"}
    again = build.full([article("a", "Alpha"), article("c", "Gamma")], tmp_path)
    assert (again.added, again.unchanged, again.removed) == (1, 1, 1)


def test_failed_build_leaves_the_live_index_serving(tmp_path: Path):
    build.full([article("a", "Alpha")], tmp_path)
    live = versions.live_version(tmp_path)

    def crashing():
        yield article("b", "Beta")
        raise RuntimeError("export broke between batches")

    with pytest.raises(RuntimeError):
        build.full(crashing(), tmp_path)
    assert versions.live_version(tmp_path) == live
    assert live_ids(tmp_path) == {"a": "Alpha"}
    assert sorted(p.name for p in tmp_path.iterdir() if p.is_dir()) == [live]


def test_empty_batch_is_refused_and_keeps_the_live_index(tmp_path: Path):
    build.full([article("a", "Alpha")], tmp_path)
    with pytest.raises(build.NothingToIndexError):
        build.full([Rejection("x.jsonl", "line 1", "invalid JSON")], tmp_path)
    with pytest.raises(build.NothingToIndexError):
        build.incremental([], tmp_path)
    assert live_ids(tmp_path) == {"a": "Alpha"}


def test_rejections_are_reported_and_the_rest_indexed(tmp_path: Path):
    bad = Rejection("x.jsonl", "line 2", "title: missing or empty", "broken", "title")
    report = build.full([article("a", "Alpha"), bad, article("b", "Beta")], tmp_path)
    assert report.rejections == [bad] and report.documents == 2
    assert report.to_dict()["rejections"][0]["field"] == "title"


def test_two_processes_build_the_same_index(tmp_path: Path, sample_report):
    report = build.full(sample_report.articles, tmp_path / "mp", procs=2)
    assert report.documents == len(sample_report.articles)
    assert len(live_ids(tmp_path / "mp")) == len(sample_report.articles)


def test_old_versions_are_cleaned_keeping_one_for_rollback(tmp_path: Path):
    for n in range(4):
        build.full([article("a", f"Alpha {n}")], tmp_path)
    assert len(versions.complete_versions(tmp_path)) == 2


def test_rollback_makes_the_previous_version_live(tmp_path: Path):
    build.full([article("a", "Alpha")], tmp_path)
    build.full([article("a", "Alpha broken")], tmp_path)
    versions.rollback(tmp_path)
    assert live_ids(tmp_path) == {"a": "Alpha"}
    with pytest.raises(versions.IndexMissingError):
        versions.rollback(tmp_path)  # nothing older left
    build.full([article("a", "Alpha fixed")], tmp_path)
    assert len(versions.complete_versions(tmp_path)) == 2  # the rolled-back one is gone


def test_a_finished_build_that_never_went_live_is_not_kept_for_rollback(tmp_path: Path):
    """A job killed between writing its meta file and switching CURRENT leaves a finished
    version nobody served: the next run removes it, so rollback still goes to the version
    that was live before (bench/fault_probe.py's review found the window)."""
    import shutil

    build.full([article("a", "Alpha")], tmp_path)
    build.full([article("a", "Alpha 2")], tmp_path)
    live = versions.live_dir(tmp_path)
    orphan = versions.new_version_dir(tmp_path)           # newer than the live version
    shutil.rmtree(orphan)
    shutil.copytree(live, orphan)                         # finished, meta and all
    report = build.full([article("a", "Alpha 3")], tmp_path)
    assert report.abandoned_builds == [orphan.name] and not orphan.exists()
    assert versions.rollback(tmp_path) == live.name
    assert live_ids(tmp_path) == {"a": "Alpha 2"}


def test_missing_index_names_the_fix(tmp_path: Path):
    with pytest.raises(versions.IndexMissingError, match="rxsearch reindex"):
        versions.live_dir(tmp_path)


def test_index_from_other_analysis_version_is_refused(tmp_path: Path):
    build.full([article("a", "Alpha")], tmp_path)
    live_dir = versions.live_dir(tmp_path)
    meta = versions.read_meta(live_dir)
    versions.write_meta(live_dir, {**meta, "analysis_version": "something-older"})
    with pytest.raises(versions.IncompatibleIndexError, match="rxsearch reindex"):
        versions.open_version(tmp_path, versions.live_version(tmp_path))


def test_index_opens_in_a_fresh_process(tiny_index: Path):
    """The schema (and its analyzers) is pickled into the index: it must load elsewhere."""
    code = ("import sys; from pathlib import Path; from indexer import versions; "
            "root = Path(sys.argv[1]); "
            "s = versions.open_version(root, versions.live_version(root)).searcher(); "
            "print(s.doc_count())")
    out = subprocess.run([sys.executable, "-c", code, str(tiny_index)], capture_output=True,
                         text=True, check=True, cwd=ROOT)
    assert int(out.stdout) >= 80


def big_export(path: Path, sample_report) -> Path:
    """~4,000 articles: long enough to be killed mid-build."""
    with path.open("w", encoding="utf-8") as out:
        for n in range(40):
            for a in sample_report.articles:
                out.write(json.dumps({**a.to_record(), "id": f"{a.id}-{n}"},
                                     ensure_ascii=False) + "\n")
    return path


def test_kill_9_mid_build_leaves_the_old_version_serving(tmp_path: Path, sample_report):
    index_dir = tmp_path / "index"
    build.full([article("a", "Alpha")], index_dir)
    live = versions.live_version(index_dir)
    export = big_export(tmp_path / "big.jsonl", sample_report)
    job = subprocess.Popen([sys.executable, "-m", "search_app.cli", "reindex", str(export),
                            "--procs", "1", "--index", str(index_dir)], cwd=ROOT,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and len(list(index_dir.glob("v-*"))) < 2:
        time.sleep(0.05)
    time.sleep(0.5)
    os.kill(job.pid, signal.SIGKILL)
    job.wait()
    assert len(list(index_dir.glob("v-*"))) == 2  # the killed build's half-written folder
    assert versions.live_version(index_dir) == live
    assert live_ids(index_dir) == {"a": "Alpha"}
    report = build.full([article("b", "Beta")], index_dir)  # the next job cleans up
    assert len(report.abandoned_builds) == 1


def test_nothing_to_index_carries_the_report_with_every_rejection(tmp_path: Path):
    build.full([article("a", "Alpha")], tmp_path)
    bad = [Rejection("x.jsonl", "line 1", "invalid JSON"),
           Rejection("x.jsonl", "line 2", "title: missing or empty", "b", "title")]
    for run in (build.full, build.incremental):
        with pytest.raises(build.NothingToIndexError) as info:
            run(bad, tmp_path)
        assert info.value.report.rejections == bad
        assert info.value.report.mode.startswith(run.__name__)
    assert live_ids(tmp_path) == {"a": "Alpha"}


def test_warnings_are_reported_beside_the_articles_and_status_says_how_it_went(
        tmp_path: Path):
    from corpus.validate import ArticleWarning

    warning = ArticleWarning("a.html", "", "<h2> 'Symptoms' was not closed", "a")
    report = build.full([warning, article("a", "Alpha")], tmp_path)
    assert (report.status, report.warnings, report.documents) == ("ok", [warning], 1)
    data = report.to_dict()
    assert data["status"] == "ok" and data["error"] is None
    assert data["warned"] == 1 and data["warnings"][0]["message"].startswith("<h2>")
    assert "0 rejected, 1 warning;" in report.summary()
    bad = Rejection("x.jsonl", "line 2", "title: missing or empty", "b", "title")
    assert build.incremental([article("a", "Alpha"), bad], tmp_path).status == "rejects"


def test_kill_9_of_a_two_process_build_ends_its_writers_and_frees_the_lock(
        tmp_path: Path, sample_report):
    """Whoosh's writer processes die with the job instead of waiting for ever on their
    queue, holding the job's lock (bench/fault_probe.py found every later run refused)."""
    index_dir = tmp_path / "index"
    build.full([article("a", "Alpha")], index_dir)
    export = big_export(tmp_path / "big.jsonl", sample_report)
    job = subprocess.Popen([sys.executable, "-m", "search_app.cli", "reindex", str(export),
                            "--procs", "2", "--index", str(index_dir)], cwd=ROOT,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    writers: list[psutil.Process] = []
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and len(writers) < 2 and job.poll() is None:
        writers = psutil.Process(job.pid).children()
        time.sleep(0.05)
    assert len(writers) == 2, "the build ended before both writer processes were seen"
    os.kill(job.pid, signal.SIGKILL)
    job.wait()
    _, alive = psutil.wait_procs(writers, timeout=10)
    for process in alive:  # don't leave them to the rest of the test run
        process.kill()
    assert alive == []
    report = build.full([article("b", "Beta")], index_dir)  # not refused as locked
    assert report.stale_lock_pid == job.pid
    assert len(report.abandoned_builds) == 1
    assert live_ids(index_dir) == {"b": "Beta"}
