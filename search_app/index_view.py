"""One object per open index version, and the one manager that hands out the live one.

An :class:`IndexView` holds everything a version of the index needs at query time: its
Whoosh index and a searcher per thread (Whoosh asks for one per thread), the scoring cache
shared by those threads, the spelling vocabulary, the glossary pairs and the query expander.
Each is made once, on first use, and lives exactly as long as the version is served. What
the reindex job stored with the version is read from it: the candidate duplicate topics,
the ranking data (postings as arrays, mapped) and the word tables (vocabulary, names,
expander, romanised and loanword readers, made with the same analyzers as this process's;
otherwise this process makes them from the index).

:class:`ViewManager` is the one place that opens the index. ``manager.view()`` reads which
version is live (one small file) and returns its view, opening the new one when the reindex
job has published another. A request takes the view once and uses it throughout, so all its
parts see the same version; a thread that moves to a new version closes its searcher on the
old one, and old version folders stay on disk for a while (``indexer.versions``), so a
request still running on the old view finishes normally.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from whoosh.columns import ColumnReader
from whoosh.searching import Searcher

from analyzers import keys
from analyzers.expand import Expander, default_expander
from analyzers.loanwords import LoanwordMatcher
from analyzers.romanised import RomanisedReader
from indexer import postings, versions, words
from indexer.duplicates import Candidates
from indexer.duplicates import load as load_candidates
from indexer.schema import field_names
from search_app.lru import LruCache
from search_app.ranking import Ranker, ScoringCache

T = TypeVar("T")

CACHED_CORRECTIONS = 20_000
CACHED_KEYS = 50_000


class IndexView:
    """The live parts of one index version (see the module docstring)."""

    def __init__(self, root: Path, version: str) -> None:
        self.version = version
        self.path = root / version
        self._index = versions.open_version(root, version)
        self._local = threading.local()
        self._lock = threading.RLock()  # the expander is made from the glossary
        self._made: dict[str, object] = {}
        self._scoring = ScoringCache(postings.load(self.path))  # mapped, not read
        self.corrections = LruCache(CACHED_CORRECTIONS)   # word -> did-you-mean ("": none)
        self._key_use = LruCache(CACHED_KEYS)

    def searcher(self) -> Searcher:
        """This thread's searcher of the version, opened on first use."""
        found = getattr(self._local, "searcher", None)
        if found is None:
            found = self._local.searcher = self._index.searcher()
            self._local.ranker = None
            self._local.columns = {}
        return found

    def column(self, name: str) -> ColumnReader:
        """This thread's reader of a column, raw bytes (kept: making one reads the offset of
        every document)."""
        searcher = self.searcher()
        found = self._local.columns.get(name)
        if found is None:
            found = self._local.columns[name] = searcher.reader().column_reader(
                name, translate=False)
        return found

    def ranker(self) -> Ranker:
        """This thread's scorer, over the version's shared scoring cache."""
        searcher = self.searcher()
        if self._local.ranker is None:
            self._local.ranker = Ranker(searcher.reader(), self._scoring)
        return self._local.ranker

    def release_thread(self) -> None:
        """Close this thread's searcher (the thread has moved on to a newer version)."""
        found = getattr(self._local, "searcher", None)
        if found is not None:
            self._local.searcher = self._local.ranker = self._local.columns = None
            found.close()

    def _once(self, name: str, make: Callable[[], T]) -> T:
        with self._lock:
            if name not in self._made:
                self._made[name] = make()
            return self._made[name]  # type: ignore[return-value]

    @property
    def glossary(self) -> list[tuple[str, str]]:
        """(English term, Bangla gloss) pairs from the glossaries of the version's articles."""
        return self._once("glossary", lambda: versions.read_glossary(self.path))

    @property
    def duplicates(self) -> Candidates:
        """The candidate duplicate topics stored with the version; ``PairsMissingError`` if it
        was built before they were (read again on each call then: a missing file is cheap)."""
        return self._once("duplicates", lambda: load_candidates(self.path))

    @property
    def word_tables(self) -> words.WordTables | None:
        """The word tables the reindex job stored with the version, when this process runs
        the analyzers they were made with (None: each table is made here on first use)."""
        return self._once("word_tables", lambda: words.load(self.path))

    @property
    def expander(self) -> Expander:
        """Curated synonyms plus the version's glossary pairs."""
        return self._once("expander", lambda: self.word_tables.expander if self.word_tables
                          else default_expander(self.glossary))

    @property
    def vocabulary(self) -> list[str]:
        """Every word of the spelling field: what did-you-mean may offer."""
        return self._once("vocabulary", lambda: self.word_tables.vocabulary if self.word_tables
                          else words.vocabulary(self.searcher().reader()))

    @property
    def loanwords(self) -> LoanwordMatcher:
        """The version's English words (as written), for Bangla words spelt from them."""
        return self._once("loanwords", lambda: self.word_tables.loanwords if self.word_tables
                          else words.loanwords(self.searcher().reader(), self.vocabulary))

    @property
    def romanised(self) -> RomanisedReader:
        """Real Bangla words (the version's and the lexicon's), for Bangla typed in Latin."""
        return self._once("romanised", lambda: self.word_tables.romanised if self.word_tables
                          else words.romanised(self.searcher().reader(), self.vocabulary))

    @property
    def names(self) -> tuple[frozenset[str], int]:
        """Every article name as its analysed keys joined by spaces (the ``names`` field),
        and the most words a name has."""
        return self._once("names", lambda: self.word_tables.names if self.word_tables
                          else words.names(self.searcher().reader()))

    def key_use(self, key: str) -> int:
        """In how many articles an analysed key occurs, in its most used text field (kept:
        every Latin word of every query asks, thirteen lookups each)."""
        found = self._key_use.get(key)
        if found is None:
            fields, data = field_names(spelling=True), self._scoring.data
            if data is not None and all(data.has_field(f) for f in fields):
                found = data.frequency(key, fields)
            else:
                reader = self.searcher().reader()
                found = max(reader.doc_frequency(f, key) for f in fields)
            self._key_use.put(key, found)
        return found

    def english_use(self, word: str) -> int:
        """In how many articles the word (analysed) occurs, in its most used text field."""
        found = keys(word)
        return self.key_use(found[0]) if found else 0


class ViewManager:
    """``manager.view()``: the view of the live index version, for one request."""

    def __init__(self, root: Path | str) -> None:
        self.root = Path(root)
        self._lock = threading.Lock()
        self._view: IndexView | None = None
        self._local = threading.local()

    def view(self) -> IndexView:
        """The live version's view; raises ``IndexMissingError`` when there is no index and
        ``IncompatibleIndexError`` when it was built by another version of rxsearch."""
        live = versions.live_version(self.root)
        if live is None:
            raise versions.IndexMissingError(
                f"no index in {self.root}: build one with `rxsearch reindex`")
        with self._lock:
            if self._view is None or self._view.version != live:
                self._view = IndexView(self.root, live)
            view = self._view
        last = getattr(self._local, "view", None)
        if last is not None and last is not view:
            last.release_thread()
        self._local.view = view
        return view
