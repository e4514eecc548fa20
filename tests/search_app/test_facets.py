"""Facets: counted disjunctively over whole-index arrays; the language facet says where a
reader finds Bangla."""

from __future__ import annotations

import numpy as np
import pytest

from corpus import Article
from corpus.article import GlossaryTerm
from indexer import build
from search_app import engine
from search_app.facets import FACETS, Filters, count_and_filter
from search_app.index_view import ViewManager

SUMMARY = "Cough is a reflex that clears the airways."


@pytest.fixture(scope="module")
def cough_view(tmp_path_factory):
    """Five cough articles: in Bangla, with a Bangla title, with a Bangla note, with only a
    Bangla gloss, and plain English."""
    root = tmp_path_factory.mktemp("facets")
    build.full([
        Article("bn-cough", "কাশি", "disease", "কাশি হলে গরম পানি খান। cough", lang="bn"),
        Article("titled", "Cough", "disease", SUMMARY, title_bn="কাশি"),
        Article("noted", "Chronic Cough", "disease", SUMMARY, bangla_note="কাশি দুই সপ্তাহের বেশি।"),
        Article("glossed", "Cough Syrup", "drug", SUMMARY,
                glossary=(GlossaryTerm("cough", "A reflex.", "কাশি"),)),
        Article("plain", "Whooping Cough", "disease", SUMMARY),
    ], root)
    return ViewManager(root).view()


def counts(result) -> dict[str, int]:
    return {f.value: f.count for f in result.languages}


def test_has_bangla_counts_bangla_articles_and_bangla_titles_or_notes(cough_view):
    result = engine.search(cough_view, "cough")
    assert result.total == 5
    # The English ones with Bangla count under both: the counts add up to more than 5.
    assert counts(result) == {"en": 4, "bn": 3}


def test_filtering_by_bangla_returns_exactly_the_articles_with_bangla(cough_view):
    for found in (engine.search(cough_view, "cough", lang="bn", page_size=100),
                  engine.search(cough_view, "cough lang:bn", page_size=100)):
        assert {h.id for h in found.hits} == {"bn-cough", "titled", "noted"}
        assert found.total == 3
        assert counts(found) == {"en": 4, "bn": 3}   # its own facet stays disjunctive
    english = engine.search(cough_view, "cough", lang="en", page_size=100)
    assert {h.id for h in english.hits} == {"titled", "noted", "glossed", "plain"}


def test_language_and_library_filters_combine(cough_view):
    drugs = engine.search(cough_view, "cough", lang="bn", library="drug")
    assert drugs.total == 0
    assert {f.value: f.count for f in drugs.libraries} == {
        "disease": 3, "drug": 0, "lab-test": 0, "cancer": 0}
    assert counts(drugs) == {"en": 1, "bn": 0}


def test_listing_by_bangla_lists_every_article_with_bangla(cough_view):
    listed = engine.search(cough_view, "", lang="bn")
    assert {h.id for h in listed.hits} == {"bn-cough", "titled", "noted"}


def test_counts_equal_a_count_article_by_article(cough_view):
    rank = cough_view.ranker()
    docs = np.flatnonzero(rank.live)
    found, allowed = count_and_filter(rank, docs, Filters(lang="bn"))
    searcher = cough_view.searcher()
    stored = [searcher.stored_fields(int(d)) for d in docs]
    assert found["lang"]["bn"] == sum(1 for f in stored if "bn" in f["read_in"].split())
    assert found["lang"]["en"] == sum(1 for f in stored if f["lang"] == "en")
    assert sorted(searcher.stored_fields(int(d))["id"] for d in allowed) == [
        "bn-cough", "noted", "titled"]


def test_every_facet_value_belongs_to_its_facet():
    assert FACETS["lang"].values == ("en", "bn")
    with pytest.raises(ValueError, match="unknown lang"):
        Filters.checked(lang="has-bn")
