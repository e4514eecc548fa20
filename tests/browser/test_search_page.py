"""What a visitor does: type a word on the home page, read results, narrow to a library."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


def test_search_from_home_page_finds_disease_articles(page, live_server, tmp_path):
    page.goto(live_server + "/")
    page.fill("input[name=q]", "fever")
    page.press("input[name=q]", "Enter")
    page.wait_for_selector(".hit")
    titles = page.locator(".hit h2").all_inner_texts()
    assert "Dengue Fever" in titles
    assert page.locator(".hit .badge").first.inner_text() == "Diseases"
    page.screenshot(path=str(tmp_path / "results.png"), full_page=True)


def test_library_facet_narrows_results(page, live_server):
    page.goto(live_server + "/search?q=fever")
    page.click(".facets a:has-text('Drugs')")
    page.wait_for_url("**library=drug**")
    badges = set(page.locator(".hit .badge").all_inner_texts())
    assert badges == {"Drugs"}


def test_bangla_search_on_a_phone(phone, live_server, tmp_path):
    phone.goto(live_server + "/")
    phone.fill("input[name=q]", "ডেঙ্গু")
    phone.press("input[name=q]", "Enter")
    phone.wait_for_selector(".hit")
    assert "Dengue Fever" in phone.locator(".hit h2").all_inner_texts()
    # Nothing wider than the phone: no sideways scrolling.
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 375
    phone.screenshot(path=str(tmp_path / "phone.png"), full_page=True)
