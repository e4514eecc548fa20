from __future__ import annotations

from pathlib import Path

import pytest

from corpus import Article, Rejection
from corpus.importers import html
from corpus.validate import ArticleWarning

PAGES = Path(__file__).parent / "fixtures" / "html"


def page(name: str) -> Article:
    (item,) = [i for i in html.read(PAGES / name) if not isinstance(i, ArticleWarning)]
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


def broken_page(body: str) -> str:
    """A page of the site as a broken editor or theme writes it: only ``body`` varies."""
    return ('<html><head><meta name="rx:library" content="disease"></head><body>'
            f'<article>{body}</article></body></html>')


def read_page(tmp_path: Path, body: str) -> tuple[Article | Rejection, list[str]]:
    path = tmp_path / "typhoid.html"
    path.write_text(broken_page(body), encoding="utf-8")
    items = list(html.read(path))
    warnings = [str(i) for i in items if isinstance(i, ArticleWarning)]
    (item,) = [i for i in items if not isinstance(i, ArticleWarning)]
    return item, warnings


def sections_of(article: Article) -> list[tuple[str, str]]:
    return [(s.heading, s.text) for s in article.sections]


def test_unclosed_h2_keeps_its_text_as_the_section_body(tmp_path):
    article, warnings = read_page(tmp_path, (
        "<h1>Typhoid</h1><p>Typhoid is an infection.</p>\n"
        "<h2>Symptoms\n<p>High fever and stomach pain.</p>\n<p>Headache.</p>"))
    assert sections_of(article) == [
        ("", "Typhoid is an infection."),
        ("Symptoms", "High fever and stomach pain.\nHeadache.")]
    assert article.sections[1].kind == "symptoms"
    (warning,) = warnings
    assert warning.startswith(f"{tmp_path / 'typhoid.html'} [typhoid]: <h2> 'Symptoms' was "
                              "not closed at the end of its line; the text after it "
                              "('High fever and stomach pain. Headache.') was read as body")


def test_h2_closed_by_h3_is_only_its_heading_and_the_rest_is_its_section(tmp_path):
    article, warnings = read_page(tmp_path, (
        "<h1>Typhoid</h1><p>Typhoid is an infection.</p>"
        "<h2>Treatment</h3>Antibiotics such as azithromycin cure it."
        "<h2>Prevention</h2><p>Vaccines and clean water.</p>"))
    assert sections_of(article)[1:] == [
        ("Treatment", "Antibiotics such as azithromycin cure it."),
        ("Prevention", "Vaccines and clean water.")]
    (warning,) = warnings
    assert "<h2> 'Treatment' was closed by a wrong end tag" in warning


def test_unclosed_h1_keeps_the_title_short_and_the_body(tmp_path):
    article, warnings = read_page(tmp_path, (
        "<h1>Typhoid\nTyphoid is an infection of the gut.\n"
        "<h2>Symptoms</h2><p>High fever.</p>"))
    assert article.title == "Typhoid"
    assert sections_of(article) == [("", "Typhoid is an infection of the gut."),
                                    ("Symptoms", "High fever.")]
    assert ["<h1> 'Typhoid' was not closed" in w for w in warnings] == [True]


def test_heading_with_no_text_after_it_is_left_out_with_a_warning(tmp_path):
    article, warnings = read_page(tmp_path, (
        "<h1>Typhoid</h1><p>Typhoid is an infection.</p>"
        "<h2>Symptoms</h2><h2>Treatment</h2><p>Antibiotics.</p><h2>Outlook"))
    assert sections_of(article) == [("", "Typhoid is an infection."),
                                    ("Treatment", "Antibiotics.")]
    assert [w.split(": ", 1)[1] for w in warnings] == [
        "<h2> 'Symptoms' has no text under it; the heading was left out",
        "<h2> 'Outlook' has no text under it; the heading was left out"]


def test_nested_headings_each_keep_their_own_text(tmp_path):
    # html.parser nests the second unclosed heading inside the first, and the <h3> in both.
    article, warnings = read_page(tmp_path, (
        "<h1>Typhoid</h1><p>Typhoid is an infection.</p>"
        "<h2>Symptoms\n<p>High fever.</p>"
        "<h3>Early signs<p>Tiredness and headache.</p>"
        "<h2>Treatment\nAntibiotics cure it.</h2>"))
    assert sections_of(article)[1:] == [("Symptoms", "High fever."),
                                        ("Early signs", "Tiredness and headache."),
                                        ("Treatment", "Antibiotics cure it.")]
    assert len(warnings) == 3


def test_run_on_heading_is_cut_at_a_sane_length_with_a_warning(tmp_path):
    sentence = "Antibiotics such as azithromycin cure most people within a week or two. "
    article, warnings = read_page(tmp_path, f"<h1>Typhoid</h1><h2>Treatment {sentence * 5}")
    (section,) = article.sections
    assert len(section.heading) <= html.HEADING_MAX_CHARS
    assert section.heading.startswith("Treatment Antibiotics")
    assert section.heading + " " + section.text == f"Treatment {sentence * 5}".strip()
    assert "heading cut at 200 characters" in warnings[0]


def test_well_formed_pages_need_no_repair_and_the_broken_one_says_why():
    for name in ("amlodipine.html", "hba1c.html", "leptomeningeal-neurosarcoidosis.html"):
        assert not [i for i in html.read(PAGES / name) if isinstance(i, ArticleWarning)], name
    (warning,) = [i for i in html.read(PAGES / "broken-back-pain.html")
                  if isinstance(i, ArticleWarning)]
    assert warning.message.startswith("<h1> 'Back Pain' was not closed at the end of its line")


def test_markup_nested_too_deeply_is_rejected_not_raised(tmp_path):
    item, _ = read_page(tmp_path, "<h1>Typhoid</h1>" + "<div>" * 5000 + "<p>Deep.</p>")
    assert isinstance(item, Rejection)
    assert item.message == "HTML nested more than 256 elements deep"
