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
from tests.search_app.web.editors import PASSWORD, csrf_token, log_in


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
    found = analytics.report(db, days=30, min_count=1)
    top = {(r.query, r.library): r for r in found.top}
    assert top[("dengue fever", "")].searches == 3 and top[("dengue fever", "")].clicks == 1
    assert top[("dengue fever", "drug")].searches == 1
    assert {r.query for r in found.zero_results} == {"qwerty zzz", "call [number] please"}
    assert ("dengue fever", "drug") in {(r.query, r.library) for r in found.unclicked}
    assert found.total_searches == 6
    assert analytics.purge(db, 180) == 1


def test_analytics_csv_is_valid_and_safe(tmp_path):
    db = tmp_path / "e.sqlite3"
    counted(db, ("=HYPERLINK(1)", None, 0), ('fever, "high"', None, 4))
    rows = list(csv.reader(io.StringIO(analytics.to_csv(analytics.report(db, min_count=1)))))
    assert rows[0] == list(analytics.CSV_FIELDS)
    assert ["top", 'fever, "high"', "", "1", "0", "0"] in rows
    assert all(not r[1].startswith("=") for r in rows[1:])


def test_analytics_cli(runner, tmp_path):
    db = tmp_path / "e.sqlite3"
    counted(db, ("malaria", None, 5))
    out = runner.invoke(cli, ["analytics", "--db", str(db), "--format", "json",
                              "--min-count", "1"])
    assert json.loads(out.stdout)["top"][0]["query"] == "malaria"


# -- personal data masked, rare queries hidden, rows capped --------------------------------

@pytest.mark.parametrize("typed, counted_as", [
    # e-mail addresses, also with spaces, spelled out, or a Unicode local part
    ("rahim.uddin@example.com chest pain", "[email] chest pain"),
    ("Rahim.Uddin@Example.COM", "[email]"),
    ("rahim @ example . com fever", "[email] fever"),
    ("rahim.uddin at example dot com", "[email]"),
    ("rahim (at) gmail.com", "[email]"),
    ("রহিম@উদাহরণ.বাংলা জ্বর", "[email] জ্বর"),
    ("ask @dr_karim", "ask [email]"),
    # phone numbers however spaced or punctuated, in Latin, full-width or Bangla digits
    ("+880 1712-345678", "[number]"),
    ("01712 345 678 doctor", "[number] doctor"),
    ("(+880) 1712 345678", "[number]"),
    ("017-1234-5678", "[number]"),
    ("০১৭১২৩৪৫৬৭৮ ডাক্তার", "[number] ডাক্তার"),
    ("০১৭১২ ৩৪৫ ৬৭৮", "[number]"),
    ("０１７１２３４５６７８", "[number]"),
    # ID numbers: NID in groups, passport-like letters and digits, dates of birth
    ("nid 1990 2612 3456 789", "nid [number]"),
    ("nid1990 2612 3456", "[number]"),
    ("NID: 19902612345678901", "nid: [number]"),
    ("passport eb0123456", "passport [number]"),
    ("dob 12.05.1990", "dob [number]"),
    ("born 12/05/1990", "born [number]"),
    # street addresses, English, romanised and Bangla
    ("house 12 road 5 dhanmondi", "[address] dhanmondi"),
    ("House No. 12/A, Road No. 7, Dhanmondi", "[address], dhanmondi"),
    ("h#12 r#5 gulshan", "[address] gulshan"),
    ("h 12 r 5 banani", "[address] banani"),
    ("flat 3b", "[address]"),
    ("sector 4 uttara", "[address] uttara"),
    ("mirpur block c", "mirpur [address]"),
    ("3rd floor", "[address]"),
    ("basha 14 mohammadpur", "[address] mohammadpur"),
    ("বাড়ি ১২ রোড ৫ ধানমন্ডি", "[address] ধানমন্ডি"),
    ("\u09ac\u09be\u09dc\u09bf ১২", "[address]"),         # ড় typed as one code point
    ("বাসা নং ১২, সেক্টর ৪", "[address]"),
    ("ফ্ল্যাট ৩বি ৩য় তলা", "[address]"),
    ("ব্লক গ মিরপুর", "[address] মিরপুর"),
    # all at once
    ("rahim@x.com 01712345678 house 12 road 5 chest pain",
     "[email] [number] [address] chest pain"),
])
def test_personal_data_is_masked_before_a_query_is_counted(typed, counted_as):
    assert analytics.search_row(typed, None)[1] == counted_as


