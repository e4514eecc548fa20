"""The whole search, as readers use it, on the sample library."""

from __future__ import annotations

import pytest

from search_app import engine
from search_app.query import Note


def ids(result) -> list[str]:
    return [hit.id for hit in result.hits]


def test_fever_finds_disease_articles_first(view):
    result = engine.search(view, "fever")
    assert result.total >= 5
    assert {h.library for h in result.hits[:4]} == {"disease"}
    assert "fever" in ids(result)[:5]


def test_all_words_must_match_before_any_word_may(view):
    both = engine.search(view, "malaria mosquito")
    assert both.matched_all_words and ids(both)[0] == "malaria"
    loose = engine.search(view, "malaria zzzunknownword")
    assert not loose.matched_all_words and "malaria" in ids(loose)


def test_a_section_named_in_the_query_favours_that_section(view):
    result = engine.search(view, "side effects of methotrexate")
    assert ids(result)[0] == "methotrexate" and result.section == "side_effects"
    assert ids(engine.search(view, "treatment for sarcoidosis"))[0] == "sarcoidosis"


def test_phrase_and_exclusion(view):
    assert "fever" in ids(engine.search(view, '"stiff neck"'))
    without = ids(engine.search(view, "fever -mosquito"))
    assert "typhoid-fever" in without
    assert "malaria" not in without and "dengue-fever" not in without


@pytest.mark.parametrize(("typed", "meant", "article"), [
    ("diabetis", "diabetes", "type-2-diabetes"),
    ("neumonia", "pneumonia", "pneumonia"),
    ("alzhimers", "alzheimer", "alzheimers-disease"),
    ("tuberculoses treatmnt", "treatment", "tuberculosis"),
])
def test_typos_are_corrected_from_the_index_vocabulary(view, typed, meant, article):
    result = engine.search(view, typed)
    assert result.showing_for and meant in result.showing_for
    assert article in ids(result)[:3]


def test_british_and_american_spellings_find_the_same_articles(view):
    assert set(ids(engine.search(view, "hemoglobin"))) == \
        set(ids(engine.search(view, "haemoglobin")))


def test_bangla_word_finds_bangla_notes_and_english_articles(view):
    assert "dengue-fever" in ids(engine.search(view, "ডেঙ্গু"))
    # Enteric Fever has no Bangla text at all: found through জ্বর = fever.
    assert "enteric-fever" in ids(engine.search(view, "জ্বর"))


def test_inflected_bangla_query_finds_the_treatment_of_fever(view):
    result = engine.search(view, "জ্বরের চিকিৎসা")
    assert result.section == "treatment" and "fever" in ids(result)[:3]


def test_reader_spelling_variant_finds_the_article(view):
    assert ids(engine.search(view, "ডেংগু"))[:1] == ["dengue-fever"]


def test_lay_and_other_names_find_the_article(view):
    assert {"hypertension", "high-blood-pressure"} <= set(
        ids(engine.search(view, "high blood pressure"))[:2])
    assert ids(engine.search(view, "myocardial infarction"))[0] == "heart-attack"


def test_expansion_leaves_quoted_phrases_alone(view):
    quoted = engine.search(view, '"জ্বর"')
    plain = engine.search(view, "জ্বর")
    assert 0 < quoted.total < plain.total
    assert "enteric-fever" not in ids(quoted)


@pytest.mark.parametrize("query, names", [
    # Two articles carry "typhoid fever" as a name (title of one, other name of the other):
    # both come before every article that merely uses the words.
    ("typhoid fever", {"Typhoid Fever", "Enteric Fever"}),
    ("Breakbone Fever", {"Dengue Fever"}),     # case does not matter
    ("chest infections", {"Pneumonia"}),       # nor the plural
])
def test_a_query_that_is_exactly_a_name_puts_that_article_first(view, query, names):
    hits = engine.search(view, query).hits
    assert {h.title for h in hits[:len(names)]} == names


def test_danger_sign_notice_in_english_and_bangla(view):
    for query in ("chest pain and sweating", "বুকে ব্যথা", "baby has fits", "শ্বাসকষ্ট"):
        notice = engine.search(view, query).notice
        assert notice is not None, query
        assert "999" in notice.message_en and "৯৯৯" in notice.message_bn
    assert engine.search(view, "fever").notice is None


