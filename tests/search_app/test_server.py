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


def test_two_web_nodes_fed_by_one_reindex_job_switch_without_a_failed_request(
        tmp_path, sample_report):
    """The job builds once; each node receives the version folder and serves it, while
    readers keep searching both nodes."""
    import threading

    from indexer import build, versions

    builder, nodes = tmp_path / "builder", [tmp_path / "node-a", tmp_path / "node-b"]
    build.full(sample_report.articles[:20], builder)
    for node in nodes:
        versions.receive(node, versions.live_dir(builder))
    ports = [free_port(), free_port()]
    servers = [subprocess.Popen(
        [sys.executable, "-m", "search_app.cli", "serve", "--workers", "1", "--port",
         str(port), "--index", str(node)], cwd=ROOT, stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env={"RXSEARCH_EDITOR_DB": str(tmp_path / f"e{port}.sqlite3"), "PATH": "/usr/bin:/bin"})
        for port, node in zip(ports, nodes, strict=True)]
    urls = [f"http://127.0.0.1:{port}/api/search?q=&library=drug" for port in ports]
    failures, answers, stop = [], [], threading.Event()

    def reader() -> None:
        while not stop.is_set():
            for url in urls:
                try:
                    with urllib.request.urlopen(url, timeout=10) as response:
                        answers.append(json.loads(response.read())["total"])
                except OSError as error:
                    failures.append(repr(error))

    try:
        assert {json.loads(get(url)[1])["total"] for url in urls} == {
            sum(a.library == "drug" for a in sample_report.articles[:20])}
        readers = [threading.Thread(target=reader) for _ in range(2)]
        for thread in readers:
            thread.start()
        build.full(sample_report.articles, builder)          # the job publishes once
        for node in nodes:                                   # ... and each node receives it
            subprocess.run([sys.executable, "-m", "search_app.cli", "index", "receive",
                            str(versions.live_dir(builder)), "--index", str(node)],
                           cwd=ROOT, check=True, capture_output=True)
        time.sleep(1.0)
        stop.set()
        for thread in readers:
            thread.join()
        assert {json.loads(get(url)[1])["total"] for url in urls} == {24}
    finally:
        stop.set()
        for server in servers:
            server.terminate()
        errors = b"".join(server.communicate(timeout=30)[1] for server in servers)
    assert failures == [] and len(answers) > 20
    assert b"Traceback" not in errors


def test_keep_alive_clients_connecting_at_once_are_shared_by_the_workers(tmp_path,
                                                                         sample_report):
    """Twenty keep-alive clients connect at once and keep asking: a worker with no free
    thread leaves new connections to the other, so each worker holds some of them (plain
    gunicorn gave one worker 19 of 20, and those 19 queued while the other idled)."""
    import http.client
    import threading

    import psutil

    from indexer import build

    index = tmp_path / "index"
    build.full(sample_report.articles, index)
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "search_app.cli", "serve", "--workers", "2", "--port",
         str(port), "--index", str(index)], cwd=ROOT, stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE, env={"RXSEARCH_EDITOR_DB": str(tmp_path / "e.sqlite3"),
                                     "RXSEARCH_RESULT_CACHE_SIZE": "0", "PATH": "/usr/bin:/bin"})
    stop, failures, start = threading.Event(), [], threading.Barrier(20)

    def client() -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        start.wait()
        while not stop.is_set():
            connection.request("GET", "/api/search?q=what+are+the+symptoms+of+fever")
            response = connection.getresponse()
            response.read()
            if response.status != 200:
                failures.append(response.status)

    try:
        get(f"http://127.0.0.1:{port}/api/search?q=fever")   # both workers up
        get(f"http://127.0.0.1:{port}/api/search?q=fever")
        clients = [threading.Thread(target=client) for _ in range(20)]
        for thread in clients:
            thread.start()
        time.sleep(3)
        held = [sum(1 for c in worker.net_connections(kind="tcp")
                    if c.status == psutil.CONN_ESTABLISHED and c.laddr.port == port)
                for worker in psutil.Process(server.pid).children()]
        stop.set()
        for thread in clients:
            thread.join(timeout=30)
    finally:
        server.terminate()
        _, errors = server.communicate(timeout=30)
    assert not failures and b"Traceback" not in errors
    assert len(held) == 2 and sum(held) >= 19 and min(held) >= 5, held
