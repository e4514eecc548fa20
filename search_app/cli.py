"""``rxsearch``: the one command line for editors, the reindex job and developers.

Data goes to stdout, progress and summaries to stderr. Errors a user can cause exit with a
clear message and a non-zero code, never a traceback.
"""

from __future__ import annotations

import functools
import json
import os
import sys
from pathlib import Path

import click

from corpus import LIBRARIES, LIBRARY_LABELS, SAMPLE_DIR, ImportReport
from indexer import build, versions
from search_app import engine
from search_app.searchers import SearcherManager

PROJECT_DIR = Path(__file__).resolve().parent.parent
DEFAULT_INDEX = PROJECT_DIR / "var" / "index"
CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"]}

EXIT_REJECTS = 3  # the job ran, but some input was rejected


def default_index() -> Path:
    """``$RXSEARCH_INDEX``, else ``var/index`` in the project folder."""
    return Path(os.environ.get("RXSEARCH_INDEX") or DEFAULT_INDEX)


def index_option(func):
    """``--index DIR`` for every subcommand that touches the index."""

    @click.option("--index", "index_dir", type=click.Path(file_okay=False, path_type=Path),
                  default=default_index, show_default="$RXSEARCH_INDEX or var/index",
                  help="Index folder.")
    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except (versions.IndexMissingError, versions.IncompatibleIndexError) as err:
            raise click.ClickException(str(err)) from err

    return wrapper


def json_option(func):
    return click.option("--json", "as_json", is_flag=True, help="Print JSON.")(func)


def _echo_json(data: object) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))


def _print_rejections(report: ImportReport, *, limit: int = 50, err: bool = True) -> None:
    for rejection in report.rejections[:limit]:
        click.echo(f"rejected: {rejection}", err=err)
    if len(report.rejections) > limit:
        click.echo(f"... and {len(report.rejections) - limit} more rejections", err=err)


@click.group(context_settings=CONTEXT_SETTINGS)
def cli() -> None:
    """Search engine for the RX patient-education library (English and Bangla)."""


@cli.command()
@click.argument("sources", nargs=-1, type=click.Path(path_type=Path))
@click.option("--allow-rejects", is_flag=True,
              help="Exit 0 even when some articles were rejected.")
@index_option
def reindex(sources: tuple[Path, ...], allow_rejects: bool, index_dir: Path) -> None:
    """Build a new index from SOURCES (default: the sample library) and make it live.

    SOURCES are files or folders: .jsonl, .toml, .html, WordPress .json or .xml. Rejected
    articles are listed and skipped; the exit code is 3 when any were rejected, unless
    --allow-rejects. If nothing valid is left, the live index is kept as it was.

    Example:

    \b
        rxsearch reindex corpus/sample ../shared/corpus/medquad.jsonl
    """
    report = ImportReport.collect(sources or [SAMPLE_DIR])
    _print_rejections(report)
    try:
        result = build.full(report.articles, index_dir)
    except build.NothingToIndexError as err:
        raise click.ClickException(str(err)) from err
    rate = result.documents / result.seconds if result.seconds else 0.0
    click.echo(f"indexed {result.documents} articles into {index_dir / result.version} "
               f"in {result.seconds:.1f}s ({rate:.0f} articles/s); "
               f"{len(report.rejections)} rejected", err=True)
    if report.rejections and not allow_rejects:
        sys.exit(EXIT_REJECTS)


@cli.command()
@click.argument("query")
@click.option("--library", type=click.Choice(LIBRARIES), help="Only this A–Z library.")
@click.option("--page", type=click.IntRange(min=1), default=1, show_default=True)
@index_option
@json_option
def search(query: str, library: str | None, page: int, index_dir: Path,
           as_json: bool) -> None:
    """Search the index and print the best hits.

    Example:

    \b
        rxsearch search "fever headache" --library disease
    """
    manager = SearcherManager(index_dir)
    with manager.searcher() as searcher:
        result = engine.search(searcher, query, library=library, page=page,
                               expander=manager.expander())
    if as_json:
        _echo_json(result.to_dict())
        return
    if not result.total:
        click.echo(f"No articles found for {result.query!r}.")
        return
    facets = ", ".join(f"{LIBRARY_LABELS[f.value]} {f.count}" for f in result.libraries)
    note = "" if result.matched_all_words else " (not all words matched)"
    click.echo(f"{result.total} articles{note} · {facets}")
    first = (result.page - 1) * result.page_size
    for rank, hit in enumerate(result.hits, start=first + 1):
        click.echo(f"{rank:>3}. {hit.title}  [{LIBRARY_LABELS[hit.library]}]  {hit.id}")


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
    """Check articles without indexing them: counts, and every rejection with its reason.

    Exits 1 when anything was rejected.

    Example:

    \b
        rxsearch validate corpus/sample ../shared/corpus/medquad.jsonl
    """
    report = ImportReport.collect(sources or [SAMPLE_DIR])
    counts = report.counts()
    if as_json:
        _echo_json({"counts": counts, "rejections": [r.to_dict() for r in report.rejections]})
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
        _print_rejections(report, limit=200, err=False)
    if report.rejections:
        sys.exit(1)


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", type=int, default=8000, show_default=True)
@index_option
def serve(host: str, port: int, index_dir: Path) -> None:
    """Serve the search web app (development server; see the README for production).

    Example:

    \b
        rxsearch serve --port 8000
    """
    from search_app.web import create_app

    versions.live_dir(index_dir)  # fail now with a clear message, not on the first request
    app = create_app({"INDEX_DIR": str(index_dir)})
    click.echo(f"serving {index_dir} on http://{host}:{port}/", err=True)
    app.run(host=host, port=port, threaded=True)
