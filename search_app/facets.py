"""Facets: library, language and A–Z letter; counted disjunctively, applied as filters.

Each facet is counted under the other facets' filters only, so choosing *Drugs* leaves the
other libraries' counts in view (a reader can see where else their word is found).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import numpy as np

from corpus.article import LANGUAGES, LIBRARIES
from indexer.schema import LETTERS
from search_app.ranking import Ranker

FACETS: dict[str, tuple[str, ...]] = {"library": LIBRARIES, "lang": LANGUAGES,
                                      "letter": LETTERS}


@dataclass(frozen=True, slots=True)
class Filters:
    library: str | None = None
    lang: str | None = None
    letter: str | None = None

    @classmethod
    def checked(cls, **values: str | None) -> Filters:
        """Filters from the reader's values; an unknown value raises ``ValueError``."""
        for name, value in values.items():
            if value is not None and value not in FACETS[name]:
                raise ValueError(f"unknown {name} {value!r}")
        return cls(**values)

    def __bool__(self) -> bool:
        return any((self.library, self.lang, self.letter))

    def get(self, name: str) -> str | None:
        return getattr(self, name)


def count_and_filter(rank: Ranker, docs: np.ndarray, filters: Filters
                     ) -> tuple[dict[str, Counter], np.ndarray]:
    """Disjunctive counts per facet, and the documents that pass every filter."""
    codes = {name: rank.codes(name, values)[docs] for name, values in FACETS.items()}
    passes = {name: codes[name] == values.index(filters.get(name))
              for name, values in FACETS.items() if filters.get(name) is not None}
    counts: dict[str, Counter] = {}
    for name, values in FACETS.items():
        keep = _all_true(len(docs), [p for other, p in passes.items() if other != name])
        found = np.bincount(codes[name][keep & (codes[name] >= 0)], minlength=len(values))
        counts[name] = Counter({values[i]: int(n) for i, n in enumerate(found) if n})
    return counts, docs[_all_true(len(docs), list(passes.values()))]


def _all_true(size: int, masks: list[np.ndarray]) -> np.ndarray:
    keep = np.ones(size, dtype=bool)
    for mask in masks:
        keep &= mask
    return keep
