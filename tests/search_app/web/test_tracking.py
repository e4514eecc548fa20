"""Search analytics fed from the visitors' pages: masked before counting, written on time."""

from __future__ import annotations

import os
import sqlite3
import time

import pytest

from search_app.editorial import analytics
from search_app.web import create_app, tracking


@pytest.fixture
def timed_app(tiny_index, tmp_path):
    """The app as served: counts written by the tally's thread, 0.2 s after counting."""
    app = create_app({"TESTING": True, "INDEX_DIR": str(tiny_index),
                      "EDITOR_DB": str(tmp_path / "editorial.sqlite3"),
                      "ANALYTICS_FLUSH_SECONDS": 0.2})
    yield app
    app.extensions[tracking.EXTENSION].close()


def stored(app) -> list[tuple]:
    """What the database holds, read directly (not through the app)."""
    with sqlite3.connect(app.config["EDITOR_DB"]) as db:
        return db.execute("SELECT day, query, library, searches, zero_results, clicks"
                          " FROM searches ORDER BY query, library").fetchall()


def test_counts_are_written_on_time_when_the_site_goes_idle(timed_app):
    client = timed_app.test_client()
    for query in ("dengue", "malaria", "জ্বর", "dengue", "typhoid", "zzzzqqq"):
        assert client.get("/search", query_string={"q": query}).status_code == 200
    time.sleep(1.0)                      # no request comes after the searches
    assert sum(row[3] for row in stored(timed_app)) == 6


def test_a_forked_worker_writes_its_own_counts_on_time(timed_app):
    tally = timed_app.extensions[tracking.EXTENSION]
    tally.count(analytics.search_row("counted before the fork", None), searches=1)
    pid = os.fork()
    if pid == 0:  # the child, as a gunicorn worker forked from the master
        try:
            inherited = bool(tally._counts)
            tally.count(analytics.search_row("counted in the worker", None), searches=1)
            time.sleep(1.0)
            os._exit(0 if not inherited else 1)
        except BaseException:
            os._exit(2)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0       # the parent's counts stayed its own
    time.sleep(0.6)
    assert sorted((row[1], row[3]) for row in stored(timed_app)) == [
        ("counted before the fork", 1), ("counted in the worker", 1)]


def test_closing_writes_what_is_pending(tmp_path):
    tally = analytics.Tally(tmp_path / "e.sqlite3", flush_seconds=3600)
    tally.count(analytics.search_row("malaria", None), searches=1)
    tally.close()
    assert analytics.report(tmp_path / "e.sqlite3", min_count=1).total_searches == 1


@pytest.mark.parametrize("url", [
    "/search?q=rahim.uddin%40example.com+chest+pain",
    "/search?q=nid+1990+2612+3456+789",
    "/api/search?q=call+%2B880+1712-345678",
    "/search?q=house+12+road+5+dhanmondi+fever",
    "/search?q=%E0%A7%A6%E0%A7%A7%E0%A7%AD%E0%A7%A7%E0%A7%A8%E0%A7%A9%E0%A7%AA%E0%A7%AB"
    "%E0%A7%AC%E0%A7%AD%E0%A7%AE",                                # ০১৭১২৩৪৫৬৭৮
    "/article/malaria?q=rahim.uddin%40example.com+dengue",
])
def test_nothing_personal_reaches_the_database(client, url):
    client.get(url)
    rows = stored(client.application)
    assert rows
    text = " ".join(str(cell) for row in rows for cell in row)
    for piece in ("rahim", "example", "1990", "2612", "1712", "345678", "house 12", "road 5",
                  "০১৭১২"):
        assert piece not in text


def test_a_click_with_an_unknown_library_is_counted_without_it(client):
    client.get("/article/malaria?q=malaria&library=made-up-library")
    assert [(row[1], row[2], row[5]) for row in stored(client.application)] == [
        ("malaria", "", 1)]
