"""Danger signs: the notice, the emergency conditions each sign signals, and the checks on
the editors' file."""

from __future__ import annotations

import tomllib

import pytest

from analyzers import keys
from analyzers.danger import (
    DATA,
    DangerDataError,
    DangerLexicon,
    DangerNotice,
    DangerSign,
    default_lexicon,
)

NOTICE = '''
[notice]
en = "Get urgent care."
bn = "জরুরি চিকিৎসা নিন।"
'''
TABLE = '''
[[sign]]
id = "chest-pain"
label_en = "chest pain"
label_bn = "বুকে ব্যথা"
phrases = ["chest pain"]
'''
SIGN = NOTICE + TABLE


def lexicon(tmp_path, text: str) -> DangerLexicon:
    path = tmp_path / "danger_signs.toml"
    path.write_text(text, encoding="utf-8")
    return DangerLexicon.load(path)


def test_chest_pain_signals_a_heart_attack_first():
    found = default_lexicon()
    conditions = found.conditions(found.notice("my father has chest pain"))
    assert conditions[:4] == ("heart attack", "myocardial infarction", "angina",
                              "aortic dissection")
    assert "pulmonary embolism" in conditions
    assert found.conditions(found.notice("fever")) == ()
    # The sign itself, by any of its phrases (an article named so is about the sign).
    assert found.phrases(found.notice("বুকে ব্যথা"))[:2] == ("chest pain", "chest tightness")


def test_conditions_of_several_signs_in_the_order_the_query_names_them_each_once():
    found = default_lexicon()
    conditions = found.conditions(found.notice("stiff neck and fits"))
    assert conditions.index("meningitis") == 0                 # stiff neck came first
    assert conditions.count("meningitis") == 1                 # both signs list it
    assert conditions.index("epilepsy") > conditions.index("encephalitis")


def test_every_shipped_sign_lists_conditions_that_can_match_a_name():
    data = tomllib.loads((DATA / "danger_signs.toml").read_text(encoding="utf-8"))
    found = DangerLexicon.load()
    for sign in data["sign"]:
        listed = found.conditions(DangerNotice((DangerSign(sign["id"], "", ""),), "", ""))
        assert listed == tuple(dict.fromkeys(sign["conditions"])), sign["id"]
        assert listed and all(keys(c) for c in listed), sign["id"]


def test_a_sign_without_conditions_still_carries_the_notice(tmp_path):
    found = lexicon(tmp_path, SIGN)
    notice = found.notice("chest pain")
    assert notice is not None and found.conditions(notice) == ()


@pytest.mark.parametrize(("line", "message"), [
    ('conditions = "heart attack"', "conditions must be a list of strings"),
    ("conditions = [1, 2]", "conditions must be a list of strings"),
    ('conditions = ["heart attack", "the"]', "conditions entry 'the' has no word"),
    ('condition = ["heart attack"]', "unknown key 'condition'"),
])
def test_bad_conditions_are_refused_naming_the_file_and_the_sign(tmp_path, line, message):
    where = r"danger_signs\.toml: sign 'chest-pain': "
    with pytest.raises(DangerDataError, match=where + message):
        lexicon(tmp_path, SIGN + line + "\n")


def test_other_bad_data_is_refused_with_a_clear_message(tmp_path):
    with pytest.raises(DangerDataError, match="sign 'chest-pain' is listed twice"):
        lexicon(tmp_path, SIGN + TABLE)
    with pytest.raises(DangerDataError, match="sign 1: id must be a non-empty string"):
        lexicon(tmp_path, SIGN.replace('id = "chest-pain"', ""))
    with pytest.raises(DangerDataError, match="sign 'chest-pain': label_bn must be a non-empty"):
        lexicon(tmp_path, SIGN.replace('label_bn = "বুকে ব্যথা"', 'label_bn = ""'))
    with pytest.raises(DangerDataError, match="sign 'chest-pain': phrases must list"):
        lexicon(tmp_path, SIGN.replace('phrases = ["chest pain"]', "phrases = []"))
    with pytest.raises(DangerDataError, match=r"danger_signs\.toml: not valid TOML"):
        lexicon(tmp_path, SIGN + "conditions = [\n")
