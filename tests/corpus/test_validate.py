from __future__ import annotations

import pytest

from corpus.validate import ArticleError, article_from_record, library_from_label

GOOD = {
    "id": "malaria",
    "title": "Malaria",
    "library": "disease",
    "summary": "Malaria is spread by mosquitoes.",
    "sections": [{"heading": "Symptoms of Malaria", "text": "Fever with chills."}],
}


def record(**changes):
    data = {**GOOD, **changes}
    return {k: v for k, v in data.items() if v is not None}


def error_of(data) -> ArticleError:
    with pytest.raises(ArticleError) as info:
        article_from_record(data)
    return info.value


def test_good_record_becomes_an_article_with_normalised_section_kind():
    article = article_from_record(record())
    assert article.title == "Malaria"
    assert article.sections[0].kind == "symptoms"
    assert article.lang == "en"


@pytest.mark.parametrize(("changes", "field", "words"), [
    ({"title": None}, "title", "missing"),
    ({"title": "  "}, "title", "missing"),
    ({"id": "has spaces!"}, "id", "not a slug"),
    ({"library": "blog"}, "library", "unknown library 'blog'"),
    ({"lang": "fr"}, "lang", "unknown language"),
    ({"url": "javascript:alert(1)"}, "url", "not an http"),
    ({"updated": "yesterday"}, "updated", "not an ISO date"),
    ({"summary": "", "sections": []}, "body", "empty"),
    ({"sections": "text"}, "sections", "expected a list"),
    ({"bangla_note": "not bangla"}, "bangla_note", "no Bengali"),
    ({"glossary": [{"term": "fever"}]}, "glossary[0]", "no definition"),
    ({"summary": "x" * 500_000}, "body", "huge document"),
])
def test_bad_fields_are_named_with_what_is_wrong(changes, field, words):
    err = error_of(record(**changes))
    assert err.field == field
    assert words in str(err)


def test_not_an_object_is_rejected():
    assert error_of(["a", "list"]).field == "record"


def test_library_labels_from_sites_and_wordpress_map_to_libraries():
    assert library_from_label("Conditions & Diseases") == "disease"
    assert library_from_label("Medicines") == "drug"
    assert library_from_label("lab-tests") == "lab-test"
    assert library_from_label("Cancer Knowledge") == "cancer"
    assert library_from_label("Lifestyle") is None


def test_medquad_shape_is_accepted_as_is():
    article = article_from_record({
        "id": "medquad-gard-0000001", "title": "Example syndrome", "library": "disease",
        "lang": "en", "summary": "A rare condition.", "body": "ignored when sections exist",
        "sections": [{"heading": "What causes Example syndrome ?", "kind": "causes",
                      "text": "A gene change."}],
        "also_known_as": ["ES", "Example syndrome"], "synonyms": ["ES"],
        "source": "GARD", "source_url": "https://rarediseases.info.nih.gov/x",
        "license": "CC BY 4.0",
    })
    assert article.also_known_as == ("ES",)  # deduplicated, title itself dropped
    assert article.url == "https://rarediseases.info.nih.gov/x"
    assert article.sections[0].kind == "causes"
    assert article.source == "GARD"


def test_summary_is_derived_from_first_section_when_missing():
    article = article_from_record(record(summary=None, sections=[
        {"heading": "Definition", "text": "word " * 200}]))
    assert 0 < len(article.summary) <= 305
    assert article.summary.endswith("…")


def test_control_characters_are_removed_and_text_is_nfc():
    article = article_from_record(record(title="Mala\x07ria", summary="Cafe\u0301 fever"))
    assert article.title == "Malaria"
    assert article.summary == "Café fever"


@pytest.mark.parametrize(("changes", "field", "words"), [
    ({"sections": [{"heading": 0, "text": "Fever."}]}, "sections[0]", "must be text"),
    ({"sections": [{"heading": [], "text": "Fever."}]}, "sections[0]", "must be text"),
    ({"glossary": [{"term": "fever", "en": 0, "bn": "জ্বর"}]}, "glossary[0]", "must be text"),
    ({"glossary": [{"term": "fever", "en": "Hot.", "bn": []}]}, "glossary[0]", "must be text"),
    ({"references": [{"title": ["x"], "url": "https://x.org"}]}, "references[0]",
     "expected text"),
    ({"references": [{"title": "WHO", "url": {"href": "x"}}]}, "references[0]",
     "expected text"),
    ({"title": "\x00\x07"}, "title", "empty once control characters are removed"),
    ({"url": "https://x.org/\ud83d"}, "url", "not an http(s) URL"),
    ({"also_known_as": ["fever " * 40_000, "chills " * 40_000]}, "body", "huge document"),
])
def test_wrong_types_are_rejected_not_read_as_empty(changes, field, words):
    err = error_of(record(**changes))
    assert err.field == field
    assert words in str(err)


@pytest.mark.parametrize("name", ["library", "lang", "updated"])
def test_a_huge_bad_value_is_cut_short_in_the_message(name):
    err = error_of(record(**{name: "z" * 100_000}))
    assert err.field == name
    assert len(str(err)) < 200 and "zzz" in str(err)


def test_lone_surrogates_are_removed_from_text_and_the_digest_survives_them():
    article = article_from_record(record(
        title="Malaria\ud83d", summary="Fever\udc00 with chills.",
        sections=[{"heading": "Symptoms\ud800", "text": "Chills\udfff."}], source="x\ud800"))
    assert (article.title, article.summary) == ("Malaria", "Fever with chills.")
    assert (article.sections[0].heading, article.sections[0].text) == ("Symptoms", "Chills.")
    assert article.source == "x"
    assert len(article.content_hash) == 32


def test_an_unforeseen_failure_becomes_an_error_about_the_record(monkeypatch):
    import corpus.validate as validate

    def broken(record):
        raise KeyError("surprise")

    monkeypatch.setattr(validate, "_glossary", broken)
    err = error_of(record())
    assert err.field == "record"
    assert "could not be checked: KeyError" in str(err)
