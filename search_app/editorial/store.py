"""The editors' SQLite database: accounts, duplicate decisions, search analytics.

One file (``var/editorial.sqlite3`` by default; ``RXSEARCH_EDITOR_DB``), separate from the
index: a reindex never touches editors' work. WAL mode lets the web workers record searches
while an editor reads the reports. Each connection is short-lived and used by one thread.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from indexer.versions import PROJECT_DIR

SCHEMA = """
CREATE TABLE IF NOT EXISTS editors (
    name TEXT PRIMARY KEY,
    password_hash TEXT NOT NULL,          -- Argon2id, never the password
    created_at TEXT NOT NULL DEFAULT (datetime('now'))
);
CREATE TABLE IF NOT EXISTS decisions (
    a TEXT NOT NULL,                      -- article ids, a < b
    b TEXT NOT NULL,
    decision TEXT NOT NULL CHECK (decision IN ('not-duplicate', 'merge-planned')),
    editor TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    decided_at TEXT NOT NULL DEFAULT (datetime('now')),
    PRIMARY KEY (a, b)
);
-- Searches in aggregate: no IP address, cookie, user agent or time of day; one row per
-- day, normalised query and library filter.
CREATE TABLE IF NOT EXISTS searches (
    day TEXT NOT NULL,
    query TEXT NOT NULL,
    library TEXT NOT NULL DEFAULT '',
    searches INTEGER NOT NULL DEFAULT 0,
    zero_results INTEGER NOT NULL DEFAULT 0,
    clicks INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (day, query, library)
);
CREATE TABLE IF NOT EXISTS settings (
    name TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
"""




def default_path() -> Path:
    """``$RXSEARCH_EDITOR_DB``, else ``var/editorial.sqlite3`` in the project folder."""
    return Path(os.environ.get("RXSEARCH_EDITOR_DB")
                or PROJECT_DIR / "var" / "editorial.sqlite3")


_READY: set[str] = set()  # databases whose schema this process has checked


@contextmanager
def connect(path: Path | str) -> Iterator[sqlite3.Connection]:
    """A connection with the schema in place; commits on success, rolls back on error."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fresh = str(path) not in _READY or not path.exists()
    connection = sqlite3.connect(path, timeout=10)
    try:
        connection.row_factory = sqlite3.Row
        connection.execute("PRAGMA synchronous=NORMAL")
        if fresh:
            connection.execute("PRAGMA journal_mode=WAL")  # kept in the file once set
            connection.executescript(SCHEMA)
            _READY.add(str(path))
        with connection:
            yield connection
    finally:
        connection.close()


def secret_key(path: Path | str) -> str:
    """The session-signing key, made once and kept in the database, so that every web
    worker signs cookies alike and a restart does not log editors out."""
    import secrets

    with connect(path) as db:
        row = db.execute("SELECT value FROM settings WHERE name = 'secret_key'").fetchone()
        if row:
            return row["value"]
        db.execute("INSERT OR IGNORE INTO settings VALUES ('secret_key', ?)",
                   (secrets.token_hex(32),))
        return db.execute("SELECT value FROM settings WHERE name = 'secret_key'"
                          ).fetchone()["value"]
