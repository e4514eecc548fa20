"""Pull the library from the live WordPress site, over its REST API.

The posts of the categories that hold the four libraries (any category whose name or slug
``corpus.validate.library_from_label`` knows: "Conditions & Diseases", "Medicines", "Lab
Tests", "Cancer Knowledge", …) are read from ``/wp-json/wp/v2/posts?_embed``, 100 a page,
following ``X-WP-TotalPages``, and go through the same reading as a REST dump
(``corpus.importers.wordpress.rest_posts``): a page of posts is the JSON a dump holds.

Two kinds of pull, both a stream of items for ``indexer.build``:

- **full**: every post of those categories, by id.
- **incremental** (given the live index's ids and the time its pull started): a cheap
  listing of every post's id and slug (``_fields=id,slug``), the posts modified since
  (``modified_after``), and any listed post the index does not hold (new, or rejected
  last time); the other listed posts come back as :class:`~corpus.validate.Unchanged`, so
  an indexed article missing from the listing is deleted, and only then.

If any page still fails after its retries, the pull ends in :class:`PullIncompleteError`
after reading the rest: the build is abandoned, nothing is deleted, the live version stays,
and the error lists the pages. HTTP is ``requests`` with urllib3's retries (429 and 5xx,
connection errors, with backoff; a ``Retry-After`` is honoured), timeouts, at most one
request per ``interval`` and a User-Agent naming rxsearch. Only published, unprotected posts
are read; an application password (``RXSEARCH_WP_USER``, ``RXSEARCH_WP_APP_PASSWORD``), for a
site that wants one, goes only over HTTPS (or to this machine) and is never shown.
"""

from __future__ import annotations

import html
import logging
import os
import re
import time
from collections.abc import Callable, Generator, Iterator, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime
from importlib import metadata
from urllib.parse import urlsplit, urlunsplit

import requests
from requests.adapters import HTTPAdapter
from requests.auth import HTTPBasicAuth
from urllib3.exceptions import MaxRetryError
from urllib3.util.retry import Retry

from corpus.article import Article
from corpus.importers import wordpress
from corpus.validate import ArticleWarning, Rejection, Unchanged

log = logging.getLogger(__name__)

Item = Article | Rejection | ArticleWarning | Unchanged
PER_PAGE = 100  # the REST API's maximum
# Posts modified this long before the last pull started are asked for again: clocks drift,
# and a post saved while that pull read its page must not be missed. Asking again costs a
# few posts, which the build finds unchanged by their content hash.
OVERLAP = timedelta(minutes=10)
# A ``Date`` header counts whole seconds, and arrives after a network delay: a difference
# with our clock smaller than this is no skew at all.
CLOCK_NOISE = 2.0
MAX_RETRY_AFTER = 120.0  # seconds: a site asking for longer gets retried sooner, then fails
RETRY_STATUSES = (429, 500, 502, 503, 504)
LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1"}
USER_ENV, PASSWORD_ENV = "RXSEARCH_WP_USER", "RXSEARCH_WP_APP_PASSWORD"


def _user_agent() -> str:
    try:
        version = metadata.version("rxsearch")
    except metadata.PackageNotFoundError:
        version = "dev"
    return f"rxsearch/{version} (search index pull; python-requests/{requests.__version__})"


USER_AGENT = _user_agent()


@dataclass(frozen=True, slots=True)
class PullSettings:
    """How politely and how patiently to ask.

    ``interval``: seconds from one request to the next (0.2: at most 5 a second, one at a
    time). ``timeout``: (connect, read) seconds. ``retries``: further attempts at a request
    that met a connection error, a timeout, 429 or 5xx; ``backoff``: urllib3 waits 0, 2×,
    4×, 8×… this between them, or what ``Retry-After`` says. ``give_up_after``: failed
    pages in a row after which the site is taken to be down and not asked further.
    """

    interval: float = 0.2
    timeout: tuple[float, float] = (10.0, 60.0)
    retries: int = 5
    backoff: float = 1.0
    give_up_after: int = 3
    credentials: tuple[str, str] | None = field(default=None, repr=False)


DEFAULT_SETTINGS = PullSettings()


class PullError(Exception):
    """The site cannot be pulled: a bad address, or credentials that must not be sent."""


