"""Home page and search results."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, render_template, request

from corpus.article import LANGUAGES, LIBRARIES
from indexer.schema import LETTERS
from search_app import engine

bp = Blueprint("search", __name__)

MAX_PAGE = 1000


def _args() -> tuple[str, str | None, str | None, str | None, int]:
    query = request.args.get("q", "")
    if len(query) > engine.MAX_QUERY_CHARS:
        abort(400, f"The search is too long (at most {engine.MAX_QUERY_CHARS} characters).")
    library = request.args.get("library") or None
    if library is not None and library not in LIBRARIES:
        abort(400, f"Unknown library {library!r}.")
    lang = request.args.get("lang") or None
    if lang is not None and lang not in LANGUAGES:
        abort(400, f"Unknown language {lang!r}.")
    letter = request.args.get("letter") or None
    if letter is not None and letter not in LETTERS:
        abort(400, f"Unknown letter {letter!r}.")
    try:
        page = int(request.args.get("page", "1"))
    except ValueError:
        abort(400, "The page must be a number.")
    if not 1 <= page <= MAX_PAGE:
        abort(400, f"The page must be between 1 and {MAX_PAGE}.")
    return query, library, lang, letter, page


@bp.get("/")
def home():
    """The search box and the four libraries."""
    return render_template("search/home.html")


@bp.get("/search")
def results():
    """Ranked results with library counts."""
    query, library, lang, letter, page = _args()
    manager = current_app.extensions["rxsearch"]
    with manager.searcher() as searcher:
        result = engine.search(searcher, query, library=library, lang=lang, letter=letter,
                               page=page, expander=manager.expander())
    return render_template("search/results.html", result=result)
