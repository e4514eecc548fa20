"""The visitors' web app: ``create_app()`` builds it; blueprints hold the pages.

Blueprints: ``search`` (home, results, OpenSearch), ``browse`` (A–Z), ``article`` (preview),
``api`` (JSON), ``embed`` (``/embed.js``, the search box for the library's site),
``editor`` (duplicates and analytics, behind a login).
Configuration: defaults, then ``instance/config.py``, then ``RXSEARCH_*`` environment
variables (``RXSEARCH_INDEX_DIR=/srv/index``), then the test configuration.
``TRUSTED_PROXIES`` (``RXSEARCH_TRUSTED_PROXIES``) is how many reverse proxies in front of
the app may set X-Forwarded-For; 0 ignores the header, since anyone can send it.
"""

from __future__ import annotations

import mimetypes
from collections.abc import Mapping
from pathlib import Path

from flask import Flask, jsonify, render_template, request
from flask_compress import Compress
from werkzeug.exceptions import HTTPException
from werkzeug.middleware.proxy_fix import ProxyFix

from analyzers import danger
from corpus.article import LIBRARIES, LIBRARY_LABELS
from indexer.versions import IncompatibleIndexError, IndexMissingError, default_root
from search_app.editorial import analytics, store
from search_app.index_view import ViewManager
from search_app.web import (
    cors,
    extensions,
    http_cache,
    i18n,
    searching,
    security,
    tracking,
)

STATIC_MAX_AGE = 7 * 24 * 3600  # static URLs carry a version (see static_url), so cache long


def create_app(test_config: Mapping | None = None, *, index_dir: Path | None = None) -> Flask:
    """The app; ``index_dir`` (``rxsearch serve --index``) wins over every configuration."""
    app = Flask(__name__, instance_relative_config=True)
    app.config.from_mapping(
        INDEX_DIR=str(default_root()),
        MAX_CONTENT_LENGTH=64 * 1024,       # nothing here takes uploads
        MAX_FORM_MEMORY_SIZE=64 * 1024,
        SEND_FILE_MAX_AGE_DEFAULT=STATIC_MAX_AGE,
        # Not font/woff2: the Bangla fonts are brotli inside already.
        COMPRESS_MIMETYPES=["text/html", "text/css", "application/json",
                            "application/javascript", "text/javascript",
                            "application/opensearchdescription+xml"],
        COMPRESS_ALGORITHM=["br", "gzip"],
        COMPRESS_MIN_SIZE=500,
        RESULT_CACHE_SIZE=2000,            # pages of results kept per process
        EDITOR_DB=str(store.default_path()),
        TRUSTED_PROXIES=0,
        ALLOWED_ORIGINS="",                # sites whose pages may call /api/* (see cors)
        ANALYTICS_ENABLED=True,
        ANALYTICS_RETENTION_DAYS=analytics.DEFAULT_RETENTION_DAYS,
        ANALYTICS_FLUSH_SECONDS=5.0,       # counts are written in batches (see tracking)
        ANALYTICS_MIN_COUNT=analytics.DEFAULT_MIN_COUNT,  # days or searches before shown
        ANALYTICS_MAX_QUERIES_PER_DAY=analytics.DEFAULT_MAX_QUERIES_PER_DAY,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SECURE=True,        # browsers accept it on http://localhost too
        SESSION_COOKIE_SAMESITE="Lax",
        PERMANENT_SESSION_LIFETIME=8 * 3600,
        WTF_CSRF_TIME_LIMIT=8 * 3600,
    )
    if test_config is None:
        app.config.from_pyfile("config.py", silent=True)
        app.config.from_prefixed_env("RXSEARCH")
    else:
        app.config.update(test_config)
    if index_dir is not None:
        app.config["INDEX_DIR"] = str(index_dir)
    app.json.sort_keys = False
    app.json.ensure_ascii = False
    store.check_private(app.config["EDITOR_DB"])  # before anything reads the keys in it
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = store.secret_key(app.config["EDITOR_DB"])
    _trust_proxies(app)
    cors.install(app)
    # Python's own table has no .woff2 (it is read from /etc/mime.types, which slim images
    # lack): without this the Bangla fonts could go out as application/octet-stream.
    mimetypes.add_type("font/woff2", ".woff2")
    if app.config["ANALYTICS_ENABLED"]:
        analytics.purge(app.config["EDITOR_DB"], app.config["ANALYTICS_RETENTION_DAYS"])

    # Editors change the danger signs by hand: a mistake stops the app here, with the line
    # to fix, rather than failing every search that reads the file.
    danger.default_lexicon()
    searching.install(app, ViewManager(app.config["INDEX_DIR"]))
    tracking.install(app)
    Compress(app)
    extensions.csrf.init_app(app)
    app.jinja_env.globals.update(LIBRARIES=LIBRARIES, LIBRARY_LABELS=LIBRARY_LABELS, t=i18n.t,
                                 ui_lang=i18n.ui_lang, i18n_bn=i18n.bangla,
                                 switch_url=i18n.switch_url, static_url=security.static_url,
                                 EMERGENCY_NUMBER=i18n.EMERGENCY_NUMBER)
    app.jinja_env.filters.update(num=i18n.number, section_label=i18n.section_label,
                                 matched_label=i18n.matched_label, note_text=i18n.note_text,
                                 language_label=i18n.language_label,
                                 reading_text=i18n.reading_text)
    app.jinja_env.tests.update(bangla=i18n.has_bangla)
    # after_request functions run last-registered first: the cache decision sees the cookie.
    app.after_request(http_cache.keep_private)
    app.after_request(security.add_headers)
    app.after_request(i18n.remember_choice)

    from search_app.web import api, article, browse, editor, embed, search

    for blueprint in (search.bp, browse.bp, article.bp, api.bp, embed.bp, editor.bp):
        app.register_blueprint(blueprint)
    _error_pages(app)
    return app


def _trust_proxies(app: Flask) -> None:
    """Take the client address from X-Forwarded-For, set by ``TRUSTED_PROXIES`` proxies."""
    proxies = app.config["TRUSTED_PROXIES"]
    if isinstance(proxies, bool) or not isinstance(proxies, int) or proxies < 0:
        raise ValueError(f"TRUSTED_PROXIES must be a whole number, 0 or more, not {proxies!r}")
    if proxies:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies)


def _wants_json() -> bool:
    return request.path.startswith("/api/")


def _error_pages(app: Flask) -> None:
    """Errors in the site's style (pages) or as JSON (API): never a traceback."""

    def answer(code: int, message: str, headers: list | None = None):
        if _wants_json():
            return jsonify({"error": {"code": code, "message": message}}), code, headers
        return render_template("error.html", code=code, message=message), code, headers

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        # Keep what the error says beyond its body: ``Allow`` on a 405, ``Retry-After``.
        headers = [(name, value) for name, value in error.get_headers()
                   if name.lower() != "content-type"]
        if error.code == 404 and error.description == error.__class__.description:
            return answer(404, i18n.t("not_found"), headers)
        return answer(error.code or 500, error.description or error.name, headers)

    @app.errorhandler(IndexMissingError)
    @app.errorhandler(IncompatibleIndexError)
    def no_index(error: Exception):
        app.logger.error("%s", error)  # the operator's fix is in the message: reindex
        return answer(503, "The search index is being prepared. Please try again shortly.")

    @app.errorhandler(Exception)
    def server_error(error: Exception):
        app.logger.exception("unhandled error on %s", request.path)
        return answer(500, i18n.t("server_error"))


__all__ = ["create_app"]
