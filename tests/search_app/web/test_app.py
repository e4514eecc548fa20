"""The app as a whole: errors, bad input, security headers, compression, interface
language."""

from __future__ import annotations

import gzip
import json

import pytest
from bs4 import BeautifulSoup

from tests.search_app.web.pages import soup


@pytest.mark.parametrize("url", [
    "/search?library=blog", "/search?page=0", "/search?page=abc", "/search?page=1001",
    "/search?lang=fr", "/search?letter=AA",
    "/browse/disease?letter=%3Cb%3E", "/browse/disease?page=-1", "/api/search?page_size=1000",
    "/search?exact=yes", "/api/suggest",
])
def test_bad_parameters_are_400_not_500(client, url):
    response = client.get(url)
    assert response.status_code == 400


def test_one_query_limit_refused_in_the_sites_style(client):
    """500 characters, the search box's maxlength; one more is a 400 page or JSON error,
    with the security headers, in whatever script the query is typed."""
    from search_app.query import MAX_QUERY_CHARS

    home = soup(client.get("/"))
    assert home.select_one("input[name=q]")["maxlength"] == str(MAX_QUERY_CHARS)
    longest = "জ্বর " * (MAX_QUERY_CHARS // 5)
    assert len(longest) == MAX_QUERY_CHARS
    assert client.get("/search", query_string={"q": longest}).status_code == 200
    page = client.get("/search", query_string={"q": longest + "x"})
    assert page.status_code == 400 and "at most 500 characters" in page.get_data(as_text=True)
    assert page.headers["Content-Security-Policy"] and page.mimetype == "text/html"
    api = client.get("/api/search", query_string={"q": "x" * 501})
    assert api.status_code == 400 and api.get_json()["error"]["code"] == 400
    assert client.get("/api/suggest", query_string={"q": "x" * 101}).status_code == 400


def test_method_not_allowed_says_which_methods_are(client):
    for url in ("/api/search", "/search"):
        response = client.post(url)
        assert response.status_code == 405
        assert set(response.headers["Allow"].split(", ")) >= {"GET", "HEAD"}
    assert client.delete("/api/suggest?q=dia").is_json


def test_unknown_routes_are_404(client):
    assert client.get("/no-such-page").status_code == 404
    assert client.get("/browse/blog").status_code == 404
    response = client.get("/api/nothing")
    assert response.status_code == 404 and response.is_json
    assert response.get_json()["error"]["code"] == 404


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


def test_bangla_interface_writes_numbers_and_section_names_in_bangla(client):
    page = soup(client.get("/search?q=dengue&hl=bn"))
    assert "টি লেখা" in page.select_one(".summary").get_text()
    assert any(ch in page.select_one(".summary").get_text() for ch in "০১২৩৪৫৬৭৮৯")
    places = [w.get_text() for w in page.select(".snippet .where")]
    assert places and not any("Symptoms" in p or "Glossary" in p for p in places)


def test_language_switch_never_links_off_the_site(client):
    page = soup(client.get("//evil.example/x"))
    assert page.select_one("a.switch")["href"].startswith("/?")
    article = soup(client.get("/article/malaria?q=fever"))
    assert article.select_one("a.switch")["href"] == "/article/malaria?q=fever&hl=bn"


def test_a_cached_results_page_carries_no_other_visitors_parameters(client):
    """The first visitor's URL had extra parameters; the page kept for the next visitor
    links only with the search's own parameters."""
    first = soup(client.get("/search?q=sarcoidosis+lungs&ref=ATTACKER&utm_source=x"))
    assert "ATTACKER" not in str(first)          # not even for the visitor who sent it
    second = client.get("/search?q=sarcoidosis+lungs").get_data(as_text=True)
    assert "ATTACKER" not in second and "utm_source" not in second
    switch = BeautifulSoup(second, "html.parser").select_one("a.switch")["href"]
    assert switch == "/search?q=sarcoidosis+lungs&hl=bn"
    paged = soup(client.get("/search?q=fever&page=02&library=disease&junk=1"))
    assert paged.select_one("a.switch")["href"] == \
        "/search?q=fever&library=disease&page=2&hl=bn"


def test_an_editors_mistake_in_the_danger_signs_stops_the_app_at_start(tmp_path, tiny_index,
                                                                       monkeypatch, runner):
    """Not the first search: the app refuses to start, naming the file and the sign."""
    from analyzers import danger
    from search_app.cli import cli
    from search_app.web import create_app

    shipped = (danger.DATA / "danger_signs.toml").read_text(encoding="utf-8")
    (tmp_path / "danger_signs.toml").write_text(
        shipped.replace('id = "stroke"', 'id = "stroke"\ncondition = ["stroke"]', 1),
        encoding="utf-8")
    monkeypatch.setattr(danger, "DATA", tmp_path)
    danger.default_lexicon.cache_clear()
    try:
        with pytest.raises(danger.DangerDataError,
                           match=r"danger_signs\.toml: sign 'stroke': unknown key 'condition'"):
            create_app({"TESTING": True, "INDEX_DIR": str(tiny_index),
                        "EDITOR_DB": str(tmp_path / "e.sqlite3")})
        result = runner.invoke(cli, ["serve", "--index", str(tiny_index)],
                               env={"RXSEARCH_EDITOR_DB": str(tmp_path / "e.sqlite3")})
        assert result.exit_code == 1 and "unknown key 'condition'" in result.output
        assert "Traceback" not in result.output
    finally:
        danger.default_lexicon.cache_clear()
