from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from corpus import Article, Rejection, Section
from indexer import build, versions


def article(article_id: str, text: str = "fever") -> Article:
    return Article(id=article_id, title=article_id.title(), library="disease",
                   summary=f"About {article_id}.",
                   sections=(Section("Symptoms", "symptoms", text),))


def stored(root: Path) -> dict[str, str]:
    with versions.open_version(root, versions.live_version(root)).searcher() as searcher:
        return {f["id"]: f["sections"][0]["text"] for f in searcher.all_stored_fields()}


def test_incremental_adds_updates_and_removes_exactly_what_changed(tmp_path: Path):
    build.full([article("a"), article("b"), article("c")], tmp_path)
    first = versions.live_version(tmp_path)
    report = build.incremental([article("a"), article("b", "cough"), article("d")], tmp_path)
    assert (report.added, report.updated, report.removed, report.unchanged) == (1, 1, 1, 1)
    assert stored(tmp_path) == {"a": "fever", "b": "cough", "d": "fever"}
    # The previous version is untouched by the hard-linked copy, ready for rollback.
    with versions.open_version(tmp_path, first).searcher() as old:
        assert {f["id"]: f["sections"][0]["text"] for f in old.all_stored_fields()} == {
            "a": "fever", "b": "fever", "c": "fever"}


def test_incremental_search_sees_the_change(tmp_path: Path):
    build.full([article("a"), article("b")], tmp_path)
    build.incremental([article("a", "wheezing at night"), article("b")], tmp_path)
    with versions.open_version(tmp_path, versions.live_version(tmp_path)).searcher() as searcher:
        from whoosh.query import Term
        hits = searcher.search(Term("symptoms", "wheez"))
        assert [h["id"] for h in hits] == ["a"]
        assert searcher.doc_count() == 2


def test_nothing_changed_keeps_the_live_version(tmp_path: Path):
    build.full([article("a")], tmp_path)
    live = versions.live_version(tmp_path)
    report = build.incremental([article("a")], tmp_path)
    assert report.unchanged == 1 and report.version == live
    assert versions.live_version(tmp_path) == live
    assert len(list(tmp_path.glob("v-*"))) == 1


def test_rejected_article_is_not_deleted(tmp_path: Path):
    build.full([article("a"), article("b")], tmp_path)
    broken = Rejection("export.jsonl", "line 2", "library: unknown library 'x'", "b", "library")
    report = build.incremental([article("a", "new text"), broken], tmp_path)
    assert report.removed == 0 and report.kept_despite_rejects == 1
    assert set(stored(tmp_path)) == {"a", "b"}


def test_unreadable_input_blocks_all_deletions(tmp_path: Path):
    build.full([article("a"), article("b"), article("c")], tmp_path)
    unreadable = Rejection("export.jsonl", "line 7", "invalid JSON at column 3")
    report = build.incremental([article("a", "changed"), unreadable], tmp_path)
    assert report.removed == 0 and report.kept_despite_rejects == 2
    assert set(stored(tmp_path)) == {"a", "b", "c"}


def test_glossary_pairs_follow_incremental_changes(tmp_path: Path):
    from corpus import GlossaryTerm
    plain = article("a")
    with_term = replace(plain, glossary=(GlossaryTerm("fever", "High temperature.", "জ্বর"),))
    build.full([plain], tmp_path)
    build.incremental([with_term], tmp_path)
    assert versions.read_glossary(versions.live_dir(tmp_path)) == [("fever", "জ্বর")]


def test_incremental_without_live_index_builds_in_full(tmp_path: Path):
    report = build.incremental([article("a")], tmp_path)
    assert report.mode.startswith("full") and report.documents == 1
