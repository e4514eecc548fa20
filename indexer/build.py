"""The reindex job: full rebuilds and incremental updates, each ending in an atomic switch.

Both take the reindex lock, build a new version folder beside the live one, and only then
point ``CURRENT`` at it (``indexer.versions``). A crash, ``kill -9`` or a bad batch leaves the
live version untouched and serving; the half-built folder is removed by the next job.

- :func:`full` indexes every article into an empty version (``procs=2`` uses Whoosh's
  multiprocessing writer on both cores).
- :func:`incremental` starts from hard links to the live version's files and only adds new
  articles, replaces changed ones (by content hash) and deletes vanished ones.

Input is a stream of articles and rejections (``corpus.read_sources``), so a 100k-article
export is never held in memory at once; rejections and warnings are collected into the
report. An article whose input was rejected is never deleted from the index by an
incremental run.
"""

from __future__ import annotations

import ctypes
import json
import logging
import os
import shutil
import signal
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from whoosh import index
from whoosh.writing import IndexWriter

from analyzers import ANALYSIS_VERSION
from corpus.article import Article
from corpus.sources import Item
from corpus.validate import ArticleWarning, Rejection, Unchanged
from indexer import duplicates, postings, versions, words
from indexer.lock import reindex_lock
from indexer.schema import SCHEMA_VERSION, build_schema, document
from indexer.writer import full_build_writer

log = logging.getLogger(__name__)

Progress = Callable[[int], None]  # called with the number of articles read so far
# An incremental run may pass a function that reads the input given the live index's
# content hashes (id -> hash), so an importer can skip what did not change (see
# corpus.read_sources(known=...)).
ItemSource = Iterable[Item] | Callable[[Mapping[str, str]], Iterable[Item]]
# Per writing process: the postings held in memory before they are spilled to a run file
# (indexer.writer.Inverter's estimate of their size). 256 rather than 128: half the runs to
# write and merge back, 4% less CPU for a 50k build; a two-process build of 100k articles
# stays well under 2 GB (bench/index_bench.py measures the peak of the process tree).
WRITER_MEMORY_MB = 256


class NothingToIndexError(ValueError):
    """A build was asked to publish an empty index, which would blank the live one.

    ``report`` is the run's report so far, with every rejection that explains why.
    """

    def __init__(self, message: str, report: BuildReport) -> None:
        super().__init__(message)
        self.report = report


@dataclass
class BuildReport:
    """What a reindex run did, for people (``summary()``) and automation (``to_dict()``).

    ``status`` says how the run ended: "ok" and "rejects" (published, some input rejected)
    are set by :func:`full` and :func:`incremental`; "nothing-to-index", "locked",
    "incomplete" (a source could not be read to the end) and "error" by whoever ran the
    build and saw it fail, with the reason in ``error``. The live index changes only on the
    first two. ``source`` names where the input came from when one place holds all of it
    (a WordPress site); the version's meta keeps it, so the next run knows what it pulled.
    """

    mode: str
    status: str = "ok"
    error: str | None = None
    source: str | None = None
    version: str | None = None
    documents: int = 0
    read: int = 0
    added: int = 0
    updated: int = 0
    removed: int = 0
    unchanged: int = 0
    rejections: list[Rejection] = field(default_factory=list)
    warnings: list[ArticleWarning] = field(default_factory=list)
    kept_despite_rejects: int = 0
    seconds: float = 0.0
    stale_lock_pid: int | None = None
    abandoned_builds: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def docs_per_second(self) -> float:
        return self.read / self.seconds if self.seconds else 0.0

    def summary(self) -> str:
        return (f"{self.mode} reindex: {self.added} added, {self.updated} updated, "
                f"{self.removed} removed, {self.unchanged} unchanged, "
                f"{len(self.rejections)} rejected, {len(self.warnings)} "
                f"warning{'' if len(self.warnings) == 1 else 's'}; "
                f"{self.documents} articles live in "
                f"{self.version}; {self.seconds:.1f}s ({self.docs_per_second:.0f} articles/s)")

    def to_dict(self) -> dict:
        return {
            "status": self.status, "error": self.error,
            "mode": self.mode, "source": self.source, "version": self.version,
            "documents": self.documents,
            "read": self.read, "added": self.added, "updated": self.updated,
            "removed": self.removed, "unchanged": self.unchanged,
            "rejected": len(self.rejections),
            "rejections": [r.to_dict() for r in self.rejections],
            "warned": len(self.warnings),
            "warnings": [w.to_dict() for w in self.warnings],
            "kept_despite_rejects": self.kept_despite_rejects,
            "seconds": round(self.seconds, 3),
            "docs_per_second": round(self.docs_per_second, 1),
            "stale_lock_pid": self.stale_lock_pid, "abandoned_builds": self.abandoned_builds,
            "notes": self.notes,
        }


