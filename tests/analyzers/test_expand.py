from __future__ import annotations

from analyzers.expand import Expander, bangla_headword, default_expander, glossary_groups


def alternatives(expander: Expander, query: str) -> dict[str, tuple[str, ...]]:
    return {e.text: e.alternatives for e in expander.expand(query)}


def test_lay_and_professional_names_expand_both_ways():
    expander = default_expander()
    assert "hypertension" in alternatives(expander, "high blood pressure")["high blood pressure"]
    assert "heart attack" in alternatives(expander, "myocardial infarction")[
        "myocardial infarction"]


def test_british_and_american_spellings():
    expander = default_expander()
    assert "anemia" in alternatives(expander, "anaemia")["anaemia"]
    assert "haemoglobin" in alternatives(expander, "hemoglobin test")["hemoglobin"]


def test_bangla_and_english_expand_each_other_through_inflections_and_variants():
    expander = default_expander()
    assert "fever" in alternatives(expander, "জ্বরের চিকিৎসা")["জ্বরের"]
    assert "treatment" in alternatives(expander, "জ্বরের চিকিৎসা")["চিকিৎসা"]
    assert "জ্বর" in alternatives(expander, "fevers")["fevers"]
    assert "inflammation" in alternatives(expander, "প্রদাহ")["প্রদাহ"]
    assert "diabetes" in alternatives(expander, "ডায়াবেটিস")["ডায়াবেটিস"]
    assert "pain" in alternatives(expander, "ব্যাথা")["ব্যাথা"]  # reader's spelling


def test_longest_name_wins_and_spans_do_not_overlap():
    expander = Expander([["blood pressure", "রক্তচাপ"], ["high blood pressure", "hypertension"]])
    found = expander.expand("high blood pressure diet")
    assert [(e.text, e.alternatives) for e in found] == [
        ("high blood pressure", ("hypertension",))]


def test_groups_sharing_a_name_merge():
    expander = Expander([["fever", "pyrexia"], ["fever", "জ্বর"]])
    assert set(alternatives(expander, "জ্বর")["জ্বর"]) == {"fever", "pyrexia"}


def test_glossary_pairs_add_names_without_merging_groups():
    groups = glossary_groups([("platelet", "অণুচক্রিকা; রক্ত জমাট বাঁধতে সাহায্য করে।"),
                              ("wheezing", "শ্বাস নেওয়ার সময় বুকে সাঁই সাঁই শব্দ।")])
    assert groups == [["platelet", "অণুচক্রিকা"]]
    expander = default_expander([("platelet", "অণুচক্রিকা; রক্ত জমাট")])
    assert alternatives(expander, "platelets")["platelets"] == ("অণুচক্রিকা",)


def test_headword_only_when_gloss_opens_with_a_short_term():
    assert bangla_headword("রক্তের কালচার; রক্তে জীবাণু আছে কিনা") == "রক্তের কালচার"
    assert bangla_headword("just english; text") is None
    assert bangla_headword("") is None


def test_no_names_no_expansion():
    assert default_expander().expand("qwerty asdf") == []
