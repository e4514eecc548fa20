"""The editors' commands: ``rxsearch duplicates``, ``rxsearch editor``, ``rxsearch analytics``."""

from __future__ import annotations

import csv
import functools
import io
import sqlite3
import sys
from pathlib import Path

import click

from corpus import LIBRARIES
from indexer.duplicates import PairsMissingError
from search_app.cli_common import _echo_json, index_option
from search_app.editorial import accounts, analytics, decisions, store
from search_app.index_view import ViewManager


def db_option(func):
    """``--db FILE``, and a clear message (not a traceback) when it cannot be used."""

    @click.option("--db", "db_path", type=click.Path(dir_okay=False, path_type=Path),
                  default=store.default_path,
                  show_default="$RXSEARCH_EDITOR_DB or var/editorial.sqlite3",
                  help="The editors' database (accounts, decisions, analytics).")
    @functools.wraps(func)
    def wrapper(*args, db_path: Path, **kwargs):
        try:
            return func(*args, db_path=db_path, **kwargs)
        except store.UnsafePermissionsError as err:
            raise click.ClickException(str(err)) from err
        except (sqlite3.Error, OSError) as err:
            raise click.ClickException(
                f"cannot use the editors' database {db_path}: {err}") from err

    return wrapper


@click.command(name="duplicates")
@click.option("--library", type=click.Choice(LIBRARIES), help="Only pairs involving it.")
@click.option("--min-score", type=click.FloatRange(0, 1), default=0.5, show_default=True)
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table",
              show_default=True)
@click.option("--limit", type=click.IntRange(1), default=100, show_default=True)
@click.option("--all", "show_all", is_flag=True,
              help="Also list pairs editors marked 'not a duplicate'.")
@index_option
@db_option
def duplicates_command(library: str | None, min_score: float, fmt: str, limit: int,
                       show_all: bool, index_dir: Path, db_path: Path) -> None:
    """Candidate duplicate topics, best first, with the evidence for each pair.

    The pairs are those the last reindex found and stored with the index. Pairs an editor
    marked "not a duplicate" are left out (--all shows them); "merge planned" pairs are
    listed with their decision.

    Example:

    \b
        rxsearch duplicates --library cancer --min-score 0.6 --format csv
    """
    view = ViewManager(index_dir).view()
    try:
        found = view.duplicates
    except PairsMissingError as err:
        raise click.ClickException(str(err)) from err
    pairs = found.select(library=library, min_score=min_score)
    rows = [(pair, decision.decision if decision else "") for pair, decision
            in decisions.reviewed(db_path, pairs, show_dismissed=show_all)][:limit]
    click.echo(f"{found.articles} articles compared by the reindex of {view.version} "
               f"(in {found.seconds:.1f}s); {len(rows)} pairs shown", err=True)
    if fmt == "json":
        _echo_json([{**pair.to_dict(), "decision": decision or None}
                    for pair, decision in rows])
    elif fmt == "csv":
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(["score", "a_id", "a_title", "a_library", "b_id", "b_title",
                         "b_library", "evidence", "decision"])
        for pair, decision in rows:
            writer.writerow([f"{pair.score:.3f}", pair.a.id, pair.a.title, pair.a.library,
                             pair.b.id, pair.b.title, pair.b.library, pair.explanation(),
                             decision])
    else:
        for pair, decision in rows:
            flag = f"  [{decision}]" if decision else ""
            click.echo(f"{pair.score:.2f}  {pair.a.title} ({pair.a.library}) / "
                       f"{pair.b.title} ({pair.b.library}){flag}")
            click.echo(f"      {pair.explanation()}")


@click.group(name="editor")
def editor_group() -> None:
    """Editor accounts for the /editor pages (there is no default account)."""


@editor_group.command(name="add")
@click.argument("name")
@db_option
def editor_add(name: str, db_path: Path) -> None:
    """Create an editor account; the password is asked for twice, never echoed.

    Example:

    \b
        rxsearch editor add amina
    """
    try:
        accounts.check_name(name)
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
        accounts.add(db_path, name, password)
    except accounts.AccountError as err:
        raise click.ClickException(str(err)) from err
    click.echo(f"editor {name!r} created", err=True)


@editor_group.command(name="remove")
@click.argument("name")
@db_option
def editor_remove(name: str, db_path: Path) -> None:
    """Delete an editor account and end its sessions (their recorded decisions stay).

    Example:

    \b
        rxsearch editor remove amina
    """
    if not accounts.remove(db_path, name):
        raise click.ClickException(f"there is no editor called {name!r}")
    click.echo(f"editor {name!r} removed; any open sessions are ended", err=True)


@editor_group.command(name="password")
@click.argument("name")
@db_option
def editor_password(name: str, db_path: Path) -> None:
    """Set a new password for an editor, asked for twice; ends the editor's sessions.

    Example:

    \b
        rxsearch editor password amina
    """
    if name not in accounts.names(db_path):
        raise click.ClickException(f"there is no editor called {name!r}")
    try:
        password = click.prompt("New password", hide_input=True, confirmation_prompt=True)
        ended = accounts.set_password(db_path, name, password)
    except accounts.AccountError as err:
        raise click.ClickException(str(err)) from err
    click.echo(f"password of {name!r} changed; {ended} open session(s) ended", err=True)


@editor_group.command(name="list")
@db_option
def editor_list(db_path: Path) -> None:
    """The editor accounts.

    Example:

    \b
        rxsearch editor list
    """
    for name in accounts.names(db_path):
        click.echo(name)


@click.command(name="analytics")
@click.option("--days", type=click.IntRange(1, 3650), default=30, show_default=True)
@click.option("--limit", type=click.IntRange(1), default=20, show_default=True)
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table",
              show_default=True)
@click.option("--purge", is_flag=True, help="First delete rows older than --retention days.")
@click.option("--retention", type=click.IntRange(1), default=analytics.DEFAULT_RETENTION_DAYS,
              show_default=True)
@click.option("--min-count", type=click.IntRange(1), default=analytics.DEFAULT_MIN_COUNT,
              show_default=True,
              help="Show a query only once this many days or searches carry it.")
@db_option
def analytics_command(days: int, limit: int, fmt: str, purge: bool, retention: int,
                      min_count: int, db_path: Path) -> None:
    """Top searches, searches that found nothing, and searches whose results nobody opened.

    Rarer queries are left out of the lists and counted together.

    Example:

    \b
        rxsearch analytics --days 7 --format csv
    """
    if purge:
        click.echo(f"purged {analytics.purge(db_path, retention)} rows older than "
                   f"{retention} days", err=True)
    found = analytics.report(db_path, days=days, limit=limit, min_count=min_count)
    if fmt == "json":
        _echo_json(found.to_dict())
        return
    if fmt == "csv":
        click.echo(analytics.to_csv(found), nl=False)
        return
    out = io.StringIO()
    out.write(f"{found.total_searches} searches from {found.start} to {found.end}\n")
    for title, items in (("top searches", found.top),
                         ("searches that found nothing", found.zero_results),
                         ("searches whose results nobody opened", found.unclicked)):
        out.write(f"\n{title}:\n")
        for row in items:
            library = f" [{row.library}]" if row.library else ""
            out.write(f"  {row.searches:>6}  {row.query}{library}  (no results "
                      f"{row.zero_results}, clicks {row.clicks})\n")
        if not items:
            out.write("  none\n")
    if found.hidden_queries:
        out.write(f"\n{found.hidden_queries} rarer queries ({found.hidden.searches} searches)"
                  f" hidden: shown once {min_count} days or searches carry them\n")
    click.echo(out.getvalue(), nl=False)
