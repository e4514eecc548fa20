"""Reading rendered pages in the web tests."""

from __future__ import annotations

from bs4 import BeautifulSoup


def soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def hit_titles(page: BeautifulSoup) -> list[str]:
    return [h.get_text(" ", strip=True) for h in page.select(".hit h2 a")]


def facet(page: BeautifulSoup, label: str):
    """The facet link whose text starts with ``label``: (count, is current)."""
    for link in page.select(".facets a"):
        text = link.get_text(" ", strip=True)
        if text.split(" ")[0] == label.split(" ")[0] and text.startswith(label):
            count = link.select_one(".count")
            return int(count.get_text()) if count else None, link.has_attr("aria-current")
    raise AssertionError(f"no facet {label!r}")
