"""The readers' query language, parsed without ever raising.

    fever headache              words: all should match (the engine relaxes this if needed)
    "chest pain"                a phrase
    -children  -"side effects"  exclusions
    library:drug  lang:bn  letter:D   filters (library names as on the site also work;
                                      lang:bn is every article with Bangla to read)

Anything else is words. Unbalanced quotes, lone operators, unknown fields and control
characters are read as plainly as possible and explained in ``notes`` (codes: the interface
words them, see ``search_app.messages``); a query longer than ``MAX_QUERY_CHARS`` is cut.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from corpus.validate import library_from_label

MAX_QUERY_CHARS = 500
FILTER_FIELDS = ("library", "lang", "letter")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_TOKEN = re.compile(r'(-?)"([^"]*)"|(\S+)')


@dataclass(frozen=True, slots=True)
class Note:
    """Something the reader should know about how the query was read: an id (``query_cut``,
    ``unmatched_quote``, ``unknown_filter``, ``common_words_only``) and the value it is
    about (the filter as typed, the length limit), worded by the interface."""

    id: str
    value: str = ""


@dataclass(frozen=True, slots=True)
class ParsedQuery:
    text: str                                   # the cleaned query, as shown back
    words: tuple[str, ...] = ()                 # plain words, in order
    phrases: tuple[str, ...] = ()
    excluded: tuple[str, ...] = ()              # words or phrases
    filters: dict[str, str] = field(default_factory=dict)
    notes: tuple[Note, ...] = ()

    @property
    def is_empty(self) -> bool:
        return not (self.words or self.phrases)


def clean(text: str) -> tuple[str, bool]:
    """Control characters out, whitespace collapsed; (text, was it cut)."""
    text = " ".join(_CONTROL.sub(" ", text).split())
    return text[:MAX_QUERY_CHARS].rstrip(), len(text) > MAX_QUERY_CHARS


def parse(raw: str) -> ParsedQuery:
    """Parse a reader's query.

    >>> q = parse('fever "stiff neck" -child library:disease')
    >>> q.words, q.phrases, q.excluded, q.filters
    (('fever',), ('stiff neck',), ('child',), {'library': 'disease'})
    """
    text, cut = clean(raw)
    notes: list[Note] = []
    if cut:
        notes.append(Note("query_cut", str(MAX_QUERY_CHARS)))
    if text.count('"') % 2:
        notes.append(Note("unmatched_quote"))
        last = text.rfind('"')
        body = text[:last] + " " + text[last + 1:]
    else:
        body = text
    words: list[str] = []
    phrases: list[str] = []
    excluded: list[str] = []
    filters: dict[str, str] = {}
    for match in _TOKEN.finditer(body):
        negated, phrase, token = match.group(1), match.group(2), match.group(3)
        if phrase is not None:
            phrase = " ".join(phrase.split())
            if phrase:
                (excluded if negated else phrases).append(phrase)
            continue
        if token in ("-", "+", "AND", "OR", "NOT", "&&", "||"):
            continue
        if token.startswith("-") and len(token) > 1:
            excluded.append(token[1:])
            continue
        name, sep, value = token.partition(":")
        if sep and name.lower() in FILTER_FIELDS and value:
            checked = _filter_value(name.lower(), value)
            if checked is None:
                notes.append(Note("unknown_filter", token))
                words.extend(w for w in re.split(r"[:]", token) if w)
            else:
                filters[name.lower()] = checked
            continue
        words.append(token.lstrip("+"))
    return ParsedQuery(text, tuple(words), tuple(phrases), tuple(excluded), filters,
                       tuple(notes))


def _filter_value(name: str, value: str) -> str | None:
    if name == "library":
        return library_from_label(value)
    if name == "lang":
        return value.lower() if value.lower() in ("en", "bn") else None
    letter = value.upper()
    return letter if len(letter) == 1 and ("A" <= letter <= "Z" or letter == "#") else None
