"""The browse blueprint: the A–Z of each library."""

from __future__ import annotations

from tests.search_app.web.pages import soup


def test_browse_library_letters_and_titles(client):
    page = soup(client.get("/browse/disease?letter=D"))
    enabled = [a.find(string=True).strip() for a in page.select(".az a")]
    counts = [int(c.get_text()) for c in page.select(".az .letter-count")]
    assert len(counts) == len(enabled) and all(counts)
    disabled = [s.get_text() for s in page.select(".az .disabled")]
    assert "D" in enabled and disabled
    titles = [a.get_text() for a in page.select(".titles a")]
    assert titles and all(t.upper().startswith("D") for t in titles)
    assert titles == sorted(titles, key=str.casefold)


def test_browse_without_letter_opens_the_first_letter_with_articles(client):
    page = soup(client.get("/browse/drug"))
    assert page.select_one(".az a[aria-current]") is not None
    assert page.select(".titles a")


def test_browse_pages_through_a_long_letter(client, monkeypatch):
    from search_app.web import browse as browse_pages

    monkeypatch.setattr(browse_pages, "PAGE_SIZE", 2)
    first = soup(client.get("/browse/lab-test?letter=C"))   # four titles
    next_url = first.select_one("a[rel=next]")["href"]
    second = soup(client.get(next_url))
    titles = [a.get_text() for a in first.select(".titles a") + second.select(".titles a")]
    assert len(titles) == 4 and len(set(titles)) == 4
    assert second.select_one("a[rel=prev]") is not None
