"""The /editor login: sessions the server can end, and limits on failed logins that every
worker shares."""

from __future__ import annotations

import pytest

from search_app.cli import cli
from search_app.editorial import accounts
from search_app.web import create_app
from tests.search_app.web.editors import PASSWORD, csrf_token, log_in

NEW_PASSWORD = "another long passphrase"
PROTECTED = ["/editor/duplicates", "/editor/analytics?format=csv"]
# The policy the README states: failures per account name and per client address, 15 minutes.
ACCOUNT_LIMIT, ADDRESS_LIMIT, WINDOW_SECONDS = 5, 20, 15 * 60


# -- sessions ----------------------------------------------------------------------------

@pytest.fixture
def editor_app(app):
    app.config["WTF_CSRF_ENABLED"] = True
    accounts.add(app.config["EDITOR_DB"], "amina", PASSWORD)
    return app


def logged_in_cookie(app) -> tuple[object, str]:
    """A client logged in as amina, and a copy of its session cookie."""
    client = app.test_client()
    assert log_in(client).status_code == 302
    return client, client.get_cookie("session").value


def replay(app, cookie: str, url: str):
    """``url`` opened by someone else with a copied session cookie."""
    thief = app.test_client()
    thief.set_cookie("session", cookie)
    return thief.get(url)


def log_out(client) -> None:
    page = client.get("/editor/duplicates")
    client.post("/editor/logout", data={"csrf_token": csrf_token(page)})


def remove_account(app, runner) -> None:
    result = runner.invoke(cli, ["editor", "remove", "amina", "--db", app.config["EDITOR_DB"]])
    assert result.exit_code == 0, result.output


def change_password(app, runner) -> None:
    result = runner.invoke(cli, ["editor", "password", "amina", "--db",
                                 app.config["EDITOR_DB"]],
                           input=f"{NEW_PASSWORD}\n{NEW_PASSWORD}\n")
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("url", PROTECTED)
@pytest.mark.parametrize("end", ["logout", "remove", "password"])
def test_a_copied_cookie_stops_working_when_the_session_ends(editor_app, runner, url, end):
    client, cookie = logged_in_cookie(editor_app)
    assert replay(editor_app, cookie, url).status_code == 200   # the copy works until then
    {"logout": lambda: log_out(client), "remove": lambda: remove_account(editor_app, runner),
     "password": lambda: change_password(editor_app, runner)}[end]()
    refused = replay(editor_app, cookie, url)
    assert refused.status_code == 302
    assert refused.headers["Location"].startswith("/editor/login")


def test_a_recreated_account_does_not_revive_old_sessions(editor_app, runner):
    _, cookie = logged_in_cookie(editor_app)
    remove_account(editor_app, runner)
    accounts.add(editor_app.config["EDITOR_DB"], "amina", PASSWORD)
    assert replay(editor_app, cookie, "/editor/duplicates").status_code == 302


def test_logout_ends_only_that_session(editor_app):
    laptop, _ = logged_in_cookie(editor_app)
    phone, _ = logged_in_cookie(editor_app)
    log_out(laptop)
    assert laptop.get("/editor/duplicates").status_code == 302
    assert phone.get("/editor/duplicates").status_code == 200


def test_password_change_lets_the_new_password_in_and_not_the_old(editor_app, runner):
    change_password(editor_app, runner)
    assert log_in(editor_app.test_client()).status_code == 401
    assert log_in(editor_app.test_client(), NEW_PASSWORD).status_code == 302


def test_password_command_refuses_an_unknown_editor_or_a_short_password(editor_app, runner):
    db = editor_app.config["EDITOR_DB"]
    unknown = runner.invoke(cli, ["editor", "password", "nobody", "--db", db],
                            input=f"{NEW_PASSWORD}\n{NEW_PASSWORD}\n")
    assert unknown.exit_code == 1 and "no editor called 'nobody'" in unknown.output
    short = runner.invoke(cli, ["editor", "password", "amina", "--db", db],
                          input="short\nshort\n")
    assert short.exit_code == 1 and "at least 12 characters" in short.output
    assert accounts.verify(db, "amina", PASSWORD)


def test_the_cookie_holds_a_token_and_the_database_only_its_hash(editor_app):
    import sqlite3

    client, _ = logged_in_cookie(editor_app)
    with client.session_transaction() as cookie:
        assert set(cookie) == {"editor_session", "_permanent"}
        token = cookie["editor_session"]
    stored = sqlite3.connect(editor_app.config["EDITOR_DB"]).execute(
        "SELECT token_hash FROM editor_sessions").fetchall()
    assert len(stored) == 1 and token not in stored[0][0]


# -- failed logins -----------------------------------------------------------------------

@pytest.fixture
def workers(tiny_index, tmp_path):
    """Two apps over one editors' database, as two gunicorn workers are."""
    db = tmp_path / "editorial.sqlite3"
    for name in ("amina", "bilal"):
        accounts.add(db, name, PASSWORD)
    return [create_app({"TESTING": True, "INDEX_DIR": str(tiny_index), "EDITOR_DB": str(db),
                        "WTF_CSRF_ENABLED": False}).test_client() for _ in range(2)]


