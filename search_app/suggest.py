"""Title suggestions as the reader types, in English and Bangla.

Prefixes match the ``title_ac`` field (word prefixes of titles, Bangla titles and other
names). From the third letter of the last word on, a typo is forgiven: if the exact prefix
finds too little, the last word may be one edit away (``diab``, ``daib``).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from whoosh.query import And, FuzzyTerm, Or, Query, Term
from whoosh.searching import Searcher

from analyzers import autocomplete_analyzer

MAX_SUGGESTIONS = 10
FUZZY_FROM = 3


@dataclass(frozen=True, slots=True)
class Suggestion:
    id: str
    title: str
    title_bn: str
    library: str
    url: str


@cache
def _analyzer():
    return autocomplete_analyzer()


def _prefixes(text: str) -> list[str]:
    return [t.text for t in _analyzer()(text, mode="query")]


def suggest(searcher: Searcher, prefix: str, *, limit: int = 8) -> list[Suggestion]:
    """Up to ``limit`` titles whose words start with what the reader typed."""
    limit = max(1, min(limit, MAX_SUGGESTIONS))
    words = _prefixes(prefix[:100])
    if not words:
        return []
    exact: Query = And([Term("title_ac", w) for w in words])
    found = _titles(searcher, exact, limit)
    last = words[-1]
    if len(found) < limit and len(last) >= FUZZY_FROM:
        fuzzy = And([*(Term("title_ac", w) for w in words[:-1]),
                     Or([Term("title_ac", last, boost=2.0),
                         FuzzyTerm("title_ac", last, maxdist=1, prefixlength=1)])])
        seen = {s.id for s in found}
        found += [s for s in _titles(searcher, fuzzy, limit) if s.id not in seen]
    return found[:limit]


def _titles(searcher: Searcher, query: Query, limit: int) -> list[Suggestion]:
    return [Suggestion(id=r["id"], title=r["title"], title_bn=r.get("title_bn", ""),
                       library=r["library"], url=r.get("url", ""))
            for r in searcher.search(query, limit=limit)]
