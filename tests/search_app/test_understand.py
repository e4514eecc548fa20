"""Step 1: what the reader asked for, word by word."""

from __future__ import annotations

from analyzers import keys
from search_app import messages
from search_app.query import parse
from search_app.understand import understand


def test_section_words_are_found_and_marked(view):
    found = understand(view, parse("side effects of methotrexate"))
    assert found.section == "side_effects"
    assert [(w.text, w.section_word) for w in found.words] == [
        ("side", True), ("effects", True), ("of", False), ("methotrexate", False)]
    assert [t.optional for t in found.terms if not t.is_empty] == [True, False]
    assert found.name == "methotrex"   # the exact-name key leaves the section words out


def test_a_query_of_section_words_only_is_the_topic(view):
    found = understand(view, parse("symptoms"))
    assert found.section is None
    assert not any(w.section_word for w in found.words)
    assert found.name == "symptom"


def test_bangla_section_word_through_inflection(view):
    found = understand(view, parse("জ্বরের চিকিৎসা"))
    assert found.section == "treatment"
    assert [w.section_word for w in found.words] == [False, True]


def test_words_carry_their_keys_and_script(view):
    found = understand(view, parse("Fevers জ্বরের 102"))
    assert [(w.keys, w.script) for w in found.words] == [
        (("fever",), "en"), (keys("জ্বরের"), "bn"), (("102",), "num")]


def test_a_run_of_words_with_other_names_is_one_term(view):
    found = understand(view, parse("high blood pressure diet"))
    first = found.terms[0]
    assert first.parts == ((("high",),), (("blood",),), (("pressur",),))
    assert keys("hypertension") in first.alternatives
    assert [t.parts for t in found.terms[1:]] == [((("diet",),),)]


def test_bangla_word_gets_its_english_names(view):
    term = understand(view, parse("জ্বর")).terms[0]
    assert ("fever",) in term.alternatives


def test_glossary_of_the_index_version_feeds_the_alternatives(view):
    term = understand(view, parse("platelets")).terms[0]
    assert keys("অণুচক্রিকা") in term.alternatives


def test_unknown_words_get_a_correction_and_known_ones_do_not(view):
    found = understand(view, parse("tuberculoses treatmnt"))
    assert [w.correction for w in found.words] == [None, "treatment"]  # a plural is known
    assert found.corrected.words == ("tuberculoses", "treatment")
    assert understand(view, parse("malaria")).corrected is None


def test_phrases_and_exclusions(view):
    found = understand(view, parse('fever "stiff neck" -mosquito'))
    assert found.terms[-1].parts == ((("stiff", "neck"),),)
    assert found.excluded == (("mosquito",),)
    assert found.name == "fever stiff neck"


def test_a_word_read_as_bangla_with_no_english_name_is_said_as_romanised(view):
    """ভালো has no English name here. Such a reading was once worded with an empty kind,
    and /search and /api/search answered 500 (KeyError: ''); bench/fault_probe.py met it
    with "anemia", which the sample library reads as নেমে."""
    found = understand(view, parse("bhalo"))
    assert [(r.bangla, r.english, r.how) for r in found.readings] == [
        ("ভালো", (), "romanised")]
    assert messages.reading_text(found.readings[0]) == "bhalo — showing ভালো"
