"""The search blueprint: home page, results, facets, paging, corrections, notices."""

from __future__ import annotations

from tests.search_app.web.pages import facet, hit_titles, soup


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


def test_misspelling_is_said_once_with_a_search_instead_link(client):
    """One line names what was searched and offers the words as typed; nothing else on the
    page says the results are for the misspelling."""
    page = soup(client.get("/search?q=diabetis"))
    summary = " ".join(page.select_one(".summary").get_text().split())
    assert "articles for “diabetes” · Search instead for diabetis" in summary
    assert "“diabetis”" not in page.select_one(".results").get_text()
    assert not page.select(".correction")
    assert any("Diabetes" in t for t in hit_titles(page))
    instead = page.select_one(".summary a")["href"]
    assert instead == "/search?q=diabetis&exact=1"
    as_typed = soup(client.get(instead))
    assert "Search instead" not in as_typed.get_text()
    assert "for “diabetis”" in as_typed.select_one(".results").get_text() \
        or as_typed.select_one(".results h1") is not None


def test_danger_sign_notice_above_results(client):
    page = soup(client.get("/search?q=chest+pain"))
    notice = page.select_one(".results > .danger[role=alert]")
    assert notice is not None
    assert "emergency" in notice.get_text().lower() or "urgent" in notice.get_text().lower()
    assert notice.select_one("strong").get_text().startswith("Chest pain")
    # Below the notice, the article about the emergency it signals comes first.
    assert hit_titles(page)[0].startswith("Heart Attack")


def test_danger_notice_leads_with_bangla_in_the_bangla_interface(client):
    notice = soup(client.get("/search?q=chest+pain&hl=bn")).select_one(".danger[role=alert]")
    assert "বুকে ব্যথা" in notice.select_one("strong").get_text()
    assert notice.select_one("p[lang=en]") is not None   # the English message stays too


def test_no_results_page_offers_tips_and_browse_links(client):
    page = soup(client.get("/search?q=qwertyuiopzx"))
    assert "No articles found" in page.get_text()
    assert len(page.select(".tips li")) >= 3
    assert page.select_one(".results a[href='/browse/disease']") is not None


def test_bangla_query_finds_english_article_and_marks_bangla(client):
    page = soup(client.get("/search?q=জ্বর"))
    assert any("Fever" in t for t in hit_titles(page))
    assert page.select(".snippet[lang=bn]") or page.select(".title-bn[lang=bn]")


def test_query_and_snippets_are_escaped(client):
    response = client.get("/search?q=<script>alert(1)</script>")
    body = response.get_data(as_text=True)
    assert "<script>alert(1)</script>" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body


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


def test_opensearch_description(client):
    response = client.get("/opensearch.xml")
    assert response.status_code == 200
    assert "opensearchdescription" in response.content_type
    assert "/search?q={searchTerms}" in response.get_data(as_text=True)


def test_what_was_searched_in_both_languages_and_undo(client):
    english = soup(client.get("/search?q=jor"))
    line = english.select_one(".interpreted").get_text(" ", strip=True)
    assert "jor — showing জ্বর" in line and "fever" in line
    undo = english.select_one(".interpreted a")
    assert "exact=1" in undo["href"] and "q=jor" in undo["href"]
    bangla = soup(client.get("/search?q=jor&hl=bn")).select_one(".interpreted")
    assert "দেখানো হচ্ছে জ্বর" in bangla.get_text(" ", strip=True)
    assert soup(client.get("/search?q=jor&exact=1")).select_one(".interpreted") is None


def test_a_brand_says_whose_generic_it_is(client):
    line = soup(client.get("/search?q=seclo")).select_one(".interpreted").get_text(" ")
    assert "seclo is a brand of omeprazole (Square Pharmaceuticals)" in line


def test_a_long_message_says_what_it_searched_for(client):
    page = soup(client.get("/search", query_string={
        "q": "dear sir my mother has tuberculossis and coughs at night, what should she eat"}))
    line = page.select_one(".correction").get_text(" ", strip=True)
    assert "Searched for tuberculosis (you typed tuberculossis)" in line
    assert "exact=1" in page.select_one(".correction a")["href"]
    bangla = soup(client.get("/search", query_string={
        "q": "dear sir my mother has tuberculossis and coughs at night", "hl": "bn"}))
    assert "খোঁজা হয়েছে" in bangla.select_one(".correction").get_text()


def test_language_facet_offers_the_articles_with_bangla(client):
    page = soup(client.get("/search?q=fever"))
    count, current = facet(page, "Has Bangla")
    assert count and not current
    link = next(a for a in page.select(".facets a") if "Has Bangla" in a.get_text())
    chosen = soup(client.get(link["href"]))
    assert facet(chosen, "Has Bangla") == (count, True)
    assert len(chosen.select(".hit")) == min(count, 10)
    bangla = soup(client.get("/search?q=fever&hl=bn"))
    assert any("বাংলা আছে" in a.get_text() for a in bangla.select(".facets a"))
