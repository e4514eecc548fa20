"""Failed-login counting (``editorial.throttle``): the window, the keys, what is stored."""

from __future__ import annotations

import sqlite3

import pytest

from search_app.editorial import throttle

SECRET = "a test secret"
T0 = 1_000_000.0


def fail(db, count: int, *, name="amina", address="203.0.113.7", at=T0) -> None:
    for _ in range(count):
        throttle.begin(db, SECRET, name, address, now=at)


def test_the_account_lock_lasts_until_the_window_passes(tmp_path):
    db = tmp_path / "e.sqlite3"
    fail(db, 4, at=T0)
    fail(db, 1, at=T0 + 60)
    with pytest.raises(throttle.LockedOut) as lock:
        throttle.begin(db, SECRET, "amina", "198.51.100.9", now=T0 + 120)
    # Unlocked when the first failure is 15 minutes old: 4 left in the window.
    assert (lock.value.reason, lock.value.retry_after) == ("account", 15 * 60 - 120)
    throttle.begin(db, SECRET, "amina", "198.51.100.9", now=T0 + 15 * 60 + 1)


def test_refused_attempts_do_not_extend_the_lock(tmp_path):
    db = tmp_path / "e.sqlite3"
    fail(db, throttle.ACCOUNT_LIMIT)
    for minute in range(1, 15):
        with pytest.raises(throttle.LockedOut):
            throttle.begin(db, SECRET, "amina", "203.0.113.7", now=T0 + minute * 60)
    throttle.begin(db, SECRET, "amina", "203.0.113.7", now=T0 + 15 * 60 + 1)


def test_success_clears_the_account_count_but_not_the_address_count(tmp_path):
    db = tmp_path / "e.sqlite3"
    fail(db, 4)
    throttle.succeeded(db, throttle.begin(db, SECRET, "amina", "203.0.113.7", now=T0))
    fail(db, 4)                                   # four more: not locked
    for i in range(throttle.ADDRESS_LIMIT - 8):  # the address: 8 failures + 12 = the limit
        fail(db, 1, name=f"name-{i}")
    with pytest.raises(throttle.LockedOut) as lock:
        throttle.begin(db, SECRET, "bilal", "203.0.113.7", now=T0)
    assert lock.value.reason == "address"


def test_names_and_addresses_are_stored_as_keyed_hashes_and_old_rows_deleted(tmp_path):
    db = tmp_path / "e.sqlite3"
    fail(db, 2, at=T0)
    rows = sqlite3.connect(db).execute("SELECT key FROM login_failures").fetchall()
    assert len(rows) == 4
    assert not any(text in key for (key,) in rows for text in ("amina", "203.0.113.7"))
    fail(db, 1, name="bilal", at=T0 + 15 * 60 + 1)
    assert sqlite3.connect(db).execute("SELECT count(*) FROM login_failures").fetchone() == (2,)


@pytest.mark.parametrize("address, bucket", [
    ("203.0.113.7", "203.0.113.7"),
    ("2001:db8:1:2:aaaa::1", "2001:db8:1:2::/64"),
    ("::ffff:203.0.113.7", "203.0.113.7"),
    (None, "unknown"),
])
def test_addresses_are_counted_per_ipv4_address_or_ipv6_64(address, bucket):
    assert throttle.address_bucket(address) == bucket


def test_one_ipv6_64_shares_one_budget(tmp_path):
    db = tmp_path / "e.sqlite3"
    for i in range(throttle.ADDRESS_LIMIT):
        throttle.begin(db, SECRET, f"name-{i}", f"2001:db8:1:2::{i + 1:x}", now=T0)
    with pytest.raises(throttle.LockedOut):
        throttle.begin(db, SECRET, "amina", "2001:db8:1:2:ffff::1", now=T0)
