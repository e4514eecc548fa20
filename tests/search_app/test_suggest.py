from __future__ import annotations

from search_app.suggest import suggest


def titles(searcher, prefix: str) -> list[str]:
    return [s.title for s in suggest(searcher, prefix)]


def test_suggestions_in_english_and_bangla(searcher):
    assert "Type 2 Diabetes" in titles(searcher, "diab")
    assert "Dengue Fever" in titles(searcher, "ডেঙ্গ")


def test_a_typo_from_the_third_letter_is_forgiven(searcher):
    assert "Pneumonia" in titles(searcher, "pnue")
    assert "Pneumonia" not in titles(searcher, "pu")   # two letters: no guessing yet


def test_every_suggestion_names_its_library(searcher):
    found = suggest(searcher, "ma")
    assert found and all(s.library for s in found)
