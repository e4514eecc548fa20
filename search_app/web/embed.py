"""``/embed.js``: the library's search box for other sites' pages (the WordPress theme).

A theme includes it once by a stable URL, so it cannot carry the digest that versions
``/static/`` URLs: browsers and caches keep it for an hour (``max-age``) and then revalidate
with its ``ETag``, a digest of the bytes, the same on every web node. The script is a
template (``templates/embed/embed.js``) to take its words from ``i18n.STRINGS``, so the
box on the site says what the app's own pages say, in English and Bangla, and to include
the suggestion list of the app's own pages (``static/combobox.js``) inside its closure.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from flask import Blueprint, Response, current_app, render_template, request

from corpus.article import LIBRARIES
from search_app.web.i18n import STRINGS, UI_LANGUAGES

bp = Blueprint("embed", __name__)

MAX_AGE = 3600  # seconds: how long a theme's readers may run an old copy after a deployment
# The interface words the box uses (search_app/web/i18n.py), in every interface language.
WORDS = ("search_label", "search_button", "search_placeholder", "suggestions",
         "result_count", "result_count_one", "results_for", "no_results", "showing_for",
         "did_you_mean", "in_section", "embed_all_results", "embed_failed",
         *(f"library_{code}" for code in LIBRARIES))


@bp.get("/embed.js")
def script():
    """The search box script, for ``<script src="https://SEARCH-HOST/embed.js" defer>``."""
    body, tag = _built()
    response = Response(body, mimetype="text/javascript")
    response.set_etag(tag)
    response.cache_control.public = True
    response.cache_control.max_age = MAX_AGE
    # Loaded by the site's pages, another origin: say so, in case a default of same-origin
    # is ever added to the security headers, and for sites that require it (COEP).
    response.headers["Cross-Origin-Resource-Policy"] = "cross-origin"
    return response.make_conditional(request)


def _built() -> tuple[bytes, str]:
    """The script's bytes and their digest, made once per app (both depend on code only)."""
    cached = current_app.extensions.get("rxsearch_embed")
    if cached is None:
        words = {key: {lang: STRINGS[key].get(lang) or STRINGS[key]["en"]
                       for lang in UI_LANGUAGES} for key in WORDS}
        combobox = (Path(current_app.static_folder) / "combobox.js").read_text("utf-8")
        body = render_template("embed/embed.js", strings=words, libraries=list(LIBRARIES),
                               combobox_js=combobox).encode()
        cached = current_app.extensions["rxsearch_embed"] = (
            body, hashlib.sha256(body).hexdigest()[:32])
    return cached
