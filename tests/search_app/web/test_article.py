"""The article blueprint: the preview and its related articles."""

from __future__ import annotations

import pytest

from tests.search_app.web.pages import soup


def test_article_preview_sections_bangla_note_glossary_and_related(client):
    page = soup(client.get("/article/malaria"))
    assert page.select_one("h1").get_text().startswith("Malaria")
    assert page.select(".article .section h2")
    assert page.select_one(".bangla-note[lang=bn]") is not None
    assert page.select_one(".glossary dt") is not None
    related = page.select_one(".related")
    assert "Continue exploring" in related.get_text()
    links = [a.get_text() for a in related.select("a")]
    assert any("Artemether" in t for t in links)
    search_link = page.select_one(".actions a")["href"]
    assert search_link.startswith("/search?q=Malaria")


def test_article_without_strong_links_says_so(client, searcher):
    from search_app.related import related

    lonely = next((doc["id"] for doc in searcher.all_stored_fields()
                   if related(searcher, doc["id"]) and not any(
                       related(searcher, doc["id"]).by_library.values())), None)
    if lonely is None:
        pytest.skip("every sample article has a strong related article")
    page = soup(client.get(f"/article/{lonely}"))
    assert "No strong indexed relationship is available yet" in page.get_text()


def test_unknown_article_is_404_in_site_style(client):
    response = client.get("/article/no-such-article")
    assert response.status_code == 404
    assert "Back to search" in response.get_data(as_text=True)
