"""A real Chromium (Debian's) driven by Playwright against the app on a local port."""

from __future__ import annotations

import os
import shutil
import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu",
                  "--disable-background-networking", "--disable-component-update",
                  "--no-first-run"]


EDITOR = ("amina", "a long test password")


@pytest.fixture(scope="session")
def live_server(tiny_index, tmp_path_factory):
    from search_app.editorial import accounts
    from search_app.web import create_app

    db = tmp_path_factory.mktemp("editorial") / "editorial.sqlite3"
    accounts.add(db, EDITOR[0], EDITOR[1])
    app = create_app({"TESTING": True, "INDEX_DIR": str(tiny_index), "EDITOR_DB": str(db),
                      "ANALYTICS_FLUSH_SECONDS": 0})
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


@pytest.fixture(scope="session")
def editor_account() -> tuple[str, str]:
    """The editor account the live server's database holds (name, password)."""
    return EDITOR


@pytest.fixture(scope="session")
def browser():
    executable = shutil.which("chromium")
    if executable is None:
        pytest.skip("Debian's chromium is not installed (make test installs it as root)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context()
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport={"width": 375, "height": 740}, is_mobile=True,
                                  has_touch=True, device_scale_factor=2)
    page = context.new_page()
    yield page
    context.close()


ARTIFACTS = Path(os.environ.get("RXSEARCH_ARTIFACTS", Path(__file__).resolve().parents[2]
                                / "var" / "test-artifacts"))


@pytest.fixture(scope="session")
def artifacts() -> Path:
    """Where screenshots go (kept after the run for people to look at; CI can upload it)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


@pytest.fixture
def no_js(browser):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    yield page
    context.close()
