"""What a search returns, as data: ``SearchResult.to_dict`` is what the JSON API encodes."""

from __future__ import annotations

import dataclasses

import pytest

from search_app import engine
from search_app.results import plain

QUERIES = ["fever", "জ্বর", "jor", "diabetis", "chest pain", '"high blood pressure" -child',
           "library:bogus fever", "Napa", "the of and"]


@pytest.mark.parametrize("query", QUERIES)
def test_to_dict_is_what_asdict_gives_with_the_page_count(view, query):
    result = engine.search(view, query)
    expected = dataclasses.asdict(result)
    expected["pages"] = result.pages
    data = result.to_dict()
    assert data == expected
    assert repr(data) == repr(expected)   # the same types too: tuples stay tuples


def test_a_danger_notice_and_readings_become_plain_dictionaries(view):
    result = engine.search(view, "chest pain")
    assert result.notice is not None
    data = plain(result)
    assert data["notice"]["signs"][0] == dataclasses.asdict(result.notice.signs[0])
    assert isinstance(data["notice"]["signs"], tuple)
