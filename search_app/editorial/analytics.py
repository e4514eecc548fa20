"""What readers look for, in aggregate: which searches are frequent, which find nothing, and
which find articles nobody opens.

A row is (day, normalised query, library filter) with counters: searches, searches with no
result, and clicks on a result. Nothing identifies a reader: no IP address, cookie, user
agent or time of day is recorded; e-mail addresses, phone and ID numbers and address parts
are masked before a query is counted (``masking``); at most ``MAX_QUERY`` characters of a
query and ``DEFAULT_MAX_QUERIES_PER_DAY`` new queries a day are kept (later ones are counted
under ``[other]``); reports show a query only once ``min_count`` days or searches carry it.
Rows older than the retention period are purged.
"""

from __future__ import annotations

import csv
import io
import logging
import os
import threading
import unicodedata
import weakref
from dataclasses import asdict, dataclass
from datetime import date, timedelta
from pathlib import Path

from search_app.editorial.masking import mask_personal
from search_app.editorial.store import connect

# A query longer than this is a pasted message rather than a topic, and the likelier to
# carry someone's details; editors learn nothing more from its tail.
MAX_QUERY = 100
_MAX_INPUT = 1000                     # characters masked; the rest is never looked at
DEFAULT_RETENTION_DAYS = 180
DEFAULT_MIN_COUNT = 3                 # k: days or searches before editors see a query
DEFAULT_MAX_QUERIES_PER_DAY = 5000    # new rows a day; a fuzzer once added 9,090
OTHER = "[other]"                     # the row new queries beyond the day's cap are counted in

log = logging.getLogger(__name__)


def normalise_query(text: str) -> str:
    """The form queries are counted under: NFKC, case-folded, spaces collapsed, personal data
    masked, cut to ``MAX_QUERY`` characters at a word boundary.
    ``"  Dengue  FEVER "`` -> ``"dengue fever"``;
    ``"Call 01712-345678, House 12 Road 5"`` -> ``"call [number], [address]"``."""
    text = unicodedata.normalize("NFKC", text[:_MAX_INPUT]).casefold()
    text = "".join(c if c.isprintable() else " " for c in text)
    text = mask_personal(" ".join(text.split()))
    if len(text) > MAX_QUERY:
        cut = text[:MAX_QUERY + 1]
        # Drop the word the limit falls in, so no half placeholder or half word is kept.
        text = cut.rsplit(" ", 1)[0] if " " in cut else cut[:MAX_QUERY]
    return text


def _today(day: date | None) -> str:
    return (day or date.today()).isoformat()


Row = tuple[str, str, str]   # (day, normalised query, library or "")


_UPSERT = ("INSERT INTO searches (day, query, library, searches, zero_results, clicks)"
           " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (day, query, library) DO UPDATE SET"
           " searches = searches + excluded.searches,"
           " zero_results = zero_results + excluded.zero_results,"
           " clicks = clicks + excluded.clicks")


def add(db_path: Path | str, counts: dict[Row, tuple[int, int, int]],
        max_queries_per_day: int = DEFAULT_MAX_QUERIES_PER_DAY) -> None:
    """Add (searches, zero_results, clicks) to each row, in one transaction.

    A day holds at most ``max_queries_per_day`` query rows: once it is full, rows already
    there still count, and a new query is counted under ``[other]`` (with its library), so
    the day's totals stay right while a flood of made-up queries adds no rows."""
    merged: dict[Row, list[int]] = {}
    with connect(db_path) as db:
        db.execute("BEGIN IMMEDIATE")  # the room left is read and used under one write lock
        room: dict[str, int] = {}
        for row, values in counts.items():
            day, query, library = row
            if query != OTHER and db.execute(
                    "SELECT 1 FROM searches WHERE day = ? AND query = ? AND library = ?",
                    row).fetchone() is None:
                if day not in room:
                    used = db.execute("SELECT COUNT(*) FROM searches WHERE day = ?"
                                      " AND query != ?", (day, OTHER)).fetchone()[0]
                    room[day] = max_queries_per_day - used
                if room[day] > 0:
                    room[day] -= 1
                else:
                    row = (day, OTHER, library)
            total = merged.setdefault(row, [0, 0, 0])
            for i, value in enumerate(values):
                total[i] += value
        db.executemany(_UPSERT, [(*row, *values) for row, values in merged.items()])


def search_row(query: str, library: str | None, day: date | None = None) -> Row | None:
    """The row a search is counted under, or None for an empty query."""
    text = normalise_query(query)
    return (_today(day), text, library or "") if text else None


_TALLIES: weakref.WeakSet[Tally] = weakref.WeakSet()


