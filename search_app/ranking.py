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

A word met again costs one scatter, not one per field: its fields' scores, summed, are kept
per (word, field weights) (``Ranker.impacts``).

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
from indexer.postings import K1, B, Entry, RankingData, bm25
from search_app.lru import LruCache

__all__ = ["K1", "AllOf", "AnyOf", "B", "Ranker", "ScoringCache", "TitleCovered", "Words"]

log = logging.getLogger(__name__)

CACHED_POSTINGS = 6_000_000  # ids + frequencies read from Whoosh, per process: about 72 MB
CACHED_SCORES = 6_000_000    # scores of posting lists: 24 MB (and their ids when read)
# A word held by at most IMPACTS_UP_TO postings (all fields) keeps its fields' scores summed
# (Ranker.impacts): one scatter when met again. The commonest words of long messages would
# push every other word out of the cache and are scored field by field.
IMPACTS_UP_TO = 10_000
CACHED_IMPACTS = 3_000_000   # those sums: at most 36 MB (ids and scores)
CACHED_WORDS = 50_000        # words looked up in the ranking data
# Top-k pruning (Ranker.top): below this many documents, all are scored; the floor is taken
# from the best this many of each strongest list; a selected document costs about this many
# postings' worth of work per list when scored alone (past that, scoring whole lists is
# cheaper).
PRUNE_FROM = 500
SEED = 100
SCORE_ONE = 4
# Past this many posting lists (a long message's words in every field) pruning almost never
# leaves little enough to score one by one (65 of 68 such pages of the latency mix at 50k
# fell back to scoring everything): its seed and floor are skipped.
PRUNE_LISTS = 100
BOUND_MARGIN = 1e-4   # float32 sums of many lists may round a little above the sum of bounds
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
    floor: float = 0.25   # above 0: a title match always counts for something
    field: str = "title"

    def __post_init__(self) -> None:
        if not 0 < self.floor <= 1:
            raise ValueError(f"a title coverage floor is in (0, 1], not {self.floor}")


Node = Words | AllOf | AnyOf | WithOptional | TitleCovered


