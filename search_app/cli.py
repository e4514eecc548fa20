"""``rxsearch``: the one command line for editors, the reindex job and developers.

Data goes to stdout, progress and summaries to stderr. Errors a user can cause exit with a
clear message and a non-zero code, never a traceback.
"""

from __future__ import annotations

import json
import os
import sqlite3
import sys
import time
from dataclasses import asdict, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import NoReturn

import click

from corpus import LIBRARIES, LIBRARY_LABELS, SAMPLE_DIR, ImportReport, read_sources
from corpus.sources import estimate_count
from indexer import build, versions
from indexer.lock import ReindexLockedError, reindex_lock
from indexer.stats import index_stats
from search_app import browse, engine, messages, related
from search_app import suggest as suggestions
from search_app.cli_common import _echo_json, index_option, json_option
from search_app.cli_editorial import analytics_command, duplicates_command, editor_group
from search_app.editorial import store
from search_app.index_view import ViewManager

CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"]}

EXIT_REJECTS = 3  # the job ran, but some input was rejected
EXIT_LOCKED = 75  # EX_TEMPFAIL: another reindex job is running; try again later


def _print_rejections(rejections: list, *, limit: int = 50, err: bool = True) -> None:
    for rejection in rejections[:limit]:
        click.echo(f"rejected: {rejection}", err=err)
    if len(rejections) > limit:
        click.echo(f"... and {len(rejections) - limit} more rejections", err=err)


def _print_warnings(warnings: list, *, limit: int = 50, err: bool = True) -> None:
    for warning in warnings[:limit]:
        click.echo(f"warning: {warning}", err=err)
    if len(warnings) > limit:
        click.echo(f"... and {len(warnings) - limit} more warnings", err=err)


@click.group(context_settings=CONTEXT_SETTINGS)
def cli() -> None:
    """Search engine for the RX patient-education library (English and Bangla)."""


class SourceType(click.ParamType):
    """A file or folder, or the address of a WordPress site (``https://…``, kept as text)."""

    name = "source"

    def convert(self, value, param, ctx):
        if isinstance(value, str) and value.startswith(("http://", "https://")):
            return value
        return Path(value)


@cli.command()
@click.argument("sources", nargs=-1, type=SourceType())
@click.option("--incremental", is_flag=True,
              help="Only add new, replace changed and remove vanished articles.")
@click.option("--procs", type=click.IntRange(1, 16), default=lambda: min(2, os.cpu_count() or 1),
              show_default="2 on a machine with 2+ cores",
              help="Processes for a full rebuild (measured: 2.4x faster on 2 cores).")
@click.option("--report", "report_file", type=click.Path(dir_okay=False, path_type=Path),
              help="Also write the summary as JSON to this file.")
@click.option("--allow-rejects", is_flag=True,
              help="Exit 0 even when some articles were rejected.")
@click.option("--request-interval", type=click.FloatRange(min=0), default=0.2,
              show_default=True, metavar="SECONDS",
              help="From a WordPress site: at least this long from one request to the next.")
