"""The Bangla web font: served as WOFF2 and cached long, preloaded where Bangla is read, and
the files keep what Bangla shaping needs (conjuncts, reph, vowel-sign positions)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont

from search_app.web.i18n import has_bangla
from search_app.web.security import static_url
from tests.search_app.web.pages import soup

FONTS = Path(__file__).resolve().parents[3] / "search_app" / "web" / "static" / "fonts"
WEEK = 7 * 24 * 3600


def font_urls(client) -> list[str]:
    """The ``@font-face`` URLs of the stylesheet, made absolute as the browser does."""
    css_url = soup(client.get("/")).select_one("link[rel=stylesheet]")["href"]
    css = client.get(css_url).get_data(as_text=True)
    return ["/static/" + url for url in re.findall(r'url\("(fonts/[^"]+\.woff2[^"]*)"\)', css)]


def test_bangla_fonts_are_served_as_woff2_cached_long_and_not_compressed_again(client):
    urls = font_urls(client)
    assert [u.split("?")[0] for u in urls] == ["/static/fonts/rx-bangla-400.woff2",
                                               "/static/fonts/rx-bangla-700.woff2"]
    for url in urls:
        response = client.get(url, headers={"Accept-Encoding": "br, gzip"})
        assert response.status_code == 200
        assert response.mimetype == "font/woff2"
        assert response.data[:4] == b"wOF2"
        assert response.cache_control.max_age >= WEEK
        assert "Content-Encoding" not in response.headers  # brotli inside already


def test_stylesheet_and_preload_name_the_same_versioned_url(app, client):
    # A preload whose URL differs from the @font-face one (even by ?v=) downloads twice.
    with app.test_request_context():
        expected = [static_url(f"fonts/rx-bangla-{weight}.woff2") for weight in (400, 700)]
    assert font_urls(client) == expected
    link = soup(client.get("/?hl=bn")).select_one("link[rel=preload]")
    assert link["href"] == expected[0]


@pytest.mark.parametrize("url", [
    "/?hl=bn",                            # a Bangla interface
    "/search?q=জ্বর&hl=bn",
    "/search?q=fever&hl=en",              # English interface, Bangla titles and notes
    "/article/malaria?hl=en",             # its Bangla note
])
def test_bangla_font_is_preloaded_where_bangla_is_read(client, url):
    link = soup(client.get(url)).select_one("link[rel=preload]")
    assert link is not None, url
    assert link["href"].startswith("/static/fonts/rx-bangla-400.woff2?v=")
    assert link["as"] == "font" and link["type"] == "font/woff2"
    assert link.has_attr("crossorigin")   # fonts are fetched in CORS mode, even from here


@pytest.mark.parametrize("url", ["/no-such-page?hl=en", "/editor/login?hl=en"])
def test_english_page_with_bangla_only_in_header_and_footer_preloads_no_font(client, url):
    page = soup(client.get(url))
    assert page.select_one("link[rel=preload]") is None
    assert has_bangla(page.select_one("footer").get_text())  # still drawn, loaded on demand


def test_has_bangla_looks_for_bangla_script():
    assert has_bangla("fever, জ্বর")
    assert has_bangla("ৎ")
    assert not has_bangla("Fever: 38 °C (100.4 °F)")
    assert not has_bangla("")


def test_font_files_keep_every_bangla_letter_and_the_shaping_features():
    letters = [*range(0x0985, 0x098D), *range(0x0995, 0x09A9),   # vowels, consonants
               0x09BC, 0x09CD, 0x09CE, 0x0981, 0x0982, 0x0983,    # nukta, hasanta, khanda ta,
               *range(0x09BE, 0x09C5), 0x09C7, 0x09C8, 0x09CB,    # signs
               0x09CC, *range(0x09E6, 0x09F0), 0x09F3,            # digits, taka
               0x0964, 0x0965, 0x200C, 0x200D]
    for weight in (400, 700):
        font = TTFont(FONTS / f"rx-bangla-{weight}.woff2")
        cmap = font.getBestCmap()
        assert not [hex(c) for c in letters if c not in cmap], weight
        assert ord("a") not in cmap  # Latin is the English font's (and unicode-range's)
        gsub = {r.FeatureTag for r in font["GSUB"].table.FeatureList.FeatureRecord}
        assert {"akhn", "rphf", "blwf", "half", "pstf", "init", "nukt", "pres", "abvs",
                "blws", "psts"} <= gsub
        gpos = {r.FeatureTag for r in font["GPOS"].table.FeatureList.FeatureRecord}
        assert {"abvm", "blwm"} <= gpos
        # site.css's size-adjust (115%) is worked out from this headline height.
        assert font["OS/2"].sCapHeight == 622
    assert (FONTS / "OFL.txt").read_text().count("SIL OPEN FONT LICENSE Version 1.1") == 1
