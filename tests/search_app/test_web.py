"""The web app through Flask's test client."""

from __future__ import annotations

import pytest


def test_home_shows_search_box_and_libraries(client):
    page = client.get("/").get_data(as_text=True)
    assert 'name="q"' in page
    for label in ("Diseases", "Drugs", "Lab Tests", "Cancer"):
        assert label in page


def test_search_fever_returns_disease_articles(client):
    response = client.get("/search?q=fever")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Dengue Fever" in page
    assert "badge-disease" in page
    assert 'value="fever"' in page  # the box keeps the query


def test_library_filter_and_facet_counts(client):
    page = client.get("/search?q=fever&library=drug").get_data(as_text=True)
    assert "Paracetamol" in page
    assert "Dengue Fever" not in page
    assert 'aria-current="true">\n          Drugs' in page


def test_query_is_escaped(client):
    page = client.get("/search?q=<script>alert(1)</script>").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;" in page


@pytest.mark.parametrize("query", ["library=blog", "page=0", "page=abc", "page=1001",
                                   "q=" + "x" * 501])
def test_bad_parameters_are_400_not_500(client, query):
    response = client.get(f"/search?{query}")
    assert response.status_code == 400
    assert "RX Library" in response.get_data(as_text=True)


def test_unknown_page_is_404_in_site_style(client):
    response = client.get("/no-such-page")
    assert response.status_code == 404
    assert "Back to search" in response.get_data(as_text=True)


def test_no_results_page_helps(client):
    page = client.get("/search?q=qwertyuiop").get_data(as_text=True)
    assert "No articles found" in page
    assert "Check the spelling" in page


def test_pagination_links(client):
    page = client.get("/search?q=fever").get_data(as_text=True)
    assert 'rel="next"' in page
    page2 = client.get("/search?q=fever&page=2").get_data(as_text=True)
    assert 'rel="prev"' in page2


def test_bangla_query(client):
    page = client.get("/search?q=জ্বর").get_data(as_text=True)
    assert "Fever" in page