class PullSetupError(PullError, ValueError):
    """The pull was asked for in a way that cannot work; nothing was requested."""


@dataclass(frozen=True, slots=True)
class FailedPage:
    """A request that failed for good: what it was for, its URL and why."""

    what: str  # "posts, page 3 of 50"
    url: str
    error: str

    def __str__(self) -> str:
        return f"{self.what}: {self.error} ({self.url})"

    def to_dict(self) -> dict:
        return {"what": self.what, "url": self.url, "error": self.error}


class PullIncompleteError(PullError):
    """Some pages could not be read, so the pull is not the whole site: nothing may be
    deleted on its word, and nothing is published."""

    def __init__(self, site: str, failed: list[FailedPage]) -> None:
        first = f"{failed[0].what}: {failed[0].error}"
        more = f", and {len(failed) - 1} more" if len(failed) > 1 else ""
        super().__init__(f"the pull of {site} is incomplete ({first}{more}); the live index "
                         f"is left as it was")
        self.site = site
        self.failed = failed


def credentials_from_env(environ: Mapping[str, str] = os.environ) -> tuple[str, str] | None:
    """The application password from ``RXSEARCH_WP_USER`` and ``RXSEARCH_WP_APP_PASSWORD``
    (both, or neither for a public site)."""
    user, password = environ.get(USER_ENV, ""), environ.get(PASSWORD_ENV, "")
    if not user and not password:
        return None
    if not (user and password):
        raise PullSetupError(f"set both {USER_ENV} and {PASSWORD_ENV}, or neither")
    return user, password


