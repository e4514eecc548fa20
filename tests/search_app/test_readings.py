"""Which Latin words are read as Bangla, on the sample library."""

from __future__ import annotations

from search_app.readings import Unit, read_units


def test_a_romanised_word_alone_is_read_as_bangla(view):
    assert read_units(view, ("jor",)) == [Unit(0, 0, ("জ্বর",))]


def test_an_english_query_with_one_odd_word_is_not_read_as_bangla(view):
    units = read_units(view, ("malaria", "treatment", "qwertyzzz"))
    assert all(not u.bangla for u in units)


def test_in_a_bangla_query_english_looking_words_are_read_too(view):
    units = read_units(view, ("pet", "betha"))
    assert [u.bangla[:1] for u in units] in ([("পেট",), ("ব্যথা",)], [("পেটব্যথা",)])


def test_two_words_that_make_one_bangla_word_are_one_unit(view):
    assert read_units(view, ("shash", "kosto")) == [Unit(0, 1, ("শ্বাসকষ্ট",))]


def test_an_english_word_in_a_bangla_query_is_read_through_the_lexicon(view):
    units = read_units(view, ("mukher", "cancer"))
    assert [u.bangla[0] for u in units] == ["মুখের", "ক্যান্সার"]


def test_as_typed_nothing_is_read(view):
    assert read_units(view, ("jor",), interpret=False) == [Unit(0, 0)]


def test_english_typos_are_not_read_as_bangla(view):
    units = read_units(view, ("hgih", "blood", "pressrue"))
    assert all(not u.bangla for u in units)


def test_a_message_with_fewer_odd_words_than_english_ones_asks_for_no_reading(view,
                                                                             monkeypatch):
    """A long English message cannot read as Bangla when fewer of its words are unknown than
    English: its words are not read one by one (an Avro reading costs milliseconds; two
    rare neighbours are still tried as one word, as before)."""
    from search_app import readings

    words = ("fever", "cough", "qwertyzzz", "blood", "pressure", "zzyxq", "malaria", "treatment")
    asked = []
    real = readings.RomanisedReader.readings
    monkeypatch.setattr(readings.RomanisedReader, "readings",
                        lambda self, w, **k: asked.append(w) or real(self, w, **k))
    units = read_units(view, words)
    assert all(not u.bangla for u in units)
    assert not set(asked) & set(words)
