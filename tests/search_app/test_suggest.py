from __future__ import annotations

import pytest

from corpus import Article
from indexer import build
from search_app.index_view import ViewManager
from search_app.suggest import matched_name, one_slip, suggest


def titles(view, prefix: str) -> list[str]:
    return [s.title for s in suggest(view, prefix)]


def shown(view, prefix: str) -> list[str]:
    """As the list under the search box shows them: "Title — other name"."""
    return [s.title + (f" — {s.matched_name}" if s.matched_name else "")
            for s in suggest(view, prefix)]


def test_suggestions_in_english_and_bangla(view):
    assert "Type 2 Diabetes" in titles(view, "diab")
    assert "Dengue Fever" in titles(view, "ডেঙ্গ")


def test_a_typo_from_the_third_letter_is_forgiven(view):
    assert "Pneumonia" in titles(view, "pnue")
    assert "Pneumonia" not in titles(view, "pu")   # two letters: no guessing yet


def test_every_suggestion_names_its_library(view):
    found = suggest(view, "ma")
    assert found and all(s.library for s in found)


# The reader's complaints, on the sample library.

def test_diab_suggests_diabetes_and_not_diarrhoea_or_a_diagnostic_test(view):
    assert titles(view, "diab") == ["Type 2 Diabetes"]


def test_dia_offers_titles_that_start_with_it_and_no_disease_one_letter_away(view):
    assert shown(view, "dia") == ["Type 2 Diabetes", "Acute Diarrhoea in Children",
                                      "Malaria Rapid Diagnostic Test",
                                      "Zinc Sulfate — zinc for diarrhoea"]


def test_a_bangla_prefix_finds_the_bangla_title(view):
    found = suggest(view, "ডায়া")
    assert [(s.title, s.match) for s in found] == [("Type 2 Diabetes", "title_bn")]


def test_a_title_and_an_other_name_answer_together(view):
    assert shown(view, "esoph") == ["Oesophageal Cancer — esophageal cancer"]
    assert shown(view, "lung carcin") == ["Lung Cancer — bronchogenic carcinoma"]


def test_swapped_or_missing_letters_are_mended_when_nothing_starts_with_them(view):
    assert [(s.title, s.match) for s in suggest(view, "daib")] == [
        ("Type 2 Diabetes", "typo")]
    assert titles(view, "astm") == ["Asthma"]              # asthma, "h" left out
    assert titles(view, "ডায়বেটিস") == ["Type 2 Diabetes"]  # Bangla, া left out


def test_a_whole_other_name_comes_before_titles_that_only_start_with_it(view):
    assert shown(view, "flu")[:2] == ["Influenza — flu", "Cerebrospinal Fluid Cancer"]
    assert shown(view, "tb")[0] == "Tuberculosis — TB"


def test_a_stop_word_being_typed_is_the_start_of_a_title(view):
    assert titles(view, "he")[:2] == ["Hepatitis B", "Heart Attack"]   # "he" is stopped
    assert titles(view, "heart a")[0] == "Heart Attack"                  # and so is "a"
    assert titles(view, "zinc for") == ["Zinc Sulfate"]      # a whole stop word: dropped


def test_articles_without_a_site_page_have_no_url(view):
    assert suggest(view, "diab")[0].url is None


# A library made for the ranking: several titles share a prefix.

def article(article_id: str, title: str, library: str = "disease", **more) -> Article:
    return Article(id=article_id, title=title, library=library, summary=f"About {title}.",
                   **more)


@pytest.fixture(scope="module")
def ladder(tmp_path_factory):
    root = tmp_path_factory.mktemp("suggest-index")
    build.full([
        article("gestational-diabetes", "Gestational Diabetes"),
        article("diabetic-retinopathy", "Diabetic Retinopathy"),
        article("diabetes-insipidus", "Diabetes Insipidus"),
        article("diabetes", "Diabetes", title_bn="ডায়াবেটিস",
                also_known_as=("sugar disease", "diabetes mellitus"),
                url="https://example.org/diabetes"),
        article("zinc-sulfate", "Zinc Sulfate", "drug", also_known_as=("zinc for diarrhoea",)),
        article("malaria-rdt", "Malaria Rapid Diagnostic Test", "lab-test"),
        article("hodgkin-lymphoma", "Hodgkin Lymphoma", "cancer",
                also_known_as=("Hodgkin's disease",)),
        article("hypertension", "High Blood Pressure", also_known_as=("hypertension",)),
        article("pulmonary-hypertension", "Pulmonary Hypertension"),
    ], root)
    return ViewManager(root).view()


