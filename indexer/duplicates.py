"""Which topics does the library have twice? Candidate pairs, best first, with the evidence.

Three kinds of evidence, each found without comparing every pair of articles:

- **names**: every title and other name is reduced to its analysed key sequence
  (``indexer.schema.name_key``: case, plurals and stop words folded). Articles that share a
  key are grouped through a dictionary: the same title, a title that is another article's
  also-known-as name (*Leptomeningeal Cancer* / *Cerebrospinal Fluid Cancer*, both
  *leptomeningeal carcinomatosis*), or a shared other name.
- **near-same titles**: titles that share their rarer words (looked up through an inverted
  index of title words) and differ by at most a word or two: *Cranial Nerve
  Neurosarcoidosis* / *Cranial Neurosarcoidosis*. Titles that differ only by a number
  (*type 1* / *type 2*) are different topics and are left out.
- **near-duplicate text**: sentences the site repeats on many pages (boilerplate) are dropped
  first; each article's remaining distinctive words are summarised by a MinHash, and locality
  sensitive hashing (datasketch) proposes the pairs worth comparing, whose tf-idf cosine is
  then computed exactly.

The pair's score combines its evidence as independent signals (1 - Π(1 - strength)), so two
weak signals together outrank one of them alone.

Exact copies (the same title, library, other names and text: :func:`copy_key`) are compared
as one article, and each copy is listed once, paired with the group's first copy ("copy"
evidence): a library holding a topic n times gets n - 1 pairs for it, where comparing every
copy gave n(n-1)/2 and paired every copy with every match of the others.

Finding reads every article (7 s of CPU for 5,483), far too slow for a web request, so the reindex
job does it once per index version, before the switch (:func:`store`): the version folder
holds its candidate pairs (ids, titles, libraries, scores, evidence; no article text), and
the editors' page and ``rxsearch duplicates`` read them back (:func:`load`). Decisions
editors record (not a duplicate, merge planned) live in ``search_app.editorial.store`` and
are applied when the pairs are listed, since they change without a reindex.
"""

from __future__ import annotations

import hashlib
import json
import logging
import math
import multiprocessing as mp
import os
import re
import time
from array import array
from bisect import bisect_left
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path

from whoosh import index
from whoosh.filedb.filestore import FileStorage
from whoosh.searching import Searcher

from analyzers import word_key, word_spans
from indexer import versions
from indexer.batches import read_batches, write_batch
from indexer.passages import ANALYSED
from indexer.schema import name_key

log = logging.getLogger(__name__)

SAME_TITLE = 0.9
TITLE_IS_OTHER_NAME = 0.85
SHARED_OTHER_NAME = 0.7
NEAR_TITLE = 0.75             # times the share of title words in common
MAX_NAME_GROUP = 30           # a "name" shared by more articles is a category, not a topic
TITLE_WORD_MAX_DOCS = 50      # title words this common ("syndrome") do not propose pairs
BOILERPLATE_MIN_DOCS = 5      # a sentence on this many pages (and 0.5% of them) is site text
COMMON_WORD_SHARE = 0.05      # words in more than 5% of articles say little about the topic
MIN_DISTINCT_WORDS = 8        # shorter texts are not compared as bodies
LSH_THRESHOLD = 0.3
MIN_TEXT_COSINE = 0.45
PERMUTATIONS = 64
_SENTENCE = re.compile(r"((?<=[.!?।])\s+|\n+)")   # split() keeps the separators
_NUMBERISH = re.compile(r"^(\d+|[ivx]+|[a-z])$")


@dataclass(frozen=True, slots=True)
class Doc:
    """An article as the finder compares it (and the pair page shows it)."""

    id: str
    title: str
    library: str
    names: tuple[str, ...]          # other names (also known as)
    text: str                       # summary and sections


@dataclass(frozen=True, slots=True)
class Evidence:
    """One reason to think two articles are one topic."""

    kind: str        # "same-title", "title-is-other-name", "shared-other-name",
    #                  "near-title", "text", "copy" (an exact copy, see find_duplicates)
    strength: float
    detail: str      # a sentence an editor can check


@dataclass(frozen=True, slots=True)
class Topic:
    """One side of a pair: which article, without its text (what a version folder keeps)."""

    id: str
    title: str
    library: str


