"""The editors' database file (``editorial.store``): private to its owner, or refused."""

from __future__ import annotations

import stat

import pytest

from search_app.cli import cli
from search_app.editorial import accounts, store
from search_app.web import create_app

PASSWORD = "correct horse battery staple"


def mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_new_database_and_its_wal_and_shm_files_are_private(tmp_path):
    db = tmp_path / "new" / "editorial.sqlite3"
    with store.connect(db) as connection:
        connection.execute("INSERT INTO settings VALUES ('probe', 'x')")
        connection.commit()
        companions = [db.with_name(db.name + suffix) for suffix in ("-wal", "-shm")]
        assert all(file.exists() for file in companions)     # open while a connection is
        assert [mode(file) for file in (db, *companions)] == [0o600] * 3
    assert mode(db.parent) == 0o700


def test_the_app_creates_its_database_private(tiny_index, tmp_path):
    db = tmp_path / "var" / "editorial.sqlite3"
    create_app({"TESTING": True, "INDEX_DIR": str(tiny_index), "EDITOR_DB": str(db)})
    assert mode(db) == 0o600 and mode(db.parent) == 0o700


def exposed_database(tmp_path, file_mode: int, suffix: str = ""):
    db = tmp_path / "editorial.sqlite3"
    accounts.add(db, "amina", PASSWORD)
    db.with_name(db.name + suffix).touch()
    db.with_name(db.name + suffix).chmod(file_mode)
    store._READY.discard(str(db))   # as a new process would see it
    return db


@pytest.mark.parametrize("file_mode", [0o644, 0o640, 0o606])
def test_the_app_refuses_a_database_others_can_read_or_write(tiny_index, tmp_path, file_mode):
    db = exposed_database(tmp_path, file_mode)
    with pytest.raises(store.UnsafePermissionsError, match=f"Fix it with: chmod 600 {db}$"):
        create_app({"TESTING": True, "INDEX_DIR": str(tiny_index), "EDITOR_DB": str(db),
                    "SECRET_KEY": "configured, so the database is not read for it"})


def test_the_app_refuses_a_readable_wal_file(tiny_index, tmp_path):
    db = exposed_database(tmp_path, 0o644, "-wal")
    with pytest.raises(store.UnsafePermissionsError, match=f"chmod 600 {db}-wal"):
        create_app({"TESTING": True, "INDEX_DIR": str(tiny_index), "EDITOR_DB": str(db)})


def test_the_cli_refuses_a_readable_database_with_the_fix(runner, tmp_path):
    db = exposed_database(tmp_path, 0o644)
    result = runner.invoke(cli, ["editor", "list", "--db", str(db)])
    assert result.exit_code == 1
    assert "can be read or written by other users" in result.output
    assert f"chmod 600 {db}" in result.output and "Traceback" not in result.output
    assert "amina" not in result.stdout


def test_serve_refuses_a_readable_database_before_starting(runner, tmp_path, tiny_index,
                                                           monkeypatch):
    from search_app.web import server

    started = []
    monkeypatch.setattr(server, "run", lambda *args, **kwargs: started.append(args))
    db = exposed_database(tmp_path, 0o644)
    result = runner.invoke(cli, ["serve", "--index", str(tiny_index)],
                           env={"RXSEARCH_EDITOR_DB": str(db)})
    assert result.exit_code == 1 and not started
    assert f"chmod 600 {db}" in result.output and "Traceback" not in result.output