def full(items: Iterable[Item], root: Path, *, procs: int = 1,
         progress: Progress | None = None, source: str | None = None) -> BuildReport:
    """Index every article into a new version under ``root`` and make it live."""
    started = time.monotonic()
    with reindex_lock(root) as lock, _writers_die_with_the_job():
        report = BuildReport("full", stale_lock_pid=lock.stale_pid,
                             abandoned_builds=versions.clean_abandoned(root), source=source)
        _full(items, root, report, procs, progress, started)
    report.status = "rejects" if report.rejections else "ok"
    log.info(report.summary())
    return report


def incremental(items: ItemSource, root: Path, *, progress: Progress | None = None,
                source: str | None = None) -> BuildReport:
    """Apply what changed since the live version: add, replace by content hash, delete."""
    started = time.monotonic()
    with reindex_lock(root) as lock:
        report = BuildReport("incremental", stale_lock_pid=lock.stale_pid,
                             abandoned_builds=versions.clean_abandoned(root), source=source)
        try:
            live = versions.live_dir(root)
            versions.open_version(root, live.name).close()
        except (versions.IndexMissingError, versions.IncompatibleIndexError) as err:
            report.mode = "full (no usable live index for an incremental run)"
            report.notes.append(str(err))
            _full(items({}) if callable(items) else items, root, report, 1, progress, started)
        else:
            _incremental(items, root, live, report, progress, started)
    report.status = "rejects" if report.rejections else "ok"
    log.info(report.summary())
    return report


def _full(items: Iterable[Item], root: Path, report: BuildReport, procs: int,
          progress: Progress | None, started: float) -> None:
    old = _live_hashes(root, report)
    version_dir = versions.new_version_dir(root)
    try:
        ix = index.create_in(str(version_dir), build_schema())
        # Each process keeps its own segment instead of merging them all at the end, which
        # would take as long again on one core (indexer.writer: what the writer does faster).
        # The writing processes make each article's fields (analysis included) themselves,
        # and note what the duplicate finder needs of it while its words are at hand.
        writer = full_build_writer(ix, procs=procs, limitmb=WRITER_MEMORY_MB,
                                   prepare=document, notes=duplicates.TopicNotes)
        glossary: dict[str, str] = {}
        seen: set[str] = set()
        with _CommitOrCancel(writer):
            for article in _articles(items, report, progress, seen):
                writer.add_item(article)
                _count_change(report, old.get(article.id), article.content_hash)
                for entry in article.glossary:
                    if entry.bn:
                        glossary.setdefault(entry.term.casefold(), entry.bn)
            if not seen:
                raise NothingToIndexError("no valid articles to index; the live index is "
                                          "left as it was", report)
        report.removed = len(old.keys() - seen)
        report.documents = len(seen)
        versions.write_glossary(version_dir, sorted(glossary.items()))
        _finish(root, version_dir, report, started)
    except BaseException:
        shutil.rmtree(version_dir, ignore_errors=True)
        raise


def _incremental(items: ItemSource, root: Path, live: Path,
                 report: BuildReport, progress: Progress | None, started: float) -> None:
    old = _live_hashes(root, report)
    if callable(items):
        items = items(old)
    version_dir = versions.new_version_dir(root, copy_of=live)
    try:
        writer = index.open_dir(str(version_dir)).writer(limitmb=WRITER_MEMORY_MB)
        with _CommitOrCancel(writer):
            seen: set[str] = set()
            for article in _articles(items, report, progress, seen):
                before = old.get(article.id)
                if before == article.content_hash:
                    report.unchanged += 1
                    continue
                writer.update_document(**document(article))
                _count_change(report, before, article.content_hash)
            if not seen:
                raise NothingToIndexError("no valid articles in the input; the live index "
                                          "is left as it was", report)
            for article_id in _vanished(old.keys() - seen, report):
                writer.delete_by_term("id", article_id)
                report.removed += 1
            if not (report.added or report.updated or report.removed):
                writer.cancel()
        if not (report.added or report.updated or report.removed):
            shutil.rmtree(version_dir, ignore_errors=True)
            report.version, report.documents = live.name, len(old)
            report.notes.append("nothing changed; the live index stays as it is")
            report.seconds = time.monotonic() - started
            return
        with index.open_dir(str(version_dir)).searcher() as searcher:
            report.documents = searcher.doc_count()
            versions.write_glossary(version_dir, _glossary_of(searcher))
        _finish(root, version_dir, report, started)
    except BaseException:
        shutil.rmtree(version_dir, ignore_errors=True)
        raise


def _articles(items: Iterable[Item], report: BuildReport, progress: Progress | None,
              seen: set[str]) -> Iterable[Article]:
    """The articles to write; rejections, warnings and unchanged records are only counted."""
    for item in items:
        if isinstance(item, Rejection):
            report.rejections.append(item)
            continue
        if isinstance(item, ArticleWarning):
            report.warnings.append(item)
            continue
        report.read += 1
        if progress is not None:
            progress(report.read)
        if isinstance(item, Unchanged):
            seen.add(item.article_id)
            report.unchanged += 1
            continue
        seen.add(item.id)
        yield item


def _count_change(report: BuildReport, before: str | None, after: str) -> None:
    if before is None:
        report.added += 1
    elif before != after:
        report.updated += 1
    else:
        report.unchanged += 1


