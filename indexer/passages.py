"""The passages result snippets are cut from, with their analysed words stored at index time.

A snippet shows the passage of a hit where the query's words are: one of its sections, its
Bangla note, a glossary entry, or else its summary. Finding those words used to mean running
the analysis over the passages of every hit at query time, about half of a search's time.
Now the reindex job analyses each passage once and stores, per article, every analysed key
with the character offsets of its words in the passage's first ``SCAN_CHARS`` characters
(what snippets read), and which passages hold the key further on: :func:`encode`, kept in
the ``passage_keys`` column. At query time :class:`PassageKeys` looks up the query's few keys
there: where their words are, and which passages hold any of them at all (a section field
holds a key when one of its passages does: its text is theirs, joined by line ends).

Stored form: zlib-compressed UTF-8 text, one line per key (about 1.7 KB per article):
``<key> <occurrence> <occurrence> ... [~<passage> ...]``, where an occurrence is
``[passage:]start[,length]``. The passage number is written when it changes (the start is
then absolute); otherwise the start counts from the previous occurrence's. The length is
written when it differs from the previous occurrence's (for the first one, from the key's
own length). ``~passage`` names a passage that holds the key only after SCAN_CHARS. So
"Fever and fevers" in passage 2 gives ``fever 2:0 10,6``. Spaces, line ends and ``%`` in a
key are %-escaped.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from analyzers import text_keys

FIELD = "passage_keys"
# Only the first SCAN_CHARS characters of a passage are searched for the query's words: a
# long section's opening usually defines the topic, and the keys kept stay small. Changing
# it changes what the index stores: bump indexer.schema.SCHEMA_VERSION with it.
SCAN_CHARS = 4000
_LEVEL = 6


@dataclass(frozen=True, slots=True)
class Passage:
    text: str
    kind: str                 # a section kind, "bangla-note" or "glossary"
    heading: str | None       # the section's own heading, if it has one


def passages(fields: Mapping) -> list[Passage]:
    """An article's sections, Bangla note and glossary entries, in that order, from its
    stored fields (the summary is apart: snippets fall back to it).

    >>> [p.text for p in passages({"sections": [{"kind": "symptoms", "text": "Fever."}],
    ...     "glossary_entries": [{"term": "Fever", "en": "high temperature", "bn": "জ্বর"}]})]
    ['Fever.', 'Fever: high temperature জ্বর']
    """
    found = [Passage(stored.get("text", ""), stored.get("kind", "other"),
                     stored.get("heading") or None)
             for stored in fields.get("sections") or []]
    if fields.get("bangla_note"):
        found.append(Passage(fields["bangla_note"], "bangla-note", None))
    for entry in fields.get("glossary_entries") or []:
        text = f"{entry.get('term', '')}: {entry.get('en', '')} {entry.get('bn', '')}".strip()
        found.append(Passage(text, "glossary", None))
    return found


def texts(fields: Mapping) -> list[str]:
    """What :func:`encode` numbers: the texts of :func:`passages`, then the summary (number
    ``len(passages(fields))``)."""
    return [p.text for p in passages(fields)] + [fields.get("summary", "")]


def encode(fields: Mapping) -> bytes:
    """The analysed keys of an article's passages and summary, with their words' offsets,
    in the stored form (see the module docstring)."""
    found: dict[str, list[tuple[int, int, int]]] = {}
    further: dict[str, list[int]] = {}
    for number, text in enumerate(texts(fields)):
        words = list(text_keys(text[:SCAN_CHARS]))
        for start, end, key in words:
            found.setdefault(key, []).append((number, start, end))
        if len(text) > SCAN_CHARS:
            # The whole text, not its rest: a word cut at SCAN_CHARS is another word.
            seen = {key for _, _, key in words}
            for key in dict.fromkeys(key for _, _, key in text_keys(text)):
                if key not in seen:
                    further.setdefault(key, []).append(number)
    lines = []
    for key in sorted(found.keys() | further.keys()):  # neighbours share beginnings: compact
        items, passage, previous, length = [], -1, 0, len(key)
        for number, start, end in found.get(key, ()):
            item = str(start - previous) if number == passage else f"{number}:{start}"
            if end - start != length:
                length = end - start
                item += f",{length}"
            items.append(item)
            passage, previous = number, start
        items += [f"~{number}" for number in further.get(key, ())]
        lines.append(f"{_escape(key)} {' '.join(items)}")
    return zlib.compress("\n".join(lines).encode("utf-8"), _LEVEL)


@dataclass(frozen=True, slots=True)
class Found:
    """Where some keys are in an article: ``spans``, per passage number, the (start, end)
    offsets of their words within SCAN_CHARS, in text order; ``holding``, the numbers of
    the passages that hold any of them anywhere."""

    spans: dict[int, list[tuple[int, int]]] = field(default_factory=dict)
    holding: frozenset[int] = frozenset()


class PassageKeys:
    """The stored keys of one article (:func:`encode`), read back by :meth:`find`.

    >>> PassageKeys(encode({"summary": "Fever and fevers"})).find({"fever"}).spans
    {0: [(0, 5), (10, 16)]}
    """

    __slots__ = ("_lines",)

    def __init__(self, stored: bytes) -> None:
        # A line end first, so that every key's line starts with one.
        self._lines = "\n" + zlib.decompress(stored).decode("utf-8") if stored else ""

    def find(self, keys: Iterable[str]) -> Found:
        """Where the words analysed to any of ``keys`` are."""
        lines = self._lines
        found: dict[int, list[tuple[int, int]]] = {}
        holding: set[int] = set()
        for key in keys:
            written = _escape(key)
            at = lines.find(f"\n{written} ")
            if at < 0:
                continue
            begin = at + len(written) + 2
            end = lines.find("\n", begin)
            spans: list[tuple[int, int]] = []
            start, length = 0, len(key)
            for item in lines[begin:end if end >= 0 else len(lines)].split(" "):
                if item[0] == "~":
                    holding.add(int(item[1:]))
                    continue
                if ":" in item:
                    number, item = item.split(":")
                    spans = found.setdefault(int(number), [])
                    start = 0
                if "," in item:
                    item, size = item.split(",")
                    length = int(size)
                start += int(item)
                spans.append((start, start + length))
        for spans in found.values():
            spans.sort()  # several keys' words, merged into text order
        return Found(found, frozenset(holding.union(found)))


def _escape(key: str) -> str:
    # ICU words hold no spaces, but NFKC can make one (U+309B, a kana voicing mark).
    if "%" in key or " " in key or "\n" in key:
        return key.replace("%", "%25").replace(" ", "%20").replace("\n", "%0A")
    return key