@index_option
def reindex(sources: tuple[Path | str, ...], incremental: bool, procs: int,
            report_file: Path | None, allow_rejects: bool, request_interval: float,
            index_dir: Path) -> None:
    """Rebuild the index from SOURCES (default: the sample library) and switch to it.

    SOURCES are files or folders: .jsonl, .toml, .html, WordPress .json or .xml; or,
    alone, the address of the WordPress site, whose posts are pulled over its REST API
    (with --incremental, only the posts changed since the live index's pull, and a listing
    of ids to find deleted ones; an application password for a site that wants one comes
    from RXSEARCH_WP_USER and RXSEARCH_WP_APP_PASSWORD). The new version is built beside the
    live one and switched to atomically; a failed run leaves the live index serving.
    Rejected articles are listed and skipped (an incremental run never deletes an article
    because its input was rejected).

    Exit codes: 0 done; 1 error (nothing changed: no valid article, a missing source, a
    site that could not be read to the end, an unexpected failure); 3 done, but some
    articles were rejected (0 with --allow-rejects); 75 another reindex job holds the lock.
    Rejections and warnings (text an importer had to repair or leave out) are listed on
    stderr. --report writes the JSON report whatever the outcome, with "status" (ok,
    rejects, nothing-to-index, incomplete, locked, error) and "error".

    Example:

    \b
        rxsearch reindex corpus/sample ../shared/corpus/medquad.jsonl --report run.json
        rxsearch reindex --incremental export.jsonl
        rxsearch reindex --incremental https://rx.example.org/ --report pull.json
    """
    from corpus import wordpress_pull  # imports requests: only for the command that needs it

    mode = "incremental" if incremental else "full"
    sites = [s for s in sources if isinstance(s, str)]
    if sites and len(sources) > 1:
        raise click.UsageError("a WordPress site is pulled alone: give one site address, "
                               "or files and folders")
    pull, facts = None, None
    if sites:
        try:
            pull = _wordpress_pull(sites[0], incremental, request_interval, index_dir)
        except wordpress_pull.PullSetupError as err:
            _fail(report_file, build.BuildReport(mode, source=sites[0]), str(err))
        facts = pull.to_dict
        progress = ProgressPrinter(None, label="pulling")
        pull.on_total = progress.set_total
    else:
        paths = list(sources) or [SAMPLE_DIR]
        missing = [str(p) for p in paths if not p.exists()]
        if missing:
            _fail(report_file, build.BuildReport(mode),
                  f"no such file or folder: {', '.join(missing)}")
        progress = ProgressPrinter(estimate_count(paths))
    source = pull.site if pull else None
    try:
        if incremental:
            items = pull or (lambda known: read_sources(paths, known=known))
            report = build.incremental(items, index_dir, progress=progress, source=source)
        else:
            items = pull.items() if pull else read_sources(paths)
            report = build.full(items, index_dir, procs=procs, progress=progress,
                                source=source)
    except ReindexLockedError as err:
        progress.close()
        _fail(report_file, build.BuildReport(mode, source=source), str(err), status="locked",
              code=EXIT_LOCKED, facts=facts)
    except wordpress_pull.PullIncompleteError as err:
        progress.close()
        for failed in err.failed:
            click.echo(f"failed: {failed}", err=True)
        _fail(report_file, build.BuildReport(mode, source=source), str(err),
              status="incomplete", facts=facts)
    except build.NothingToIndexError as err:
        progress.close()
        _print_outcome(err.report)
        _fail(report_file, err.report, str(err), status="nothing-to-index", facts=facts)
    except OSError as err:  # the index folder: permissions, a full disk
        progress.close()
        _fail(report_file, build.BuildReport(mode, source=source),
              f"cannot update the index: {err}", facts=facts)
    except Exception as err:
        # A bug: the report says so before the traceback does.
        progress.close()
        _write_report(report_file, build.BuildReport(mode, status="error", source=source,
                                                     error=f"{type(err).__name__}: {err}"),
                      facts)
        raise
    progress.close()
    _print_outcome(report)
    if pull is not None:
        click.echo(f"pulled {pull.site}: {pull.mode} pull, {pull.posts} posts read in "
                   f"{pull.requests} requests ({pull.retried} retried), "
                   f"{pull.seconds:.1f}s", err=True)
    click.echo(report.summary(), err=True)
    _write_report(report_file, report, facts)
    if report.rejections and not allow_rejects:
        sys.exit(EXIT_REJECTS)


def _wordpress_pull(site: str, incremental: bool, interval: float, index_dir: Path):
    """The pull of ``site``; incremental from when the live index's pull of it started."""
    from corpus import wordpress_pull

    settings = replace(wordpress_pull.DEFAULT_SETTINGS, interval=interval,
                       credentials=wordpress_pull.credentials_from_env())
    since = None
    if incremental:
        try:
            meta = versions.read_meta(versions.live_dir(index_dir))
        except versions.IndexMissingError:
            meta = {}
        if meta.get("source") == wordpress_pull.site_address(site) and "built_at" in meta:
            # The job's start, on this machine's clock: the pull runs inside the build.
            built = datetime.strptime(meta["built_at"], "%Y-%m-%dT%H:%M:%SZ")
            since = built.replace(tzinfo=UTC) - timedelta(seconds=meta.get("build_seconds", 0))
    return wordpress_pull.WordPressPull(site, since=since, settings=settings)


def _print_outcome(report: build.BuildReport) -> None:
    """Rejections, warnings and notes of a run, on stderr."""
    _print_rejections(report.rejections)
    _print_warnings(report.warnings)
    for note in report.notes:
        click.echo(f"note: {note}", err=True)
    if report.stale_lock_pid:
        click.echo(f"note: cleared a stale lock left by pid {report.stale_lock_pid}", err=True)
    if report.abandoned_builds:
        click.echo(f"note: removed unfinished builds: {', '.join(report.abandoned_builds)}",
                   err=True)


