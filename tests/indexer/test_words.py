"""The word tables stored with a version are those a worker would make from the index, and
are only used by a worker running the same analyzers."""

from __future__ import annotations

import pytest

from corpus import Article, Section
from indexer import build, versions, words
from search_app.index_view import ViewManager


def test_stored_word_tables_are_those_made_from_the_index(tiny_index):
    version = versions.live_dir(tiny_index)
    stored = words.load(version)
    assert stored is not None
    with versions.open_index(version).reader() as reader:
        made = words.build(reader, versions.read_glossary(version))
    assert stored.vocabulary == made.vocabulary and "diabetes" in stored.vocabulary
    assert stored.names == made.names
    for latin in ("jor", "pet", "shash", "matha", "kashi"):
        assert stored.romanised.readings(latin) == made.romanised.readings(latin)
    assert stored.romanised.readings("jor")
    for bangla in ("ডায়াবেটিস", "ম্যালেরিয়া", "প্যারাসিটামল"):
        assert stored.loanwords.match(bangla) == made.loanwords.match(bangla)
    for text in ("জ্বরের ওষুধ", "high blood pressure", "পাতলা পায়খানা"):
        assert stored.expander.expand(text) == made.expander.expand(text)


def test_word_tables_made_by_other_analyzers_are_made_again(tiny_index, monkeypatch):
    monkeypatch.setattr(words, "analyzers_digest", lambda: "other analyzers")
    assert words.load(versions.live_dir(tiny_index)) is None
    view = ViewManager(tiny_index).view()
    assert view.word_tables is None
    assert "diabetes" in view.vocabulary and view.romanised.readings("jor")


def test_an_incremental_build_writes_its_own_word_tables(tmp_path):
    def article(article_id: str, text: str) -> Article:
        return Article(id=article_id, title=article_id.title(), library="disease",
                       summary=f"About {article_id}.",
                       sections=(Section("Symptoms", "symptoms", text),))

    build.full([article("fever", "fever and rash")], tmp_path)
    old = versions.live_dir(tmp_path)
    build.incremental([article("fever", "fever and rash"), article("malaria", "fever")],
                      tmp_path)
    new = versions.live_dir(tmp_path)
    assert new != old
    assert (new / words.FILE).stat().st_nlink == 1
    assert "malaria" in words.load(new).vocabulary
    assert "malaria" not in words.load(old).vocabulary


@pytest.mark.parametrize("damage", [b"", b"not a pickle"])
def test_damaged_word_tables_are_made_again(tmp_path, damage):
    build.full([Article(id="fever", title="Fever", library="disease", summary="A fever.")],
               tmp_path)
    version = versions.live_dir(tmp_path)
    (version / words.FILE).write_bytes(damage)
    assert words.load(version) is None
    assert "fever" in ViewManager(tmp_path).view().vocabulary
