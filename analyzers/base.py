"""The base of our Whoosh filters: equality, hashing and repr from settings alone.

Whoosh compares fields, and so their analyzers, by equality; its own ``Filter.__eq__``
compares the whole ``__dict__``, so a cache left on an instance would make equal filters
unequal. Ours compare the attributes named in ``settings`` only, and keep no caches.
"""

from __future__ import annotations

from whoosh.analysis import Filter


class SettingsFilter(Filter):
    """A Whoosh filter whose identity is its ``settings`` attributes."""

    settings: tuple[str, ...] = ()

    def _values(self) -> tuple:
        return tuple(getattr(self, name) for name in self.settings)

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and other._values() == self._values()

    def __hash__(self) -> int:
        return hash((type(self).__name__, *self._values()))

    def __repr__(self) -> str:
        args = ", ".join(f"{n}={getattr(self, n)!r}" for n in self.settings)
        return f"{type(self).__name__}({args})"
