"""A faster Whoosh writer for full builds: the same index, far less Python per posting.

Whoosh internals: this module and ``indexer/whoosh_codec.py`` are the only ones that rely on
Whoosh's private structures. This one writes the ``whoosh3`` codec's posting blocks and term
infos itself (``W3FieldWriter``/``W3PostingsWriter`` internals: ``_postwriter``,
``_postfile``, ``_tindex``, ``_blocklimit``, ``_compression``; the block layout of
``W3PostingsWriter._write_block``), replaces ``SegmentWriter.add_document``'s posting pool and
``SubWriterTask.run``/``_process_file`` of the multiprocessing writer, as written by the
pinned ``whoosh3`` 3.54.0 (the same on-disk format as Whoosh 2.7). ``tests/indexer/
test_writer.py`` catches drift: it builds indexes with Whoosh's own writer and with this one
and requires the same terms, postings, positions, statistics, lengths, stored fields and
columns, and the same decoded posting blocks.

Profiling a full build of 5,000 articles (``bench/index_bench.py`` exports) showed the
analysis was not what cost most: Whoosh's writer spent about two thirds of the CPU on
bookkeeping around each posting (a tuple per posting pushed through an external sort:
pickled to run files, read back, heap-merged, then a column read per posting for its
field length). This module keeps Whoosh's codec, file format and schema and replaces
that path:

- :func:`field_postings` gives exactly what ``field.index(value)`` gives for the fields
  analysed by our own chains (``text_analyzer``, ``autocomplete_analyzer``,
  ``spelling_analyzer``), from a per-word cache: a word is looked up once per process,
  not tokenised into a ``Token`` and passed through three generators each time it
  appears. Any other field goes through Whoosh unchanged.
- :class:`Inverter` keeps a segment's postings grouped by term (arrays of document
  numbers and weights, a list of encoded values) instead of one tuple per posting; past
  a memory budget it writes them to a sorted run file, and the runs are merged term by
  term, not posting by posting.
- :class:`FastSegmentWriter` fills Whoosh's posting blocks a block at a time, with the
  field lengths it recorded itself, and leaves the scored fields' lists for the ranking
  data (``indexer.postings.SegmentParts``) while it has them.
- :class:`FastMpWriter` is Whoosh's multiprocessing writer with those sub-writers; each
  process keeps its own segment (``multisegment``) and makes the documents' fields itself
  from the items it is sent (``add_item``).
"""

from __future__ import annotations

import gc
import heapq
import pickle
import tempfile
import zlib
from array import array
from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache
from operator import sub
from pathlib import Path
from pickle import dumps
from typing import Protocol

from whoosh import formats
from whoosh.codec.whoosh3 import (
    COMPRESSION_MIN_SIZE,
    WHOOSH3_HEADER_MAGIC,
    W3FieldWriter,
    W3PostingsWriter,
    W3TermInfo,
)
from whoosh.fields import FieldType
from whoosh.multiproc import MpWriter, SubWriterTask
from whoosh.system import emptybytes, pack_int, pack_ushort
from whoosh.util.numeric import byte_to_length, length_to_byte
from whoosh.writing import IndexingError, SegmentWriter

from analyzers import (
    WordCache,
    autocomplete_analyzer,
    spelling_analyzer,
    text_analyzer,
    word_key,
)
from analyzers.filters import route_key
from analyzers.normalize import icu_fold
from analyzers.tokenizers import word_spans
from indexer.batches import read_batches, write_batch
from indexer.passages import ANALYSED
from indexer.postings import PARTS, SCORED_FIELDS, SegmentParts

# -- analysis: one cache lookup per word ----------------------------------------------------

def _text_key(word: str) -> bytes | None:
    """What ``text_analyzer`` indexes for one word: its key, or None if it drops it."""
    key = word_key(word)
    return key.encode("utf-8") if key else None


def _prefixes(word: str) -> tuple[bytes, ...]:
    """What ``autocomplete_analyzer`` indexes for one word: the prefixes of its key."""
    key, stopped = route_key(icu_fold(word), True, False)
    if not key or stopped:
        return ()
    return tuple(key[:size].encode("utf-8")
                 for size in range(1, min(_AC_MAX, len(key)) + 1))


