"""The one module that reads Whoosh's private codec: postings, positions, field lengths;
and opens an index without Whoosh's copy of each segment (:func:`open_index`).

The reindex job turns each version into flat arrays (``indexer.postings``) and ranking scores
whole posting lists with numpy (``search_app.ranking``; it reads Whoosh here for versions built
before those arrays, and for phrases' word positions). Whoosh's public matcher API hands out
one posting at a time, which costs seconds on long lists, so here whole blocks of the
``whoosh3`` codec (the format Whoosh 2.7 writes) are decoded at once.
Every reader has a plain path through the public API beside the fast one; it runs when a
matcher or a column lacks the internals (another codec, another Whoosh), and the tests run
both paths over the same index and require the same arrays.

Document numbers here are a segment's own (0 .. ``leaf.doc_count_all()``); deleted
documents are included: callers drop them in bulk with a live mask.
"""

from __future__ import annotations

import mmap
from collections.abc import Callable, Iterator, Sequence
from contextlib import suppress
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain
from pathlib import Path
from pickle import loads

import numpy as np
from whoosh import formats, index
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield
from whoosh.filedb.filestore import FileStorage
from whoosh.filedb.structfile import BufferFile, StructFile
from whoosh.matching import wrappers
from whoosh.reading import IndexReader
from whoosh.system import _INT_SIZE
from whoosh.util.numeric import byte_to_length

_LENGTH_OF_BYTE = np.array([byte_to_length(b) for b in range(256)], dtype=np.float32)
EMPTY = (np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32))


def _matcher(leaf: IndexReader, field: str, key: str):
    matcher = leaf.postings(field, key)
    # Deletions are applied with the live mask, in bulk, not per posting. The filter has
    # already moved its child past the deleted documents at the start: rewind it, or those
    # postings are lost (and the list is shorter than Whoosh's document frequency).
    if isinstance(matcher, wrappers.FilterMatcher):
        while isinstance(matcher, wrappers.FilterMatcher):
            matcher = matcher.child
        matcher.reset()
    return matcher


def _has_blocks(matcher, *names: str) -> bool:
    return all(hasattr(matcher, name) for name in ("_next_block", *names))


def postings(leaf: IndexReader, field: str, key: str, *, fast: bool = True
             ) -> tuple[np.ndarray, np.ndarray]:
    """(document numbers, term frequencies) of ``key`` in ``field`` of one segment."""
    if (field, key) not in leaf:
        return EMPTY
    matcher = _matcher(leaf, field, key)
    if fast and _has_blocks(matcher, "_read_data", "_data", "_byteids"):
        ids, weights = _block_postings(matcher)
    else:
        ids, weights = _plain_postings(matcher)
    if not ids:
        return EMPTY
    return np.concatenate(ids), np.concatenate(weights)


@dataclass(frozen=True, slots=True)
class WordPostings:
    """One word's posting list in one field of one segment."""

    word: str
    ids: np.ndarray          # document numbers (the segment's own)
    tf: np.ndarray           # term frequencies (float32)
    positions: np.ndarray | None = None   # every posting's word positions, one after the
    #                                       other (the first tf[0], then tf[1] ...)


def has_positions(leaf: IndexReader, field: str) -> bool:
    """Does ``field`` store word positions (phrases can be checked in it)?"""
    return leaf.schema[field].format.supports("positions")