def _fail(report_file: Path | None, report: build.BuildReport, message: str, *,
          status: str = "error", code: int = 1, facts=None) -> NoReturn:
    """End a reindex run that changed nothing: the report, then the message and exit code."""
    report.status, report.error = status, message
    _write_report(report_file, report, facts)
    click.echo(f"Error: {message}", err=True)
    sys.exit(code)


def _write_report(report_file: Path | None, report: build.BuildReport, facts=None) -> None:
    """The JSON report; ``facts`` (a function) adds what a WordPress pull did."""
    if report_file is None:
        return
    data = report.to_dict()
    if facts is not None:
        data["wordpress"] = facts()
    text = json.dumps(data, ensure_ascii=False, indent=2)
    try:
        report_file.write_text(text, encoding="utf-8")
    except OSError as err:
        click.echo(f"Error: cannot write the report {report_file}: {err.strerror or err}",
                   err=True)
        sys.exit(1)


class ProgressPrinter:
    """A progress bar on a terminal; a plain line every few seconds otherwise (cron, CI)."""

    def __init__(self, total: int | None, every_seconds: float = 10.0,
                 label: str = "indexing") -> None:
        self.total = total
        self.tty = sys.stderr.isatty()
        self.every = every_seconds
        self.label = label
        self.started = self.last = time.monotonic()
        self.done = 0
        self._bar = None

    def set_total(self, total: int) -> None:
        """The total, once known (a WordPress site says it with its first page)."""
        if self._bar is None:
            self.total = total

    def __call__(self, done: int) -> None:
        step, self.done = done - self.done, done
        if self.tty and self._bar is None:  # made at the first article: the total is known
            self._bar = click.progressbar(length=self.total, label=self.label,
                                          file=sys.stderr, show_pos=True,
                                          show_eta=self.total is not None)
            self._bar.__enter__()
        if self._bar is not None:
            self._bar.update(step)
            return
        now = time.monotonic()
        if now - self.last >= self.every:
            self.last = now
            rate = done / (now - self.started)
            of = f" of ~{self.total}" if self.total else ""
            click.echo(f"indexed {done}{of} articles ({rate:.0f}/s)", err=True)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.__exit__(None, None, None)
            self._bar = None


@cli.command()
@index_option
@json_option
def stats(index_dir: Path, as_json: bool) -> None:
    """Counts per library and language, terms, size and build facts of the live index.

    Example:

    \b
        rxsearch stats --json
    """
    facts = index_stats(index_dir)
    if as_json:
        _echo_json(facts.to_dict())
        return
    meta = facts.meta
    click.echo(f"index {facts.root}, live version {facts.version}")
    click.echo(f"built {meta.get('built_at', '?')} ({meta.get('mode', '?')}, "
               f"{meta.get('build_seconds', '?')}s); schema {meta.get('schema_version')}, "
               f"analysis {meta.get('analysis_version')}")
    click.echo(f"articles: {facts.documents} ({facts.deleted} deleted, awaiting merge)")
    for lib in LIBRARIES:
        click.echo(f"  {LIBRARY_LABELS[lib]:<10} {facts.per_library.get(lib, 0)}")
    langs = ", ".join(f"{k} {v}" for k, v in facts.per_language.items())
    click.echo(f"languages: {langs}")
    click.echo(f"terms: {facts.terms:,} in the text fields")
    click.echo(f"size: {facts.size_bytes / 1_048_576:.1f} MiB")
    click.echo(f"versions on disk: {', '.join(facts.versions_on_disk)}")


@cli.group(name="index")
def index_group() -> None:
    """Manage index versions: list them, roll back, receive one built elsewhere.

    Example:

    \b
        rxsearch index list
        rxsearch index rollback
        rxsearch index receive /srv/incoming/v-20261129T060000000000-1a2b3c
    """


@index_group.command(name="list")
@index_option
def index_list(index_dir: Path) -> None:
    """List the finished index versions, newest first, marking the live one.

    Example:

    \b
        rxsearch index list
    """
    live = versions.live_version(index_dir)
    names = versions.complete_versions(index_dir)
    if not names:
        raise click.ClickException(f"no index versions in {index_dir}")
    for name in names:
        meta = versions.read_meta(index_dir / name)
        mark = "*" if name == live else " "
        click.echo(f"{mark} {name}  {meta.get('documents', '?')} articles  "
                   f"built {meta.get('built_at', '?')} ({meta.get('mode', '?')})")


