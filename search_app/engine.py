"""The search API, used alike by the CLI and the web app; no Flask here.

``search(searcher, "fever headache", library="disease")`` returns plain dataclasses. All
words must match first; if that finds nothing, any word may match, so a reader who typed one
word too many still gets results. With an ``expander``, each known name in the query also
matches its other names (``জ্বর`` also finds "fever"; "high blood pressure" finds
"hypertension").
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field

from markupsafe import escape
from whoosh import qparser
from whoosh.query import Every, Query, Term
from whoosh.searching import Searcher

from analyzers.expand import Expander, Expansion
from corpus.article import LIBRARIES

PAGE_SIZE = 10
MAX_QUERY_CHARS = 500

# Query-time field weights: a word in the title or another name of the topic says much
# more about the article than the same word deep in the body.
FIELD_WEIGHTS: dict[str, float] = {
    "title": 6.0,
    "title_bn": 5.0,
    "aka": 4.0,
    "headings": 2.0,
    "glossary": 1.5,
    "summary": 1.5,
    "bangla_note": 1.2,
    "symptoms": 1.0,
    "causes": 1.0,
    "tests": 1.0,
    "treatment": 1.0,
    "side_effects": 1.0,
    "body": 1.0,
}
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


@dataclass(frozen=True, slots=True)
class Hit:
    id: str
    title: str
    library: str
    lang: str
    snippet: str  # HTML-safe
    url: str
    score: float


@dataclass(frozen=True, slots=True)
class FacetCount:
    value: str
    count: int


@dataclass(frozen=True, slots=True)
class SearchResult:
    query: str
    library: str | None
    page: int
    page_size: int
    total: int
    hits: list[Hit] = field(default_factory=list)
    libraries: list[FacetCount] = field(default_factory=list)
    matched_all_words: bool = True

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.page_size))

    def to_dict(self) -> dict:
        data = asdict(self)
        data["pages"] = self.pages
        return data


def clean_query(text: str) -> str:
    """Control characters out, whitespace collapsed, length capped."""
    return re.sub(r"\s+", " ", _CONTROL.sub(" ", text)).strip()[:MAX_QUERY_CHARS]


def expand_query(text: str, expansions: list[Expansion]) -> str:
    """The query text with each known name ORed with its other names.

    >>> expand_query("জ্বর", [Expansion(0, 4, "জ্বর", ("fever",))])
    '((জ্বর) OR "fever")'
    """
    out, last = [], 0
    for found in expansions:
        span = text[found.start:found.end]
        # Leave names inside the reader's own "quoted phrase" alone.
        if '"' in span or text.count('"', 0, found.start) % 2:
            continue
        names = " OR ".join(f'"{name.replace(chr(34), "")}"' for name in found.alternatives)
        out += [text[last:found.start], f"(({span}) OR {names})"]
        last = found.end
    out.append(text[last:])
    return "".join(out)


def _parse(searcher: Searcher, text: str, group) -> Query:
    parser = qparser.MultifieldParser(list(FIELD_WEIGHTS), searcher.schema,
                                      fieldboosts=FIELD_WEIGHTS, group=group)
    # Readers type words, not query syntax: no wildcards or field names in the skeleton.
    parser.remove_plugin_class(qparser.WildcardPlugin)
    parser.remove_plugin_class(qparser.FieldsPlugin)
    return parser.parse(text)


def search(searcher: Searcher, query: str, *, library: str | None = None, page: int = 1,
           page_size: int = PAGE_SIZE, expander: Expander | None = None) -> SearchResult:
    """Ranked hits for ``query``, optionally in one library, with per-library counts."""
    if library is not None and library not in LIBRARIES:
        raise ValueError(f"unknown library {library!r}")
    text = clean_query(query)
    if not text:
        return _list_library(searcher, library, page, page_size)
    matched_all = True
    query_text = expand_query(text, expander.expand(text)) if expander else text
    parsed = _parse(searcher, query_text, qparser.AndGroup)
    counts = _library_counts(searcher, parsed)
    if not counts:
        matched_all = False
        parsed = _parse(searcher, query_text, qparser.OrGroup)
        counts = _library_counts(searcher, parsed)
    if not counts:
        return SearchResult(text, library, page, page_size, 0, matched_all_words=False)
    results = searcher.search_page(parsed, page, pagelen=page_size,
                                   filter=Term("library", library) if library else None)
    hits = [_hit(r) for r in results]
    return SearchResult(
        query=text, library=library, page=results.pagenum, page_size=page_size,
        total=len(results) if library else sum(counts.values()), hits=hits,
        libraries=[FacetCount(lib, counts.get(lib, 0)) for lib in LIBRARIES],
        matched_all_words=matched_all)


def _list_library(searcher: Searcher, library: str | None, page: int,
                  page_size: int) -> SearchResult:
    """No words: a library's articles A–Z (or nothing, when no library is chosen either)."""
    if library is None:
        return SearchResult("", None, page, page_size, 0)
    results = searcher.search_page(Term("library", library), page, pagelen=page_size,
                                   sortedby="title_sort")
    hits = [_hit(r) for r in results]
    counts = _library_counts(searcher, Every())
    return SearchResult("", library, results.pagenum, page_size, len(results), hits,
                        [FacetCount(lib, counts.get(lib, 0)) for lib in LIBRARIES])


def _hit(r) -> Hit:
    return Hit(id=r["id"], title=r["title"], library=r["library"], lang=r["lang"],
               snippet=str(escape(r["summary"])), url=r.get("url", ""), score=r.score or 0.0)


def _library_counts(searcher: Searcher, parsed: Query) -> dict[str, int]:
    """Matches per library for the whole query, whatever library is selected, so that a
    reader who picked Drugs still sees how many Diseases articles match."""
    results = searcher.search(parsed, limit=1, groupedby="library")
    return {lib: len(ids) for lib, ids in results.groups("library").items()}
