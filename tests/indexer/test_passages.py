"""The passages snippets are cut from, and their analysed keys stored with word offsets."""

from __future__ import annotations

from collections import defaultdict

import pytest

from analyzers import text_keys
from indexer import passages, versions
from indexer.passages import SCAN_CHARS, PassageKeys, encode, texts
from indexer.schema import SECTION_FIELDS, document, field_names


def test_english_and_bangla_words_come_back_with_their_offsets():
    fields = {"sections": [{"kind": "symptoms", "heading": "Symptoms",
                            "text": "Fever and fevers."}],
              "bangla_note": "জ্বরের ওষুধ খান। জ্বর", "summary": "A high fever"}
    stored = PassageKeys(encode(fields))
    assert stored.find({"fever"}).spans == {0: [(0, 5), (10, 16)], 2: [(7, 12)]}
    assert stored.find({"জর"}).spans == {1: [(0, 6), (17, 21)]}
    both = stored.find({"fever", "ওসুধ", "absent"})
    assert both.spans == {0: [(0, 5), (10, 16)], 1: [(7, 11)], 2: [(7, 12)]}
    assert both.holding == {0, 1, 2}
    assert stored.find({"absent"}).spans == {} and stored.find(set()).holding == frozenset()
    nothing = PassageKeys(encode({"summary": ""}))    # an article without a word
    assert nothing.find({"", "fever"}) == stored.find({""}) == passages.Found()


def test_the_passages_are_sections_then_bangla_note_then_glossary_then_summary():
    fields = {"sections": [{"kind": "symptoms", "text": "Chills."},
                           {"kind": "other", "heading": "Living with it", "text": "Rest."}],
              "bangla_note": "জ্বর", "summary": "Fever.",
              "glossary_entries": [{"term": "Fever", "en": "high temperature", "bn": "জ্বর"}]}
    assert texts(fields) == ["Chills.", "Rest.", "জ্বর", "Fever: high temperature জ্বর",
                             "Fever."]
    assert [(p.kind, p.heading) for p in passages.passages(fields)] == [
        ("symptoms", None), ("other", "Living with it"), ("bangla-note", None),
        ("glossary", None)]
    assert texts({"bangla_note": "", "summary": "Fever."}) == ["Fever."]  # no empty note


def test_words_after_scan_chars_are_held_but_not_placed():
    text = "fever " * 666 + "diabetes malaria"      # "diabetes" starts 4 characters short
    assert SCAN_CHARS == 4000
    stored = PassageKeys(encode({"sections": [{"kind": "symptoms", "text": "Thirst."},
                                              {"kind": "other", "text": text}]}))
    assert stored.find({"fever"}).spans[1][-1] == (3990, 3995)
    # As snippets read the passage: a word cut at SCAN_CHARS is the shorter word it is there.
    assert stored.find({"diab"}).spans == {1: [(3996, 4000)]}
    for key in ("diabet", "malaria"):
        found = stored.find({key})
        assert found.spans == {} and found.holding == {1}


def test_a_key_holding_a_space_is_escaped_not_confused():
    # NFKC turns the kana voicing mark U+309B into a space and a combining mark.
    text = "カ゛ and カ and 50% off"
    assert [key for _, _, key in text_keys(text)] == ["カ \u3099", "カ", "50", "off"]
    stored = PassageKeys(encode({"summary": text}))
    assert stored.find({"カ \u3099"}).spans == {0: [(0, 2)]}
    assert stored.find({"カ"}).spans == {0: [(7, 8)]}
    assert stored.find({"50", "off"}).spans == {0: [(13, 15), (17, 20)]}


def test_stored_keys_give_the_analysed_words_of_every_sample_passage(sample_report):
    for article in sample_report.articles:
        doc = document(article)
        stored = PassageKeys(doc[passages.FIELD])
        by_passage = [list(text_keys(text[:SCAN_CHARS])) for text in texts(doc)]
        every_key = {key for words in by_passage for _, _, key in words}
        for key in every_key:
            expected = {n: [(s, e) for s, e, k in words if k == key]
                        for n, words in enumerate(by_passage)}
            assert stored.find({key}).spans == {n: s for n, s in expected.items() if s}
        together = stored.find(every_key).spans
        assert together == {n: [(s, e) for s, e, _ in words]
                            for n, words in enumerate(by_passage) if words}


@pytest.fixture(scope="module")
def reader(tiny_index):
    ix = versions.open_version(tiny_index, versions.live_version(tiny_index))
    with ix.reader() as found:
        yield found


def test_the_index_keeps_each_articles_passage_keys(reader):
    column = reader.column_reader(passages.FIELD, translate=False)
    for doc, fields in reader.iter_docs():
        assert column[doc] == encode(fields)


def test_passages_holding_a_key_give_the_fields_the_index_has_it_in(reader):
    # Snippets choose among the passages of the fields that hold a key: read from the stored
    # keys, it must be what the index's postings say, words after SCAN_CHARS included.
    snippet_fields = field_names(snippet=True)
    in_index: dict[int, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for field in snippet_fields:
        for term in reader.lexicon(field):
            key = term.decode("utf-8")
            for doc in reader.postings(field, key).all_ids():
                in_index[doc][key].add(field)
    column = reader.column_reader(passages.FIELD, translate=False)
    for doc, fields in reader.iter_docs():
        kinds = [p.kind for p in passages.passages(fields)]
        own = {"bangla-note": "bangla_note", "glossary": "glossary"}
        field_of = [own.get(k) or SECTION_FIELDS.get(k, "body") for k in kinds]
        stored = PassageKeys(column[doc])
        keys = set(in_index[doc]) | {k for t in texts(fields) for _, _, k in text_keys(t)}
        for key in keys:
            held = {field_of[n] for n in stored.find({key}).holding if n < len(field_of)}
            assert held == in_index[doc].get(key, set()), (fields["id"], key)


def test_keys_holding_a_line_end_or_a_percent_sign_are_stored_apart(monkeypatch):
    # ICU words hold neither, but a key that did must not run into its neighbours.
    odd = {"odd": "odd\nkey", "per": "per%cent"}
    real = passages.word_key
    monkeypatch.setattr(passages, "word_key", lambda word: odd.get(word) or real(word))
    stored = PassageKeys(encode({"summary": "odd fever per key"}))
    assert stored.find({"odd\nkey"}).spans == {0: [(0, 3)]}
    assert stored.find({"per%cent"}).spans == {0: [(10, 13)]}
    assert stored.find({"key"}).spans == {0: [(14, 17)]}
    assert stored.find({"odd", "cent"}).spans == {}