@dataclass(slots=True)
class Scored:
    mask: np.ndarray           # bool per document: does it match
    score: np.ndarray | None   # float32 per document (0 where it does not match); None when
    #                            only matches were asked for


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
        self.impacts = LruCache(CACHED_IMPACTS, lambda found: len(found[0]))
        self.held = LruCache(CACHED_WORDS)   # a word's lists in the fields of a query node
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
        self._impacts, self._held_lists = cache.impacts, cache.held
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

    def _entries(self, key: str) -> dict[int, Entry]:
        """``key``'s lists in the ranking data, by field number."""
        found = self._looked_up.get(key)
        if found is None:
            found = self._data.entries(key)
            self._looked_up.put(key, found)
        return found

    def _entry(self, field: str, key: str) -> Entry | None:
        """Where the ranking data holds ``key``'s list in ``field`` (None: it holds none)."""
        return self._entries(key).get(self._data.fields[field])

    def _held(self, node: Words) -> list[tuple[str, float, list[tuple[np.ndarray, np.ndarray]]]]:
        """(field, weight, each key's list) for each field of ``node`` that holds every key:
        each key is looked up once, not once per field (a message has hundreds of words x
        fields), and, over the ranking data (views of the map: no memory), the answer kept:
        queries repeat their words."""
        if self._data is None:
            return self._read_held(node)
        found = self._held_lists.get(node)
        if found is None:
            found = self._read_held(node)
            self._held_lists.put(node, found)
        return found

    def _read_held(self, node: Words) -> list[tuple[str, float, list[tuple[np.ndarray,
                                                                              np.ndarray]]]]:
        data = self._data
        per_key = [self._entries(key) for key in node.keys] if data is not None else []
        found = []
        for field, weight in node.weights:
            number = data.fields.get(field) if data is not None else None
            if number is not None:
                entries = [e.get(number) for e in per_key]
                if any(e is None for e in entries):
                    continue
                lists = [data.postings(e) for e in entries]
            else:
                lists = [self.postings(field, key) for key in node.keys]
                if any(not len(ids) for ids, _ in lists):
                    continue
            found.append((field, weight, lists))
        return found

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
            found = (ids, bm25(tf, self.lengths(field)[ids], self.average(field),
                               self.idf(len(ids)))) if len(ids) else _EMPTY
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
        once: the (document, phrase start) pairs of the first key, kept where each next key
        is at its place after them (None: the data keeps no positions for the field)."""
        starts = np.zeros(0, dtype=np.int64)   # document << 32 | where the phrase starts
        docs = candidates
        for place, key in enumerate(keys):
            entry = self._entry(field, key)
            positions = self._data.positions(entry) if entry is not None else None
            if positions is None:
                return None
            flat, at = positions
            row = np.searchsorted(self._data.postings(entry)[0], docs)
            count = at[row + 1] - at[row]
            # Every position of every document's posting, as one gather; in document order,
            # then position order (the data keeps each posting's positions sorted), so the
            # pairs come sorted and are matched with a binary search, not a sort.
            index = np.repeat(at[row] - np.cumsum(count) + count, count) + \
                np.arange(int(count.sum()))
            start = flat[index].astype(np.int64) - place
            pairs = (np.repeat(docs.astype(np.int64), count) << 32) | np.maximum(start, 0)
            pairs = pairs[start >= 0]
            if place == 0:
                starts = pairs
            elif len(pairs):
                found = np.minimum(np.searchsorted(pairs, starts), len(pairs) - 1)
                starts = starts[pairs[found] == starts]
            else:
                starts = starts[:0]
            if not len(starts):
                break
            docs = _sorted_unique(starts >> 32)
        return docs if len(starts) else docs[:0]

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
        return self._evaluate(node, _Space(self.size), within, scales, True)

    def matching(self, node: Node, within: np.ndarray | None = None) -> np.ndarray:
        """Which documents match ``node`` (a mask), without scoring them: what facet counts
        and totals need, a fraction of the cost of scores."""
        return self._evaluate(node, _Space(self.size), within, None, False).mask

    def scores(self, node: Node, docs: np.ndarray) -> np.ndarray:
        """``node``'s scores of ``docs`` (sorted, all matching it), exactly as
        :meth:`evaluate` gives them, at a cost that follows ``docs``, not the lists."""
        return self._evaluate(node, _Space(self.size, docs), None, None, True).score

    def _evaluate(self, node: Node, space: _Space, within: np.ndarray | None,
                  scales: dict[str, np.ndarray] | None, scored: bool) -> Scored:
        if isinstance(node, Words):
            return self._words(node, space, within, scales, scored)
        if isinstance(node, TitleCovered):
            if not scored:   # the scale changes scores only
                return self._evaluate(node.node, space, within, scales, scored)
            scale = node.floor + (1 - node.floor) * self._coverage(node.field, node.keys,
                                                                   space)
            return self._evaluate(node.node, space, within,
                                  {**(scales or {}), node.field: scale}, scored)
        if isinstance(node, WithOptional):
            required = self._evaluate(node.required, space, within, scales, scored)
            if not scored:   # the optional part adds to scores only
                return required
            optional = self._evaluate(node.optional, space, required.mask, scales, scored)
            return Scored(required.mask, required.score + optional.score * required.mask)
        if isinstance(node, AnyOf):
            parts = [self._evaluate(p, space, within, scales, scored) for p in node.parts]
            mask = parts[0].mask.copy()
            for part in parts[1:]:
                mask |= part.mask
            if not scored:
                return Scored(mask, None)
            score = parts[0].score.copy()
            for part in parts[1:]:
                score += part.score
            if node.coord:
                matched = np.sum([p.mask for p in parts], axis=0, dtype=np.float32)
                score *= (matched / len(parts)) ** np.float32(node.coord)
            return Scored(mask, score)
        mask = within.copy() if within is not None else None
        score = np.zeros(space.size, dtype=np.float32) if scored else None
        for part in sorted(node.parts, key=_has_phrase):  # plain words first: they narrow
            found = self._evaluate(part, space, mask, scales, scored)
            mask = found.mask.copy() if mask is None else mask & found.mask
            if not mask.any():   # no document has every part (a message's words, often):
                return Scored(mask, np.zeros(space.size, dtype=np.float32) if scored else None)
            if scored:
                score += found.score
        return Scored(mask, score * mask if scored else None)

    def coverage(self, field: str, keys: Iterable[str]) -> np.ndarray:
        """Per document, the share of its ``field`` (in words) that ``keys`` cover."""
        return self._coverage(field, keys, _Space(self.size))

    def _coverage(self, field: str, keys: Iterable[str], space: _Space) -> np.ndarray:
        count = np.zeros(space.size, dtype=np.float32)
        for key in set(keys):
            count[space.place(self.postings(field, key)[0])[0]] += 1
        return np.minimum(1, count / np.maximum(space.of(self.lengths(field)), 1))

    def _words(self, node: Words, space: _Space, within: np.ndarray | None,
               scales: dict[str, np.ndarray] | None, scored: bool) -> Scored:
        held = self._held(node)
        if len(node.keys) == 1 and all(w > 0 for _, w in node.weights) and \
                sum(len(lists[0][0]) for _, _, lists in held) <= IMPACTS_UP_TO:
            return self._word(node, space, scales, scored)
        score = np.zeros(space.size, dtype=np.float32) if scored else None
        mask = np.zeros(space.size, dtype=bool)
        for field, weight, lists in held:
            placed = [space.place(ids) for ids, _ in lists]   # (places, which postings)
            scale = scales.get(field) if scales else None
            if len(lists) == 1:
                places, which = placed[0]
                mask[places] = True
                if scored:
                    values = self._scored(field, node.keys[0], *lists[0], which)
                    if scale is not None:
                        values = values * scale[places]
                    score[places] += values * np.float32(weight)
                continue
            together = placed[0][0]
            for places, _ in placed[1:]:
                together = _intersection(together, places)
            if within is not None:
                together = together[within[together]]
            docs = self._phrase_docs(field, node.keys, space.docs_at(together),
                                     cache=within is None and space.whole) \
                if len(together) else space.docs_at(together)
            if not len(docs):
                continue
            places = space.places_of(docs)
            mask[places] = True
            if scored:
                total = np.zeros(len(docs), dtype=np.float32)
                for key, (ids, tf) in zip(node.keys, lists, strict=True):
                    found = self._scored(field, key, ids, tf, np.searchsorted(ids, docs))
                    total += found if scale is None else found * scale[places]
                score[places] += total * np.float32(weight)
        return Scored(mask, score)

    def _word(self, node: Words, space: _Space, scales: dict[str, np.ndarray] | None,
              scored: bool) -> Scored:
        """One word over positively weighted fields: its lists' scores summed once per
        (word, weights) and kept (``impacts``), so a word met again is one scatter over the
        documents that hold it, not one per field. A field scaled per document (title
        coverage) then adds its scaled part less its unscaled one."""
        key = node.keys[0]
        ids, impacts = self.impacts(key, node.weights)
        places, which = space.place(ids)
        if not scored:
            mask = np.zeros(space.size, dtype=bool)
            mask[places] = True
            return Scored(mask, None)
        score = np.zeros(space.size, dtype=np.float32)
        score[places] = impacts[which]
        for field, weight in node.weights:
            scale = scales.get(field) if scales else None
            if scale is None:
                continue
            ids, tf = self.postings(field, key)
            if len(ids):
                places, which = space.place(ids)
                score[places] += self._scored(field, key, ids, tf, which) * \
                    (scale[places] - 1) * np.float32(weight)
        # Scores are positive where a list holds the word (BM25 is, and so are weights and
        # title scales): its matches are where its score is.
        return Scored(score > 0, score)

    def impacts(self, key: str, weights: tuple[tuple[str, float], ...]
                ) -> tuple[np.ndarray, np.ndarray]:
        """The documents holding ``key`` in any of the fields, and its BM25F score there:
        each field's BM25 times its weight, summed in float32 in the fields' order (the
        same bits as adding them one by one to a score of 0)."""
        cache_key = (key, weights)
        found = self._impacts.get(cache_key)
        if found is None:
            held = self._held(Words((key,), weights))
            if len(held) == 1:
                field, weight, ((ids, _),) = held[0]
                found = (ids, self.bm25(field, key)[1] * np.float32(weight))
            else:
                total = np.zeros(self.size, dtype=np.float32)
                for field, weight, ((ids, _),) in held:
                    total[ids] += self.bm25(field, key)[1] * np.float32(weight)
                ids = np.flatnonzero(total)
                found = (ids, total[ids])
            self._impacts.put(cache_key, found)
        return found

    def _scored(self, field: str, key: str, ids: np.ndarray, tf: np.ndarray,
                which: np.ndarray | slice) -> np.ndarray:
        """The BM25 scores of some postings of a list (``which``): from the whole list's,
        scored once and kept, or, for a few postings of a list not scored yet, of those
        alone (the same numbers: each is computed on its own)."""
        if isinstance(which, slice):
            return self.bm25(field, key)[1][which]
        found = self._scores.get((field, key))
        if found is not None:
            return found[1][which]
        return bm25(tf[which], self.lengths(field)[ids[which]], self.average(field),
                    self.idf(len(ids)))

    # -- the best few, without scoring every match -----------------------------------------

    def top(self, node: Node, docs: np.ndarray, count: int) -> tuple[np.ndarray, np.ndarray]:
        """The ``count`` best of ``docs`` (sorted, all matching ``node``) by ``node``'s
        score, best first, ties in document order, and their scores: exactly what scoring
        every document and sorting gives (``evaluate``), scoring only documents that can be
        among them.

        Pruning in the manner of MaxScore, with whole arrays: each posting list in ``node``
        adds at most its bound (the word's idf times the list's highest term-frequency part,
        stored with the ranking data, times the field's weight; coordination and title
        coverage only scale down). The documents that score highest in the strongest lists
        are scored first; the ``count``-th best of them is a floor that the answer's scores
        reach. The weakest lists, whose bounds together stay below that floor, cannot lift
        a document into the answer on their own, so only documents in the other lists are
        scored, each through every list."""
        count = min(count, len(docs))
        if len(docs) > PRUNE_FROM and count and self.scores_every_match(node):
            # A long message: pruning would not pay.
            return _best(docs, self.evaluate(node).score[docs], count)
        bounds = self._bounds(node) if len(docs) > PRUNE_FROM and count else None
        if bounds is None:
            return _best(docs, self.scores(node, docs), count)
        bounds.sort(key=lambda found: -found.bound)
        wanted = np.zeros(self.size, dtype=bool)
        wanted[docs] = True
        seen = np.zeros(self.size, dtype=bool)
        seeded = 0
        for found in bounds:   # the best few documents of the strongest lists
            ids, values = self.bm25(found.field, found.key)
            held = wanted[ids]
            ids, values = ids[held], values[held]
            if len(ids) > SEED:
                ids = ids[np.argpartition(values, len(ids) - SEED)[-SEED:]]
            seeded += len(ids) - np.count_nonzero(seen[ids])
            seen[ids] = True
            if seeded >= max(count, SEED):
                break
        seed = np.flatnonzero(seen)
        if len(seed) < count:
            return _best(docs, self.scores(node, docs), count)
        scores = self.scores(node, seed)
        floor = np.partition(scores, len(scores) - count)[len(scores) - count]
        # The weakest lists, while all of them together stay below the floor (with room
        # for float32 rounding in the sums).
        weakest = np.cumsum([b.bound for b in reversed(bounds)]) * (1 + BOUND_MARGIN)
        strong = len(bounds) - int(np.searchsorted(weakest, floor, side="left"))
        for found in bounds[:strong]:
            seen[found.ids] = True
        candidates = np.flatnonzero(seen & wanted)
        if len(candidates) * len(bounds) * SCORE_ONE > sum(len(b.ids) for b in bounds):
            return _best(docs, self.evaluate(node).score[docs], count)   # little to prune
        return _best(candidates, self.scores(node, candidates), count)

    def scores_every_match(self, node: Node) -> bool:
        """Does :meth:`top` score every match of ``node`` (a long message: past PRUNE_LISTS
        posting lists, pruning would not pay)?"""
        return self._list_count(node) > PRUNE_LISTS

    def _list_count(self, node: Node) -> int:
        """How many posting lists ``node`` scores (phrases: the fields holding all words)."""
        if isinstance(node, Words):
            return len(self._held(node)) * len(node.keys)
        parts = node.parts if isinstance(node, AllOf | AnyOf) else \
            (node.required, node.optional) if isinstance(node, WithOptional) else (node.node,)
        return sum(self._list_count(part) for part in parts)

    def _bounds(self, node: Node) -> list[_Bound] | None:
        """Every posting list ``node`` scores, with the most it adds to a document's score;
        None when the ranking data cannot say (a version built before it)."""
        if isinstance(node, Words):
            found = []
            for field, weight in node.weights:
                if not self._mapped(field) or not self._data.bounds_usable:
                    return None
                for key in node.keys:
                    entry = self._entry(field, key)
                    if entry is not None:
                        found.append(_Bound(self._data.postings(entry)[0], field, key,
                                            self.idf(entry.count) * entry.bound * weight))
            return found
        parts = node.parts if isinstance(node, AllOf | AnyOf) else \
            (node.required, node.optional) if isinstance(node, WithOptional) else (node.node,)
        found = []
        for part in parts:
            bounds = self._bounds(part)
            if bounds is None:
                return None
            found += bounds
        return found


@dataclass(frozen=True, slots=True)
class _Bound:
    """A posting list a query scores, and the most it adds to a document's score."""

    ids: np.ndarray
    field: str
    key: str
    bound: float