@index_group.command()
@index_option
def rollback(index_dir: Path) -> None:
    """Make the previous index version live again (after a bad export, say).

    Example:

    \b
        rxsearch index rollback
    """
    try:
        with reindex_lock(index_dir):
            name = versions.rollback(index_dir)
    except ReindexLockedError as err:
        click.echo(f"Error: {err}", err=True)
        sys.exit(EXIT_LOCKED)
    click.echo(f"rolled back: {name} is live", err=True)


@index_group.command()
@click.argument("version_dir", type=click.Path(file_okay=False, path_type=Path))
@index_option
def receive(version_dir: Path, index_dir: Path) -> None:
    """Make VERSION_DIR, a version the reindex job built on another machine, live here.

    For several web nodes fed by one reindex job: copy the job's live version folder to
    each node, then receive it there. The copy is checked before the switch; serving
    workers follow it without a restart. Receiving the live version again changes nothing.

    Example:

    \b
        rsync -a build:/srv/rxsearch/index/$(ssh build rxsearch index live) /srv/incoming/
        rxsearch index receive /srv/incoming/v-20261129T060000000000-1a2b3c
    """
    try:
        with reindex_lock(index_dir):
            name = versions.receive(index_dir, version_dir)
    except ReindexLockedError as err:
        click.echo(f"Error: {err}", err=True)
        sys.exit(EXIT_LOCKED)
    except (versions.NotAVersionError, OSError) as err:
        raise click.ClickException(str(err)) from err
    click.echo(f"received: {name} is live", err=True)


@index_group.command()
@index_option
def live(index_dir: Path) -> None:
    """Print the live version's folder name (for scripts that copy it to web nodes).

    Example:

    \b
        rxsearch index live
    """
    click.echo(versions.live_dir(index_dir).name)


@cli.command()
@click.argument("query", required=False)
@click.option("--library", type=click.Choice(LIBRARIES), help="Only this A–Z library.")
@click.option("--lang", type=click.Choice(["en", "bn"]),
              help="en: only articles in English; bn: only those with Bangla to read "
                   "(in Bangla, or with a Bangla title or note).")
@click.option("--page", type=click.IntRange(min=1), default=1, show_default=True)
@click.option("--batch", "batch_file", type=click.File("r", encoding="utf-8"),
              help="Read one query per line (or JSON lines with a \"query\" field; - for "
                   "stdin) and write one JSON result per line.")
@index_option
@json_option
def search(query: str | None, library: str | None, lang: str | None, page: int,
           batch_file, index_dir: Path, as_json: bool) -> None:
    """Search the index and print the best hits, with where each matched.

    QUERY takes words, "phrases", -exclusions and filters (library:drug, lang:bn,
    letter:D). --json prints the result as one JSON object (see the README for its fields).

    Example:

    \b
        rxsearch search "fever headache" --library disease
        rxsearch search 'জ্বরের চিকিৎসা' --json
        rxsearch search --batch queries.txt > results.jsonl
    """
    if batch_file is not None:
        _search_batch(batch_file, library, lang, index_dir)
        return
    if not query:
        raise click.UsageError("give a QUERY, or --batch FILE")
    result = engine.search(ViewManager(index_dir).view(), query, library=library, lang=lang,
                           page=page)
    if as_json:
        _echo_json(messages.worded(result))
        return
    if result.notice:
        signs = ", ".join(s.label_en for s in result.notice.signs)
        click.echo(f"!! {signs}: {result.notice.message_en}")
    for note in result.notes:
        click.echo(f"note: {messages.note_text(note)}")
    for reading in result.interpreted_as:
        click.echo(messages.reading_text(reading))
    if result.showing_for:
        click.echo(f"Showing results for {result.showing_for!r} "
                   f"(no articles for {result.query!r}).")
    elif result.did_you_mean:
        click.echo(f"Did you mean {result.did_you_mean!r}?")
    if not result.total:
        click.echo(f"No articles found for {result.query!r}.")
        return
    facets = ", ".join(f"{LIBRARY_LABELS[f.value]} {f.count}" for f in result.libraries)
    note = "" if result.matched_all_words else " (not all words matched)"
    click.echo(f"{result.total} articles{note} · {facets}")
    first = (result.page - 1) * result.page_size
    for rank, hit in enumerate(result.hits, start=first + 1):
        label = messages.matched_label(hit)
        where = f"  in {label}" if label else ""
        click.echo(f"{rank:>3}. {hit.title}  [{LIBRARY_LABELS[hit.library]}]  {hit.id}{where}")


