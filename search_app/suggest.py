"""Title suggestions as the reader types, in English and Bangla, best first.

Every typed word has to start a word of one of the article's names (``diab`` starts
"Diabetes"). Which name decides the tier, and the tiers come in this order:

1. the articles one of whose names is exactly what was typed (``flu``: Influenza, whose
   other name is "flu", before "Cerebrospinal Fluid Cancer");
2. the title, then the Bangla title: first the titles whose first word the first typed word
   starts (``diab``: "Diabetic Retinopathy" before "Gestational Diabetes");
3. an other name, given back with the suggestion ("Zinc Sulfate — zinc for diarrhoea");
4. a slip of the finger in the last word (``daib``, ``astm``), only when the tiers above
   leave room, that word has three letters or more, and it starts no word of any name.

A stop word being typed at the end is taken as a prefix too, before it is dropped: ``he``
starts "Hepatitis", ``heart a`` "Heart Attack".

Within a tier shorter titles come first, then A–Z (``suggest_order`` in the index): the
general topic before its special cases, and the same list every time. A tier's articles are
found over whole posting lists with numpy (the ranker's cached lists), not by Whoosh's
matchers, which step through an intersection one document at a time in Python: a short
last word ("Paget d") starts a word of thousands of names.

The slips forgiven are narrower than "one edit", on purpose. Until 2026-11-29 the last word
could be any prefix one edit away, and one edit of a prefix is mostly another prefix: ``dia``
is one edit from ``di`` and ``dis``, so it offered every title with "disease" in a name
(Hodgkin Lymphoma, Sarcoidosis), and ``diab`` one edit from ``diar`` and ``diag``
(Zinc Sulfate through "zinc for diarrhoea", Malaria Rapid Diagnostic Test). So the first
letter is trusted, the last one typed is never changed or dropped (see :func:`one_slip`), and
letters that start a word of some name are taken as typed.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from typing import NamedTuple

import numpy as np
from whoosh.query import And, Or, Query, Term
from whoosh.reading import IndexReader

from analyzers import autocomplete_analyzer
from indexer.schema import name_key, name_variants
from search_app.index_view import IndexView
from search_app.ranking import Ranker

MAX_SUGGESTIONS = 10
FUZZY_FROM = 3        # a slip is forgiven from the third letter of the last word on
EXTRA_LETTER_FROM = 5  # a letter too many only from the fifth: ``diaa`` -> ``dia`` is too wide

# What a suggestion matched: which name the typed words start, or "typo".
MATCHES = ("title", "title_bn", "other_name", "typo")
_NAME_FIELDS = {"title": "title_ac", "title_bn": "title_bn_ac", "other_name": "aka_ac"}


@dataclass(frozen=True, slots=True)
class Suggestion:
    """One suggested article.

    ``match``: one of MATCHES. ``matched_name``: the other name the typed words start (or
    nearly start, for a typo), which a list shows after the title: "Zinc Sulfate — zinc for
    diarrhoea"; None when they start the title. ``url``: the article's page on the site, None
    when it has none (the preview stands in).
    """

    id: str
    title: str
    title_bn: str
    library: str
    url: str | None
    match: str = "title"
    matched_name: str | None = None


class _Tier(NamedTuple):
    match: str
    query: Query
    # For a match on other names: per typed word, the prefixes it stands for, to tell which
    # name matched. None when a title matched.
    name_words: list[frozenset[str]] | None = None
    # One other name must hold every typed word: the field holds all of them, so "heart a"
    # matches "... heart defect" and "Antopol disease" together, which is no name.
    one_name: bool = False
    # For the whole typed text as one name: its key (indexer.schema.name_key).
    name_key: str | None = None


@cache
def _analyzer():
    return autocomplete_analyzer()


def _words(text: str) -> list[str]:
    """The search keys of the words of ``text`` (whole words: a query keeps them unsplit)."""
    return [t.text for t in _analyzer()(text, mode="query")]


def _typed(text: str) -> tuple[list[str], str | None]:
    """The keys of the typed words, stop words left out, and the last word when it is a stop
    word still being typed: ``heart a`` -> (["heart"], "a"), since "a" may be the start of
    "attack"; ``zinc for d`` -> (["zinc", "d"], None)."""
    # (text, stopped) read as the tokens go by: Whoosh reuses one Token object for them all.
    tokens = [(t.text, t.stopped) for t in _analyzer()(text, mode="query", removestops=False)]
    words = [key for key, stopped in tokens if not stopped]
    typing = (tokens[-1][0] if tokens and tokens[-1][1] and not text[-1:].isspace()
              else None)
    return words, typing


def suggest(view: IndexView, prefix: str, *, limit: int = 8) -> list[Suggestion]:
    """Up to ``limit`` articles whose names start with what the reader typed, best first.

    ``diab`` -> Type 2 Diabetes (title); ``zinc d`` -> Zinc Sulfate, matched_name "zinc for
    diarrhoea"; ``ডায়া`` -> Type 2 Diabetes (Bangla title).
    """
    limit = max(1, min(limit, MAX_SUGGESTIONS))
    text = prefix[:100]
    words, typing = _typed(text)
    if not words and not typing:
        return []
    found: list[Suggestion] = []
    seen: set[int] = set()
    for tier in _tiers(view.searcher().reader(), text, words, typing):
        _collect(view, tier, limit, found, seen)
        if len(found) >= limit:
            break
    return found


def _tiers(reader: IndexReader, text: str, words: list[str], typing: str | None
           ) -> Iterator[_Tier]:
    key = name_key(text)
    if key:  # what was typed is a whole name: "flu" is Influenza before "Fluid ..."
        yield _Tier("title", Term("names", key), name_key=key)
    if typing:  # "heart a": the "a" of "attack" first, then the other "heart" titles
        yield from _exact_tiers([*words, typing], across_names=False)
    if words:
        yield from _exact_tiers(words)
        if len(words[-1]) >= FUZZY_FROM and not _starts_a_name(reader, words[-1]):
            yield from _typo_tiers(reader, words)


def _exact_tiers(words: list[str], *, across_names: bool = True) -> Iterator[_Tier]:
    def each(field: str) -> list[Query]:
        return [Term(field, w) for w in words]

    lead = Term("lead_ac", words[0])
    yield _Tier("title", And([lead, *each("title_ac")]))
    yield _Tier("title_bn", And([lead, *each("title_bn_ac")]))
    yield _Tier("title", And(each("title_ac")))
    yield _Tier("title_bn", And(each("title_bn_ac")))
    exact = [frozenset([w]) for w in words]
    yield _Tier("other_name", And(each("aka_ac")), exact, one_name=len(words) > 1)
    # "lung carcin": Lung Cancer, bronchogenic carcinoma. Only with three letters a word or
    # more: a shorter prefix says little, and its union over three fields is slow to read.
    if across_names and len(words) > 1 and min(map(len, words)) >= FUZZY_FROM:
        yield _Tier("other_name", And([Or([Term(f, w) for f in _NAME_FIELDS.values()])
                                       for w in words]), exact)


def _starts_a_name(reader: IndexReader, word: str) -> bool:
    # Letters that start a word of some name are a prefix the library knows, not a slip:
    # ``dia`` is the start of "diabetes", and guessing "dis" from it offers every "disease".
    return any((field, word) in reader for field in _NAME_FIELDS.values())


def _typo_tiers(reader: IndexReader, words: list[str]) -> Iterator[_Tier]:
    *before, last = words
    for match, field in _NAME_FIELDS.items():
        near = near_prefixes(reader, field, last)
        if not near:
            continue
        query = And([*(Term(field, w) for w in before), Or([Term(field, t) for t in near])])
        name_words = ([frozenset([w]) for w in before] + [frozenset(near)]
                      if match == "other_name" else None)
        yield _Tier("typo", query, name_words, one_name=bool(name_words) and len(words) > 1)


def _collect(view: IndexView, tier: _Tier, limit: int, found: list[Suggestion],
             seen: set[int]) -> None:
    rank = view.ranker()
    docs = _matching(rank, tier.query)
    docs = docs[rank.live[docs]]
    if seen:
        docs = docs[~np.isin(docs, np.fromiter(seen, dtype=np.int64, count=len(seen)))]
    docs = docs[np.argsort(rank.sort_ranks("suggest_order")[docs], kind="stable")]
    stored = view.searcher().stored_fields
    # A tier that may turn hits down reads as many as it takes (few: they hold every word).
    for doc in (docs if tier.one_name else docs[:limit - len(found)]).tolist():
        if len(found) >= limit:
            return
        hit = stored(doc)
        match, name = tier.match, None
        if tier.name_key:
            match, name = _whole_name(hit, tier.name_key)
        elif tier.name_words:
            name = matched_name(hit.get("also_known_as") or [], tier.name_words,
                                every_word=tier.one_name)
            if name is None:
                continue
        seen.add(doc)
        found.append(Suggestion(id=hit["id"], title=hit["title"],
                                title_bn=hit.get("title_bn", ""), library=hit["library"],
                                url=hit.get("url") or None, match=match, matched_name=name))


def _matching(rank: Ranker, query: Query) -> np.ndarray:
    """The documents (sorted, deleted ones too) a tier's query of terms, ``And`` and ``Or``
    matches."""
    if isinstance(query, Term):
        return rank.postings(query.fieldname, query.text)[0]
    parts = [_matching(rank, q) for q in query.subqueries]
    found = parts[0]
    for part in parts[1:]:
        found = np.intersect1d(found, part, assume_unique=True) if isinstance(query, And) \
            else np.union1d(found, part)
    return found


def _whole_name(hit, key: str) -> tuple[str, str | None]:
    """Which of an article's names has the key ``key``: (match, the other name or None)."""
    for match, names in (("title", [hit["title"]]), ("title_bn", [hit.get("title_bn", "")])):
        if any(name_key(n) == key for name in names if name for n in name_variants(name)):
            return match, None
    for name in hit.get("also_known_as") or []:
        if any(name_key(n) == key for n in name_variants(name)):
            return "other_name", name
    return "title", None   # not reached: the names field holds only these names' keys


