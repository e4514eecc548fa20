"""What a visitor does, in Debian's Chromium: search, narrow, page, autocomplete with the
keyboard, Bangla, articles and related ones, and the same without JavaScript.

Screenshots at phone and desktop width are written to var/test-artifacts/ (or
$RXSEARCH_ARTIFACTS) for people to look at.
"""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


def test_search_from_home_page_then_facet_then_page(page, live_server, artifacts):
    page.goto(live_server + "/")
    page.screenshot(path=str(artifacts / "desktop-home.png"), full_page=True)
    page.fill("input[name=q]", "fever")
    page.press("input[name=q]", "Enter")
    page.wait_for_selector(".hit")
    titles = page.locator(".hit h2 a").all_inner_texts()
    assert "Dengue Fever" in titles
    assert page.locator(".hit .badge").first.inner_text() == "Diseases"
    assert page.locator("#facets").evaluate("d => d.open")  # sidebar open on a wide screen
    page.screenshot(path=str(artifacts / "desktop-results.png"), full_page=True)

    page.click(".facets a[data-facet=library]:has-text('Diseases')")
    page.wait_for_url("**library=disease**")
    assert set(page.locator(".hit .badge-disease").all_inner_texts()) == {"Diseases"}
    assert page.locator(".hit .badge-drug").count() == 0
    first_page = page.locator(".hit h2 a").all_inner_texts()
    page.click("a[rel=next]")
    page.wait_for_url("**page=2**")
    assert set(page.locator(".hit h2 a").all_inner_texts()).isdisjoint(first_page)


def test_autocomplete_with_the_keyboard(page, live_server, artifacts):
    page.goto(live_server + "/")
    box = page.locator("input[name=q]")
    box.press_sequentially("malar", delay=40)
    page.wait_for_selector("#q-suggestions [role=option]")
    assert box.get_attribute("aria-expanded") == "true"
    page.screenshot(path=str(artifacts / "desktop-autocomplete.png"))
    box.press("ArrowDown")
    selected = page.locator("#q-suggestions [aria-selected=true]")
    assert "Malaria" in selected.inner_text()
    assert box.get_attribute("aria-activedescendant") == selected.get_attribute("id")
    box.press("Escape")
    assert box.get_attribute("aria-expanded") == "false"
    box.press_sequentially("i", delay=40)
    page.wait_for_selector("#q-suggestions [role=option]")
    box.press("ArrowDown")
    box.press("Enter")
    page.wait_for_url("**/article/**")
    assert "Malaria" in page.locator("h1").inner_text()


def test_autocomplete_on_a_phone_offers_diabetes_for_diab_and_shows_the_other_name(
        phone, live_server, artifacts):
    from playwright.sync_api import expect

    phone.goto(live_server + "/")
    box = phone.locator("input[name=q]")
    titles = phone.locator("#q-suggestions [role=option] .s-title")
    box.press_sequentially("diab", delay=40)
    # Diabetes only: no diarrhoea, no zinc (through "zinc for diarrhoea"), no diagnostic test.
    expect(titles).to_have_text(["Type 2 Diabetes"])
    phone.screenshot(path=str(artifacts / "phone-autocomplete-diab.png"))
    box.fill("")
    box.press_sequentially("dia", delay=40)
    expect(titles).to_have_text(["Type 2 Diabetes", "Acute Diarrhoea in Children",
                                 "Malaria Rapid Diagnostic Test",
                                 "Zinc Sulfate — zinc for diarrhoea"])
    phone.screenshot(path=str(artifacts / "phone-autocomplete-other-name.png"))
    box.press("ArrowDown")
    box.press("Enter")
    phone.wait_for_url("**/article/type-2-diabetes")