def _search_batch(lines, library: str | None, lang: str | None, index_dir: Path) -> None:
    """One JSON result per input line; a bad line gets an error object, not a stop."""
    view = ViewManager(index_dir).view()  # one index version for the whole batch
    for number, line in enumerate(lines, start=1):
        text = line.strip()
        if not text:
            continue
        if text.startswith("{"):
            try:
                text = json.loads(text)["query"]
            except (ValueError, KeyError, TypeError):
                click.echo(json.dumps({"line": number, "error": "not a JSON object with a "
                                       "query field"}))
                continue
        result = engine.search(view, str(text), library=library, lang=lang)
        click.echo(json.dumps(messages.worded(result), ensure_ascii=False, default=str))


@cli.command()
@click.argument("prefix")
@click.option("--limit", type=click.IntRange(1, 10), default=8, show_default=True)
@index_option
@json_option
def suggest(prefix: str, limit: int, index_dir: Path, as_json: bool) -> None:
    """Title suggestions for what a reader has typed so far (English or Bangla).

    Titles the prefix starts come first, then articles whose other name it starts (shown
    after the title), then, when there are few, titles one typo away.

    Example:

    \b
        rxsearch suggest diab
        rxsearch suggest ডেঙ্গ
        rxsearch suggest esoph      # Oesophageal Cancer — esophageal cancer (an other name)
    """
    found = suggestions.suggest(ViewManager(index_dir).view(), prefix, limit=limit)
    if as_json:
        _echo_json([asdict(s) for s in found])
        return
    for s in found:
        name = f" — {s.matched_name}" if s.matched_name else ""
        bangla = f"  ({s.title_bn})" if s.title_bn else ""
        typo = "  (typo?)" if s.match == "typo" else ""
        click.echo(f"{s.title}{name}{bangla}  [{LIBRARY_LABELS[s.library]}]{typo}  {s.id}")


@cli.command(name="related")
@click.argument("article_id")
@index_option
@json_option
def related_command(article_id: str, index_dir: Path, as_json: bool) -> None:
    """The most related articles in each library, strong links only.

    Example:

    \b
        rxsearch related dengue-fever
    """
    found = related.related(ViewManager(index_dir).view().searcher(), article_id)
    if found is None:
        raise click.ClickException(f"no article {article_id!r} in the index")
    if as_json:
        _echo_json(asdict(found))
        return
    click.echo(f"Related to {found.title}:")
    for lib in LIBRARIES:
        click.echo(f"  {LIBRARY_LABELS[lib]}:")
        for item in found.by_library[lib]:
            click.echo(f"    {item.title}  ({item.strength:.2f}, {item.reason})  {item.id}")
        if not found.by_library[lib]:
            click.echo("    No strong indexed relationship is available yet.")


@cli.command(name="browse")
@click.argument("library", type=click.Choice(LIBRARIES))
@click.argument("letter", required=False)
@index_option
@json_option
def browse_command(library: str, letter: str | None, index_dir: Path, as_json: bool) -> None:
    """A library's A–Z index, or its titles under one letter (in reader order).

    Example:

    \b
        rxsearch browse drug
        rxsearch browse disease D
    """
    searcher = ViewManager(index_dir).view().searcher()
    if letter is None:
        index = browse.letters(searcher, library)
        data = asdict(index)
    else:
        if letter.upper() not in browse.LETTERS:
            raise click.BadParameter(f"{letter!r} is not A–Z or #", param_hint="LETTER")
        page = browse.titles(searcher, library, letter.upper(), page_size=1000)
        data = asdict(page)
    if as_json:
        _echo_json(data)
    elif letter is None:
        click.echo("  ".join(f"{a}:{n}" for a, n in index.letters))
    else:
        for entry in page.entries:
            click.echo(f"{entry.title}  {entry.id}")


