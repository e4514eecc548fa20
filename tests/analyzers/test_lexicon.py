from __future__ import annotations

import pytest

from analyzers import keys
from analyzers.expand import default_expander
from analyzers.lexicon import (
    LEXICON_DIR,
    LexiconError,
    bangla_for,
    default_entries,
    read_project_file,
)


def names(query: str) -> dict[str, tuple[str, ...]]:
    return {e.text: e.alternatives for e in default_expander().expand(query)}


def test_the_lexicon_has_two_thousand_bangla_headwords_of_every_kind():
    ours = [e for path in LEXICON_DIR.glob("*.tsv") for e in read_project_file(path)]
    assert len({keys(e.bangla) for e in ours}) >= 2000
    assert {"disease", "symptom", "body", "medicine", "test", "word"} <= {e.kind for e in ours}
    assert any(e.source.startswith("glossary-tico19") for e in default_entries())


def test_bangla_terms_translate_one_way():
    assert names("কোষ্ঠকাঠিন্য")["কোষ্ঠকাঠিন্য"][0] == "constipation"
    assert "kidney stones" in names("কিডনির পাথর")["কিডনির পাথর"]
    assert "cervical cancer" in names("জরায়ুমুখের ক্যান্সার")["জরায়ুমুখের ক্যান্সার"]
    # the English word is not widened by every Bangla synonym of it
    assert not any("কোষ্ঠকাঠিন্য" in n for n in names("constipation").get("constipation", ()))


def test_inflections_and_reader_spellings_need_no_entries():
    assert names("কিডনিতে পাথর")             # the locative of কিডনি, through the stemmer
    assert names("ব্যাথা")["ব্যাথা"] == names("ব্যথা")["ব্যথা"]   # a reader's spelling


def test_english_to_bangla_for_mixed_queries():
    assert "ক্যান্সার" in bangla_for("cancer")
    assert bangla_for("qwertyzzz") == ()


def test_a_broken_line_names_its_file_and_line(tmp_path):
    path = tmp_path / "extra.tsv"
    path.write_text("bn\ten\tkind\nজ্বর\tfever\tdisease\nকাশি\tcough\n", encoding="utf-8")
    with pytest.raises(LexiconError, match=r"extra\.tsv:3"):
        read_project_file(path)
    path.write_text("bn\ten\tkind\nfever\tজ্বর\tsymptom\n", encoding="utf-8")
    with pytest.raises(LexiconError, match=r"extra\.tsv:2"):
        read_project_file(path)
