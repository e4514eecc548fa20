from __future__ import annotations

from dataclasses import replace

import pytest
from whoosh import qparser

from corpus import Article
from corpus.article import GlossaryTerm
from indexer import versions
from indexer.schema import (
    READ_IN,
    document,
    lead_word,
    read_in,
    suggest_order,
    title_letter,
    title_sort_key,
)


@pytest.fixture(scope="module")
def searcher(tiny_index):
    with versions.open_version(tiny_index, versions.live_version(tiny_index)).searcher() as s:
        yield s


def suggest(searcher, prefix: str, field: str = "title_ac") -> list[str]:
    parser = qparser.QueryParser(field, searcher.schema)
    return sorted(hit["title"] for hit in searcher.search(parser.parse(prefix), limit=50))


def test_autocomplete_answers_english_prefixes(searcher):
    assert "Type 2 Diabetes" in suggest(searcher, "diab")
    assert "Dengue Fever" in suggest(searcher, "dengue fe")
    assert "Alzheimer's Disease" in suggest(searcher, "alzh")


def test_autocomplete_answers_bangla_prefixes_and_variants(searcher):
    assert "Dengue Fever" in suggest(searcher, "ডেঙ্গ", "title_bn_ac")
    assert "Dengue Fever" in suggest(searcher, "ডেংগু", "title_bn_ac")       # reader's spelling
    assert "Breast Cancer" in suggest(searcher, "স্তন ক্যান", "title_bn_ac")


def test_autocomplete_keeps_titles_and_other_names_apart(searcher):
    assert "Tuberculosis" in suggest(searcher, "TB", "aka_ac")
    assert "Tuberculosis" not in suggest(searcher, "TB")
    assert "Zinc Sulfate" not in suggest(searcher, "diar")   # "zinc for diarrhoea"


def test_autocomplete_lead_holds_the_first_word_of_each_title(searcher):
    assert "Type 2 Diabetes" in suggest(searcher, "typ", "lead_ac")
    assert "Type 2 Diabetes" in suggest(searcher, "টাই", "lead_ac")
    assert "Type 2 Diabetes" not in suggest(searcher, "diab", "lead_ac")


def test_lead_word_skips_stop_words_and_suggest_order_puts_shorter_titles_first():
    assert lead_word("The Common Cold") == "Common"
    assert lead_word("শিশুদের ডায়রিয়া") == "শিশুদের"
    assert suggest_order("Diabetes") < suggest_order("Diabetes Insipidus")
    assert suggest_order("Asthma") < suggest_order("Cholera")      # same length: A–Z


def test_section_fields_hold_their_sections(sample_report):
    malaria = next(a for a in sample_report.articles if a.id == "malaria")
    doc = document(malaria)
    assert "shaking chills" in doc["symptoms"]
    assert "artemether" in doc["treatment"]
    assert "rapid diagnostic test" in doc["tests"]
    assert "shaking chills" not in doc["body"]
    assert len(doc["content_hash"]) == 32 and doc["content_hash"].isascii()


def test_titles_sort_by_collation_and_file_under_letters():
    titles = ["ébola", "Zinc", "alzheimer's", "Anaemia", "5-FU"]
    assert sorted(titles, key=title_sort_key) == ["5-FU", "alzheimer's", "Anaemia", "ébola",
                                                   "Zinc"]
    assert [title_letter(t) for t in titles] == ["E", "Z", "A", "A", "#"]


def test_every_section_word_names_a_section_field_of_the_registry():
    import tomllib

    from analyzers.sections import DATA
    from indexer.schema import FIELDS, SECTION_FIELDS

    named = tomllib.loads((DATA / "section_words.toml").read_text(encoding="utf-8"))
    assert named, "section_words.toml lists no sections"
    for key in named:
        assert key in FIELDS and FIELDS[key].kind == "section", key
    # and every section field is reachable from some section kind
    assert set(SECTION_FIELDS.values()) == {f for f in FIELDS if FIELDS[f].kind == "section"}


def test_the_schema_holds_every_registry_field_as_analysed_text(tiny_index):
    from whoosh.fields import TEXT

    from indexer.schema import TEXT_FIELDS, build_schema

    schema = build_schema()
    for field in TEXT_FIELDS:
        assert isinstance(schema[field.name], TEXT), field.name
        assert schema[field.name].stored == field.stored, field.name
    with versions.open_version(tiny_index, versions.live_version(tiny_index)).searcher() as s:
        for field in TEXT_FIELDS:  # the registry is what the index was built with
            assert s.schema[field.name] == schema[field.name], field.name


def test_read_in_is_bangla_for_a_bangla_title_or_note_not_for_a_glossary_gloss():
    plain = Article("cough", "Cough", "disease", "A cough clears the airways.")
    assert read_in(plain) == "en"
    assert read_in(replace(plain, title_bn="কাশি")) == "en bn"
    assert read_in(replace(plain, bangla_note="কাশি হলে গরম পানি খান।")) == "en bn"
    assert read_in(replace(plain, lang="bn", title="কাশি")) == "bn"
    # A gloss is a few Bangla words at the end of an English article, nothing to read.
    glossed = replace(plain, glossary=(GlossaryTerm("cough", "A reflex.", "কাশি"),))
    assert read_in(glossed) == "en"
    assert document(replace(plain, title_bn="কাশি"))["read_in"] in READ_IN