class Tally:
    """Counts kept in memory and written in one transaction at most ``flush_seconds`` after
    they were counted, so searches do not queue for SQLite's write lock (web workers share
    the file). A daemon thread does the writing, so counts reach the file on time even when
    no later request comes; it starts with the first count in each process (in a gunicorn
    worker, not in the master it was forked from). ``close()`` at exit writes the rest.
    ``flush_seconds`` 0 writes each count at once."""

    def __init__(self, db_path: Path | str, flush_seconds: float,
                 max_queries_per_day: int = DEFAULT_MAX_QUERIES_PER_DAY) -> None:
        self.db_path, self.flush_seconds = db_path, flush_seconds
        self.max_queries_per_day = max_queries_per_day
        self._reset()
        _TALLIES.add(self)

    def _reset(self) -> None:
        # Also run in a forked child: the parent's thread and pending counts are not ours.
        self._counts: dict[Row, list[int]] = {}
        self._lock = threading.Lock()
        self._pending = threading.Event()   # set while counts wait to be written
        self._closing = threading.Event()
        self._writer: threading.Thread | None = None

    def count(self, row: Row, searches: int = 0, zero_results: int = 0,
              clicks: int = 0) -> None:
        with self._lock:
            counts = self._counts.setdefault(row, [0, 0, 0])
            counts[0] += searches
            counts[1] += zero_results
            counts[2] += clicks
            self._pending.set()
            at_once = self.flush_seconds <= 0 or self._closing.is_set()
            if not at_once and self._writer is None:
                self._writer = threading.Thread(target=self._write_on_time, daemon=True,
                                                name="rxsearch-analytics")
                self._writer.start()
        if at_once:
            self.flush()

    def _write_on_time(self) -> None:
        while True:
            self._pending.wait()
            if self._closing.wait(self.flush_seconds):
                return
            try:
                self.flush()
            except Exception:  # a thread that died would never write again
                log.warning("search analytics: could not write counts", exc_info=True)

    def flush(self) -> None:
        with self._lock:
            pending, self._counts = self._counts, {}
            self._pending.clear()
        if pending:
            add(self.db_path, {row: tuple(values) for row, values in pending.items()},
                self.max_queries_per_day)

    def close(self) -> None:
        """Stop the writing thread (letting a write under way finish) and write the rest."""
        self._closing.set()
        self._pending.set()
        writer = self._writer
        if writer is not None and writer is not threading.current_thread():
            writer.join(timeout=15)
        self.flush()


def _reset_after_fork() -> None:
    for tally in list(_TALLIES):
        tally._reset()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_reset_after_fork)


def purge(db_path: Path | str, retention_days: int, today: date | None = None) -> int:
    """Delete rows older than ``retention_days``; returns how many went."""
    cutoff = ((today or date.today()) - timedelta(days=retention_days)).isoformat()
    with connect(db_path) as db:
        return db.execute("DELETE FROM searches WHERE day < ?", (cutoff,)).rowcount


@dataclass(frozen=True, slots=True)
class QueryStats:
    query: str
    library: str
    searches: int
    zero_results: int
    clicks: int


@dataclass(frozen=True, slots=True)
class Report:
    start: str
    end: str
    total_searches: int
    top: list[QueryStats]
    zero_results: list[QueryStats]   # searches that found nothing, most frequent first
    unclicked: list[QueryStats]      # searches that found articles nobody opened
    min_count: int                   # k: a query is shown once k days or k searches carry it
    hidden_queries: int              # queries (with their library) carried by fewer
    hidden: QueryStats               # their counts together, so the totals add up

    def to_dict(self) -> dict:
        return asdict(self)


def report(db_path: Path | str, days: int = 30, limit: int = 50, today: date | None = None,
           min_count: int = DEFAULT_MIN_COUNT) -> Report:
    """The period's lists, each query with its library; a query that fewer than
    ``min_count`` days and fewer than ``min_count`` searches carry is left out of them (a
    rare query is the likeliest to be about one person) and counted in ``hidden``."""
    end = today or date.today()
    start = end - timedelta(days=days - 1)
    span = (start.isoformat(), end.isoformat())
    grouped = ("WITH grouped AS (SELECT query, library, SUM(searches) AS searches,"
               " SUM(zero_results) AS zero_results, SUM(clicks) AS clicks,"
               " COUNT(DISTINCT CASE WHEN searches > 0 THEN day END) AS days"
               " FROM searches WHERE day BETWEEN ? AND ? GROUP BY query, library),"
               " shown AS (SELECT *, (searches >= ? OR days >= ? OR query = ?) AS ok"
               " FROM grouped)")
    params = (*span, min_count, min_count, OTHER)
    columns = "query, library, searches, zero_results, clicks"
    with connect(db_path) as db:
        def rows(where: str, order: str) -> list[QueryStats]:
            sql = (f"{grouped} SELECT {columns} FROM shown WHERE ok {where}"
                   f" ORDER BY {order}, query LIMIT ?")
            return [QueryStats(*r) for r in db.execute(sql, (*params, limit))]

        total = db.execute("SELECT COALESCE(SUM(searches), 0) FROM searches"
                           " WHERE day BETWEEN ? AND ?", span).fetchone()[0]
        hidden = db.execute(
            f"{grouped} SELECT COUNT(*), COALESCE(SUM(searches), 0),"
            " COALESCE(SUM(zero_results), 0), COALESCE(SUM(clicks), 0)"
            " FROM shown WHERE NOT ok", params).fetchone()
        return Report(
            start=span[0], end=span[1], total_searches=total,
            top=rows("", "searches DESC"),
            zero_results=rows("AND zero_results > 0", "zero_results DESC"),
            unclicked=rows("AND clicks = 0 AND searches > zero_results", "searches DESC"),
            min_count=min_count, hidden_queries=hidden[0],
            hidden=QueryStats(f"{hidden[0]} rarer queries", "", *hidden[1:]),
        )


CSV_FIELDS = ("list", "query", "library", "searches", "zero_results", "clicks")


def to_csv(found: Report) -> str:
    """All three lists in one CSV, with a column saying which list a row belongs to, and a
    last row ("hidden") with the counts of the queries too rare to show."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_FIELDS)
    for name, items in (("top", found.top), ("zero-results", found.zero_results),
                        ("unclicked", found.unclicked), ("hidden", [found.hidden])):
        for item in items:
            writer.writerow([name, _safe_cell(item.query), item.library, item.searches,
                             item.zero_results, item.clicks])
    return out.getvalue()


def _safe_cell(text: str) -> str:
    # A cell starting with = + - @ would be run as a formula by spreadsheet programs.
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text