def _folded(word: str) -> bytes:
    """What ``spelling_analyzer`` indexes for one word: the word folded, nothing dropped."""
    return icu_fold(word).encode("utf-8")


_AC_MIN, _AC_MAX = 1, 24  # checked against the analyzer in _known_chains()
_TEXT_KEYS = WordCache(_text_key)
_KEY_BYTES = WordCache(str.encode)  # a key's UTF-8 bytes, what the index stores
_PREFIXES = WordCache(_prefixes)
_FOLDED = WordCache(_folded)
_WEIGHTS = tuple(float(n) for n in range(1024))  # shared weight objects for field_boost 1.0


def _weight(count: int, field_boost: float) -> float:
    """What Whoosh's formats give: one 1.0 boost per occurrence, summed, times the boost."""
    if field_boost == 1.0 and count < 1024:
        return _WEIGHTS[count]
    return float(count) * field_boost


# Most frequencies are small and most postings hold one position: their encodings repeat
# from document to document.
_pack_uint = lru_cache(maxsize=1024)(formats.pack_uint)
_ONE_POSITION = WordCache(lambda pos: formats.Positions().encode([pos]), limit=8192)


def _positions_value(fmt: formats.Positions, poslist: list[int]) -> bytes:
    if type(fmt) is not formats.Positions:
        return fmt.encode(poslist)
    if len(poslist) == 1:
        return _ONE_POSITION[poslist[0]]
    # Positions.encode: the count, then the pickled gaps (the first from 0)
    return _pack_uint(len(poslist)) + dumps(list(map(sub, poslist, [0, *poslist[:-1]])), 2)


def _frequencies(words: Iterable[bytes], fb: float) -> list[tuple[bytes, int, float, bytes]]:
    counts: dict[bytes, int] = {}
    for word in words:
        counts[word] = counts.get(word, 0) + 1
    return [(k, n, _weight(n, fb), _pack_uint(n)) for k, n in counts.items()]


def _keys(value: str) -> list[bytes | None]:
    """The key of each word of ``value`` (None for a word the analysis drops), what
    ``text_analyzer`` gives. Most texts were analysed moments ago as snippet passages, or
    joined from them (passages.ANALYSED); a field of several lines that is not is looked
    up line by line, since a line may be a passage (the glossary's; words never span a
    line end: ICU breaks there)."""
    analysed = ANALYSED.get(value)
    if analysed is None and "\n" in value:
        keys: list[bytes | None] = []
        for line in value.split("\n"):
            keys += _keys(line)
        return keys
    if analysed is None:
        text_keys = _TEXT_KEYS
        return [text_keys[value[start:end]] for start, end in word_spans(value)]
    key_bytes = _KEY_BYTES
    return [key_bytes[key] if key else None for key in analysed[0]]


def _text_postings(value: str, fmt: formats.Format) -> list[tuple[bytes, int, float, bytes]]:
    keys = _keys(value)
    if type(fmt) is formats.Frequency:
        return _frequencies((key for key in keys if key is not None), fmt.field_boost)
    # Positions: ScriptRouteFilter numbers the kept words from the first kept word's place
    # among all words, then one by one (a dropped stop word leaves no gap after that).
    poses: dict[bytes, list[int]] = {}
    pos = None
    for index, key in enumerate(keys):
        if key is None:
            continue
        if pos is None:
            pos = index
        found = poses.get(key)
        if found is None:
            poses[key] = [pos]
        else:
            found.append(pos)
        pos += 1
    fb = fmt.field_boost
    return [(k, len(p), _weight(len(p), fb), _positions_value(fmt, p))
            for k, p in poses.items()]


def _prefix_postings(value: str, fmt: formats.Format) -> list[tuple[bytes, int, float, bytes]]:
    prefixes = _PREFIXES
    return _frequencies((p for start, end in word_spans(value)
                         for p in prefixes[value[start:end]]), fmt.field_boost)


def _spelling_postings(value: str, fmt: formats.Format) -> list[tuple[bytes, int, float, bytes]]:
    folded = _FOLDED
    return _frequencies((folded[value[start:end]] for start, end in word_spans(value)),
                        fmt.field_boost)


_Postings = Callable[[str, formats.Format], list[tuple[bytes, int, float, bytes]]]
_CHAINS: list[tuple[object, tuple[type, ...], _Postings]] | None = None