def site_address(site: str) -> str:
    """The site's address as stored with the index: scheme, host, path, ending in ``/``.

    >>> site_address("https://rx.example.org/wp-json/wp/v2/posts?page=2")
    'https://rx.example.org/'
    """
    parts = urlsplit(site.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise PullSetupError(f"{site!r} is not the address of a site (https://…)")
    path = parts.path.split("/wp-json", 1)[0].rstrip("/") + "/"
    return urlunsplit((parts.scheme, parts.netloc, path, "", ""))


class _Retry(Retry):
    """urllib3's retries, with the wait a ``Retry-After`` asks for cut to MAX_RETRY_AFTER."""

    def parse_retry_after(self, retry_after: str) -> float:
        return min(super().parse_retry_after(retry_after), MAX_RETRY_AFTER)


def _no_auth(request: requests.PreparedRequest) -> requests.PreparedRequest:
    # A session without auth would send credentials from ~/.netrc: public content only.
    return request


class WordPressPull:
    """One pull of a site, callable as ``indexer.build``'s item source: ``pull(known)``.

    ``since`` is when the pull behind the live index started (None: pull everything);
    with it and the live index's ids (``known``), the pull is incremental. ``on_total`` is
    told how many posts the pull will go through once the first page says so. After the
    run, :meth:`to_dict` says what was asked and what failed.

    >>> WordPressPull("https://rx.example.org").api
    'https://rx.example.org/wp-json/wp/v2/'
    """

    def __init__(self, site: str, *, since: datetime | None = None,
                 settings: PullSettings = DEFAULT_SETTINGS,
                 on_total: Callable[[int], None] | None = None) -> None:
        self.site = site_address(site)
        self.api = self.site + "wp-json/wp/v2/"
        parts = urlsplit(self.site)
        if (settings.credentials and parts.scheme != "https"
                and parts.hostname not in LOCAL_HOSTS):
            raise PullSetupError(f"refusing to send the application password over plain "
                                 f"http to {parts.hostname}: use the https:// address")
        self.since = since
        self.settings = settings
        self.on_total = on_total
        self.mode: str | None = None
        self.modified_after: str | None = None
        self.categories: dict[str, str] = {}  # "Medicines (id 5)" -> "drug"
        self.requests = 0
        self.retried = 0
        self.posts = 0
        self.listed: int | None = None
        self.skipped_protected = 0
        self.clock_skew: float | None = None  # seconds the site's clock is ahead of ours
        self.failed: list[FailedPage] = []
        self.seconds = 0.0
        self._session: requests.Session | None = None
        self._next_request = 0.0

    def __call__(self, known: Mapping[str, str]) -> Iterator[Item]:
        return self.items(known)

    def items(self, known: Mapping[str, str] | None = None) -> Iterator[Item]:
        """Every item of the pull; raises :class:`PullIncompleteError` at the end if a page
        failed (so a build abandons its new version)."""
        started = time.monotonic()
        self._session = self._new_session()
        try:
            categories = yield from self._library_categories()
            if self.failed or not categories:
                pass  # the libraries' categories are not known for sure: ask no further
            elif known and self.since is not None:
                self.mode = "incremental"
                yield from self._incremental(categories, known)
            else:
                self.mode = "full"
                yield from self._full(categories)
        finally:
            self._session.close()
            self.seconds = time.monotonic() - started
        log.info("pulled %s: %s pull, %d posts read in %d requests, %.1fs", self.site,
                 self.mode, self.posts, self.requests, self.seconds)
        if self.failed:
            raise PullIncompleteError(self.site, self.failed)

    def to_dict(self) -> dict:
        """What the pull did, for the reindex report."""
        return {
            "site": self.site, "mode": self.mode, "modified_after": self.modified_after,
            "categories": self.categories, "requests": self.requests, "retried": self.retried,
            "posts_read": self.posts, "posts_listed": self.listed,
            "skipped_protected": self.skipped_protected,
            "clock_skew_seconds": None if self.clock_skew is None else round(self._skew()),
            "failed": [f.to_dict() for f in self.failed], "seconds": round(self.seconds, 3),
        }

    # The kinds of pull

    def _library_categories(self) -> Generator[Item, None, list[int]]:
        """The ids of the categories that name a library (returned), with a rejection that
        says so if there are none."""
        ids, names = [], []
        for _page, terms, _headers in self._pages("categories", {"_fields": "id,name,slug"},
                                                  "categories"):
            for term in terms:
                if not isinstance(term, Mapping) or not isinstance(term.get("id"), int):
                    continue
                library = wordpress.category_library(term)
                name = html.unescape(str(term.get("name") or term.get("slug")))
                names.append(name)
                if library:
                    ids.append(term["id"])
                    self.categories[f"{name} (id {term['id']})"] = library
        if not ids and not self.failed:
            yield Rejection(self.site, "categories", "no category names a library (Diseases, "
                            "Medicines, Lab Tests, Cancer, …); the site has: "
                            + (", ".join(names[:20]) or "none"))
        return ids

    def _full(self, categories: list[int]) -> Iterator[Item]:
        posts = self._post_pages({"categories": _ids(categories)}, "posts", count=True)
        yield from self._read(posts, set(), {})

    def _incremental(self, categories: list[int], known: Mapping[str, str]) -> Iterator[Item]:
        listed: dict[int, str] = {}  # post id -> article id
        for page, entries, headers in self._pages(
                "posts", {"categories": _ids(categories), "_fields": "id,slug",
                          "orderby": "id", "order": "asc"}, "id listing"):
            if page == 1:
                self._tell_total(headers)
            for entry in entries:
                if isinstance(entry, Mapping) and _is_id(entry.get("id")):
                    listed[entry["id"]] = wordpress.post_article_id(entry)
                else:  # no id: the listing cannot vouch for every post, so nothing is deleted
                    yield Rejection(self.site, f"id listing, page {page}",
                                    "an entry without a numeric id")
        self.listed = len(listed)
        if self.failed:  # without every id, nothing can be deleted: stop asking
            return
        since = self.since + timedelta(seconds=self._skew()) - OVERLAP
        self.modified_after = since.astimezone(UTC).isoformat(timespec="seconds")
        handled: set[int] = set()
        first_seen: dict[str, int] = {}
        changed = self._post_pages({"categories": _ids(categories),
                                    "modified_after": self.modified_after}, "changed posts")
        yield from self._read(changed, handled, first_seen)
        # New posts, and posts the index lacks (rejected last time): by id, 100 a request.
        missing = [n for n, article_id in listed.items()
                   if article_id not in known and n not in handled]
        for start in range(0, len(missing), PER_PAGE):
            batch = missing[start:start + PER_PAGE]
            pages = self._post_pages({"include": _ids(batch)}, "posts not in the index")
            yield from self._read(pages, handled, first_seen)
        for number, article_id in listed.items():
            if number not in handled:
                yield Unchanged(article_id, self.site, f"post id {number}")

    # Posts

    def _post_pages(self, params: dict, what: str, *, count: bool = False
                    ) -> Iterator[list]:
        # By id, oldest first: a post published during the pull lands on the last page
        # instead of pushing every later page's posts along by one.
        for page, posts, headers in self._pages(
                "posts", {**params, "_embed": "wp:term", "orderby": "id", "order": "asc"},
                what):
            if count and page == 1:
                self._tell_total(headers)
            yield posts

    def _read(self, pages: Iterator[list], handled: set[int], first_seen: dict[str, int]
              ) -> Iterator[Item]:
        """The importer's items for every post of ``pages``, each post once."""
        for posts in pages:
            for post in posts:
                number = post.get("id") if isinstance(post, Mapping) else None
                if _is_id(number):
                    if number in handled:  # on an earlier page too
                        continue
                    handled.add(number)
                if _is_protected(post):
                    self.skipped_protected += 1
                    continue
                self.posts += 1
                yield from self._post_items(post, number, first_seen)

    def _post_items(self, post: object, number: int | None, first_seen: dict[str, int]
                    ) -> Iterator[Item]:
        location = f"post id {number}" if _is_id(number) else "a post without an id"
        for item in wordpress.rest_posts([post], self.site, where=lambda _n, _p: location):
            if isinstance(item, Rejection) and item.article_id is None and _is_id(number):
                # The post is known by its number even when its slug is unusable: it is a
                # rejected post, not unreadable input (which would block every deletion).
                item = replace(item, article_id=wordpress.post_article_id(post) or str(number))
            elif isinstance(item, Article):
                if item.id in first_seen:
                    yield Rejection(self.site, location, f"duplicate id, first at post id "
                                    f"{first_seen[item.id]}", article_id=item.id, field="id")
                    continue
                first_seen[item.id] = number
                item = replace(item, source=f"{self.api}posts/{number}")
            yield item

    def _tell_total(self, headers: Mapping[str, str]) -> None:
        total = _header_int(headers, "X-WP-Total")
        if total is not None and self.on_total is not None:
            self.on_total(total)

    # HTTP

    def _new_session(self) -> requests.Session:
        settings = self.settings
        retry = _Retry(total=settings.retries, backoff_factor=settings.backoff,
                       status_forcelist=RETRY_STATUSES, allowed_methods={"GET"},
                       respect_retry_after_header=True, raise_on_status=False)
        session = requests.Session()
        adapter = HTTPAdapter(max_retries=retry)
        session.mount("http://", adapter)
        session.mount("https://", adapter)
        session.headers.update({"User-Agent": USER_AGENT, "Accept": "application/json"})
        session.auth = HTTPBasicAuth(*settings.credentials) if settings.credentials else _no_auth
        return session

    def _pages(self, route: str, params: dict, what: str
               ) -> Iterator[tuple[int, list, Mapping[str, str]]]:
        """(page number, its list, its headers) for every page, following
        ``X-WP-TotalPages`` (or, without it, until a short page). A failed page is recorded
        and skipped; after ``give_up_after`` in a row, the rest is not asked for."""
        page, total, failed_in_a_row = 1, None, 0
        while total is None or page <= total:
            label = f"{what}, page {page}" + (f" of {total}" if total else "")
            got = self._get(route, {**params, "per_page": PER_PAGE, "page": page}, label)
            if got is not None and not isinstance(got[0], list):
                self._fail(label, got[2], "expected a JSON array")
                got = None
            if got is None:
                failed_in_a_row += 1
                if total is None or failed_in_a_row >= self.settings.give_up_after:
                    if total is not None and page < total:
                        self._fail(f"{what}, pages {page + 1} to {total}", "",
                                   f"not asked for after {failed_in_a_row} failures in a row")
                    return
                page += 1
                continue
            data, headers, _url = got
            failed_in_a_row = 0
            if total is None:
                total = _header_int(headers, "X-WP-TotalPages")
            yield page, data, headers
            if total is None and len(data) < PER_PAGE:
                return
            page += 1

    def _get(self, route: str, params: dict, what: str
             ) -> tuple[object, Mapping[str, str], str] | None:
        """The JSON of one request, or None once it failed for good (recorded)."""
        url = self.api + route
        for attempt in (1, 2):  # statuses and connection errors are urllib3's to retry;
            self._wait_turn()   # a body cut short is asked for once more here
            try:
                response = self._session.get(url, params=params, timeout=self.settings.timeout)
            except requests.exceptions.ChunkedEncodingError as err:
                self.requests += 1
                if attempt == 1:
                    continue
                self._fail(what, url, f"the response was cut short: {_reason(err)}")
                return None
            except requests.RequestException as err:
                retried = isinstance(err.args[0] if err.args else None, MaxRetryError)
                self.requests += 1 + (self.settings.retries if retried else 0)
                self._fail(what, url, _reason(err, self.settings.retries if retried else 0))
                return None
            history = getattr(getattr(response.raw, "retries", None), "history", ()) or ()
            self.requests += 1 + len(history)
            self.retried += len(history)
            self._note_clock(response)
            if response.status_code != 200:
                self._fail(what, response.url, self._status_error(response, len(history)))
                return None
            try:
                return response.json(), response.headers, response.url
            except ValueError:
                if attempt == 1:
                    continue
                self._fail(what, response.url, "not JSON (a PHP error page, or a cut-short "
                           "response?)")
                return None
        return None

    def _wait_turn(self) -> None:
        delay = self._next_request - time.monotonic()
        if delay > 0:
            time.sleep(delay)
        self._next_request = time.monotonic() + self.settings.interval

    def _skew(self) -> float:
        """Seconds the site's clock is ahead of ours, 0 when within the noise."""
        skew = self.clock_skew or 0.0
        return skew if abs(skew) > CLOCK_NOISE else 0.0

    def _note_clock(self, response: requests.Response) -> None:
        if self.clock_skew is not None or "Date" not in response.headers:
            return
        try:
            site_time = parsedate_to_datetime(response.headers["Date"])
        except (TypeError, ValueError):
            return
        if site_time.tzinfo is None:  # "-0000": UTC, the zone HTTP dates are in
            site_time = site_time.replace(tzinfo=UTC)
        self.clock_skew = (site_time - datetime.now(UTC)).total_seconds()

    def _status_error(self, response: requests.Response, retries: int) -> str:
        status = response.status_code
        text = f"HTTP {status}"
        try:
            body = response.json()
        except ValueError:
            body = None
        if isinstance(body, Mapping) and isinstance(body.get("code"), str):
            text += f" {body['code']}: {str(body.get('message', ''))[:200]}"
        if retries:
            text += f" (after {retries} retr{'y' if retries == 1 else 'ies'})"
        if status in (401, 403):
            text += ("; the application password was refused" if self.settings.credentials
                     else f"; if the site needs a login, set {USER_ENV} and {PASSWORD_ENV}")
        elif status == 404 and not isinstance(body, Mapping):
            text += "; is this a WordPress site with its REST API on?"
        return text

    def _fail(self, what: str, url: str, error: str) -> None:
        log.info("%s failed: %s (%s)", what, error, url)  # the caller reports them all
        self.failed.append(FailedPage(what, url, error))


def _ids(numbers: list[int]) -> str:
    return ",".join(map(str, numbers))


def _is_id(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_protected(post: object) -> bool:
    """A password-protected post: not public, whoever asks."""
    if not isinstance(post, Mapping):
        return False
    content = post.get("content")
    return isinstance(content, Mapping) and content.get("protected") is True


def _header_int(headers: Mapping[str, str], name: str) -> int | None:
    value = headers.get(name, "")
    return int(value) if value.strip().isdigit() else None


def _reason(err: requests.RequestException, retries: int = 0) -> str:
    """A connection error in a line: urllib3's innermost reason, without object reprs."""
    cause = err.args[0] if err.args else err
    cause = getattr(cause, "reason", cause)  # MaxRetryError wraps the last error
    text = re.sub(r"<[^>]*>: ", "", str(cause))
    after = f" after {retries} retries" if retries else ""
    return f"{type(err).__name__}{after}: {text[:300]}"
