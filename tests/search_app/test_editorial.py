"""Editors' tools: duplicate topics, decisions, accounts, analytics, and the /editor pages."""

from __future__ import annotations

import csv
import io
import json
import shutil
import sqlite3
import tomllib
from datetime import date, timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from bs4 import BeautifulSoup

from corpus import SAMPLE_DIR
from indexer import build, versions
from search_app.cli import cli
from search_app.editorial import accounts, analytics, decisions
from search_app.editorial.duplicates import shared_spans

PASSWORD = "correct horse battery staple"


@pytest.fixture(scope="module")
def planted():
    data = tomllib.loads((SAMPLE_DIR / "duplicates.toml").read_text(encoding="utf-8"))
    return [(p["a"], p["b"], p["evidence"]) for p in data["pair"]]


@pytest.fixture
def no_finding(monkeypatch):
    """Finding pairs outside the reindex job fails the test: they are read from the index."""
    from indexer import duplicates
    from search_app import cli_editorial
    from search_app.web import editor as editor_views

    def refuse(*args, **kwargs):
        raise AssertionError("duplicate topics were computed outside the reindex job")

    monkeypatch.setattr(editor_views, "find_duplicates", refuse, raising=False)
    monkeypatch.setattr(cli_editorial, "find_duplicates", refuse, raising=False)
    monkeypatch.setattr(duplicates, "find_duplicates", refuse)
    monkeypatch.setattr(duplicates, "docs_from_index", refuse)


# -- the passages a pair shares -----------------------------------------------------------

def test_shared_passages_are_marked_in_both_texts():
    a = "Fever and chills come in cycles every two days. Sleep under a net."
    b = "Often, fever and chills come in cycles every two days in this illness."
    spans_a, spans_b = shared_spans(a, b)
    assert [a[s:e] for s, e in spans_a] == ["Fever and chills come in cycles every two days"]
    assert [b[s:e] for s, e in spans_b] == ["fever and chills come in cycles every two days"]


# -- accounts, decisions, analytics -------------------------------------------------------

def test_passwords_are_stored_hashed_with_argon2(tmp_path):
    db = tmp_path / "e.sqlite3"
    accounts.add(db, "amina", PASSWORD)
    stored = sqlite3.connect(db).execute("SELECT password_hash FROM editors").fetchone()[0]
    assert PASSWORD not in stored and stored.startswith("$argon2id$")
    assert accounts.verify(db, "amina", PASSWORD)
    assert not accounts.verify(db, "amina", "wrong password here")
    assert not accounts.verify(db, "nobody", PASSWORD)


@pytest.mark.parametrize("name, password", [("amina", "short"), ("Bad Name!", PASSWORD)])
def test_weak_passwords_and_odd_names_are_refused(tmp_path, name, password):
    with pytest.raises(accounts.AccountError):
        accounts.add(tmp_path / "e.sqlite3", name, password)


def test_a_dismissed_pair_stays_dismissed_in_the_cli(tmp_path, runner, tiny_index):
    db = tmp_path / "e.sqlite3"
    decisions.record(db, "paracetamol", "acetaminophen", "not-duplicate", "amina")
    args = ["duplicates", "--index", str(tiny_index), "--db", str(db), "--format", "json"]
    shown = json.loads(runner.invoke(cli, args).stdout)
    keys = {(p["a"]["id"], p["b"]["id"]) for p in shown}
    assert ("acetaminophen", "paracetamol") not in keys
    everything = json.loads(runner.invoke(cli, [*args, "--all"]).stdout)
    assert any(p["decision"] == "not-duplicate" for p in everything)
    decisions.record(db, "hypertension", "high-blood-pressure", "merge-planned", "amina")
    marked = json.loads(runner.invoke(cli, args).stdout)
    assert any(p["decision"] == "merge-planned" for p in marked)


def test_duplicates_cli_filters_the_stored_pairs_by_score(runner, tiny_index, tmp_path,
                                                          no_finding):
    args = ["duplicates", "--index", str(tiny_index), "--db", str(tmp_path / "e.sqlite3"),
            "--format", "json"]
    everything = json.loads(runner.invoke(cli, [*args, "--min-score", "0"]).stdout)
    strong = json.loads(runner.invoke(cli, [*args, "--min-score", "0.8"]).stdout)
    assert strong and len(strong) < len(everything)
    assert all(p["score"] >= 0.8 for p in strong)


