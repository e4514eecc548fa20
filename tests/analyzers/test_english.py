from __future__ import annotations

import pytest

from analyzers import english_analyzer
from analyzers.english import english_key, stem_english, strip_possessive


@pytest.mark.parametrize("forms", [
    ("headache", "headaches"),
    ("infection", "infections", "infected"),
    ("diagnosis", "diagnoses", "diagnosed", "diagnose"),
    ("psychosis", "psychoses"),
    ("treatment", "treatments"),
    ("vaccine", "vaccines", "vaccinated", "vaccination"),
])
def test_forms_a_reader_means_as_one_word_meet(forms):
    assert len({english_key(f) for f in forms}) == 1


def test_possessives_with_either_apostrophe():
    assert strip_possessive("alzheimer's") == "alzheimer"
    assert strip_possessive("patients'") == "patients"
    words = [t.text for t in english_analyzer()("Alzheimer’s and Alzheimer's")]
    assert words == ["alzheim", "alzheim"]


def test_latin_accents_fold():
    assert english_key("ménière") == english_key("meniere")
    assert english_key("sjögren") == english_key("sjogren")


def test_stop_words_drop_but_medical_words_stay():
    words = [t.text for t in english_analyzer()("What are the side effects of not eating?")]
    assert words == ["side", "effect", "not", "eat"]


def test_stem_is_cached_and_stable():
    assert stem_english("infections") == stem_english("infections") == "infect"
