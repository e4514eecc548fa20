"""The web app through Flask's test client: every route, facets, paging, bad input, escaping."""

from __future__ import annotations

import gzip
import json

import pytest
from bs4 import BeautifulSoup


def soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def hit_titles(page: BeautifulSoup) -> list[str]:
    return [h.get_text(" ", strip=True) for h in page.select(".hit h2 a")]


def facet(page: BeautifulSoup, label: str):
    """The facet link whose text starts with ``label``: (count, is current)."""
    for link in page.select(".facets a"):
        text = link.get_text(" ", strip=True)
        if text.split(" ")[0] == label.split(" ")[0] and text.startswith(label):
            count = link.select_one(".count")
            return int(count.get_text()) if count else None, link.has_attr("aria-current")
    raise AssertionError(f"no facet {label!r}")


# -- home, search, facets, paging --------------------------------------------------------

def test_home_shows_search_box_and_library_tiles_with_counts(client):
    page = soup(client.get("/"))
    assert page.select_one("input[name=q][role=combobox]") is not None
    tiles = {a.select_one(".tile-name").get_text(): a for a in page.select(".tiles a")}
    assert set(tiles) == {"Diseases", "Drugs", "Lab Tests", "Cancer"}
    assert tiles["Drugs"]["href"] == "/browse/drug"
    assert "24 articles" in tiles["Drugs"].get_text(" ", strip=True)


def test_search_lists_ranked_hits_with_badge_snippet_and_count(client):
    response = client.get("/search?q=dengue")
    page = soup(response)
    assert response.status_code == 200
    assert hit_titles(page)[0].startswith("Dengue Fever")
    first = page.select_one(".hit")
    assert first.select_one(".badge-disease").get_text() == "Diseases"
    assert first.select_one(".snippet mark") is not None
    assert page.select_one("input[name=q]")["value"] == "dengue"
    assert "articles" in page.select_one(".summary").get_text() or "article" in \
        page.select_one(".summary").get_text()


def test_library_facet_is_disjunctive_and_filters(client):
    everything = soup(client.get("/search?q=fever"))
    drugs_count, _ = facet(everything, "Drugs")
    diseases_count, _ = facet(everything, "Diseases")
    assert drugs_count and diseases_count

    only_drugs = soup(client.get("/search?q=fever&library=drug"))
    titles = hit_titles(only_drugs)
    assert "Paracetamol" in " ".join(titles) and not any("Dengue" in t for t in titles)
    assert facet(only_drugs, "Drugs") == (drugs_count, True)
    # The other libraries keep their counts so the reader can switch.
    assert facet(only_drugs, "Diseases") == (diseases_count, False)


def test_filters_combine_library_language_and_letter(client):
    page = soup(client.get("/search?q=fever&library=disease&letter=D"))
    titles = hit_titles(page)
    assert titles and all(t.startswith("D") for t in titles)
    current_letter = page.select_one(".letters a[aria-current]")
    assert current_letter.get_text() == "D"
    # Letters without articles for this query are shown, but not as links.
    assert page.select(".letters .disabled")


def test_pagination_links_and_past_the_end(client):
    first = soup(client.get("/search?q=fever"))
    assert first.select_one("a[rel=next]") is not None
    assert first.select_one("a[rel=prev]") is None
    second = soup(client.get("/search?q=fever&page=2"))
    assert second.select_one("a[rel=prev]") is not None
    assert set(hit_titles(first)).isdisjoint(hit_titles(second))
    # Asking past the last page shows the last page, not an empty one.
    far = soup(client.get("/search?q=fever&page=999"))
    assert hit_titles(far) and far.select_one("a[rel=next]") is None


def test_misspelling_shows_correction_and_search_instead_link(client):
    page = soup(client.get("/search?q=diabetis"))
    correction = page.select_one(".correction")
    assert "Showing results for" in correction.get_text()
    assert "diabetes" in correction.get_text()
    assert any("Diabetes" in t for t in hit_titles(page))
    instead = correction.select_one("a")["href"]
    assert "exact=1" in instead
    as_typed = soup(client.get(instead))
    assert "Showing results for" not in as_typed.get_text()


def test_danger_sign_notice_above_results(client):
    page = soup(client.get("/search?q=chest+pain"))
    notice = page.select_one(".results > .danger[role=alert]")
    assert notice is not None
    assert "emergency" in notice.get_text().lower() or "urgent" in notice.get_text().lower()