def test_duplicates_cli_formats(runner, tiny_index, tmp_path):
    db = str(tmp_path / "e.sqlite3")
    table = runner.invoke(cli, ["duplicates", "--index", str(tiny_index), "--db", db])
    assert table.exit_code == 0 and "leptomeningeal carcinomatosis" in table.stdout
    rows = list(csv.DictReader(io.StringIO(runner.invoke(
        cli, ["duplicates", "--index", str(tiny_index), "--db", db, "--format", "csv",
              "--library", "cancer"]).stdout)))
    assert rows and all("cancer" in (r["a_library"], r["b_library"]) for r in rows)


def test_editor_add_prompts_and_never_echoes(runner, tmp_path):
    db = str(tmp_path / "e.sqlite3")
    result = runner.invoke(cli, ["editor", "add", "amina", "--db", db],
                           input=f"{PASSWORD}\n{PASSWORD}\n")
    assert result.exit_code == 0 and PASSWORD not in result.output
    assert runner.invoke(cli, ["editor", "list", "--db", db]).stdout.split() == ["amina"]
    again = runner.invoke(cli, ["editor", "add", "amina", "--db", db],
                          input=f"{PASSWORD}\n{PASSWORD}\n")
    assert again.exit_code != 0 and "already" in again.output


def counted(db, *searches, clicks=()) -> None:
    """Count searches (query, library, total[, day]) and clicks (query, library) the way the
    web app does: in a tally, written in one flush."""
    tally = analytics.Tally(db, flush_seconds=3600)
    for query, library, total, *day in searches:
        tally.count(analytics.search_row(query, library, *day), searches=1,
                    zero_results=int(total == 0))
    for query, library in clicks:
        tally.count(analytics.search_row(query, library), clicks=1)
    tally.flush()


def test_analytics_aggregate_without_personal_data(tmp_path):
    db = tmp_path / "e.sqlite3"
    today = date.today()
    counted(db, *((query, None, 12) for query in ("Dengue  fever", "dengue FEVER", "dengue fever")),
            ("dengue fever", "drug", 2), ("qwerty zzz", None, 0),
            ("call 01712345678 please", None, 0),
            ("old search", None, 3, today - timedelta(days=400)),
            clicks=[("dengue fever", None)])

    columns = [row[1] for row in sqlite3.connect(db).execute("PRAGMA table_info(searches)")]
    assert columns == ["day", "query", "library", "searches", "zero_results", "clicks"]
    found = analytics.report(db, days=30)
    top = {(r.query, r.library): r for r in found.top}
    assert top[("dengue fever", "")].searches == 3 and top[("dengue fever", "")].clicks == 1
    assert top[("dengue fever", "drug")].searches == 1
    assert {r.query for r in found.zero_results} == {"qwerty zzz", "call # please"}
    assert ("dengue fever", "drug") in {(r.query, r.library) for r in found.unclicked}
    assert found.total_searches == 6
    assert analytics.purge(db, 180) == 1


def test_analytics_csv_is_valid_and_safe(tmp_path):
    db = tmp_path / "e.sqlite3"
    counted(db, ("=HYPERLINK(1)", None, 0), ('fever, "high"', None, 4))
    rows = list(csv.reader(io.StringIO(analytics.to_csv(analytics.report(db)))))
    assert rows[0] == list(analytics.CSV_FIELDS)
    assert ["top", 'fever, "high"', "", "1", "0", "0"] in rows
    assert all(not r[1].startswith("=") for r in rows[1:])


def test_analytics_cli(runner, tmp_path):
    db = tmp_path / "e.sqlite3"
    counted(db, ("malaria", None, 5))
    out = runner.invoke(cli, ["analytics", "--db", str(db), "--format", "json"])
    assert json.loads(out.stdout)["top"][0]["query"] == "malaria"


# -- the /editor pages -------------------------------------------------------------------

def csrf_token(page) -> str:
    return BeautifulSoup(page.get_data(as_text=True), "html.parser").select_one(
        "input[name=csrf_token]")["value"]


@pytest.fixture
def editor_client(app):
    app.config["WTF_CSRF_ENABLED"] = True
    accounts.add(app.config["EDITOR_DB"], "amina", PASSWORD)
    return app.test_client()


def log_in(client, password=PASSWORD):
    token = csrf_token(client.get("/editor/login"))
    return client.post("/editor/login", data={"name": "amina", "password": password,
                                              "csrf_token": token, "next": ""})


