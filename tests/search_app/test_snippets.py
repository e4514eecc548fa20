"""Snippets: the passage that matched, marked, escaped, and where it was found."""

from __future__ import annotations

from search_app import engine
from search_app.snippets import mark, snippet


def hit(view, query: str, article_id: str):
    return next(h for h in engine.search(view, query).hits if h.id == article_id)


def test_matched_words_are_marked_in_the_section_they_were_found(view):
    found = hit(view, "shaking chills", "malaria")
    assert "<mark>shaking</mark> <mark>chills</mark>" in found.snippet
    assert found.matched_in == "symptoms"


def test_the_section_the_query_names_is_shown(view):
    found = engine.search(view, "side effects of methotrexate").hits[0]
    assert (found.id, found.matched_in) == ("methotrexate", "side-effects")


def test_section_words_do_not_choose_the_passage_over_the_topic(view):
    found = hit(view, "side effects of methotrexate", "cranial-nerve-neurosarcoidosis")
    assert found.matched_in == "treatment" and "<mark>Methotrexate</mark>" in found.snippet


def test_the_summary_when_only_the_title_matched(view):
    found = hit(view, "scabies", "scabies")
    assert found.matched_in is None
    assert found.snippet.startswith("<mark>Scabies</mark> is an itchy skin infestation")


def test_apostrophes_in_article_text_are_escaped_and_marked_words_keep_them(view):
    found = hit(view, "alzheimer", "alzheimers-disease")
    assert "<mark>Alzheimer&#39;s</mark>" in found.snippet
    assert "'" not in found.snippet


def test_markup_in_stored_text_cannot_inject_html():
    fields = {"summary": "Fever <script>alert(1)</script> & chills",
              "sections": [{"kind": "symptoms", "heading": "Symptoms",
                            "text": "A <b>fever</b> with \"chills\" and O'Brien's sign."}]}
    found = snippet(fields, {"fever", "chill"})
    assert found.where == "symptoms"
    assert "<b>" not in found.html and "&lt;b&gt;" in found.html
    assert "&#39;" in found.html and "'" not in found.html
    assert "<mark>fever</mark>" in found.html


def test_a_section_of_no_known_kind_is_named_by_its_own_heading():
    fields = {"summary": "", "sections": [
        {"kind": "other", "heading": "Living with it", "text": "Rest and drink water."}]}
    found = snippet(fields, {"water"})
    assert (found.where, found.heading) == ("other", "Living with it")


def test_bangla_words_are_marked_and_said_to_be_bangla(view):
    found = hit(view, "ডেঙ্গু", "dengue-fever")
    assert found.matched_lang == "bn"
    assert "<mark>ডেঙ্গু" in found.snippet


def test_mark_escapes_first_then_marks():
    assert mark("a<b fever", [(4, 9)]) == "a&lt;b <mark>fever</mark>"
