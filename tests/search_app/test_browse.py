from __future__ import annotations

from search_app import browse


def test_a_to_z_letters_with_counts_and_titles_in_reader_order(searcher):
    index = browse.letters(searcher, "drug")
    assert dict(index.letters)["A"] >= 3 and dict(index.letters)["Q"] == 0
    page = browse.titles(searcher, "drug", "A")
    titles = [e.title for e in page.entries]
    assert titles == sorted(titles, key=str.casefold)


def test_library_counts_of_the_sample_library(searcher):
    assert browse.library_counts(searcher) == {"disease": 29, "drug": 24, "lab-test": 22,
                                               "cancer": 21}