@dataclass(frozen=True, slots=True)
class Pair:
    """A candidate pair: two articles, a score from 0 to 1, the evidence strongest first."""

    a: Topic         # the lower id of the two
    b: Topic
    score: float
    evidence: tuple[Evidence, ...]

    @property
    def key(self) -> tuple[str, str]:
        return pair_key(self.a.id, self.b.id)

    @property
    def cross_library(self) -> bool:
        return self.a.library != self.b.library

    def explanation(self) -> str:
        return "; ".join(e.detail for e in self.evidence)

    def to_dict(self) -> dict:
        return {"a": {"id": self.a.id, "title": self.a.title, "library": self.a.library},
                "b": {"id": self.b.id, "title": self.b.title, "library": self.b.library},
                "score": round(self.score, 3), "cross_library": self.cross_library,
                "evidence": [{"kind": e.kind, "strength": round(e.strength, 3),
                              "detail": e.detail} for e in self.evidence]}


def pair_key(a: str, b: str) -> tuple[str, str]:
    return (a, b) if a <= b else (b, a)


def docs_from_index(searcher: Searcher) -> list[Doc]:
    """Every live article of the index, with the text the finder compares."""
    return [_doc(stored) for stored in searcher.all_stored_fields()]


def doc_of(searcher: Searcher, article_id: str) -> Doc | None:
    """One article of the index as the finder read it (the pair page compares two)."""
    stored = searcher.document(id=article_id)
    return _doc(stored) if stored is not None else None


def _text_parts(stored: Mapping) -> list[str]:
    """The texts the finder compares of an article, its summary and sections: ``Doc.text``
    joins them with line ends."""
    return [stored.get("summary", ""),
            *(section.get("text", "") for section in stored.get("sections") or [])]


def _doc(stored: Mapping) -> Doc:
    summary, *sections = _text_parts(stored)
    return Doc(stored["id"], stored["title"], stored["library"],
               tuple(stored.get("also_known_as") or []), summary + "\n" + "\n".join(sections))


class _Pairs:
    def __init__(self) -> None:
        self.evidence: dict[tuple[int, int], list[Evidence]] = defaultdict(list)
        # One object per distinct piece of evidence: a library that holds a topic n times
        # has n(n-1)/2 pairs saying the same thing (1.3 million pairs at 100k in the bench).
        self.shared: dict[Evidence, Evidence] = {}

    def add(self, i: int, j: int, evidence: Evidence) -> None:
        if i != j:
            evidence = self.shared.setdefault(evidence, evidence)
            key = (i, j) if i < j else (j, i)
            if all(e.kind != evidence.kind for e in self.evidence[key]):
                self.evidence[key].append(evidence)


def _name_evidence(docs: list[Doc], pairs: _Pairs) -> None:
    titles: dict[str, list[int]] = defaultdict(list)
    others: dict[str, list[int]] = defaultdict(list)
    for i, doc in enumerate(docs):
        key = name_key(doc.title)
        if key:
            titles[key].append(i)
        for name in doc.names:
            if name_key(name):
                others[name_key(name)].append(i)
    for key, group in titles.items():
        if 1 < len(group) <= MAX_NAME_GROUP:
            for i, j in combinations(group, 2):
                pairs.add(i, j, Evidence("same-title", SAME_TITLE,
                                         f"same title after normalisation: “{docs[i].title}”"))
        for j in others.get(key, ()):
            if len(others[key]) <= MAX_NAME_GROUP:
                for i in group:
                    pairs.add(i, j, Evidence(
                        "title-is-other-name", TITLE_IS_OTHER_NAME,
                        f"“{docs[i].title}” is also a name of “{docs[j].title}”"))
    for key, group in others.items():
        if 1 < len(set(group)) <= MAX_NAME_GROUP:
            name = next(n for n in docs[group[0]].names if name_key(n) == key)
            for i, j in combinations(sorted(set(group)), 2):
                pairs.add(i, j, Evidence("shared-other-name", SHARED_OTHER_NAME,
                                         f"both are also known as “{name}”"))


