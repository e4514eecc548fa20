"""The search box on the library's site (``/embed.js``), in Debian's Chromium, across origins.

The search host runs on one local port with ``ALLOWED_ORIGINS`` naming a second port, which
serves a theme's article page as a WordPress site would: its own stylesheet, rude global
rules in it, the two lines of the embed, and a strict Content-Security-Policy allowing the
search host only where the README says to. A third port serves the same page from an origin
nobody listed. Screenshots go to var/test-artifacts/ (or $RXSEARCH_ARTIFACTS).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from urllib.parse import parse_qs, urlsplit

import pytest
from werkzeug.serving import make_server

pytestmark = pytest.mark.browser

# What the site's own CSP must allow for the box (README, "The site's search box"), and
# nothing else: no 'unsafe-inline' for styles, Trusted Types required.
SITE_CSP = ("default-src 'self'; script-src SEARCH-HOST; connect-src SEARCH-HOST; "
            "form-action SEARCH-HOST; style-src 'self'; base-uri 'none'; object-src 'none'; "
            "require-trusted-types-for 'script'")

# A theme that styles every input, button, form and list on the page, as themes do.
THEME_CSS = """
body { margin: 0; font: 17px/1.6 Georgia, serif; color: #2b2b2b; background: #faf8f2; }
header { display: flex; flex-wrap: wrap; gap: 1rem; align-items: center; padding: .8rem 1.2rem;
         background: #123b5c; color: #fff; }
header a { color: #fff; }
main { max-width: 60rem; margin: 0 auto; padding: 1rem; }
input, button { font: 700 26px/1 Impact, sans-serif; text-transform: uppercase;
                background: hotpink; border: 4px dashed purple; max-width: 100%;
                box-sizing: border-box; }
form { border: 2px solid orange; padding: 6px; }
ul, ol { list-style: square; } li { margin-left: 2.5em; color: #8a1c1c; }
a { color: darkred; }
.widget, .continue { margin: 1rem 0; padding: .8rem 1rem; background: #fff;
                     border: 1px solid #ddd4c4; border-radius: 6px; }
h2 { margin: 0 0 .5rem; font-size: 1.1rem; }
"""

ARTICLE_PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Type 2 Diabetes - RX Medical Library</title>
<link rel="stylesheet" href="/theme.css">
<script src="SEARCH-HOST/embed.js" defer></script>
</head>
<body>
<header><strong>RX Medical Library</strong>
  <a href="/">Diseases A-Z</a> <a href="/">Drugs A-Z</a> <a href="/">Lab Tests A-Z</a></header>
<main>
<section class="widget" id="library-search">
  <h2>Search the complete library</h2>
  <div data-rxsearch>
    <form action="SEARCH-HOST/search" method="get" role="search">
      <input type="search" name="q" aria-label="Search the library">
      <button type="submit">Search</button>
    </form>
  </div>
</section>
<article>
  <h1>Type 2 Diabetes</h1>
  <p>A test page standing in for an article of the library's WordPress site.</p>
  <ul id="theme-list"><li>The theme's own list keeps the theme's own style.</li></ul>
  <p><input id="theme-input" aria-label="The theme's own field"></p>
</article>
<section class="continue" id="topic-search">
  <h2>Search this topic</h2>
  <div data-rxsearch data-results="inline" data-query="Type 2 Diabetes">
    <form action="SEARCH-HOST/search" method="get" role="search">
      <input type="search" name="q" value="Type 2 Diabetes" aria-label="Search this topic">
      <button type="submit">Search</button>
    </form>
  </div>
</section>
</main>
</body>
</html>
"""

# A Bangla page: the box takes its language from <html lang>, searches one library inline.
BANGLA_PAGE = """<!doctype html>
<html lang="bn">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>রোগ</title>
<link rel="stylesheet" href="/theme.css">
<script src="SEARCH-HOST/embed.js" defer></script>
</head>
<body>
<main>
<div data-rxsearch data-results="inline" data-library="disease" id="bangla-search">
  <form action="SEARCH-HOST/search" method="get" role="search">
    <input type="search" name="q" aria-label="লাইব্রেরিতে খুঁজুন">
    <input type="hidden" name="library" value="disease">
    <button type="submit">খুঁজুন</button>
  </form>
</div>
</main>
</body>
</html>
"""

PAGES = {"/article": ARTICLE_PAGE, "/bangla": BANGLA_PAGE}


def site_app(search_host: Callable[[], str]):
    """A WordPress site stand-in: the pages above, and its theme's stylesheet."""

    def app(environ, start_response):
        path = environ["PATH_INFO"]
        host = search_host()
        if path == "/favicon.ico":  # asked for by the browser; a 404 would log an error
            start_response("204 No Content", [])
            return [b""]
        if path == "/theme.css":
            body, kind = THEME_CSS, "text/css"
        elif path in PAGES:
            body, kind = PAGES[path].replace("SEARCH-HOST", host), "text/html"
        else:
            start_response("404 Not Found", [("Content-Type", "text/plain")])
            return [b"not found"]
        start_response("200 OK", [("Content-Type", f"{kind}; charset=utf-8"),
                                  ("Content-Security-Policy",
                                   SITE_CSP.replace("SEARCH-HOST", host))])
        return [body.encode()]

    return app


def serve(app):
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_port}"


@pytest.fixture(scope="module")
def origins(tiny_index, tmp_path_factory):
    """(search host, the library's site, a site nobody listed), each its own origin."""
    from search_app.web import create_app

    found: dict[str, str] = {}
    site, site_origin = serve(site_app(lambda: found["host"]))
    stranger, stranger_origin = serve(site_app(lambda: found["host"]))
    db = tmp_path_factory.mktemp("embed") / "editorial.sqlite3"
    app = create_app({"TESTING": True, "INDEX_DIR": str(tiny_index), "EDITOR_DB": str(db),
                      "ANALYTICS_FLUSH_SECONDS": 0, "ALLOWED_ORIGINS": site_origin})
    host, found["host"] = serve(app)
    yield found["host"], site_origin, stranger_origin
    for server in (host, site, stranger):
        server.shutdown()


class Watch:
    """What the page says went wrong: console errors (CSP, CORS) and uncaught exceptions."""

    def __init__(self, page) -> None:
        self.errors: list[str] = []
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(f"uncaught: {e}"))


def box(page, selector: str):
    """The upgraded box's combobox (the theme's plain input stays in the light DOM, unshown)."""
    return page.locator(selector).get_by_role("combobox")


def test_typing_diab_on_the_site_suggests_and_picking_opens_the_article(page, origins):
    from playwright.sync_api import expect

    host, site, _ = origins
    watch = Watch(page)
    page.goto(site + "/article")
    search = box(page, "#library-search")
    search.press_sequentially("diab", delay=40)
    option = page.locator("#library-search [role=option]").first
    expect(option).to_contain_text("Type 2 Diabetes")
    expect(option).to_contain_text("Diseases")
    assert search.get_attribute("aria-expanded") == "true"
    listbox = page.locator("#library-search [role=listbox]")
    assert search.get_attribute("aria-controls") == listbox.get_attribute("id")
    search.press("ArrowDown")
    selected = page.locator("#library-search [role=option][aria-selected=true]")
    assert search.get_attribute("aria-activedescendant") == selected.get_attribute("id")
    search.press("Escape")
    assert search.get_attribute("aria-expanded") == "false"
    search.press_sequentially("e", delay=40)
    option.click()   # a sample article has no page on the site: the search host's preview
    page.wait_for_url(host + "/article/type-2-diabetes")
    assert "Type 2 Diabetes" in page.locator("h1").inner_text()
    assert watch.errors == []  # nothing refused by the site's strict CSP, nothing thrown


def test_the_script_adds_no_name_to_the_sites_pages(page, origins):
    """The shared combobox is included inside embed.js's closure, not left as a global."""
    _, site, _ = origins
    page.goto(site + "/article")
    box(page, "#library-search").wait_for()
    assert page.evaluate("typeof window.rxsearchCombobox") == "undefined"


def test_the_library_box_searches_on_the_search_host_in_the_same_tab(page, origins):
    host, site, _ = origins
    page.goto(site + "/article")
    search = box(page, "#library-search")
    search.fill("diabetes")
    search.press("Enter")
    page.wait_for_url(host + "/search?**")
    assert parse_qs(urlsplit(page.url).query) == {"q": ["diabetes"], "hl": ["en"]}
    assert "Type 2 Diabetes" in page.locator(".hit h2 a").all_inner_texts()


def test_search_this_topic_is_prefilled_and_shows_results_under_the_box(page, origins):
    from playwright.sync_api import expect

    host, site, _ = origins
    watch = Watch(page)
    page.goto(site + "/article")
    topic = box(page, "#topic-search")
    assert topic.input_value() == "Type 2 Diabetes"
    assert topic.get_attribute("aria-label") is None  # named by its <label>, in the shadow
    expect(page.get_by_role("combobox", name="Search this topic")).to_have_count(1)
    topic.press("Enter")
    hits = page.locator("#topic-search .hit")
    expect(hits.first).to_be_visible()
    assert page.url == site + "/article"  # results came to the reader, not the reverse
    assert 1 <= hits.count() <= 5
    first = hits.first.locator("a.title")
    assert first.inner_text() == "Type 2 Diabetes"
    assert first.get_attribute("href") == host + "/article/type-2-diabetes"
    assert hits.first.locator(".badge").inner_text() == "Diseases"
    assert page.locator("#topic-search .hit mark").count() > 0  # snippets keep their <mark>
    assert "<" not in "".join(page.locator("#topic-search .snippet").all_inner_texts())
    more = page.get_by_role("link", name="All results on the search site")
    assert more.get_attribute("href") == host + "/search?q=Type+2+Diabetes&hl=en"
    assert watch.errors == []


def test_inline_results_put_the_danger_notice_first_in_the_pages_language(page, origins):
    from playwright.sync_api import expect

    _, site, _ = origins
    page.goto(site + "/bangla")
    search = box(page, "#bangla-search")
    assert search.get_attribute("placeholder") == "রোগ, ওষুধ, পরীক্ষা বা ক্যান্সার খুঁজুন"
    search.fill("chest pain")
    page.locator("#bangla-search").get_by_role("button", name="খুঁজুন").click()
    notice = page.locator("#bangla-search [role=alert]")
    expect(notice).to_be_visible()
    assert notice.inner_text().startswith("বুকে ব্যথা:")
    assert "৯৯৯" in notice.inner_text() and "call 999" in notice.inner_text()
    results = page.locator("#bangla-search .results > *")
    assert results.first.get_attribute("role") == "alert"  # above everything else
    assert set(page.locator("#bangla-search .hit .badge").all_inner_texts()) == {"রোগ"}
    assert "টি লেখা" in page.locator("#bangla-search .summary").inner_text()


def test_without_javascript_the_sites_plain_form_submits_to_the_search_host(no_js, origins):
    host, site, _ = origins
    no_js.goto(site + "/article")
    field = no_js.get_by_role("searchbox", name="Search the library")
    field.fill("diabetes")
    no_js.locator("#library-search button").click()
    no_js.wait_for_url(host + "/search?q=diabetes")
    assert "Type 2 Diabetes" in no_js.locator(".hit h2 a").all_inner_texts()
    no_js.goto(site + "/article")  # "Search this topic" carries the article's title
    assert no_js.get_by_role("searchbox", name="Search this topic").input_value() \
        == "Type 2 Diabetes"


def test_a_site_not_listed_is_refused_by_the_browser(page, origins):
    from playwright.sync_api import expect

    host, _, stranger = origins
    watch = Watch(page)
    page.goto(stranger + "/article")
    search = box(page, "#library-search")
    with page.expect_event("requestfailed") as failed:
        search.press_sequentially("diab", delay=40)
    assert failed.value.url.startswith(host + "/api/suggest")
    page.wait_for_timeout(300)
    expect(page.locator("#library-search [role=option]")).to_have_count(0)
    assert search.get_attribute("aria-expanded") == "false"
    assert any("CORS policy" in error for error in watch.errors), watch.errors
    box(page, "#topic-search").press("Enter")  # inline: says so, and links to the host
    expect(page.locator("#topic-search .hint")).to_contain_text(
        "Results could not be loaded here.")
    expect(page.locator("#topic-search .hint a")).to_have_attribute(
        "href", host + "/search?q=Type+2+Diabetes&hl=en")


def test_the_box_and_the_theme_keep_their_own_styles(page, origins):
    _, site, _ = origins
    page.goto(site + "/article")
    search = box(page, "#library-search")
    search.wait_for()
    style = search.evaluate("e => { const s = getComputedStyle(e); return [s.backgroundColor, "
                            "s.textTransform, s.borderTopStyle, s.fontFamily]; }")
    assert style[:3] == ["rgb(255, 255, 255)", "none", "solid"]
    assert "Georgia" in style[3]  # the theme's typeface, inherited on purpose
    theme = page.locator("#theme-input").evaluate(
        "e => [getComputedStyle(e).backgroundColor, getComputedStyle(e).textTransform]")
    assert theme == ["rgb(255, 105, 180)", "uppercase"]  # hotpink: the theme's, untouched
    assert page.locator("#theme-list li").evaluate("e => getComputedStyle(e).color") \
        == "rgb(138, 28, 28)"
    # Nothing was added to the page's own styles: one stylesheet, the theme's.
    assert page.evaluate("[document.styleSheets.length, document.adoptedStyleSheets.length]") \
        == [1, 0]


def test_the_box_needs_no_inline_style_and_no_html_under_the_sites_csp(page, origins):
    _, site, _ = origins
    watch = Watch(page)
    page.goto(site + "/article")
    box(page, "#library-search").wait_for()
    # The site's CSP is in force: an inline <style> is refused, and so is HTML from strings.
    refused = page.evaluate("""() => {
        const style = document.createElement("style");
        style.textContent = "#theme-input { background: red }";
        document.head.append(style);
        let html = "allowed";
        try { document.body.insertAdjacentHTML("beforeend", "<b>x</b>"); }
        catch (error) { html = error.name; }
        return [getComputedStyle(document.getElementById("theme-input")).backgroundColor,
                html];
    }""")
    assert refused == ["rgb(255, 105, 180)", "TypeError"]
    watch.errors.clear()
    # ... and the box is styled all the same, by a constructed stylesheet, not a <style>.
    shadow = page.locator("#library-search [data-rxsearch]").evaluate(
        "e => [e.shadowRoot.adoptedStyleSheets.length, e.shadowRoot.querySelectorAll('style')"
        ".length, getComputedStyle(e.shadowRoot.querySelector('button')).backgroundColor]")
    assert shadow == [1, 0, "rgb(11, 110, 99)"]
    topic = box(page, "#topic-search")
    topic.press("Enter")
    page.locator("#topic-search .hit mark").first.wait_for()
    assert watch.errors == []


@pytest.mark.parametrize("width, height, name", [(1280, 900, "desktop"), (390, 844, "phone")])
def test_screenshots_of_the_box_on_the_site(browser, origins, artifacts, width, height, name):
    from playwright.sync_api import expect

    _, site, _ = origins
    context = browser.new_context(viewport={"width": width, "height": height},
                                  device_scale_factor=2 if name == "phone" else 1,
                                  is_mobile=name == "phone", has_touch=name == "phone")
    page = context.new_page()
    try:
        page.goto(site + "/article")
        box(page, "#topic-search").press("Enter")
        expect(page.locator("#topic-search .hit").first).to_be_visible()
        box(page, "#library-search").press_sequentially("diab", delay=40)
        expect(page.locator("#library-search [role=option]").first).to_be_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= width  # no overflow
        page.screenshot(path=str(artifacts / f"embed-{name}.png"), full_page=True)
        page.goto(site + "/bangla")
        search = box(page, "#bangla-search")
        search.fill("chest pain")
        search.press("Enter")
        expect(page.locator("#bangla-search [role=alert]")).to_be_visible()
        page.screenshot(path=str(artifacts / f"embed-{name}-bangla-danger.png"),
                        full_page=True)
    finally:
        context.close()
