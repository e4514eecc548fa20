"""Query-time expansion: other names for what the reader typed, in English and Bangla.

Groups of equivalent names come from ``data/synonyms.toml`` (lay and professional names,
British and American spellings, English and Bangla) and from the glossaries of indexed
articles (an English term and the Bangla head word of its gloss). Matching compares analysed
words, so inflections and spelling variants match; the longest match wins.

Expansion happens at query time only: editing the data never needs a reindex.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from analyzers import keys
from analyzers.lexicon import translations
from analyzers.normalize import is_bangla
from analyzers.phrases import PhraseMatcher

DATA = Path(__file__).parent / "data"
MAX_HEADWORD_WORDS = 3


@dataclass(frozen=True, slots=True)
class Expansion:
    """A span of the query (character offsets) and the other names it stands for."""

    start: int
    end: int
    text: str
    alternatives: tuple[str, ...]


class Expander:
    """Finds known names in a query and offers their equivalents.

    >>> [e.alternatives for e in Expander([["fever", "জ্বর"]]).expand("জ্বরের ওষুধ")]
    [('fever',)]
    """

    def __init__(self, groups: Iterable[Sequence[str]],
                 extra: Iterable[Sequence[str]] = (),
                 translations: Iterable[tuple[str, Sequence[str]]] = ()) -> None:
        """``groups`` sharing a name are merged (fever = pyrexia, fever = জ্বর, so জ্বর =
        pyrexia); ``extra`` groups (from glossaries) only add names, never merge;
        ``translations`` (the bilingual lexicon) go one way, a Bangla term to its English
        names, so English queries are not widened by every Bangla synonym."""
        # analysed name -> every name equivalent to it (its groups' other members); a Bangla
        # term's lexicon names first: they are what the reader is told was searched.
        names: dict[tuple[str, ...], dict[str, None]] = {}
        for term, english in translations:
            key = keys(term)
            if key:
                names.setdefault(key, {}).update(
                    (name, None) for name in english if keys(name) != key)
        for group in [*_merged(groups), *extra]:
            keyed = [(keys(n), n.strip()) for n in group if n and n.strip()]
            for key, _name in keyed:
                others = names.setdefault(key, {})
                for other_key, other in keyed:
                    if other_key != key and other_key:
                        others[other] = None
        self._matcher = PhraseMatcher.from_keys(
            {key: tuple(others) for key, others in names.items() if others})

    def __len__(self) -> int:
        return len(self._matcher)

    def expand(self, query: str) -> list[Expansion]:
        """Known names in ``query``, left to right, longest first, not overlapping."""
        return [Expansion(m.start, m.end, m.text, m.value) for m in self._matcher.find(query)]


def _merged(groups: Iterable[Sequence[str]]) -> list[list[str]]:
    """Union of groups that share a name (by analysed key)."""
    parent: dict[tuple[str, ...], tuple[str, ...]] = {}

    def find(key):
        while parent.setdefault(key, key) != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    members: dict[tuple[str, ...], str] = {}
    for group in groups:
        group_keys = [keys(name) for name in group]
        for name, key in zip(group, group_keys, strict=True):
            if key:
                members.setdefault(key, name)
        present = [k for k in group_keys if k]
        for key in present[1:]:
            parent[find(key)] = find(present[0])
    merged: dict[tuple[str, ...], list[str]] = {}
    for key, name in members.items():
        merged.setdefault(find(key), []).append(name)
    return list(merged.values())


def curated_groups(path: Path | None = None) -> list[list[str]]:
    """The groups of ``data/synonyms.toml``."""
    data = tomllib.loads((path or DATA / "synonyms.toml").read_text(encoding="utf-8"))
    return [list(group["terms"]) for group in data.get("group", [])]


_HEADWORD_END = re.compile(r"[;,:।(]")


def bangla_headword(gloss: str) -> str | None:
    """The Bangla term a glossary gloss opens with, when it opens with a short term.

    >>> bangla_headword("প্রদাহ; ব্যথা, ফোলা বা লালভাব হতে পারে।")
    'প্রদাহ'
    >>> bangla_headword("শ্বাস নেওয়ার সময় বুকে সাঁই সাঁই শব্দ।") is None
    True
    """
    head = _HEADWORD_END.split(gloss, maxsplit=1)[0].strip().strip("।")
    words = head.split()
    if not words or len(words) > MAX_HEADWORD_WORDS or head == gloss.strip().strip("।"):
        return None
    if not is_bangla(head):
        return None
    return head


def glossary_groups(pairs: Iterable[tuple[str, str]]) -> list[list[str]]:
    """Groups from (English term, Bangla gloss) glossary entries."""
    groups = []
    for term, gloss in pairs:
        head = bangla_headword(gloss) if gloss else None
        if head:
            groups.append([term, head])
    return groups


def default_expander(glossary_pairs: Iterable[tuple[str, str]] = ()) -> Expander:
    """Curated groups, those drawn from glossaries, and the bilingual lexicon."""
    return Expander(curated_groups(), extra=glossary_groups(glossary_pairs),
                    translations=translations())
