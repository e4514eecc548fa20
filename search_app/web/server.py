"""Serving the app with gunicorn, the production WSGI server (``rxsearch serve``).

Search is CPU-bound pure Python, so one process per core does the work (the GIL lets one
thread of a process compute at a time); two threads per process keep a worker busy while
another request waits on the disk or a slow phone. Each process opens its own searcher and
follows the live index version by itself (``ViewManager``), so a reindex needs no
restart, and ``kill -HUP`` reloads workers gracefully if the code changes.
"""

from __future__ import annotations

import os
import time

from gunicorn import util
from gunicorn.app.base import BaseApplication
from gunicorn.http.errors import LimitRequestHeaders, LimitRequestLine
from gunicorn.workers.gthread import ThreadWorker

from search_app.web.security import HEADERS

# gunicorn's ceiling for a request line. The app's own limits (a 500-character query, even
# in 4-byte characters, with every other parameter at its longest) stay well below it, so
# whatever the app would accept reaches the app, which refuses anything longer in the
# site's style (tests/search_app/test_server.py checks the arithmetic).
LIMIT_REQUEST_LINE = 8190
# How long a worker with no free thread leaves a new connection to the others.
BUSY_ACCEPT_DELAY = 0.002


def default_workers() -> int:
    return max(1, min(os.cpu_count() or 1, 8))


class _Gunicorn(BaseApplication):
    def __init__(self, app, options: dict) -> None:
        self.application = app
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            if key in self.cfg.settings:  # settings newer than the installed gunicorn wait
                self.cfg.set(key, value)

    def load(self):
        return self.application


class Worker(ThreadWorker):
    """gunicorn's threaded worker, except that

    - a worker whose threads are all busy lets a new connection wait a moment for a worker
      with a free thread to take it. gunicorn's own takes whatever arrives, and a keep-alive
      connection stays with the worker that took it: 20 clients connecting at once ended 19
      on one worker and 1 on the other, whose one client was then served at once while the
      19 queued (bench/http_bench.py);
    - a request too long for the server to read (only a crafted one: the app's limits sit
      below) is refused with the site's security headers and a short page in both
      languages, not gunicorn's bare HTML.
    """

    def init_process(self) -> None:
        self._in_flight = 0   # requests handed to the thread pool and not finished
        super().init_process()

    def enqueue_req(self, conn) -> None:
        self._in_flight += 1
        super().enqueue_req(conn)

    def finish_request(self, conn, fs) -> None:
        self._in_flight -= 1
        super().finish_request(conn, fs)

    def accept(self, listener) -> None:
        if self._in_flight >= self.cfg.threads:
            time.sleep(BUSY_ACCEPT_DELAY)   # the listener is non-blocking: if another worker
        super().accept(listener)            # took the connection meanwhile, nothing happens

    def handle_error(self, req, client, addr, exc):
        if not isinstance(exc, LimitRequestLine | LimitRequestHeaders):
            return super().handle_error(req, client, addr, exc)
        status = ("414 URI Too Long" if isinstance(exc, LimitRequestLine)
                  else "431 Request Header Fields Too Large")
        self.log.info("refused a request: %s", status)  # no address: nothing ties it to anyone
        try:
            util.write_nonblock(client, _refusal(status))
        except OSError:
            self.log.debug("could not send the refusal")


def _refusal(status: str) -> bytes:
    body = ("<!doctype html><meta charset=utf-8><title>RX Library</title>"
            "<p>This address is too long. Please shorten your search.</p>"
            "<p lang=bn>ঠিকানাটি খুব লম্বা। খোঁজার কথা ছোট করে আবার চেষ্টা করুন।</p>").encode()
    head = [f"HTTP/1.1 {status}", "Connection: close",
            "Content-Type: text/html; charset=utf-8", f"Content-Length: {len(body)}",
            *(f"{name}: {value}" for name, value in HEADERS.items())]
    return "\r\n".join(head).encode("latin-1") + b"\r\n\r\n" + body


def run(app, host: str, port: int, workers: int, threads: int = 2) -> None:
    _Gunicorn(app, {
        "bind": f"{host}:{port}",
        "workers": workers,
        "threads": threads,
        "worker_class": f"{__name__}.Worker",
        "timeout": 30,                 # a search never takes this long; a stuck worker does
        "graceful_timeout": 10,
        "keepalive": 5,
        "limit_request_line": LIMIT_REQUEST_LINE,
        "limit_request_fields": 50,
        "accesslog": "-",
        # No client address in the log: readers' searches are not tied to anyone.
        "access_log_format": '"%(r)s" %(s)s %(b)s %(M)sms',
        # Recycle workers now and then (memory stays bounded), but seldom: a new worker
        # answers its first few hundred searches at ~1.6x the CPU while its caches fill
        # (word lookups, scored lists); at 5,000 requests, 2 workers at 300 requests/s
        # each restarted every ~30 s (bench/api_profile.py measures a cold pass).
        "max_requests": 20_000,
        "max_requests_jitter": 2_000,
        # gunicorn 23+ opens a control socket at one path in $HOME: a second server on the
        # same machine (staging beside production, a benchmark) would fight over it.
        "control_socket_disable": True,
    }).run()
