from __future__ import annotations

from pathlib import Path

import pytest

from corpus import Article, Rejection
from corpus.importers import html

PAGES = Path(__file__).parent / "fixtures" / "html"


def page(name: str) -> Article:
    (item,) = list(html.read(PAGES / name))
    assert isinstance(item, Article), item
    return item


@pytest.fixture(scope="module")
def lepto() -> Article:
    return page("leptomeningeal-neurosarcoidosis.html")


def test_article_fields_come_from_the_page(lepto):
    assert lepto.id == "leptomeningeal-neurosarcoidosis"
    assert lepto.title == "Leptomeningeal Neurosarcoidosis"
    assert lepto.library == "disease"  # from the WordPress category class
    assert lepto.url == "https://rx.example.org/leptomeningeal-neurosarcoidosis/"
    assert str(lepto.updated) == "2026-03-04"
    assert lepto.also_known_as == ("leptomeningeal sarcoidosis", "meningeal neurosarcoidosis")


def test_sections_keep_headings_and_kinds_in_order(lepto):
    assert [s.kind for s in lepto.sections] == [
        "definition", "types", "symptoms", "diagnosis", "treatment", "medications", "faq"]
    assert lepto.sections[4].heading == "Treatment for Leptomeningeal Neurosarcoidosis"
    assert "Is leptomeningeal neurosarcoidosis contagious?" in lepto.sections[-1].text


def test_site_chrome_is_not_indexed(lepto):
    text = lepto.body_text + lepto.summary
    for chrome in ("Patient Tools", "Seek urgent", "breathing difficulty", "Clinical Pathway",
                   "Doctor visit", "Care roadmap", "No strong indexed relationship",
                   "Disclaimer", "window.rx", "Print"):
        assert chrome not in text


def test_glossary_tooltips_become_entries_and_leave_the_word(lepto):
    terms = {g.term: g for g in lepto.glossary}
    assert set(terms) == {"granuloma", "inflammation"}
    assert terms["inflammation"].bn == "শরীরের প্রদাহ; ব্যথা, ফোলা বা লালভাব হতে পারে।"
    assert terms["inflammation"].en.startswith("Inflammation is the body’s response")
    assert "data-rx" not in lepto.body_text
    assert "সহজ বাংলা" not in lepto.body_text
    assert "prednisone reduce inflammation; methotrexate" in lepto.body_text


def test_bangla_note_and_references_are_kept_apart_from_the_body(lepto):
    assert lepto.bangla_note.startswith("এটি মস্তিষ্ক ও মেরুদণ্ডের")
    assert lepto.references == (
        "MedlinePlus: Sarcoidosis https://medlineplus.gov/sarcoidosis.html",
        "NINDS https://www.ninds.nih.gov/")
    assert "medlineplus" not in lepto.body_text.lower()


def test_drug_page_library_from_meta_and_faq_questions_stay_in_faq():
    article = page("amlodipine.html")
    assert article.library == "drug"
    assert article.summary.startswith("Amlodipine lowers blood pressure")
    assert [s.kind for s in article.sections] == ["uses", "dosage", "side-effects", "faq"]
    assert "Key Takeaways" not in article.body_text
    assert "antibiotics" not in article.body_text  # medicine-safety box is chrome


def test_lab_test_page_library_from_category_link_and_untitled_intro():
    article = page("hba1c.html")
    assert article.library == "lab-test"
    assert article.sections[0].kind == "definition"
    assert article.bangla_note.startswith("এইচবিএওয়ানসি")
    assert article.references == ("MedlinePlus: Hemoglobin A1C test",)


def test_broken_markup_still_imports_with_leaked_tooltip_repaired():
    article = page("broken-back-pain.html")
    assert article.title == "Back Pain"  # the <h1> was never closed
    assert article.bangla_note is None   # the theme's "not added yet" placeholder
    assert [s.kind for s in article.sections] == ["definition", "symptoms", "treatment"]
    symptoms = article.sections[1].text
    assert "data-rx" not in symptoms and "সহজ বাংলা" not in symptoms
    assert "Back Pain: pain in the neck and back may be present." in symptoms
    assert article.glossary[0].term == "back pain"
    assert article.glossary[0].bn == "পিঠ/কোমরের ব্যথা।"
    assert "leg weakness" not in article.body_text  # the urgent-care box, unclosed <p> and all


def test_page_without_title_or_library_is_rejected_with_the_field(tmp_path):
    path = tmp_path / "orphan.html"
    path.write_text("<html><body><div class='entry-content'><p>Some text.</p></div></body></html>")
    (item,) = list(html.read(path))
    assert isinstance(item, Rejection)
    assert item.field == "title"
    path.write_text("<html><body><h1>Orphan</h1><p>Some text.</p></body></html>")
    (item,) = list(html.read(path))
    assert item.field == "library"


def test_invalid_utf8_page_is_rejected(tmp_path):
    path = tmp_path / "latin1.html"
    path.write_bytes(b"<h1>Caf\xe9</h1>")
    (item,) = list(html.read(path))
    assert "invalid UTF-8" in item.message
