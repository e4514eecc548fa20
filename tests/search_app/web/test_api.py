"""The api blueprint: JSON search, suggestions, related, articles, OpenAPI."""

from __future__ import annotations

import json

import pytest


def test_api_search_matches_the_documented_fields(client):
    data = client.get("/api/search?q=fevr&library=disease").get_json()
    assert data["showing_for"] == "fever"
    assert data["library"] == "disease" and data["total"] >= 1
    hit = data["hits"][0]
    assert set(hit) >= {"id", "title", "library", "lang", "score", "snippet", "matched_in"}
    assert {f["value"] for f in data["libraries"]} == {"disease", "drug", "lab-test", "cancer"}


def test_api_suggest_related_and_article(client):
    suggestions = client.get("/api/suggest?q=dia").get_json()["suggestions"]
    assert any("Diabetes" in s["title"] for s in suggestions)
    assert all(s["preview"].startswith("/article/") for s in suggestions)
    related = client.get("/api/related/malaria").get_json()
    assert set(related["related"]) == {"disease", "drug", "lab-test", "cancer"}
    article = client.get("/api/articles/malaria").get_json()
    assert article["title"].startswith("Malaria") and article["sections"]
    missing = client.get("/api/articles/nope")
    assert missing.status_code == 404 and missing.get_json()["error"]["message"]


def test_api_suggest_lists_titles_first_then_other_names_with_the_name(client):
    suggestions = client.get("/api/suggest?q=dia").get_json()["suggestions"]
    assert [(s["title"], s["match"], s["matched_name"]) for s in suggestions] == [
        ("Type 2 Diabetes", "title", None),
        ("Acute Diarrhoea in Children", "title", None),
        ("Malaria Rapid Diagnostic Test", "title", None),
        ("Zinc Sulfate", "other_name", "zinc for diarrhoea")]
    assert suggestions[0]["library_label"] == "Diseases"


def test_api_suggest_url_is_null_for_an_article_without_a_site_page(client):
    suggestion = client.get("/api/suggest?q=diab").get_json()["suggestions"][0]
    assert suggestion["url"] is None
    assert suggestion["preview"] == "/article/type-2-diabetes"


def test_opensearch_suggestions_format(client):
    data = client.get("/api/suggest?q=dia&format=opensearch").get_json()
    assert data[0] == "dia" and any("Diabetes" in t for t in data[1])


def test_openapi_describes_every_api_route(app, client):
    spec = client.get("/api/openapi.json").get_json()
    assert spec["openapi"].startswith("3.")
    served = {rule.rule.replace("<path:article_id>", "{id}") for rule in app.url_map.iter_rules()
              if rule.rule.startswith("/api/")}
    assert served == set(spec["paths"])
    json.dumps(spec)  # serialisable as is


def test_api_search_says_what_was_searched(client):
    data = client.get("/api/search?q=kidnite+pathor&hl=bn").get_json()
    reading = data["interpreted_as"][0]
    assert reading["how"] == "romanised" and reading["bangla"]
    assert "kidney stones" in reading["english"] and "দেখানো হচ্ছে" in reading["text"]


def test_articles_without_a_site_page_have_a_null_url_and_a_preview(client):
    """The sample library has no site URLs: JSON says null (not ""), and every item carries
    the preview page to link to instead."""
    hits = client.get("/api/search?q=fever").get_json()["hits"]
    assert hits and all(h["url"] is None for h in hits)
    assert [h["preview"] for h in hits[:2]] == [f"/article/{h['id']}" for h in hits[:2]]
    related = client.get("/api/related/malaria").get_json()["related"]
    items = [item for group in related.values() for item in group]
    assert items and all(i["url"] is None and i["preview"].startswith("/article/")
                         for i in items)
    assert client.get("/api/articles/malaria").get_json()["url"] is None


def has_bangla(article) -> bool:
    return bool(article.lang == "bn" or article.title_bn or article.bangla_note)


def test_bangla_count_is_the_number_of_hits_with_a_bangla_title_or_note(client,
                                                                         sample_report):
    articles = {a.id: a for a in sample_report.articles}
    data = client.get("/api/search?q=fever&page_size=100").get_json()
    assert len(data["hits"]) == data["total"]
    with_bangla = {h["id"] for h in data["hits"] if has_bangla(articles[h["id"]])}
    bangla = next(f for f in data["languages"] if f["value"] == "bn")
    assert bangla["count"] == len(with_bangla) > 0
    assert bangla["label"] == "Has Bangla"
    in_bangla = client.get("/api/search?q=fever&page_size=100&hl=bn").get_json()
    assert next(f for f in in_bangla["languages"] if f["value"] == "bn")["label"] == \
        "বাংলা আছে"


def test_filtering_by_bangla_returns_exactly_the_hits_with_bangla(client, sample_report):
    articles = {a.id: a for a in sample_report.articles}
    everything = client.get("/api/search?q=fever&page_size=100").get_json()
    expected = {h["id"] for h in everything["hits"] if has_bangla(articles[h["id"]])}
    for url in ("/api/search?q=fever&lang=bn&page_size=100",
                "/api/search?q=fever+lang:bn&page_size=100"):
        data = client.get(url).get_json()
        assert data["lang"] == "bn"
        assert {h["id"] for h in data["hits"]} == expected and data["total"] == len(expected)


def test_openapi_says_what_the_bangla_filter_means(client):
    spec = client.get("/api/openapi.json").get_json()
    lang = next(p for p in spec["paths"]["/api/search"]["get"]["parameters"]
                if p["name"] == "lang")
    assert "Bangla title" in lang["description"] and "Bangla note" in lang["description"]


@pytest.mark.parametrize("article_id", ["malaria", "a b/c?d#e%f", "জ্বর.1", "x&y=z+1", "~ü"])
def test_a_pages_preview_links_are_what_url_for_builds(app, article_id):
    from flask import url_for

    from search_app.web.api import _previews

    with app.test_request_context("/api/search?q=fever", base_url="http://x/mount"):
        assert _previews()(article_id) == url_for("article.show", article_id=article_id)
