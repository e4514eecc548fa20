"""A fake WordPress site on 127.0.0.1, for the pull's tests and bench/wordpress_pull_bench.py.

It answers what ``corpus.wordpress_pull`` asks of the REST API the way WordPress does:
``/wp-json/wp/v2/categories`` and ``/wp-json/wp/v2/posts`` with ``page``/``per_page`` (at most
100; a page past the last is a 400 ``rest_post_invalid_page_number``), ``X-WP-Total`` and
``X-WP-TotalPages``, ``categories``, ``include``, ``modified_after``, ``orderby=id``,
``_fields`` and ``_embed`` (the categories under ``_embedded["wp:term"]``). Posts follow the
article pages of the library (``../shared/docs/library-article-page.txt``): headed sections,
glossary tooltips with ``data-rx-term``/``data-rx-definition``, site chrome boxes.

Failures on demand: ``site.fail(match, [503])`` answers the first request ``match`` accepts
with a 503 and the later ones normally; ``times=None`` fails every time.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs

from werkzeug.serving import WSGIRequestHandler, make_server

CATEGORIES = [
    {"id": 3, "name": "Conditions &amp; Diseases", "slug": "diseases"},
    {"id": 5, "name": "Medicines", "slug": "medicines"},
    {"id": 7, "name": "Tests &amp; Investigations", "slug": "tests-investigations"},
    {"id": 9, "name": "Cancer Knowledge", "slug": "cancer-knowledge"},
    {"id": 11, "name": "Lifestyle Blog", "slug": "lifestyle"},
]
LIBRARY_CATEGORY = {"disease": 3, "drug": 5, "lab-test": 7, "cancer": 9, "blog": 11}
GLOSSARY = ('<span class="rx-term" data-rx-term="inflammation" data-rx-definition="'
            "Inflammation is the body's response to injury or infection. সহজ বাংলা: শরীরের "
            'প্রদাহ।">inflammation</span>')


def post(number: int, title: str, library: str = "disease", *,
         modified: str = "2025-01-01T08:00:00", slug: str | None = None,
         text: str = "fever and headache", bangla_note: str | None = None) -> dict:
    """A published post as ``/wp/v2/posts?_embed`` returns it, in a library's category."""
    category = next(c for c in CATEGORIES if c["id"] == LIBRARY_CATEGORY[library])
    content = (
        '<div class="rx-patient-tools"><h2>Patient Tools</h2><p>Read, save and share.</p></div>'
        f"<h2>Definition</h2><p>{title} is a condition with {GLOSSARY} of the tissue.</p>"
        f"<h2>Symptoms of {title}</h2><ol><li>{text}</li><li>tiredness</li></ol>"
        '<div class="rx-urgent"><h2>Seek urgent medical care if you notice</h2>'
        "<ul><li>Breathing difficulty or fainting.</li></ul></div>"
        f"<h2>Treatment for {title}</h2><p>Rest, fluids and medicines a doctor advises.</p>")
    return {
        "id": number, "date": "2025-05-02T10:00:00", "date_gmt": "2025-05-02T04:00:00",
        "modified": modified, "modified_gmt": modified, "slug": slug or f"article-{number}",
        "status": "publish", "type": "post", "link": f"https://rx.example.org/article-{number}/",
        "title": {"rendered": title}, "content": {"rendered": content, "protected": False},
        "excerpt": {"rendered": f"<p>{title}: what it is and how it is treated.</p>",
                    "protected": False},
        "categories": [category["id"]],
        "meta": {"rx_bangla_note": bangla_note} if bangla_note else {},
        "_embedded": {"wp:term": [[{**category, "taxonomy": "category"}], []]},
    }


@dataclass
class Failure:
    match: Callable[[str, Mapping[str, str]], bool]
    statuses: list[int]
    times: int | None  # None: every time
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class Request:
    path: str
    query: dict[str, str]
    headers: dict[str, str]


class _QuietHandler(WSGIRequestHandler):
    def log(self, *args, **kwargs) -> None:  # no line per request on the test's stderr
        pass

    def date_time_string(self, timestamp: float | None = None) -> str:
        """The Date header, by the site's clock."""
        ahead = self.server.site.clock_ahead.total_seconds()
        return super().date_time_string((timestamp or time.time()) + ahead)


