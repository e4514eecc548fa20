"""Text analysis for the index and for queries, on ICU. Knows nothing of corpus, index or web.

Chains, each ``Tokenizer | Filter | ...`` and picklable (Whoosh stores them in the index):

- :func:`text_analyzer`: mixed English/Bangla text, each token routed by its script; the one
  the index uses for every text field.
- :func:`english_analyzer`, :func:`bangla_analyzer`: one language only, for tools and tests.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from pathlib import Path

from whoosh.analysis import NgramFilter, StopFilter

from analyzers.bangla import (
    BanglaNormalizeFilter,
    BanglaStemFilter,
    bangla_stopwords,
)
from analyzers.english import EnglishPossessiveFilter, EnglishStemFilter, english_stopwords
from analyzers.filters import IcuFoldFilter, ScriptRouteFilter, route_key
from analyzers.normalize import icu_fold
from analyzers.tokenizers import IcuWordTokenizer, word_spans

_DATA = Path(__file__).parent / "data"


def _analysis_version() -> str:
    """Code version plus a digest of the stop lists: both change what the index holds."""
    digest = hashlib.sha256()
    for name in ("stopwords_en.txt", "stopwords_bn.txt"):
        digest.update((_DATA / name).read_bytes())
    return f"icu-3-{digest.hexdigest()[:10]}"


# Bump the number when the analysis code changes; an index built with another version is
# refused with a "run rxsearch reindex" message instead of being read half-right.
ANALYSIS_VERSION = _analysis_version()


def text_analyzer(fold_variants: bool = True, stem: bool = True):
    """Mixed English/Bangla text: ICU words, folded, each routed through its script's chain.

    >>> [t.text for t in text_analyzer()("Headaches and জ্বরের ওষুধ")]
    ['headach', 'জর', 'ওসুধ']
    """
    return (IcuWordTokenizer() | IcuFoldFilter()
            | ScriptRouteFilter(fold_variants=fold_variants, stem=stem))


WORD_CACHE_SIZE = 300_000  # words per cache; a medical library's vocabulary is far smaller


class WordCache(dict):
    """A dict of word -> analysis result that empties itself when it reaches ``limit``
    entries, so a long build with an unbounded vocabulary stays within a fixed memory.

    Clearing, not evicting one by one: a hit is one dict look-up, and the vocabulary of an
    article library fits many times over before a clear ever happens.
    """

    def __init__(self, compute: Callable[[str], object], limit: int = WORD_CACHE_SIZE) -> None:
        super().__init__()
        self.compute = compute
        self.limit = limit

    def __missing__(self, word: str) -> object:
        if len(self) >= self.limit:
            self.clear()
        value = self[word] = self.compute(word)
        return value


def _analysed_key(word: str) -> str:
    key, stopped = route_key(icu_fold(word), True, True)
    return "" if stopped else key


# One word's key, as text_keys gives it; "" for a word it drops. A dict's own look-up, not
# a function call per word: indexing an article looks up some 450 words.
word_key = WordCache(_analysed_key, limit=200_000).__getitem__


def text_keys(text: str) -> Iterator[tuple[int, int, str]]:
    """(start, end, key) of each word :func:`text_analyzer` keeps, without building Whoosh
    tokens: the same keys, several times faster, for scanning stored text (snippets).

    >>> list(text_keys("Fever and জ্বর"))
    [(0, 5, 'fever'), (10, 14, 'জর')]
    """
    for start, end in word_spans(text):
        key = word_key(text[start:end])
        if key:
            yield start, end, key


def keys(text: str) -> tuple[str, ...]:
    """The analysed keys of ``text``, in order: what the index stores for it and what a
    query, a phrase or a name is matched by. The one spelling of "the keys of a string".

    >>> keys("Chest Pains and জ্বরের")
    ('chest', 'pain', 'জর')
    """
    return tuple(key for key in [word_key(text[start:end]) for start, end in word_spans(text)]
                 if key)


AUTOCOMPLETE_MAX_PREFIX = 24


def autocomplete_analyzer():
    """Word prefixes for title suggestions, English and Bangla: normalised, not stemmed.

    Indexing ``Dengue Fever`` stores ``d``, ``de``, … ``dengue``, ``f``, … ``fever``; a query
    (``mode="query"``) keeps the typed prefix whole.

    >>> [t.text for t in autocomplete_analyzer()("জ্বর", mode="query")]
    ['জর']
    """
    return (IcuWordTokenizer() | IcuFoldFilter() | ScriptRouteFilter(stem=False)
            | NgramFilter(minsize=1, maxsize=AUTOCOMPLETE_MAX_PREFIX, at="start"))


def spelling_analyzer():
    """Words as written, folded but not stemmed or stopped: the did-you-mean vocabulary.

    >>> [t.text for t in spelling_analyzer()("Alzheimer’s Disease")]
    ["alzheimer's", 'disease']
    """
    return IcuWordTokenizer() | IcuFoldFilter()


def english_analyzer():
    """English only: ICU words, folded, possessives, stop words, Snowball."""
    return (IcuWordTokenizer("en") | IcuFoldFilter() | EnglishPossessiveFilter()
            | StopFilter(stoplist=english_stopwords(), minsize=1) | EnglishStemFilter())


def bangla_analyzer(fold_variants: bool = True):
    """Bangla only: ICU words, folded, normalised, stop words, light stemmer."""
    return (IcuWordTokenizer() | IcuFoldFilter() | BanglaNormalizeFilter(fold_variants)
            | StopFilter(stoplist=bangla_stopwords(fold_variants), minsize=1)
            | BanglaStemFilter(fold_variants))


__all__ = ["ANALYSIS_VERSION", "WordCache", "autocomplete_analyzer", "bangla_analyzer",
           "english_analyzer", "keys", "spelling_analyzer", "text_analyzer", "text_keys",
           "word_key", "word_spans"]
