from __future__ import annotations

import pytest

from search_app import engine


def ids(result) -> list[str]:
    return [hit.id for hit in result.hits]


def test_fever_finds_disease_articles_first(searcher):
    result = engine.search(searcher, "fever")
    assert result.total >= 5
    assert {h.library for h in result.hits[:4]} == {"disease"}
    assert "fever" in ids(result)[:5]


def test_library_filter_keeps_other_library_counts_visible(searcher):
    everything = engine.search(searcher, "fever")
    drugs = engine.search(searcher, "fever", library="drug")
    assert drugs.hits and all(h.library == "drug" for h in drugs.hits)
    assert drugs.libraries == everything.libraries
    assert drugs.total == next(f.count for f in drugs.libraries if f.value == "drug")


def test_all_words_must_match_before_any_word_may(searcher):
    both = engine.search(searcher, "malaria mosquito")
    assert both.matched_all_words and ids(both)[0] == "malaria"
    loose = engine.search(searcher, "malaria zzzunknownword")
    assert not loose.matched_all_words
    assert "malaria" in ids(loose)


def test_bangla_word_finds_bangla_notes(searcher):
    result = engine.search(searcher, "ডেঙ্গু")
    assert "dengue-fever" in ids(result)


def test_also_known_as_name_finds_the_article(searcher):
    assert ids(engine.search(searcher, "myocardial infarction"))[0] == "heart-attack"


def test_nothing_found_is_an_empty_result_not_an_error(searcher):
    result = engine.search(searcher, "qwertyuiopasdf")
    assert result.total == 0 and result.hits == []


@pytest.mark.parametrize("query", ['"unbalanced', "AND", "-", "(((", "x" * 2000,
                                   "fever\x00\x1b[31m", "   ", "the of and"])
def test_odd_queries_never_raise(searcher, query):
    engine.search(searcher, query)


def test_snippets_are_html_safe(searcher):
    result = engine.search(searcher, "folic acid")
    assert "&#39;" in result.hits[0].snippet or "'" not in result.hits[0].snippet


def test_pages_split_results(searcher):
    first = engine.search(searcher, "fever", page_size=5)
    second = engine.search(searcher, "fever", page=2, page_size=5)
    assert first.pages >= 2
    assert not set(ids(first)) & set(ids(second))


def test_empty_query_with_library_lists_that_library_a_to_z(searcher):
    result = engine.search(searcher, "", library="cancer", page_size=50)
    titles = [h.title for h in result.hits]
    assert result.total >= 20
    assert titles == sorted(titles, key=str.casefold)


def test_bangla_word_also_finds_english_articles_through_expansion(searcher, manager):
    plain = engine.search(searcher, "জ্বর")
    expanded = engine.search(searcher, "জ্বর", expander=manager.expander())
    assert expanded.total > plain.total
    assert "enteric-fever" in ids(expanded)  # no Bangla text at all: found through "fever"


def test_lay_name_finds_professional_article(searcher, manager):
    result = engine.search(searcher, "high blood pressure", expander=manager.expander())
    assert {"hypertension", "high-blood-pressure"} <= set(ids(result)[:2])


def test_inflected_bangla_query_finds_treatment_of_fever(searcher, manager):
    result = engine.search(searcher, "জ্বরের চিকিৎসা", expander=manager.expander())
    assert "fever" in ids(result)[:3]


def test_reader_spelling_variant_finds_the_article(searcher):
    assert ids(engine.search(searcher, "ডেংগু"))[:1] == ["dengue-fever"]


def test_glossary_pairs_of_the_index_feed_expansion(manager):
    names = {e.text: e.alternatives for e in manager.expander().expand("platelets")}
    assert "অণুচক্রিকা" in names["platelets"]


def test_expansion_leaves_quoted_phrases_alone(searcher, manager):
    quoted = engine.search(searcher, '"জ্বর"', expander=manager.expander())
    plain = engine.search(searcher, "জ্বর", expander=manager.expander())
    assert 0 < quoted.total < plain.total
    assert "enteric-fever" not in ids(quoted)


@pytest.mark.parametrize("query, names", [
    # Two articles carry "typhoid fever" as a name (title of one, other name of the other):
    # both come before every article that merely uses the words.
    ("typhoid fever", {"Typhoid Fever", "Enteric Fever"}),
    ("Breakbone Fever", {"Dengue Fever"}),     # case does not matter
    ("chest infections", {"Pneumonia"}),       # nor the plural
])
def test_a_query_that_is_exactly_a_name_puts_that_article_first(searcher, manager, query,
                                                                   names):
    hits = engine.search(searcher, query, expander=manager.expander()).hits
    assert {h.title for h in hits[:len(names)]} == names


def test_name_keys_fold_case_plurals_and_stop_words():
    from indexer.schema import name_key

    assert name_key("Cancer of the Lungs") == name_key("cancer lung") == "cancer lung"
    assert name_key("Systemic Lupus Erythematosus") == name_key("systemic lupus erythematosus")
    assert "," not in name_key("Hand, foot and mouth disease")


def test_pages_of_tied_scores_neither_repeat_nor_skip():
    import numpy as np

    rng = np.random.default_rng(3)
    order = -rng.integers(0, 4, size=500).astype(np.float32)   # many equal scores
    allowed = np.sort(rng.choice(500, size=300, replace=False))
    pages = [engine._page(order, allowed, n, 10)[0].tolist() for n in range(1, 31)]
    shown = [doc for page in pages for doc in page]
    expected = allowed[np.lexsort((allowed, order[allowed]))].tolist()
    assert shown == expected