def _known_chains() -> list[tuple[object, tuple[type, ...], _Postings]]:
    """(analyzer, formats, fast path): the chains this module reproduces word by word."""
    global _CHAINS
    if _CHAINS is None:
        ngrams = autocomplete_analyzer().items[-1]
        assert (ngrams.min, ngrams.max, ngrams.at) == (_AC_MIN, _AC_MAX, -1), ngrams
        _CHAINS = [
            (text_analyzer(), (formats.Positions, formats.Frequency), _text_postings),
            (autocomplete_analyzer(), (formats.Frequency,), _prefix_postings),
            (spelling_analyzer(), (formats.Frequency,), _spelling_postings),
        ]
    return _CHAINS


def fast_path(field: FieldType) -> _Postings | None:
    """The fast equivalent of ``field.index`` for string values, or None for Whoosh's own."""
    if type(field).index is not FieldType.index or field.vector:
        return None
    analyzer = getattr(field, "analyzer", None)
    for chain, kinds, postings in _known_chains():
        if type(field.format) in kinds and analyzer == chain:
            return postings
    return None


def field_postings(field: FieldType, value: object) -> list[tuple[bytes, int, float, bytes]]:
    """``list(field.index(value))``, by the fast path where there is one.

    >>> from indexer.schema import build_schema
    >>> field_postings(build_schema()["title"], "Fevers and fever")
    [(b'fever', 2, 2.0, b'\\x00\\x00\\x00\\x02\\x80\\x02]q\\x00(K\\x00K\\x01e.')]
    """
    postings = fast_path(field) if isinstance(value, str) else None
    if postings is None:
        return list(field.index(value))
    return postings(value, field.format)


# -- postings grouped by term --------------------------------------------------------------

# Bytes a posting and a term take in memory, for the spill budget: three list slots and
# their share of the list's spare room, and for about a third of the postings (several
# positions) a value of their own; a dict entry, a key and a list.
_POSTING_BYTES = 48
_TERM_BYTES = 250


class Inverter:
    """The postings of one segment by field and term, in document order.

    Each term holds one flat list, ``[docnum, weight, value, docnum, weight, value, ...]``:
    three list slots per posting and no object of its own (a posting's document number
    is the document's one int, weights and values are mostly shared objects). ``add()``
    takes one document's postings of one field. Past ``limit`` bytes (an estimate) the
    postings so far go to a run file, sorted by field and term; ``terms()`` merges the
    runs and what is left in memory, term by term.
    """

    def __init__(self, limit: int, tempdir: Path | None = None) -> None:
        self.limit = limit
        self.tempdir = tempdir
        self.fields: dict[str, dict[bytes, list]] = {}
        self.runs: list = []
        self.size = 0
        self.postings = 0

    def add(self, fieldname: str, docnum: int,
            items: list[tuple[bytes, int, float, bytes]]) -> None:
        terms = self.fields.get(fieldname)
        if terms is None:
            terms = self.fields[fieldname] = {}
        get = terms.get
        new = 0
        for tbytes, _, weight, vbytes in items:
            postings = get(tbytes)
            if postings is None:
                terms[tbytes] = [docnum, weight, vbytes]
                new += 1
            else:
                postings += (docnum, weight, vbytes)
        self.postings += len(items)
        self.size += new * _TERM_BYTES + len(items) * _POSTING_BYTES
        if self.size > self.limit:
            self.spill()

    def spill(self) -> None:
        """Write the postings held in memory to a run file, sorted by field and term."""
        if not self.fields:
            return
        # Closed by _read() once merged, or by close(): it lives past this method.
        run = tempfile.TemporaryFile(dir=self.tempdir, prefix="postings-", suffix=".run")  # noqa: SIM115
        batch: list[tuple[str, bytes, list]] = []
        slots = 0
        for record in self._sorted_memory():
            batch.append(record)
            slots += len(record[2])
            if slots >= _BATCH_SLOTS:
                write_batch(run, batch)
                batch, slots = [], 0
        if batch:
            write_batch(run, batch)
        run.seek(0)
        self.runs.append(run)
        self.fields = {}
        self.size = 0

    def _sorted_memory(self) -> Iterator[tuple[str, bytes, list]]:
        fields, self.fields = self.fields, {}
        for fieldname in sorted(fields):
            terms = fields.pop(fieldname)
            for tbytes in sorted(terms):
                yield fieldname, tbytes, terms[tbytes]

    @staticmethod
    def _read(run) -> Iterator[tuple[str, bytes, list]]:
        try:
            for batch in read_batches(run):
                yield from batch
        finally:
            run.close()

    def terms(self) -> Iterator[tuple[str, bytes, list]]:
        """(field, term, flat postings) in field and term order, each term once."""
        sources = [self._read(run) for run in self.runs] + [self._sorted_memory()]
        self.runs = []
        if len(sources) == 1:
            yield from sources[0]
            return
        current = None
        # heapq.merge breaks ties by source order: a term's postings from earlier runs
        # (earlier documents) come first.
        for fieldname, tbytes, postings in heapq.merge(*sources, key=_term_of):
            if current is not None and current[1] == tbytes and current[0] == fieldname:
                current[2].extend(postings)
                continue
            if current is not None:
                yield current
            current = (fieldname, tbytes, postings)
        if current is not None:
            yield current

    def close(self) -> None:
        for run in self.runs:
            run.close()
        self.runs = []
        self.fields = {}


