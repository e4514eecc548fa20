"""The one place that opens the index for searching.

Each thread gets its own Whoosh searcher (Whoosh asks for one per thread) and keeps it
across requests. When the reindex job switches the live version, the next request on each
thread opens the new one; old versions stay on disk for a while (see indexer.versions), so
a request still running on the old searcher finishes normally. The query expander (curated
synonyms plus the live index's glossary) is built once per version and shared by threads.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

from whoosh.searching import Searcher

from analyzers.expand import Expander, default_expander
from indexer import versions

T = TypeVar("T")


def per_searcher(searcher: Searcher, name: str, make: Callable[[], T]) -> T:
    """What ``make()`` returns, kept on the searcher: data derived from one open index
    version (scoring arrays, the spelling vocabulary) lives exactly as long as it does."""
    kept = searcher.__dict__.setdefault("_rxsearch", {})
    if name not in kept:
        kept[name] = make()
    return kept[name]


class SearcherManager:
    """``with manager.searcher() as s:`` hands out the current thread's searcher."""

    def __init__(self, root: Path | str) -> None:
        self.root = Path(root)
        self._local = threading.local()
        self._lock = threading.Lock()
        self._expanders: dict[str, Expander] = {}

    def live_version(self) -> str:
        """The name of the live index version (changes when the reindex job publishes)."""
        return self._live()

    def _live(self) -> str:
        live = versions.live_version(self.root)
        if live is None:
            raise versions.IndexMissingError(
                f"no index in {self.root}: build one with `rxsearch reindex`")
        return live

    @contextmanager
    def searcher(self) -> Iterator[Searcher]:
        live = self._live()
        local = self._local
        if getattr(local, "version", None) != live:
            old = getattr(local, "searcher", None)
            local.searcher = versions.open_version(self.root, live).searcher()
            local.version = live
            if old is not None:
                old.close()
        yield local.searcher

    def expander(self) -> Expander:
        """Synonyms and the live version's glossary pairs, built once per version."""
        live = self._live()
        with self._lock:
            expander = self._expanders.get(live)
            if expander is None:
                pairs = versions.read_glossary(self.root / live)
                expander = default_expander(pairs)
                self._expanders = {live: expander}  # drop older versions' expanders
            return expander