def _near_title_evidence(docs: list[Doc], pairs: _Pairs) -> None:
    words = [frozenset(name_key(d.title).split()) for d in docs]
    postings: dict[str, list[int]] = defaultdict(list)
    for i, title_words in enumerate(words):
        for word in title_words:
            postings[word].append(i)
    seen: set[tuple[int, int]] = set()
    for word, group in postings.items():
        if len(group) > TITLE_WORD_MAX_DOCS or _NUMBERISH.match(word):
            continue
        for i, j in combinations(group, 2):
            if (i, j) in seen:
                continue
            seen.add((i, j))
            a, b = words[i], words[j]
            if a == b or min(len(a), len(b)) < 2:
                continue  # equal titles are "same-title"; one-word titles prove little
            differ = a ^ b
            if all(_NUMBERISH.match(w) for w in differ):
                continue  # "type 1" and "type 2" are different topics
            shared = len(a & b) / len(a | b)
            if shared >= 0.6 and len(differ) <= 2:
                pairs.add(i, j, Evidence(
                    "near-title", NEAR_TITLE * shared,
                    f"near-same titles ({len(a & b)} of {len(a | b)} words in common)"))


def _sentence_spans(text: str) -> list[tuple[int, int, str]]:
    """(start, end, the sentence with its spacing and case folded) of each sentence of
    ``text`` worth comparing: those over 20 characters."""
    pieces = _SENTENCE.split(text)   # sentence, separator, sentence, ..., sentence
    found = []
    start = 0
    for n in range(0, len(pieces), 2):
        end = start + len(pieces[n])
        sentence = " ".join(pieces[n].split()).casefold()
        if len(sentence) > 20:
            found.append((start, end, sentence))
        if n + 1 < len(pieces):
            start = end + len(pieces[n + 1])
    return found


def _sentences(text: str) -> Iterator[str]:
    return (sentence for _, _, sentence in _sentence_spans(text))


def sentence_words(text: str, words: tuple[list[str], list[tuple[int, int]]] | None = None
                   ) -> list[tuple[bytes, list[str]]]:
    """Each sentence of ``text`` the finder compares, as its digest and the keys of its
    words, "" for a word the analysis drops. ``words``: the text's words when analysed
    already, their keys and (start, end), as ``indexer.passages.ANALYSED`` holds them.

    >>> text = "Fever is common in children. Too short.\\nColds are caused by viruses."
    >>> [(len(digest), words) for digest, words in sentence_words(text)]
    [(8, ['fever', '', 'common', '', 'children']), (8, ['cold', '', 'caus', '', 'virus'])]
    """
    if words is None:
        spans = word_spans(text)
        found = [word_key(text[start:end]) for start, end in spans]
    else:
        found, spans = words
    sentences = []
    at = 0
    for start, end, sentence in _sentence_spans(text):
        # Words never hold a space, so none crosses a sentence's end.
        at = bisect_left(spans, (start,), at)
        stop = bisect_left(spans, (end,), at)
        sentences.append((_digest(sentence), found[at:stop]))
        at = stop
    return sentences


def _digest(sentence: str) -> bytes:
    # Sentences are counted by a digest, not kept whole (at 100k articles the library's
    # text would be held again), and a stable one: worker processes count them too.
    return hashlib.blake2b(sentence.encode(), digest_size=8).digest()


def _sentence_docs(texts: Iterable[str]) -> Counter[bytes]:
    """How many of the texts hold each sentence (by digest)."""
    return Counter(h for text in texts for h in {_digest(s) for s in _sentences(text)})


# One article's words: its keys in first-seen order, and how often each occurs.
WordCounts = tuple[tuple[str, ...], tuple[int, ...]]


def _word_counts(texts: Iterable[str], boilerplate: frozenset[bytes]) -> list[WordCounts]:
    """The word keys of each text, boilerplate sentences left out."""
    found = []
    for text in texts:
        counts: Counter[str] = Counter()
        for digest, words in sentence_words(text):
            if digest not in boilerplate:
                counts.update(words)
        counts.pop("", None)   # the words the analysis drops
        found.append((tuple(counts), tuple(counts.values())))
    return found


def _boilerplate(sentence_docs: Counter[bytes], articles: int) -> frozenset[bytes]:
    at = max(BOILERPLATE_MIN_DOCS, math.ceil(articles * 0.005))
    return frozenset(h for h, n in sentence_docs.items() if n >= at)