# A run file is a sequence of batches (indexer.batches) of records, each batch a few MB.
_BATCH_SLOTS = 1 << 18   # list slots (three per posting) per batch


def _term_of(record: tuple[str, bytes, list]) -> tuple[str, bytes]:
    return record[0], record[1]


class _Block:
    """A written block's statistics, as ``W3TermInfo.add_block`` reads them from Whoosh's
    posting writer."""

    __slots__ = ("_ids", "_maxlength", "_maxweight", "_minlength", "_weights")

    def __init__(self, ids: list[int], weights: array, maxweight: float,
                 minlength: int | None, maxlength: int) -> None:
        self._ids, self._weights, self._maxweight = ids, weights, maxweight
        self._minlength, self._maxlength = minlength, maxlength

    def __len__(self) -> int:
        return len(self._ids)

    def min_id(self) -> int:
        return self._ids[0]

    def max_id(self) -> int:
        return self._ids[-1]

    def min_length(self) -> int | None:
        return self._minlength

    def max_length(self) -> int:
        return self._maxlength

    def max_weight(self) -> float:
        return self._maxweight


# How posting blocks are compressed. Whoosh's codec asks for zlib level 3 from 80 bytes
# up. Most blocks are small, and zlib's set-up, not the data, is then most of the time: a
# block under 256 bytes is left as it is (63% of the calls, 2% more bytes in all), and
# level 1 takes a quarter less time than 3 on the rest. Readers see the same data: each
# block says whether it is compressed, and any level decompresses alike.
ZLIB_LEVEL = 1
COMPRESS_FROM = max(256, COMPRESSION_MIN_SIZE)


