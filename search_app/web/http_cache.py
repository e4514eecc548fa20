"""Headers that let a reverse proxy or CDN in front of several web nodes serve repeated
searches, and let browsers revalidate with a 304 instead of downloading a page again.

A search page or API answer depends on the live index version, the request's canonical
parameters and the interface language, and on nothing about the reader: its ``ETag`` is a
digest of exactly those, so it can be checked before any search is run. Answers are
``public`` for a short while, then served stale while a cache revalidates. The interface
language comes from ``?hl=`` when the URL carries it; otherwise from the reader's cookie or
browser, and the answer then says so in ``Vary``. An answer that sets a cookie, and every
editor page, is ``private, no-store``.
"""

from __future__ import annotations

import hashlib
import json
from functools import cache
from pathlib import Path

from flask import Response, request

import analyzers
import search_app

MAX_AGE = 60                   # seconds a shared cache may serve an answer without asking
STALE_WHILE_REVALIDATE = 600   # ... and may keep serving it while it asks again
_LANGUAGE_HEADERS = ("Cookie", "Accept-Language")
_CODINGS = ("gzip", "br", "deflate", "zstd")   # what Flask-Compress may add to a tag
_SHARED = f"public, max-age={MAX_AGE}, stale-while-revalidate={STALE_WHILE_REVALIDATE}"


def etag(version: str, endpoint: str, params: dict, ui_lang: str) -> str:
    """A strong validator for one answer: the same inputs always give the same bytes, as
    long as the code and its data are the same (a deployment changes ``code_digest``)."""
    blob = json.dumps([code_digest(), version, endpoint, sorted(params.items()), ui_lang],
                      ensure_ascii=False, default=str)
    return hashlib.sha256(blob.encode()).hexdigest()[:32]


@cache
def code_digest() -> str:
    """Everything besides the index that shapes an answer: the app's code, templates and
    static files, and the analysers' code and data (danger signs, lexicon, synonyms)."""
    digest = hashlib.sha256()
    for package in (search_app, analyzers):
        root = Path(package.__file__).parent
        for path in sorted(root.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(str(path.relative_to(root)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def not_modified(tag: str) -> Response | None:
    """A 304 when the client (or a cache) already holds this answer, else None.

    A compressed answer's tag is ours with the coding after a colon (Flask-Compress writes
    ``"tag:gzip"``, one per representation): a cache holding that one is answered here too,
    with its own tag, before any search runs (Flask-Compress would answer it only after)."""
    held = request.if_none_match
    for candidate in (tag, *(f"{tag}:{coding}" for coding in _CODINGS)):
        if held.contains(candidate):
            response = shared(Response(status=304), tag)
            response.set_etag(candidate)
            return response
    return None


def shared(response: Response, tag: str) -> Response:
    """Mark ``response`` cacheable by shared caches, validated by ``tag``."""
    response.set_etag(tag)
    # Written whole: what three ``cache_control`` updates give, each one written again.
    response.headers["Cache-Control"] = _SHARED
    if request.args.get("hl") not in ("en", "bn"):  # the language came from the reader
        response.vary.update(_LANGUAGE_HEADERS)
    return response


def keep_private(response: Response) -> Response:
    """After every request: nothing that sets a cookie or belongs to a session is stored
    by a shared cache (an explicit ``?hl=`` choice sets the language cookie)."""
    if response.headers.get("Set-Cookie") or request.blueprint == "editor":
        response.cache_control.public = False
        response.cache_control.max_age = None
        response.cache_control.stale_while_revalidate = None
        response.cache_control.private = True
        response.cache_control.no_store = True
    return response
