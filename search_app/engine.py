"""The search API, used alike by the CLI and the web app; no Flask here.

``search(view, "side effects of methotrexate", library="drug")`` reads top to bottom:

1. **parse** the reader's text (``query``): words, "phrases", -exclusions, filters;
2. **understand** it (``understand``, ``readings``): each word's keys, script, spelling;
   Bangla typed in Latin letters read as Bangla (jor: জ্বর); section words; runs of words
   with other names (জ্বর = fever, high blood pressure = hypertension, কিডনির পাথর = kidney
   stones), loanwords by sound (সোরিয়াসিস: psoriasis) and brands (Napa: paracetamol);
3. **plan** (``plan``): the query tree over the weighted fields, and apart from it the keys
   snippets mark;
4. **retrieve** (``retrieve``): the first strategy that finds articles (few with every
   word first, every word, the spelling-corrected query, any word); for a query naming a
   danger sign, the articles found about the emergencies it signals first;
5. **present** (``present``): disjunctive facet counts, a page of hits with snippets, what
   was searched when it differs from what was typed (a correction, a reading), and the
   danger-sign notice (for the Bangla read from Latin letters too).

Everything a version of the index needs comes from the ``IndexView`` the caller passes in
(``ViewManager.view()``), so one search sees one version throughout.
"""

from __future__ import annotations

from analyzers.danger import DangerNotice, default_lexicon
from search_app import present
from search_app.facets import Filters
from search_app.index_view import IndexView
from search_app.plan import plan
from search_app.query import MAX_QUERY_CHARS, Note, parse
from search_app.results import FacetCount, Hit, SearchResult
from search_app.retrieve import Attempt, retrieve
from search_app.understand import understand

__all__ = ["MAX_QUERY_CHARS", "FacetCount", "Hit", "SearchResult", "search"]

PAGE_SIZE = 10
MAX_PAGE_SIZE = 100


def search(view: IndexView, query: str, *, library: str | None = None,
           lang: str | None = None, letter: str | None = None, page: int = 1,
           page_size: int = PAGE_SIZE, correct: bool = True) -> SearchResult:
    """Ranked hits for ``query`` with facets, snippets, corrections and a danger notice.

    ``library``/``lang``/``letter`` filter like ``library:drug`` in the query (the
    arguments win; an unknown value raises ``ValueError``). An empty query with filters
    lists those articles A–Z. With ``correct=False`` (the reader chose "search instead for
    ..." or "search only for ... as typed"), the query is searched as typed: a correction is
    only offered, and Latin words are not read as Bangla, nor words as brands or loanwords.
    """
    parsed = parse(query)
    filters = Filters.checked(library=library or parsed.filters.get("library"),
                              lang=lang or parsed.filters.get("lang"),
                              letter=letter or parsed.filters.get("letter"))
    page_size = max(1, min(page_size, MAX_PAGE_SIZE))
    shown = {"query": parsed.text, "notes": parsed.notes,
             "notice": default_lexicon().notice(parsed.text) if parsed.text else None}
    if parsed.is_empty:
        if not filters:
            return present.result(filters, page, page_size, **shown)
        return present.listing(view, filters, page, page_size, **shown)

    understood = understand(view, parsed, interpret=correct)
    shown["interpreted_as"] = understood.readings
    if shown["notice"] is None and understood.bangla_text:   # "shash kosto": শ্বাসকষ্ট
        shown["notice"] = default_lexicon().notice(understood.bangla_text)
    planned = plan(understood)
    if planned is None:
        shown["notes"] += (Note("common_words_only"),)
        return present.result(filters, page, page_size, **shown)
    found = retrieve(Attempt(view, understood, planned, page_size, correct,
                             _emergencies(shown["notice"])))
    return present.present(view, found, understood.corrected, filters, page, page_size,
                           **shown)


def _emergencies(notice: DangerNotice | None) -> tuple[tuple[str, ...], ...]:
    """The names of the articles a danger sign lists first, tier by tier: the sign itself
    (an article named by one of its phrases: *Chest Pain*, *Fainting*), then each emergency
    it signals, in the data's order (*Heart Attack*, then *Angina* ...)."""
    if notice is None:
        return ()
    lexicon = default_lexicon()
    return (lexicon.phrases(notice), *((c,) for c in lexicon.conditions(notice)))
