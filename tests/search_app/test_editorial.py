"""Editors' tools: duplicate topics, decisions, accounts, analytics, and the /editor pages."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
import tomllib
from datetime import date, timedelta

import pytest
from bs4 import BeautifulSoup

from corpus import SAMPLE_DIR
from search_app.cli import cli
from search_app.editorial import accounts, analytics, decisions
from search_app.editorial.duplicates import docs_from_index, find_duplicates, shared_spans
from tests.search_app.web.editors import PASSWORD, csrf_token, log_in


@pytest.fixture(scope="module")
def planted():
    data = tomllib.loads((SAMPLE_DIR / "duplicates.toml").read_text(encoding="utf-8"))
    return [(p["a"], p["b"], p["evidence"]) for p in data["pair"]]


@pytest.fixture(scope="module")
def pairs(view):
    return find_duplicates(docs_from_index(view.searcher()))


# -- finding duplicates ------------------------------------------------------------------

def test_every_planted_pair_is_found_near_the_top(pairs, planted):
    top = [p.key for p in pairs[:len(planted) + 3]]
    for a, b, _ in planted:
        assert tuple(sorted((a, b))) in top, f"{a} / {b} not in the top {len(top)}"


def test_planted_pairs_carry_the_expected_evidence(pairs, planted):
    by_key = {p.key: p for p in pairs}
    kinds = {"also-known-as": {"title-is-other-name", "shared-other-name"},
             "title": {"near-title", "same-title", "title-is-other-name"},
             "body": {"text"}}
    for a, b, expected in planted:
        found = {e.kind for e in by_key[tuple(sorted((a, b)))].evidence}
        # Every pair shows at least one kind of evidence its note names.
        assert any(found & kinds[kind] for kind in expected), (a, b, found)
    lepto = by_key[("cerebrospinal-fluid-cancer", "leptomeningeal-cancer")]
    assert "leptomeningeal carcinomatosis" in lepto.explanation()
    cranial = by_key[("cranial-nerve-neurosarcoidosis", "cranial-neurosarcoidosis")]
    assert {e.kind for e in cranial.evidence} >= {"near-title", "text"}
    pap = by_key[("cervical-cancer-screening", "pap-smear")]
    assert pap.cross_library


def test_titles_that_differ_only_by_a_number_are_not_near_duplicates():
    from search_app.editorial.duplicates import Doc

    docs = [Doc("a", "Axenfeld-Rieger syndrome type 1", "disease", (), "text one"),
            Doc("b", "Axenfeld-Rieger syndrome type 2", "disease", (), "text two")]
    assert find_duplicates(docs) == []


def test_boilerplate_sentences_do_not_make_pages_alike():
    from search_app.editorial.duplicates import Doc

    boiler = ("This page is for education only. Ask your doctor or health worker about your "
              "own situation. Call the national health line for urgent advice. ")
    topics = ["malaria mosquito parasite fever chills bednet",
              "diabetes insulin glucose thirst urine kidneys",
              "asthma inhaler wheeze airways steroid attack",
              "typhoid salmonella water food antibiotics vaccine",
              "anaemia iron haemoglobin tired pale diet",
              "dengue platelets rash aedes paracetamol fluids"]
    docs = [Doc(str(i), f"Topic {i}", "disease", (), boiler + " ".join([t] * 3))
            for i, t in enumerate(topics)]
    assert [p for p in find_duplicates(docs) if any(e.kind == "text" for e in p.evidence)] == []


def test_shared_passages_are_marked_in_both_texts():
    a = "Fever and chills come in cycles every two days. Sleep under a net."
    b = "Often, fever and chills come in cycles every two days in this illness."
    spans_a, spans_b = shared_spans(a, b)
    assert [a[s:e] for s, e in spans_a] == ["Fever and chills come in cycles every two days"]
    assert [b[s:e] for s, e in spans_b] == ["fever and chills come in cycles every two days"]


def test_duplicates_on_the_whole_shared_corpus_scale(shared_corpus, tmp_path):
    """The real corpus (5,565 articles) in well under the 2 minutes the editors allow."""
    import time

    from corpus import read_sources
    from indexer import build
    from search_app.index_view import ViewManager

    paths = [shared_corpus(name) for name in ("medquad.jsonl", "bangla-m2pqa.jsonl",
                                              "bangla-tico19.jsonl")]
    build.full(read_sources(paths), tmp_path / "index", procs=2)
    docs = docs_from_index(ViewManager(tmp_path / "index").view().searcher())
    started = time.monotonic()
    found = find_duplicates(docs, min_score=0.5)
    assert time.monotonic() - started < 120
    assert len(docs) > 5_000 and found
    assert found == sorted(found, key=lambda p: (-p.score, p.a.id, p.b.id))


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

@pytest.fixture
def editor_client(app):
    app.config["WTF_CSRF_ENABLED"] = True
    accounts.add(app.config["EDITOR_DB"], "amina", PASSWORD)
    return app.test_client()


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


def test_no_open_redirect_after_login(editor_client):
    token = csrf_token(editor_client.get("/editor/login"))
    response = editor_client.post("/editor/login", data={
        "name": "amina", "password": PASSWORD, "csrf_token": token,
        "next": "https://evil.example/"})
    assert response.headers["Location"] == "/editor/duplicates"


def test_a_broken_editors_database_is_a_clear_error(runner, tmp_path):
    broken = tmp_path / "broken.sqlite3"
    broken.write_text("not a database")
    broken.chmod(0o600)  # private, so that the broken content is what gets reported
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
