"""Bangla rules, each with real words (see docs/analysis.md)."""

from __future__ import annotations

import pytest

from analyzers import bangla_analyzer
from analyzers.bangla import BanglaNormalizer, BanglaStemmer, bangla_stopwords
from analyzers.normalize import icu_fold

strict = BanglaNormalizer(fold_variants=False)
folding = BanglaNormalizer(fold_variants=True)


def key(word: str, normalizer: BanglaNormalizer = folding) -> str:
    normalized = normalizer.normalize(icu_fold(word))
    return BanglaStemmer(normalizer).stem(normalized)


@pytest.mark.parametrize(("a", "b"), [
    ("য়", "য়"),                   # nukta letter precomposed / decomposed
    ("ড়", "ড়"),
    ("ঢ়", "ঢ়"),
    ("হয়", "হয়"),
])
def test_equivalent_encodings_give_one_key(a, b):
    assert strict.normalize(icu_fold(a)) == strict.normalize(icu_fold(b))


@pytest.mark.parametrize(("a", "b"), [
    ("সৎ", "সত্\u200d"),           # khanda ta at the end, old encoding with ZWJ
    ("চাঁদ", "চাদ"),                # chandrabindu left out
    ("ডেঙ্গু", "ডেংগু"),            # ঙ্গ / ংগ
    ("রঙ", "রং"),                   # ঙ / ং
    ("চেক্", "চেক"),                # trailing hasanta
    ("কো", "কো"),                  # ে + া typed for ো
    ("আম", "অাম"),                  # অ + া typed for আ
    ("ক\u200cষ", "কষ"),            # ZWNJ
])
def test_spelling_rules_meet_without_variant_folding(a, b):
    assert strict.normalize(icu_fold(a)) == strict.normalize(icu_fold(b))


@pytest.mark.parametrize(("a", "b"), [
    ("ব্যথা", "ব্যাথা"),            # য-ফলা with an extra া, the commonest reader variant
    ("জ্বর", "জর"),                 # ব-ফলা dropped
    ("রোগী", "রোগি"),               # ী / ি
    ("পূর্ণ", "পুর্ন"),               # ূ / ু and ণ / ন
    ("শরীর", "সরির"),               # শ / স
    ("ঔষধ", "ঔসধ"),                 # ষ / স
    ("বাড়ি", "বারি"),               # ড় / র
    ("ঈদ", "ইদ"),                   # ঈ / ই
])
def test_reader_variants_meet_when_folding(a, b):
    assert key(a) == key(b)
    assert folding.normalize(icu_fold(a)) == folding.normalize(icu_fold(b))


def test_without_folding_reader_variants_stay_apart():
    assert strict.normalize("ব্যথা") != strict.normalize("ব্যাথা")


@pytest.mark.parametrize("forms", [
    ("জ্বর", "জ্বরে", "জ্বরের", "জ্বরও"),
    ("রোগী", "রোগীর", "রোগীদের", "রোগীদেরকে", "রোগীরা"),
    ("মাথা", "মাথার", "মাথায়"),
    ("ডায়াবেটিস", "ডায়াবেটিসের"),
    ("শিশু", "শিশুর", "শিশুদের", "শিশুটি", "শিশুকে"),
    ("ওষুধ", "ওষুধের", "ওষুধগুলো", "ওষুধগুলোর"),
    ("হাত", "হাতে"),
])
@pytest.mark.parametrize("normalizer", [strict, folding], ids=["strict", "folding"])
def test_inflected_nouns_meet_at_one_stem(forms, normalizer):
    assert len({key(f, normalizer) for f in forms}) == 1, [key(f, normalizer) for f in forms]


def test_stemmer_keeps_short_words_whole():
    assert key("বই", strict) == "বই"      # not ব + ই
    assert key("হাতে", strict) == "হাত"    # not হা + তে


def test_stop_words_are_normalised_like_text():
    stops = bangla_stopwords(True)
    assert folding.normalize(icu_fold("হয়")) in stops
    assert folding.normalize(icu_fold("হয়")) in stops
    assert folding.normalize(icu_fold("জ্বর")) not in stops


def test_bangla_chain_end_to_end():
    assert [t.text for t in bangla_analyzer()("আমার জ্বরের ওষুধ কী?")] == ["জর", "ওসুধ"]
    assert [t.text for t in bangla_analyzer(fold_variants=False)("জ্বরের ওষুধ")] == [
        "জ্বর", "ওষুধ"]
