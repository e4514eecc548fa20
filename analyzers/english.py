"""English analysis: possessives, accents, stop words and Snowball stemming.

Stemming is Snowball English from PyStemmer, with one medical adjustment: ``-osis`` is read
as ``-oses`` first, so ``diagnosis``, ``diagnoses`` and ``diagnosed`` all become ``diagnos``
(Snowball alone leaves ``diagnosi`` apart from ``diagnos``); the same brings
``psychosis``/``psychoses`` together.
"""

from __future__ import annotations

import threading
from functools import cache, lru_cache
from pathlib import Path

import Stemmer

from analyzers.base import SettingsFilter
from analyzers.normalize import fold_latin_accents, is_bangla

DATA = Path(__file__).parent / "data"
_local = threading.local()


def _stemmer() -> Stemmer.Stemmer:
    """PyStemmer objects are not thread-safe: one per thread."""
    stemmer = getattr(_local, "stemmer", None)
    if stemmer is None:
        stemmer = _local.stemmer = Stemmer.Stemmer("english")
    return stemmer


def strip_possessive(word: str) -> str:
    """``alzheimer's`` -> ``alzheimer``, ``patients'`` -> ``patients``."""
    if word.endswith("'s"):
        return word[:-2]
    return word.rstrip("'")


@lru_cache(maxsize=200_000)
def stem_english(word: str) -> str:
    """Snowball English, with ``-osis`` kept apart from ``-osi``.

    >>> [stem_english(w) for w in ("headaches", "infections", "diagnosed", "diagnosis")]
    ['headach', 'infect', 'diagnos', 'diagnos']
    """
    if word.endswith("osis") and len(word) > 6:
        word = word[:-2] + "es"  # the plural stems like the verb: diagnoses, diagnosed
    return _stemmer().stemWord(word)


def english_key(word: str) -> str:
    """Everything but stop words: possessive, accents, stem (on icu_fold-ed text)."""
    return stem_english(fold_latin_accents(strip_possessive(word)))


@cache
def english_stopwords() -> frozenset[str]:
    lines = (DATA / "stopwords_en.txt").read_text(encoding="utf-8").splitlines()
    return frozenset(w for w in (line.split("#", 1)[0].strip() for line in lines) if w)


class EnglishPossessiveFilter(SettingsFilter):
    """``alzheimer's`` -> ``alzheimer`` (after icu_fold made every apostrophe ``'``)."""

    def __call__(self, tokens):
        for t in tokens:
            t.text = strip_possessive(t.text)
            yield t


class EnglishStemFilter(SettingsFilter):
    """Non-Bangla tokens through accent folding and :func:`stem_english`."""

    def __call__(self, tokens):
        for t in tokens:
            if not is_bangla(t.text):
                t.text = stem_english(fold_latin_accents(t.text))
            yield t
