"""Options and helpers shared by the ``rxsearch`` subcommands."""

from __future__ import annotations

import functools
import json
from pathlib import Path

import click

from indexer import versions


def index_option(func):
    """``--index DIR`` for every subcommand that touches the index."""

    @click.option("--index", "index_dir", type=click.Path(file_okay=False, path_type=Path),
                  default=versions.default_root, show_default="$RXSEARCH_INDEX or var/index",
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
