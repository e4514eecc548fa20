"""Ranking data: an index version's postings, field lengths and facet columns as flat arrays.

What ``search_app.ranking`` scores with used to be rebuilt by every worker process from
Whoosh's pickled, compressed posting blocks, word by word, the first time a query asked:
a new or recycled worker spent most of a second on its first queries, and each kept its
own copy. The reindex job now reads the finished index once (:func:`store`, before the
version goes live) and writes ``rxsearch-postings/`` into the version folder: plain ``.npy``
files that workers map (``np.load(mmap_mode="r")``), so opening costs a few file opens and
every worker on the machine reads the same pages of the page cache.

Whoosh stays the index of record (stored fields, the schema, everything else); these arrays
are derived data of the same version, document numbers included (the whole index's,
deleted documents too, with a live mask, as the searcher numbers them). A version built
before them has no folder and is scored from Whoosh as before (:func:`load` returns None),
so a rollback to an older version keeps working.

The files:

- ``docs.npy`` (int64) and ``tf.npy`` (uint16, or float32 if a frequency is not a small
  whole number): every posting list of every scored field, one after the other;
- ``positions.npy`` (uint16, or uint32 for very long fields): each posting's word positions
  (as many as its frequency), list after list, for phrases;
- ``entries.npy``: per (word, field), where its list starts, its length (the document
  frequency, as Whoosh counts it), where its positions start, and the list's highest BM25
  term-frequency part (:func:`bm25` with idf 1: times the word's idf and the field's weight
  at query time, it bounds any document's score from that list, for top-k pruning);
- ``words.npy`` (uint64, sorted), ``word_text.npy``, ``word_text_at.npy`` and
  ``word_entries_at.npy``: a hash table of the words: a word's 64-bit hash is looked up with
  a binary search, its text compared (so a hash collision never mixes two words), and its
  entries follow, one per field that holds it;
- ``lengths.npy`` (float32, fields x documents): field lengths as Whoosh stores them;
- ``live.npy``; ``column-<name>.npy`` (int16 codes into the column's values, listed in
  ``meta.json``) for facets; ``order-<name>.npy`` (int32 ranks) for A–Z listings.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import time
import uuid
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

import numpy as np
from whoosh.reading import IndexReader

from indexer import versions, whoosh_codec
from indexer.schema import field_names

log = logging.getLogger(__name__)

FOLDER = "rxsearch-postings"
FORMAT = 1
# Whoosh's BM25F parameters (``whoosh.scoring.BM25F`` defaults), which ranking scores with;
# the stored bounds are computed for them.
K1 = 1.2
B = 0.75
# The fields ranking reads postings from: the weighted text fields and the exact names.
SCORED_FIELDS: tuple[str, ...] = (*field_names(), "names")
COLUMNS: tuple[str, ...] = ("library", "lang", "read_in", "letter")   # facets and filters
ORDERS: tuple[str, ...] = ("title_sort", "suggest_order")   # A–Z listings, autocomplete
_ENTRY = np.dtype([("field", "u1"), ("start", "i8"), ("count", "i4"), ("bound", "f4"),
                   ("positions", "i8")])


def bm25(tf: np.ndarray, lengths: np.ndarray, average: float, idf: float = 1.0) -> np.ndarray:
    """BM25 per posting, ``idf tf (K1 + 1) / (tf + K1 (1 - B + B len / avg))``, in float32
    and in the order ranking always computed it (the same scores to the last bit); with
    ``idf`` 1, the term-frequency part a list's bound is the highest of.

    >>> float(bm25(np.array([2.0]), np.array([10.0]), 10.0)[0])
    1.375
    """
    tf = tf.astype(np.float32, copy=False)
    norm = K1 * ((1 - B) + B * lengths.astype(np.float32, copy=False) / average)
    return (idf * tf * (K1 + 1) / (tf + norm)).astype(np.float32)


def word_hash(word: str) -> int:
    """A stable 64-bit hash of a word (Python's own ``hash`` differs between processes)."""
    return int.from_bytes(hashlib.blake2b(word.encode("utf-8"), digest_size=8).digest(),
                          "little")


@dataclass(frozen=True, slots=True)
class Stored:
    """What :func:`store` wrote, for the build's log."""

    words: int
    postings: int
    bytes: int
    seconds: float


def store(version_dir: Path) -> Stored:
    """Read the index in ``version_dir`` once and write its ranking data beside it.

    The reindex job calls this for every new version, full or incremental, before it goes
    live. The folder is written whole under another name, then renamed: a version has its
    arrays or none (never half, never a linked copy of an older version's).
    """
    started = time.monotonic()
    target = version_dir / FOLDER
    tmp = version_dir / f".{FOLDER}.{uuid.uuid4().hex}"
    tmp.mkdir()
    try:
        with versions.open_index(version_dir).reader() as reader:
            words, postings = _write(reader, tmp, version_dir / PARTS)
        shutil.rmtree(target, ignore_errors=True)
        os.replace(tmp, target)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    finally:
        _prune_parts(version_dir / PARTS, version_dir)
    size = sum(f.stat().st_size for f in target.iterdir())
    return Stored(words, postings, size, time.monotonic() - started)


def _write(reader: IndexReader, folder: Path, parts: Path | None = None) -> tuple[int, int]:
    size = reader.doc_count_all()
    leaves = list(reader.leaf_readers())
    lengths = np.zeros((len(SCORED_FIELDS), size), dtype=np.float32)
    averages = {}
    for row, field in enumerate(SCORED_FIELDS):
        for leaf, offset in leaves:
            count = leaf.doc_count_all()
            lengths[row, offset:offset + count] = whoosh_codec.field_lengths(leaf, field)
        averages[field] = (reader.field_length(field) / size if size else 0.0) or 1.0

    texts: list[str] = []
    entries: list[tuple[int, int, int, int]] = []   # (field, start, count, positions at)
    bounds: list[np.ndarray] = []
    start = placed = 0
    whole, widest = True, 0
    # Field by field, each field's lists appended to flat files (memory: one field's).
    with (folder / "docs.raw").open("wb") as docs_out, \
            (folder / "tf.raw").open("wb") as tf_out, \
            (folder / "positions.raw").open("wb") as positions_out:
        for row, field in enumerate(SCORED_FIELDS):
            lists = _merged([_segment_lists(leaf, offset, field, parts)
                             for leaf, offset in leaves])
            if lists is None:
                continue
            words, counts, field_docs, field_tf, field_positions, sizes = lists
            firsts = np.concatenate(([0], np.cumsum(counts)[:-1]))
            at = np.full(len(words), -1, dtype=np.int64)
            if field_positions is not None:
                at = placed + np.concatenate(([0], np.cumsum(sizes)[:-1]))
                widest = max(widest, int(field_positions.max(initial=0)))
                positions_out.write(field_positions.astype(np.uint32).tobytes())
                placed += int(sizes.sum())
            texts += words
            entries += zip([row] * len(words), (start + firsts).tolist(), counts.tolist(),
                           at.tolist(), strict=True)
            # One vector pass per field for every list's highest term-frequency part.
            bounds.append(np.maximum.reduceat(
                bm25(field_tf, lengths[row, field_docs], averages[field]), firsts))
            whole = whole and bool(((field_tf == np.round(field_tf)) & (field_tf >= 0)
                                    & (field_tf <= np.iinfo(np.uint16).max)).all())
            docs_out.write(field_docs.astype(np.int64, copy=False).tobytes())
            tf_out.write(field_tf.astype(np.float32, copy=False).tobytes())
            start += len(field_docs)
            del lists, field_docs, field_tf, field_positions
    # The platform's index type, not int32: numpy indexes an array three to four times
    # faster with it, and a query indexes its score and mask arrays with every list it reads
    # (a long message: a quarter of a million postings at 50,000 articles).
    _npy_from_raw(folder / "docs.raw", folder / "docs.npy", np.int64, np.int64)
    _npy_from_raw(folder / "tf.raw", folder / "tf.npy", np.float32,
                  np.uint16 if whole else np.float32)
    _npy_from_raw(folder / "positions.raw", folder / "positions.npy", np.uint32,
                  np.uint16 if widest <= np.iinfo(np.uint16).max else np.uint32)

    # The word table, in hash order; a word's entries (one per field) together, apart from
    # another word's of the same hash.
    hashes = np.fromiter((word_hash(w) for w in texts), dtype=np.uint64, count=len(texts))
    numbers: dict[str, int] = {}
    word_numbers = np.fromiter((numbers.setdefault(w, len(numbers)) for w in texts),
                               dtype=np.int64, count=len(texts))
    rows = np.array([e[0] for e in entries], dtype=np.uint8)
    order = np.lexsort((rows, word_numbers, hashes))
    found = np.zeros(len(entries), dtype=_ENTRY)
    found["field"] = rows
    found["start"] = [e[1] for e in entries]
    found["count"] = [e[2] for e in entries]
    found["positions"] = [e[3] for e in entries]
    found["bound"] = np.concatenate(bounds) if bounds else []
    found = found[order]
    ordered = [texts[i] for i in order.tolist()]
    # Consecutive entries of the same word (equal text) share one row of the word table.
    new_word = np.ones(len(ordered), dtype=bool)
    new_word[1:] = word_numbers[order][1:] != word_numbers[order][:-1]
    firsts = np.flatnonzero(new_word)
    encoded = [ordered[i].encode("utf-8") for i in firsts.tolist()]
    text_at = np.zeros(len(encoded) + 1, dtype=np.int64)
    np.cumsum([len(e) for e in encoded], out=text_at[1:])
    np.save(folder / "entries.npy", found)
    np.save(folder / "words.npy", hashes[order][firsts])
    np.save(folder / "word_text.npy", np.frombuffer(b"".join(encoded), dtype=np.uint8))
    np.save(folder / "word_text_at.npy", text_at)
    np.save(folder / "word_entries_at.npy", np.append(firsts, len(ordered)).astype(np.int64))

    np.save(folder / "lengths.npy", lengths)
    np.save(folder / "live.npy", _live(reader, leaves, size))
    columns = {}
    for column in COLUMNS:
        values = list(reader.column_reader(column))
        held = sorted(set(values))
        place = {value: i for i, value in enumerate(held)}
        np.save(folder / f"column-{column}.npy",
                np.fromiter((place[v] for v in values), dtype=np.int16, count=size))
        columns[column] = held
    for column in ORDERS:
        values = list(reader.column_reader(column))
        ranks = np.empty(size, dtype=np.int32)
        ranks[sorted(range(size), key=values.__getitem__)] = np.arange(size, dtype=np.int32)
        np.save(folder / f"order-{column}.npy", ranks)
    meta = {"format": FORMAT, "documents_all": size, "fields": list(SCORED_FIELDS),
            "averages": averages, "columns": columns, "orders": list(ORDERS),
            "k1": K1, "b": B}
    (folder / "meta.json").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
    return len(encoded), start


# One segment's lists of one field: (words, postings per list, document numbers (the
# whole index's), term frequencies, positions or None, positions per list or None).
_Lists = tuple[list[str], np.ndarray, np.ndarray, np.ndarray, np.ndarray | None,
               np.ndarray | None]


def _segment_lists(leaf: IndexReader, offset: int, field: str, parts: Path | None
                   ) -> _Lists | None:
    """A segment's lists of ``field``: from the parts its writer left (``SegmentParts``),
    or else read from Whoosh's postings."""
    segment = leaf.segment()
    # Deleted documents are in a segment's lists as they are in its blocks (the live mask
    # drops them), so an older segment's parts hold for it whatever was deleted since.
    folder = parts / segment.segment_id() if parts is not None and segment is not None \
        else None
    if folder is not None and SegmentParts.complete(folder):
        found = SegmentParts.read(folder, field)
        if found is None:
            return None
        words, counts, docs, tf, positions = found
        return words, counts, docs.astype(np.int64) + offset, tf, positions, \
            None if positions is None else _sums(tf, counts)
    words, counts, docs, tf, positions = [], [], [], [], []
    for word in whoosh_codec.field_postings(leaf, field, positions=True):
        if len(word.ids):
            words.append(word.word)
            counts.append(len(word.ids))
            docs.append(word.ids)
            tf.append(word.tf)
            positions.append(word.positions)
    if not words:
        return None
    tf_all = np.concatenate(tf).astype(np.float32, copy=False)
    counts_all = np.array(counts, dtype=np.int64)
    with_positions = positions[0] is not None
    return (words, counts_all, np.concatenate(docs).astype(np.int64) + offset, tf_all,
            np.concatenate(positions).astype(np.int64) if with_positions else None,
            _sums(tf_all, counts_all) if with_positions else None)


def _sums(tf: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """Positions per list: the sum of its postings' frequencies."""
    firsts = np.concatenate(([0], np.cumsum(counts)[:-1]))
    return np.add.reduceat(tf.astype(np.int64), firsts) if len(tf) else counts * 0


def _gather(starts: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """Indexes of the pieces ``[starts[i], starts[i] + counts[i])``, one after the other."""
    total = int(counts.sum())
    before = np.concatenate(([0], np.cumsum(counts)[:-1]))
    return np.repeat(starts - before, counts) + np.arange(total, dtype=np.int64)


def _merged(found: list[_Lists | None]) -> _Lists | None:
    """The segments' lists of one field as one: a word's postings from every segment that
    holds it, in document order (segments are in document order)."""
    found = [f for f in found if f is not None]
    if not found:
        return None
    if len(found) == 1:
        return found[0]
    numbers: dict[str, int] = {}
    piece_word = np.concatenate([
        np.fromiter((numbers.setdefault(w, len(numbers)) for w in f[0]), dtype=np.int64,
                    count=len(f[0])) for f in found])
    counts = np.concatenate([f[1] for f in found])
    docs = np.concatenate([f[2] for f in found])
    tf = np.concatenate([f[3] for f in found])
    starts = np.concatenate(([0], np.cumsum(counts)[:-1]))
    # Stable: a word's pieces stay in segment order.
    order = np.argsort(piece_word, kind="stable")
    take = _gather(starts[order], counts[order])
    word_counts = np.bincount(piece_word, weights=counts, minlength=len(numbers))
    positions = sizes = None
    if found[0][4] is not None:
        piece_sizes = np.concatenate([f[5] for f in found])
        all_positions = np.concatenate([f[4] for f in found])
        size_starts = np.concatenate(([0], np.cumsum(piece_sizes)[:-1]))
        positions = all_positions[_gather(size_starts[order], piece_sizes[order])]
        sizes = np.bincount(piece_word, weights=piece_sizes,
                            minlength=len(numbers)).astype(np.int64)
    return (list(numbers), word_counts.astype(np.int64), docs[take], tf[take], positions,
            sizes)


def _npy_from_raw(raw: Path, target: Path, kind: type, stored: type,
                  chunk: int = 1 << 22) -> None:
    """A ``.npy`` file of the values in ``raw`` (a flat file of ``kind``), as ``stored``,
    copied a chunk at a time; ``raw`` is removed."""
    if not raw.stat().st_size:   # an index with no words (a map cannot be empty)
        np.save(target, np.zeros(0, dtype=stored))
    else:
        values = np.memmap(raw, dtype=kind, mode="r")
        out = np.lib.format.open_memmap(target, mode="w+", dtype=stored, shape=(len(values),))
        for at in range(0, len(values), chunk):
            out[at:at + chunk] = values[at:at + chunk]
        out.flush()
        del out, values
    raw.unlink()


def _live(reader: IndexReader, leaves, size: int) -> np.ndarray:
    live = np.ones(size, dtype=bool)
    if reader.has_deletions():  # an incremental build deleted older copies
        live[:] = False
        for leaf, offset in leaves:
            kept = np.fromiter(leaf.all_doc_ids(), dtype=np.int64)
            live[kept + offset] = True
    return live


PARTS = versions.PARTS


def _prune_parts(parts: Path, version_dir: Path) -> None:
    """Remove the parts of segments the index no longer has (merged), and unfinished ones."""
    if not parts.is_dir():
        return
    try:
        with versions.open_index(version_dir).reader() as reader:
            held = {leaf.segment().segment_id() for leaf, _ in reader.leaf_readers()
                    if leaf.segment() is not None}
    except Exception:   # no readable index: nothing of it is worth keeping
        held = set()
    for folder in parts.iterdir():
        if folder.name not in held or not SegmentParts.complete(folder):
            shutil.rmtree(folder, ignore_errors=True)


class SegmentParts:
    """A segment's lists of the scored fields, as its writer (``indexer.writer``) had them
    in memory: :func:`store` reads them instead of decoding Whoosh's posting blocks again.

    Written under ``<version>/rxsearch-postings-parts/<segment id>/``, per field: the words
    (UTF-8, their offsets in ``.at``), postings per list, and flat document numbers (the
    segment's own), frequencies and positions. They stay with the version (a segment never
    changes) and are linked into the next incremental version with its segments
    (``versions.new_version_dir``); :func:`store` removes those of segments gone (merged).
    Postings are added term by term in the lexicon's order.
    """

    CHUNK = 1 << 20   # postings whose positions are decoded at once

    def __init__(self, folder: Path, formats: dict[str, object]) -> None:
        self.folder = folder
        self.formats = formats    # field -> its Whoosh format (positions are decoded by it)
        self.field: str | None = None
        folder.mkdir(parents=True, exist_ok=True)

    def add(self, field: str, word: bytes, docnums: list[int], weights: list[float],
            values: list[bytes]) -> None:
        if field != self.field:
            self.finish_field()
            self._start(field)
        self.words.append(word)
        self.counts.append(len(docnums))
        self.docs.extend(docnums)
        self.tf.extend(weights)
        if self.decode is not None:
            self.values += values
            self.pending.extend(weights)
            if len(self.values) >= self.CHUNK:
                self._decode()

    def _start(self, field: str) -> None:
        from array import array

        self.field = field
        self.words: list[bytes] = []
        self.counts = array("q")
        self.docs = array("i")
        self.tf = array("f")
        fmt = self.formats[field]
        self.decode = whoosh_codec.positions_decoder(fmt) \
            if fmt.supports("positions") else None
        self.values: list[bytes] = []
        self.pending = array("f")
        self.positions = (self.folder / f"{field}.positions").open("wb") \
            if self.decode is not None else None

    def _decode(self) -> None:
        if self.values:
            found = self.decode(self.values, np.frombuffer(self.pending, dtype=np.float32))
            self.positions.write(found.astype(np.uint32).tobytes())
        self.values = []
        del self.pending[:]

    def finish_field(self) -> None:
        if self.field is None:
            return
        base = self.folder / self.field
        if self.positions is not None:
            self._decode()
            self.positions.close()
        text = b"".join(self.words)
        at = np.zeros(len(self.words) + 1, dtype=np.int64)
        np.cumsum([len(w) for w in self.words], out=at[1:])
        base.with_suffix(".words").write_bytes(text)
        np.save(base.with_suffix(".at.npy"), at)
        np.save(base.with_suffix(".counts.npy"), np.frombuffer(self.counts, dtype=np.int64))
        np.save(base.with_suffix(".docs.npy"), np.frombuffer(self.docs, dtype=np.int32))
        np.save(base.with_suffix(".tf.npy"), np.frombuffer(self.tf, dtype=np.float32))
        (self.folder / f"{self.field}.done").touch()
        self.field = None

    @staticmethod
    def read(folder: Path, field: str
             ) -> tuple[list[str], np.ndarray, np.ndarray, np.ndarray, np.ndarray | None] | None:
        """(words, counts, docs, tf, positions or None) of ``field``; None when the segment
        left no parts (another writer wrote it), or the field has no words in it."""
        base = folder / field
        if not (folder / f"{field}.done").exists():
            return None
        text = base.with_suffix(".words").read_bytes()
        at = np.load(base.with_suffix(".at.npy")).tolist()
        words = [text[a:b].decode("utf-8") for a, b in pairwise(at)]
        positions = folder / f"{field}.positions"
        return (words, np.load(base.with_suffix(".counts.npy")),
                np.load(base.with_suffix(".docs.npy")), np.load(base.with_suffix(".tf.npy")),
                np.fromfile(positions, dtype=np.uint32).astype(np.int64)
                if positions.exists() else None)

    @staticmethod
    def complete(folder: Path) -> bool:
        """Did the segment's writer write all its parts?"""
        return (folder / "complete").exists()

    def close(self) -> None:
        """All fields written: the parts may be used."""
        self.finish_field()
        (self.folder / "complete").touch()


@dataclass(frozen=True, slots=True)
class Entry:
    """One word's posting list in one field."""

    start: int
    count: int
    bound: float   # its highest BM25 term-frequency part (bm25 with idf 1)
    positions: int  # where its word positions start in positions.npy; -1: none stored


class RankingData:
    """One version's ranking data, memory-mapped (see the module docstring). Read-only and
    shared by the version's threads."""

    def __init__(self, folder: Path, meta: dict) -> None:
        def mapped(name: str) -> np.ndarray:
            # A plain ndarray over the map (not np.memmap): slices and results stay plain.
            return np.asarray(np.load(folder / name, mmap_mode="r"))

        self.size: int = meta["documents_all"]
        self.fields: dict[str, int] = {f: i for i, f in enumerate(meta["fields"])}
        self.averages: dict[str, float] = meta["averages"]
        self.bounds_usable = meta.get("k1") == K1 and meta.get("b") == B
        self._columns: dict[str, list[str]] = meta["columns"]
        self._orders = set(meta["orders"])
        self._folder = folder
        self._docs, self._tf = mapped("docs.npy"), mapped("tf.npy")
        self._entries = mapped("entries.npy")
        self._words, self._text = mapped("words.npy"), mapped("word_text.npy")
        self._text_at, self._entries_at = mapped("word_text_at.npy"), \
            mapped("word_entries_at.npy")
        self._lengths, self._positions = mapped("lengths.npy"), mapped("positions.npy")
        self.live: np.ndarray = mapped("live.npy")
        self._mapped = mapped

    def has_field(self, field: str) -> bool:
        return field in self.fields

    def entries(self, word: str) -> dict[int, Entry]:
        """The word's posting lists, by field number (``fields``); {} for an unknown word."""
        wanted = np.uint64(word_hash(word))
        place = int(np.searchsorted(self._words, wanted))
        encoded = word.encode("utf-8")
        while place < len(self._words) and self._words[place] == wanted:
            at = self._text_at[place:place + 2]
            if self._text[at[0]:at[1]].tobytes() == encoded:
                first, last = self._entries_at[place:place + 2]
                return {int(e["field"]): Entry(int(e["start"]), int(e["count"]),
                                               float(e["bound"]), int(e["positions"]))
                        for e in self._entries[first:last]}
            place += 1
        return {}

    def frequency(self, word: str, fields: tuple[str, ...]) -> int:
        """In how many documents the word occurs, in the one of ``fields`` (all held here)
        that has it most: one look-up, where Whoosh's reader reads each field's term
        info in each segment."""
        found = self.entries(word)
        return max((found[f].count for f in (self.fields[name] for name in fields)
                    if f in found), default=0)

    def postings(self, entry: Entry) -> tuple[np.ndarray, np.ndarray]:
        """(document numbers, term frequencies) of one list: views of the map, no copy."""
        end = entry.start + entry.count
        return self._docs[entry.start:end], self._tf[entry.start:end]

    def positions(self, entry: Entry) -> tuple[np.ndarray, np.ndarray] | None:
        """A list's word positions, flat, and where each posting's start (one more than
        the postings: the last is the end); None when the field keeps no positions."""
        if entry.positions < 0:
            return None
        starts = np.zeros(entry.count + 1, dtype=np.int64)
        np.cumsum(self._tf[entry.start:entry.start + entry.count], out=starts[1:])
        return self._positions[entry.positions:entry.positions + starts[-1]], starts

    def lengths(self, field: str) -> np.ndarray:
        return self._lengths[self.fields[field]]

    def column(self, column: str) -> tuple[list[str], np.ndarray] | None:
        """The column's distinct values and each document's place among them; None if the
        data does not hold it."""
        if column not in self._columns:
            return None
        return self._columns[column], self._mapped(f"column-{column}.npy")

    def order(self, column: str) -> np.ndarray | None:
        """Each document's rank in ``column``'s order; None if the data does not hold it."""
        return self._mapped(f"order-{column}.npy") if column in self._orders else None


def load(version_dir: Path) -> RankingData | None:
    """The version's ranking data, or None when it has none (built before it) or another
    format: ranking then reads Whoosh's postings as before."""
    folder = version_dir / FOLDER
    try:
        meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    except (FileNotFoundError, json.JSONDecodeError):
        return None
    if meta.get("format") != FORMAT:
        log.info("ranking data of %s has format %s, not %s: reading Whoosh's postings",
                 version_dir.name, meta.get("format"), FORMAT)
        return None
    return RankingData(folder, meta)
