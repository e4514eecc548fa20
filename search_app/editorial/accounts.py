"""Editor accounts: created from the command line only, passwords kept as Argon2id hashes.

There is no default account and no sign-up page: ``rxsearch editor add NAME`` prompts for
the password. Verification takes the same time whether or not the name exists, so the login
form does not reveal which names are editors. Removing an account or changing its password
ends its sessions at once (``sessions``).
"""

from __future__ import annotations

import re
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from search_app.editorial import sessions
from search_app.editorial.store import connect

MIN_PASSWORD = 12
NAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,39}$")
_hasher = PasswordHasher()  # argon2-cffi's defaults follow RFC 9106's recommendations
_DUMMY_HASH = _hasher.hash("not a real password, used to keep timing even")


class AccountError(ValueError):
    """A name or password that cannot be used; the message says why."""


def check_name(name: str) -> str:
    if not NAME.match(name):
        raise AccountError("an editor name is 2-40 lower-case letters, digits, '.', '_' "
                           "or '-', starting with a letter or digit")
    return name


def check_password(password: str) -> str:
    if len(password) < MIN_PASSWORD:
        raise AccountError(f"the password must have at least {MIN_PASSWORD} characters")
    return password


def add(db_path: Path | str, name: str, password: str) -> None:
    check_name(name)
    check_password(password)
    with connect(db_path) as db:
        if db.execute("SELECT 1 FROM editors WHERE name = ?", (name,)).fetchone():
            raise AccountError(f"there is already an editor called {name!r}")
        db.execute("INSERT INTO editors (name, password_hash) VALUES (?, ?)",
                   (name, _hasher.hash(password)))


def remove(db_path: Path | str, name: str) -> bool:
    """Delete the account and end its sessions; False if there was no such editor."""
    with connect(db_path) as db:
        sessions.end_all(db, name)
        return db.execute("DELETE FROM editors WHERE name = ?", (name,)).rowcount > 0


def set_password(db_path: Path | str, name: str, password: str) -> int:
    """Replace the password and end the account's sessions; returns how many were ended."""
    check_password(password)
    with connect(db_path) as db:
        changed = db.execute("UPDATE editors SET password_hash = ? WHERE name = ?",
                             (_hasher.hash(password), name)).rowcount
        if not changed:
            raise AccountError(f"there is no editor called {name!r}")
        return sessions.end_all(db, name)


def names(db_path: Path | str) -> list[str]:
    with connect(db_path) as db:
        return [row["name"] for row in db.execute("SELECT name FROM editors ORDER BY name")]


def verify(db_path: Path | str, name: str, password: str) -> bool:
    with connect(db_path) as db:
        row = db.execute("SELECT password_hash FROM editors WHERE name = ?",
                         (name,)).fetchone()
    try:
        return _hasher.verify(row["password_hash"] if row else _DUMMY_HASH, password) \
            and row is not None
    except (VerificationError, InvalidHashError):
        return False
