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

Stored form, zlib-compressed (about 2.4 KB per article): the number of keys and of
occurrences (two uint32); where each key's occurrences begin, and where the last ends
(uint32 each); the occurrences, grouped by key and in text order within a key, each three
uint16: passage number, start and length of the word; then the keys, sorted, UTF-8, each
after a line end. A passage that holds the key only after SCAN_CHARS is an occurrence with
the start ``FURTHER`` and length 0. So "Fever and fevers" in passage 2 is two occurrences of
"fever", (2, 0, 5) and (2, 10, 6). Arrays, not a line of text per key: numpy groups and
writes them, where formatting each occurrence in Python was half of the job's time for an
article. Line ends and ``%`` in a key are %-escaped. Passages after the first 65,535 of an
article (uint16) are left out.
"""

from __future__ import annotations

import struct
import sys
import zlib
from array import array
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from itertools import chain

import numpy as np

from analyzers import word_key, word_spans

FIELD = "passage_keys"
# Only the first SCAN_CHARS characters of a passage are searched for the query's words: a
# long section's opening usually defines the topic, and the keys kept stay small. Changing
# it changes what the index stores: bump indexer.schema.SCHEMA_VERSION with it.
SCAN_CHARS = 4000
FURTHER = 0xFFFF   # the start of an occurrence after SCAN_CHARS (never a start within it)
_MAX_PASSAGES = 0xFFFF
_HEADER = struct.Struct("<II")
_SPAN = struct.Struct("<II")
# The words of each text the last encode() analysed: every word's key ("" for a word the
# analysis drops) and its (start, end); and of the fields joined() made of them. The writer
# (indexer.writer) indexes those texts again as fields right after (the summary, the Bangla
# note, the sections of a kind, a glossary entry's line), and notes their sentences for the
# duplicate finder (indexer.duplicates): both take the words from here instead of analysing
# the texts again.
ANALYSED: dict[str, tuple[list[str], list[tuple[int, int]]]] = {}
_LEVEL = 1    # binary arrays: level 6 made them 6% smaller for twice the time


def joined(texts: list[str]) -> str:
    """``"\n".join(texts)``, its words remembered in ANALYSED when every text's are: a field
    made of several passages (all sections of one kind) is then indexed without analysing
    them again. A line end always ends a word, so the joined text's words are the texts'
    words one after the other."""
    text = "\n".join(texts)
    if len(texts) > 1 and text not in ANALYSED:
        found = [ANALYSED.get(part) for part in texts]
        if None not in found:
            keys: list[str] = []
            spans: list[tuple[int, int]] = []
            at = 0
            for part, (part_keys, part_spans) in zip(texts, found, strict=True):
                keys += part_keys
                spans += [(start + at, end + at) for start, end in part_spans]
                at += len(part) + 1
            ANALYSED[text] = (keys, spans)
    return text


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
    words: list[str] = []              # every word's key ("" for a word the analysis drops),
    spans: list[tuple[int, int]] = []  # its start and end,
    sizes: list[int] = []              # and the words of each passage
    ANALYSED.clear()
    for text in texts(fields)[:_MAX_PASSAGES]:
        head = text[:SCAN_CHARS]
        found = word_spans(head)
        found_keys = [word_key(head[start:end]) for start, end in found]
        if head is text:
            ANALYSED[text] = (found_keys, found)
        words += found_keys
        spans += found
        sizes.append(len(found))
        if len(text) > SCAN_CHARS:
            # The whole text, not its rest: a word cut at SCAN_CHARS is another word.
            whole = word_spans(text)
            every = [word_key(text[start:end]) for start, end in whole]
            ANALYSED[text] = (every, whole)
            seen = set(found_keys)
            further = [key for key in dict.fromkeys(every) if key not in seen]
            words += further
            spans += [(FURTHER, FURTHER)] * len(further)
            sizes[-1] += len(further)
    vocabulary = sorted(set(words))
    position = {key: n for n, key in enumerate(vocabulary)}
    ids = np.fromiter(map(position.__getitem__, words), dtype=np.int64, count=len(words))
    places = np.fromiter(chain.from_iterable(spans), dtype=np.int64,
                         count=2 * len(spans)).reshape(-1, 2)
    numbers = np.repeat(np.arange(len(sizes)), sizes)
    if vocabulary and not vocabulary[0]:   # "" sorts first: the dropped words
        kept = ids > 0
        ids, places, numbers = ids[kept] - 1, places[kept], numbers[kept]
        vocabulary = vocabulary[1:]
    order = np.argsort(ids, kind="stable")   # by key, in text order within a key
    places = places[order]
    occurrences = np.empty((len(ids), 3), dtype="<u2")
    occurrences[:, 0] = numbers[order]
    occurrences[:, 1] = places[:, 0]
    occurrences[:, 2] = np.where(places[:, 0] == FURTHER, 0, places[:, 1] - places[:, 0])
    begins = np.zeros(len(vocabulary) + 1, dtype="<u4")
    np.cumsum(np.bincount(ids, minlength=len(vocabulary)), out=begins[1:])
    written = "\n".join(vocabulary)
    if "%" in written or written.count("\n") >= len(vocabulary):
        written = "\n".join(map(_escape, vocabulary))   # a key holds "%" or a line end
    data = b"".join([_HEADER.pack(len(vocabulary), len(ids)), begins.tobytes(),
                     occurrences.tobytes(), ("\n" + written).encode("utf-8")])
    return zlib.compress(data, _LEVEL)


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

    __slots__ = ("_data", "_keys", "_occurrences")

    def __init__(self, stored: bytes) -> None:
        self._data = zlib.decompress(stored) if stored else b""
        self._keys = ""
        if self._data:
            count, total = _HEADER.unpack_from(self._data)
            self._occurrences = _HEADER.size + 4 * (count + 1)
            # Each key after a line end, and one more after the last: "\n<key>\n" finds it.
            self._keys = self._data[self._occurrences + 6 * total:].decode("utf-8") + "\n"

    def find(self, keys: Iterable[str]) -> Found:
        """Where the words analysed to any of ``keys`` are."""
        found: dict[int, list[tuple[int, int]]] = {}
        holding: set[int] = set()
        for key in keys:
            at = self._keys.find(f"\n{_escape(key)}\n") if key else -1
            if at < 0:
                continue
            n = self._keys.count("\n", 0, at)   # the key's place among the sorted keys
            begin, end = _SPAN.unpack_from(self._data, _HEADER.size + 4 * n)
            places = array("H", self._data[self._occurrences + 6 * begin:
                                           self._occurrences + 6 * end])
            if sys.byteorder == "big":
                places.byteswap()
            for i in range(0, len(places), 3):
                number, start = places[i], places[i + 1]
                if start == FURTHER:
                    holding.add(number)
                else:
                    found.setdefault(number, []).append((start, start + places[i + 2]))
        for spans in found.values():
            spans.sort()  # several keys' words, merged into text order
        return Found(found, frozenset(holding.union(found)))


def _escape(key: str) -> str:
    # ICU words hold no line ends; escaped all the same, so that none can split a key.
    if "%" in key or "\n" in key:
        return key.replace("%", "%25").replace("\n", "%0A")
    return key
