"""Bangla analysis: spelling normalisation, reader-variant folding, stop words, light stemming.

The rules work on text that has been through ICU NFKC case folding (``filters.icu_fold``),
which already composes vowel signs (ে + া → ো), splits the nukta letters into base + nukta
(য় → য + ়) and drops ZWJ/ZWNJ. Every rule below is applied to index and query alike, so
the forms it produces only need to be consistent, not pretty: ``BanglaStemmer`` may turn
ডাক্তার into ডাক্তা, and every inflection of ডাক্তার meets there too.

Plain classes hold the rules (``BanglaNormalizer``, ``BanglaStemmer``); the Whoosh filters
only map them over the token stream.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from pathlib import Path

from analyzers.base import SettingsFilter
from analyzers.normalize import icu_fold, is_bangla

DATA = Path(__file__).parent / "data"

HASANTA = "\u09cd"  # virama: joins consonants into conjuncts
NUKTA = "\u09bc"
VOWEL_SIGNS = set("\u09be\u09bf\u09c0\u09c1\u09c2\u09c3\u09c4\u09c7\u09c8\u09cb\u09cc\u09d7")
INDEPENDENT_VOWELS = {chr(c) for c in range(0x0985, 0x0995)}
CONSONANTS = {chr(c) for c in range(0x0995, 0x09BA)} | {"\u09ce", "\u09dc", "\u09dd", "\u09df"}

# Equivalent spellings: the same word, written with other code points.
_SPELLING_RULES: tuple[tuple[str, str], ...] = (
    ("\u200c", ""), ("\u200d", ""),             # ZWNJ/ZWJ only shape the rendering
    ("\u09dc", "\u09a1\u09bc"),                  # ড় precomposed -> ড + nukta
    ("\u09dd", "\u09a2\u09bc"),                  # ঢ় precomposed -> ঢ + nukta
    ("\u09df", "\u09af\u09bc"),                  # য় precomposed -> য + nukta
    ("\u0985\u09be", "\u0986"),                  # অ + া typed for আ
    ("\u09c7\u09be", "\u09cb"),                  # ে + া -> ো
    ("\u09c7\u09d7", "\u09cc"),                  # ে + ৗ -> ৌ
    ("\u0981", ""),                              # chandrabindu: often left out (চাঁদ/চাদ)
    ("\u0999\u09cd", "\u0982"),                  # ঙ্ -> ং  (ডেঙ্গু / ডেংগু, অঙ্গ / অংগ)
    ("\u0999", "\u0982"),                        # ঙ -> ং   (রঙ / রং, বাঙলা / বাংলা)
)
_KHANDA_TA_AT_END = re.compile("\u09a4\u09cd$")  # ত্ at the end (old ত + ্ + ZWJ) -> ৎ
_TRAILING_HASANTA = re.compile(f"{HASANTA}+$")

# Spellings readers confuse (long/short vowels, the three sibilants, dental/cerebral n,
# ড়/র, য-ফলা written with an extra া, a dropped ব-ফলা). Folding them lets ব্যাথা find
# ব্যথা and জর find জ্বর, at the cost of merging a few true pairs (measured in
# bench/bangla_folding.py).
_VARIANT_RULES: tuple[tuple[str, str], ...] = (
    ("\u09c0", "\u09bf"),                        # ী -> ি
    ("\u09c2", "\u09c1"),                        # ূ -> ু
    ("\u0988", "\u0987"),                        # ঈ -> ই
    ("\u098a", "\u0989"),                        # ঊ -> উ
    ("\u09a3", "\u09a8"),                        # ণ -> ন
    ("\u09b6", "\u09b8"),                        # শ -> স
    ("\u09b7", "\u09b8"),                        # ষ -> স
    ("\u09a1\u09bc", "\u09b0"),                  # ড় -> র
    ("\u09a2\u09bc", "\u09b0"),                  # ঢ় -> র
    ("\u09cd\u09af\u09be", "\u09cd\u09af"),      # ্যা -> ্য   (ব্যাথা / ব্যথা)
    ("\u09cd\u09ac", ""),                        # ্ব dropped  (জ্বর / জর, স্বাস্থ্য / সাস্থ্য)
)


class BanglaNormalizer:
    """One search key per Bangla word, whatever the spelling.

    >>> BanglaNormalizer().normalize("ব্যাথা") == BanglaNormalizer().normalize("ব্যথা")
    True
    >>> BanglaNormalizer(fold_variants=False).normalize("ডেঙ্গু")
    'ডেংগু'
    """

    def __init__(self, fold_variants: bool = True) -> None:
        self.fold_variants = fold_variants

    def normalize(self, word: str) -> str:
        return _normalize(word, self.fold_variants)


@lru_cache(maxsize=200_000)
def _normalize(word: str, fold_variants: bool) -> str:
    for old, new in _SPELLING_RULES:
        word = word.replace(old, new)
    word = _KHANDA_TA_AT_END.sub("\u09ce", word)
    word = _TRAILING_HASANTA.sub("", word)
    if fold_variants:
        for old, new in _VARIANT_RULES:
            word = word.replace(old, new)
    return word


def _letters(text: str) -> int:
    return sum(1 for c in text if c in CONSONANTS or c in INDEPENDENT_VOWELS)


# (suffix, what must precede it): "consonant", "vowel" (a vowel sign or vowel), or "any".
# Case endings, plural markers and classifiers of nouns; verbs are left alone. The
# classifiers খানা/খানি are not stripped: পায়খানা (stool) would become পায় (at the foot).
_SUFFIXES: tuple[tuple[str, str], ...] = (
    ("গুলোকে", "any"), ("গুলিকে", "any"), ("গুলোতে", "any"), ("গুলিতে", "any"),
    ("গুলোর", "any"), ("গুলির", "any"), ("গুলো", "any"), ("গুলি", "any"), ("গুলা", "any"),
    ("দেরকে", "any"), ("দিগকে", "any"), ("দিগের", "any"), ("দের", "any"),
    ("টিকে", "any"), ("টাকে", "any"), ("টিতে", "any"), ("টাতে", "any"), ("টির", "any"),
    ("টার", "any"), ("টি", "any"), ("টা", "any"),
    ("েরা", "consonant"), ("েতে", "consonant"), ("ের", "consonant"), ("ে", "consonant"),
    ("রা", "any"), ("য়", "vowel"), ("র", "vowel"),
    ("কে", "any"), ("তে", "any"),
    ("ও", "consonant"), ("ই", "consonant"),  # emphatic particles: জ্বরও, আজই
)
_MIN_STEM_LETTERS = 2


class BanglaStemmer:
    """Light suffix stripping, so inflected nouns meet: জ্বরে, জ্বরের -> জ্বর.

    Suffixes are matched on normalised text, longest first, up to three times (রোগীদেরকে ->
    রোগীদের -> রোগী), and only while at least two letters remain.

    >>> n = BanglaNormalizer(fold_variants=False)
    >>> BanglaStemmer(n).stem(n.normalize("রোগীদের"))
    'রোগী'
    """

    def __init__(self, normalizer: BanglaNormalizer | None = None) -> None:
        self.normalizer = normalizer or BanglaNormalizer()

    def stem(self, word: str) -> str:
        return _stem(word, self.normalizer.fold_variants)


@cache
def _suffix_table(fold_variants: bool) -> tuple[tuple[str, str], ...]:
    table = {(_normalize(s, fold_variants), need) for s, need in _SUFFIXES}
    return tuple(sorted(table, key=lambda item: -len(item[0])))


@lru_cache(maxsize=200_000)
def _stem(word: str, fold_variants: bool) -> str:
    for _ in range(3):
        for suffix, need in _suffix_table(fold_variants):
            if not word.endswith(suffix) or len(word) == len(suffix):
                continue
            stem = word[: -len(suffix)]
            before = stem[-1]
            if need == "consonant" and not (before in CONSONANTS or before == NUKTA):
                continue
            if need == "vowel" and not (before in VOWEL_SIGNS or before in INDEPENDENT_VOWELS):
                continue
            if _letters(stem) < _MIN_STEM_LETTERS or stem.endswith(HASANTA):
                continue
            word = stem
            break
        else:
            return word
    return word


@cache
def bangla_stopwords(fold_variants: bool = True) -> frozenset[str]:
    """The stop list of ``data/stopwords_bn.txt``, normalised like the text it filters."""
    words = set()
    for line in (DATA / "stopwords_bn.txt").read_text(encoding="utf-8").splitlines():
        word = line.split("#", 1)[0].strip()
        if word:
            words.add(_normalize(icu_fold(word), fold_variants))
    return frozenset(words)


class BanglaNormalizeFilter(SettingsFilter):
    """Maps :class:`BanglaNormalizer` over Bangla tokens; other tokens pass unchanged."""

    settings = ("fold_variants",)

    def __init__(self, fold_variants: bool = True) -> None:
        self.fold_variants = fold_variants

    def __call__(self, tokens):
        for t in tokens:
            if is_bangla(t.text):
                t.text = _normalize(t.text, self.fold_variants)
            yield t


class BanglaStemFilter(BanglaNormalizeFilter):
    """Maps :class:`BanglaStemmer` over Bangla tokens; other tokens pass unchanged."""

    def __call__(self, tokens):
        for t in tokens:
            if is_bangla(t.text):
                t.text = _stem(t.text, self.fold_variants)
            yield t
