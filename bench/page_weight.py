"""What a first visit to a page downloads: the HTML, the stylesheet, the script and the fonts.

Builds an index of the sample library, serves the app on a local port, opens each page in a
fresh Chromium (Debian's, 390 px wide, as a phone) and lists every request the page made once
it and its fonts have loaded. Two sizes per request, bodies only (headers left out):

  br      the app's response fetched again with ``Accept-Encoding: br``: what a browser that
          takes brotli gets (the fonts are WOFF2, already brotli inside, and sent as they are)
  local   the bytes this Chromium received, in the encoding it chose (shown)

With --screens DIR it also saves a screenshot of each page at 390 and 1366 px.

Run: .venv/bin/python bench/page_weight.py [--screens var/screens]
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import threading
from pathlib import Path
from urllib.parse import urlsplit

from werkzeug.serving import WSGIRequestHandler, make_server

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from corpus import SAMPLE_DIR, ImportReport  # noqa: E402
from indexer import build  # noqa: E402
from search_app.web import create_app  # noqa: E402

PAGES = {
    "home-en": "/?hl=en",
    "home-bn": "/?hl=bn",
    "results-bn": "/search?q=জ্বর&hl=bn",
    "results-en": "/search?q=fever&hl=en",
}
WIDTHS = (390, 1366)
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--no-first-run"]


def brotli_size(client, url: str) -> int:
    """The body's size as the app sends it to a browser that accepts brotli."""
    parts = urlsplit(url)
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    response = client.get(path, headers={"Accept-Encoding": "br"})
    return len(response.get_data())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--screens", type=Path, help="save screenshots in this folder")
    args = parser.parse_args(argv)
    executable = shutil.which("chromium")
    if executable is None:
        raise SystemExit("Debian's chromium is not installed")
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        index = Path(tmp) / "index"
        build.full(ImportReport.collect([SAMPLE_DIR]).articles, index)
        app = create_app({"TESTING": True, "INDEX_DIR": str(index),
                          "EDITOR_DB": str(Path(tmp) / "editorial.sqlite3"),
                          "ANALYTICS_ENABLED": False})
        WSGIRequestHandler.log_request = lambda *args, **kwargs: None  # quiet: only the table
        server = make_server("127.0.0.1", 0, app, threaded=True)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{server.server_port}"
        client = app.test_client()
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=executable, args=FLAGS)
                for name, path in PAGES.items():
                    report(browser, client, name, base + path, args.screens)
                browser.close()
        finally:
            server.shutdown()
    return 0


def report(browser, client, name: str, url: str, screens: Path | None) -> None:
    for width in WIDTHS if screens else WIDTHS[:1]:
        context = browser.new_context(viewport={"width": width, "height": 900})
        page = context.new_page()
        responses = []
        page.on("requestfinished", lambda request, into=responses: into.append(request))
        page.goto(url, wait_until="load")
        page.evaluate("document.fonts.ready.then(() => true)")
        page.wait_for_load_state("networkidle")
        if width == WIDTHS[0]:
            print(f"\n{name}  {url}")
            total_br = total_local = 0
            for request in responses:
                local = request.sizes()["responseBodySize"]
                coding = request.response().headers.get("content-encoding", "-")
                br = brotli_size(client, request.url)
                total_br, total_local = total_br + br, total_local + local
                label = urlsplit(request.url).path
                print(f"  {request.resource_type:<11} {label:<34} br {br:>7,}  "
                      f"local {local:>7,} {coding}")
            print(f"  {'total':<46} br {total_br:>7,}  local {total_local:>7,}")
        if screens:
            screens.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(screens / f"{name}-{width}.png"), full_page=True)
        context.close()


if __name__ == "__main__":
    sys.exit(main())
