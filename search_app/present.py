"""Step 4 of a search: what the reader sees. Facet counts, one page of hits with their
snippets, and the result with what was searched when it differs from what was typed."""

from __future__ import annotations

from collections import Counter

import numpy as np

from indexer import passages
from search_app import snippets
from search_app.facets import FACETS, Filters, count_and_filter
from search_app.index_view import IndexView
from search_app.paging import page_count, page_of
from search_app.plan import Highlight
from search_app.query import ParsedQuery
from search_app.results import FacetCount, Hit, SearchResult
from search_app.retrieve import Retrieved


def present(view: IndexView, found: Retrieved, corrected: ParsedQuery | None,
            filters: Filters, page: int, page_size: int, **extra) -> SearchResult:
    """A page of ``found`` under ``filters``, with facets; ``corrected`` is offered as
    "did you mean" when the results shown are for the query as typed."""
    matches = found.matches
    counts, allowed = count_and_filter(view.ranker(), matches.docs, filters)
    hits = []
    if len(allowed):
        page = min(page, page_count(len(allowed), page_size))
        shown, scores = matches.best(allowed, page * page_size)
        first = (page - 1) * page_size
        hits = [hit(view, int(d), float(score), found.highlight)
                for d, score in zip(shown[first:], scores[first:], strict=True)]
    showing_for = found.showing_for
    did_you_mean = corrected if len(matches) and showing_for is None else None
    return result(filters, page, page_size, total=len(allowed), hits=hits, counts=counts,
                  matched_all_words=found.matched_all_words,
                  all_words_total=found.all_words_total, section=found.highlight.section,
                  showing_for=display(showing_for) if showing_for else None,
                  corrections=found.corrections,
                  did_you_mean=display(did_you_mean) if did_you_mean else None, **extra)


def listing(view: IndexView, filters: Filters, page: int, page_size: int,
            **extra) -> SearchResult:
    """No words but filters: the filtered articles A–Z (ICU collation order)."""
    rank = view.ranker()
    counts, allowed = count_and_filter(rank, np.flatnonzero(rank.live), filters)
    hits = []
    if len(allowed):
        shown, page = page_of(rank.sort_ranks("title_sort"), allowed, page, page_size)
        hits = [hit(view, int(d), 0.0, Highlight(frozenset())) for d in shown]
    return result(filters, page, page_size, total=len(allowed), hits=hits, counts=counts,
                  **extra)


def hit(view: IndexView, doc: int, score: float, marked: Highlight) -> Hit:
    """One hit: stored fields, and the snippet that shows where the query matched."""
    fields = view.searcher().stored_fields(doc)
    snip = snippets.snippet(fields, marked.keys, marked.section, marked.weak_keys,
                            view.column(passages.FIELD)[doc], marked.bangla)
    return Hit(id=fields["id"], title=fields["title"], library=fields["library"],
               lang=fields["lang"], snippet=snip.html, url=fields.get("url") or None,
               score=round(score, 4), title_bn=fields.get("title_bn", ""),
               matched_in=snip.where, matched_heading=snip.heading, matched_lang=snip.lang)


def result(filters: Filters, page: int, page_size: int, *, query: str, total: int = 0,
           hits: list[Hit] | None = None, counts: dict[str, Counter] | None = None,
           **extra) -> SearchResult:
    """The result, with every facet value listed (0 where nothing matched)."""
    counts = counts or {}

    def facet(name: str) -> list[FacetCount]:
        found = counts.get(name, Counter())
        return [FacetCount(value, found.get(value, 0)) for value in FACETS[name].values]

    return SearchResult(query=query, library=filters.library, lang=filters.lang,
                        letter=filters.letter, page=page, page_size=page_size, total=total,
                        hits=hits or [], libraries=facet("library"),
                        languages=facet("lang"), letters=facet("letter"), **extra)


def display(parsed: ParsedQuery) -> str:
    """A query as a reader would type it again (words, phrases, exclusions, filters)."""
    parts = list(parsed.words) + [f'"{p}"' for p in parsed.phrases]
    parts += [f'-"{x}"' if " " in x else f"-{x}" for x in parsed.excluded]
    parts += [f"{k}:{v}" for k, v in parsed.filters.items()]
    return " ".join(parts)