class _Space:
    """The documents an evaluation covers: all of them (arrays indexed by document number)
    or a sorted selection (arrays indexed by place in it, for scoring only those)."""

    __slots__ = ("docs", "size", "whole")

    def __init__(self, size: int, docs: np.ndarray | None = None) -> None:
        self.whole = docs is None
        self.docs = docs
        self.size = size if docs is None else len(docs)

    def place(self, ids: np.ndarray) -> tuple[np.ndarray, np.ndarray | slice]:
        """Where a list's documents (sorted) are in the space, and which of the list's
        postings those are: a search per selected document, not a pass over the list."""
        if self.whole:
            return ids, slice(None)
        if not len(ids):
            return _NOWHERE, _NOWHERE
        at = np.minimum(np.searchsorted(ids, self.docs), len(ids) - 1)
        held = ids[at] == self.docs
        return np.flatnonzero(held), at[held]

    def of(self, values: np.ndarray) -> np.ndarray:
        """A per-document array, in the space."""
        return values if self.whole else values[self.docs]

    def docs_at(self, places: np.ndarray) -> np.ndarray:
        return places if self.whole else self.docs[places]

    def places_of(self, docs: np.ndarray) -> np.ndarray:
        """The places of some of the space's documents (sorted)."""
        return docs if self.whole else np.searchsorted(self.docs, docs)


