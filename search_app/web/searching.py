"""The app's one SearcherManager per process, and its cache of recent results.

Readers ask the same things again and again (a dengue season fills the log with "dengue"),
so a page of results is kept per process, keyed by the live index version and every
parameter: a reindex makes a new version, so nothing stale is ever shown.
``RESULT_CACHE_SIZE`` (config) bounds it; 0 turns it off.
"""

from __future__ import annotations

from collections.abc import Callable

from flask import current_app

from search_app import engine
from search_app.lru import LruCache
from search_app.searchers import SearcherManager
from search_app.web.params import SearchArgs

EXTENSION = "rxsearch"
RESULTS_EXTENSION = "rxsearch-results"
PAGES_EXTENSION = "rxsearch-pages"


def manager() -> SearcherManager:
    return current_app.extensions[EXTENSION]


def install(app, manager: SearcherManager) -> None:
    app.extensions[EXTENSION] = manager
    app.extensions[RESULTS_EXTENSION] = LruCache(app.config["RESULT_CACHE_SIZE"])
    app.extensions[PAGES_EXTENSION] = LruCache(app.config["RESULT_CACHE_SIZE"])


def search(args: SearchArgs, version: str | None = None) -> engine.SearchResult:
    """``version``: the live index version, when the caller has just read it."""
    found = manager()
    cache: LruCache = current_app.extensions[RESULTS_EXTENSION]
    key = (version or found.live_version(), args)
    result = cache.get(key) if current_app.config["RESULT_CACHE_SIZE"] else None
    if result is None:
        with found.searcher() as searcher:
            result = engine.search(searcher, args.query, library=args.library, lang=args.lang,
                                   letter=args.letter, page=args.page,
                                   page_size=args.page_size, expander=found.expander(),
                                   correct=not args.exact)
        if current_app.config["RESULT_CACHE_SIZE"]:
            cache.put(key, result)
    return result


def rendered(args: SearchArgs, ui_lang: str, render: Callable[[engine.SearchResult], str]
             ) -> tuple[str, engine.SearchResult]:
    """The results page as HTML, kept like the results themselves (per index version, per
    parameter and interface language): a popular search is neither searched nor rendered
    twice. Nothing on the page depends on the reader (no session, no form token)."""
    cache: LruCache = current_app.extensions[PAGES_EXTENSION]
    version = manager().live_version()
    key = (version, args, ui_lang)
    found = cache.get(key) if current_app.config["RESULT_CACHE_SIZE"] else None
    if found is None:
        result = search(args, version)
        found = (render(result), result)
        if current_app.config["RESULT_CACHE_SIZE"]:
            cache.put(key, found)
    return found

