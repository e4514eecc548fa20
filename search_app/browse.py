"""The A–Z libraries: letters with counts, and the titles under a letter in reader order.

Titles sort by their ICU collation key (``title_sort``): case and accents folded, so
"alzheimer's" sits beside "Anaemia", and digits before letters.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from whoosh.query import And, Term
from whoosh.searching import Searcher

from corpus.article import LIBRARIES
from indexer.schema import LETTERS
from search_app.paging import page_count


@dataclass(frozen=True, slots=True)
class Entry:
    id: str
    title: str
    title_bn: str
    url: str | None


@dataclass(frozen=True, slots=True)
class LetterIndex:
    library: str
    total: int
    letters: list[tuple[str, int]]              # every letter, 0 where there is nothing


@dataclass(frozen=True, slots=True)
class LetterPage:
    library: str
    letter: str
    total: int
    page: int
    page_size: int
    entries: list[Entry] = field(default_factory=list)

    @property
    def pages(self) -> int:
        return page_count(self.total, self.page_size)


def library_counts(searcher: Searcher) -> dict[str, int]:
    """Articles per library (the home page's tiles)."""
    reader = searcher.reader()
    column = reader.column_reader("library")
    counts = Counter(column[n] for n in reader.all_doc_ids())
    return {lib: counts.get(lib, 0) for lib in LIBRARIES}


def letters(searcher: Searcher, library: str) -> LetterIndex:
    if library not in LIBRARIES:
        raise ValueError(f"unknown library {library!r}")
    reader = searcher.reader()
    libs, firsts = reader.column_reader("library"), reader.column_reader("letter")
    counts = Counter(firsts[n] for n in reader.all_doc_ids() if libs[n] == library)
    return LetterIndex(library, sum(counts.values()),
                       [(letter, counts.get(letter, 0)) for letter in LETTERS])


def titles(searcher: Searcher, library: str, letter: str, *, page: int = 1,
           page_size: int = 50) -> LetterPage:
    if library not in LIBRARIES:
        raise ValueError(f"unknown library {library!r}")
    if letter not in LETTERS:
        raise ValueError(f"unknown letter {letter!r}")
    query = And([Term("library", library), Term("letter", letter)])
    results = searcher.search_page(query, page, pagelen=page_size, sortedby="title_sort")
    entries = [Entry(r["id"], r["title"], r.get("title_bn", ""), r.get("url") or None)
               for r in results] if results.total else []
    return LetterPage(library, letter, results.total, results.pagenum if results.total else 1,
                      page_size, entries)
