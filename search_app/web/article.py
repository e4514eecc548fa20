"""The article preview: the article's text, then related articles in each library."""

from __future__ import annotations

from flask import Blueprint, abort, render_template

from corpus.article import LIBRARIES
from search_app.articles import article as find_article
from search_app.related import related
from search_app.web import params, tracking
from search_app.web.i18n import t
from search_app.web.searching import view

bp = Blueprint("article", __name__, url_prefix="/article")


@bp.get("/<path:article_id>")
def show(article_id: str):
    article_id = params.article_id(article_id)
    searcher = view().searcher()
    shown = find_article(searcher, article_id)
    if shown is None:
        abort(404, t("article_not_found"))
    links = related(searcher, article_id)
    tracking.count_click()
    by_library = {lib: links.by_library.get(lib, []) for lib in LIBRARIES} if links else {}
    return render_template("article/article.html", article=shown, related=by_library,
                           has_related=any(by_library.values()))
