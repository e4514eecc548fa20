"""Several web nodes fed by one reindex job: a version built elsewhere is received, checked
and switched to; a partial or foreign copy is refused and the live version stays."""

from __future__ import annotations

import shutil

import pytest

from indexer import build, versions


@pytest.fixture
def built(tmp_path, sample_report):
    """The reindex job's machine: two versions, the second live."""
    root = tmp_path / "builder"
    build.full(sample_report.articles[:20], root)
    first = versions.live_dir(root)
    build.full(sample_report.articles, root)
    return first, versions.live_dir(root)


def test_a_received_version_goes_live_and_receiving_it_again_is_harmless(tmp_path, built):
    first, second = built
    node = tmp_path / "node"
    assert versions.receive(node, first) == first.name
    assert versions.live_version(node) == first.name
    assert versions.receive(node, second) == second.name
    assert versions.live_version(node) == second.name
    with versions.open_version(node, second.name).reader() as reader:
        assert reader.doc_count() == versions.read_meta(second)["documents"]
    assert versions.receive(node, second) == second.name  # again: nothing changes
    assert sorted(p.name for p in node.iterdir() if p.is_dir()) == sorted(
        [first.name, second.name])
    assert versions.rollback(node) == first.name  # the node keeps the usual rollback


def test_a_node_gets_what_it_serves_not_the_writers_kept_lists(tmp_path, built):
    from search_app import engine
    from search_app.index_view import ViewManager

    _, second = built
    assert (second / versions.PARTS).is_dir()   # kept on the job's machine
    node = tmp_path / "node"
    versions.receive(node, second)
    assert not (node / second.name / versions.PARTS).exists()
    assert (node / second.name / "rxsearch-postings").is_dir()
    assert engine.search(ViewManager(node).view(), "fever").total


def test_a_partial_copy_is_refused_and_the_live_version_stays(tmp_path, built):
    first, second = built
    node = tmp_path / "node"
    versions.receive(node, first)
    partial = tmp_path / "incoming" / second.name
    shutil.copytree(second, partial)
    for segment in partial.glob("*.seg"):
        segment.unlink()  # rsync stopped half way
    with pytest.raises(versions.NotAVersionError, match="still being copied"):
        versions.receive(node, partial)
    assert versions.live_version(node) == first.name
    assert not list(node.glob(".incoming-*")) and not (node / second.name).exists()


def test_what_is_not_a_version_is_refused_with_the_reason(tmp_path, built):
    node = tmp_path / "node"
    with pytest.raises(versions.NotAVersionError, match="not a finished index version"):
        versions.receive(node, tmp_path)
    first, _ = built
    foreign = tmp_path / "foreign" / first.name
    shutil.copytree(first, foreign)
    meta = versions.read_meta(foreign)
    versions.write_meta(foreign, {**meta, "schema_version": -1})
    with pytest.raises(versions.IncompatibleIndexError):
        versions.receive(node, foreign)
    assert versions.live_version(node) is None
