"""Limits on failed editor logins, counted in the editors' database so every worker sees them.

Policy: 5 failed logins to one account name in 15 minutes lock that account, and 20 failed
logins from one client address in 15 minutes lock that address, each until enough of the
failures are older than 15 minutes. A locked account refuses even the right password:
otherwise a guesser would learn the password the moment it was right, and the lock would
stop nothing. A locked address refuses every login from it, while the same editor can still
log in from elsewhere. A successful login clears its account's count.

An attempt is counted as a failure before the password is checked, and forgotten if it
succeeds, so two workers checking at once cannot both let a sixth guess through. Names and
addresses are stored as keyed hashes (HMAC-SHA256 with the app's secret key), never in
clear, and rows are deleted once they are older than the window.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path

from search_app.editorial.store import connect

WINDOW_SECONDS = 15 * 60
ACCOUNT_LIMIT = 5
ADDRESS_LIMIT = 20


@dataclass(frozen=True, slots=True)
class Attempt:
    """A login attempt counted as failed until ``succeeded`` forgets it."""

    account_key: str
    address_row: int


class LockedOut(Exception):
    """Too many failed logins: ``reason`` is "account" or "address"."""

    def __init__(self, reason: str, retry_after: int) -> None:
        super().__init__(f"{reason} locked for {retry_after} s")
        self.reason = reason
        self.retry_after = retry_after


def address_bucket(address: str | None) -> str:
    """The unit an address is counted in: an IPv4 address, or an IPv6 /64 (one home or phone
    usually holds a whole /64). ``"2001:db8::1:2"`` -> ``"2001:db8::/64"``."""
    try:
        ip = ipaddress.ip_address(address or "")
    except ValueError:
        return address or "unknown"
    if ip.version == 4:
        return str(ip)
    if ip.ipv4_mapped is not None:
        return str(ip.ipv4_mapped)
    return str(ipaddress.ip_network(f"{ip}/64", strict=False))


def _key(secret: str | bytes, kind: str, value: str) -> str:
    secret = secret.encode() if isinstance(secret, str) else secret
    return hmac.new(secret, f"{kind}\0{value}".encode(), hashlib.sha256).hexdigest()


def _retry_after(db: sqlite3.Connection, key: str, limit: int, now: float) -> int | None:
    """Seconds until ``key`` has fewer than ``limit`` failures in the window; None if it has."""
    row = db.execute("SELECT at FROM login_failures WHERE key = ? AND at > ?"
                     " ORDER BY at DESC LIMIT 1 OFFSET ?",
                     (key, now - WINDOW_SECONDS, limit - 1)).fetchone()
    return None if row is None else max(1, int(row["at"] + WINDOW_SECONDS - now + 0.999))


def begin(db_path: Path | str, secret: str | bytes, name: str, address: str | None, *,
          now: float | None = None) -> Attempt:
    """Count a login attempt for ``name`` from ``address``, or raise ``LockedOut``."""
    now = time.time() if now is None else now
    account = _key(secret, "account", name)
    client = _key(secret, "address", address_bucket(address))
    with connect(db_path) as db:
        db.execute("BEGIN IMMEDIATE")  # read the counts and add to them as one step
        db.execute("DELETE FROM login_failures WHERE at <= ?", (now - WINDOW_SECONDS,))
        locks = []
        for reason, key, limit in (("account", account, ACCOUNT_LIMIT),
                                   ("address", client, ADDRESS_LIMIT)):
            wait = _retry_after(db, key, limit, now)
            if wait is not None:
                locks.append(LockedOut(reason, wait))
        if not locks:  # a refused attempt is not counted: the lock ends when the window passes
            db.execute("INSERT INTO login_failures (key, at) VALUES (?, ?)", (account, now))
            row = db.execute("INSERT INTO login_failures (key, at) VALUES (?, ?)",
                             (client, now))
    if locks:
        raise max(locks, key=lambda lock: lock.retry_after)
    return Attempt(account, row.lastrowid)


def succeeded(db_path: Path | str, attempt: Attempt) -> None:
    """The password was right: forget this attempt and the account's earlier failures."""
    with connect(db_path) as db:
        db.execute("DELETE FROM login_failures WHERE key = ? OR rowid = ?",
                   (attempt.account_key, attempt.address_row))
