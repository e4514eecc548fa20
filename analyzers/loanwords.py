"""English words written in Bangla, found without a dictionary: সোরিয়াসিস -> psoriasis.

Most Bangla medical words for diseases, medicines and tests are English words spelt in
Bangla letters. A Bangla word no lexicon knows is written in Latin letters by sound
(:func:`analyzers.phonetic.latin_of`), reduced to its consonant skeleton, and compared with
the skeletons of the index's English words; a candidate must share the skeleton (or, for
long words, be one edit from it) and also look alike with its vowels. Words of article
titles and other names are preferred, and only confident matches are kept.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from rapidfuzz import fuzz, process
from rapidfuzz.distance import Levenshtein

from analyzers.phonetic import latin_of, skeleton

MIN_SKELETON = 3      # shorter skeletons ("kn", "ps") match too many words
MIN_SIMILARITY = 62   # vowels and all, out of 100, for a name word with the same skeleton
NEAR_SIMILARITY = 75  # for a name word whose skeleton is one edit away
OTHER_WORD = 20       # a word of no title or other name must look this much more alike:
                      # ঠান্ডা ("thanda", cold) is no "tend"
NAME_BONUS = 8        # a word of some title or other name
MAX_MATCHES = 2


def _spelling(word: str) -> str:
    """Vowels kept, consonants by sound: what the similarity compares."""
    text = re.sub(r"(.)\1+", r"\1", word.lower())
    for old, new in (("ph", "f"), ("ck", "k"), ("sh", "s"), ("th", "t"), ("kh", "k"),
                     ("y", "i"), ("w", "u"), ("v", "b"), ("z", "j"), ("q", "k"), ("x", "ks")):
        text = text.replace(old, new)
    return re.sub(r"c(?=[eiy])", "s", text).replace("c", "k").replace("h", "")


class LoanwordMatcher:
    """``LoanwordMatcher([("psoriasis", True), ...]).match("সোরিয়াসিস")`` -> ["psoriasis"].

    ``words`` are (English word as written, is it a word of a title or other name).
    """

    def __init__(self, words: Iterable[tuple[str, bool]]) -> None:
        self._by_skeleton: dict[str, list[tuple[str, bool]]] = {}
        for word, is_name in words:
            key = skeleton(word)
            if len(key) >= MIN_SKELETON and word.isascii() and word.isalpha():
                self._by_skeleton.setdefault(key, []).append((word, is_name))
        self._skeletons = list(self._by_skeleton)

    def __len__(self) -> int:
        return sum(len(v) for v in self._by_skeleton.values())

    def match(self, bangla: str) -> list[str]:
        """The English words ``bangla`` is most likely written from; [] when unsure."""
        latin = latin_of(bangla)
        key = skeleton(latin)
        if len(key) < MIN_SKELETON:
            return []
        scored = self._scored(latin, self._by_skeleton.get(key, []), MIN_SIMILARITY)
        if not scored and len(key) >= 5:
            near = process.extract(key, self._skeletons, scorer=Levenshtein.distance,
                                   score_cutoff=1, limit=None)
            words = [w for found, _, _ in near for w in self._by_skeleton[found]]
            scored = self._scored(latin, words, NEAR_SIMILARITY)
        if not scored:
            return []
        scored.sort(key=lambda s: (-s[0], s[1]))
        best = scored[0][0]
        return [word for score, word in scored if score >= best - 5][:MAX_MATCHES]

    @staticmethod
    def _scored(latin: str, words: list[tuple[str, bool]], floor: float
                ) -> list[tuple[float, str]]:
        spelt = _spelling(latin)
        found = []
        for word, is_name in words:
            similarity = fuzz.ratio(spelt, _spelling(word))
            if similarity >= floor + (0 if is_name else OTHER_WORD):
                found.append((similarity + (NAME_BONUS if is_name else 0), word))
        return found
