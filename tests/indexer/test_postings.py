"""The ranking data a version stores holds exactly what Whoosh holds, in Whoosh's document
numbers, on one segment and on several segments with deletions; each version has its own."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from analyzers import keys
from corpus import Article, Section
from indexer import build, postings, versions, whoosh_codec


def article(article_id: str, text: str, library: str = "disease") -> Article:
    return Article(id=article_id, title=article_id.title(), library=library,
                   summary=f"About {article_id} and fever.",
                   sections=(Section("Symptoms", "symptoms", text),))


def live(root: Path):
    version = versions.live_version(root)
    reader = versions.open_version(root, version).reader()
    return reader, postings.load(root / version)


@pytest.mark.parametrize("index", ["tiny_index", "segmented"])
def test_ranking_data_holds_whooshs_postings_lengths_and_columns(request, index):
    root = request.getfixturevalue(index)
    reader, data = live(root)
    leaves = list(reader.leaf_readers())
    assert data is not None and data.size == reader.doc_count_all()
    if index == "segmented":
        assert len(leaves) == 2 and reader.has_deletions()
        assert data.live.sum() == reader.doc_count() < data.size
    assert np.array_equal(data.live, [not reader.is_deleted(d) for d in range(data.size)])
    checked = 0
    for field in postings.SCORED_FIELDS:
        lengths = np.concatenate([whoosh_codec.field_lengths(leaf, field) for leaf, _ in leaves])
        assert np.array_equal(data.lengths(field), lengths)
        assert data.averages[field] == pytest.approx(
            reader.field_length(field) / data.size or 1.0)
        field_number = data.fields[field]
        for term in reader.lexicon(field):
            word = term.decode("utf-8")
            entry = data.entries(word)[field_number]
            ids, tf = data.postings(entry)
            parts = [(found[0] + offset, found[1]) for leaf, offset in leaves
                     for found in [whoosh_codec.postings(leaf, field, word)]]
            assert np.array_equal(ids, np.concatenate([p[0] for p in parts]))
            assert np.array_equal(tf, np.concatenate([p[1] for p in parts]))
            assert entry.count == reader.doc_frequency(field, word)
            checked += 1
    assert checked > 100
    for column in postings.COLUMNS:
        held, codes = data.column(column)
        assert [held[c] for c in codes] == list(reader.column_reader(column))


def test_each_lists_bound_is_its_highest_term_frequency_part(tiny_index):
    _, data = live(tiny_index)
    for word in ("fever", "blood", "জ্বর", "diabetes"):
        entries = data.entries(keys(word)[0])
        assert entries, word
        for field, number in data.fields.items():
            if number in entries:
                ids, tf = data.postings(entries[number])
                parts = postings.bm25(tf, data.lengths(field)[ids], data.averages[field])
                assert entries[number].bound == parts.max()


def test_an_unknown_word_has_no_lists(tiny_index):
    _, data = live(tiny_index)
    assert data.entries("zzzunknown") == {}
    assert data.entries("") == {}


def test_words_whose_hashes_collide_are_told_apart_by_their_text(tmp_path, monkeypatch):
    monkeypatch.setattr(postings, "word_hash", lambda word: len(word) % 3)
    build.full([article("a", "fever rash cough"), article("b", "fever cough")], tmp_path)
    _, data = live(tmp_path)
    body = data.fields["symptoms"]
    for word, docs in (("fever", [0, 1]), ("rash", [0]), ("cough", [0, 1])):
        ids, _ = data.postings(data.entries(word)[body])
        assert ids.tolist() == docs
    assert data.entries("fevers") == {}


def test_an_incremental_build_writes_its_own_ranking_data(segmented):
    """The new version starts from hard links to the old one's Whoosh files; its ranking
    data is written anew, never linked (the old version may still be served)."""
    names = versions.complete_versions(segmented)
    new, old = (segmented / n / postings.FOLDER for n in names[:2])
    for file in new.iterdir():
        assert file.stat().st_nlink == 1
        assert not (old / file.name).exists() or not (old / file.name).samefile(file)
    assert postings.load(old.parent).size < postings.load(new.parent).size


def test_a_version_without_ranking_data_loads_none(tmp_path):
    build.full([article("a", "fever")], tmp_path)
    version = versions.live_dir(tmp_path)
    assert postings.load(version) is not None
    (version / postings.FOLDER / "meta.json").write_text('{"format": 0}')
    assert postings.load(version) is None
    for file in (version / postings.FOLDER).iterdir():
        file.unlink()
    (version / postings.FOLDER).rmdir()
    assert postings.load(version) is None


def ranking_lists(data: postings.RankingData, reader) -> dict:
    """Every list of the data by (field, word): documents, frequencies, positions."""
    found = {}
    for field, number in data.fields.items():
        for term in reader.lexicon(field):
            word = term.decode("utf-8")
            entry = data.entries(word)[number]
            ids, tf = data.postings(entry)
            held = data.positions(entry)
            found[field, word] = (ids.tolist(), tf.tolist(), entry.count, entry.bound,
                                  None if held is None else held[0].tolist())
    return found


@pytest.mark.parametrize("procs", [1, 2])
def test_ranking_data_from_the_writers_parts_is_what_whoosh_holds(tmp_path, shared_corpus,
                                                                  monkeypatch, procs):
    """A full build's writers leave their lists for the ranking data; it is the same as
    the ranking data read back from Whoosh's postings (positions too)."""
    from itertools import islice

    from corpus import read_sources

    used = []
    read = postings.SegmentParts.read
    monkeypatch.setattr(postings.SegmentParts, "read",
                        staticmethod(lambda *a: used.append(a) or read(*a)))
    articles = list(islice((a for a in read_sources([shared_corpus("medquad.jsonl")])
                            if isinstance(a, Article)), 600))
    articles += list(islice((a for a in read_sources([shared_corpus("bangla-m2pqa.jsonl")])
                             if isinstance(a, Article)), 200))
    build.full(articles, tmp_path / "index", procs=procs)
    version = versions.live_dir(tmp_path / "index")
    assert used and (version / postings.PARTS).is_dir()   # kept for the next versions
    reader = versions.open_index(version).reader()
    assert len(list(reader.leaf_readers())) == procs
    whoosh_folder = tmp_path / "from-whoosh"
    whoosh_folder.mkdir()
    postings._write(reader, whoosh_folder)
    meta = json.loads((version / postings.FOLDER / "meta.json").read_text(encoding="utf-8"))
    from_parts = postings.load(version)
    from_whoosh = postings.RankingData(whoosh_folder, meta)
    assert ranking_lists(from_parts, reader) == ranking_lists(from_whoosh, reader)
    for field in postings.SCORED_FIELDS:
        assert np.array_equal(from_parts.lengths(field), from_whoosh.lengths(field))
    assert json.loads((whoosh_folder / "meta.json").read_text(encoding="utf-8")) == meta


def test_an_incremental_build_reads_the_older_segments_lists_from_their_parts(segmented,
                                                                              tmp_path):
    """The full build's segment keeps its lists with the version; the incremental version
    links them and its ranking data reads them (deletions and all), not Whoosh's blocks,
    and holds what Whoosh holds."""
    newer, older = versions.complete_versions(segmented)[:2]
    reader = versions.open_version(segmented, newer).reader()
    (first, _), (second, _) = reader.leaf_readers()
    parts = segmented / newer / postings.PARTS
    held = parts / first.segment().segment_id()
    assert postings.SegmentParts.complete(held) and first.has_deletions()
    assert all(f.samefile(segmented / older / postings.PARTS / held.name / f.name)
               for f in held.iterdir())
    assert not (parts / second.segment().segment_id()).exists()   # Whoosh's own writer
    whoosh_folder = tmp_path / "from-whoosh"
    whoosh_folder.mkdir()
    postings._write(reader, whoosh_folder)
    meta = json.loads((segmented / newer / postings.FOLDER / "meta.json").read_text("utf-8"))
    assert ranking_lists(postings.load(segmented / newer), reader) == \
        ranking_lists(postings.RankingData(whoosh_folder, meta), reader)
