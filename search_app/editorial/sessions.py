"""Editor sessions kept on the server, so that they can be ended.

A signed cookie alone stays valid until it expires: a copy taken before logout, or before
the account was removed, would still open the editors' pages. So the cookie carries a
random token, and a session works only while this table has a row for it: logout deletes
the row, and removing an account or changing its password deletes all of its rows. A
session lasts at most ``lifetime`` seconds from login, whatever the cookie says.
"""

from __future__ import annotations

import hashlib
import secrets
import sqlite3
import time
from pathlib import Path

from search_app.editorial.store import connect


def _hash(token: str) -> str:
    # The table holds hashes, so a copy of the database does not hand out live sessions.
    return hashlib.sha256(token.encode()).hexdigest()


def start(db_path: Path | str, name: str, lifetime: float, *, now: float | None = None) -> str:
    """A new session for ``name``; returns the token for the cookie (43 URL-safe characters)."""
    now = time.time() if now is None else now
    token = secrets.token_urlsafe(32)
    with connect(db_path) as db:
        db.execute("DELETE FROM editor_sessions WHERE expires_at <= ?", (now,))
        db.execute("INSERT INTO editor_sessions (token_hash, editor, expires_at) VALUES (?, ?, ?)",
                   (_hash(token), name, now + lifetime))
    return token


def editor_for(db_path: Path | str, token: object, *, now: float | None = None) -> str | None:
    """The editor whose live session ``token`` is, or None (unknown, ended, expired, or the
    account is gone)."""
    if not isinstance(token, str) or not token:
        return None
    now = time.time() if now is None else now
    with connect(db_path) as db:
        row = db.execute("SELECT s.editor FROM editor_sessions s"
                         " JOIN editors e ON e.name = s.editor"
                         " WHERE s.token_hash = ? AND s.expires_at > ?",
                         (_hash(token), now)).fetchone()
    return row["editor"] if row else None


def end(db_path: Path | str, token: object) -> None:
    """End one session (logout)."""
    if isinstance(token, str) and token:
        with connect(db_path) as db:
            db.execute("DELETE FROM editor_sessions WHERE token_hash = ?", (_hash(token),))


def end_all(db: sqlite3.Connection, name: str) -> int:
    """End every session of ``name``, inside the caller's transaction; returns how many."""
    return db.execute("DELETE FROM editor_sessions WHERE editor = ?", (name,)).rowcount