@cli.command()
@click.argument("text")
@click.option("--lang", type=click.Choice(["auto", "en", "bn"]), default="auto",
              show_default=True, help="auto routes each word by its script.")
@click.option("--no-fold", is_flag=True, help="Keep Bangla spelling variants apart.")
@json_option
def analyze(text: str, lang: str, no_fold: bool, as_json: bool) -> None:
    """Show the tokens the index stores for TEXT: key, position, character offsets.

    Example:

    \b
        rxsearch analyze "জ্বরের ওষুধ and headaches"
    """
    from analyzers import bangla_analyzer, english_analyzer, text_analyzer

    analyzer = {"auto": lambda: text_analyzer(fold_variants=not no_fold),
                "en": english_analyzer,
                "bn": lambda: bangla_analyzer(fold_variants=not no_fold)}[lang]()
    tokens = [{"text": t.text, "original": text[t.startchar:t.endchar], "pos": t.pos,
               "start": t.startchar, "end": t.endchar}
              for t in analyzer(text, positions=True, chars=True)]
    if as_json:
        _echo_json(tokens)
        return
    for token in tokens:
        click.echo(f"{token['pos']:>3}  {token['start']:>4}-{token['end']:<4}  "
                   f"{token['original']}  →  {token['text']}")


@cli.command()
@click.argument("sources", nargs=-1, type=click.Path(path_type=Path))
@json_option
def validate(sources: tuple[Path, ...], as_json: bool) -> None:
    """Check articles without indexing them: counts, every rejection with its reason, and
    every warning (text an importer had to repair or leave out).

    Exits 1 when anything was rejected; warnings alone do not change the exit code.

    Example:

    \b
        rxsearch validate corpus/sample ../shared/corpus/medquad.jsonl
    """
    report = ImportReport.collect(sources or [SAMPLE_DIR])
    counts = report.counts()
    if as_json:
        _echo_json({"counts": counts, "rejections": [r.to_dict() for r in report.rejections],
                    "warnings": [w.to_dict() for w in report.warnings]})
    else:
        click.echo(f"{counts['articles']} valid articles")
        for lib in LIBRARIES:
            click.echo(f"  {LIBRARY_LABELS[lib]:<10} {counts['per_library'][lib]}")
        langs = ", ".join(f"{k} {v}" for k, v in sorted(counts["per_language"].items()))
        click.echo(f"languages: {langs or 'none'}")
        click.echo(f"with a Bangla patient note: {counts['with_bangla_note']}")
        click.echo(f"glossary terms: {counts['glossary_terms']} "
                   f"({counts['glossary_terms_with_bangla']} with a Bangla definition)")
        click.echo(f"also-known-as names: {counts['also_known_as_names']}")
        click.echo(f"rejected: {counts['rejected']}")
        _print_rejections(report.rejections, limit=200, err=False)
        click.echo(f"warnings: {counts['warnings']}")
        _print_warnings(report.warnings, limit=200, err=False)
    if report.rejections:
        sys.exit(1)


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", type=int, default=8000, show_default=True)
@click.option("--workers", type=click.IntRange(1, 64), default=None,
              help="gunicorn worker processes [default: one per core, at most 8]")
@click.option("--threads", type=click.IntRange(1, 32), default=2, show_default=True,
              help="threads per worker")
@click.option("--dev", is_flag=True, help="Flask's development server instead of gunicorn")
@index_option
def serve(host: str, port: int, workers: int | None, threads: int, dev: bool,
          index_dir: Path) -> None:
    """Serve the search web app with gunicorn (or Flask's server with --dev).

    Example:

    \b
        rxsearch serve --port 8000 --workers 2
    """
    from search_app.web import create_app, server

    versions.live_dir(index_dir)  # fail now with a clear message, not on the first request
    try:
        app = create_app(index_dir=index_dir)
    except (store.UnsafePermissionsError, ValueError) as err:  # the message says the fix
        raise click.ClickException(str(err)) from err
    except (sqlite3.Error, OSError) as err:
        raise click.ClickException(f"cannot use the editors' database: {err}") from err
    click.echo(f"serving {index_dir} on http://{host}:{port}/", err=True)
    if dev:
        app.run(host=host, port=port, threaded=True)
    else:
        server.run(app, host, port, workers or server.default_workers(), threads)


cli.add_command(duplicates_command)
cli.add_command(editor_group)
cli.add_command(analytics_command)

if __name__ == "__main__":
    cli()
