"""`rxsearch serve` runs the app under gunicorn and follows a reindex without a restart."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url: str, timeout: float = 30) -> tuple[int, bytes, dict]:
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return response.status, response.read(), dict(response.headers)
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def test_gunicorn_serves_pages_and_follows_a_new_index_version(tmp_path, sample_report):
    from indexer import build

    index = tmp_path / "index"
    build.full(sample_report.articles[:20], index)
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "search_app.cli", "serve", "--workers", "2", "--port",
         str(port), "--index", str(index)], cwd=ROOT, stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env={"RXSEARCH_EDITOR_DB": str(tmp_path / "e.sqlite3"), "PATH": "/usr/bin:/bin"})
    try:
        base = f"http://127.0.0.1:{port}"
        status, body, headers = get(base + "/")
        assert status == 200 and b"RX Library" in body
        assert "Content-Security-Policy" in headers
        before = json.loads(get(base + "/api/search?q=&library=drug")[1])["total"]
        build.full(sample_report.articles, index)     # the reindex job publishes
        totals = {json.loads(get(base + "/api/search?q=&library=drug")[1])["total"]
                  for _ in range(6)}                  # both workers answer
        assert totals == {24} and before < 24
        _check_limits(base)
    finally:
        server.terminate()
        _, errors = server.communicate(timeout=30)
    assert b"Traceback" not in errors


def _refused(url: str) -> tuple[int, bytes, dict]:
    try:
        urllib.request.urlopen(url, timeout=10)
    except urllib.error.HTTPError as error:
        return error.code, error.read(), dict(error.headers)
    raise AssertionError(f"{url[:60]} was not refused")


def _check_limits(base: str) -> None:
    """The app's limit, not the server's, decides: the longest query the app takes (500
    characters, here 4-byte ones, every other parameter at its longest) reaches the app,
    which refuses one more character with its own JSON; a request line too long for the
    server still gets the security headers."""
    from search_app.query import MAX_QUERY_CHARS
    from search_app.web.server import LIMIT_REQUEST_LINE

    longest = {"q": "\U0001f912" * MAX_QUERY_CHARS, "library": "lab-test", "lang": "bn",
               "letter": "A", "page": 1000, "page_size": 100, "exact": 1, "hl": "bn"}
    url = base + "/api/search?" + urlencode(longest)
    assert len(f"GET {url[len(base):]} HTTP/1.1") < LIMIT_REQUEST_LINE
    status, _, _ = get(url)
    assert status == 200
    status, body, headers = _refused(url.replace("q=", "q=x"))
    assert status == 400 and json.loads(body)["error"]["code"] == 400
    assert "Content-Security-Policy" in headers
    status, body, headers = _refused(base + "/search?q=" + "x" * LIMIT_REQUEST_LINE)
    assert status == 414 and "Content-Security-Policy" in headers
    assert "too long" in body.decode() and headers["X-Content-Type-Options"] == "nosniff"
