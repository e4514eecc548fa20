"""BM25F scoring in bulk: Whoosh's postings, read once and scored with numpy.

Whoosh walks a query's matchers one document at a time in Python; a reader's question over
thirteen weighted fields visits hundreds of thousands of postings that way, twice (once to
count facets, once to rank), and took seconds at 50,000 articles. Here each word's posting
list in each field is read block by block into arrays (and kept in a small cache: readers'
words repeat), scored with the same BM25F formula Whoosh uses (``whoosh.scoring.bm25``,
B=0.75, K1=1.2, idf = log(N / (df + 1)) + 1), and combined over whole-index arrays: a query
is a handful of vector operations however many articles it matches.

A query is a small tree (``Words``, ``AllOf``, ``AnyOf``, ``WithOptional``);
``Ranker.evaluate`` gives, for every document, whether it matches and its score. Phrases are
checked against the stored word positions of the documents that contain all their words.
Whoosh still owns the index: its files, its segments, its deletions, its stored fields.
"""

from __future__ import annotations

import math
import threading
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield
from whoosh.matching import wrappers
from whoosh.searching import Searcher
from whoosh.util.numeric import byte_to_length

from search_app.lru import LruCache
from search_app.searchers import per_searcher

K1 = 1.2
B = 0.75
CACHED_POSTINGS = 6_000_000  # ids + frequencies kept per process: about 72 MB
CACHED_PHRASES = 5_000       # documents where a phrase occurs, per field


@dataclass(frozen=True, slots=True)
class Words:
    """One reader word (one key) or phrase (several keys, in order) over weighted fields."""

    keys: tuple[str, ...]
    weights: tuple[tuple[str, float], ...]


@dataclass(frozen=True, slots=True)
class AllOf:
    parts: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class AnyOf:
    """Any part may match; scores add. With ``coord`` (a power), the sum is scaled by the
    share of parts that matched, to that power: a document with more of the reader's words
    beats one that matches a single word very well."""

    parts: tuple[Node, ...]
    coord: float = 0.0


@dataclass(frozen=True, slots=True)
class WithOptional:
    """Matches as ``required`` does; ``optional`` only adds to the score where it matches."""

    required: Node
    optional: Node


Node = Words | AllOf | AnyOf | WithOptional


@dataclass(slots=True)
class Scored:
    mask: np.ndarray    # bool per document: does it match
    score: np.ndarray   # float32 per document (0 where it does not match)


_LENGTH_OF_BYTE = np.array([byte_to_length(b) for b in range(256)], dtype=np.float32)
_EMPTY = (np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32))


def _unwrapped(matcher):
    # Deleted documents are dropped with the live mask, in bulk, not per posting.
    while isinstance(matcher, wrappers.FilterMatcher):
        matcher = matcher.child
    return matcher


def _read_postings(matcher) -> tuple[np.ndarray, np.ndarray]:
    """(document numbers, term frequencies) of a leaf posting list."""
    ids: list[np.ndarray] = []
    weights: list[np.ndarray] = []
    if hasattr(matcher, "_read_data") and hasattr(matcher, "_next_block"):
        # Whoosh 3 codec: decode whole blocks (delta-coded ids, then frequencies) with
        # numpy rather than step posting by posting.
        while matcher.is_active():
            matcher._read_data()
            block_ids, block_weights = matcher._data[0], matcher._data[1]
            ids.append(np.asarray(block_ids, dtype=np.int64) if matcher._byteids
                       else np.cumsum(block_ids, dtype=np.int64))
            if block_weights is None or isinstance(block_weights, float):
                weights.append(np.full(len(ids[-1]), block_weights or 1.0, dtype=np.float32))
            else:
                weights.append(np.asarray(block_weights, dtype=np.float32))
            matcher._next_block()
    else:
        found, tf = [], []
        while matcher.is_active():
            found.append(matcher.id())
            tf.append(matcher.weight())
            matcher.next()
        ids.append(np.asarray(found, dtype=np.int64))
        weights.append(np.asarray(tf, dtype=np.float32))
    if not ids:
        return _EMPTY
    return np.concatenate(ids), np.concatenate(weights)


def _positions(matcher, docs: np.ndarray, decode) -> dict[int, list[int]]:
    """Word positions of ``matcher``'s term in each of ``docs`` (sorted leaf numbers)."""
    found: dict[int, list[int]] = {}
    if not (hasattr(matcher, "_read_values") and hasattr(matcher, "_next_block")):
        for doc in docs.tolist():
            matcher.skip_to(doc)
            found[doc] = matcher.value_as("positions")
        return found
    # Whoosh 3 codec: skip whole blocks by their last id; decode only the wanted postings.
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
            found[doc] = decode(values[place])
        wanted = end
        matcher._next_block()
    return found


def _consecutive(positions: Sequence[Sequence[int]]) -> bool:
    """Do the keys occur one right after the other (Whoosh's ``Phrase`` with slop 1)?"""
    starts = set(positions[0])
    for offset, later in enumerate(positions[1:], 1):
        starts &= {p - offset for p in later}
        if not starts:
            return False
    return True