def field_postings(leaf: IndexReader, field: str, *, positions: bool = False,
                   fast: bool = True) -> Iterator[WordPostings]:
    """Every word of ``field`` in one segment, in the lexicon's order, with its postings
    (and word positions if asked and the field has them): one walk over the segment's term
    table, for the reindex job (a lookup per word, as :func:`postings` does, costs as much
    again)."""
    positions = positions and has_positions(leaf, field)
    terms = getattr(leaf, "_terms", None)
    if not fast or not all(hasattr(terms, name) for name in ("items_from", "_codec",
                                                              "_postfile")):
        yield from _plain_field_postings(leaf, field, positions)
        return
    format_ = leaf.schema[field].format
    decode = positions_decoder(format_)
    for (name, term), info in terms.items_from(field, b""):
        if name != field:
            break
        word = term.decode("utf-8")
        if info.is_inlined():   # a short list, kept in the term table itself
            ids, weights, values = info.inlined_postings()
            tf = np.asarray(weights, dtype=np.float32)
            yield WordPostings(word, np.asarray(ids, dtype=np.int64), tf,
                               decode(values, tf) if positions else None)
            continue
        matcher = terms._codec.postings_reader(terms._postfile, info, format_,
                                               term=(field, term))
        if not _has_blocks(matcher, "_read_data", "_data", "_byteids", "_read_values",
                           "_values"):
            found = _plain_postings(matcher)
            yield WordPostings(word, *(np.concatenate(f) if f else e
                                       for f, e in zip(found, EMPTY, strict=True)),
                               _plain_positions(leaf, field, word) if positions else None)
            continue
        ids, weights, values = [], [], []
        while matcher.is_active():
            block_ids, block_weights = _block(matcher)
            ids.append(block_ids)
            weights.append(block_weights)
            if positions:
                matcher._read_values()
                values.extend(matcher._values)
            matcher._next_block()
        tf = np.concatenate(weights)
        yield WordPostings(word, np.concatenate(ids), tf,
                           decode(values, tf) if positions else None)


def positions_decoder(format_) -> Callable[[Sequence[bytes], np.ndarray], np.ndarray]:
    """Turns a list's posting values into its flat positions. Whoosh's ``Positions`` format
    stores a posting as its count (4 bytes) and a pickled list of gaps; those are unpickled
    in one pass and summed per posting with numpy. Other formats: their own decoder."""
    if type(format_) is not formats.Positions:
        def decode(values: Sequence[bytes], tf: np.ndarray) -> np.ndarray:
            return _checked(np.fromiter(chain.from_iterable(
                format_.decode_positions(v) for v in values), dtype=np.int64), tf)
        return decode

    def decode_gaps(values: Sequence[bytes], tf: np.ndarray) -> np.ndarray:
        if not len(tf):
            return np.zeros(0, dtype=np.int64)
        gaps = np.fromiter(chain.from_iterable(map(_gaps, values)), dtype=np.int64)
        _checked(gaps, tf)
        total = np.cumsum(gaps)
        # Each posting's gaps start again from 0: subtract the running sum before it.
        ends = np.cumsum(tf.astype(np.int64))
        before = np.concatenate(([0], total[ends[:-1] - 1]))
        return total - np.repeat(before, tf.astype(np.int64))
    return decode_gaps


@lru_cache(maxsize=1 << 16)
def _gaps(value: bytes) -> list[int]:
    # Most postings hold one word at one of a few thousand places: their values repeat,
    # and a cache hit is far cheaper than unpickling.
    return loads(value[_INT_SIZE:])


def _checked(found: np.ndarray, tf: np.ndarray) -> np.ndarray:
    if len(found) != int(tf.sum()):   # frequencies are counts of positions
        raise ValueError(f"{len(found)} word positions for frequencies adding up to "
                         f"{int(tf.sum())}: a field with boosted words?")
    return found


def _plain_field_postings(leaf: IndexReader, field: str, positions: bool
                          ) -> Iterator[WordPostings]:
    for term in leaf.lexicon(field):
        word = term.decode("utf-8")
        ids, tf = postings(leaf, field, word, fast=False)
        yield WordPostings(word, ids, tf,
                           _plain_positions(leaf, field, word) if positions else None)


def _plain_positions(leaf: IndexReader, field: str, word: str) -> np.ndarray:
    matcher = _matcher(leaf, field, word)
    found: list[int] = []
    while matcher.is_active():
        found.extend(matcher.value_as("positions"))
        matcher.next()
    return np.asarray(found, dtype=np.int64)


