"""One object per open index version, and the one manager that hands out the live one.

An :class:`IndexView` holds everything a version of the index needs at query time: its
Whoosh index and a searcher per thread (Whoosh asks for one per thread), the scoring cache
shared by those threads, the spelling vocabulary, the glossary pairs and the query expander.
Each is made once, on first use, and lives exactly as long as the version is served; so are
the candidate duplicate topics the reindex job stored with the version.

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
from analyzers.lexicon import default_entries
from analyzers.loanwords import LoanwordMatcher
from analyzers.normalize import is_bangla
from analyzers.romanised import RomanisedReader
from indexer import versions
from indexer.duplicates import Candidates
from indexer.duplicates import load as load_candidates
from indexer.schema import field_names
from search_app.lru import LruCache
from search_app.ranking import Ranker, ScoringCache

T = TypeVar("T")

SPELLING_FIELD = "spelling"
CACHED_CORRECTIONS = 20_000
CACHED_KEYS = 50_000
# A medical search box is typed into for medical words: a lexicon headword is read before
# any other word of the same sound, however common (ব্রণ, acne, before বরং, rather).
LEXICON_WEIGHT = 1000.0


class IndexView:
    """The live parts of one index version (see the module docstring)."""

    def __init__(self, root: Path, version: str) -> None:
        self.version = version
        self.path = root / version
        self._index = versions.open_version(root, version)
        self._local = threading.local()
        self._lock = threading.RLock()  # the expander is made from the glossary
        self._made: dict[str, object] = {}
        self._scoring = ScoringCache()
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
    def expander(self) -> Expander:
        """Curated synonyms plus the version's glossary pairs."""
        return self._once("expander", lambda: default_expander(self.glossary))

    @property
    def vocabulary(self) -> list[str]:
        """Every word of the spelling field: what did-you-mean may offer."""
        return self._once("vocabulary", lambda: [
            word.decode("utf-8") for word in self.searcher().reader().lexicon(SPELLING_FIELD)])

    @property
    def loanwords(self) -> LoanwordMatcher:
        """The version's English words (as written), for Bangla words spelt from them."""
        return self._once("loanwords", self._loanwords)

    def _loanwords(self) -> LoanwordMatcher:
        reader = self.searcher().reader()
        # The analysed words of titles and other names, read once from their lexicons.
        named = {t.decode("utf-8") for f in field_names(kind="name") for t in reader.lexicon(f)}

        def in_a_name(word: str) -> bool:
            found = keys(word)
            return len(found) == 1 and found[0] in named

        return LoanwordMatcher((w, in_a_name(w)) for w in self.vocabulary if w.isascii())

    @property
    def romanised(self) -> RomanisedReader:
        """Real Bangla words (the version's and the lexicon's), for Bangla typed in Latin."""
        return self._once("romanised", self._romanised)

    def _romanised(self) -> RomanisedReader:
        reader = self.searcher().reader()
        weights = {w: float(reader.doc_frequency(SPELLING_FIELD, w))
                   for w in self.vocabulary if is_bangla(w)}
        for entry in default_entries():
            for word in {entry.bangla, *entry.bangla.split()}:
                weights[word] = weights.get(word, 0.0) + LEXICON_WEIGHT
        # Stop words (বরং, করে) are never what a reader typed a word for.
        return RomanisedReader((w, n) for w, n in weights.items() if keys(w))

    @property
    def names(self) -> tuple[frozenset[str], int]:
        """Every article name as its analysed keys joined by spaces (the ``names`` field),
        and the most words a name has."""
        return self._once("names", self._names)

    def _names(self) -> tuple[frozenset[str], int]:
        found = frozenset(t.decode("utf-8") for t in self.searcher().reader().lexicon("names"))
        return found, max((n.count(" ") + 1 for n in found), default=1)

    def key_use(self, key: str) -> int:
        """In how many articles an analysed key occurs, in its most used text field (kept:
        every Latin word of every query asks, thirteen lookups each)."""
        found = self._key_use.get(key)
        if found is None:
            reader = self.searcher().reader()
            found = max(reader.doc_frequency(f, key) for f in field_names(spelling=True))
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
