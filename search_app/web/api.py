"""The JSON API for the site's theme, described by ``/api/openapi.json``.

Same engine, same parameter checks as the pages; errors are JSON too
(``{"error": {"code": 400, "message": "..."}}``), answered by the app's error handlers.
"""

from __future__ import annotations

from collections.abc import Callable

from flask import Blueprint, abort, current_app, jsonify, url_for

from search_app import messages
from search_app.articles import article as find_article
from search_app.related import related as find_related
from search_app.suggest import suggest
from search_app.web import http_cache, params, tracking
from search_app.web.i18n import t, ui_lang
from search_app.web.openapi import openapi_document
from search_app.web.searching import search as cached_search
from search_app.web.searching import view

bp = Blueprint("api", __name__, url_prefix="/api")


def _not_found(article_id: str):
    abort(404, f"No article with id {article_id[:80]!r} in the index.")


@bp.get("/search")
def search():
    args = params.search_args()
    tag = http_cache.etag(view().version, "api.search", args.url_args(), ui_lang())
    if (unchanged := http_cache.not_modified(tag)) is not None:
        return unchanged
    result = cached_search(args)
    tracking.count_search(args, result)
    data = messages.worded(result, ui_lang())
    preview = _previews()
    for hit in data["hits"]:
        hit["preview"] = preview(hit["id"])
    return http_cache.shared(jsonify(data), tag)


def _preview(article_id: str) -> str:
    """The article's preview page here: the link for articles without a page on the site
    (their ``url`` is null)."""
    return url_for("article.show", article_id=article_id)


def _previews() -> Callable[[str], str]:
    """``_preview`` for a page of hits: the route's start built once, then each id quoted
    as the route's ``path`` converter quotes it (``url_for`` costs ~10 µs a link)."""
    start = url_for("article.show", article_id="x")[:-1]
    to_url = current_app.url_map.converters["path"](current_app.url_map).to_url
    return lambda article_id: start + to_url(article_id)


@bp.get("/suggest")
def suggest_titles():
    prefix = params.text("q", params.MAX_PREFIX_CHARS, required=True)
    output = params.suggest_format()
    found = suggest(view(), prefix) if prefix.strip() else []
    if output == "opensearch":  # browsers' search bar suggestions
        return jsonify([prefix, [s.title for s in found]])
    items = [{"id": s.id, "title": s.title, "title_bn": s.title_bn, "library": s.library,
              "library_label": t(f"library_{s.library}"), "url": s.url,
              "preview": _preview(s.id), "match": s.match, "matched_name": s.matched_name}
             for s in found]
    response = jsonify({"query": prefix, "suggestions": items})
    response.cache_control.public = True
    response.cache_control.max_age = 300  # titles change with a reindex, not by the minute
    return response


@bp.get("/related/<path:article_id>")
def related(article_id: str):
    article_id = params.article_id(article_id)
    links = find_related(view().searcher(), article_id)
    if links is None:
        _not_found(article_id)
    return jsonify({
        "id": links.id, "title": links.title,
        "related": {lib: [{"id": r.id, "title": r.title, "library": r.library, "url": r.url,
                           "preview": _preview(r.id), "strength": r.strength,
                           "reason": r.reason} for r in items]
                    for lib, items in links.by_library.items()},
    })


@bp.get("/articles/<path:article_id>")
def article(article_id: str):
    article_id = params.article_id(article_id)
    shown = find_article(view().searcher(), article_id)
    if shown is None:
        _not_found(article_id)
    data = shown.to_dict()
    for section in data["sections"]:
        section["label"] = messages.section_label(section["kind"], ui_lang())
    return jsonify(data)


@bp.get("/openapi.json")
def openapi():
    return jsonify(openapi_document())
