from __future__ import annotations

import pytest
from whoosh import qparser

from indexer import versions
from indexer.schema import document, title_letter, title_sort_key


@pytest.fixture(scope="module")
def searcher(tiny_index):
    with versions.open_live(tiny_index).searcher() as s:
        yield s


def suggest(searcher, prefix: str) -> list[str]:
    parser = qparser.QueryParser("title_ac", searcher.schema)
    return sorted(hit["title"] for hit in searcher.search(parser.parse(prefix), limit=50))


def test_autocomplete_answers_english_prefixes(searcher):
    assert "Type 2 Diabetes" in suggest(searcher, "diab")
    assert "Dengue Fever" in suggest(searcher, "dengue fe")
    assert "Alzheimer's Disease" in suggest(searcher, "alzh")


def test_autocomplete_answers_bangla_prefixes_and_variants(searcher):
    assert "Dengue Fever" in suggest(searcher, "ডেঙ্গ")
    assert "Dengue Fever" in suggest(searcher, "ডেংগু")       # reader's spelling
    assert "Breast Cancer" in suggest(searcher, "স্তন ক্যান")


def test_autocomplete_finds_titles_by_other_names(searcher):
    assert "Tuberculosis" in suggest(searcher, "TB")


def test_section_fields_hold_their_sections(sample_report):
    malaria = next(a for a in sample_report.articles if a.id == "malaria")
    doc = document(malaria)
    assert "shaking chills" in doc["symptoms"]
    assert "artemether" in doc["treatment"]
    assert "rapid diagnostic test" in doc["tests"]
    assert "shaking chills" not in doc["body"]
    assert len(doc["content_hash"]) == 32


def test_titles_sort_by_collation_and_file_under_letters():
    titles = ["ébola", "Zinc", "alzheimer's", "Anaemia", "5-FU"]
    assert sorted(titles, key=title_sort_key) == ["5-FU", "alzheimer's", "Anaemia", "ébola",
                                                   "Zinc"]
    assert [title_letter(t) for t in titles] == ["E", "Z", "A", "A", "#"]
