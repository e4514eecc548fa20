"""Bangla typed in Latin letters ("jor", "pet betha", "kidnite pathor"), read back as Bangla.

Avro Phonetic (the ``avro`` package of ``avro-py``: the scheme Bangladeshi readers type
with) turns the Latin word into Bangla letters; that spelling is rough (``betha`` ->
বেথা for ব্যথা, ``shash`` -> শাশ for শ্বাস), so both it and the real words are folded
to :func:`analyzers.phonetic.roman_key`, and the real Bangla words that share the key are
the readings; edit distance 1 is the fallback. The real words come from the index's own
Bangla vocabulary and the bilingual lexicon, weighted by how many articles use them.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

import avro
from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from analyzers.phonetic import roman_key

MIN_KEY = 2           # "jr" (জ্বর) is a real key; one letter is not
NEAR_FROM = 5         # keys this long may also match one edit away
SECOND_READING = 0.5  # a second reading is kept when used at least half as much


@lru_cache(maxsize=50_000)
def avro_reading(latin: str) -> str:
    """The Avro Phonetic spelling of a Latin word: ``jor`` -> জর."""
    return avro.parse(latin.lower())


class RomanisedReader:
    """``RomanisedReader([("জ্বর", 120.0), ...]).readings("jor")`` -> ["জ্বর"].

    ``words`` are (Bangla word, weight): how much the library uses it.
    """

    def __init__(self, words: Iterable[tuple[str, float]]) -> None:
        table: dict[str, dict[str, float]] = {}
        for word, weight in words:
            key = roman_key(word)
            if len(key) >= MIN_KEY:
                found = table.setdefault(key, {})
                found[word] = max(found.get(word, 0.0), weight)
        self._table = {k: sorted(v.items(), key=lambda i: (-i[1], i[0])) for k, v in table.items()}
        self._keys = list(self._table)

    def __len__(self) -> int:
        return len(self._table)

    def readings(self, latin: str, *, near: bool = True) -> list[str]:
        """The Bangla words ``latin`` most likely stands for, most used first; with
        ``near``, words one key edit away when none matches exactly."""
        if not latin.isascii() or not latin.isalpha():
            return []
        key = roman_key(avro_reading(latin))
        if len(key) < MIN_KEY:
            return []
        found = self._table.get(key)
        if found is None and near and len(key) >= NEAR_FROM:
            near = process.extract(key, self._keys, scorer=Levenshtein.distance,
                                   score_cutoff=1, limit=None)
            found = sorted((w for k, _, _ in near for w in self._table[k]),
                           key=lambda i: (-i[1], i[0]))
        if not found:
            return []
        best = found[0][1]
        return [found[0][0], *(w for w, weight in found[1:2] if weight >= best * SECOND_READING)]