def _block(matcher) -> tuple[np.ndarray, np.ndarray]:
    """The ids and frequencies of the matcher's current block."""
    # Ids are delta-coded unless stored as bytes; frequencies are one float when every
    # posting of the block has the same.
    matcher._read_data()
    block_ids, block_weights = matcher._data[0], matcher._data[1]
    ids = np.asarray(block_ids, dtype=np.int64) if matcher._byteids \
        else np.cumsum(block_ids, dtype=np.int64)
    if block_weights is None or isinstance(block_weights, float):
        return ids, np.full(len(ids), block_weights or 1.0, dtype=np.float32)
    return ids, np.asarray(block_weights, dtype=np.float32)


def _block_postings(matcher) -> tuple[list[np.ndarray], list[np.ndarray]]:
    ids: list[np.ndarray] = []
    weights: list[np.ndarray] = []
    while matcher.is_active():
        block_ids, block_weights = _block(matcher)
        ids.append(block_ids)
        weights.append(block_weights)
        matcher._next_block()
    return ids, weights


def _plain_postings(matcher) -> tuple[list[np.ndarray], list[np.ndarray]]:
    found, tf = [], []
    while matcher.is_active():
        found.append(matcher.id())
        tf.append(matcher.weight())
        matcher.next()
    if not found:
        return [], []
    return [np.asarray(found, dtype=np.int64)], [np.asarray(tf, dtype=np.float32)]


def positions(leaf: IndexReader, field: str, key: str, docs: np.ndarray, *,
              fast: bool = True) -> dict[int, list[int]]:
    """Word positions of ``key`` in ``field`` for each of ``docs`` (sorted, all holding it)."""
    matcher = _matcher(leaf, field, key)
    decode: Callable = leaf.schema[field].format.decode_positions
    if fast and _has_blocks(matcher, "_read_ids", "_ids", "_read_values", "_values",
                            "block_max_id"):
        return _block_positions(matcher, docs, decode)
    found: dict[int, list[int]] = {}
    for doc in docs.tolist():
        matcher.skip_to(doc)
        found[doc] = list(matcher.value_as("positions"))
    return found


def _block_positions(matcher, docs: np.ndarray, decode: Callable) -> dict[int, list[int]]:
    # Skip whole blocks by their last id; decode only the wanted postings' values.
    found: dict[int, list[int]] = {}
    wanted = 0
    while matcher.is_active() and wanted < len(docs):
        if matcher.block_max_id() < docs[wanted]:
            matcher._next_block()
            continue
        matcher._read_ids()
        ids = np.asarray(matcher._ids, dtype=np.int64)
        end = int(np.searchsorted(docs, ids[-1], side="right"))
        inside = docs[wanted:end]
        places = np.searchsorted(ids, inside)
        matcher._read_values()
        values = matcher._values
        for doc, place in zip(inside.tolist(), places.tolist(), strict=True):
            found[doc] = list(decode(values[place]))
        wanted = end
        matcher._next_block()
    return found


def field_lengths(leaf: IndexReader, field: str, *, fast: bool = True) -> np.ndarray:
    """Each document's length of ``field`` as Whoosh stores it (one byte, approximate)."""
    count = leaf.doc_count_all()
    perdoc = getattr(leaf, "_perdoc", None)
    if fast and not getattr(perdoc, "has_column", lambda name: True)(_lenfield(field)):
        # No document of the segment has the field. Whoosh answers each document's length
        # by looking for the column's file again: 150,000 look-ups in a 50k build.
        return np.zeros(count, dtype=np.float32)
    column = _length_column(leaf, field) if fast else None
    if column is None:
        return np.asarray([leaf.doc_field_length(d, field, 0) or 0 for d in range(count)],
                          dtype=np.float32)
    # One byte per document, read whole.
    raw = np.frombuffer(column._dbfile.get(column._basepos, column._count), dtype=np.uint8)
    lengths = np.zeros(count, dtype=np.float32)
    lengths[:len(raw)] = _LENGTH_OF_BYTE[raw[:count]]
    return lengths


def _length_column(leaf: IndexReader, field: str):
    cached_reader = getattr(getattr(leaf, "_perdoc", None), "_cached_reader", None)
    if cached_reader is None:
        return None
    column = cached_reader(_lenfield(field), LENGTHS_COLUMN)
    if column is None or getattr(column, "_typecode", None) != "B" \
            or not all(hasattr(column, a) for a in ("_dbfile", "_basepos", "_count")):
        return None
    return column


