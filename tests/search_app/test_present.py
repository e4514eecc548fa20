"""Step 4: facets, pages and hits as the reader sees them."""

from __future__ import annotations

import numpy as np
import pytest

from search_app import engine
from search_app.facets import Filters
from search_app.paging import page_count, page_of


def ids(result) -> list[str]:
    return [h.id for h in result.hits]


def test_facets_are_disjunctive_and_filters_apply(view):
    everything = engine.search(view, "fever")
    drugs = engine.search(view, "fever", library="drug")
    assert drugs.libraries == everything.libraries   # the other libraries stay in view
    assert drugs.total == next(f.count for f in everything.libraries if f.value == "drug")
    assert drugs.hits and {h.library for h in drugs.hits} == {"drug"}
    by_letter = engine.search(view, "fever", letter="D")
    assert {h.title[0] for h in by_letter.hits} == {"D"}
    assert by_letter.letters == everything.letters
    assert sum(f.count for f in by_letter.libraries) == by_letter.total


def test_every_facet_value_is_listed_as_a_code(view):
    result = engine.search(view, "fever")
    assert [f.value for f in result.libraries] == ["disease", "drug", "lab-test", "cancer"]
    assert [f.value for f in result.languages] == ["en", "bn"]
    assert len(result.letters) == 27


def test_filters_in_the_query_and_bad_filter_values(view):
    result = engine.search(view, "fever library:drug")
    assert result.library == "drug" and {h.library for h in result.hits} == {"drug"}
    with pytest.raises(ValueError, match="unknown library"):
        Filters.checked(library="blog")


def test_pages_split_results_without_repeats(view):
    first = engine.search(view, "fever", page_size=5)
    second = engine.search(view, "fever", page=2, page_size=5)
    assert first.pages >= 2 and first.pages == page_count(first.total, 5)
    assert not set(ids(first)) & set(ids(second))
    past = engine.search(view, "fever", page=999, page_size=5)
    assert past.page == first.pages and past.hits   # past the end: the last page


def test_pages_of_tied_scores_neither_repeat_nor_skip():
    rng = np.random.default_rng(3)
    order = -rng.integers(0, 4, size=500).astype(np.float32)   # many equal scores
    allowed = np.sort(rng.choice(500, size=300, replace=False))
    pages = [page_of(order, allowed, n, 10)[0].tolist() for n in range(1, 31)]
    shown = [doc for page in pages for doc in page]
    assert shown == allowed[np.lexsort((allowed, order[allowed]))].tolist()


def test_empty_query_with_a_library_lists_it_a_to_z(view):
    result = engine.search(view, "", library="cancer", page_size=50)
    titles = [h.title for h in result.hits]
    assert result.total >= 20
    assert titles == sorted(titles, key=str.casefold)
    assert engine.search(view, "").total == 0    # no words, no filters: nothing


def test_what_was_searched_when_it_differs_from_what_was_typed(view):
    corrected = engine.search(view, "diabetis")
    assert corrected.showing_for == "diabetes" and corrected.did_you_mean is None
    as_typed = engine.search(view, "diabetis", correct=False)
    assert as_typed.showing_for is None and as_typed.total == 0
    offered = engine.search(view, "dengue platelts", correct=False)  # as typed, fix offered
    assert offered.total and not offered.matched_all_words
    assert offered.did_you_mean == "dengue platelets"


def test_hits_say_where_they_matched_by_code(view):
    hit = engine.search(view, "shaking chills").hits[0]
    assert (hit.id, hit.matched_in, hit.matched_lang) == ("malaria", "symptoms", "en")
    bangla = next(h for h in engine.search(view, "ডেঙ্গু").hits if h.id == "dengue-fever")
    assert bangla.matched_lang == "bn" and bangla.matched_in in ("bangla-note", "glossary")
