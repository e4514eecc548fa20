"""The editors' SQLite database: accounts, sessions, login failures, duplicate decisions,
search analytics.

One file (``var/editorial.sqlite3`` by default; ``RXSEARCH_EDITOR_DB``), separate from the
index: a reindex never touches editors' work. WAL mode lets the web workers record searches
while an editor reads the reports. Each connection is short-lived and used by one thread.
The file holds password hashes and the session-signing key, so it is created readable by
its owner only, and a copy that others can read is refused (``check_private``).
"""

from __future__ import annotations

import os
import shlex
import sqlite3
import stat
from collections.abc import Iterator
from contextlib import contextmanager, suppress
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
-- Logged-in editors: the cookie carries the token, this table decides whether it still works.
CREATE TABLE IF NOT EXISTS editor_sessions (
    token_hash TEXT PRIMARY KEY,          -- SHA-256 of the cookie's token, never the token
    editor TEXT NOT NULL,
    expires_at REAL NOT NULL              -- Unix time
);
CREATE INDEX IF NOT EXISTS editor_sessions_by_editor ON editor_sessions (editor);
-- Failed (or still running) logins, one row per account name and one per client address,
-- each a keyed hash; rows older than the counting window are deleted.
CREATE TABLE IF NOT EXISTS login_failures (
    key TEXT NOT NULL,
    at REAL NOT NULL                      -- Unix time
);
CREATE INDEX IF NOT EXISTS login_failures_by_key ON login_failures (key, at);
CREATE INDEX IF NOT EXISTS login_failures_by_age ON login_failures (at);
"""

PRIVATE_FILE = 0o600
PRIVATE_FOLDER = 0o700


class UnsafePermissionsError(RuntimeError):
    """The database file can be read or written by other users; the message says how to fix it."""


def default_path() -> Path:
    """``$RXSEARCH_EDITOR_DB``, else ``var/editorial.sqlite3`` in the project folder."""
    return Path(os.environ.get("RXSEARCH_EDITOR_DB")
                or PROJECT_DIR / "var" / "editorial.sqlite3")


_READY: set[str] = set()  # databases whose schema this process has checked


def check_private(path: Path | str) -> None:
    """Raise ``UnsafePermissionsError`` if the database (or its -wal/-shm files) can be read or
    written by the group or by others; a missing file is fine: ``connect`` creates it private."""
    if os.name != "posix":
        return
    path = Path(path)
    exposed = []
    for file in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        try:
            mode = file.stat().st_mode
        except FileNotFoundError:
            continue
        if mode & (stat.S_IRWXG | stat.S_IRWXO):
            exposed.append((file, stat.filemode(mode)))
    if exposed:
        found = ", ".join(f"{file} ({mode})" for file, mode in exposed)
        files = " ".join(shlex.quote(str(file)) for file, _ in exposed)
        raise UnsafePermissionsError(
            f"the editors' database {found} can be read or written by other users, and it "
            f"holds password hashes and the session-signing key. Fix it with: chmod 600 {files}")


def _create_private(path: Path) -> None:
    """Make the folder (owner only) and an empty file with mode 0600 before SQLite opens it:
    SQLite gives the -wal and -shm files the mode of the database file."""
    if not path.parent.exists():
        path.parent.mkdir(mode=PRIVATE_FOLDER, parents=True, exist_ok=True)
    with suppress(FileExistsError):  # another worker made it first
        os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, PRIVATE_FILE))


@contextmanager
def connect(path: Path | str) -> Iterator[sqlite3.Connection]:
    """A connection with the schema in place; commits on success, rolls back on error."""
    path = Path(path)
    fresh = str(path) not in _READY or not path.exists()
    if fresh:
        if not path.exists():
            _create_private(path)
        check_private(path)
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