# -- opening an index: segment files mapped, their parts read in place ------------------------


def open_index(folder: Path) -> index.Index:
    """The Whoosh index in ``folder``, each segment file memory-mapped once and its parts
    (postings, terms, stored fields, columns) read in place.

    Whoosh maps a segment file too, but then copies each part it opens into a private
    ``BytesIO`` (``BufferFile``): at 50,000 articles every searcher copied 280 MB and took
    450 ms to open, in every thread of every worker. Here a part is a view of the map, so a
    searcher opens in milliseconds and all workers read one copy, in the page cache. When a
    Whoosh upgrade changes the classes this relies on, the index opens Whoosh's own way.
    """
    if not all(hasattr(cls, name) for cls, name in ((StructFile, "subset"),
                                                    (BufferFile, "get"),
                                                    (FileStorage, "_fpath"))):
        return FileStorage(str(folder)).open_index()
    return _MappedStorage(str(folder)).open_index()


class _MappedStorage(FileStorage):
    """A ``FileStorage`` whose segment files hand out views of one map of themselves.

    ``supports_mmap`` is off so that Whoosh's ``CompoundStorage`` asks the segment file for
    each part (``subset``) instead of mapping it and copying the part."""

    def __init__(self, path: str) -> None:
        super().__init__(path, supports_mmap=False)

    def open_file(self, name: str, **kwargs) -> StructFile:
        if not name.endswith(".seg"):   # the table of contents, other small files
            return super().open_file(name, **kwargs)
        return _MappedSegmentFile(open(self._fpath(name), "rb"), name=name, **kwargs)


class _MappedSegmentFile(StructFile):
    def __init__(self, fileobj, name: str | None = None, **kwargs) -> None:
        super().__init__(fileobj, name=name, **kwargs)
        self._map: mmap.mmap | None = None

    def subset(self, offset: int, length: int, name: str | None = None) -> StructFile:
        if self._map is None:
            self._map = mmap.mmap(self.file.fileno(), 0, access=mmap.ACCESS_READ)
        return _MappedPart(memoryview(self._map)[offset:offset + length],
                           name=name or self._name)

    def close(self) -> None:
        super().close()
        if self._map is not None:
            with suppress(BufferError):   # a part still open elsewhere: it keeps the map
                self._map.close()
            self._map = None


class _MappedPart(BufferFile):
    """Whoosh's ``BufferFile`` over a view of the map, its file-like reads (headers,
    pickles) served from the view instead of a copy of it."""

    def __init__(self, view: memoryview, name: str | None = None) -> None:
        super().__init__(b"", name=name)
        self._buf = view
        self.file = _ViewReader(view)


class _ViewReader:
    """``read``/``seek``/``tell`` over a memoryview: a ``BytesIO`` that does not copy."""

    __slots__ = ("_at", "_view")

    def __init__(self, view: memoryview) -> None:
        self._view, self._at = view, 0

    def read(self, size: int | None = -1) -> bytes:
        end = len(self._view) if size is None or size < 0 else \
            min(self._at + size, len(self._view))
        found = self._view[self._at:end].tobytes()
        self._at = max(end, self._at)
        return found

    def peek(self, size: int = 0) -> bytes:
        """Bytes from here on, not consumed: ``pickle.load`` reads ahead with it (one call
        for a stored document instead of one per field)."""
        return self._view[self._at:self._at + max(size, 4096)].tobytes()

    def readinto(self, buffer) -> int:
        found = self.read(len(buffer))
        buffer[:len(found)] = found
        return len(found)

    def readline(self, size: int | None = -1) -> bytes:
        rest = self._view[self._at:].tobytes()
        end = rest.find(b"\n") + 1 or len(rest)
        return self.read(end if size is None or size < 0 else min(end, size))

    def seek(self, offset: int, whence: int = 0) -> int:
        self._at = offset if whence == 0 else \
            self._at + offset if whence == 1 else len(self._view) + offset
        return self._at

    def tell(self) -> int:
        return self._at

    def close(self) -> None:
        pass
