"""One view per index version, handed out by one manager."""

from __future__ import annotations

import threading

import pytest

from corpus import Article, Section
from indexer import build, versions
from search_app import engine
from search_app.index_view import ViewManager


def article(article_id: str, text: str) -> Article:
    return Article(id=article_id, title=article_id.title(), library="disease",
                   summary=f"About {article_id}.",
                   sections=(Section("Symptoms", "symptoms", text),))


def test_the_same_version_gives_the_same_view_and_its_parts_are_made_once(tiny_index):
    manager = ViewManager(tiny_index)
    view = manager.view()
    assert manager.view() is view
    assert view.version == versions.live_version(tiny_index)
    assert view.expander is view.expander and view.vocabulary is view.vocabulary
    assert view.duplicates is view.duplicates and view.duplicates.pairs
    assert any(bn.startswith("অণুচক্রিকা") for _, bn in view.glossary)
    assert "diabetes" in view.vocabulary
    assert view.ranker() is view.ranker()


def test_each_thread_has_its_own_searcher(tiny_index):
    view = ViewManager(tiny_index).view()
    found = []
    thread = threading.Thread(target=lambda: found.append(view.searcher()))
    thread.start()
    thread.join()
    assert found[0] is not view.searcher()


def test_a_new_version_is_picked_up_and_a_running_request_finishes_on_the_old(tmp_path):
    build.full([article("a", "fever")], tmp_path)
    manager = ViewManager(tmp_path)
    old = manager.view()
    build.full([article("a", "fever"), article("b", "fever and rash")], tmp_path)
    assert engine.search(old, "fever").total == 1      # the request that holds the old view
    new = manager.view()
    assert new is not old and new.version != old.version
    assert engine.search(new, "fever").total == 2
    assert old.searcher() is not None    # reopened on demand if a straggler asks again


def test_moving_to_a_new_version_closes_this_threads_old_searcher(tmp_path):
    build.full([article("a", "fever")], tmp_path)
    manager = ViewManager(tmp_path)
    old = manager.view()
    searcher = old.searcher()
    build.full([article("b", "rash")], tmp_path)
    manager.view()
    assert searcher.is_closed


def test_no_index_or_an_outdated_one_is_a_clear_error(tmp_path):
    with pytest.raises(versions.IndexMissingError, match="rxsearch reindex"):
        ViewManager(tmp_path).view()
    build.full([article("a", "fever")], tmp_path)
    live = versions.live_dir(tmp_path)
    versions.write_meta(live, {**versions.read_meta(live), "schema_version": -1})
    with pytest.raises(versions.IncompatibleIndexError, match="rxsearch reindex"):
        ViewManager(tmp_path).view()


def test_a_words_use_is_whooshs_document_frequency_in_its_most_used_field(tmp_path):
    """``key_use`` reads the ranking data (one look-up) and agrees with Whoosh's reader,
    deleted copies of a replaced article included, as Whoosh counts them."""
    from indexer.schema import field_names

    texts = {f"a{i}": "fever and cough " * (1 + i % 3) + "rash" * (i % 2) for i in range(12)}
    build.full([article(i, t) for i, t in texts.items()], tmp_path)
    build.incremental([article(i, "fever only" if i == "a1" else t) for i, t in texts.items()],
                      tmp_path)
    view = ViewManager(tmp_path).view()
    reader = view.searcher().reader()
    assert reader.has_deletions() and view.ranker()._data is not None
    for key in ("fever", "cough", "rash", "a1", "symptom", "nowhere"):
        expected = max(reader.doc_frequency(f, key) for f in field_names(spelling=True))
        assert view.key_use(key) == expected, key
    assert view.key_use("fever") > 0 and view.key_use("nowhere") == 0