def test_only_stop_words_explains_itself_with_a_note(view):
    result = engine.search(view, "the of and")
    assert result.total == 0 and result.notes == (Note("common_words_only"),)


def test_notes_of_the_parser_reach_the_result(view):
    result = engine.search(view, 'fever library:blog "neck')
    assert result.notes == (Note("unmatched_quote"), Note("unknown_filter", "library:blog"))
    assert result.total


def test_nothing_found_is_an_empty_result_not_an_error(view):
    result = engine.search(view, "qwertyuiopasdf")
    assert result.total == 0 and result.hits == []


@pytest.mark.parametrize("query", ['"unbalanced', "AND", "-", "(((", "x" * 2000,
                                   "fever\x00\x1b[31m", "   ", "the of and", '""', "-fever"])
def test_odd_queries_never_raise(view, query):
    result = engine.search(view, query)
    assert result.total >= 0 and result.page >= 1


# -- Bangla readers, English articles -------------------------------------------------------

def test_bangla_phrase_word_by_word_finds_the_blood_sugar_test(view):
    from analyzers import keys
    from analyzers.lexicon import default_entries

    query = "রক্তে চিনি পরীক্ষা"
    assert keys(query) not in {keys(e.bangla) for e in default_entries()}
    result = engine.search(view, query)
    assert ids(result)[0] == "fasting-blood-sugar"
    assert result.interpreted_as[0].english[0] == "blood"


def test_a_bangla_term_the_lexicon_knows_finds_its_article(view):
    result = engine.search(view, "জরায়ুমুখের ক্যান্সার")
    assert ids(result)[0] == "cervical-cancer"
    assert result.interpreted_as[0].english == ("cervical cancer",)


def test_a_loanword_no_lexicon_knows_is_matched_by_sound(view):
    from analyzers import keys
    from analyzers.lexicon import default_entries

    assert keys("গ্লাইওমা") not in {keys(e.bangla) for e in default_entries()}
    result = engine.search(view, "গ্লাইওমা")
    assert ids(result)[0] == "glioma"
    assert (result.interpreted_as[0].how, result.interpreted_as[0].english) == (
        "loanword", ("glioma",))


def test_a_romanised_word_gets_its_bangla_and_english_readings(view):
    result = engine.search(view, "jor")
    reading = result.interpreted_as[0]
    assert (reading.how, reading.bangla, reading.english[0]) == ("romanised", "জ্বর", "fever")
    assert ids(result)[0] == "fever"
    assert engine.search(view, "jor", correct=False).interpreted_as == ()   # undone


def test_a_brand_finds_its_generic_and_says_so(view):
    result = engine.search(view, "Napa")
    assert ids(result)[:2] in (["paracetamol", "acetaminophen"],
                               ["acetaminophen", "paracetamol"])
    reading = result.interpreted_as[0]
    assert (reading.how, reading.english[0], reading.manufacturer) == (
        "brand", "paracetamol", "Beximco Pharmaceuticals")


def test_danger_signs_typed_in_latin_letters_carry_the_notice(view):
    for query in ("buke betha", "shash kosto"):
        assert engine.search(view, query).notice is not None, query


# -- danger signs: the emergencies they signal first ---------------------------------------

def test_chest_pain_ranks_heart_attack_above_chest_x_ray(view):
    for query in ("chest pain", "বুকে ব্যথা", "my father has chest pain"):
        found = ids(engine.search(view, query))
        assert found[0] == "heart-attack", query
        assert "chest-x-ray" in found, query


def test_emergencies_come_first_in_the_danger_data_order_then_the_rest_as_ranked(view):
    # breathing: asthma is listed before pneumonia; the others keep their order.
    found = engine.search(view, "breathing difficulty")
    assert ids(found)[:3] == ["asthma", "pneumonia", "chest-x-ray"]
    assert found.total == 14 and found.notice is not None
    assert ids(engine.search(view, "শ্বাসকষ্ট"))[:2] == ["asthma", "pneumonia"]


