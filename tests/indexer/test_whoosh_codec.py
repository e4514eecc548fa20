"""The fast block readers and the public-API fallbacks read the same postings, positions and
field lengths, on one segment and on several segments with deletions."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from indexer import versions, whoosh_codec
from indexer.schema import field_names

FIELDS = ("title", "aka", "summary", "symptoms", "bangla_note", "body")


def leaves(root: Path):
    reader = versions.open_version(root, versions.live_version(root)).reader()
    return [leaf for leaf, _ in reader.leaf_readers()]


@pytest.mark.parametrize("index", ["tiny_index", "segmented"])
def test_fast_and_plain_readers_agree(request, index):
    root = request.getfixturevalue(index)
    found = leaves(root)
    assert found
    if index == "segmented":
        assert len(found) == 2 and found[0].has_deletions()
    checked = 0
    without = 0   # (segment, field) pairs where no document has the field
    for leaf in found:
        for field in field_names():
            lengths = whoosh_codec.field_lengths(leaf, field)
            assert np.array_equal(lengths, whoosh_codec.field_lengths(leaf, field, fast=False))
            without += not lengths.any()
        for field in FIELDS:
            for term in list(leaf.lexicon(field))[:60]:
                key = term.decode("utf-8")
                fast = whoosh_codec.postings(leaf, field, key)
                plain = whoosh_codec.postings(leaf, field, key, fast=False)
                assert np.array_equal(fast[0], plain[0]) and np.array_equal(fast[1], plain[1])
                assert whoosh_codec.positions(leaf, field, key, fast[0]) == \
                    whoosh_codec.positions(leaf, field, key, fast[0], fast=False)
                checked += 1
    assert checked > 50
    if index == "segmented":   # its small second segment lacks some fields altogether
        assert without


def test_the_fast_path_is_the_one_taken_with_the_pinned_whoosh(tiny_index):
    """If a Whoosh upgrade renamed the codec's internals, searches would silently fall back
    to the slow path: this says so instead."""
    leaf = leaves(tiny_index)[0]
    matcher = whoosh_codec._matcher(leaf, "body", next(iter(leaf.lexicon("body"))).decode())
    assert whoosh_codec._has_blocks(matcher, "_read_data", "_data", "_byteids", "_read_ids",
                                    "_ids", "_read_values", "_values", "block_max_id")
    assert whoosh_codec._length_column(leaf, "body") is not None


def test_an_absent_word_has_no_postings(tiny_index):
    leaf = leaves(tiny_index)[0]
    for fast in (True, False):
        ids, tf = whoosh_codec.postings(leaf, "title", "zzzunknown", fast=fast)
        assert len(ids) == 0 and len(tf) == 0


def test_text_fields_of_the_registry_all_have_lengths(tiny_index):
    leaf = leaves(tiny_index)[0]
    for field in field_names():
        assert whoosh_codec.field_lengths(leaf, field).shape == (leaf.doc_count_all(),)


def test_a_list_holds_its_deleted_documents_too_as_whooshs_document_frequency_counts(
        segmented):
    """Whoosh filters deleted documents out of a segment's matcher, and the filter has moved
    past those at the start of the list before the codec sees it; ranking drops them with
    its live mask, and its idf needs the list's full length."""
    leaf = leaves(segmented)[0]
    deleted = set(leaf.all_doc_ids()) ^ set(range(leaf.doc_count_all()))
    assert deleted == {3}
    for fast in (True, False):
        ids, _ = whoosh_codec.postings(leaf, "title", "a3", fast=fast)
        assert ids.tolist() == [3] and leaf.doc_frequency("title", "a3") == 1
        ids, _ = whoosh_codec.postings(leaf, "symptoms", "rash", fast=fast)
        assert ids.tolist() == list(range(40))     # the deleted a3 had rash
        assert whoosh_codec.positions(leaf, "symptoms", "rash", np.array([0, 3]),
                                      fast=fast)[3] == [1, 3, 5, 7]


def test_an_index_opened_in_place_reads_as_whoosh_reads_it(segmented):
    """``open_index`` maps each segment file and hands out views of it, where Whoosh copies
    each part: the same documents, words and postings either way."""
    from whoosh import index

    version = versions.live_dir(segmented)
    ours, theirs = whoosh_codec.open_index(version), index.open_dir(str(version))
    with ours.searcher() as a, theirs.searcher() as b:
        leaf = next(iter(a.reader().leaf_readers()))[0]
        assert isinstance(leaf._terms._postfile, whoosh_codec._MappedPart)
        assert a.doc_count_all() == b.doc_count_all() and a.doc_count() == b.doc_count()
        assert [a.stored_fields(d) for d in range(a.doc_count_all())] == \
            [b.stored_fields(d) for d in range(b.doc_count_all())]
        for field in FIELDS:
            assert list(a.reader().lexicon(field)) == list(b.reader().lexicon(field))
            for (x, _), (y, _) in zip(a.reader().leaf_readers(), b.reader().leaf_readers(),
                                      strict=True):
                for term in list(x.lexicon(field))[:20]:
                    word = term.decode()
                    found, expected = (whoosh_codec.postings(r, field, word) for r in (x, y))
                    assert np.array_equal(found[0], expected[0])


def test_a_view_of_a_mapped_file_reads_like_a_file():
    import io

    data = bytes(range(256)) * 40 + b"line one\nline two\n"
    ours, theirs = whoosh_codec._ViewReader(memoryview(data)), io.BytesIO(data)
    for step in [("read", 10), ("seek", 5), ("read", 3), ("tell",), ("seek", -18, 2),
                 ("readline",), ("readline",), ("read", 5), ("seek", 0), ("peek", 1),
                 ("read", -1), ("read", 4)]:
        name, *args = step
        if name == "peek":   # BytesIO has none: bytes from here, not consumed
            at = ours.tell()
            assert ours.peek(*args) == data[at:at + 4096]
            assert ours.tell() == at
            continue
        assert getattr(ours, name)(*args) == getattr(theirs, name)(*args), step
