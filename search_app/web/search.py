"""Home page, search results and the OpenSearch description."""

from __future__ import annotations

from flask import Blueprint, g, make_response, redirect, render_template, request, url_for

from search_app import browse
from search_app.web import http_cache, params, searching, tracking
from search_app.web.i18n import ui_lang
from search_app.web.searching import view
from search_app.web.security import static_url

bp = Blueprint("search", __name__)


@bp.get("/")
def home():
    """The search box and the four libraries with their article counts."""
    counts = browse.library_counts(view().searcher())
    return render_template("search/home.html", counts=counts)


@bp.get("/search")
def results():
    """Ranked results with disjunctive facets, corrections and the danger-sign notice."""
    args = params.search_args()
    g.page_args = args.url_args()  # the page is cached: its links carry nothing else
    tag = http_cache.etag(view().version, "search", g.page_args, ui_lang())
    if (unchanged := http_cache.not_modified(tag)) is not None:
        return unchanged
    html, result = searching.rendered(args, ui_lang(), lambda found: render_template(
        "search/results.html", result=found, search_url=_link_maker(args)))
    tracking.count_search(args, result)
    return http_cache.shared(make_response(html), tag)


def _link_maker(args: params.SearchArgs):
    """``search_url(**changes)`` for the results page: this search's own parameters with
    some changed (``None`` drops one). Page 1 and empty values are left out of the URL, and
    a new filter or query starts again at page 1."""
    kept = {name: value for name, value in args.url_args().items() if name != "page"}

    def search_url(**changes) -> str:
        merged = {**kept, **changes}
        return url_for("search.results", **{
            name: value for name, value in merged.items()
            if value not in (None, "") and not (name == "page" and value == 1)})

    return search_url


@bp.get("/opensearch.xml")
def opensearch():
    """Lets browsers add the library's search to their search bar."""
    xml = render_template("opensearch.xml",
                          search_url=url_for("search.results", _external=True),
                          suggest_url=url_for("api.suggest_titles", _external=True),
                          home_url=request.url_root)
    return xml, 200, {"Content-Type": "application/opensearchdescription+xml; charset=utf-8"}


@bp.get("/favicon.ico")
def favicon():
    """Browsers and crawlers ask for /favicon.ico whatever the page links: the site's icon."""
    return redirect(static_url("favicon.svg"), code=301)
