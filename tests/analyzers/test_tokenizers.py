from __future__ import annotations

import pickle

from analyzers.tokenizers import IcuWordTokenizer, word_spans


def tokens(text: str):
    return [(t.text, t.pos, t.startchar, t.endchar)
            for t in IcuWordTokenizer()(text, positions=True, chars=True)]


def test_bangla_words_stay_whole_with_vowel_signs_and_virama():
    assert [t[0] for t in tokens("জ্বরের ওষুধ, মাথাব্যথা।")] == ["জ্বরের", "ওষুধ", "মাথাব্যথা"]


def test_zwj_and_zwnj_do_not_split_a_word():
    assert [t[0] for t in tokens("র\u200d্যাব ক্\u200cত")] == ["র\u200d্যাব", "ক্\u200cত"]


def test_punctuation_spaces_and_emoji_are_not_tokens():
    assert [t[0] for t in tokens("fever!! 😀 (headache) — ১০২°")] == [
        "fever", "headache", "১০২"]


def test_offsets_are_code_points_even_after_characters_outside_the_bmp():
    text = "😀 জ্বর 𝐁 fever"
    found = tokens(text)
    assert found == [("জ্বর", 0, 2, 6), ("𝐁", 1, 7, 8), ("fever", 2, 9, 14)]
    for word, _, start, end in found:
        assert text[start:end] == word


def test_positions_and_offsets_continue_from_start_values():
    t = next(IcuWordTokenizer()("fever", positions=True, chars=True, start_pos=5,
                                start_char=100))
    assert (t.pos, t.startchar, t.endchar) == (5, 100, 105)


def test_apostrophes_keep_english_words_whole():
    assert [t[0] for t in tokens("Alzheimer’s children's")] == ["Alzheimer’s", "children's"]


def test_word_spans_on_empty_text():
    assert list(word_spans("")) == []


def test_tokenizer_pickles_by_settings_only():
    tokenizer = IcuWordTokenizer("en")
    list(tokenizer("warm up the thread-local iterator"))
    again = pickle.loads(pickle.dumps(tokenizer))
    assert again == tokenizer and again != IcuWordTokenizer("bn_BD")
