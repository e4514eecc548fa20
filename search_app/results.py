"""What a search returns: plain dataclasses, the same for the CLI, the web app and the API.

Everything here is data or a code, never interface wording: libraries, languages and letters
are codes, ``Hit.matched_in`` is a section kind, notes are ids. The interface words them in
English or Bangla (``search_app.messages``).
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field, fields, is_dataclass

from analyzers.danger import DangerNotice
from search_app.paging import page_count
from search_app.query import Note


@dataclass(frozen=True, slots=True)
class Hit:
    id: str
    title: str
    library: str
    lang: str
    snippet: str          # HTML-safe: escaped, with <mark> around matched words
    url: str | None          # the article's page on the site; None: only the preview
    score: float
    title_bn: str = ""
    # Where the snippet comes from: a section kind ("symptoms", "side-effects", "other"),
    # "bangla-note" or "glossary"; None for the summary (only the title matched).
    matched_in: str | None = None
    matched_heading: str | None = None   # the article's own heading, for kind "other"
    matched_lang: str | None = None      # "en" or "bn": which language the match was in


@dataclass(frozen=True, slots=True)
class Reading:
    """How the engine read some of the reader's words, when it read them as more than typed:
    Bangla words searched in English too (``lexicon``, or ``loanword`` when matched by sound),
    Bangla typed in Latin letters (``romanised``), a medicine brand (``brand``)."""

    typed: str                     # the words as typed
    bangla: str | None = None      # the Bangla read from Latin letters
    english: tuple[str, ...] = ()  # the English names searched too (a brand: its generic)
    how: str = "lexicon"
    manufacturer: str | None = None   # a brand's maker

    @property
    def guessed(self) -> bool:
        """Read by sound or by brand, not by the lexicon: the reader may want to undo it."""
        return self.how != "lexicon"


@dataclass(frozen=True, slots=True)
class FacetCount:
    value: str
    count: int


@dataclass(frozen=True, slots=True)
class SearchResult:
    query: str
    library: str | None
    page: int
    page_size: int
    total: int
    hits: list[Hit] = field(default_factory=list)
    libraries: list[FacetCount] = field(default_factory=list)
    languages: list[FacetCount] = field(default_factory=list)
    letters: list[FacetCount] = field(default_factory=list)
    lang: str | None = None
    letter: str | None = None
    matched_all_words: bool = True
    showing_for: str | None = None     # the corrected query whose results are shown
    corrections: tuple[tuple[str, str], ...] = ()   # (as typed, as searched), word by word
    did_you_mean: str | None = None    # a correction offered while showing the original
    section: str | None = None         # the index field of the section the query named
    all_words_total: int | None = None  # when few match every word, how many do (listed first)
    notice: DangerNotice | None = None
    notes: tuple[Note, ...] = ()
    interpreted_as: tuple[Reading, ...] = ()   # what was searched, where it was read

    @property
    def guessed(self) -> bool:
        return any(r.guessed for r in self.interpreted_as)

    @property
    def pages(self) -> int:
        return page_count(self.total, self.page_size)

    def to_dict(self) -> dict:
        data = plain(self)
        data["pages"] = self.pages
        return data


_ATOMS = frozenset({str, int, float, bool, type(None)})
_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


def plain(value):
    """``dataclasses.asdict(value)``, the same dictionaries, lists and tuples, made without
    its ``deepcopy`` of every string and number (they cannot change) and its field lookups
    per object: a page of hits was a quarter of a millisecond of an API answer.

    >>> plain(FacetCount("drug", 3))
    {'value': 'drug', 'count': 3}
    """
    kind = type(value)
    if kind in _ATOMS:
        return value
    if kind is list:
        return [plain(v) for v in value]
    if kind is tuple:
        return tuple(plain(v) for v in value)
    if kind is dict:
        return {plain(k): plain(v) for k, v in value.items()}
    names = _FIELD_NAMES.get(kind)
    if names is None and is_dataclass(kind):
        names = _FIELD_NAMES[kind] = tuple(f.name for f in fields(kind))
    if names is not None:
        return {name: plain(getattr(value, name)) for name in names}
    return copy.deepcopy(value)   # anything else, as asdict does
