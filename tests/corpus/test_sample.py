"""The project's own sample library: the counts the issue promises, and its planted pairs."""

from __future__ import annotations

import re
import tomllib

import pytest

from corpus import LIBRARIES, SAMPLE_DIR

BENGALI = re.compile(r"[\u0985-\u09B9]")


@pytest.fixture(scope="module")
def planted() -> list[dict]:
    return tomllib.loads((SAMPLE_DIR / "duplicates.toml").read_text(encoding="utf-8"))["pair"]


def test_sample_library_imports_cleanly_with_enough_articles(sample_report):
    counts = sample_report.counts()
    assert sample_report.rejections == []
    assert counts["articles"] >= 80
    for library in LIBRARIES:
        assert counts["per_library"][library] >= 20, library


def test_sample_library_has_bangla_notes_and_bangla_glossary(sample_report):
    notes = [a.bangla_note for a in sample_report.articles if a.bangla_note]
    assert len(notes) >= 25
    # Real Bangla sentences, not transliteration: mostly Bengali letters, ending in a dari.
    for note in notes:
        letters = [c for c in note if c.isalpha()]
        assert sum(bool(BENGALI.match(c)) for c in letters) / len(letters) > 0.8, note[:40]
        assert "।" in note
    bangla_terms = [g for a in sample_report.articles for g in a.glossary if g.bn]
    assert len(bangla_terms) >= 40


def test_every_article_has_sections_of_known_kinds(sample_report):
    for article in sample_report.articles:
        assert article.sections, article.id
        assert article.summary, article.id
        assert any(s.kind != "other" for s in article.sections), article.id


def test_planted_duplicate_pairs_exist_and_include_the_required_ones(sample_report, planted):
    by_id = {a.id: a for a in sample_report.articles}
    pairs = {frozenset((p["a"], p["b"])) for p in planted}
    assert len(pairs) >= 6
    assert frozenset(("leptomeningeal-cancer", "cerebrospinal-fluid-cancer")) in pairs
    assert frozenset(("cranial-nerve-neurosarcoidosis", "cranial-neurosarcoidosis")) in pairs
    for pair in planted:
        assert pair["a"] in by_id and pair["b"] in by_id, pair
    assert any(by_id[p["a"]].library != by_id[p["b"]].library for p in planted)


def test_leptomeningeal_pair_shares_its_also_known_as_name(sample_report):
    by_id = {a.id: a for a in sample_report.articles}
    name = "leptomeningeal carcinomatosis"
    assert name in by_id["leptomeningeal-cancer"].also_known_as
    assert name in by_id["cerebrospinal-fluid-cancer"].also_known_as
