"""``/embed.js``: the site's search box script, by a stable URL, with the app's headers."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from search_app.web import create_app, embed
from search_app.web.security import CSP

SITE = "https://library.example.org"


def test_embed_script_is_javascript_cached_an_hour_with_an_etag(client):
    response = client.get("/embed.js")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/javascript; charset=utf-8"
    assert response.cache_control.public
    assert response.cache_control.max_age == embed.MAX_AGE == 3600
    assert response.get_etag()[0]
    assert b"data-rxsearch" in response.data and b"attachShadow" in response.data


def test_embed_script_keeps_the_security_headers(client):
    response = client.get("/embed.js")
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Content-Security-Policy"] == CSP
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response.headers["X-Frame-Options"] == "DENY"
    # The site's pages load it from another origin, so it says they may.
    assert response.headers["Cross-Origin-Resource-Policy"] == "cross-origin"
    assert "Set-Cookie" not in response.headers


def test_embed_script_is_not_downloaded_again_when_unchanged(client):
    first = client.get("/embed.js")
    again = client.get("/embed.js", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304 and not again.data
    assert again.headers["ETag"] == first.headers["ETag"]
    compressed = client.get("/embed.js", headers={"Accept-Encoding": "br"})
    assert compressed.headers["Content-Encoding"] == "br"
    assert len(compressed.data) < len(first.data) / 2
    revalidated = client.get("/embed.js", headers={"Accept-Encoding": "br",
                                                   "If-None-Match": compressed.headers["ETag"]})
    assert revalidated.status_code == 304


def test_every_web_node_gives_the_script_the_same_etag(tiny_index, tmp_path):
    tags = {create_app({"TESTING": True, "INDEX_DIR": str(tiny_index),
                        "EDITOR_DB": str(tmp_path / f"e{node}.sqlite3")}
                       ).test_client().get("/embed.js").headers["ETag"] for node in (1, 2)}
    assert len(tags) == 1  # a digest of the bytes, not of a file's time on one machine


def test_embed_script_speaks_english_and_bangla_without_asking_the_reader(client):
    english = client.get("/embed.js", headers={"Accept-Language": "en"})
    bangla = client.get("/embed.js?hl=bn", headers={"Accept-Language": "bn"})
    assert english.data == bangla.data  # the box picks its language (data-lang), not the URL
    assert "Set-Cookie" not in bangla.headers and bangla.cache_control.public
    script = english.data.decode()
    for words in ("Search the library", "লাইব্রেরিতে খুঁজুন", "All results on the search site",
                  "সার্চ সাইটে সব ফলাফল দেখুন", "ল্যাব পরীক্ষা"):
        assert words in script
    assert "{{" not in script and "{%" not in script
    assert "Accept-Language" not in english.headers.get("Vary", "")


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
def test_embed_script_is_valid_javascript(client, tmp_path):
    path = tmp_path / "embed.js"
    path.write_bytes(client.get("/embed.js").data)
    checked = subprocess.run(["node", "--check", str(path)], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr


def test_api_read_by_the_site_keeps_the_security_headers(tiny_index, tmp_path):
    client = create_app({"TESTING": True, "INDEX_DIR": str(tiny_index),
                         "EDITOR_DB": str(tmp_path / "e.sqlite3"),
                         "ALLOWED_ORIGINS": SITE}).test_client()
    for url in ("/api/suggest?q=diab", "/api/search?q=diabetes&page_size=5&hl=bn"):
        response = client.get(url, headers={"Origin": SITE})
        assert response.headers["Access-Control-Allow-Origin"] == SITE
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["Content-Security-Policy"] == CSP
        assert response.headers["Content-Type"] == "application/json"
