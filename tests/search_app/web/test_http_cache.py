"""Search pages and API answers are cacheable by a shared cache (a CDN in front of several
web nodes) and revalidated with a 304; anything with a cookie or a session is not."""

from __future__ import annotations

import pytest

from search_app import engine


def test_an_api_answer_is_public_for_a_while_and_names_its_version(client):
    response = client.get("/api/search?q=fever&hl=en")
    assert response.status_code == 200 and response.headers["ETag"]
    cache = response.cache_control
    assert cache.public and cache.max_age == 60 and cache.stale_while_revalidate == 600
    assert "Set-Cookie" not in response.headers
    assert "Cookie" not in response.vary  # hl= in the URL: nothing about the reader matters


def test_if_none_match_is_answered_304_without_searching(client, monkeypatch):
    client.application.config["RESULT_CACHE_SIZE"] = 0   # every answer would be searched
    client.set_cookie("hl", "en")  # a returning reader: no cookie to set
    first = client.get("/search?q=dengue&hl=en")
    assert first.status_code == 200 and first.cache_control.public
    tags = [("/search?q=dengue&hl=en", first.headers["ETag"]),
            ("/api/search?q=dengue&hl=en",
             client.get("/api/search?q=dengue&hl=en").headers["ETag"])]
    monkeypatch.setattr(engine, "search", lambda *a, **k: pytest.fail("searched again"))
    for url, tag in tags:
        again = client.get(url, headers={"If-None-Match": tag})
        assert again.status_code == 304 and again.data == b""
        assert again.headers["ETag"] == tag and again.cache_control.public


@pytest.mark.parametrize("coding", ["gzip", "br"])
def test_a_compressed_answer_is_revalidated_without_searching(client, monkeypatch, coding):
    """A CDN keeps the compressed answer, whose tag names its coding ("tag:gzip")."""
    client.application.config["RESULT_CACHE_SIZE"] = 0   # every answer would be searched
    url = "/api/search?q=dengue&hl=en"
    first = client.get(url, headers={"Accept-Encoding": coding})
    assert first.headers["Content-Encoding"] == coding
    tag = first.headers["ETag"]
    assert tag.endswith(f':{coding}"')
    monkeypatch.setattr(engine, "search", lambda *a, **k: pytest.fail("searched again"))
    again = client.get(url, headers={"Accept-Encoding": coding, "If-None-Match": tag})
    assert again.status_code == 304 and again.data == b""
    assert again.headers["ETag"] == tag and "Accept-Encoding" in again.vary


def test_the_tag_changes_with_what_the_answer_shows(client):
    def tag(url: str) -> str:
        return client.get(url).headers["ETag"]

    tags = {tag("/api/search?q=fever&hl=en"), tag("/api/search?q=fever&hl=bn"),
            tag("/api/search?q=fever&hl=en&library=drug"), tag("/api/search?q=fevers&hl=en"),
            tag("/api/search?q=fever&hl=en&page=2")}
    assert len(tags) == 5
    # Parameters that do not change the answer do not change the tag.
    assert tag("/api/search?q=fever&hl=en&utm_source=x&page=1") == tag(
        "/api/search?q=fever&hl=en")


def test_a_new_index_version_changes_the_tag(tmp_path, sample_report):
    from indexer import build
    from search_app.web import create_app

    root = tmp_path / "index"
    build.full(sample_report.articles[:30], root)
    client = create_app({"TESTING": True, "INDEX_DIR": str(root),
                         "EDITOR_DB": str(tmp_path / "e.sqlite3")}).test_client()
    before = client.get("/api/search?q=fever&hl=en").headers["ETag"]
    build.full(sample_report.articles, root)
    after = client.get("/api/search?q=fever&hl=en", headers={"If-None-Match": before})
    assert after.status_code == 200 and after.headers["ETag"] != before


def test_language_from_the_reader_varies_and_cookies_stay_private(client):
    from_browser = client.get("/api/search?q=fever")
    assert {"Cookie", "Accept-Language"} <= set(from_browser.vary)
    chosen = client.get("/search?q=fever&hl=bn")  # sets the language cookie
    assert "Set-Cookie" in chosen.headers
    assert chosen.cache_control.private and chosen.cache_control.no_store
    assert not chosen.cache_control.public


def test_editor_pages_are_never_stored(client):
    for url in ("/editor/login", "/editor/duplicates"):
        response = client.get(url)
        assert response.cache_control.no_store and response.cache_control.private