def matched_name(names: list[str], typed: list[frozenset[str]], *,
                 every_word: bool = False) -> str | None:
    """The name in which the most typed words start a word, then the one holding the last
    word typed, then the first; each typed word given as the prefixes it stands for. None
    when no word starts any name, or with ``every_word`` when no one name holds them all.

    >>> matched_name(["ORS", "zinc for diarrhoea"], [frozenset(["diar"])])
    'zinc for diarrhoea'
    >>> print(matched_name(["ORS", "zinc"], [frozenset(["zinc"]), frozenset(["or"])],
    ...                    every_word=True))
    None
    """
    best, most = None, (0, False)
    for name in names:
        keys = _words(name)
        held = [any(k.startswith(p) for k in keys for p in prefixes) for prefixes in typed]
        if (sum(held), held[-1]) > most:
            best, most = name, (sum(held), held[-1])
    return best if most[0] == len(typed) or not every_word else None


def near_prefixes(reader: IndexReader, field: str, typed: str) -> list[str]:
    """The prefixes indexed in ``field`` that ``typed`` is one slip away from (:func:`one_slip`).

    ``astm`` -> ``asthm`` (a letter left out), ``daib`` -> ``diab`` (two letters swapped).
    """
    # A slip after the second letter keeps the first two: read the few prefixes that start
    # with them. One at the second letter is looked up, for each letter that follows the
    # first one in the field: reading every prefix that starts with the first letter takes
    # tens of milliseconds in a large library.
    n = len(typed)
    if n < FUZZY_FROM:
        return []
    shortest = n - 1 if n >= EXTRA_LETTER_FROM else n
    found = {term for term in (raw.decode("utf-8")
                               for raw in reader.expand_prefix(field, typed[:2]))
             if shortest <= len(term) <= n + 1 and one_slip(typed, term)}
    head = typed[0]
    tries = {head + typed[2] + typed[1] + typed[3:], head + typed[2:]}
    for letter in _letters_after(reader, field, head):
        tries |= {head + letter + typed[2:], head + letter + typed[1:]}
    found |= {term for term in tries if one_slip(typed, term) and (field, term) in reader}
    return sorted(found)