def _write_term(fieldwriter, tbytes: bytes, docnums: list[int], weights: list[float],
                values: list[bytes], lengths: bytearray | None, value_size: int | None,
                startoffset: int) -> int:
    """One term's posting list and term info, the bytes ``W3FieldWriter`` writes for
    ``start_term``, one ``add`` per posting and ``finish_term`` (W3PostingsWriter's
    blocks: ``_write_block``, ``_mini_*``), with one call per block instead of several
    per posting. ``startoffset`` is where the postings file stands (nothing else writes
    to it meanwhile, so no ``tell()``, a system call, per term); returns where it ends."""
    postwriter = fieldwriter._postwriter
    postfile = fieldwriter._postfile
    limit, level = postwriter._blocklimit, min(postwriter._compression, ZLIB_LEVEL)
    terminfo = W3TermInfo()
    chunks = [WHOOSH3_HEADER_MAGIC]
    count = len(docnums)
    for start in range(0, count, limit):
        end = min(count, start + limit)
        if count <= limit:   # most lists are one block
            ids, block_values, top = docnums, values, max(weights)
            block_weights = array("f", weights)  # stored as 32-bit floats
        else:
            ids, block_values = docnums[start:end], values[start:end]
            top = max(weights[start:end])
            block_weights = array("f", weights[start:end])
        maxweight = top if top > 0 else 0   # max(0, *weights), as Whoosh's writer has it
        minlength, maxlength = None, 0
        if lengths is not None:
            known = bytes(map(lengths.__getitem__, ids))
            if 0 in known:
                known = known.replace(b"\0", b"")
            if known:
                minlength, maxlength = byte_to_length(min(known)), byte_to_length(max(known))
        terminfo.add_block(_Block(ids, block_weights, maxweight, minlength, maxlength))
        kept = [v for v in block_values if v]
        if value_size is None or value_size < 0:
            minivalues = tuple(kept)
        elif value_size == 0:
            minivalues = None
        else:
            minivalues = emptybytes.join(kept)
        size = end - start
        if block_weights.count(1.0) == size:
            miniweights = None
        elif block_weights.count(block_weights[0]) == size:
            miniweights = block_weights[0]
        else:
            miniweights = tuple(block_weights)
        # delta_encode, in C: each id minus the one before it (the first minus 0)
        gaps = tuple(map(sub, ids, [0, *ids[:-1]]))
        databytes = dumps((gaps, miniweights, minivalues), 2)
        comp = level if len(databytes) >= COMPRESS_FROM else 0
        if comp:
            databytes = zlib.compress(databytes, comp)
        infobytes = dumps((len(ids), ids[-1], maxweight, comp, length_to_byte(minlength),
                           length_to_byte(maxlength)), 2)
        blocklength = len(infobytes) + len(databytes)
        chunks += [pack_int(-blocklength if end == count else blocklength), infobytes,
                   databytes]
    data = emptybytes.join(chunks)
    postfile.write(data)
    terminfo.set_extent(startoffset, len(data))
    fieldwriter._tindex.add(pack_ushort(fieldwriter._fieldid) + tbytes, terminfo.to_bytes())
    return startoffset + len(data)


# -- the writers ---------------------------------------------------------------------------

class Notes(Protocol):
    """Something told each added document's fields while the writer has them (the
    duplicate finder's notes: ``indexer.duplicates.TopicNotes``), closed with the segment."""

    def add(self, fields: dict) -> None: ...

    def close(self) -> None: ...


GC_THRESHOLD = 50_000  # new objects between passes of the youngest generation while writing


