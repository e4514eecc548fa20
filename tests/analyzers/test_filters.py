"""Per-token script routing, normalisation, and the analyzers pickled into the index."""

from __future__ import annotations

import pickle
import subprocess
import sys
from pathlib import Path

from analyzers import (
    ANALYSIS_VERSION,
    bangla_analyzer,
    english_analyzer,
    text_analyzer,
    text_keys,
)
from analyzers.filters import script_of
from analyzers.normalize import icu_fold

ROOT = Path(__file__).resolve().parents[2]


def analyse(text: str, **kwargs):
    return [(t.text, t.pos, t.startchar, t.endchar)
            for t in text_analyzer()(text, positions=True, chars=True, **kwargs)]


def test_mixed_text_routes_each_word_by_script_with_exact_offsets():
    text = "Inflammation (প্রদাহ) হলে জ্বরের ওষুধ; headaches"
    assert analyse(text) == [
        ("inflamm", 0, 0, 12),
        ("প্রদাহ", 1, 14, 20),
        ("জর", 2, 26, 32),
        ("ওসুধ", 3, 33, 37),
        ("headach", 4, 39, 48),
    ]
    for _key, _pos, start, end in analyse(text):
        assert text[start:end].strip()


def test_bangla_digits_match_ascii_digits():
    assert [t[0] for t in analyse("১০২ ডিগ্রি")] == [t[0] for t in analyse("102 ডিগ্রি")]


def test_nfkc_casefold_and_curly_quotes():
    assert icu_fold("ＣＯＶＩＤ ﬁt Alzheimer’s") == "covid fit alzheimer's"


def test_dashes_and_quotes_do_not_glue_or_break_words():
    assert [t[0] for t in analyse("anti‑inflammatory “fever”—cough")] == [
        "anti", "inflammatori", "fever", "cough"]


def test_stop_words_are_marked_not_dropped_when_asked():
    marked = [(t.text, t.stopped) for t in text_analyzer()("the জ্বর", removestops=False)]
    assert marked == [("the", True), ("জর", False)]


def test_script_of():
    assert [script_of(w) for w in ("জ্বর", "fever", "covid19", "102")] == [
        "bn", "en", "en", "num"]


def test_analyzers_pickle_and_compare_by_settings():
    for make in (text_analyzer, english_analyzer, bangla_analyzer):
        analyzer = make()
        list(analyzer("warm caches জ্বর"))  # caches must not travel with the pickle
        again = pickle.loads(pickle.dumps(analyzer))
        assert again == make()
        assert [t.text for t in again("জ্বরের headaches")] == [
            t.text for t in analyzer("জ্বরের headaches")]
    assert text_analyzer(fold_variants=False) != text_analyzer()


def test_pickled_analyzer_works_in_a_fresh_process():
    blob = pickle.dumps(text_analyzer())
    code = ("import pickle, sys; a = pickle.loads(sys.stdin.buffer.read()); "
            "print(' '.join(t.text for t in a('জ্বরের headaches')))")
    out = subprocess.run([sys.executable, "-c", code], input=blob, capture_output=True,
                         check=True, cwd=ROOT)
    assert out.stdout.decode().split() == ["জর", "headach"]


def test_analysis_version_names_the_stop_lists():
    assert ANALYSIS_VERSION.startswith("icu-")


def test_text_keys_give_the_analyzers_keys_and_offsets(sample_report):
    # Snippets scan stored text with text_keys; it must agree with what the index holds.
    texts = [s.text for a in sample_report.articles for s in a.sections]
    texts += [a.bangla_note for a in sample_report.articles if a.bangla_note]
    texts.append("Emoji 🤒 then 𝐁old and জ্বরের ওষুধ, Alzheimer’s")
    for text in texts:
        expected = [(t.startchar, t.endchar, t.text) for t in text_analyzer()(text, chars=True)]
        assert list(text_keys(text)) == expected


