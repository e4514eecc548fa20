"""The A–Z index of each library: letters with counts, then titles under a letter."""

from __future__ import annotations

from flask import Blueprint, render_template

from search_app import browse
from search_app.web import params
from search_app.web.searching import view

bp = Blueprint("browse", __name__, url_prefix="/browse")
PAGE_SIZE = 50


@bp.get("/<library>")
def library(library: str):
    """Letters with counts (letters without articles are shown disabled) and, when a letter
    is chosen (``?letter=D``), its titles in ICU collation order."""
    library = params.library(library)
    letter, page = params.letter(), params.page()
    searcher = view().searcher()
    index = browse.letters(searcher, library)
    if letter is None:
        letter = next((ltr for ltr, count in index.letters if count), None)
    listing = browse.titles(searcher, library, letter, page=page, page_size=PAGE_SIZE) \
        if letter else None
    return render_template("browse/library.html", index=index, listing=listing)
