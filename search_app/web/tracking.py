"""Feeding the editors' search analytics from the visitors' pages, in aggregate only.

A search is counted once (its first page), a click when a reader opens a result (the result
link carries the query it came from). The query is masked (``analytics.normalise_query``)
before it is counted. Counts gather in the process's ``analytics.Tally``, whose thread
writes them within ``ANALYTICS_FLUSH_SECONDS`` even if no request follows, at most
``ANALYTICS_MAX_QUERIES_PER_DAY`` new queries a day; a failure to write is logged and never
spoils the reader's page.
"""

from __future__ import annotations

import atexit
import sqlite3

from flask import Flask, current_app, request

from corpus.article import LIBRARIES
from search_app.editorial import analytics
from search_app.engine import SearchResult
from search_app.web.params import SearchArgs

EXTENSION = "rxsearch-tally"


def install(app: Flask) -> None:
    tally = analytics.Tally(app.config["EDITOR_DB"], app.config["ANALYTICS_FLUSH_SECONDS"],
                            app.config["ANALYTICS_MAX_QUERIES_PER_DAY"])
    app.extensions[EXTENSION] = tally
    atexit.register(_close_quietly, tally, app)


def _close_quietly(tally: analytics.Tally, app: Flask) -> None:
    try:
        tally.close()
    except (sqlite3.Error, OSError):
        app.logger.warning("search analytics: could not write counts", exc_info=True)


def _count(row: analytics.Row | None, **counts: int) -> None:
    if row is None or not current_app.config["ANALYTICS_ENABLED"]:
        return
    tally: analytics.Tally = current_app.extensions[EXTENSION]
    try:
        tally.count(row, **counts)
    except (sqlite3.Error, OSError):
        current_app.logger.warning("search analytics: could not write counts", exc_info=True)


def count_search(args: SearchArgs, result: SearchResult) -> None:
    if args.page == 1:
        _count(analytics.search_row(args.query, args.library), searches=1,
               zero_results=int(result.total == 0))


def count_click() -> None:
    query = request.args.get("q", "")  # normalise_query bounds the text it looks at
    library = request.args.get("library")
    # The link is anyone's to edit: an unknown library would be one more row.
    _count(analytics.search_row(query, library if library in LIBRARIES else None), clicks=1)
