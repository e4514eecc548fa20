"""Loanwords by sound, Bangla typed in Latin letters, and brand names, each alone."""

from __future__ import annotations

from analyzers.brands import Brand, Brands, default_brands
from analyzers.loanwords import LoanwordMatcher
from analyzers.romanised import RomanisedReader

ENGLISH = [("psoriasis", True), ("sarcoidosis", True), ("dialysis", True),
           ("diabetes", True), ("glioma", True), ("gloom", False), ("cystic", True)]


def test_a_loanword_finds_the_english_word_it_is_spelt_from():
    matcher = LoanwordMatcher(ENGLISH)
    assert matcher.match("সোরিয়াসিস") == ["psoriasis"]
    assert matcher.match("ডায়ালাইসিস") == ["dialysis"]
    assert matcher.match("গ্লাইওমা") == ["glioma"]


def test_a_native_word_or_a_short_one_matches_nothing():
    matcher = LoanwordMatcher(ENGLISH)
    assert matcher.match("জ্বর") == []          # a native word: fever has another sound
    assert matcher.match("পেট") == []           # too short to judge by sound


def test_romanised_words_read_as_the_real_bangla_word():
    reader = RomanisedReader([("জ্বর", 1000.0), ("জোড়া", 40.0), ("ব্যথা", 1000.0),
                              ("গর্ভপাত", 1000.0), ("পেট", 1000.0)])
    assert reader.readings("jor") == ["জ্বর"]
    assert reader.readings("betha") == ["ব্যথা"]
    assert reader.readings("byatha") == ["ব্যথা"]
    assert reader.readings("gorbhopat") == ["গর্ভপাত"]
    assert reader.readings("pet") == ["পেট"]
    assert reader.readings("qqq") == []
    assert reader.readings("fever1") == []      # not a word of letters


def test_a_close_reading_only_when_asked():
    reader = RomanisedReader([("কোষ্ঠকাঠিন্য", 1000.0)])
    assert reader.readings("koshkathinya", near=False) == []     # a letter left out
    assert reader.readings("koshkathinya") == ["কোষ্ঠকাঠিন্য"]


def test_brands_in_latin_and_bangla_letters():
    brands = default_brands()
    assert brands.find("Napa") == Brand("Napa", "paracetamol", "Beximco Pharmaceuticals")
    assert brands.find("SECLO").generic == "omeprazole"
    assert brands.find("নাপা").generic == "paracetamol"
    assert brands.find("fever") is None
    assert len(brands) >= 50


def test_a_brand_file_needs_only_its_three_columns(tmp_path):
    path = tmp_path / "brands.tsv"
    path.write_text("# ours\nbrand\tgeneric\tmanufacturer\nFexo\tfexofenadine\tSquare\n",
                    encoding="utf-8")
    assert Brands.load(path).find("fexo").generic == "fexofenadine"
