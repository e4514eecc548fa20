"""The interface words every code the engine returns, in English and in Bangla."""

from __future__ import annotations

import re

from corpus.article import SECTION_KINDS
from search_app import engine, messages
from search_app.query import Note, parse

BANGLA = re.compile(r"[\u0980-\u09FF]")


def test_every_note_the_engine_can_emit_has_both_languages(view):
    emitted = {n.id for q in ('"x', "library:blog", "x" * 600) for n in parse(q).notes}
    emitted |= {n.id for n in engine.search(view, "the of and").notes}
    assert emitted == set(messages.NOTES)
    for note_id, texts in messages.NOTES.items():
        assert texts["en"] and BANGLA.search(texts["bn"]), note_id


def test_notes_are_filled_in_with_their_value_and_bangla_digits():
    cut = Note("query_cut", "500")
    assert messages.note_text(cut) == "Your search was cut to its first 500 characters."
    assert "৫০০" in messages.note_text(cut, "bn")
    assert "“lib:x”" in messages.note_text(Note("unknown_filter", "lib:x"), "bn")


def test_every_place_a_snippet_comes_from_has_a_bangla_label():
    for kind in (*SECTION_KINDS, "bangla-note", "glossary"):
        assert BANGLA.search(messages.section_label(kind, "bn")), kind
    assert messages.section_label("side-effects") == "Side effects"


def test_json_gets_words_beside_the_codes(view):
    data = messages.worded(engine.search(view, "side effects of methotrexate library:x"), "bn")
    assert data["hits"][0]["matched_in"] == "side-effects"
    assert data["hits"][0]["matched_label"] == "পার্শ্বপ্রতিক্রিয়া"
    assert data["libraries"][0] == {"value": "disease", "count": data["libraries"][0]["count"],
                                    "label": "রোগ"}
    assert data["notes"][0]["id"] == "unknown_filter" and BANGLA.search(
        data["notes"][0]["text"])


def test_language_facet_says_has_bangla_in_the_interface_language():
    assert messages.language_label("bn") == "Has Bangla"
    assert messages.language_label("bn", "bn") == "বাংলা আছে"
    assert messages.language_label("en", "bn") == "English"