def _text_evidence(docs: list[Doc], pairs: _Pairs,
                   counts: list[WordCounts] | None = None) -> None:
    if counts is None:
        boilerplate = _boilerplate(_sentence_docs(d.text for d in docs), len(docs))
        counts = _word_counts((d.text for d in docs), boilerplate)
    # Keys as numbers and vectors as arrays: at 100k articles a dict per article took GBs.
    vocabulary: dict[str, int] = {}
    numbered = [array("I", [vocabulary.setdefault(k, len(vocabulary)) for k in words])
                for words, _ in counts]
    doc_freq = array("I", [0]) * len(vocabulary)
    for ids in numbered:
        for k in ids:
            doc_freq[k] += 1
    articles = len(docs)
    too_common = max(2.0, articles * COMMON_WORD_SHARE)
    # Each word's idf and each count's log once, not once per article: the same floats.
    idf = [math.log(articles / df) if 1 < df <= too_common else None for df in doc_freq]
    tf = [0.0, *(1 + math.log(n) for n in range(1, 1 + max((max(ns, default=0)
                                                                for _, ns in counts),
                                                               default=0)))]
    vectors: list[tuple[array, array]] = []
    for ids, (_, ns) in zip(numbered, counts, strict=True):
        kept = [(k, tf[n] * idf[k]) for k, n in zip(ids, ns, strict=True)
                if idf[k] is not None]
        norm = math.sqrt(sum(v * v for _, v in kept)) or 1.0
        vectors.append((array("I", [k for k, _ in kept]), array("d", [v / norm for _, v in kept])))
    del numbered, counts
    usable = [i for i, (ids, _) in enumerate(vectors) if len(ids) >= MIN_DISTINCT_WORDS]
    if len(usable) < 2:
        return
    # Imported here: datasketch brings scipy (0.3 s), and every search command and web
    # worker imports this module for the stored pairs without ever finding any.
    from datasketch import MinHash, MinHashLSH
    from datasketch.hashfunc import sha1_hash32

    # Each word hashed once (datasketch's own sha1_hash32, so the same MinHashes), not
    # once per article that has it.
    key_hash = [sha1_hash32(k.encode()) for k in vocabulary]
    hashes = MinHash.bulk((vectors[i][0].tolist() for i in usable), num_perm=PERMUTATIONS,
                          seed=7, hashfunc=key_hash.__getitem__)
    lsh = MinHashLSH(threshold=LSH_THRESHOLD, num_perm=PERMUTATIONS)
    for i, minhash in zip(usable, hashes, strict=True):
        lsh.insert(i, minhash, check_duplication=False)
    for i, minhash in zip(usable, hashes, strict=True):
        for j in lsh.query(minhash):
            if j <= i:
                continue
            # The shorter vector's words looked up in the longer one's (i's when equal).
            small, large = (vectors[j], vectors[i]) if len(vectors[j][0]) < len(vectors[i][0]) \
                else (vectors[i], vectors[j])
            weights = dict(zip(*large, strict=True))
            cosine = sum(v * weights.get(k, 0.0) for k, v in zip(*small, strict=True))
            if cosine >= MIN_TEXT_COSINE:
                pairs.add(i, j, Evidence(
                    "text", min(1.0, cosine),
                    f"texts alike: {cosine:.0%} tf-idf cosine, site boilerplate left out"))


def copy_key(doc: Doc) -> bytes:
    """A digest of what the finder compares of an article (title, library, other names and
    text, spacing ignored): articles with the same key are exact copies of each other."""
    digest = hashlib.blake2b(digest_size=16)
    for part in (doc.title, doc.library, *doc.names, "\x1e", " ".join(doc.text.split())):
        digest.update(part.encode("utf-8", "surrogatepass"))
        digest.update(b"\x1f")
    return digest.digest()


