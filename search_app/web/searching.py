"""The app's one SearcherManager (per process), as the blueprints reach it."""

from __future__ import annotations

from flask import current_app

from search_app.searchers import SearcherManager

EXTENSION = "rxsearch"


def manager() -> SearcherManager:
    return current_app.extensions[EXTENSION]
