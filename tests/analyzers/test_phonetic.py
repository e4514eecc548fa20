from __future__ import annotations

import pytest

from analyzers.phonetic import latin_of, roman_key, skeleton


@pytest.mark.parametrize(("bangla", "latin"), [
    ("সোরিয়াসিস", "soriyasis"), ("ক্যান্সার", "kyansar"), ("একজিমা", "ekjima"),
    ("অ্যালার্জি", "alarji"), ("প্রস্রাব", "prsrab"), ("জ্বর", "jr"),
])
def test_bangla_is_written_by_sound_without_inherent_vowels(bangla, latin):
    assert latin_of(bangla) == latin


@pytest.mark.parametrize(("english", "bangla"), [
    ("psoriasis", "সোরিয়াসিস"), ("dialysis", "ডায়ালাইসিস"), ("hemophilia", "হিমোফিলিয়া"),
    ("leukemia", "লিউকেমিয়া"), ("eczema", "একজিমা"), ("pneumonia", "নিউমোনিয়া"),
    ("typhoid", "টাইফয়েড"), ("omeprazole", "ওমিপ্রাজল"), ("cystic", "সিস্টিক"),
    ("allergy", "অ্যালার্জি"), ("thalassemia", "থ্যালাসেমিয়া"),
])
def test_a_loanword_and_its_english_share_a_skeleton(english, bangla):
    assert skeleton(english) == skeleton(latin_of(bangla))


def test_different_words_keep_different_skeletons():
    assert skeleton("psoriasis") != skeleton("sarcoidosis")
    assert skeleton("diabetes") != skeleton("dialysis")


@pytest.mark.parametrize(("typed_as", "real"), [
    ("বেথা", "ব্যথা"),          # য-ফলা heard as "e"
    ("জর", "জ্বর"),             # silent ব-ফলা
    ("শাশ", "শ্বাস"),           # sibilants, vowel length
    ("পেত", "পেট"),             # dental and retroflex
    ("গরভপাত", "গর্ভপাত"),      # aspiration, inherent vowels
    ("সর্দি", "সার্দি"),          # a written or not
])
def test_romanisation_keys_meet_for_what_readers_do_not_distinguish(typed_as, real):
    assert roman_key(typed_as) == roman_key(real)


def test_romanisation_keys_keep_what_readers_do_distinguish():
    assert roman_key("পেট") != roman_key("পিঠ")     # belly, back
    assert roman_key("কান") != roman_key("নাক")     # ear, nose
