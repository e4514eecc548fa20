"""Only the origins the site owner lists may read the API from a browser; pages never."""

from __future__ import annotations

import pytest

from search_app.web import create_app

SITE = "https://library.example.org"


@pytest.fixture
def site_client(tiny_index, tmp_path):
    return create_app({"TESTING": True, "INDEX_DIR": str(tiny_index),
                       "EDITOR_DB": str(tmp_path / "e.sqlite3"),
                       "ALLOWED_ORIGINS": f"{SITE}, http://127.0.0.1:8080/"}).test_client()


def test_the_sites_own_pages_may_read_the_api(site_client):
    response = site_client.get("/api/suggest?q=dia", headers={"Origin": SITE})
    assert response.headers["Access-Control-Allow-Origin"] == SITE
    assert "Origin" in response.vary
    assert "Access-Control-Allow-Credentials" not in response.headers
    assert response.headers["Content-Security-Policy"]  # the usual headers stay
    local = site_client.get("/api/search?q=fever", headers={"Origin": "http://127.0.0.1:8080"})
    assert local.headers["Access-Control-Allow-Origin"] == "http://127.0.0.1:8080"


def test_a_preflight_from_the_site_is_answered(site_client):
    response = site_client.options("/api/search?q=fever", headers={
        "Origin": SITE, "Access-Control-Request-Method": "GET",
        "Access-Control-Request-Headers": "accept"})
    assert response.status_code == 200
    assert response.headers["Access-Control-Allow-Origin"] == SITE
    assert "GET" in response.headers["Access-Control-Allow-Methods"]
    assert int(response.headers["Access-Control-Max-Age"]) > 0


def test_other_origins_and_the_pages_are_not_shared(site_client, client):
    for origin in ("https://evil.example", "https://library.example.org.evil.example",
                   "null"):
        response = site_client.get("/api/search?q=fever", headers={"Origin": origin})
        assert response.status_code == 200
        assert "Access-Control-Allow-Origin" not in response.headers
    page = site_client.get("/search?q=fever", headers={"Origin": SITE})
    assert "Access-Control-Allow-Origin" not in page.headers
    unset = client.get("/api/search?q=fever", headers={"Origin": SITE})  # nothing configured
    assert "Access-Control-Allow-Origin" not in unset.headers


@pytest.mark.parametrize("setting", ["library.example.org", "https://x.org/search", 42])
def test_a_setting_that_is_not_an_origin_stops_the_app(tiny_index, tmp_path, setting):
    with pytest.raises(ValueError, match="ALLOWED_ORIGINS"):
        create_app({"TESTING": True, "INDEX_DIR": str(tiny_index),
                    "EDITOR_DB": str(tmp_path / "e.sqlite3"), "ALLOWED_ORIGINS": setting})
