"""Request parameters, checked once for the pages and the JSON API alike.

Anything a reader (or a crawler) can put in a URL is checked here and refused with a 400 and
a sentence that says what is wrong; the engine never sees a bad value.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import abort, request

from corpus.article import LANGUAGES, LIBRARIES
from indexer.schema import LETTERS
from search_app import engine

MAX_PAGE = 1000
MAX_ID_CHARS = 200
MAX_PREFIX_CHARS = 100


@dataclass(frozen=True, slots=True)
class SearchArgs:
    query: str
    library: str | None
    lang: str | None
    letter: str | None
    page: int
    page_size: int
    exact: bool        # "search instead for", "search only for … as typed": nothing read or fixed

    def url_args(self) -> dict[str, str | int]:
        """The parameters that name this search and nothing else the URL carried. Links on
        a cached results page are built from these only, so one visitor's extra parameters
        (``&ref=…``) never reach the next visitor served the same page."""
        values = {"q": self.query, "library": self.library, "lang": self.lang,
                  "letter": self.letter,
                  "page": self.page if self.page != 1 else None,
                  "page_size": self.page_size if self.page_size != engine.PAGE_SIZE else None,
                  "exact": 1 if self.exact else None}
        return {name: value for name, value in values.items() if value not in (None, "")}


def _choice(name: str, allowed: tuple[str, ...], label: str) -> str | None:
    value = request.args.get(name) or None
    if value is not None and value not in allowed:
        abort(400, f"Unknown {label} {value[:40]!r}; use one of: {', '.join(allowed)}.")
    return value


def _number(name: str, default: int, low: int, high: int) -> int:
    raw = request.args.get(name, "")
    if raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        abort(400, f"The {name} must be a whole number.")
    if not low <= value <= high:
        abort(400, f"The {name} must be between {low} and {high}.")
    return value


def text(name: str, limit: int, *, required: bool = False) -> str:
    """A text parameter of at most ``limit`` characters: a longer one is refused (400)."""
    if required and name not in request.args:
        abort(400, f"The parameter {name!r} is required.")
    value = request.args.get(name, "")
    if len(value) > limit:
        abort(400, f"The {name} is too long (at most {limit} characters).")
    return value


def search_args() -> SearchArgs:
    return SearchArgs(
        query=text("q", engine.MAX_QUERY_CHARS),
        library=_choice("library", LIBRARIES, "library"),
        lang=_choice("lang", LANGUAGES, "language"),
        letter=_choice("letter", LETTERS, "letter"),
        page=_number("page", 1, 1, MAX_PAGE),
        page_size=_number("page_size", engine.PAGE_SIZE, 1, engine.MAX_PAGE_SIZE),
        exact=_number("exact", 0, 0, 1) == 1,
    )


def library(value: str) -> str:
    if value not in LIBRARIES:
        abort(404)
    return value


def letter() -> str | None:
    return _choice("letter", LETTERS, "letter")


def page() -> int:
    return _number("page", 1, 1, MAX_PAGE)


def suggest_format() -> str | None:
    """``format=opensearch``: the browsers' search-bar form of suggestions."""
    return _choice("format", ("opensearch",), "format")


def article_id(value: str) -> str:
    if len(value) > MAX_ID_CHARS:
        abort(404)
    return value
