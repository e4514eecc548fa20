"""The one module that reads Whoosh's private codec: postings, positions, field lengths.

Ranking scores whole posting lists with numpy (``search_app.ranking``). Whoosh's public
matcher API hands out one posting at a time, which costs seconds on long lists, so here
whole blocks of the ``whoosh3`` codec (the format Whoosh 2.7 writes) are decoded at once.
Every reader has a plain path through the public API beside the fast one; it runs when a
matcher or a column lacks the internals (another codec, another Whoosh), and the tests run
both paths over the same index and require the same arrays.

Document numbers here are a segment's own (0 .. ``leaf.doc_count_all()``); deleted
documents are included: callers drop them in bulk with a live mask.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield
from whoosh.matching import wrappers
from whoosh.reading import IndexReader
from whoosh.util.numeric import byte_to_length

_LENGTH_OF_BYTE = np.array([byte_to_length(b) for b in range(256)], dtype=np.float32)
EMPTY = (np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32))


def _matcher(leaf: IndexReader, field: str, key: str):
    matcher = leaf.postings(field, key)
    # Deletions are applied with the live mask, in bulk, not per posting.
    while isinstance(matcher, wrappers.FilterMatcher):
        matcher = matcher.child
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


def _block_postings(matcher) -> tuple[list[np.ndarray], list[np.ndarray]]:
    ids: list[np.ndarray] = []
    weights: list[np.ndarray] = []
    while matcher.is_active():
        # A block: ids (delta-coded unless stored as bytes), then frequencies (one float
        # when every posting of the block has the same).
        matcher._read_data()
        block_ids, block_weights = matcher._data[0], matcher._data[1]
        ids.append(np.asarray(block_ids, dtype=np.int64) if matcher._byteids
                   else np.cumsum(block_ids, dtype=np.int64))
        if block_weights is None or isinstance(block_weights, float):
            weights.append(np.full(len(ids[-1]), block_weights or 1.0, dtype=np.float32))
        else:
            weights.append(np.asarray(block_weights, dtype=np.float32))
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
