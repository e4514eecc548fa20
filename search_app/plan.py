"""Step 2 of a search: the query tree to score, and, apart from it, what snippets mark.

From an :class:`~search_app.understand.Understanding`:

- ``strict``: every required term must match (BM25F over the weighted fields of the field
  registry, ``indexer.schema.TEXT_FIELDS``); optional terms (section words) only add;
- ``loose``: any required term may match, scaled by the share that did (coordination);
- ``exclude``: what must not match;
- both strict and loose give a large bonus to articles whose name is exactly the query, or
  a name spotted inside it.

:func:`highlight` gives the keys to mark in snippets, the weak ones (section words: marked,
but they do not choose the passage) and the section to prefer.
"""

from __future__ import annotations

from dataclasses import dataclass

from indexer.schema import TEXT_FIELDS, field_names
from search_app.ranking import AllOf, AnyOf, Node, TitleCovered, WithOptional, Words
from search_app.understand import Keys, Term, Understanding

# Query-time field weights, from the field registry (bench/relevance.py --tune varies them).
FIELD_WEIGHTS: dict[str, float] = {f.name: f.weight for f in TEXT_FIELDS}
NAME_FIELDS = field_names(kind="name")
LOOSE_COORD = 1.0         # any-word matches: scale by (share of the words matched) ** this
NAME_WEIGHT = 100.0       # the query is exactly an article's title or other name
SECTION_BOOST = 3.0       # added to the weight of the section a query names
SUBJECT_WEIGHT = 0.5      # a name in a message's subject line counts this much more
COVERAGE_FROM = 12        # messages (longer queries) count a title by how much of it they cover
ALTERNATIVE_WEIGHT = 0.8  # other names count a little less than the reader's own words
# English names of Bangla words count much less: a Bangla reader is best served by an
# article in Bangla that has their words, and the English article still comes where none has.
TRANSLATION_WEIGHT = 0.15


@dataclass(frozen=True, slots=True)
class Plan:
    strict: Node
    loose: Node | None        # None when there is a single required term
    exclude: Node | None
    # A Bangla query that was also translated: its Bangla words alone, every one required,
    # and for a name rather than a question one at least in the title. Bangla articles that
    # match come first (retrieve.in_readers_language): a Bangla answer to a Bangla question,
    # a Bangla article about a topic, not one that names it in passing.
    own_language: Node | None = None


@dataclass(frozen=True, slots=True)
class Highlight:
    keys: frozenset[str]
    weak_keys: frozenset[str] = frozenset()
    section: str | None = None
    # The reader wrote Bangla (or Bangla in Latin letters): a passage where Bangla matched
    # is shown first. An English query's keys hold Bangla too (its words' Bangla names).
    bangla: bool = False


def plan(understood: Understanding) -> Plan | None:
    """The query trees; None when no term has a key (the query is only stop words)."""
    weights = dict(FIELD_WEIGHTS)
    if understood.section:
        weights[understood.section] += SECTION_BOOST
    required = [n for t in understood.terms if not t.optional if (n := _term(t, weights))]
    optional = [n for t in understood.terms if t.optional if (n := _term(t, weights))]
    if not required:
        required, optional = optional, []
    if not required:
        return None
    strict: Node = _all(required)
    loose: Node | None = AnyOf(tuple(required), LOOSE_COORD) if len(required) > 1 else None
    # The reader's words are exactly one of an article's names ("Goltz syndrome", "lupus"):
    # that article comes first, whatever longer names share the words.
    extras = [_any(optional)] if optional else []
    names = _names(understood)
    extras += [names] if names is not None else []
    for extra in extras:
        strict = WithOptional(strict, extra)
        loose = WithOptional(loose, extra) if loose is not None else None
    if len(understood.words) > COVERAGE_FROM:   # a message: titles count by what it covers
        every = tuple(k for t in understood.terms for p in t.parts for f in p for k in f)
        strict = TitleCovered(strict, every)
        loose = TitleCovered(loose, every) if loose is not None else None
    excluded = [n for x in understood.excluded if (n := _words(x, FIELD_WEIGHTS))]
    return Plan(strict, loose, _any(excluded) if excluded else None, _own_language(understood))


def _own_language(understood: Understanding) -> Node | None:
    """The Bangla words of a translated Bangla query, all required, untranslated; in the
    title too unless the query is a question."""
    terms = [t for t in understood.terms if not t.optional and not t.is_empty]
    if not any(t.translated for t in terms) or not all(t.translated for t in terms):
        return None
    typed = [forms[0] for t in terms for forms in t.parts if forms[0]]
    if not typed:
        return None
    anywhere = _all([Words(k, tuple(FIELD_WEIGHTS.items())) for k in typed])
    if understood.question:
        return anywhere
    return AllOf((anywhere, _any([Words(k, tuple((f, 1.0) for f in NAME_FIELDS))
                                  for k in typed])))


def highlight(understood: Understanding) -> Highlight:
    """What snippets mark: every key of every term; section words' keys are weak when the
    query has other terms to choose the passage by."""
    terms = understood.terms
    every = frozenset(k for t in terms for k in t.keys)
    mixed = any(not t.optional and not t.is_empty for t in terms) and \
        any(t.optional and not t.is_empty for t in terms)
    weak = frozenset(k for t in terms if t.optional for k in t.keys) if mixed else frozenset()
    bangla = any(w.script == "bn" or w.bangla for w in understood.words)
    return Highlight(every, weak, understood.section, bangla)


def _words(keys: Keys, weights: dict[str, float], scale: float = 1.0) -> Words | None:
    """One word (or phrase, when it has several keys) over the weighted fields."""
    if not keys:
        return None
    return Words(tuple(keys), tuple((f, w * scale) for f, w in weights.items()))


def _names(understood: Understanding) -> Node | None:
    """The exact-name bonus: the reader's words as typed, names spotted inside them, and as
    translated (a little less)."""
    found = [Words((name,), (("names", NAME_WEIGHT),))
             for name in dict.fromkeys([understood.name, *understood.spotted]) if name]
    found += [Words((name,), (("names", NAME_WEIGHT * SUBJECT_WEIGHT),))
              for name in understood.subject]
    found += [Words((name,), (("names", NAME_WEIGHT * ALTERNATIVE_WEIGHT),))
              for name in understood.translated_names]
    return _any(found) if found else None


def _term(term: Term, weights: dict[str, float]) -> Node | None:
    parts = [n for forms in term.parts if (n := _either(forms, weights))]
    choices = [_all(parts)] if parts else []
    scale = TRANSLATION_WEIGHT if term.translated else ALTERNATIVE_WEIGHT
    choices += [n for a in term.alternatives if (n := _words(a, weights, scale))]
    return _any(choices) if choices else None


def _either(forms: tuple[Keys, ...], weights: dict[str, float]) -> Node | None:
    """One part of a term: the word as typed, or any other form of it (its Bangla reading)."""
    found = [n for keys in forms if (n := _words(keys, weights))]
    return _any(found) if found else None


def _all(parts: list[Node]) -> Node:
    return AllOf(tuple(parts)) if len(parts) > 1 else parts[0]


def _any(parts: list[Node]) -> Node:
    return AnyOf(tuple(parts)) if len(parts) > 1 else parts[0]