def test_an_emergency_that_does_not_match_is_not_pulled_in(view):
    # Heart Attack matches "chest pain" but is no lab test: the filter keeps it out.
    found = engine.search(view, "chest pain", library="lab-test")
    assert ids(found) == ["chest-x-ray", "electrocardiogram"]


# Rankings of the sample library before danger signs ordered results (none names a sign).
BEFORE = {
    "fever": ["fever", "dengue-fever", "typhoid-fever", "enteric-fever", "ibuprofen"],
    "জ্বর": ["fever", "dengue-fever", "typhoid-fever", "enteric-fever", "malaria"],
    "jor": ["fever", "dengue-fever", "typhoid-fever", "enteric-fever", "malaria"],
    "side effects of methotrexate": ["methotrexate", "folic-acid", "cranial-neurosarcoidosis",
                                     "cerebrospinal-fluid-cancer",
                                     "cranial-nerve-neurosarcoidosis"],
    "malaria mosquito": ["malaria", "malaria-rapid-diagnostic-test", "chikungunya",
                         "artemether-lumefantrine", "dengue-fever"],
    "high blood pressure": ["high-blood-pressure", "hypertension", "chronic-kidney-disease",
                            "losartan", "amlodipine"],
    "napa": ["paracetamol", "acetaminophen", "dengue-fever", "chikungunya", "covid-19"],
    "tuberchlosis": ["tuberculosis", "sputum-test-for-tuberculosis", "rifampicin",
                     "chest-x-ray", "hodgkin-lymphoma"],
    "chest x-ray": ["chest-x-ray", "pneumonia", "lung-cancer", "sarcoidosis", "tuberculosis"],
}


@pytest.mark.parametrize("query", sorted(BEFORE))
def test_a_query_without_a_danger_sign_is_ranked_as_before(view, query):
    found = engine.search(view, query)
    assert found.notice is None
    assert ids(found)[:5] == BEFORE[query]


def test_name_keys_fold_case_plurals_and_stop_words():
    from indexer.schema import name_key

    assert name_key("Cancer of the Lungs") == name_key("cancer lung") == "cancer lung"
    assert name_key("Systemic Lupus Erythematosus") == name_key("systemic lupus erythematosus")
    assert "," not in name_key("Hand, foot and mouth disease")


# -- long messages --------------------------------------------------------------------------

def test_a_spotted_name_beats_the_general_name_inside_it(view):
    from search_app.query import parse
    from search_app.understand import understand

    query = "my son has had dengue fever for three days and now a rash, what should we do"
    assert understand(view, parse(query)).spotted == ("dengu fever",)
    assert ids(engine.search(view, query))[:2] == ["dengue-fever", "fever"]


def test_a_misspelt_word_is_corrected_inside_a_long_message(view):
    query = ("respected sir, my father is taking treatment for tuberculossis and feels weak, "
             "what food helps")
    result = engine.search(view, query)
    assert ids(result)[0] == "tuberculosis"
    assert "tuberculosis" in result.showing_for and "father" in result.showing_for
    assert "tuberculossis" in engine.search(view, query, correct=False).query


def test_everyday_words_the_library_lacks_are_not_corrected_in_a_message(view):
    from search_app.query import parse
    from search_app.understand import understand

    words = understand(view, parse("my son and his father have had fever for a week")).words
    assert [w.correction for w in words] == [None] * len(words)


def test_boilerplate_weighs_nothing(view):
    from search_app.query import parse
    from search_app.understand import understand

    query = ("ClinicalTrials.gov - Question - general information. Hello, my mother was told "
             "she has malaria, thank you")
    found = understand(view, parse(query))
    assert {w.text for w in found.words if w.noise} >= {"Question", "general", "thank"}
    assert ids(engine.search(view, query))[0] == "malaria"


def test_a_name_in_a_long_messages_subject_line_counts(view):
    from search_app.query import parse
    from search_app.understand import understand

    query = ("Typhoid fever. My brother came back from a trip with chills and a headache "
             "and we worry that it is malaria")
    found = understand(view, parse(query))
    assert found.subject == ("typhoid fever",)
    assert set(ids(engine.search(view, query))[:2]) == {"typhoid-fever", "enteric-fever"}
