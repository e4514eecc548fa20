"""An editor in Chromium: log in, open the duplicates report, dismiss a pair, read analytics."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


def test_editor_logs_in_dismisses_a_pair_and_reads_analytics(page, live_server, artifacts,
                                                             editor_account):
    # Something for the analytics, shown once three searches carry it: three spellings of
    # one query, as the browser keeps a page it has (Cache-Control) and would not ask again.
    for typed in ("typhoid", "Typhoid", "TYPHOID"):
        page.goto(live_server + "/search?q=" + typed)
    page.goto(live_server + "/editor/duplicates")
    page.wait_for_url("**/editor/login**")
    page.fill("#name", editor_account[0])
    page.fill("#password", editor_account[1])
    page.click("button[type=submit]")
    page.wait_for_url("**/editor/duplicates")
    rows = page.locator(".pairs tbody tr")
    assert rows.count() >= 7
    page.screenshot(path=str(artifacts / "desktop-editor-duplicates.png"), full_page=True)

    row = page.locator(".pairs tbody tr", has_text="Acetaminophen")
    row.locator("a:has-text('compare')").click()
    page.wait_for_url("**/duplicates/pair**")
    assert page.locator(".side-by-side mark").count() > 0
    page.screenshot(path=str(artifacts / "desktop-editor-pair.png"), full_page=True)
    page.click("button[value=not-duplicate]")
    page.wait_for_url("**/editor/duplicates")
    assert "Recorded: not duplicate" in page.locator(".flash").inner_text()
    assert page.locator(".pairs tbody tr", has_text="Acetaminophen").count() == 0

    page.click("nav.editor-nav a:has-text('Search analytics')")
    page.wait_for_url("**/editor/analytics**")
    assert "typhoid" in page.locator(".stats").first.inner_text()
    page.screenshot(path=str(artifacts / "desktop-editor-analytics.png"), full_page=True)