_NOWHERE = np.zeros(0, dtype=np.int64)


def _best(docs: np.ndarray, scores: np.ndarray, count: int) -> tuple[np.ndarray, np.ndarray]:
    """The ``count`` highest-scoring of ``docs``, best first, ties in document order."""
    if count < len(docs):
        # Only those at least as good as the count-th need sorting (ties kept whole).
        last = np.partition(scores, len(scores) - count)[len(scores) - count]
        keep = scores >= last
        docs, scores = docs[keep], scores[keep]
    order = np.lexsort((docs, -scores))[:count]
    return docs[order], scores[order]


def _intersection(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """The values in both of two sorted arrays of distinct values: a binary search of the
    shorter in the longer, where ``np.intersect1d`` sorts both joined."""
    if len(a) > len(b):
        a, b = b, a
    if not len(a):
        return a
    at = np.minimum(np.searchsorted(b, a), len(b) - 1)
    return a[b[at] == a]


def _sorted_unique(values: np.ndarray) -> np.ndarray:
    """The distinct values of a sorted array (``np.unique`` without its sort)."""
    if len(values) < 2:
        return values
    return values[np.concatenate(([True], values[1:] != values[:-1]))]


def _has_phrase(node: Node) -> bool:
    if isinstance(node, Words):
        return len(node.keys) > 1
    if isinstance(node, TitleCovered):
        return _has_phrase(node.node)
    if isinstance(node, WithOptional):
        return _has_phrase(node.required) or _has_phrase(node.optional)
    return any(_has_phrase(p) for p in node.parts)
