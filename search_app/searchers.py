"""The one place that opens the index for searching.

Each thread gets its own Whoosh searcher (Whoosh asks for one per thread) and keeps it
across requests. When the reindex job switches the live version, the next request on each
thread opens the new one; old versions stay on disk for a while (see indexer.versions), so
a request still running on the old searcher finishes normally.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from whoosh.searching import Searcher

from indexer import versions


class SearcherManager:
    """``with manager.searcher() as s:`` hands out the current thread's searcher."""

    def __init__(self, root: Path | str) -> None:
        self.root = Path(root)
        self._local = threading.local()

    @contextmanager
    def searcher(self) -> Iterator[Searcher]:
        live = versions.live_version(self.root)
        local = self._local
        if live is None:
            raise versions.IndexMissingError(
                f"no index in {self.root}: build one with `rxsearch reindex`")
        if getattr(local, "version", None) != live:
            old = getattr(local, "searcher", None)
            local.searcher = versions.open_version(self.root, live).searcher()
            local.version = live
            if old is not None:
                old.close()
        yield local.searcher
