"""The visitors' web app: ``create_app()`` builds it; blueprints hold the pages."""

from __future__ import annotations

from collections.abc import Mapping

from flask import Flask, render_template

from corpus.article import LIBRARIES, LIBRARY_LABELS
from search_app.searchers import SearcherManager


def create_app(test_config: Mapping | None = None) -> Flask:
    """Defaults, then ``instance/config.py``, then ``RXSEARCH_*`` variables, then test_config."""
    from search_app.cli import default_index

    app = Flask(__name__, instance_relative_config=True)
    app.config.from_mapping(
        INDEX_DIR=str(default_index()),
        MAX_CONTENT_LENGTH=64 * 1024,
    )
    if test_config is None:
        app.config.from_pyfile("config.py", silent=True)
        app.config.from_prefixed_env("RXSEARCH")
    else:
        app.config.update(test_config)

    app.extensions["rxsearch"] = SearcherManager(app.config["INDEX_DIR"])
    app.jinja_env.globals.update(LIBRARIES=LIBRARIES, LIBRARY_LABELS=LIBRARY_LABELS)

    from search_app.web import search

    app.register_blueprint(search.bp)

    @app.errorhandler(400)
    def bad_request(error):
        return render_template("error.html", code=400, message=error.description), 400

    @app.errorhandler(404)
    def not_found(error):
        return render_template("error.html", code=404,
                               message="This page does not exist."), 404

    @app.errorhandler(500)
    def server_error(error):
        return render_template("error.html", code=500,
                               message="Something went wrong on our side."), 500

    return app


__all__ = ["create_app"]
