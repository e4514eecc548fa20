"""Find known phrases in text by their analysed words: longest match first, no overlaps.

Both query-time expansion (other names for what the reader typed) and the danger-sign
notice use it, so "Chest pains", "chest-pain" and "বুকে ব্যাথা" all match a listed phrase.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Generic, TypeVar

from analyzers import keys, text_keys

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Match(Generic[T]):
    start: int
    end: int
    text: str
    value: T


class PhraseMatcher(Generic[T]):
    """Maps phrases to values; :meth:`find` returns the phrases that occur in a text."""

    def __init__(self, pairs: Iterable[tuple[str, T]] = ()) -> None:
        self._values: dict[tuple[str, ...], T] = {}
        self._longest = 1
        for phrase, value in pairs:
            self.add(phrase, value)

    @classmethod
    def from_keys(cls, values: dict[tuple[str, ...], T]) -> PhraseMatcher[T]:
        """From already analysed phrases (see :func:`analyzers.keys`)."""
        matcher: PhraseMatcher[T] = cls()
        for key, value in values.items():
            if key:
                matcher._values[key] = value
                matcher._longest = max(matcher._longest, len(key))
        return matcher

    def add(self, phrase: str, value: T) -> None:
        key = keys(phrase)
        if key:
            self._values.setdefault(key, value)
            self._longest = max(self._longest, len(key))

    def get(self, key: tuple[str, ...]) -> T | None:
        return self._values.get(key)

    def __len__(self) -> int:
        return len(self._values)

    def find(self, text: str) -> list[Match[T]]:
        tokens = [(key, start, end) for start, end, key in text_keys(text)]
        found, i = [], 0
        while i < len(tokens):
            for size in range(min(self._longest, len(tokens) - i), 0, -1):
                value = self._values.get(tuple(t[0] for t in tokens[i:i + size]))
                if value is not None:
                    start, end = tokens[i][1], tokens[i + size - 1][2]
                    found.append(Match(start, end, text[start:end], value))
                    i += size
                    break
            else:
                i += 1
        return found
