"""What readers look for, in aggregate: which searches are frequent, which find nothing, and
which find articles nobody opens.

A row is (day, normalised query, library filter) with counters: searches, searches with no
result, and clicks on a result. Nothing identifies a reader: no IP address, cookie, user
agent or time of day is recorded, and long digit runs (phone or ID numbers a reader might
paste) are masked. Rows older than the retention period are purged.
"""

from __future__ import annotations

import csv
import io
import re
import threading
import time
import unicodedata
from dataclasses import asdict, dataclass
from datetime import date, timedelta
from pathlib import Path

from search_app.editorial.store import connect

MAX_QUERY = 200
DEFAULT_RETENTION_DAYS = 180
_DIGITS = re.compile(r"\d{5,}")


def normalise_query(text: str) -> str:
    """The form queries are counted under: NFKC, case-folded, spaces collapsed, long digit
    runs masked. ``"  Dengue  FEVER "`` -> ``"dengue fever"``."""
    text = unicodedata.normalize("NFKC", text).casefold()
    text = "".join(c if c.isprintable() else " " for c in text)
    return _DIGITS.sub("#", " ".join(text.split()))[:MAX_QUERY]


def _today(day: date | None) -> str:
    return (day or date.today()).isoformat()


Row = tuple[str, str, str]   # (day, normalised query, library or "")


def add(db_path: Path | str, counts: dict[Row, tuple[int, int, int]]) -> None:
    """Add (searches, zero_results, clicks) to each row, in one transaction."""
    with connect(db_path) as db:
        db.executemany(
            "INSERT INTO searches (day, query, library, searches, zero_results, clicks)"
            " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (day, query, library) DO UPDATE SET"
            " searches = searches + excluded.searches,"
            " zero_results = zero_results + excluded.zero_results,"
            " clicks = clicks + excluded.clicks",
            [(*row, *values) for row, values in counts.items()])


def search_row(query: str, library: str | None, day: date | None = None) -> Row | None:
    """The row a search is counted under, or None for an empty query."""
    text = normalise_query(query)
    return (_today(day), text, library or "") if text else None


class Tally:
    """Counts kept in memory and written every ``flush_seconds`` in one transaction, so
    searches do not queue for SQLite's write lock (web workers share the file). A crash
    loses at most that many seconds of counts; ``flush()`` at exit loses none."""

    def __init__(self, db_path: Path | str, flush_seconds: float) -> None:
        self.db_path, self.flush_seconds = db_path, flush_seconds
        self._counts: dict[Row, list[int]] = {}
        self._lock = threading.Lock()
        self._last = time.monotonic()

    def count(self, row: Row, searches: int = 0, zero_results: int = 0,
              clicks: int = 0) -> None:
        with self._lock:
            counts = self._counts.setdefault(row, [0, 0, 0])
            counts[0] += searches
            counts[1] += zero_results
            counts[2] += clicks
            due = time.monotonic() - self._last >= self.flush_seconds
        if due:
            self.flush()

    def flush(self) -> None:
        with self._lock:
            pending, self._counts = self._counts, {}
            self._last = time.monotonic()
        if pending:
            add(self.db_path, {row: tuple(values) for row, values in pending.items()})


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

    def to_dict(self) -> dict:
        return asdict(self)


def report(db_path: Path | str, days: int = 30, limit: int = 50,
           today: date | None = None) -> Report:
    end = today or date.today()
    start = end - timedelta(days=days - 1)
    span = (start.isoformat(), end.isoformat())
    grouped = ("SELECT query, library, SUM(searches) AS searches,"
               " SUM(zero_results) AS zero_results, SUM(clicks) AS clicks FROM searches"
               " WHERE day BETWEEN ? AND ? GROUP BY query, library")
    with connect(db_path) as db:
        def rows(having: str, order: str) -> list[QueryStats]:
            sql = f"{grouped} {having} ORDER BY {order}, query LIMIT ?"
            return [QueryStats(*r) for r in db.execute(sql, (*span, limit))]

        total = db.execute("SELECT COALESCE(SUM(searches), 0) FROM searches"
                           " WHERE day BETWEEN ? AND ?", span).fetchone()[0]
        return Report(
            start=span[0], end=span[1], total_searches=total,
            top=rows("", "searches DESC"),
            zero_results=rows("HAVING SUM(zero_results) > 0", "zero_results DESC"),
            unclicked=rows("HAVING SUM(clicks) = 0 AND SUM(searches) > SUM(zero_results)",
                           "searches DESC"),
        )


CSV_FIELDS = ("list", "query", "library", "searches", "zero_results", "clicks")


def to_csv(found: Report) -> str:
    """All three lists in one CSV, with a column saying which list a row belongs to."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_FIELDS)
    for name, items in (("top", found.top), ("zero-results", found.zero_results),
                        ("unclicked", found.unclicked)):
        for item in items:
            writer.writerow([name, _safe_cell(item.query), item.library, item.searches,
                             item.zero_results, item.clicks])
    return out.getvalue()


def _safe_cell(text: str) -> str:
    # A cell starting with = + - @ would be run as a formula by spreadsheet programs.
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text