def attempt(client, name: str, password: str, *, forwarded_for: str | None = None,
            remote: str = "10.0.0.1"):
    headers = {"X-Forwarded-For": forwarded_for} if forwarded_for else {}
    return client.post("/editor/login", data={"name": name, "password": password},
                       headers=headers, environ_base={"REMOTE_ADDR": remote})


def _worker_process(index: str, db: str, requests) -> None:
    """One worker: its own process, its own app, answering login attempts from a pipe."""
    client = create_app({"TESTING": True, "INDEX_DIR": index, "EDITOR_DB": db,
                         "WTF_CSRF_ENABLED": False}).test_client()
    while (sent := requests.recv()) is not None:
        try:
            requests.send(attempt(client, *sent).status_code)
        except Exception as error:  # the test reports it instead of waiting forever
            requests.send(repr(error))


@pytest.fixture
def worker_processes(tiny_index, tmp_path):
    """Two worker processes over one editors' database: nothing shared but the file, as
    with ``gunicorn --workers 2``. Yields ``ask(worker, name, password) -> status``."""
    import multiprocessing

    db = tmp_path / "editorial.sqlite3"
    accounts.add(db, "amina", PASSWORD)
    fork = multiprocessing.get_context("fork")
    pipes, processes = [], []
    for _ in range(2):
        ours, theirs = fork.Pipe()
        process = fork.Process(target=_worker_process, args=(str(tiny_index), str(db), theirs))
        process.start()
        pipes.append(ours)
        processes.append(process)

    def ask(worker: int, name: str, password: str):
        pipes[worker].send((name, password))
        assert pipes[worker].poll(60), "the worker process did not answer"
        return pipes[worker].recv()

    yield ask
    for pipe, process in zip(pipes, processes, strict=True):
        pipe.send(None)
        process.join(10)
        if process.is_alive():
            process.terminate()


def test_the_sixth_failure_across_two_worker_processes_is_refused(worker_processes):
    statuses = [worker_processes(i % 2, "amina", f"guess number {i}") for i in range(6)]
    assert statuses == [401] * 5 + [429]
    assert worker_processes(0, "amina", PASSWORD) == 429


def test_a_locked_account_refuses_even_the_right_password_with_retry_after(workers):
    for i in range(ACCOUNT_LIMIT):
        attempt(workers[i % 2], "amina", f"guess number {i}")
    locked = attempt(workers[0], "amina", PASSWORD, remote="192.0.2.50")  # elsewhere, too
    assert locked.status_code == 429
    assert 0 < int(locked.headers["Retry-After"]) <= WINDOW_SECONDS
    text = locked.get_data(as_text=True)
    assert "Too many failed logins to this account" in text and "15 minutes" in text
    assert '<form method="post"' in text                   # the site's page, not a bare 429
    assert workers[1].get("/editor/duplicates").status_code == 302


def test_failures_on_one_account_leave_another_account_open(workers):
    for i in range(2 * ACCOUNT_LIMIT):    # enough for each worker to lock amina by itself
        attempt(workers[i % 2], "amina", f"guess number {i}")
    assert [attempt(worker, "bilal", PASSWORD).status_code for worker in workers] == [302] * 2


def exhaust_address(client, **where) -> None:
    """Fail from one address under as many names as the address limit allows."""
    for i in range(ADDRESS_LIMIT):
        assert attempt(client, f"name-{i}", "a wrong password", **where).status_code == 401


def worker_trusting(tiny_index, db, proxies: int):
    return create_app({"TESTING": True, "INDEX_DIR": str(tiny_index), "EDITOR_DB": str(db),
                       "WTF_CSRF_ENABLED": False, "TRUSTED_PROXIES": proxies}).test_client()


def test_x_forwarded_for_is_ignored_without_trusted_proxies(tiny_index, tmp_path):
    client = worker_trusting(tiny_index, tmp_path / "e.sqlite3", 0)
    for i in range(ADDRESS_LIMIT):        # a new forged address on every attempt
        attempt(client, f"name-{i}", "a wrong password", forwarded_for=f"203.0.113.{i}")
    refused = attempt(client, "someone", "a wrong password", forwarded_for="198.51.100.9")
    assert refused.status_code == 429
    assert "from your network" in refused.get_data(as_text=True)


def test_x_forwarded_for_is_honoured_with_one_trusted_proxy(tiny_index, tmp_path):
    db = tmp_path / "e.sqlite3"
    accounts.add(db, "amina", PASSWORD)
    first, second = (worker_trusting(tiny_index, db, 1) for _ in range(2))
    exhaust_address(first, forwarded_for="203.0.113.7")            # all through the proxy
    locked = attempt(second, "amina", PASSWORD, forwarded_for="203.0.113.7")
    assert locked.status_code == 429 and "from your network" in locked.get_data(as_text=True)
    # The real editor, behind the same proxy but at another address, is not locked out.
    assert attempt(second, "amina", PASSWORD, forwarded_for="198.51.100.9").status_code == 302


def test_trusted_proxies_must_be_a_whole_number(tiny_index, tmp_path):
    with pytest.raises(ValueError, match="TRUSTED_PROXIES"):
        worker_trusting(tiny_index, tmp_path / "e.sqlite3", "one")
