"""The bilingual medical lexicon: what a Bangla word or term is called in English.

Two sources, both text that editors can change (no reindex: query time only):

- ``data/lexicon/*.tsv``, written for this project: ``bn<TAB>en<TAB>kind`` per line, the
  English names separated by `` | `` (first the name an English article would be titled
  by), ``kind`` one of disease, symptom, body, medicine, drug-class, remedy, test,
  procedure, care, word, person, time, food. Lines starting with ``#`` are comments.
- ``data/glossary-tico19-en-bn.tsv``: the CC0 TICO-19 term list (``en<TAB>bn<TAB>pos``),
  Bangla alternatives separated by ``/``.

Bangla headwords are matched on analysed keys, so inflections (কিডনিতে) and reader
spellings (ব্যাথা) need no entries of their own.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from analyzers import keys
from analyzers.normalize import is_bangla

DATA = Path(__file__).parent / "data"
LEXICON_DIR = DATA / "lexicon"
TICO = DATA / "glossary-tico19-en-bn.tsv"
KINDS = frozenset({"disease", "symptom", "body", "medicine", "drug-class", "remedy", "test",
                   "procedure", "care", "word", "person", "time", "food", "term"})


class LexiconError(ValueError):
    """A lexicon file has a line that cannot be read (the message names file and line)."""


@dataclass(frozen=True, slots=True)
class Entry:
    bangla: str
    english: tuple[str, ...]   # first: the name an English article is titled by
    kind: str
    source: str                # "file.tsv:line"


def _rows(path: Path) -> Iterator[tuple[int, list[str]]]:
    with path.open(encoding="utf-8", newline="") as lines:
        for number, row in enumerate(csv.reader(lines, delimiter="\t", quoting=csv.QUOTE_NONE),
                                     start=1):
            if row and not row[0].startswith("#") and any(cell.strip() for cell in row):
                yield number, row


def read_project_file(path: Path) -> list[Entry]:
    """One ``bn<TAB>en<TAB>kind`` file of ``data/lexicon/``."""
    entries = []
    for number, row in _rows(path):
        if row[:3] == ["bn", "en", "kind"]:
            continue
        where = f"{path.name}:{number}"
        if len(row) != 3:
            raise LexiconError(f"{where}: expected bn, en and kind separated by tabs")
        bangla, english, kind = (cell.strip() for cell in row)
        names = tuple(n.strip() for n in english.split("|") if n.strip())
        if not is_bangla(bangla) or not names or kind not in KINDS:
            raise LexiconError(f"{where}: need a Bangla term, English names and a known kind")
        entries.append(Entry(bangla, names, kind, where))
    return entries


def read_tico(path: Path = TICO) -> list[Entry]:
    """The TICO-19 term list: each Bangla alternative to its English term."""
    entries = []
    for number, row in _rows(path):
        if row[:2] == ["en", "bn"] or len(row) < 2:
            continue
        english, bangla = row[0].strip(), row[1]
        for term in (t.strip() for t in bangla.split("/")):
            if term and english and is_bangla(term):
                entries.append(Entry(term, (english.lower(),), "term", f"{path.name}:{number}"))
    return entries


@cache
def default_entries() -> tuple[Entry, ...]:
    """The project's lexicon files (in name order), then the TICO-19 terms."""
    ours = [e for path in sorted(LEXICON_DIR.glob("*.tsv")) for e in read_project_file(path)]
    return (*ours, *read_tico())


def translations(entries: tuple[Entry, ...] | None = None) -> list[tuple[str, tuple[str, ...]]]:
    """(Bangla term, English names) pairs for query-time translation."""
    return [(e.bangla, e.english) for e in (default_entries() if entries is None else entries)]


@cache
def _bangla_by_english() -> dict[tuple[str, ...], tuple[str, ...]]:
    found: dict[tuple[str, ...], dict[str, None]] = {}
    for entry in default_entries():
        for name in entry.english:
            key = keys(name)
            if key:
                found.setdefault(key, {})[entry.bangla] = None
    return {k: tuple(v) for k, v in found.items()}


def bangla_for(english: str) -> tuple[str, ...]:
    """The Bangla terms the lexicon gives for an English name: ``cancer`` -> ক্যান্সার …"""
    return _bangla_by_english().get(keys(english), ())