class FastSegmentWriter(SegmentWriter):
    """Whoosh's ``SegmentWriter`` for a new segment of new documents, faster.

    Only adding documents is supported (what a full build does): merging other segments
    into this one (``add_reader``) raises, so does ``update_document`` through it.
    """

    def __init__(self, ix, limitmb: int = 128,
                 prepare: Callable[[object], dict] | None = None,
                 notes: Callable[[Path], Notes] | None = None, **kwargs) -> None:
        super().__init__(ix, limitmb=limitmb, **kwargs)
        self.prepare = prepare
        folder = getattr(self.storage, "folder", None)
        self.inverter = Inverter(limitmb * 1024 * 1024, Path(folder) if folder else None)
        # Told each document's fields as it is added, written with the segment's parts.
        self.notes = notes(self._parts_folder()) if notes and folder else None
        # field -> length byte of each document, as the length column stores it
        self.lengths: dict[str, bytearray] = {}
        self._fast: dict[str, _Postings | None] = {}
        # Each document leaves thousands of short-lived objects (postings, word lists); the
        # cyclic collector's default (a pass every 700 new objects) kept walking them and
        # the growing posting lists: 15% of add_document. Fewer, larger passes until the
        # segment is written.
        self._gc_threshold = gc.get_threshold()
        gc.set_threshold(GC_THRESHOLD, *self._gc_threshold[1:])

    def add_reader(self, reader) -> None:
        raise NotImplementedError("FastSegmentWriter only writes new documents")

    def add_item(self, item: object) -> None:
        """Add the document ``prepare(item)`` gives (see FastMpWriter.add_item)."""
        self.add_document(**self.prepare(item))

    def add_document(self, **fields) -> None:
        # SegmentWriter.add_document, with field_postings() for field.index() and the
        # inverter for the posting pool.
        self._check_state()
        perdocwriter = self.perdocwriter
        schema = self.schema
        docnum = self.docnum
        inverter = self.inverter

        docboost = self._doc_boost(fields)
        fieldnames = sorted([name for name in fields if not name.startswith("_")])
        self._check_fields(schema, fieldnames)

        perdocwriter.start_doc(docnum)
        try:
            for fieldname in fieldnames:
                value = fields.get(fieldname)
                if value is None:
                    continue
                field = schema[fieldname]

                length = 0
                if field.indexed:
                    fieldboost = self._field_boost(fields, fieldname, docboost)
                    items = self._postings(fieldname, field, value)
                    if fieldboost != 1.0:
                        items = [(t, f, w * fieldboost, v) for t, f, w, v in items]
                    if field.scorable:
                        length = sum(f for _, f, _, _ in items)
                    if items:
                        inverter.add(fieldname, docnum, items)
                    if length:
                        self._record_length(fieldname, docnum, length)

                if field.separate_spelling() or field.vector:
                    raise IndexingError(f"{fieldname}: spelling or vector fields are not "
                                        f"supported by FastSegmentWriter")

                customval = fields.get(f"_stored_{fieldname}", value)
                sv = customval if field.stored else None
                perdocwriter.add_field(fieldname, field, sv, length)

                column = field.column_type
                if column and customval is not None:
                    cv = field.to_column_value(customval)
                    perdocwriter.add_column_value(fieldname, column, cv)
        except ValueError:
            perdocwriter.cancel_doc()
            raise

        perdocwriter.finish_doc()
        self._added = True
        self.docnum += 1
        if self.notes is not None:
            self.notes.add(fields)

    def _postings(self, fieldname: str, field: FieldType, value: object) -> list:
        if fieldname not in self._fast:
            self._fast[fieldname] = fast_path(field)
        postings = self._fast[fieldname]
        if postings is None or not isinstance(value, str):
            return list(field.index(value))
        return postings(value, field.format)

    def _record_length(self, fieldname: str, docnum: int, length: int) -> None:
        lengths = self.lengths.get(fieldname)
        if lengths is None:
            lengths = self.lengths[fieldname] = bytearray()
        if len(lengths) <= docnum:
            lengths.extend(bytes(docnum + 1024 - len(lengths)))
        lengths[docnum] = length_to_byte(length)

    def _flush_segment(self) -> None:
        self.perdocwriter.close()
        if self.notes is not None:
            self.notes.close()
        self._write_postings()
        self.fieldwriter.close()

    def _parts_folder(self) -> Path:
        return Path(self.storage.folder) / PARTS / self.get_segment().segment_id()

    def _ranking_parts(self) -> SegmentParts | None:
        if not getattr(self.storage, "folder", None):
            return None
        return SegmentParts(self._parts_folder(),
                            {name: self.schema[name].format for name in SCORED_FIELDS})

    def _write_postings(self) -> None:
        fieldwriter = self.fieldwriter
        with_lengths = bool(self.codec.length_stats)
        lastfield = None
        # The ranking data's lists of this segment, while they are at hand (indexer.postings
        # would otherwise decode them again from the blocks written here).
        parts = self._ranking_parts()
        ranked = set(SCORED_FIELDS) if parts is not None else set()
        for fieldname, tbytes, postings in self.inverter.terms():
            if fieldname != lastfield:
                if lastfield is not None:
                    fieldwriter.finish_field()
                fieldwriter.start_field(fieldname, self.schema[fieldname])
                lastfield = fieldname
                postwriter = fieldwriter._postwriter
                # Whoosh's own writer classes as this module knows them (inlined postings
                # off); anything else is given the postings one by one.
                fused = (type(fieldwriter) is W3FieldWriter
                         and type(postwriter) is W3PostingsWriter
                         and postwriter._inlinelimit <= 1 and not postwriter._byteids)
                value_size = self.schema[fieldname].format.fixed_value_size()
                offset = fieldwriter._postfile.tell()
                lengths = self.lengths.get(fieldname, bytearray()) if with_lengths else None
                if lengths is not None and len(lengths) < self.docnum:
                    lengths.extend(bytes(self.docnum - len(lengths)))
            docnums, weights, values = postings[0::3], postings[1::3], postings[2::3]
            if fieldname in ranked:
                parts.add(fieldname, tbytes, docnums, weights, values)
            if fused:
                offset = _write_term(fieldwriter, tbytes, docnums, weights, values, lengths,
                                     value_size, offset)
                continue
            fieldwriter.start_term(tbytes)
            for i in range(0, len(postings), 3):
                docnum, weight, vbytes = postings[i:i + 3]
                length = byte_to_length(lengths[docnum]) if lengths and lengths[docnum] \
                    else None
                fieldwriter.add(docnum, weight, vbytes or emptybytes, length)
            fieldwriter.finish_term()
        if lastfield is not None:
            fieldwriter.finish_field()
        if parts is not None:
            parts.close()

    def _close_segment(self) -> None:
        self.inverter.close()
        if self.notes is not None:
            self.notes.close()
        gc.set_threshold(*self._gc_threshold)
        super()._close_segment()


