"""The api blueprint: JSON search, suggestions, related, articles, OpenAPI."""

from __future__ import annotations

import json


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