def test_titles_starting_with_the_prefix_come_first_shortest_first(ladder):
    assert titles(ladder, "diab") == ["Diabetes", "Diabetes Insipidus", "Diabetic Retinopathy",
                                      "Gestational Diabetes"]


def test_every_title_match_comes_before_an_other_name(ladder):
    found = suggest(ladder, "hyper")
    assert [(s.title, s.match, s.matched_name) for s in found] == [
        ("Pulmonary Hypertension", "title", None),
        ("High Blood Pressure", "other_name", "hypertension")]


def test_an_other_name_is_given_back_with_its_suggestion(ladder):
    found = suggest(ladder, "sugar")
    assert [(s.title, s.match, s.matched_name) for s in found] == [
        ("Diabetes", "other_name", "sugar disease")]
    assert found[0].url == "https://example.org/diabetes"


def test_words_from_two_other_names_come_after_one_name_and_show_the_last_word(ladder):
    found = suggest(ladder, "sugar mell")   # "sugar disease", "diabetes mellitus"
    assert [(s.title, s.matched_name) for s in found] == [("Diabetes", "diabetes mellitus")]
    assert suggest(ladder, "sugar dis")[0].matched_name == "sugar disease"
    assert matched_name(["sugar disease", "diabetes mellitus"],
                        [frozenset(["sugar"]), frozenset(["mell"])], every_word=True) is None


def test_a_prefix_one_letter_from_another_word_does_not_open_it(ladder):
    assert titles(ladder, "dis") == ["Diabetes", "Hodgkin Lymphoma"]   # "disease" in names
    assert "Hodgkin Lymphoma" not in titles(ladder, "dia")
    assert "Zinc Sulfate" not in titles(ladder, "diab")


def test_the_limit_cuts_the_list_inside_a_tier(ladder):
    assert [s.title for s in suggest(ladder, "dia", limit=4)] == [
        "Diabetes", "Diabetes Insipidus", "Diabetic Retinopathy", "Gestational Diabetes"]
    assert len(suggest(ladder, "d", limit=3)) == 3


@pytest.mark.parametrize(("typed", "meant"), [
    ("daib", "diab"),           # two letters swapped
    ("diba", "diab"),           # the last two swapped: every letter is there
    ("astm", "asthm"),          # one left out
    ("maleria", "malaria"),     # a wrong one inside
    ("diabbet", "diabet"),      # one too many, in a longer word
])
def test_one_slip_mends_a_prefix(typed, meant):
    assert one_slip(typed, meant)


@pytest.mark.parametrize(("typed", "other"), [
    ("dia", "dis"),     # another last letter: the start of other words
    ("dia", "di"),      # the last letter dropped
    ("diab", "diar"),
    ("diaa", "dia"),    # a letter too many in a short word: too wide
    ("daib", "eaib"),   # the first letter is trusted
    ("diab", "diab"),   # no slip at all
])
def test_one_slip_refuses_what_opens_other_words(typed, other):
    assert not one_slip(typed, other)


def test_an_article_renamed_by_an_incremental_run_is_suggested_by_its_new_name(tmp_path):
    """The old copy stays in the index, deleted, until a merge: it is never suggested."""
    build.full([article("sugar", "Diabetes Type 2"), article("dengue", "Dengue Fever")],
               tmp_path)
    report = build.incremental([article("sugar", "Sugar Disease"),
                                article("dengue", "Dengue Fever")], tmp_path)
    assert report.updated == 1
    view = ViewManager(tmp_path).view()
    assert view.searcher().reader().has_deletions()
    assert titles(view, "diab") == []
    assert titles(view, "sugar") == ["Sugar Disease"]
