"""Search that understands readers, on the sample library (issue: ranking, facets, snippets,
typos, Bangla, danger signs)."""

from __future__ import annotations

import pytest

from search_app import browse, engine, related, suggest


@pytest.fixture
def find(searcher, manager):
    def run(query: str, **kwargs):
        return engine.search(searcher, query, expander=manager.expander(), **kwargs)
    return run


def ids(result) -> list[str]:
    return [h.id for h in result.hits]


def test_section_named_in_the_query_favours_that_section(find):
    result = find("side effects of methotrexate")
    assert ids(result)[0] == "methotrexate"
    assert result.section == "side_effects"
    assert result.hits[0].matched_in == "Side effects"


def test_treatment_query_and_bangla_treatment_query(find):
    assert ids(find("treatment for sarcoidosis"))[0] == "sarcoidosis"
    bangla = find("জ্বরের চিকিৎসা")
    assert bangla.section == "treatment"
    assert "fever" in ids(bangla)[:3]


def test_phrase_and_exclusion(find):
    phrase = find('"stiff neck"')
    assert "fever" in ids(phrase)
    without = find("fever -mosquito")
    assert "typhoid-fever" in ids(without) and "malaria" not in ids(without)
    assert "dengue-fever" not in ids(without)


def test_filters_in_the_query(find):
    result = find("fever library:drug")
    assert result.library == "drug" and {h.library for h in result.hits} == {"drug"}


def test_disjunctive_facets_keep_other_counts(find):
    everything = find("fever")
    drugs = find("fever", library="drug")
    assert drugs.libraries == everything.libraries
    assert drugs.total == next(f.count for f in everything.libraries if f.value == "drug")
    by_letter = find("fever", letter="D")
    assert {h.title[0] for h in by_letter.hits} == {"D"}
    assert by_letter.letters == everything.letters
    assert sum(f.count for f in by_letter.libraries) == by_letter.total


def test_snippets_mark_words_escape_html_and_name_the_section(find):
    hit = find("shaking chills").hits[0]
    assert hit.id == "malaria"
    assert "<mark>shaking</mark> <mark>chills</mark>" in hit.snippet
    assert hit.matched_in == "Symptoms"
    folic = find("folic acid pregnancy").hits[0]
    assert "'" not in folic.snippet.replace("&#39;", "")


def test_snippet_falls_back_to_summary_when_only_the_title_matched(find):
    hit = next(h for h in find("scabies").hits if h.id == "scabies")
    assert hit.matched_in is None
    assert hit.snippet.startswith("<mark>Scabies</mark> is an itchy skin infestation")


def test_bangla_query_marks_bangla_words(find):
    hit = next(h for h in find("ডেঙ্গু").hits if h.id == "dengue-fever")
    assert hit.matched_lang in ("bn", "en")
    assert "<mark>" in hit.snippet


@pytest.mark.parametrize(("typed", "meant", "article"), [
    ("diabetis", "diabetes", "type-2-diabetes"),
    ("neumonia", "pneumonia", "pneumonia"),
    ("alzhimers", "alzheimer", "alzheimers-disease"),
    ("tuberculoses treatmnt", "treatment", "tuberculosis"),
])
def test_typos_are_corrected_from_the_index_vocabulary(find, typed, meant, article):
    result = find(typed)
    assert result.showing_for and meant in result.showing_for
    assert article in ids(result)[:3]


def test_haemoglobin_and_hemoglobin_find_the_same_articles(find):
    assert set(ids(find("hemoglobin"))) == set(ids(find("haemoglobin")))


def test_danger_sign_notice_in_english_and_bangla(find):
    for query in ("chest pain and sweating", "বুকে ব্যথা", "baby has fits", "শ্বাসকষ্ট"):
        notice = find(query).notice
        assert notice is not None, query
        assert "999" in notice.message_en and "৯৯৯" in notice.message_bn
    assert find("fever").notice is None


def test_only_stop_words_explains_itself(find):
    result = find("the of and")
    assert result.total == 0 and "common words" in result.notes[0]


def test_nothing_matching_all_words_falls_back_to_any(find):
    result = find("malaria qwertyzzz")
    assert not result.matched_all_words and "malaria" in ids(result)


def test_suggestions_english_bangla_and_typos(searcher):
    assert "Type 2 Diabetes" in [s.title for s in suggest.suggest(searcher, "diab")]
    assert "Dengue Fever" in [s.title for s in suggest.suggest(searcher, "ডেঙ্গ")]
    assert "Pneumonia" in [s.title for s in suggest.suggest(searcher, "pnue")]
    assert all(s.library for s in suggest.suggest(searcher, "ma"))


def test_a_to_z_browse_in_reader_order(searcher):
    index = browse.letters(searcher, "drug")
    assert dict(index.letters)["A"] >= 3 and dict(index.letters)["Q"] == 0
    page = browse.titles(searcher, "drug", "A")
    titles = [e.title for e in page.entries]
    assert titles == sorted(titles, key=str.casefold)
    assert browse.library_counts(searcher) == {"disease": 29, "drug": 24, "lab-test": 22,
                                               "cancer": 21}


def test_related_links_a_disease_to_its_tests_and_medicines(searcher):
    found = related.related(searcher, "dengue-fever")
    tests = [r.id for r in found.by_library["lab-test"]]
    drugs = [r.id for r in found.by_library["drug"]]
    assert "dengue-ns1-antigen-test" in tests
    assert "paracetamol" in drugs
    assert all(r.strength >= related.THRESHOLD for rs in found.by_library.values() for r in rs)


def test_related_can_honestly_have_nothing(searcher):
    found = related.related(searcher, "retinoblastoma")
    assert found.by_library["drug"] == []
    assert related.related(searcher, "no-such-article") is None


def test_section_words_do_not_choose_the_snippet_over_the_topic(find):
    hit = next(h for h in find("side effects of methotrexate").hits
               if h.id == "cranial-nerve-neurosarcoidosis")
    assert hit.matched_in == "Treatment" and "<mark>Methotrexate</mark>" in hit.snippet
