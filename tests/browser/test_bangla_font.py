"""Bangla is drawn in the font the site serves, at the size of the English beside it.

Screenshots (phone-bangla-font.png, phone-bangla-font-bold.png) go to var/test-artifacts/.
"""

from __future__ import annotations

from urllib.parse import quote

import pytest

pytestmark = pytest.mark.browser

FAMILY = "RX Bangla"


def fonts_used(page, selector: str) -> list[dict]:
    """The fonts Chromium drew ``selector``'s text with (CDP), each with ``isCustomFont``."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument")["root"]["nodeId"]
    node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
    return cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]


def test_bangla_results_page_draws_bangla_in_the_served_font(phone, live_server, artifacts):
    phone.goto(f"{live_server}/search?hl=bn&q={quote('জ্বর')}")
    phone.wait_for_selector(".hit")
    phone.evaluate("document.fonts.ready.then(() => true)")
    snippet = phone.locator(".snippet[lang=bn]").first
    assert snippet.evaluate("e => getComputedStyle(e).fontFamily").startswith(f'"{FAMILY}"')
    assert phone.evaluate(f"document.fonts.check('16px \"{FAMILY}\"', 'অ')")
    faces = phone.evaluate(
        f"[...document.fonts].filter(f => f.family.replace(/\"/g, '') == '{FAMILY}')"
        ".map(f => [f.weight, f.status])")
    assert ["400", "loaded"] in faces
    assert ["700", "loaded"] in faces          # the bold "অংশ:" before each snippet
    # Chromium itself says which font drew the glyphs: ours, from the web, not a system one.
    drawn = fonts_used(phone, ".snippet[lang=bn]")
    assert any(f["isCustomFont"] and f["familyName"] == "Noto Sans Bengali" for f in drawn)
    assert not [f for f in drawn if not f["isCustomFont"] and "Bengali" in f["familyName"]]
    # The preload was used: the font came down once, at the stylesheet's URL.
    fetched = phone.evaluate("performance.getEntriesByType('resource').map(e => e.name)"
                             ".filter(n => n.includes('rx-bangla-400'))")
    assert len(fetched) == 1
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375
    phone.screenshot(path=str(artifacts / "phone-bangla-font.png"))
    snippet.screenshot(path=str(artifacts / "phone-bangla-font-bold.png"))


def test_served_font_shapes_conjuncts_and_matches_english_capitals(phone, live_server):
    phone.goto(live_server + "/?hl=bn")
    sizes = phone.evaluate(f"""async () => {{
        await document.fonts.load('100px "{FAMILY}"', 'ক');
        const c = document.createElement('canvas').getContext('2d');
        const english = '100px ' + getComputedStyle(document.documentElement).fontFamily;
        const bangla = '100px "{FAMILY}"';
        const measure = (font, s) => {{ c.font = font; return c.measureText(s); }};
        return {{conjunct: measure(bangla, 'ক্ষ').width,
                 spelled_out: measure(bangla, 'ক্\u200cষ').width,
                 headline: measure(bangla, 'ক').actualBoundingBoxAscent,
                 capital: measure(english, 'H').actualBoundingBoxAscent}};
    }}""")
    # ক্ষ is one conjunct glyph; with ZWNJ it is ক with a visible hasanta, then ষ: wider.
    assert sizes["conjunct"] < sizes["spelled_out"] - 20
    # size-adjust puts the Bangla headline (matra) at the height of the English capitals.
    assert sizes["headline"] == pytest.approx(sizes["capital"], rel=0.08)