def find_duplicates(docs: Iterable[Doc], *, min_score: float = 0.0,
                    word_counts: list[WordCounts] | None = None,
                    copy_keys: list[bytes] | None = None) -> list[Pair]:
    """Candidate duplicate pairs, best first (the reindex job keeps them all: score 0 up).

    Exact copies (same :func:`copy_key`) are compared once: the group's article with the
    lowest id stands for it in every comparison, and each other copy is paired with that
    one alone ("copy" evidence), not with every copy and every match of the group: a
    library holding a topic n times gets n - 1 pairs for it, not n(n-1)/2, and the words
    of the library (idf, boilerplate) are counted over distinct articles.

    ``word_counts``: the docs' words as :func:`_word_counts` gives them, when already
    counted (by :func:`store`, in worker processes; copies may share one object);
    ``copy_keys``: the docs' copy keys when their text is not in ``Doc.text``.
    """
    docs = list(docs)
    if copy_keys is None:
        copy_keys = [copy_key(d) for d in docs]
    first: dict[bytes, int] = {}
    for i in sorted(range(len(docs)), key=lambda i: docs[i].id):
        first.setdefault(copy_keys[i], i)
    kept = [i for i in range(len(docs)) if first[copy_keys[i]] == i]  # in the docs' order
    pairs = _Pairs()
    distinct = [docs[i] for i in kept]
    _name_evidence(distinct, pairs)
    _near_title_evidence(distinct, pairs)
    _text_evidence(distinct, pairs,
                   None if word_counts is None else [word_counts[i] for i in kept])
    found = []
    topics: dict[int, Topic] = {}

    def topic(i: int) -> Topic:
        return topics.get(i) or topics.setdefault(i, _topic(docs[i]))

    for (i, j), evidence in pairs.evidence.items():
        i, j = kept[i], kept[j]
        if docs[j].id < docs[i].id:
            i, j = j, i
        score = 1 - math.prod(1 - e.strength for e in evidence)
        if score >= min_score:
            ordered = tuple(sorted(evidence, key=lambda e: -e.strength))
            found.append(Pair(topic(i), topic(j), score, ordered))
    del pairs
    found += _copy_pairs(docs, copy_keys, first, topic)
    return sorted(found, key=lambda p: (-p.score, p.a.id, p.b.id))


def _copy_pairs(docs: list[Doc], copy_keys: list[bytes], first: dict[bytes, int],
                topic) -> list[Pair]:
    """Each copy paired with its group's first article (the lowest id), score 1."""
    sizes = Counter(copy_keys)
    evidence: dict[bytes, tuple[Evidence, ...]] = {}  # one object per group
    found = []
    for i, key in enumerate(copy_keys):
        group = first[key]
        if group == i:
            continue
        shown = evidence.get(key)
        if shown is None:
            shown = evidence[key] = (Evidence(
                "copy", 1.0, f"exact copy of “{docs[group].title}”: same title, names and "
                f"text ({sizes[key]} copies in the library, each paired with "
                f"{docs[group].id} only)"),)
        found.append(Pair(topic(group), topic(i), 1.0, shown))
    return found


def _topic(doc: Doc) -> Topic:
    return Topic(doc.id, doc.title, doc.library)


# -- stored with each index version ------------------------------------------------------

FORMAT = 1  # of the stored pairs; a file in another format is read as missing


class PairsMissingError(LookupError):
    """The index version holds no candidate pairs: it was built before they were stored."""


@dataclass(frozen=True, slots=True)
class Candidates:
    """The candidate pairs the reindex job found in one index version, best first."""

    pairs: tuple[Pair, ...]
    articles: int        # how many articles were compared
    seconds: float       # how long finding them took

    def select(self, *, library: str | None = None, min_score: float = 0.0) -> list[Pair]:
        """The pairs scoring ``min_score`` or more; with ``library``, those involving it."""
        return [p for p in self.pairs if p.score >= min_score
                and (library is None or library in (p.a.library, p.b.library))]

    def pair(self, a: str, b: str) -> Pair | None:
        """The candidate pair of articles ``a`` and ``b`` (in either order), if it is one."""
        key = pair_key(a, b)
        return next((p for p in self.pairs if p.key == key), None)


# Below this many articles the words are counted in the job's own process: starting
# workers costs more than it saves.
PARALLEL_FROM = 2_000


