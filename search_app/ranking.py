"""BM25F scoring in bulk: each word's posting lists as arrays, scored with numpy.

Whoosh walks a query's matchers one document at a time in Python; a reader's question over
thirteen weighted fields visits hundreds of thousands of postings that way, twice (once to
count facets, once to rank), and took seconds at 50,000 articles. Here each word's posting
list in each field is a pair of arrays: mapped from the version's ranking data, which the
reindex job wrote (``indexer.postings``), or for a version built before it, read from
Whoosh's blocks (``indexer.whoosh_codec``) and kept in the version's ``ScoringCache``. Lists
are scored with the same BM25F formula Whoosh uses (``whoosh.scoring.bm25``, B=0.75, K1=1.2,
idf = log(N / (df + 1)) + 1) and combined over whole-index arrays: a query is a handful of
vector operations however many articles it matches.

A query is a small tree (``Words``, ``AllOf``, ``AnyOf``, ``WithOptional``);
``Ranker.evaluate`` gives, for every document, whether it matches and its score. Phrases are
checked against the stored word positions of the documents that contain all their words.
Whoosh still owns the index: its files, its segments, its deletions, its stored fields.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
from whoosh.reading import IndexReader

from indexer import whoosh_codec
from indexer.postings import K1, B, Entry, RankingData, tf_part
from search_app.lru import LruCache

__all__ = ["K1", "AllOf", "AnyOf", "B", "Ranker", "ScoringCache", "TitleCovered", "Words"]

log = logging.getLogger(__name__)

CACHED_POSTINGS = 6_000_000  # ids + frequencies read from Whoosh, per process: about 72 MB
CACHED_SCORES = 6_000_000    # scores of posting lists: 24 MB (and their ids when read)
CACHED_WORDS = 50_000        # words looked up in the ranking data
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


@dataclass(frozen=True, slots=True)
class TitleCovered:
    """``node``, with each article's title matches counted by how much of its title the
    query's ``keys`` cover: a one-word match in a four-word title counts a quarter (plus
    ``floor``), so a generic word of a long message ("help", "diagnosis") does not carry
    "Financial Help for Diabetes Care"."""

    node: Node
    keys: tuple[str, ...]
    floor: float = 0.25
    field: str = "title"


Node = Words | AllOf | AnyOf | WithOptional | TitleCovered


@dataclass(slots=True)
class Scored:
    mask: np.ndarray    # bool per document: does it match
    score: np.ndarray   # float32 per document (0 where it does not match)


_EMPTY = whoosh_codec.EMPTY


def _consecutive(positions: Sequence[Sequence[int]]) -> bool:
    """Do the keys occur one right after the other (Whoosh's ``Phrase`` with slop 1)?"""
    starts = set(positions[0])
    for offset, later in enumerate(positions[1:], 1):
        starts &= {p - offset for p in later}
        if not starts:
            return False
    return True


class ScoringCache:
    """What scoring reads from one index version, kept for the life of that version and
    shared by its threads: its ranking data (None: read Whoosh's postings), postings read,
    lists scored, phrase matches, field lengths, facet codes, the live mask. An index
    version never changes once built, so nothing here goes stale."""

    def __init__(self, data: RankingData | None = None) -> None:
        self.data = data
        self.words = LruCache(CACHED_WORDS)
        self.scores = LruCache(CACHED_SCORES, lambda found: len(found[0]))
        self.postings = LruCache(CACHED_POSTINGS, lambda found: len(found[0]))
        self.phrases = LruCache(CACHED_PHRASES)
        self.lengths: dict[str, np.ndarray] = {}
        self.average: dict[str, float] = {}
        self.codes: dict[str, np.ndarray] = {}
        self.ranks: dict[str, np.ndarray] = {}
        self.live: np.ndarray | None = None


class Ranker:
    """Scoring through one thread's reader of an index version, over the version's cache."""

    def __init__(self, reader: IndexReader, cache: ScoringCache) -> None:
        self._reader = reader
        self.size = reader.doc_count_all()
        self._leaves = list(reader.leaf_readers())
        if cache.data is not None and cache.data.size != self.size:
            log.warning("ranking data of %d documents for an index of %d: not used",
                        cache.data.size, self.size)
            cache.data = None
        self._data = cache.data
        self._looked_up, self._scores = cache.words, cache.scores
        self._postings, self._phrases = cache.postings, cache.phrases
        self._lengths, self._average = cache.lengths, cache.average
        self._codes, self._ranks = cache.codes, cache.ranks
        if cache.live is None:
            cache.live = self._data.live if self._data is not None else self._live_mask()
        self.live = cache.live

    def _live_mask(self) -> np.ndarray:
        live = np.ones(self.size, dtype=bool)
        if self._reader.has_deletions():  # an incremental build deleted older copies
            live[:] = False
            for leaf, offset in self._leaves:
                kept = np.fromiter(leaf.all_doc_ids(), dtype=np.int64)
                live[kept + offset] = True
        return live

    # -- reading the index ------------------------------------------------------------

    def _entry(self, field: str, key: str) -> Entry | None:
        """Where the ranking data holds ``key``'s list in ``field`` (None: it holds none)."""
        found = self._looked_up.get(key)
        if found is None:
            found = self._data.entries(key)
            self._looked_up.put(key, found)
        return found.get(self._data.fields[field])

    def _mapped(self, field: str) -> bool:
        return self._data is not None and self._data.has_field(field)

    def postings(self, field: str, key: str) -> tuple[np.ndarray, np.ndarray]:
        """Document numbers (whole index) and frequencies of ``key`` in ``field``."""
        if self._mapped(field):
            entry = self._entry(field, key)
            return self._data.postings(entry) if entry is not None else _EMPTY
        cache_key = (field, key)
        found = self._postings.get(cache_key)
        if found is not None:
            return found
        parts = []
        for leaf, offset in self._leaves:
            ids, tf = whoosh_codec.postings(leaf, field, key)
            if len(ids):
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
        if self._mapped(field):
            return self._data.lengths(field)
        found = self._lengths.get(field)
        if found is None:
            found = np.zeros(self.size, dtype=np.float32)
            for leaf, offset in self._leaves:
                count = leaf.doc_count_all()
                found[offset:offset + count] = whoosh_codec.field_lengths(leaf, field)
            self._average[field] = (self._reader.field_length(field) / self.size
                                    if self.size else 0.0) or 1.0
            self._lengths[field] = found  # after the average: another thread may read both
        return found

    def average(self, field: str) -> float:
        """The field's average length over the index (1 for an empty field)."""
        if self._mapped(field):
            return self._data.averages[field]
        self.lengths(field)
        return self._average[field]

    def idf(self, df: int) -> float:
        return math.log(self.size / (df + 1)) + 1

    def bm25(self, field: str, key: str) -> tuple[np.ndarray, np.ndarray]:
        """(documents, BM25 score of ``key`` in ``field``) for the documents that hold it."""
        cache_key = (field, key)
        found = self._scores.get(cache_key)
        if found is None:
            ids, tf = self.postings(field, key)
            found = (ids, np.float32(self.idf(len(ids))) * tf_part(
                tf, self.lengths(field)[ids], self.average(field))) if len(ids) else _EMPTY
            self._scores.put(cache_key, found)
        return found

    def _phrase_docs(self, field: str, keys: tuple[str, ...], candidates: np.ndarray,
                     cache: bool = True) -> np.ndarray:
        """The candidates (holding every key in ``field``) where the keys are consecutive.
        Results for all candidates are cached: readers' phrases (and other names) repeat."""
        cache_key = (field, keys)
        found = self._phrases.get(cache_key)
        if found is not None:
            return found if cache else found[np.isin(found, candidates)]
        found = self._mapped_phrase_docs(field, keys, candidates) if self._mapped(field) \
            else None
        if found is None:
            found = self._read_phrase_docs(field, keys, candidates)
        if cache:
            self._phrases.put(cache_key, found)
        return found

    def _mapped_phrase_docs(self, field: str, keys: tuple[str, ...], candidates: np.ndarray
                            ) -> np.ndarray | None:
        """The phrase check over the ranking data's word positions, for all candidates at
        once: each key's (document, position - its place in the phrase) pairs, intersected
        (None: the data keeps no positions for the field)."""
        starts: np.ndarray | None = None   # (document << 32 | phrase start) pairs
        for place, key in enumerate(keys):
            entry = self._entry(field, key)
            positions = self._data.positions(entry) if entry is not None else None
            if positions is None:
                return None
            flat, at = positions
            ids = self._data.postings(entry)[0]
            row = np.searchsorted(ids, candidates)
            count = at[row + 1] - at[row]
            # Every position of every candidate's posting, as one gather.
            index = np.repeat(at[row] - np.cumsum(count) + count, count) + \
                np.arange(int(count.sum()))
            start = flat[index].astype(np.int64) - place   # where the phrase would start
            docs = np.repeat(candidates.astype(np.int64), count)
            fits = start >= 0
            pairs = np.unique((docs[fits] << 32) | start[fits])
            starts = pairs if starts is None else np.intersect1d(starts, pairs,
                                                                 assume_unique=True)
            if not len(starts):
                break
        return np.unique(starts >> 32)

    def _read_phrase_docs(self, field: str, keys: tuple[str, ...], candidates: np.ndarray
                          ) -> np.ndarray:
        """The phrase check over Whoosh's stored positions, candidate by candidate."""
        kept = []
        for leaf, offset in self._leaves:
            count = leaf.doc_count_all()
            local = candidates[(candidates >= offset) & (candidates < offset + count)] - offset
            if not len(local):
                continue
            positions = [whoosh_codec.positions(leaf, field, key, local) for key in keys]
            kept += [doc + offset for doc in local.tolist()
                     if _consecutive([p[doc] for p in positions])]
        return np.asarray(kept, dtype=np.int64)

    def codes(self, column: str, values: Sequence[str]) -> np.ndarray:
        """Each document's ``column`` value as its place in ``values`` (-1: none of them)."""
        found = self._codes.get(column)
        if found is None:
            place = {value: i for i, value in enumerate(values)}
            stored = self._data.column(column) if self._data is not None else None
            if stored is not None:
                held, codes = stored
                found = np.array([place.get(v, -1) for v in held], dtype=np.int16)[codes]
            else:
                reader = self._reader.column_reader(column)
                found = np.fromiter((place.get(v, -1) for v in reader), dtype=np.int16,
                                    count=self.size)
            self._codes[column] = found
        return found

    def sort_ranks(self, column: str) -> np.ndarray:
        """Each document's rank in the order of ``column`` (an ICU sort key for titles)."""
        found = self._ranks.get(column)
        if found is None:
            found = self._data.order(column) if self._data is not None else None
            if found is None:
                values = list(self._reader.column_reader(column))
                found = np.empty(self.size, dtype=np.int64)
                found[sorted(range(self.size), key=values.__getitem__)] = np.arange(self.size)
            self._ranks[column] = found
        return found

    # -- evaluating a query -------------------------------------------------------------

    def evaluate(self, node: Node, within: np.ndarray | None = None,
                 scales: dict[str, np.ndarray] | None = None) -> Scored:
        """Match and score ``node``. With ``within`` (a mask), documents outside it may be
        left unmatched: an AND passes what its cheaper parts matched to its phrases, so
        word positions are read only where they can still change the answer. ``scales``
        multiply a field's scores per document (see ``TitleCovered``)."""
        if isinstance(node, Words):
            return self._words(node, within, scales)
        if isinstance(node, TitleCovered):
            scale = node.floor + (1 - node.floor) * self.coverage(node.field, node.keys)
            return self.evaluate(node.node, within, {**(scales or {}), node.field: scale})
        if isinstance(node, WithOptional):
            required = self.evaluate(node.required, within, scales)
            optional = self.evaluate(node.optional, required.mask, scales)
            return Scored(required.mask, required.score + optional.score * required.mask)
        if isinstance(node, AnyOf):
            parts = [self.evaluate(p, within, scales) for p in node.parts]
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
            found = self.evaluate(part, mask, scales)
            mask = found.mask.copy() if mask is None else mask & found.mask
            score += found.score
        return Scored(mask, score * mask)

    def coverage(self, field: str, keys: Iterable[str]) -> np.ndarray:
        """Per document, the share of its ``field`` (in words) that ``keys`` cover."""
        count = np.zeros(self.size, dtype=np.float32)
        for key in set(keys):
            count[self.postings(field, key)[0]] += 1
        return np.minimum(1, count / np.maximum(self.lengths(field), 1))

    def _words(self, node: Words, within: np.ndarray | None = None,
               scales: dict[str, np.ndarray] | None = None) -> Scored:
        mask = np.zeros(self.size, dtype=bool)
        score = np.zeros(self.size, dtype=np.float32)
        for field, weight in node.weights:
            scored = [self.bm25(field, key) for key in node.keys]
            if scales and field in scales:
                scored = [(ids, values * scales[field][ids]) for ids, values in scored]
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
    if isinstance(node, TitleCovered):
        return _has_phrase(node.node)
    if isinstance(node, WithOptional):
        return _has_phrase(node.required) or _has_phrase(node.optional)
    return any(_has_phrase(p) for p in node.parts)
