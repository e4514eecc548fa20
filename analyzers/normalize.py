"""Normalisation every token gets, whatever its script: ICU NFKC + case folding, and more.

- NFKC with case folding (ICU's ``nfkc_cf``): full-width and compatibility forms, ligatures
  (``ﬁ`` -> ``fi``), ``Ǆ`` -> ``dž``, and it drops default-ignorable characters such as
  ZWJ/ZWNJ, which only shape how Bangla is drawn.
- Bangla digits ``০``–``৯`` become ASCII digits, so ``১০২`` matches ``102``.
- Curly apostrophes become ``'``, so ``Alzheimer’s`` and ``Alzheimer's`` are one word.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache

import icu

_DIGITS_AND_QUOTES = str.maketrans(
    {**{chr(0x09E6 + d): str(d) for d in range(10)},
     "\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u201b": "'", "\uff07": "'"})


_BENGALI = re.compile("[\u0980-\u09ff]")


def is_bangla(text: str) -> bool:
    """Does the text hold any character of the Bengali block? (A regular expression: it is
    asked of whole passages, where a loop over characters would cost milliseconds.)"""
    return _BENGALI.search(text) is not None


@cache
def _nfkc_casefold() -> icu.Normalizer2:
    return icu.Normalizer2.getNFKCCasefoldInstance()  # stateless and thread-safe


@lru_cache(maxsize=200_000)
def icu_fold(text: str) -> str:
    """NFKC, case folded, Bangla digits as ASCII, one apostrophe.

    >>> icu_fold("ALZHEIMER’S ১০২")
    "alzheimer's 102"
    """
    return _nfkc_casefold().normalize(text).translate(_DIGITS_AND_QUOTES)


@lru_cache(maxsize=200_000)
def fold_latin_accents(word: str) -> str:
    """Drop accents from Latin letters only (``ménière`` -> ``meniere``).

    Never run over Bangla: ICU's generic diacritic folding deletes the nukta and the virama,
    turning জ্বর into জবর.
    """
    if word.isascii():
        return word
    decomposed = unicodedata.normalize("NFD", word)
    kept = [c for c in decomposed
            if not (unicodedata.combining(c) and "\u0300" <= c <= "\u036f")]
    return unicodedata.normalize("NFC", "".join(kept))