@pytest.mark.parametrize("url", ["/editor/", "/editor/duplicates", "/editor/analytics",
                                 "/editor/duplicates/pair?a=pap-smear&b=cervical-cancer-screening",
                                 "/editor/analytics?format=csv"])
def test_editor_pages_redirect_strangers_to_login(editor_client, url):
    response = editor_client.get(url)
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/editor/login")


def test_login_with_wrong_password_fails(editor_client):
    response = log_in(editor_client, "not the password!!")
    assert response.status_code == 401
    assert editor_client.get("/editor/duplicates").status_code == 302


def test_forged_posts_are_refused(editor_client):
    assert editor_client.post("/editor/login", data={"name": "amina", "password": PASSWORD}
                              ).status_code == 400
    log_in(editor_client)
    forged = editor_client.post("/editor/duplicates/decision",
                                data={"a": "paracetamol", "b": "acetaminophen",
                                      "decision": "not-duplicate"})
    assert forged.status_code == 400
    assert decisions.all_decisions(editor_client.application.config["EDITOR_DB"]) == {}


def test_session_cookie_is_secure_and_http_only(editor_client):
    response = log_in(editor_client)
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "Secure" in cookie and "SameSite=Lax" in cookie


def test_duplicates_report_dismiss_and_analytics_pages(editor_client):
    assert log_in(editor_client).status_code == 302
    report = editor_client.get("/editor/duplicates")
    page = BeautifulSoup(report.get_data(as_text=True), "html.parser")
    assert "Leptomeningeal Cancer" in page.get_text()
    compare = editor_client.get("/editor/duplicates/pair?a=paracetamol&b=acetaminophen")
    side = BeautifulSoup(compare.get_data(as_text=True), "html.parser")
    assert side.select(".side-by-side mark")
    response = editor_client.post("/editor/duplicates/decision", data={
        "a": "paracetamol", "b": "acetaminophen", "decision": "not-duplicate",
        "csrf_token": csrf_token(compare), "next": "/editor/duplicates"})
    assert response.status_code == 302
    after = editor_client.get("/editor/duplicates").get_data(as_text=True)
    assert "Acetaminophen" not in after
    assert "Acetaminophen" in editor_client.get("/editor/duplicates?dismissed=1"
                                                ).get_data(as_text=True)

    editor_client.get("/search?q=dengue")
    editor_client.get("/search?q=zzzzqqq")
    stats = editor_client.get("/editor/analytics?days=7").get_data(as_text=True)
    assert "dengue" in stats and "zzzzqqq" in stats
    exported = editor_client.get("/editor/analytics?format=csv")
    assert exported.mimetype == "text/csv"
    header = next(csv.reader(io.StringIO(exported.get_data(as_text=True))))
    assert header[0] == "list"


def pairs_listed(page) -> set[tuple[str, str]]:
    """(a, b) of every pair the duplicates page links to."""
    found = set()
    for link in BeautifulSoup(page.get_data(as_text=True), "html.parser").select(
            "table.pairs a[href*='/duplicates/pair']"):
        query = parse_qs(urlsplit(link["href"]).query)
        found.add((query["a"][0], query["b"][0]))
    return found


def test_duplicates_page_lists_the_stored_pairs_without_finding_any(editor_client, planted,
                                                                    no_finding):
    log_in(editor_client)
    listed = pairs_listed(editor_client.get("/editor/duplicates?min_score=0"))
    assert {tuple(sorted((a, b))) for a, b, _ in planted} <= listed
    compare = editor_client.get("/editor/duplicates/pair?a=paracetamol&b=acetaminophen")
    side = BeautifulSoup(compare.get_data(as_text=True), "html.parser")
    assert [h.get_text(" ", strip=True).split(" ")[0] for h in side.select(".side-by-side h2")
            ] == ["Acetaminophen", "Paracetamol"]
    assert side.select(".side-by-side mark")


def client_for(index_dir, tmp_path):
    """A logged-in editor's client of a web app serving ``index_dir``."""
    from search_app.web import create_app

    app = create_app({"TESTING": True, "INDEX_DIR": str(index_dir),
                      "EDITOR_DB": str(tmp_path / "e.sqlite3"), "RATELIMIT_ENABLED": False,
                      "ANALYTICS_FLUSH_SECONDS": 0})
    app.config["WTF_CSRF_ENABLED"] = True
    accounts.add(app.config["EDITOR_DB"], "amina", PASSWORD)
    client = app.test_client()
    assert log_in(client).status_code == 302
    return client


