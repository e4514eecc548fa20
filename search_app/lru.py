"""A small thread-safe LRU cache, bounded by the total size of what it holds."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any


class LruCache:
    """A thread-safe least-recently-used cache bounded by the total ``size_of`` its values."""

    def __init__(self, limit: int, size_of: Callable[[Any], int] = lambda value: 1) -> None:
        self._items: OrderedDict = OrderedDict()
        self._limit, self._size_of, self._total = limit, size_of, 0
        self._lock = threading.Lock()

    def get(self, key: Hashable) -> Any:
        with self._lock:
            found = self._items.get(key)
            if found is not None:
                self._items.move_to_end(key)
            return found

    def put(self, key: Hashable, value: Any) -> None:
        with self._lock:
            if key in self._items:
                return
            self._items[key] = value
            self._total += self._size_of(value)
            while self._total > self._limit and len(self._items) > 1:
                _, dropped = self._items.popitem(last=False)
                self._total -= self._size_of(dropped)
