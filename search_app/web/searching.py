"""The app's one ViewManager per process, the request's index view, and recent results.

A request takes the live index version once (``view()``, kept on ``flask.g``) and uses it
for everything it shows, so a reindex mid-request cannot mix versions.

Readers ask the same things again and again (a dengue season fills the log with "dengue"),
so results and rendered results pages are kept per process, keyed by the index version and
every parameter: a reindex makes a new version, so nothing stale is ever shown.
``RESULT_CACHE_SIZE`` (config) bounds each cache; 0 turns them off.
"""

from __future__ import annotations

from collections.abc import Callable

from flask import current_app, g

from search_app import engine
from search_app.index_view import IndexView, ViewManager
from search_app.lru import LruCache
from search_app.web.params import SearchArgs

EXTENSION = "rxsearch"
RESULTS_EXTENSION = "rxsearch-results"
PAGES_EXTENSION = "rxsearch-pages"


def install(app, manager: ViewManager) -> None:
    app.extensions[EXTENSION] = manager
    app.extensions[RESULTS_EXTENSION] = LruCache(app.config["RESULT_CACHE_SIZE"])
    app.extensions[PAGES_EXTENSION] = LruCache(app.config["RESULT_CACHE_SIZE"])


def view() -> IndexView:
    """The live index version's view for this request (read once per request)."""
    found = g.get("index_view")
    if found is None:
        found = g.index_view = current_app.extensions[EXTENSION].view()
    return found


def _cached(extension: str, key: tuple, make: Callable[[], object]):
    if not current_app.config["RESULT_CACHE_SIZE"]:
        return make()
    cache: LruCache = current_app.extensions[extension]
    found = cache.get(key)
    if found is None:
        found = make()
        cache.put(key, found)
    return found


def search(args: SearchArgs) -> engine.SearchResult:
    """The engine's result for ``args`` on this request's index version."""
    current = view()
    return _cached(RESULTS_EXTENSION, (current.version, args), lambda: engine.search(
        current, args.query, library=args.library, lang=args.lang, letter=args.letter,
        page=args.page, page_size=args.page_size, correct=not args.exact))


def rendered(args: SearchArgs, ui_lang: str, render: Callable[[engine.SearchResult], str]
             ) -> tuple[str, engine.SearchResult]:
    """The results page as HTML, kept like the results themselves (per index version, per
    parameter and interface language): a popular search is neither searched nor rendered
    twice. Nothing on the page depends on the reader (no session, no form token)."""

    def make() -> tuple[str, engine.SearchResult]:
        result = search(args)
        return render(result), result

    return _cached(PAGES_EXTENSION, (view().version, args, ui_lang), make)