class _Shared:
    """Arrays read from one set of segments, shared by the threads of a process: postings,
    phrase matches, field lengths, facet codes. Deletions are not here (see Ranker.live):
    an incremental build can delete documents of a segment without changing it otherwise."""

    def __init__(self) -> None:
        self.postings = LruCache(CACHED_POSTINGS, lambda found: len(found[0]))
        self.phrases = LruCache(CACHED_PHRASES)
        self.lengths: dict[str, np.ndarray] = {}
        self.average: dict[str, float] = {}
        self.codes: dict[str, np.ndarray] = {}
        self.ranks: dict[str, np.ndarray] = {}


_SHARED: OrderedDict[tuple, _Shared] = OrderedDict()
_SHARED_LOCK = threading.Lock()
SHARED_VERSIONS = 2  # the live segments and the previous ones, while requests finish on them


def _shared_for(segments: tuple) -> _Shared:
    with _SHARED_LOCK:
        found = _SHARED.get(segments)
        if found is None:
            found = _SHARED[segments] = _Shared()
            while len(_SHARED) > SHARED_VERSIONS:
                _SHARED.popitem(last=False)
        return found


class Ranker:
    """Scoring for one open searcher; the arrays it reads are shared per set of segments."""

    def __init__(self, searcher: Searcher) -> None:
        reader = searcher.reader()
        self._reader = reader
        self.size = reader.doc_count_all()
        self._leaves = [(leaf, offset) for leaf, offset in reader.leaf_readers()]
        shared = _shared_for(tuple((leaf.segment().segment_id(), offset)
                                   for leaf, offset in self._leaves))
        self._postings, self._phrases = shared.postings, shared.phrases
        self._lengths, self._average = shared.lengths, shared.average
        self._codes, self._ranks = shared.codes, shared.ranks
        live = np.ones(self.size, dtype=bool)
        if reader.has_deletions():  # an incremental build deleted older copies of articles
            live[:] = False
            for leaf, offset in self._leaves:
                kept = np.fromiter(leaf.all_doc_ids(), dtype=np.int64)
                live[kept + offset] = True
        self.live = live

    # -- reading the index ------------------------------------------------------------

    def postings(self, field: str, key: str) -> tuple[np.ndarray, np.ndarray]:
        """Document numbers (whole index) and frequencies of ``key`` in ``field``."""
        cache_key = (field, key)
        found = self._postings.get(cache_key)
        if found is not None:
            return found
        parts = []
        for leaf, offset in self._leaves:
            if (field, key) not in leaf:
                continue
            ids, tf = _read_postings(_unwrapped(leaf.postings(field, key)))
            parts.append((ids + offset, tf))
        found = (np.concatenate([p[0] for p in parts]), np.concatenate([p[1] for p in parts])) \
            if parts else _EMPTY
        self._postings.put(cache_key, found)
        return found

    def fields_holding(self, doc: int, keys: Iterable[str], fields: Iterable[str]
                       ) -> frozenset[str]:
        """Which of ``fields`` hold at least one of ``keys`` in document ``doc``."""
        holding = set()
        for field in fields:
            for key in keys:
                ids = self.postings(field, key)[0]
                place = int(np.searchsorted(ids, doc))
                if place < len(ids) and ids[place] == doc:
                    holding.add(field)
                    break
        return frozenset(holding)

    def lengths(self, field: str) -> np.ndarray:
        """Each document's length of ``field``, as Whoosh stores it (one byte, approximate)."""
        found = self._lengths.get(field)
        if found is None:
            found = np.zeros(self.size, dtype=np.float32)
            for leaf, offset in self._leaves:
                count = leaf.doc_count_all()
                found[offset:offset + count] = _leaf_lengths(leaf, field, count)
            self._average[field] = (self._reader.field_length(field) / self.size
                                    if self.size else 0.0) or 1.0
            self._lengths[field] = found  # after the average: another thread may read both
        return found

    def bm25(self, field: str, key: str) -> tuple[np.ndarray, np.ndarray]:
        """(documents, BM25 score of ``key`` in ``field``) for the documents that hold it."""
        ids, tf = self.postings(field, key)
        if not len(ids):
            return _EMPTY
        idf = math.log(self.size / (len(ids) + 1)) + 1
        lengths = self.lengths(field)[ids]
        norm = K1 * ((1 - B) + B * lengths / self._average[field])
        return ids, (idf * tf * (K1 + 1) / (tf + norm)).astype(np.float32)

    def _phrase_docs(self, field: str, keys: tuple[str, ...], candidates: np.ndarray,
                     cache: bool = True) -> np.ndarray:
        """The candidates (holding every key in ``field``) where the keys are consecutive.
        Results for all candidates are cached: readers' phrases (and other names) repeat."""
        cache_key = (field, keys)
        found = self._phrases.get(cache_key)
        if found is not None:
            return found if cache else found[np.isin(found, candidates)]
        kept = []
        for leaf, offset in self._leaves:
            count = leaf.doc_count_all()
            local = candidates[(candidates >= offset) & (candidates < offset + count)] - offset
            if not len(local):
                continue
            decode = leaf.schema[field].format.decode_positions
            positions = [_positions(_unwrapped(leaf.postings(field, key)), local, decode)
                         for key in keys]
            kept += [doc + offset for doc in local.tolist()
                     if _consecutive([p[doc] for p in positions])]
        found = np.asarray(kept, dtype=np.int64)
        if cache:
            self._phrases.put(cache_key, found)
        return found

    def codes(self, column: str, values: Sequence[str]) -> np.ndarray:
        """Each document's ``column`` value as its place in ``values`` (-1: none of them)."""
        found = self._codes.get(column)
        if found is None:
            place = {value: i for i, value in enumerate(values)}
            reader = self._reader.column_reader(column)
            found = np.fromiter((place.get(v, -1) for v in reader), dtype=np.int16,
                                count=self.size)
            self._codes[column] = found
        return found

    def sort_ranks(self, column: str) -> np.ndarray:
        """Each document's rank in the order of ``column`` (an ICU sort key for titles)."""
        found = self._ranks.get(column)
        if found is None:
            values = list(self._reader.column_reader(column))
            found = np.empty(self.size, dtype=np.int64)
            found[sorted(range(self.size), key=values.__getitem__)] = np.arange(self.size)
            self._ranks[column] = found
        return found

    # -- evaluating a query -------------------------------------------------------------

    def evaluate(self, node: Node, within: np.ndarray | None = None) -> Scored:
        """Match and score ``node``. With ``within`` (a mask), documents outside it may be
        left unmatched: an AND passes what its cheaper parts matched to its phrases, so
        word positions are read only where they can still change the answer."""
        if isinstance(node, Words):
            return self._words(node, within)
        if isinstance(node, WithOptional):
            required = self.evaluate(node.required, within)
            optional = self.evaluate(node.optional, required.mask)
            return Scored(required.mask, required.score + optional.score * required.mask)
        if isinstance(node, AnyOf):
            parts = [self.evaluate(p, within) for p in node.parts]
            mask, score = parts[0].mask.copy(), parts[0].score.copy()
            for part in parts[1:]:
                mask |= part.mask
                score += part.score
            if node.coord:
                matched = np.sum([p.mask for p in parts], axis=0, dtype=np.float32)
                score *= (matched / len(parts)) ** np.float32(node.coord)
            return Scored(mask, score)
        mask = within.copy() if within is not None else None
        score = np.zeros(self.size, dtype=np.float32)
        for part in sorted(node.parts, key=_has_phrase):  # plain words first: they narrow
            found = self.evaluate(part, mask)
            mask = found.mask.copy() if mask is None else mask & found.mask
            score += found.score
        return Scored(mask, score * mask)

    def _words(self, node: Words, within: np.ndarray | None = None) -> Scored:
        mask = np.zeros(self.size, dtype=bool)
        score = np.zeros(self.size, dtype=np.float32)
        for field, weight in node.weights:
            scored = [self.bm25(field, key) for key in node.keys]
            if any(not len(ids) for ids, _ in scored):
                continue
            if len(scored) == 1:
                ids, values = scored[0]
                mask[ids] = True
                score[ids] += values * np.float32(weight)
                continue
            together = scored[0][0]
            for ids, _ in scored[1:]:
                together = np.intersect1d(together, ids, assume_unique=True)
            if within is not None:
                together = together[within[together]]
            docs = self._phrase_docs(field, node.keys, together, cache=within is None) \
                if len(together) else together
            if not len(docs):
                continue
            mask[docs] = True
            total = np.zeros(len(docs), dtype=np.float32)
            for ids, values in scored:
                total += values[np.searchsorted(ids, docs)]
            score[docs] += total * np.float32(weight)
        return Scored(mask, score)