def test_bangla_search_on_a_phone(phone, live_server, artifacts):
    phone.goto(live_server + "/")
    phone.screenshot(path=str(artifacts / "phone-home.png"), full_page=True)
    phone.fill("input[name=q]", "জ্বর")
    phone.press("input[name=q]", "Enter")
    phone.wait_for_selector(".hit")
    assert any("Fever" in t for t in phone.locator(".hit h2 a").all_inner_texts())
    # The filters fold away on a phone, and nothing is wider than the screen.
    assert not phone.locator("#facets").evaluate("d => d.open")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375
    phone.screenshot(path=str(artifacts / "phone-results-bangla.png"), full_page=True)
    phone.click("#facets summary")
    assert phone.locator(".facets a[data-facet=library]").first.is_visible()


def test_interface_in_bangla_on_a_phone(phone, live_server, artifacts):
    phone.goto(live_server + "/search?q=dengue&hl=bn")
    assert phone.locator("html").get_attribute("lang") == "bn"
    assert phone.locator("form[role=search] button").inner_text() == "খুঁজুন"
    phone.screenshot(path=str(artifacts / "phone-results-bangla-interface.png"), full_page=True)


def test_bangla_interface_shows_no_english_note_or_section_label(phone, live_server,
                                                                 artifacts):
    from urllib.parse import quote

    from search_app import messages

    query = 'side effects of methotrexate library:blog "neck'   # two notes, section hits
    phone.goto(f"{live_server}/search?hl=bn&q={quote(query)}")
    phone.wait_for_selector(".hit")
    notes = phone.locator(".results .hint").all_inner_texts()
    places = phone.locator(".hit .where").all_inner_texts()
    phone.screenshot(path=str(artifacts / "phone-results-bangla-notes.png"), full_page=True)
    assert len(notes) >= 2 and len(places) >= 3
    shown = phone.locator(".results").inner_text()
    english = [t["en"].split("{")[0].strip("“ ") for t in messages.NOTES.values()]
    english += [labels["en"] for labels in messages.SECTIONS.values()]
    for place in places:
        assert place.removeprefix("অংশ").strip(" :") not in english, place
    for note in notes:
        assert any("\u0980" <= c <= "\u09ff" for c in note), note
    assert not [text for text in english if len(text) > 12 and text in shown]


def test_open_an_article_then_a_related_one(page, live_server, artifacts):
    page.goto(live_server + "/search?q=malaria")
    page.click(".hit h2 a >> nth=0")
    page.wait_for_url("**/article/**")
    assert "Malaria" in page.locator("h1").inner_text()
    assert page.locator(".bangla-note").is_visible()
    page.screenshot(path=str(artifacts / "desktop-article.png"), full_page=True)
    related = page.locator(".related a").first
    title = related.inner_text()
    related.click()
    page.wait_for_load_state()
    assert title in page.locator("h1").inner_text()


def test_article_on_a_phone(phone, live_server, artifacts):
    phone.goto(live_server + "/article/dengue-fever")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375
    phone.screenshot(path=str(artifacts / "phone-article.png"), full_page=True)


def test_browse_a_library(page, live_server, artifacts):
    page.goto(live_server + "/browse/lab-test")
    page.click(".az a:has-text('C')")
    page.wait_for_url("**letter=C**")
    titles = page.locator(".titles a").all_inner_texts()
    assert titles and all(t.upper().startswith("C") for t in titles)
    page.screenshot(path=str(artifacts / "desktop-browse.png"), full_page=True)


def test_everything_works_without_javascript(no_js, live_server):
    no_js.goto(live_server + "/")
    no_js.fill("input[name=q]", "diabetis")
    no_js.press("input[name=q]", "Enter")
    no_js.wait_for_selector(".hit")
    assert "Search instead for diabetis" in no_js.locator(".summary").inner_text()
    no_js.click(".facets a[data-facet=library]:has-text('Diseases')")
    no_js.wait_for_url("**library=disease**")
    no_js.click(".hit h2 a >> nth=0")
    no_js.wait_for_url("**/article/**")
    assert no_js.locator(".related").is_visible()


def test_no_console_errors_or_csp_violations(page, live_server):
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    for path in ("/", "/search?q=fever", "/article/malaria", "/browse/drug"):
        page.goto(live_server + path)
        page.wait_for_load_state("networkidle")
    assert errors == []