class FakeWordPress:
    """``with FakeWordPress(posts) as site:`` serves them at ``site.url`` until the end."""

    def __init__(self, posts: list[dict] = (), categories: list[dict] = CATEGORIES) -> None:
        self.posts: dict[int, dict] = {p["id"]: p for p in posts}
        self.categories = categories
        self.requests: list[Request] = []
        self.failures: list[Failure] = []
        self.clock_ahead = timedelta(0)  # how far the site's clock (its Date header) is ahead
        self._lock = threading.Lock()
        self._server = None
        self.url = ""

    def __enter__(self) -> FakeWordPress:
        self._server = make_server("127.0.0.1", 0, self.app, threaded=True,
                                   request_handler=_QuietHandler)
        self._server.site = self
        self.url = f"http://127.0.0.1:{self._server.server_port}/"
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc) -> None:
        self._server.shutdown()
        self._server.server_close()

    def fail(self, match: Callable[[str, Mapping[str, str]], bool], statuses: list[int], *,
             times: int | None = 1, headers: dict[str, str] | None = None) -> None:
        """Answer requests ``match(path, query)`` accepts with ``statuses`` (in turn),
        ``times`` times (None: always)."""
        self.failures.append(Failure(match, statuses, times, headers or {}))

    def asked(self, **query: str) -> list[Request]:
        """The requests whose query held all of ``query``."""
        return [r for r in self.requests
                if all(r.query.get(k) == v for k, v in query.items())]

    # WSGI

    def app(self, environ, start_response):
        path = environ["PATH_INFO"]
        query = {k: v[-1] for k, v in parse_qs(environ.get("QUERY_STRING", "")).items()}
        headers = {k[5:].replace("_", "-").title(): v for k, v in environ.items()
                   if k.startswith("HTTP_")}
        with self._lock:
            self.requests.append(Request(path, query, headers))
            failure = self._failure(path, query)
        if failure is not None:
            status, extra = failure
            return _respond(start_response, status, {"code": "fake_failure",
                                                     "message": "failing on purpose"}, extra)
        if path == "/wp-json/wp/v2/categories":
            return self._list(start_response, self.categories, query, embed=False)
        if path == "/wp-json/wp/v2/posts":
            return self._list(start_response, self._posts(query), query,
                              embed="_embed" in query)
        return _respond(start_response, 404, {"code": "rest_no_route",
                                              "message": "No route was found"})

    def _failure(self, path: str, query: dict) -> tuple[int, dict] | None:
        for failure in self.failures:
            if failure.times != 0 and failure.match(path, query):
                if failure.times is not None:
                    failure.times -= 1
                status = failure.statuses.pop(0) if len(failure.statuses) > 1 \
                    else failure.statuses[0]
                return status, failure.headers
        return None

    def _posts(self, query: dict) -> list[dict]:
        found = sorted(self.posts.values(), key=lambda p: p["id"],
                       reverse=query.get("order", "desc") == "desc")
        if "categories" in query:
            wanted = {int(n) for n in query["categories"].split(",")}
            found = [p for p in found if wanted & set(p.get("categories", []))]
        if "include" in query:
            wanted = {int(n) for n in query["include"].split(",")}
            found = [p for p in found if p["id"] in wanted]
        if "modified_after" in query:
            after = datetime.fromisoformat(query["modified_after"]).astimezone(UTC)
            found = [p for p in found
                     if datetime.fromisoformat(p["modified_gmt"]).replace(tzinfo=UTC) > after]
        return found

    def _list(self, start_response, items: list, query: dict, *, embed: bool):
        per_page = int(query.get("per_page", 10))
        page = int(query.get("page", 1))
        if not 1 <= per_page <= 100:
            return _respond(start_response, 400, {"code": "rest_invalid_param",
                                                  "message": "Invalid parameter(s): per_page"})
        pages = -(-len(items) // per_page)
        if page > max(pages, 1):
            return _respond(start_response, 400, {
                "code": "rest_post_invalid_page_number",
                "message": "The page number requested is larger than the number of pages "
                           "available."})
        chosen = items[(page - 1) * per_page:page * per_page]
        fields = query["_fields"].split(",") if "_fields" in query else None
        body = [_shown(item, fields, embed) for item in chosen]
        return _respond(start_response, 200, body, {"X-WP-Total": str(len(items)),
                                                    "X-WP-TotalPages": str(pages)})


def _shown(item: dict, fields: list[str] | None, embed: bool) -> dict:
    if fields is not None:
        return {k: item[k] for k in fields if k in item}
    return item if embed else {k: v for k, v in item.items() if k != "_embedded"}


def _respond(start_response, status: int, body: object, headers: dict | None = None):
    data = json.dumps(body, ensure_ascii=False).encode("utf-8")
    reason = {200: "OK", 400: "Bad Request", 401: "Unauthorized", 404: "Not Found",
              429: "Too Many Requests", 500: "Internal Server Error",
              503: "Service Unavailable"}.get(status, "Error")
    start_response(f"{status} {reason}", [
        ("Content-Type", "application/json; charset=UTF-8"),
        ("Content-Length", str(len(data))), *(headers or {}).items()])
    return [data]