def _vanished(missing: set[str], report: BuildReport) -> list[str]:
    """Ids to delete: gone from the export, and not merely rejected this time."""
    if any(r.article_id is None for r in report.rejections):
        report.kept_despite_rejects = len(missing)
        if missing:
            report.notes.append(f"{len(missing)} articles missing from the input were kept: "
                                f"some input could not be read at all")
        return []
    protected = {r.article_id for r in report.rejections}
    report.kept_despite_rejects = len(missing & protected)
    return sorted(missing - protected)


_PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>
_job_pid = 0  # set while a full build may fork Whoosh's writer processes


def _die_with_the_job() -> None:
    """In a process just forked by a build: have the kernel kill it when the job dies.

    Whoosh's multiprocessing writer (``--procs 2``) forks writers that wait on a queue for
    the job's next batch. Killed alone (``kill -9``, the OOM killer), the job would leave
    them waiting for ever, and, since a fork shares the job's open files, holding its
    ``flock``: every later reindex would be refused as locked by the dead job. (The
    kernel signals when the thread that forked dies: the one running the build.)
    """
    global _job_pid
    job, _job_pid = _job_pid, 0  # the writers' own children, if any, are not asked
    if not job:
        return
    ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != job:  # the job died before the line above
        os._exit(1)


@cache
def _watch_forks() -> None:
    os.register_at_fork(after_in_child=_die_with_the_job)


@contextmanager
def _writers_die_with_the_job() -> Iterator[None]:
    """Processes forked in the block die with this one (on Linux; elsewhere Whoosh's
    writers outlive a killed job as they always have)."""
    global _job_pid
    if sys.platform != "linux":
        yield
        return
    _watch_forks()
    _job_pid = os.getpid()
    try:
        yield
    finally:
        _job_pid = 0


class _CommitOrCancel:
    """Commit the writer on success; cancel it (releasing its files) on any error."""

    def __init__(self, writer: IndexWriter) -> None:
        self.writer = writer

    def __enter__(self) -> IndexWriter:
        return self.writer

    def __exit__(self, kind, error, trace) -> None:
        if kind is None:
            if not getattr(self.writer, "is_closed", False):
                self.writer.commit()
        else:
            try:
                self.writer.cancel()
            except Exception:  # the original error matters more than a failed cleanup
                log.exception("cancelling the index writer failed")


def _live_hashes(root: Path, report: BuildReport) -> dict[str, str]:
    """id -> content hash of the live version, read from columns (no stored fields)."""
    name = versions.live_version(root)
    if name is None:
        return {}
    try:
        ix = versions.open_version(root, name)
    except versions.IncompatibleIndexError:
        report.notes.append("the live index was built by another version; all articles "
                            "count as added")
        return {}
    with ix.reader() as reader:
        ids = reader.column_reader("id")
        hashes = reader.column_reader("content_hash")
        return {ids[n]: hashes[n].decode("ascii") for n in reader.all_doc_ids()}


def _glossary_of(searcher) -> list[tuple[str, str]]:
    reader = searcher.reader()
    column = reader.column_reader("glossary_pairs")
    pairs: dict[str, str] = {}
    for docnum in reader.all_doc_ids():
        for term, gloss in json.loads(column[docnum] or b"[]"):
            pairs.setdefault(term.casefold(), gloss)
    return sorted(pairs.items())


def _store_query_data(version_dir: Path) -> None:
    # What search workers would otherwise make from the index on their first queries: the
    # ranking data (postings, positions, lengths and facet columns as arrays they map,
    # indexer.postings) and the word tables (indexer.words).
    stored = postings.store(version_dir)
    log.info("ranking data: %d words, %d postings, %.1f MB in %.1fs", stored.words,
             stored.postings, stored.bytes / 1e6, stored.seconds)
    log.info("word tables in %.1fs", words.store(version_dir))


def _finish(root: Path, version_dir: Path, report: BuildReport, started: float) -> None:
    # The editors' duplicate topics are found here, before the switch, not in a web request:
    # the version goes live with its pairs. All pairs, in incremental runs too (the text
    # evidence weighs words by the whole library): 7 s of CPU for 5,483 articles.
    # The query data is made meanwhile in a thread: duplicates.store mostly waits for its
    # worker processes, and the thread has the job's own core then (a 50k build: 3.4 s of
    # 13 after the writers).
    with ThreadPoolExecutor(1, thread_name_prefix="query-data") as pool:
        query_data = pool.submit(_store_query_data, version_dir)
        found = duplicates.store(version_dir)
        log.info("duplicate topics: %d candidate pairs among %d articles in %.1fs",
                 len(found.pairs), found.articles, found.seconds)
        query_data.result()
    report.seconds = time.monotonic() - started
    report.version = version_dir.name
    versions.write_meta(version_dir, {
        "schema_version": SCHEMA_VERSION,
        "analysis_version": ANALYSIS_VERSION,
        "documents": report.documents,
        "mode": report.mode,
        "built_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "build_seconds": round(report.seconds, 3),
        "source": report.source,
    })
    versions.publish(root, version_dir)
