"""Serving the app with gunicorn, the production WSGI server (``rxsearch serve``).

Search is CPU-bound pure Python, so one process per core does the work (the GIL lets one
thread of a process compute at a time); two threads per process keep a worker busy while
another request waits on the disk or a slow phone. Each process opens its own searcher and
follows the live index version by itself (``ViewManager``), so a reindex needs no
restart, and ``kill -HUP`` reloads workers gracefully if the code changes.
"""

from __future__ import annotations

import os

from gunicorn.app.base import BaseApplication


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


def run(app, host: str, port: int, workers: int, threads: int = 2) -> None:
    _Gunicorn(app, {
        "bind": f"{host}:{port}",
        "workers": workers,
        "threads": threads,
        "worker_class": "gthread",
        "timeout": 30,                 # a search never takes this long; a stuck worker does
        "graceful_timeout": 10,
        "keepalive": 5,
        "limit_request_line": 4094,    # long queries are refused early (414), not parsed
        "limit_request_fields": 50,
        "accesslog": "-",
        # No client address in the log: readers' searches are not tied to anyone.
        "access_log_format": '"%(r)s" %(s)s %(b)s %(M)sms',
        "max_requests": 5000,          # recycle workers now and then: bounded memory
        "max_requests_jitter": 500,
        # gunicorn 23+ opens a control socket at one path in $HOME: a second server on the
        # same machine (staging beside production, a benchmark) would fight over it.
        "control_socket_disable": True,
    }).run()
