from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from corpus import Article, Section
from indexer import build, versions


def article(article_id: str, title: str, library: str = "disease") -> Article:
    return Article(id=article_id, title=title, library=library, summary=f"About {title}.",
                   sections=(Section("Symptoms", "symptoms", f"{title} causes fever."),))


def doc_count(root: Path) -> int:
    with versions.open_live(root).searcher() as searcher:
        return searcher.doc_count()


def test_full_build_makes_a_live_version(tmp_path: Path):
    result = build.full([article("a", "Alpha"), article("b", "Beta")], tmp_path)
    assert result.documents == 2
    assert versions.live_version(tmp_path) == result.version
    assert doc_count(tmp_path) == 2


def test_failed_build_leaves_the_live_index_serving(tmp_path: Path):
    build.full([article("a", "Alpha")], tmp_path)
    live = versions.live_version(tmp_path)

    def crashing():
        yield article("b", "Beta")
        raise RuntimeError("export broke mid-way")

    with pytest.raises(RuntimeError):
        build.full(crashing(), tmp_path)
    assert versions.live_version(tmp_path) == live
    assert doc_count(tmp_path) == 1
    assert sorted(p.name for p in tmp_path.iterdir() if p.is_dir()) == [live]


def test_empty_batch_is_refused_and_keeps_the_live_index(tmp_path: Path):
    build.full([article("a", "Alpha")], tmp_path)
    with pytest.raises(build.NothingToIndexError):
        build.full([], tmp_path)
    assert doc_count(tmp_path) == 1


def test_old_versions_are_cleaned_keeping_one_for_rollback(tmp_path: Path):
    for n in range(4):
        build.full([article("a", f"Alpha {n}")], tmp_path)
    assert len([p for p in tmp_path.iterdir() if p.is_dir()]) == 2


def test_missing_index_names_the_fix(tmp_path: Path):
    with pytest.raises(versions.IndexMissingError, match="rxsearch reindex"):
        versions.open_live(tmp_path)


def test_index_from_other_analysis_version_is_refused(tmp_path: Path):
    build.full([article("a", "Alpha")], tmp_path)
    live_dir = versions.live_dir(tmp_path)
    meta = versions.read_meta(live_dir)
    versions.write_meta(live_dir, {**meta, "analysis_version": "something-older"})
    with pytest.raises(versions.IncompatibleIndexError, match="rxsearch reindex"):
        versions.open_live(tmp_path)


def test_index_opens_in_a_fresh_process(tiny_index: Path):
    """The schema (and its analyzers) is pickled into the index: it must load elsewhere."""
    code = ("import sys; from pathlib import Path; from indexer import versions; "
            "s = versions.open_live(Path(sys.argv[1])).searcher(); print(s.doc_count())")
    out = subprocess.run([sys.executable, "-c", code, str(tiny_index)], capture_output=True,
                         text=True, check=True, cwd=Path(__file__).resolve().parents[2])
    assert int(out.stdout) >= 80
