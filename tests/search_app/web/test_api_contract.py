"""The OpenAPI document is a contract. Schemathesis reads ``/api/openapi.json`` from the
app served on 127.0.0.1 (sample index) and sends what it describes and what it forbids:
examples, the boundaries of every parameter, unsupported methods, missing and malformed
values, then seeded random cases. Every check runs: status codes listed, bodies matching
their schemas, invalid input refused with a 4xx, valid input accepted, 405 with ``Allow``,
and never a 5xx."""

from __future__ import annotations

import subprocess
import sys
import threading

import pytest
from werkzeug.serving import make_server

from search_app.web import create_app

MAX_EXAMPLES = 25  # per operation and phase: the whole run takes well under a minute


@pytest.fixture
def live_api(tiny_index, tmp_path):
    app = create_app({"TESTING": False, "INDEX_DIR": str(tiny_index),
                      "EDITOR_DB": str(tmp_path / "e.sqlite3"),
                      "ANALYTICS_ENABLED": False})
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


def test_the_api_keeps_its_openapi_contract(live_api, tmp_path):
    run = subprocess.run(
        [sys.executable, "-m", "schemathesis.cli", "run", f"{live_api}/api/openapi.json",
         "--checks", "all", "--max-examples", str(MAX_EXAMPLES), "--seed", "14",
         "--generation-deterministic", "--workers", "1", "--no-color",
         "--request-timeout", "20", "--report", "junit", "--report-dir", str(tmp_path)],
        capture_output=True, text=True, timeout=600, cwd=tmp_path)  # its cache stays there
    assert run.returncode == 0, run.stdout[-6000:] + run.stderr[-2000:]