def _has_phrase(node: Node) -> bool:
    if isinstance(node, Words):
        return len(node.keys) > 1
    if isinstance(node, WithOptional):
        return _has_phrase(node.required) or _has_phrase(node.optional)
    return any(_has_phrase(p) for p in node.parts)


def _leaf_lengths(leaf, field: str, count: int) -> np.ndarray:
    perdoc = getattr(leaf, "_perdoc", None)
    column = getattr(perdoc, "_cached_reader", lambda *a: None)(_lenfield(field),
                                                                LENGTHS_COLUMN)
    if column is not None and hasattr(column, "_dbfile") and column._typecode == "B":
        # Whoosh 3 codec: one byte per document; read the column whole.
        raw = np.frombuffer(column._dbfile.get(column._basepos, column._count), dtype=np.uint8)
        lengths = np.zeros(count, dtype=np.float32)
        lengths[:len(raw)] = _LENGTH_OF_BYTE[raw[:count]]
        return lengths
    return np.asarray([leaf.doc_field_length(d, field, 0) or 0 for d in range(count)],
                      dtype=np.float32)


def ranker(searcher: Searcher) -> Ranker:
    """The ranker of the searcher's open index version, made on first use."""
    return per_searcher(searcher, "ranker", lambda: Ranker(searcher))