class _FastSubWriterTask(SubWriterTask):
    """Whoosh's sub-writer process, writing its own segment with a FastSegmentWriter, and
    making the fields of the items it is sent (``FastMpWriter.add_item``) itself."""

    def __init__(self, *args, prepare: Callable[[object], dict] | None = None,
                 notes: Callable[[Path], Notes] | None = None) -> None:
        super().__init__(*args)
        self.prepare = prepare
        self.notes = notes

    def run(self) -> None:
        # SubWriterTask.run with multisegment on and FastSegmentWriter for SegmentWriter.
        ix = self.storage.open_index(self.indexname)
        writer = self.writer = FastSegmentWriter(ix, _lk=False, notes=self.notes,
                                                 **self.kwargs)
        while self.running:
            jobinfo = self.jobqueue.get()
            if jobinfo is None:
                break
            self._process_file(*jobinfo)
        if not self.running:
            writer.cancel()
        else:
            segment = writer._finalize_segment()
            self.resultqueue.put((None, writer.pool.fieldnames, segment), timeout=5)

    def _process_file(self, filename, doc_count) -> None:
        # SubWriterTask._process_file, with code 1: an item to make the fields of here.
        writer = self.writer
        tempstorage = writer.temp_storage()
        load = pickle.load
        with tempstorage.open_file(filename).raw_file() as f:
            for _ in range(doc_count):
                code, args = load(f)
                if code == _ITEM:
                    writer.add_document(**self.prepare(args))
                else:
                    assert code == 0
                    writer.add_document(**args)
        tempstorage.delete_file(filename)


_ITEM = 1   # a job file entry to prepare in the sub-writer (Whoosh's own code 0: fields)


class FastMpWriter(MpWriter):
    """Whoosh's ``MpWriter``, each process writing its own segment with FastSegmentWriter.

    ``prepare`` turns an item into a document's fields (``indexer.schema.document``): with
    :meth:`add_item` that work is done by the writing processes, not the one feeding them.
    """

    def __init__(self, ix, procs: int, batchsize: int = 256,
                 prepare: Callable[[object], dict] | None = None,
                 notes: Callable[[Path], Notes] | None = None, **kwargs) -> None:
        super().__init__(ix, procs=procs, batchsize=batchsize, multisegment=True, **kwargs)
        self.prepare = prepare
        self.notes = notes

    def _new_task(self):
        task = _FastSubWriterTask(self.storage, self.indexname, self.jobqueue,
                                  self.resultqueue, self.subargs, True, prepare=self.prepare,
                                  notes=self.notes)
        self.tasks.append(task)
        task.start()
        return task

    def add_item(self, item: object) -> None:
        """Add the document ``prepare(item)`` gives, made in a writing process."""
        self.docbuffer.append((_ITEM, item))
        self._added_sub = True
        if not self._grouping and len(self.docbuffer) >= self.batchsize:
            self._enqueue()


def full_build_writer(ix, *, procs: int = 1, limitmb: int = 128,
                      prepare: Callable[[object], dict] | None = None,
                      notes: Callable[[Path], Notes] | None = None) -> SegmentWriter:
    """A writer for filling an empty index: one FastSegmentWriter, or ``procs`` of them in
    their own processes (one segment each). Either takes ``add_item(item)``, the document
    ``prepare(item)`` gives, as well as ``add_document``. ``notes(folder)``, if given, makes
    each segment's :class:`Notes`, in its ranking parts' folder."""
    if procs > 1:
        return FastMpWriter(ix, procs=procs, limitmb=limitmb, prepare=prepare, notes=notes)
    return FastSegmentWriter(ix, limitmb=limitmb, prepare=prepare, notes=notes)