@pytest.mark.parametrize("query", [
    "type 2 diabetes", "covid 19", "covid-19 vaccine", "covid 19 (2020)", "vitamin b12",
    "vitamin b12 1000 mcg", "hba1c 7.5", "100 mg", "1,000 mg paracetamol", "bp 140/90",
    "fever 102.5", "h1n1 2009", "h2 blocker", "insulin 10 units", "sugar level 7",
    "flat feet", "heart block", "pelvic floor exercises", "road accident", "pain at night",
    "headache @ night", "ear pain at home.", "ডায়াবেটিস টাইপ ২", "কোভিড ১৯", "১০০ মিগ্রা",
])
def test_short_medical_numbers_and_words_are_kept(query):
    assert analytics.search_row(query, None)[1] == query


def test_long_queries_are_cut_at_a_word_after_masking():
    query = "my mother has chest pain " * 10 + "rahim.uddin@example.com"
    kept = analytics.normalise_query(query)
    assert len(kept) <= analytics.MAX_QUERY
    assert query.startswith(kept) and query[len(kept)] == " "
    # Masked before the cut: the e-mail address at the limit leaves no piece behind.
    edge = "x" * 90 + " rahim.uddin@example.com"
    assert analytics.normalise_query(edge) == "x" * 90 + " [email]"


def test_reports_show_a_query_once_k_days_or_k_searches_carry_it(tmp_path):
    db = tmp_path / "e.sqlite3"
    today = date.today()
    days = [today - timedelta(days=n) for n in range(3)]
    counted(db, ("three searches", None, 4), ("three searches", None, 4),
            ("three searches", None, 4),
            *(("three days", None, 0, day) for day in days),
            ("two days", None, 0, days[0]), ("two days", None, 0, days[1]),
            ("once", None, 2), ("three searches", "drug", 1),
            clicks=[("once", None)])
    found = analytics.report(db, days=30)
    assert found.min_count == 3
    shown = {(r.query, r.library) for r in found.top + found.zero_results + found.unclicked}
    assert shown == {("three searches", ""), ("three days", "")}
    assert found.hidden_queries == 3
    assert (found.hidden.searches, found.hidden.zero_results, found.hidden.clicks) == (4, 2, 1)
    assert found.total_searches == sum(r.searches for r in found.top) + found.hidden.searches
    everything = analytics.report(db, days=30, min_count=1)
    assert everything.hidden_queries == 0 and len(everything.top) == 5
    # The same rows over one day: no query reaches three days there.
    assert {r.query for r in analytics.report(db, days=1).top} == {"three searches"}


def test_the_cli_hides_rare_queries_unless_told_otherwise(runner, tmp_path):
    db = str(tmp_path / "e.sqlite3")
    counted(db, *(("malaria", None, 5),) * 3, ("rahim karim 42", None, 0))
    table = runner.invoke(cli, ["analytics", "--db", db]).stdout
    assert "malaria" in table and "rahim" not in table
    assert "1 rarer queries (1 searches) hidden" in table
    as_json = json.loads(runner.invoke(cli, ["analytics", "--db", db, "--format", "json"]).stdout)
    assert [r["query"] for r in as_json["top"]] == ["malaria"]
    assert as_json["hidden_queries"] == 1 and as_json["min_count"] == 3
    rows = list(csv.reader(io.StringIO(
        runner.invoke(cli, ["analytics", "--db", db, "--format", "csv"]).stdout)))
    assert ["hidden", "1 rarer queries", "", "1", "1", "0"] in rows
    assert not any("rahim" in cell for row in rows for cell in row)
    shown = runner.invoke(cli, ["analytics", "--db", db, "--min-count", "1"]).stdout
    assert "rahim karim 42" in shown


