from __future__ import annotations

import pytest

from search_app.query import MAX_QUERY_CHARS, Note, parse


def test_words_phrases_exclusions_and_filters():
    q = parse('fever "stiff neck" -child -"side effects" library:Drugs lang:bn letter:d')
    assert q.words == ("fever",)
    assert q.phrases == ("stiff neck",)
    assert q.excluded == ("child", "side effects")
    assert q.filters == {"library": "drug", "lang": "bn", "letter": "D"}
    assert q.notes == ()


@pytest.mark.parametrize(("raw", "words", "phrases"), [
    ('"unbalanced quote', ("unbalanced", "quote"), ()),
    ('fever "chest pain" "', ("fever",), ("chest pain",)),
    ("- + AND OR NOT", (), ()),
    ("(((", ("(((",), ()),
    ("  ", (), ()),
])
def test_malformed_queries_become_plain_words(raw, words, phrases):
    q = parse(raw)
    assert q.words == words and q.phrases == phrases


def test_unknown_filter_is_searched_as_words_with_a_note():
    q = parse("library:blog covid:19")
    assert q.words == ("library", "blog", "covid:19")
    assert q.notes == (Note("unknown_filter", "library:blog"),)


def test_control_characters_and_long_queries():
    q = parse("fever\x00\x1b[31m headache" + " x" * 2000)
    assert q.words[:2] == ("fever", "[31m")
    assert len(q.text) <= MAX_QUERY_CHARS
    assert Note("query_cut", str(MAX_QUERY_CHARS)) in q.notes


def test_an_unmatched_quote_is_noted():
    assert parse('fever "chest').notes == (Note("unmatched_quote"),)
