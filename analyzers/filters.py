"""Whoosh filters shared by the chains: ICU folding and per-token script routing."""

from __future__ import annotations

from functools import lru_cache

from analyzers import bangla, english
from analyzers.base import SettingsFilter
from analyzers.normalize import icu_fold


def script_of(text: str) -> str:
    """``bn`` for Bengali script, ``en`` for anything with a Latin letter, ``num`` otherwise.

    >>> [script_of(w) for w in ("জ্বর", "fever", "covid19", "102")]
    ['bn', 'en', 'en', 'num']
    """
    if bangla.is_bangla(text):
        return "bn"
    if any(c.isalpha() for c in text):
        return "en"
    return "num"


@lru_cache(maxsize=500_000)
def route_key(text: str, fold_variants: bool, stem: bool) -> tuple[str, bool]:
    """(search key, is a stop word) for one icu-folded token, by its script's chain.

    Cached: a medical vocabulary is small next to the number of tokens indexed.
    """
    script = script_of(text)
    if script == "bn":
        key = bangla.BanglaNormalizer(fold_variants).normalize(text)
        if key in bangla.bangla_stopwords(fold_variants):
            return key, True
        return (bangla.BanglaStemmer(bangla.BanglaNormalizer(fold_variants)).stem(key)
                if stem else key), False
    if script == "en":
        base = english.strip_possessive(text)
        if base in english.english_stopwords():
            return base, True
        return (english.english_key(text) if stem else english.fold_latin_accents(base)), False
    return text, False


class IcuFoldFilter(SettingsFilter):
    """NFKC + case folding + Bangla digits + one apostrophe (see ``normalize.icu_fold``)."""

    def __call__(self, tokens):
        for t in tokens:
            t.text = icu_fold(t.text)
            yield t


class ScriptRouteFilter(SettingsFilter):
    """Each token through the chain of its own script, so one field can mix languages.

    Bengali tokens: Bangla normaliser, Bangla stop words, Bangla stemmer. Latin tokens:
    possessive, English stop words, accent folding, Snowball. Numbers pass unchanged, so
    ``102`` from ``১০২`` matches either. Stop words are dropped (positions renumbered, as
    Whoosh's StopFilter does, so phrases still match) or, with ``removestops=False``, marked.

    >>> from analyzers import text_analyzer
    >>> [t.text for t in text_analyzer()("Fever and জ্বরের ওষুধ")]
    ['fever', 'জর', 'ওসুধ']
    """

    settings = ("fold_variants", "stem")

    def __init__(self, fold_variants: bool = True, stem: bool = True) -> None:
        self.fold_variants = fold_variants
        self.stem = stem

    def __call__(self, tokens):
        pos = None
        fold_variants, stem = self.fold_variants, self.stem
        for t in tokens:
            key, stopped = route_key(t.text, fold_variants, stem)
            if not key:
                continue
            if stopped:
                if t.removestops:
                    continue
                t.text, t.stopped = key, True
                yield t
                continue
            t.text, t.stopped = key, False
            if t.positions:
                if pos is None:
                    pos = t.pos
                t.pos = pos
                pos += 1
            yield t