def test_a_day_holds_at_most_the_capped_number_of_new_queries(tmp_path):
    db = tmp_path / "e.sqlite3"
    day, next_day = "2026-11-20", "2026-11-21"
    analytics.add(db, {(day, f"fuzz {n}", ""): (1, 1, 0) for n in range(5)},
                  max_queries_per_day=3)
    analytics.add(db, {(day, "fuzz 0", ""): (2, 0, 1), (day, "new", "drug"): (1, 0, 0),
                       (day, "newer", ""): (1, 0, 0), (next_day, "new", ""): (1, 0, 0)},
                  max_queries_per_day=3)
    rows = {(r[0], r[1], r[2]): r[3:] for r in sqlite3.connect(db).execute(
        "SELECT day, query, library, searches, zero_results, clicks FROM searches")}
    assert rows == {
        (day, "fuzz 0", ""): (3, 1, 1), (day, "fuzz 1", ""): (1, 1, 0),
        (day, "fuzz 2", ""): (1, 1, 0),
        (day, "[other]", ""): (3, 2, 0),          # fuzz 3, fuzz 4, newer
        (day, "[other]", "drug"): (1, 0, 0),      # new, in the drug library
        (next_day, "new", ""): (1, 0, 0),         # another day has room
    }


def test_the_web_tally_caps_new_queries_a_day(tmp_path):
    db = tmp_path / "e.sqlite3"
    tally = analytics.Tally(db, flush_seconds=0, max_queries_per_day=2)
    for n in range(50):
        tally.count(analytics.search_row(f"fuzz {n}", None), searches=1)
    rows = sqlite3.connect(db).execute("SELECT query, searches FROM searches").fetchall()
    assert sorted(rows) == [("[other]", 48), ("fuzz 0", 1), ("fuzz 1", 1)]


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

    editor_client.application.config["ANALYTICS_MIN_COUNT"] = 1
    editor_client.get("/search?q=dengue")
    editor_client.get("/search?q=zzzzqqq")
    stats = editor_client.get("/editor/analytics?days=7").get_data(as_text=True)
    assert "dengue" in stats and "zzzzqqq" in stats
    exported = editor_client.get("/editor/analytics?format=csv")
    assert exported.mimetype == "text/csv"
    header = next(csv.reader(io.StringIO(exported.get_data(as_text=True))))
    assert header[0] == "list"


def test_the_analytics_page_and_export_hide_rare_queries(editor_client):
    log_in(editor_client)
    for _ in range(3):
        editor_client.get("/search?q=dengue")
    editor_client.get("/search?q=rahim+karim+fever")
    page = BeautifulSoup(editor_client.get("/editor/analytics").get_data(as_text=True),
                         "html.parser")
    assert "dengue" in page.select_one(".stats").get_text()
    assert "rahim" not in page.get_text()
    assert "1 rarer query (1 searches) hidden" in " ".join(
        page.select_one(".hidden-queries").get_text().split())
    exported = editor_client.get("/editor/analytics?format=csv").get_data(as_text=True)
    assert "dengue" in exported and "rahim" not in exported
    assert "hidden,1 rarer queries,,1," in exported
    editor_client.application.config["ANALYTICS_MIN_COUNT"] = 1
    assert "rahim karim fever" in editor_client.get("/editor/analytics").get_data(as_text=True)


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
                      "EDITOR_DB": str(tmp_path / "e.sqlite3"),
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
    found = analytics.report(editor_client.application.config["EDITOR_DB"], min_count=1)
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
    top = analytics.report(db, min_count=1).top
    assert [(r.query, r.searches, r.clicks) for r in top] == [("malaria", 2, 1)]
    tally.flush()                                          # nothing pending: no change
    assert analytics.report(db).total_searches == 2
