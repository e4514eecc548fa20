"""Did-you-mean from the index's own vocabulary: ``diabetis`` -> ``diabetes``.

The index's ``spelling`` field holds the words of titles, other names, headings, summaries
and glossary terms as written (folded, not stemmed), so a correction is always a word some
article really uses. A reader's word that no article uses is compared with that vocabulary
by edit distance (1 for short words, 2 for longer ones, a swap of two letters counting as
one), and the closest word that most articles use wins.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

from whoosh.searching import Searcher

from analyzers import spelling_analyzer, text_analyzer

FIELD = "spelling"
# A word found in any of these fields is a real word of the library, not a typo.
TEXT_FIELDS = ("title", "aka", "summary", "headings", "glossary", "bangla_note", "symptoms",
               "causes", "tests", "treatment", "side_effects", "body")
MAX_WORDS = 6  # longer queries are questions, rarely typos; and each word costs a lookup


@cache
def _analyzer():
    return spelling_analyzer()


@cache
def _search_analyzer():
    return text_analyzer()


def _known(searcher: Searcher, word: str) -> bool:
    """Does any article use the word (in its analysed form) anywhere?"""
    reader = searcher.reader()
    keys = [t.text for t in _search_analyzer()(word)]
    return not keys or all(any(reader.doc_frequency(f, k) for f in TEXT_FIELDS) for k in keys)


def spelling_key(word: str) -> str:
    tokens = [t.text for t in _analyzer()(word)]
    return tokens[0] if len(tokens) == 1 else ""


def edit_distance(a: str, b: str) -> int:
    """Damerau-Levenshtein (optimal string alignment): ``neumonia``/``pneumonia`` is 1."""
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cost = ca != cb
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], previous2[j - 2] + 1)
        previous2, previous = previous, current
    return previous[-1]


def max_distance(word: str) -> int:
    return 0 if len(word) < 3 else 1 if len(word) <= 5 else 2


def correct_word(searcher: Searcher, word: str) -> str | None:
    """The index word a reader most likely meant, or None if the word is known or hopeless."""
    key = spelling_key(word)
    if not key or key.isdigit() or searcher.reader().doc_frequency(FIELD, key) > 0:
        return None
    limit = max_distance(key)
    if not limit or _known(searcher, word):
        return None
    reader = searcher.reader()
    # Ask each segment: a segment reader walks its word list with a Levenshtein automaton,
    # while a multi-segment reader would compare every word of the vocabulary.
    words: set[str] = set()
    for leaf, _offset in reader.leaf_readers():
        words.update(leaf.terms_within(FIELD, key, limit))
    candidates = [t for t in words if edit_distance(key, t) <= limit]
    if not candidates:
        return None
    return min(candidates, key=lambda t: (edit_distance(key, t),
                                          -reader.doc_frequency(FIELD, t), t))


def correct(searcher: Searcher, words: Sequence[str]) -> list[str] | None:
    """The words with unknown ones corrected, or None when nothing needed correcting."""
    if not words or len(words) > MAX_WORDS:
        return None
    fixed = [correct_word(searcher, w) or w for w in words]
    return fixed if fixed != list(words) else None