def test_an_index_built_before_pairs_were_stored_says_how_to_get_them(tiny_index, tmp_path,
                                                                      runner, no_finding):
    old = tmp_path / "old-index"
    shutil.copytree(tiny_index, old)
    (versions.live_dir(old) / versions.DUPLICATES).unlink()
    client = client_for(old, tmp_path)
    for url in ("/editor/duplicates", "/editor/duplicates/pair?a=paracetamol&b=acetaminophen"):
        response = client.get(url)
        text = " ".join(BeautifulSoup(response.get_data(as_text=True), "html.parser")
                        .get_text(" ").split())
        assert response.status_code == 200
        assert "run rxsearch reindex to compute duplicate topics" in text
    result = runner.invoke(cli, ["duplicates", "--index", str(old),
                                 "--db", str(tmp_path / "e.sqlite3")])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "run `rxsearch reindex` to compute duplicate topics" in result.output


def test_after_a_rollback_the_page_lists_that_versions_pairs(tmp_path, sample_report):
    root = tmp_path / "index"
    build.full([a for a in sample_report.articles if a.id != "acetaminophen"], root)
    build.full(sample_report.articles, root)
    client = client_for(root, tmp_path)
    assert ("acetaminophen", "paracetamol") in pairs_listed(client.get("/editor/duplicates"))
    versions.rollback(root)
    listed = pairs_listed(client.get("/editor/duplicates"))
    assert listed and ("acetaminophen", "paracetamol") not in listed


def test_result_clicks_are_counted(editor_client):
    editor_client.get("/search?q=malaria")
    page = BeautifulSoup(editor_client.get("/search?q=malaria").get_data(as_text=True),
                         "html.parser")
    editor_client.get(page.select_one(".hit h2 a")["href"])
    found = analytics.report(editor_client.application.config["EDITOR_DB"])
    assert {(r.query, r.searches, r.clicks) for r in found.top} == {("malaria", 2, 1)}


def test_logout_ends_the_session(editor_client):
    log_in(editor_client)
    page = editor_client.get("/editor/duplicates")
    editor_client.post("/editor/logout", data={"csrf_token": csrf_token(page)})
    assert editor_client.get("/editor/duplicates").status_code == 302


def test_login_is_rate_limited(tiny_index, tmp_path):
    from search_app.web import create_app
    from search_app.web.extensions import limiter

    app = create_app({"TESTING": True, "INDEX_DIR": str(tiny_index),
                      "EDITOR_DB": str(tmp_path / "e.sqlite3"), "RATELIMIT_ENABLED": True})
    limiter.reset()
    client = app.test_client()
    token = csrf_token(client.get("/editor/login"))
    statuses = [client.post("/editor/login", data={"name": "amina", "password": f"guess {i}",
                                                   "csrf_token": token}).status_code
                for i in range(7)]
    limiter.reset()
    assert statuses[:5] == [401] * 5 and statuses[5:] == [429, 429]


def test_no_open_redirect_after_login(editor_client):
    token = csrf_token(editor_client.get("/editor/login"))
    response = editor_client.post("/editor/login", data={
        "name": "amina", "password": PASSWORD, "csrf_token": token,
        "next": "https://evil.example/"})
    assert response.headers["Location"] == "/editor/duplicates"


def test_a_broken_editors_database_is_a_clear_error(runner, tmp_path):
    broken = tmp_path / "broken.sqlite3"
    broken.write_text("not a database")
    result = runner.invoke(cli, ["analytics", "--db", str(broken)])
    assert result.exit_code == 1
    assert "cannot use the editors' database" in result.output
    assert "Traceback" not in result.output


def test_the_web_tally_writes_counts_in_batches(tmp_path):
    db = tmp_path / "e.sqlite3"
    tally = analytics.Tally(db, flush_seconds=3600)
    row = analytics.search_row("Malaria", None)
    tally.count(row, searches=1)
    tally.count(row, searches=1, zero_results=0)
    tally.count(row, clicks=1)
    assert analytics.report(db).total_searches == 0       # nothing written yet
    tally.flush()
    top = analytics.report(db).top
    assert [(r.query, r.searches, r.clicks) for r in top] == [("malaria", 2, 1)]
    tally.flush()                                          # nothing pending: no change
    assert analytics.report(db).total_searches == 2
