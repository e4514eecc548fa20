"""Facets: library, language and A–Z letter; counted disjunctively, applied as filters.

Each facet is counted under the other facets' filters only, so choosing *Drugs* leaves the
other libraries' counts in view (a reader can see where else their word is found).

The language facet says what a reader can read an article in, not only what it is written
in: ``bn`` ("Has Bangla") counts the Bangla articles and the English ones with a Bangla title
or note, the ones the results show with Bangla. An English article with a Bangla note counts
under both ``en`` and ``bn``, so that facet's counts may add up to more than the total.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import numpy as np

from corpus.article import LANGUAGES, LIBRARIES
from indexer.schema import LETTERS, READ_IN
from search_app.ranking import Ranker


@dataclass(frozen=True, slots=True)
class Facet:
    """A facet's values and the index column it is read from.

    ``column_values``: what the column holds, when that is not the facet's values
    themselves; a column value counts under each facet value among its words (``read_in``
    "en bn" counts under ``en`` and under ``bn``).
    """

    values: tuple[str, ...]
    column: str
    column_values: tuple[str, ...] = ()
    # members[i, c]: does column value c count under facet value i; the last column, always
    # False, is for articles whose column holds none of them (code -1).
    members: np.ndarray = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        held = self.column_values or self.values
        members = np.zeros((len(self.values), len(held) + 1), dtype=bool)
        for c, value in enumerate(held):
            for word in value.split() if self.column_values else (value,):
                members[self.values.index(word), c] = True
        object.__setattr__(self, "members", members)

    def codes(self, rank: Ranker) -> np.ndarray:
        """Each document's column value, as its place in the held values (-1: none)."""
        return rank.codes(self.column, self.column_values or self.values)


FACETS: dict[str, Facet] = {
    "library": Facet(LIBRARIES, "library"),
    "lang": Facet(LANGUAGES, "read_in", READ_IN),
    "letter": Facet(LETTERS, "letter"),
}


@dataclass(frozen=True, slots=True)
class Filters:
    library: str | None = None
    lang: str | None = None     # "bn": has Bangla to read (see the module docstring)
    letter: str | None = None

    @classmethod
    def checked(cls, **values: str | None) -> Filters:
        """Filters from the reader's values; an unknown value raises ``ValueError``."""
        for name, value in values.items():
            if value is not None and value not in FACETS[name].values:
                raise ValueError(f"unknown {name} {value!r}")
        return cls(**values)

    def __bool__(self) -> bool:
        return any((self.library, self.lang, self.letter))

    def get(self, name: str) -> str | None:
        return getattr(self, name)


def count_and_filter(rank: Ranker, docs: np.ndarray, filters: Filters
                     ) -> tuple[dict[str, Counter], np.ndarray]:
    """Disjunctive counts per facet, and the documents that pass every filter."""
    codes = {name: facet.codes(rank)[docs] for name, facet in FACETS.items()}
    passes = {name: facet.members[facet.values.index(filters.get(name))][codes[name]]
              for name, facet in FACETS.items() if filters.get(name) is not None}
    counts: dict[str, Counter] = {}
    for name, facet in FACETS.items():
        keep = _all_true(len(docs), [p for other, p in passes.items() if other != name])
        # One count per column value, then each facet value adds up the column values that
        # count under it (a tiny matrix: 2 x 3 for languages, the identity for the others).
        held = np.bincount(codes[name][keep & (codes[name] >= 0)],
                           minlength=facet.members.shape[1] - 1)
        found = facet.members[:, :-1] @ held
        counts[name] = Counter({value: int(n) for value, n in zip(facet.values, found,
                                                                  strict=True) if n})
    return counts, docs[_all_true(len(docs), list(passes.values()))]


def _all_true(size: int, masks: list[np.ndarray]) -> np.ndarray:
    keep = np.ones(size, dtype=bool)
    for mask in masks:
        keep &= mask
    return keep
