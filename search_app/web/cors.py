"""Cross-origin use of the JSON API by the library's own site (its search box, embed.js).

Only the origins the site owner lists in ``ALLOWED_ORIGINS`` (``RXSEARCH_ALLOWED_ORIGINS``,
comma-separated, e.g. ``https://library.example.org``) may read ``/api/*`` answers from a
browser, preflight requests included; with none listed, no cross-origin reader may. Pages
are never shared across origins. Flask-Cors does the protocol (``Vary: Origin``, preflight
answers); this module only checks what the owner wrote.
"""

from __future__ import annotations

import re

from flask import Flask, Response, request
from flask_cors import CORS

_ORIGIN = re.compile(r"^https?://[a-z0-9.-]+(:\d{1,5})?$")
PREFLIGHT_MAX_AGE = 3600  # seconds a browser may reuse a preflight answer


def allowed_origins(setting: object) -> list[str]:
    """The configured origins, checked: scheme, host and port only, as browsers send them."""
    if isinstance(setting, str):
        setting = setting.split(",")
    if not isinstance(setting, list | tuple):
        raise ValueError(f"ALLOWED_ORIGINS must be a comma-separated list of origins such "
                         f"as https://library.example.org, not {setting!r}")
    origins = [str(origin).strip().rstrip("/").lower() for origin in setting]
    origins = [origin for origin in origins if origin]
    for origin in origins:
        if not _ORIGIN.match(origin):
            raise ValueError(f"ALLOWED_ORIGINS: {origin!r} is not an origin; write scheme, "
                             f"host and port only, such as https://library.example.org")
    return origins


def install(app: Flask) -> None:
    origins = allowed_origins(app.config["ALLOWED_ORIGINS"])
    if origins:
        CORS(app, resources={r"/api/*": {"origins": origins}}, methods=["GET", "HEAD"],
             max_age=PREFLIGHT_MAX_AGE, supports_credentials=False)
        app.after_request(_vary_on_origin)


def _vary_on_origin(response: Response) -> Response:
    """An API answer differs by ``Origin`` (the allow header or not), even with one origin
    listed, where Flask-Cors leaves ``Vary`` alone: a shared cache must keep them apart."""
    if request.path.startswith("/api/"):
        response.vary.add("Origin")
    return response