def test_no_results_page_offers_tips_and_browse_links(client):
    page = soup(client.get("/search?q=qwertyuiopzx"))
    assert "No articles found" in page.get_text()
    assert len(page.select(".tips li")) >= 3
    assert page.select_one(".results a[href='/browse/disease']") is not None


def test_bangla_query_finds_english_article_and_marks_bangla(client):
    page = soup(client.get("/search?q=জ্বর"))
    assert any("Fever" in t for t in hit_titles(page))
    assert page.select(".snippet[lang=bn]") or page.select(".title-bn[lang=bn]")


# -- browse and article ------------------------------------------------------------------

def test_browse_library_letters_and_titles(client):
    page = soup(client.get("/browse/disease?letter=D"))
    enabled = [a.find(string=True).strip() for a in page.select(".az a")]
    counts = [int(c.get_text()) for c in page.select(".az .letter-count")]
    assert len(counts) == len(enabled) and all(counts)
    disabled = [s.get_text() for s in page.select(".az .disabled")]
    assert "D" in enabled and disabled
    titles = [a.get_text() for a in page.select(".titles a")]
    assert titles and all(t.upper().startswith("D") for t in titles)
    assert titles == sorted(titles, key=str.casefold)


def test_browse_without_letter_opens_the_first_letter_with_articles(client):
    page = soup(client.get("/browse/drug"))
    assert page.select_one(".az a[aria-current]") is not None
    assert page.select(".titles a")


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


# -- bad input, escaping, headers --------------------------------------------------------

@pytest.mark.parametrize("url", [
    "/search?library=blog", "/search?page=0", "/search?page=abc", "/search?page=1001",
    "/search?lang=fr", "/search?letter=AA", "/search?q=" + "x" * 2001,
    "/browse/disease?letter=%3Cb%3E", "/browse/disease?page=-1", "/api/search?page_size=1000",
    "/api/suggest?q=" + "x" * 101, "/search?exact=yes",
])
def test_bad_parameters_are_400_not_500(client, url):
    response = client.get(url)
    assert response.status_code == 400


def test_unknown_routes_are_404(client):
    assert client.get("/no-such-page").status_code == 404
    assert client.get("/browse/blog").status_code == 404
    response = client.get("/api/nothing")
    assert response.status_code == 404 and response.is_json
    assert response.get_json()["error"]["code"] == 404


def test_query_and_snippets_are_escaped(client):
    response = client.get("/search?q=<script>alert(1)</script>")
    body = response.get_data(as_text=True)
    assert "<script>alert(1)</script>" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body


def test_post_is_refused_and_big_bodies_are_refused(client):
    assert client.post("/search", data={"q": "fever"}).status_code == 405
    big = client.post("/search", data="x" * (200 * 1024))
    assert big.status_code in (405, 413)


def test_security_headers_on_pages_and_api(client):
    for url in ("/", "/search?q=fever", "/api/search?q=fever", "/no-such-page"):
        headers = client.get(url).headers
        csp = headers["Content-Security-Policy"]
        assert "default-src 'self'" in csp and "script-src 'self'" in csp
        assert "unsafe-inline" not in csp
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["X-Frame-Options"] == "DENY"
        assert headers["Referrer-Policy"]


def test_responses_are_compressed_and_static_files_cached(client):
    response = client.get("/search?q=fever", headers={"Accept-Encoding": "gzip"})
    assert response.headers["Content-Encoding"] == "gzip"
    assert "Dengue" in gzip.decompress(response.data).decode()
    home = client.get("/").get_data(as_text=True)
    css_url = BeautifulSoup(home, "html.parser").select_one("link[rel=stylesheet]")["href"]
    assert "?v=" in css_url
    css = client.get(css_url)
    assert css.status_code == 200 and css.cache_control.max_age >= 24 * 3600


def test_interface_language_switch_to_bangla_and_back(client):
    page = soup(client.get("/search?q=fever&hl=bn"))
    assert page.html["lang"] == "bn"
    assert page.select_one("form[role=search] button").get_text() == "খুঁজুন"
    remembered = soup(client.get("/"))       # the choice is kept in a cookie
    assert remembered.html["lang"] == "bn"
    switch = remembered.select_one("a.switch")["href"]
    assert "hl=en" in switch
    assert soup(client.get(switch)).html["lang"] == "en"


