"""Step 1 of a search: what the reader asked for, word by word.

``understand(view, parse("side effects of methotrexate"))`` finds, for each word, its
analysed keys, its script, whether it names a section, and a spelling correction when no
article uses it; then groups the words into :class:`Term`\\ s, the units the plan joins:

- a plain word (``methotrexate``);
- a run of words with other names from the expander (``high blood pressure`` or
  ``hypertension``; ``জ্বর`` or ``fever``): the words, or any of the other names;
- a quoted phrase.

A term made only of section words (``side effects``) is *optional*: it adds to the score,
and raises the weight of that section's field for the others. A query made of nothing but
section words ("symptoms") is about that topic, not a modifier.
"""

from __future__ import annotations

from dataclasses import dataclass

from analyzers import keys
from analyzers.filters import script_of
from analyzers.sections import section_words
from search_app import spelling
from search_app.index_view import IndexView
from search_app.query import ParsedQuery

Keys = tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Word:
    """One word as the reader typed it, and what the engine knows about it."""

    text: str
    keys: Keys                      # its analysed keys (usually one; none for a stop word)
    script: str                     # "en", "bn" or "num"
    section_word: bool = False      # part of words naming a section ("side effects")
    correction: str | None = None   # the index word meant, when no article uses this one


@dataclass(frozen=True, slots=True)
class Term:
    """One unit of the query: all of ``parts`` (each a word's or a phrase's keys, matched
    as a sequence), or any of ``alternatives`` (other names' keys)."""

    parts: tuple[Keys, ...]
    alternatives: tuple[Keys, ...] = ()
    optional: bool = False

    @property
    def keys(self) -> set[str]:
        return {k for group in (*self.parts, *self.alternatives) for k in group}

    @property
    def is_empty(self) -> bool:
        return not any(self.parts) and not any(self.alternatives)


@dataclass(frozen=True, slots=True)
class Understanding:
    query: ParsedQuery
    words: tuple[Word, ...]
    terms: tuple[Term, ...]
    excluded: tuple[Keys, ...]
    section: str | None              # the index field of the section the query names

    @property
    def name(self) -> str:
        """The reader's words (section words aside) and phrases as one exact-name key."""
        named = [k for w in self.words if not w.section_word for k in w.keys]
        return " ".join([*named, *(k for p in self.query.phrases for k in keys(p))])

    @property
    def corrected(self) -> ParsedQuery | None:
        """The query with unknown words corrected; None when every word is known."""
        if not any(w.correction for w in self.words):
            return None
        fixed = tuple(w.correction or w.text for w in self.words)
        q = self.query
        return ParsedQuery(" ".join(fixed), fixed, q.phrases, q.excluded, q.filters)


def understand(view: IndexView, parsed: ParsedQuery) -> Understanding:
    """The words, terms, exclusions and named section of a parsed query."""
    text, offsets = _joined(parsed.words)
    section, named = _named_section(text, offsets, parsed)
    corrections = _corrections(view, parsed.words)
    words = tuple(Word(w, keys(w), script_of(w), i in named, corrections[i])
                  for i, w in enumerate(parsed.words))
    terms = [*_word_terms(view, words, text, offsets),
             *(Term((keys(p),)) for p in parsed.phrases)]
    return Understanding(parsed, words, tuple(terms), tuple(keys(x) for x in parsed.excluded),
                         section)


def _joined(words: tuple[str, ...]) -> tuple[str, list[tuple[int, int]]]:
    """The words joined by spaces, and each word's (start, end) in that text."""
    offsets, position = [], 0
    for word in words:
        offsets.append((position, position + len(word)))
        position += len(word) + 1
    return " ".join(words), offsets


def _within(offsets: list[tuple[int, int]], start: int, end: int) -> list[int]:
    return [i for i, (s, e) in enumerate(offsets) if s >= start and e <= end]


def _named_section(text: str, offsets: list[tuple[int, int]], parsed: ParsedQuery
                   ) -> tuple[str | None, set[int]]:
    """The section field the words name (the first named), and the words naming it."""
    section, named = None, set()
    for found in section_words().find(text):
        section = section or found.value
        named.update(_within(offsets, found.start, found.end))
    if len(named) == len(parsed.words) and not parsed.phrases:
        return None, set()  # "symptoms" alone is the topic, not a modifier
    return section, named


def _corrections(view: IndexView, words: tuple[str, ...]) -> list[str | None]:
    fixed = spelling.correct(view, words)
    if fixed is None:
        return [None] * len(words)
    return [new if new != old else None for old, new in zip(words, fixed, strict=True)]


def _word_terms(view: IndexView, words: tuple[Word, ...], text: str,
                offsets: list[tuple[int, int]]) -> list[Term]:
    """One term per plain word, one per run of words the expander knows other names for."""
    spans = {}
    for span in view.expander.expand(text):
        members = _within(offsets, span.start, span.end)
        if members:
            spans[members[0]] = (members, tuple(keys(n) for n in span.alternatives))
    terms, i = [], 0
    while i < len(words):
        members, alternatives = spans.get(i, ([i], ()))
        terms.append(Term(tuple(words[m].keys for m in members), alternatives,
                          all(words[m].section_word for m in members)))
        i = members[-1] + 1
    return terms
