"""Readers on a 390 px phone and a 1366 px desktop, in English and Bangla: where to go in an
emergency is in the first screen of every results and article page, and the filters in use
can be seen and undone, with and without JavaScript.

Each page is saved as a screenshot per width and language in var/test-artifacts/ (or
$RXSEARCH_ARTIFACTS), for people to look at.
"""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

SCREENS = {"phone": {"viewport": {"width": 390, "height": 844}, "is_mobile": True,
                     "has_touch": True, "device_scale_factor": 2},
           "desktop": {"viewport": {"width": 1366, "height": 768}}}
PAGES = {"results": "/search?q=fever", "article": "/article/malaria",
         "filtered": "/search?q=fever&library=drug&lang=en", "empty": "/search?q=qwertyuiopzx",
         "danger": "/search?q=chest+pain", "home": "/", "browse": "/browse/drug"}


@pytest.fixture(params=list(SCREENS))
def screen(request, browser):
    context = browser.new_context(**SCREENS[request.param])
    page = context.new_page()
    page.screen_name = request.param
    yield page
    context.close()


def _first_screen_holds(page, selector: str) -> None:
    box = page.locator(selector).first.bounding_box()
    assert box is not None, f"{selector} is not shown"
    assert box["y"] + box["height"] <= page.viewport_size["height"], \
        f"{selector} ends at {box['y'] + box['height']:.0f} px, below the first screen"


@pytest.mark.parametrize("hl", ["en", "bn"])
def test_every_page_in_both_languages_keeps_urgent_help_in_the_first_screen(
        screen, live_server, artifacts, hl):
    for name, path in PAGES.items():
        screen.goto(f"{live_server}{path}{'&' if '?' in path else '?'}hl={hl}")
        screen.screenshot(path=str(artifacts / f"{screen.screen_name}-{hl}-{name}.png"),
                          full_page=True)
        if name == "danger":  # the full notice stands in for the line, above the results
            _first_screen_holds(screen, ".danger[role=alert]")
            assert screen.locator(".urgent").count() == 0
            continue
        _first_screen_holds(screen, ".urgent")
        line = screen.locator(".urgent")
        assert line.locator("a[href='tel:999']").count() == 1
        assert ("৯৯৯" if hl == "bn" else "999") in line.inner_text()
        share = line.bounding_box()["height"] / screen.viewport_size["height"]
        assert share <= 0.1, f"the urgent line takes {share:.0%} of the first screen"
        line.locator("a[href='#urgent']").click()
        assert screen.locator("#urgent").evaluate(
            "e => { const r = e.getBoundingClientRect();"
            " return r.top < innerHeight && r.bottom > 0; }")


def test_filter_chips_show_and_undo_filters(screen, live_server):
    screen.goto(live_server + "/search?q=fever&library=drug&lang=en&letter=P")
    chips = screen.locator(".active-filters")
    _first_screen_holds(screen, ".active-filters")
    assert [" ".join(t.split()) for t in chips.locator("a").all_inner_texts()][:3] == \
        ["Drugs ×", "English ×", "Letter P ×"]
    chips.locator("a", has_text="Drugs").click()
    screen.wait_for_load_state()
    assert "library=" not in screen.url and "lang=en" in screen.url and "letter=P" in screen.url
    screen.locator(".active-filters a.clear").click()
    screen.wait_for_load_state()
    assert screen.url.endswith("/search?q=fever")
    assert screen.locator(".active-filters").count() == 0


def test_filter_chips_work_without_javascript(no_js, live_server):
    no_js.goto(live_server + "/search?q=fever")
    no_js.locator(".facets a[data-facet=library]", has_text="Drugs").click()
    no_js.wait_for_url("**library=drug**")
    assert [" ".join(t.split()) for t in no_js.locator(".active-filters a").all_inner_texts()] \
        == ["Drugs ×"]
    no_js.locator(".active-filters a").click()
    no_js.wait_for_load_state()
    assert "library" not in no_js.url and no_js.locator(".hit").count() == 10


def test_an_empty_page_offers_to_remove_its_filter_not_a_sidebar_of_zeros(screen, live_server):
    screen.goto(live_server + "/search?q=insulin&library=cancer")
    assert screen.locator("#facets").count() == 0
    assert screen.locator(".letters .disabled").count() == 0
    screen.locator(".active-filters a", has_text="Cancer").click()
    screen.wait_for_load_state()
    assert screen.locator(".hit").count() > 0
