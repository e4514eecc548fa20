"""Did-you-mean from the index's own vocabulary: ``diabetis`` -> ``diabetes``.

The index's ``spelling`` field holds the words of titles, other names, headings, summaries
and glossary terms as written (folded, not stemmed), so a correction is always a word some
article really uses. A reader's word that no article uses is compared with that vocabulary
by edit distance (1 for short words, 2 for longer ones, a swap of two letters counting as
one), and the closest word that most articles use wins.

The vocabulary is read once per open index version and compared with RapidFuzz's optimal
string alignment distance, in C: about 2 ms for 18,000 words, where Whoosh's Levenshtein
automaton over the word list took 300 ms at 50,000 articles.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

from rapidfuzz import process
from rapidfuzz.distance import OSA
from whoosh.searching import Searcher

from analyzers import spelling_analyzer, text_analyzer
from search_app.searchers import per_searcher

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
    return OSA.distance(a, b)


def _vocabulary(searcher: Searcher) -> list[str]:
    """Every word of the spelling field, read once per open index version."""
    return per_searcher(searcher, "spelling-vocabulary", lambda: [
        word.decode("utf-8") for word in searcher.reader().lexicon(FIELD)])


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
    found = process.extract(key, _vocabulary(searcher), scorer=OSA.distance,
                            score_cutoff=limit, limit=None)
    if not found:
        return None
    best = min(found, key=lambda f: (f[1], -reader.doc_frequency(FIELD, f[0]), f[0]))
    return best[0]


def correct(searcher: Searcher, words: Sequence[str]) -> list[str] | None:
    """The words with unknown ones corrected, or None when nothing needed correcting."""
    if not words or len(words) > MAX_WORDS:
        return None
    fixed = [correct_word(searcher, w) or w for w in words]
    return fixed if fixed != list(words) else None