def test_bangla_text_carries_lang_attribute(client):
    page = soup(client.get("/"))
    assert page.select_one("footer [lang=bn]") is not None


# -- JSON API -----------------------------------------------------------------------------

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


def test_opensearch_description(client):
    response = client.get("/opensearch.xml")
    assert response.status_code == 200
    assert "opensearchdescription" in response.content_type
    assert "/search?q={searchTerms}" in response.get_data(as_text=True)


def test_index_version_switch_is_picked_up_without_restart(tmp_path, sample_report):
    from indexer import build
    from search_app.web import create_app

    root = tmp_path / "index"
    build.full(sample_report.articles[:10], root)
    client = create_app({"TESTING": True, "INDEX_DIR": str(root),
                         "EDITOR_DB": str(tmp_path / "editorial.sqlite3")}).test_client()
    before = client.get("/api/search?q=&library=cancer").get_json()["total"]
    build.full(sample_report.articles, root)          # the reindex job publishes a new version
    after = client.get("/api/search?q=&library=cancer").get_json()["total"]
    assert after > before


def test_bangla_interface_writes_numbers_and_section_names_in_bangla(client):
    page = soup(client.get("/search?q=dengue&hl=bn"))
    assert "টি লেখা" in page.select_one(".summary").get_text()
    assert any(ch in page.select_one(".summary").get_text() for ch in "০১২৩৪৫৬৭৮৯")
    places = [w.get_text() for w in page.select(".snippet .where")]
    assert places and not any("Symptoms" in p or "Glossary" in p for p in places)


def test_browse_pages_through_a_long_letter(client, monkeypatch):
    from search_app.web import browse as browse_pages

    monkeypatch.setattr(browse_pages, "PAGE_SIZE", 2)
    first = soup(client.get("/browse/lab-test?letter=C"))   # four titles
    next_url = first.select_one("a[rel=next]")["href"]
    second = soup(client.get(next_url))
    titles = [a.get_text() for a in first.select(".titles a") + second.select(".titles a")]
    assert len(titles) == 4 and len(set(titles)) == 4
    assert second.select_one("a[rel=prev]") is not None


def test_a_missing_or_outdated_index_is_503_not_500(tmp_path, sample_report):
    from indexer import build, versions
    from search_app.web import create_app

    empty = create_app({"TESTING": True, "INDEX_DIR": str(tmp_path / "none"),
                        "EDITOR_DB": str(tmp_path / "e.sqlite3")}).test_client()
    assert empty.get("/search?q=fever").status_code == 503
    assert empty.get("/api/search?q=fever").get_json()["error"]["code"] == 503

    root = tmp_path / "index"
    build.full(sample_report.articles[:3], root)
    meta = versions.live_dir(root) / "rxsearch-meta.json"
    facts = json.loads(meta.read_text())
    meta.write_text(json.dumps({**facts, "schema_version": facts["schema_version"] - 1}))
    old = create_app({"TESTING": True, "INDEX_DIR": str(root),
                      "EDITOR_DB": str(tmp_path / "e.sqlite3")}).test_client()
    response = old.get("/search?q=fever")
    assert response.status_code == 503
    assert "being prepared" in response.get_data(as_text=True)


def test_language_switch_never_links_off_the_site(client):
    page = soup(client.get("//evil.example/x"))
    assert page.select_one("a.switch")["href"].startswith("/?")
    article = soup(client.get("/article/malaria?q=fever"))
    assert article.select_one("a.switch")["href"] == "/article/malaria?q=fever&hl=bn"


def test_results_pages_are_cached_per_version_language_and_parameters(app, client):
    from search_app.web import searching

    first = client.get("/search?q=malaria").get_data(as_text=True)
    pages = app.extensions[searching.PAGES_EXTENSION]
    assert len(pages._items) == 1
    assert client.get("/search?q=malaria").get_data(as_text=True) == first
    bangla = client.get("/search?q=malaria&hl=bn").get_data(as_text=True)
    assert bangla != first and len(pages._items) == 2
    app.config["RESULT_CACHE_SIZE"] = 0
    client.get("/search?q=dengue")
    assert len(pages._items) == 2