def _letters_after(reader: IndexReader, field: str, head: str) -> Iterator[str]:
    """Each letter that follows ``head`` at the start of a word in ``field``, found by
    skipping from one to the next in the sorted terms rather than reading them all."""
    seek = head + "\0"
    while True:
        # The next term of the whole index: past the field's last one comes another field.
        name, raw = next(iter(reader.terms_from(field, seek.encode("utf-8"))), ("", b""))
        term = raw.decode("utf-8")
        if name != field or len(term) < 2 or not term.startswith(head):
            return
        letter = term[len(head)]
        yield letter
        seek = head + chr(ord(letter) + 1)


def one_slip(typed: str, term: str) -> bool:
    """Whether ``term`` is the prefix ``typed`` with one slip of the finger mended: two
    neighbouring letters swapped, a wrong letter inside, a letter left out inside, or (from
    EXTRA_LETTER_FROM letters) one letter too many.

    The first letter is trusted, and the last letter typed is never replaced or dropped: a
    prefix with another last letter, or one letter shorter, is a prefix of other words, not a
    mended one (``dia`` is one edit from ``dis``, which starts every "disease").

    >>> [one_slip("daib", t) for t in ("diab", "dian", "dai", "daibe")]
    [True, False, False, False]
    >>> [one_slip("astm", t) for t in ("asthm", "asth", "astr")]
    [True, False, False]
    """
    n, m = len(typed), len(term)
    if not n or not m or term[0] != typed[0]:
        return False
    i = next((k for k in range(min(n, m)) if typed[k] != term[k]), min(n, m))
    if m == n:
        if i >= n - 1:   # the same, or only the last letter differs
            return False
        if typed[i + 1:] == term[i + 1:]:   # one wrong letter inside
            return True
        return (typed[i] == term[i + 1] and typed[i + 1] == term[i]   # two swapped
                and typed[i + 2:] == term[i + 2:])
    if m == n + 1:   # a letter left out before the last one typed
        return i < n and term[i + 1:] == typed[i:]
    if m == n - 1:   # a letter too many before the last one typed
        return n >= EXTRA_LETTER_FROM and i < n - 1 and typed[i + 1:] == term[i:]
    return False
