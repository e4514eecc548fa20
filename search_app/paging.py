"""Pages of a ranked list: how many there are, and which documents one page shows."""

from __future__ import annotations

import numpy as np


def page_count(total: int, page_size: int) -> int:
    """Pages needed for ``total`` items; an empty list still has one (empty) page.

    >>> page_count(0, 10), page_count(10, 10), page_count(11, 10)
    (1, 1, 2)
    """
    return max(1, -(-total // page_size))


def page_of(order: np.ndarray, allowed: np.ndarray, page: int, page_size: int
            ) -> tuple[np.ndarray, int]:
    """The documents of one page, best first by ``order`` (ties: index order), and the page
    number actually shown (the last one when asked past the end)."""
    page = min(page, page_count(len(allowed), page_size))
    wanted = page * page_size
    keys = order[allowed]
    if len(allowed) > wanted:
        # Only the best ``wanted`` need sorting. Keep every document tied with the last of
        # them too, so that ties fall in index order on every page (no repeats, no gaps).
        last = np.partition(keys, wanted - 1)[wanted - 1]
        best = keys <= last
        allowed, keys = allowed[best], keys[best]
    ranked = allowed[np.lexsort((allowed, keys))]
    return ranked[(page - 1) * page_size:wanted], page
