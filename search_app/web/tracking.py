"""Feeding the editors' search analytics from the visitors' pages, in aggregate only.

A search is counted once (its first page), a click when a reader opens a result (the result
link carries the query it came from). A failure to count is logged and never spoils the
reader's page.
"""

from __future__ import annotations

import sqlite3

from flask import current_app, request

from search_app.editorial import analytics
from search_app.engine import SearchResult
from search_app.web.params import SearchArgs


def count_search(args: SearchArgs, result: SearchResult) -> None:
    if not current_app.config["ANALYTICS_ENABLED"] or args.page != 1 or not args.query.strip():
        return
    try:
        analytics.record_search(current_app.config["EDITOR_DB"], args.query, args.library,
                                result.total)
    except sqlite3.Error:
        current_app.logger.warning("search analytics: could not record a search",
                                   exc_info=True)


def count_click() -> None:
    query = request.args.get("q", "")
    if not current_app.config["ANALYTICS_ENABLED"] or not query.strip():
        return
    try:
        analytics.record_click(current_app.config["EDITOR_DB"], query[:analytics.MAX_QUERY * 2],
                               request.args.get("library") or None)
    except sqlite3.Error:
        current_app.logger.warning("search analytics: could not record a click", exc_info=True)
