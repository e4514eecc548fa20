"""Editor sessions kept on the server (``editorial.sessions``)."""

from __future__ import annotations

from search_app.editorial import accounts, sessions

PASSWORD = "correct horse battery staple"
T0 = 1_000_000.0


def test_a_session_ends_after_its_lifetime_whatever_the_cookie(tmp_path):
    db = tmp_path / "e.sqlite3"
    accounts.add(db, "amina", PASSWORD)
    token = sessions.start(db, "amina", lifetime=3600, now=T0)
    assert sessions.editor_for(db, token, now=T0 + 3599) == "amina"
    assert sessions.editor_for(db, token, now=T0 + 3600) is None


def test_expired_sessions_are_deleted_at_the_next_login(tmp_path):
    import sqlite3

    db = tmp_path / "e.sqlite3"
    accounts.add(db, "amina", PASSWORD)
    sessions.start(db, "amina", lifetime=3600, now=T0)
    sessions.start(db, "amina", lifetime=3600, now=T0 + 3600)
    assert sqlite3.connect(db).execute("SELECT count(*) FROM editor_sessions").fetchone() == (1,)


def test_tokens_that_are_not_strings_open_nothing(tmp_path):
    db = tmp_path / "e.sqlite3"
    assert sessions.editor_for(db, None) is None
    assert sessions.editor_for(db, ["a", "list"]) is None