def store(version_dir: Path, procs: int | None = None) -> Candidates:
    """Find the candidate pairs of the index in ``version_dir`` and write them beside it.

    The reindex job calls this before it makes the version live, so a version goes live
    with its pairs or not at all. What the finder needs of each article comes from the
    notes its writer made while indexing it (:class:`TopicNotes`) when every segment has
    them; otherwise (an incremental run) from the stored articles, each analysed again.
    That work is shared by ``procs`` processes (default: up to 2; one per noted segment),
    so the job never holds the library's text; an exact copy of an article already read is
    not analysed again.
    """
    started = time.monotonic()
    with index.open_dir(str(version_dir)).reader() as reader:
        docnums = list(reader.all_doc_ids())
        noted = _noted_segments(reader, version_dir)
    procs = procs or min(2, os.cpu_count() or 1)
    if len(docnums) < PARALLEL_FROM:
        procs = 1
    if noted is not None:
        docs, keys, counts = _read_in_workers(str(version_dir), [str(p) for p in noted],
                                              procs > 1)
        for path in noted:   # derived data of this job only: up to 3 KB an article
            path.unlink()
        if len(docs) != len(docnums):   # never seen; the articles are read instead
            log.warning("the writers noted %d articles for the duplicate finder, the index "
                        "holds %d: reading them from the index", len(docs), len(docnums))
            noted = None
    if noted is None:
        size = -(-len(docnums) // procs) or 1
        parts = [docnums[i:i + size] for i in range(0, len(docnums), size)] or [[]]
        docs, keys, counts = _read_in_workers(str(version_dir), list(parts), procs > 1)
    found = Candidates(tuple(find_duplicates(docs, word_counts=counts, copy_keys=keys)),
                       len(docs), time.monotonic() - started)
    del counts
    versions.write_duplicates(version_dir, _json_chunks(found))
    return found


NOTES = "duplicate-finder.notes"   # in each segment's parts folder (versions.PARTS)


def _noted_segments(reader, version_dir: Path) -> list[Path] | None:
    """Each segment's notes, in document order, if every segment has notes and no article
    was deleted since (a full build); else None."""
    if reader.has_deletions():
        return None
    found = []
    for leaf, _ in reader.leaf_readers():
        segment = leaf.segment()
        path = version_dir / versions.PARTS / segment.segment_id() / NOTES \
            if segment is not None else None
        if path is None or not path.is_file():
            return None
        found.append(path)
    return found


class _Numbering(dict):
    """word -> its number, the next one for a word not seen before."""

    def __missing__(self, word: str) -> int:
        number = self[word] = len(self)
        return number


class _Share:
    """One process's share of the articles: the light fields and copy key of each, and for
    each distinct content (copy key) the digests of its sentences and the keys of each
    sentence (as numbers into ``words``), kept until the boilerplate sentences are known.

    Made from a segment's notes (:meth:`load`) or by reading stored articles (:meth:`read`).
    """

    def __init__(self) -> None:
        self.docs: list[Doc] = []
        self.keys: list[bytes] = []
        self.sentences: dict[bytes, tuple[bytes, array, array]] = {}
        self.words: list[str] = []

    @classmethod
    def read(cls, version_dir: str, docnums: list[int]) -> _Share:
        share = cls()
        notes = _Noting()
        # Read without mmap: mapped pages of the index that a worker touched count in its
        # resident memory, and each worker reads a different half of the stored text.
        storage = FileStorage(version_dir, supports_mmap=False, readonly=True)
        with storage.open_index().searcher() as searcher:
            for docnum in docnums:
                doc, key, sentences = notes.note(_doc(searcher.stored_fields(docnum)))
                share.docs.append(doc)
                share.keys.append(key)
                if sentences is not None:
                    share.sentences[key] = sentences
        share.words = list(notes.vocabulary)
        return share

    @classmethod
    def load(cls, path: str) -> _Share:
        share = cls()
        with open(path, "rb") as notes:
            for kind, rows in read_batches(notes):
                if kind == "words":
                    share.words = rows
                    continue
                for article_id, title, library, names, key, digests, ids, ends in rows:
                    share.docs.append(Doc(article_id, title, library, names, ""))
                    share.keys.append(key)
                    if digests is not None:
                        share.sentences[key] = (digests, array("I", ids), array("I", ends))
        return share

    def sentence_digests(self) -> dict[bytes, bytes]:
        """Each distinct content's sentence digests, 8 bytes each (repeats included)."""
        return {key: digests for key, (digests, _, _) in self.sentences.items()}

    def word_counts(self, boilerplate: frozenset[bytes],
                    wanted: set[bytes] | None = None) -> dict[bytes, WordCounts]:
        """The word keys and counts of each distinct content (of those ``wanted``), its
        boilerplate sentences left out: what :func:`_word_counts` gives from the text."""
        words = self.words
        dropped = words.index("") if "" in words else -1   # the words the analysis drops
        found = {}
        for key, (digests, ids, ends) in self.sentences.items():
            if wanted is not None and key not in wanted:
                continue
            counts: Counter[int] = Counter()
            start = 0
            for n, end in enumerate(ends):
                if digests[8 * n:8 * n + 8] not in boilerplate:
                    counts.update(ids[start:end])
                start = end
            counts.pop(dropped, None)
            found[key] = (tuple(words[k] for k in counts), tuple(counts.values()))
        self.sentences = {}
        return found


class _Noting:
    """Turns articles into what a share holds of them; an exact copy of one seen before
    (the same copy key) is not analysed again."""

    def __init__(self) -> None:
        self.vocabulary: dict[str, int] = _Numbering()
        self.seen: set[bytes] = set()

    def note(self, doc: Doc, parts: list[tuple[str, tuple | None]] | None = None
             ) -> tuple[Doc, bytes, tuple[bytes, array, array] | None]:
        """(the light doc, its copy key, its sentences or None for a copy). ``parts``: the
        texts ``doc.text`` joins with line ends, each with its words if analysed already."""
        key = copy_key(doc)
        light = Doc(doc.id, doc.title, doc.library, doc.names, "")
        if key in self.seen:
            return light, key, None
        self.seen.add(key)
        number = self.vocabulary.__getitem__
        digests, ids, ends = [], array("I"), array("I")
        # A line end always ends a sentence and a word: the parts' sentences and words are
        # those of the text they make.
        for part, analysed in parts if parts is not None else [(doc.text, None)]:
            for digest, words in sentence_words(part, analysed):
                digests.append(digest)
                ids.extend(map(number, words))
                ends.append(len(ids))
        # One bytes object per article, not one per sentence: 8 bytes a sentence.
        return light, key, (b"".join(digests), ids, ends)


# A notes file is a sequence of batches (indexer.batches), each (kind, rows): "articles"
# rows are (id, title, library, names, copy key, digests, word numbers, sentence ends), with
# None for the last three of a copy; the last batch is ("words", the words).
_BATCH_ROWS = 512


class TopicNotes:
    """What the duplicate finder needs of each article, noted by the process that indexes
    it (``indexer.writer``), while its words are at hand: its sentences' digests and keys
    from the words ``indexer.passages`` analysed, the light fields and the copy key.
    :func:`store` reads them instead of reading every stored article and analysing its
    text again (at 50k articles that took 11 of the 13 s after the writers). Written to
    ``NOTES`` in ``folder`` (the segment's parts folder) as articles come, so the writer
    holds little.
    """

    def __init__(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.file = (folder / NOTES).open("wb")
        self.noting = _Noting()
        self.rows: list[tuple] = []

    def add(self, fields: Mapping) -> None:
        """Note the article of a document's ``fields`` (``indexer.schema.document``)."""
        doc, key, sentences = self.noting.note(
            _doc(fields), [(part, ANALYSED.get(part)) for part in _text_parts(fields)])
        digests, ids, ends = (None, None, None) if sentences is None else \
            (sentences[0], sentences[1].tobytes(), sentences[2].tobytes())
        self.rows.append((doc.id, doc.title, doc.library, doc.names, key, digests, ids, ends))
        if len(self.rows) >= _BATCH_ROWS:
            self._write("articles", self.rows)
            self.rows = []

    def close(self) -> None:
        if self.file.closed:
            return
        if self.rows:
            self._write("articles", self.rows)
        self._write("words", list(self.noting.vocabulary))
        self.file.close()

    def _write(self, kind: str, rows: list) -> None:
        write_batch(self.file, (kind, rows))


def _boilerplate_of(digests: dict[bytes, bytes]) -> frozenset[bytes]:
    """The boilerplate sentences among distinct contents' sentence digests."""
    sentence_docs: Counter[bytes] = Counter()
    for sentences in digests.values():
        sentence_docs.update({sentences[i:i + 8] for i in range(0, len(sentences), 8)})
    return _boilerplate(sentence_docs, len(digests))


def _share_of(version_dir: str, source: str | list[int]) -> _Share:
    return _Share.load(source) if isinstance(source, str) else _Share.read(version_dir,
                                                                           source)


def _read_in_workers(version_dir: str, sources: list[str | list[int]], parallel: bool
                     ) -> tuple[list[Doc], list[bytes], list[WordCounts]]:
    """The light articles, their copy keys and word counts (an object per distinct
    content, shared by its copies), from each source (a notes file, or document numbers to
    read), in a process each when ``parallel``: each sends its sentence digests, is told
    which sentences are boilerplate and which contents to count (each by one process),
    sends its counts."""
    if not parallel or len(sources) == 1:
        shares = [_share_of(version_dir, source) for source in sources]
        digests: dict[bytes, bytes] = {}
        for share in shares:
            digests.update(share.sentence_digests())
        boilerplate = _boilerplate_of(digests)
        counts: dict[bytes, WordCounts] = {}
        for share in shares:
            counts.update(share.word_counts(boilerplate, set(share.sentences) - counts.keys()))
        docs = [doc for share in shares for doc in share.docs]
        keys = [key for share in shares for key in share.keys]
        return docs, keys, [counts[k] for k in keys]
    # spawn, not fork: a forked worker's memory counts the job's pages it shares, and the
    # job is large by now (a 50k build measured 1.8 GB for its process tree with fork).
    context = mp.get_context("spawn")
    workers, pipes = [], []
    try:
        for source in sources:
            ours, theirs = context.Pipe()
            worker = context.Process(target=_share_worker,
                                     args=(version_dir, source, theirs), daemon=True)
            worker.start()
            theirs.close()
            workers.append(worker)
            pipes.append(ours)
        # The finder's LSH library takes half a second to import (it brings scipy): done
        # here while the workers start, not after they finish.
        import datasketch  # noqa: F401
        docs = []
        keys = []
        digests = {}
        wanted: list[set[bytes]] = []
        for pipe in pipes:
            part_docs, part_keys, part_digests = pipe.recv()
            docs += part_docs
            keys += part_keys
            wanted.append({k for k in part_digests if k not in digests})
            for key, sentences in part_digests.items():
                digests.setdefault(key, sentences)
            del part_digests
        boilerplate = _boilerplate_of(digests)
        del digests
        for pipe, theirs in zip(pipes, wanted, strict=True):
            pipe.send((boilerplate, theirs))
        counts = {}
        for pipe in pipes:
            counts.update(pipe.recv())
    finally:
        for pipe in pipes:
            pipe.close()
        for worker in workers:
            worker.join(timeout=60)
            if worker.is_alive():
                worker.terminate()
    return docs, keys, [counts[k] for k in keys]


def _share_worker(version_dir: str, source: str | list[int], pipe) -> None:
    share = _share_of(version_dir, source)
    pipe.send((share.docs, share.keys, share.sentence_digests()))
    share.docs, share.keys = [], []
    pipe.send(share.word_counts(*pipe.recv()))
    pipe.close()


def load(version_dir: Path) -> Candidates:
    """The candidate pairs stored in ``version_dir``; :class:`PairsMissingError` if none."""
    data = versions.read_duplicates(version_dir)
    if data is None or data.get("format") != FORMAT:
        raise PairsMissingError(
            f"the index version {version_dir.name} was built before duplicate topics were "
            f"stored with the index: run `rxsearch reindex` to compute duplicate topics")
    topics = [Topic(*row) for row in data["topics"]]
    pairs = tuple(Pair(topics[a], topics[b], score,
                       tuple(Evidence(*row) for row in evidence))
                  for a, b, score, evidence in data["pairs"])
    return Candidates(pairs, data["articles"], data["seconds"])


def _json_chunks(found: Candidates) -> Iterator[str]:
    """The stored form of the pairs, a row at a time (never one string of them all)."""
    # Each article once, pairs by position: MedQuAD's 5,060 pairs name 3,233 articles
    # (0.9 MB, where a full record per pair took 2 MB).
    # Scores keep full precision, so --min-score filters exactly as on fresh results.
    numbers: dict[str, int] = {}
    topics: list[list[str]] = []
    for pair in found.pairs:
        for topic in (pair.a, pair.b):
            if topic.id not in numbers:
                numbers[topic.id] = len(topics)
                topics.append([topic.id, topic.title, topic.library])

    def dumps(value: object) -> str:
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))

    yield (f'{{"format":{FORMAT},"articles":{found.articles},'
           f'"seconds":{dumps(round(found.seconds, 3))},"topics":[')
    for n, topic in enumerate(topics):
        yield ("," if n else "") + dumps(topic)
    del topics
    yield '],"pairs":['
    rows: dict[Evidence, str] = {}  # each distinct piece of evidence encoded once
    for n, pair in enumerate(found.pairs):
        evidence = ",".join([rows.get(e) or rows.setdefault(e, dumps([e.kind, e.strength,
                                                                      e.detail]))
                             for e in pair.evidence])
        yield (f'{"," if n else ""}[{numbers[pair.a.id]},{numbers[pair.b.id]},'
               f'{dumps(pair.score)},[{evidence}]]')
    yield "]}"
